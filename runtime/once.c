/*
 * once.c - goro_once_do, Go's sync.Once: a done flag read without a
 * lock once set, and a mutex the first caller holds while f runs, so
 * the others wait for f to return.
 *
 * Go's Once.doSlow marks done and unlocks in a deferred call, which a
 * runtime.Goexit inside f runs too. C has no defer: the goroutine keeps
 * the onces whose f it is running in a chain (G.once, linked through
 * each once's outer field, innermost first), and goexit1 finishes them
 * (once_goexit). A panic stops the machine, so it needs nothing.
 */
#include "goro.h"
#include "runtime.h"

void goro_once_do(goro_once *o, void (*f)(void *), void *arg)
{
	if (__atomic_load_n(&o->done, __ATOMIC_ACQUIRE))
		return;
	G *gp = getg();
	for (goro_once *in = gp->once; in; in = in->outer)
		if (in == o)
			panic("sync: goro_once_do of a once from inside its own f (it would wait for itself)");
	mutex_lock(&o->m);
	if (!o->done) {
		o->outer = gp->once;
		gp->once = o;
		f(arg);
		gp->once = o->outer;
		o->outer = NULL;
		__atomic_store_n(&o->done, 1, __ATOMIC_RELEASE);
	}
	mutex_unlock(&o->m);
}

void once_goexit(G *gp)
{
	goro_once *o = gp->once;
	gp->once = NULL;
	while (o) {
		goro_once *outer = o->outer;
		o->outer = NULL;
		__atomic_store_n(&o->done, 1, __ATOMIC_RELEASE);
		mutex_unlock(&o->m);
		o = outer;
	}
}
