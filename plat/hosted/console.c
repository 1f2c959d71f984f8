/*
 * console.c - the hosted console: the process's standard output.
 *
 * kprintf (the runtime's reports) writes here with write(2) directly,
 * never through stdio, so a report needs no locks and no memory and
 * reaches the terminal even when stdio is broken. The appliance's own
 * output goes through the host libc's stdio to the same descriptor;
 * plat/hosted/main.c makes stdout line-buffered, as a serial console is, so
 * the two interleave line by line as they do on bare metal.
 */
#include <errno.h>
#include <unistd.h>
#include "machine.h"

void console_write(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t k = write(1, s, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return;         /* nowhere to report it */
		s += k;
		n -= (size_t)k;
	}
}

void console_puts(const char *s)
{
	console_write(s, __builtin_strlen(s));
}
