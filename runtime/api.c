/*
 * api.c - the goroutine entry points of goro.h that are not elsewhere.
 */
#include "goro.h"
#include "runtime.h"

void go(void (*fn)(void *), void *arg)
{
	newproc(fn, arg);
}

void go_pinned(void (*fn)(void *), void *arg, size_t stacksize)
{
	if (stacksize < StackMin)
		stacksize = StackMin;
	newproc1(fn, arg, stacksize, true);
}

int64_t goid(void)
{
	return getg()->goid;
}
