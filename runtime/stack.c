/*
 * stack.c - goroutine stacks.
 *
 * Until copy-on-overflow stacks arrive (the stack issue), every
 * goroutine gets a fixed StackSize stack straight from SysAlloc, in the
 * stack region, with one SysFault'ed guard page below it: running off
 * the end faults with a report naming the guard, never corrupting a
 * neighbour.
 */
#include "malloc.h"
#include "runtime.h"

void stackalloc(G *gp, uintptr_t n)
{
	char *base = SysAlloc(n + PageSize, &mstats.stacks_sys);
	SysFault(base, PageSize);
	gp->stacklo = (uintptr_t)base + PageSize;
	gp->stackhi = gp->stacklo + n;
	gp->stackguard = gp->stacklo;
}

void stackfree(G *gp)
{
	SysFree((void *)(gp->stacklo - PageSize), gp->stackhi - gp->stacklo + PageSize,
		&mstats.stacks_sys);
	gp->stacklo = gp->stackhi = gp->stackguard = 0;
}
