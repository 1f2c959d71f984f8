/*
 * initfini.c - newlib's start before main (libc_init), its heap figures
 * (libc_heapstats), and the _init and _fini its __libc_init_array and
 * __libc_fini_array call around the .init_array/.fini_array walk.
 *
 * goro has no .init/.fini sections (no crti/crtn): constructors and
 * destructors are reached only through .init_array/.fini_array (see
 * linker/<arch>.ld), so both are empty.
 *
 * Under an emulator every function a boot or an exit runs for the first
 * time is translated, a few microseconds a block: the exit here runs
 * only what it has to (the reports asked for, the flushes with bytes
 * pending).
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/lock.h>
#include <sys/stdio.h>
#include "goreent.h"
#include "machine.h"
#include "runtime.h"
#include "trace.h"

void __libc_init_array(void);
void _init(void);
void _fini(void);

/*
 * std_close is exit's clean-up (_GLOBAL_REENT's __cleanup, which exit
 * calls after every atexit handler) until newlib puts its own there: it
 * does what that clean-up would do to each standard stream on the
 * console - flush it and mark it closed, _flags 0, under its lock, as
 * fclose does - short of closing the console's descriptor, which does
 * nothing (syscalls.c) but cost the boot's time. Under an emulator,
 * translating fclose and close is a fifth of a millisecond of every
 * run. An appliance that opens a FILE sets newlib's _GLOBAL_REENT up
 * (__sfp), whose clean-up, _cleanup_r, then fcloses every stream, the
 * standard ones included. Not an atexit handler: registering one takes
 * newlib's atexit lock at boot.
 */
static __attribute__((noinline)) void std_close1(FILE *f)
{
	_flockfile(f);          /* not flockfile: the streams are set up (std_close) */
	if (f->_flags != 0 && f->_file >= 0 && f->_file <= 2) {
		/* What fflush would write: a write stream's pending bytes (newlib's __sflush_r). */
		if ((f->_flags & __SWR) && f->_bf._base && f->_p > f->_bf._base)
			fflush(f);
		f->_flags = 0;
	}
	_funlockfile(f);
}

/* std_close: r is _GLOBAL_REENT, whose streams are every goroutine's standard streams. */
static void std_close(struct _reent *r)
{
	if (!libc_stdio_started())
		return;         /* never set up: nothing to flush, no lock made */

	std_close1(r->_stdin);
	std_close1(r->_stdout);
	std_close1(r->_stderr);
}

/* exit_report registers f to run at exit; what names it in the fatal error. */
static void exit_report(void (*f)(void), const char *what)
{
	if (atexit(f) != 0)
		fatal("atexit: no room for the %s", what);
}

/*
 * libc_init runs after the options are parsed (rt0_go), so the reports
 * at exit are registered only when their options ask for them: a report
 * that is off costs an exit nothing, not even its translation under an
 * emulator.
 */
void libc_init(void)
{
	_GLOBAL_REENT->__cleanup = std_close;
	/* stackstats=1 reports at every normal exit: main's return and exit() alike. */
	if (options.stack.printstats)
		exit_report(stack_printstats, "stack statistics report");
	/* trace=1 prints the trace at the same exits; atexit runs them in reverse: before the report. */
	if (options.trace)
		exit_report(trace_dump, "trace's dump");
	/* memstats=1 likewise (runtime/memstats.c), before the stack statistics. */
	if (options.printmemstats)
		exit_report(memstats_print, "memory figures report");
	__libc_init_array();
}

void _init(void)
{
}

void _fini(void)
{
}

/* libc_heapstats: the heap's figures from mallinfo (runtime.h). */
void libc_heapstats(size_t *inuse, size_t *arena)
{
	struct mallinfo mi = mallinfo();
	*inuse = (size_t)mi.uordblks;
	*arena = (size_t)mi.arena;
}
