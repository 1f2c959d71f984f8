/*
 * start.c - the host C library's start before main (libc_init) and its
 * heap figures (libc_heapstats), hosted.
 *
 * glibc has run the constructors before it called main (which brought
 * the process to kstart); what is left is the statistics report at exit.
 * There is no per-goroutine state to free when a goroutine ends.
 */
#include <malloc.h>
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
	/* memstats=1 likewise (runtime/memstats.c), before the stack statistics. */
	if (atexit(memstats_print) != 0)
		fatal("atexit: no room for the memory figures report");
}

/*
 * glibc's per-thread state (errno, strtok's, rand's) and its lock
 * owners are per thread, that is per CPU: nothing is kept per goroutine
 * (libc/newlib/reent.c is the bare-metal counterpart).
 */
void libc_goexit(void)
{
}

/* libc_heapstats: the heap's figures from mallinfo2 (runtime.h). */
void libc_heapstats(size_t *inuse, size_t *arena)
{
	struct mallinfo2 mi = mallinfo2();
	*inuse = (size_t)mi.uordblks;
	*arena = (size_t)mi.arena;
}
