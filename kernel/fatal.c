/*
 * fatal.c - the ways the kernel stops: kexit, fatal, fault_report.
 *
 * Every stop goes through arch_poweroff with a status the QEMU harness
 * reads back: main's value, or 2 for a fatal error or unhandled trap.
 * A second failure while reporting the first (a fault inside the
 * report) does not recurse: it prints one line and powers off.
 */
#include "arch.h"
#include "kernel.h"
#include "mem.h"

static volatile int dying;      /* set once a report has started */

_Noreturn void kexit(int status)
{
	arch_poweroff(status);
}

/* begin_report returns once; a nested call means the report itself failed. */
static void begin_report(void)
{
	if (dying++) {
		console_puts("\nfatal error: fault while reporting a fatal error\n");
		arch_poweroff(EXIT_FATAL);
	}
}

_Noreturn void fatal(const char *fmt, ...)
{
	begin_report();
	va_list ap;
	va_start(ap, fmt);
	console_puts("fatal error: ");
	kvprintf(fmt, ap);
	console_puts("\n");
	va_end(ap);
	kexit(EXIT_FATAL);
}

_Noreturn void fault_report(const struct faultinfo *fi, const struct trapframe *tf)
{
	begin_report();
	kprintf("fatal error: unhandled trap: %s", fi->name);
	if (fi->vector >= 0)
		kprintf(" (vector %d)", fi->vector);
	kprintf("\npc=%p sp=%p\n", (void *)fi->pc, (void *)fi->sp);
	if (fi->has_addr) {
		kprintf("fault address=%p", (void *)fi->addr);
		if (fi->access || fi->detail) {
			kprintf(" (%s%s%s)", fi->access ? fi->access : "",
				fi->access && fi->detail ? ", " : "",
				fi->detail ? fi->detail : "");
		}
		kprintf("\n");
		mem_describe(fi->addr);
	} else if (fi->detail) {
		kprintf("%s\n", fi->detail);
	}
	if (tf)
		arch_dumpregs(tf);
	kexit(EXIT_FATAL);
}
