/*
 * start.c - the host C library's start before main (libc_init), hosted.
 *
 * glibc has run the constructors before it called main (which brought
 * the process to kstart); what is left is the statistics report at exit.
 * There is no per-goroutine state to free when a goroutine ends.
 */
#include <stdlib.h>
#include "machine.h"
#include "runtime.h"
#include "trace.h"

void libc_init(void)
{
	/* stackstats=1 reports at every normal exit: main's return and exit() alike. */
	if (atexit(stack_printstats) != 0)
		fatal("atexit: no room for the stack statistics report");
	/* trace=1 prints the trace at the same exits (atexit runs them in reverse: before the report). */
	if (atexit(trace_dump) != 0)
		fatal("atexit: no room for the trace's dump");
}

/*
 * glibc's per-thread state (errno, strtok's, rand's) and its lock
 * owners are per thread, that is per CPU: nothing is kept per goroutine
 * (libc/newlib/reent.c is the bare-metal counterpart).
 */
void libc_goexit(void)
{
}
