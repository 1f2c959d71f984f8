/*
 * ctor - the C library's start and end around main: a constructor
 * (run at boot, before the scheduler, on newlib's global struct _reent)
 * writes to stdout first, so stdio is set up there; main and an atexit
 * handler write after it, none of the three ending its text with a
 * newline until the handler's; exit must run the handler and then
 * flush everything, in that order, whatever set stdio up.
 */
#include <stdio.h>
#include <stdlib.h>

static int constructed;

__attribute__((constructor)) static void before_main(void)
{
	printf("constructor, ");
	constructed = 1;
}

static void at_exit(void)
{
	printf("atexit handler\n");
}

int main(void)
{
	if (atexit(at_exit) != 0)
		return 1;
	printf("main (constructed %d), ", constructed);
	return 3;
}
