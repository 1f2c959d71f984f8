/*
 * nosplit-vararg - an appliance that must not build (tests/check).
 *
 * A variadic function the author marked no_split_stack keeps no
 * split-stack check, so its frame must fit in the room below the stack
 * guard. This one has a 2 KiB buffer, more than a fresh goroutine's
 * whole stack: the build must stop and name it, not let it overrun.
 */
#include <stdarg.h>
#include <stdio.h>

__attribute__((no_split_stack)) void logmsg(const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	fputs(buf, stdout);
}

int main(void)
{
	logmsg("%s %d\n", "never built", 1);
	return 0;
}
