/*
 * console.c - standard input parks the goroutine, not the thread.
 *
 * On bare metal newlib's read(0, ...) is the console's reader
 * (goro_console_read, runtime/console.c), which parks the calling
 * goroutine until a byte is there. glibc's would block the whole thread,
 * and with it every goroutine of its CPU, so, as for sleeping (sleep.c):
 *   - read is defined here: a definition in the program comes before the
 *     shared libc's for every call the appliance makes; fd 0 on a
 *     goroutine is the console's reader, everything else the system call;
 *   - stdin becomes a stream of glibc's own (fopencookie) whose reads are
 *     the console's reader, so fgets(stdin), scanf and friends park only
 *     their goroutine (glibc's stdio never calls the program's read).
 * glibc's locks are per thread, that is per CPU: stdin's is taken by the
 * thread a reader started on, and a second goroutine reading stdin
 * through stdio at the same time may get past it (same thread) or block
 * its thread (another). One goroutine should read stdin at a time
 * (goro_console_read itself queues its readers).
 */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "goro.h"
#include "runtime.h"

ssize_t read(int fd, void *buf, size_t n)
{
	G *gp = getg();
	if (fd == 0 && gp && gp != gp->m->g0)
		return goro_console_read(buf, n);
	return syscall(SYS_read, fd, buf, n);
}

static ssize_t stdin_read(void *cookie, char *buf, size_t n)
{
	(void)cookie;
	return read(0, buf, n);
}

/* console_stdin runs before main (a constructor): stdin from then on is the console's reader. */
__attribute__((constructor)) static void console_stdin(void)
{
	FILE *f = fopencookie(NULL, "r", (cookie_io_functions_t){ .read = stdin_read });
	if (!f)
		return;         /* out of memory already: stdin stays glibc's */
	setvbuf(f, NULL, _IOLBF, 0);
	stdin = f;
}
