/*
 * start.c - the host C library's start before main (libc_init), hosted.
 *
 * glibc has run the constructors before it called main (which brought
 * the process to kstart); what is left is the statistics report at exit.
 */
#include <stdlib.h>
#include "machine.h"
#include "runtime.h"

void libc_init(void)
{
	/* stackstats=1 reports at every normal exit: main's return and exit() alike. */
	if (atexit(stack_printstats) != 0)
		fatal("atexit: no room for the stack statistics report");
}
