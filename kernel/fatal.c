/*
 * fatal.c - the ways the machine stops: kexit and fatal.
 *
 * Every stop goes through machine_poweroff with a status the QEMU harness
 * reads back: main's value, or 2 for a fatal error or unhandled trap
 * (whose goroutine-aware report is the runtime's: runtime/fault.c).
 * A second failure while reporting the first (a fault inside the
 * report) does not recurse: it prints one line and powers off.
 */
#include "machine.h"

static volatile int dying;      /* set once a report has started */

_Noreturn void kexit(int status)
{
	machine_poweroff(status);
}

/* begin_fatal returns once; a nested call means the report itself failed. */
void begin_fatal(void)
{
	/*
	 * No stack growth during a report: it may run on a trap stack (ARM
	 * abort/undef mode, x86 IST) the guard slot knows nothing of, and
	 * the split-stack functions it calls would enter __morestack. A
	 * guard of 0 makes every prologue check pass; guard pages remain.
	 */
	setstackguard(0);
	if (dying++) {
		console_puts("\nfatal error: fault while reporting a fatal error\n");
		machine_poweroff(EXIT_FATAL);
	}
}

__attribute__((no_split_stack)) _Noreturn void fatal(const char *fmt, ...)
{
	begin_fatal();
	va_list ap;
	va_start(ap, fmt);
	console_puts("fatal error: ");
	kvprintf(fmt, ap);
	console_puts("\n");
	va_end(ap);
	kexit(EXIT_FATAL);
}
