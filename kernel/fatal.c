/*
 * fatal.c - the ways the machine stops: kexit and fatal.
 *
 * Every stop goes through machine_poweroff with a status the QEMU harness
 * reads back: main's value, or 2 for a fatal error or unhandled trap
 * (whose goroutine-aware report is the runtime's: runtime/fault.c).
 * A second failure while reporting the first (a fault inside the
 * report, on the reporting CPU) does not recurse: it prints one line
 * and powers off. A failure on another CPU meanwhile waits for the
 * first report, which ends the machine (Go's paniclk).
 */
#include "machine.h"

static int dying;               /* 1 + the CPU whose report has started, or 0 */

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
	int me = cpu_id() + 1, first = 0;
	bool won = __atomic_compare_exchange_n(&dying, &first, me, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	/*
	 * After the exchange: a tick before it may have asked for a
	 * preemption (the StackPreempt guard), one after it sees
	 * fatal_reporting() and leaves the guard alone.
	 */
	setstackguard(0);
	if (won)
		return;
	if (first == me) {
		console_puts("\nfatal error: fault while reporting a fatal error\n");
		machine_poweroff(EXIT_FATAL);
	}
	/*
	 * Another CPU's report is under way (two goroutines panicked at
	 * once): as Go's second panicking thread waits on paniclk, this CPU
	 * waits for good, and that report ends the machine. Only a fault on
	 * the reporting CPU itself is a failure of the report.
	 */
	for (;;)
		machine_halt();
}

bool fatal_reporting(void)
{
	return __atomic_load_n(&dying, __ATOMIC_SEQ_CST) == cpu_id() + 1;
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
