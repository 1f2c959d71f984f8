/*
 * console.c - the hosted console: the process's standard output, and its
 * standard input as the console's input.
 *
 * kprintf (the runtime's reports) writes here with write(2) directly,
 * never through stdio, so a report needs no locks and no memory and
 * reaches the terminal even when stdio is broken. The appliance's own
 * output goes through the host libc's stdio to the same descriptor;
 * plat/hosted/main.c makes stdout line-buffered, as a serial console is, so
 * the two interleave line by line as they do on bare metal.
 */
#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "hosted.h"
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

/*
 * The console's input is standard input, byte by byte as a UART gives
 * it, unchanged (a terminal in its usual mode has turned Enter into
 * "\n" already). Its line is StdinLine (intr.c). The system calls
 * themselves, not glibc's read, which libc/glibc gives to goroutines
 * (there, read(0, ...) is the console's reader) and which needs more
 * stack than a goroutine is sure to have free.
 */
int console_irq(void)
{
	return StdinLine;
}

int console_getc(void)
{
	unsigned char c;
	if (!hosted_stdin_readable())
		return -1;
	int saved = errno;
	long n = syscall(SYS_read, 0, &c, 1);
	int err = errno;
	errno = saved;
	if (n == 1)
		return c;
	if (n < 0 && (err == EAGAIN || err == EINTR))
		return -1;
	return CONSOLE_EOF;     /* end of file, or no standard input to read */
}
