/*
 * api.c - the goroutine entry points of goro.h that are not elsewhere.
 */
#include "goro.h"
#include "runtime.h"

void go(void (*fn)(void *), void *arg)
{
	newproc(fn, arg);
}

int64_t goid(void)
{
	return getg()->goid;
}
