/*
 * rwmutex.c - goro_rwmutex, Go's sync.RWMutex: many readers or one
 * writer, parking the goroutines that wait.
 *
 * All state is under a spin lock in the user's struct (the zero value
 * is unlocked): how many readers hold it, whether a writer does, the
 * readers waiting (a set, let in all at once) and the writers waiting
 * (a FIFO queue). Ownership is handed over, never raced for: the last
 * reader out gives it to the first writer waiting, a writer's unlock
 * lets in every reader that waited during its turn, or else the next
 * writer. A writer waiting makes new readers wait, so readers and
 * writers take turns and neither starves, which is what Go's
 * semaphores and reader counts achieve.
 */
#include "goro.h"
#include "rtalloc.h"
#include "runtime.h"

static struct spinlock *spin(uint32_t *word)
{
	return (struct spinlock *)word;
}

/* park queues the calling goroutine's Sudog (made here) by link and parks; ownership comes with the wake-up. */
static void park(goro_rwmutex *rw, bool writer)
{
	Sudog *sg = rtalloc(sizeof *sg);
	sg->g = getg();
	if (writer) {
		if (rw->wtail)
			((Sudog *)rw->wtail)->next = sg;
		else
			rw->whead = sg;
		rw->wtail = sg;
	} else {
		sg->next = rw->rhead;
		rw->rhead = sg;
	}
	goparkunlock(spin(&rw->lock), writer ? "sync.RWMutex.Lock" : "sync.RWMutex.RLock");
	rtfree(sg);
}

/* handwriter: rw is locked and free of holders: the first writer waiting takes it. Unlocks rw. */
static void handwriter(goro_rwmutex *rw)
{
	Sudog *sg = rw->whead;
	rw->whead = sg->next;
	if (!rw->whead)
		rw->wtail = NULL;
	rw->writer = 1;
	spin_unlock(spin(&rw->lock));
	goready(sg->g);
}

void goro_rwmutex_rlock(goro_rwmutex *rw)
{
	spin_lock(spin(&rw->lock));
	if (!rw->writer && !rw->whead) {
		rw->readers++;
		spin_unlock(spin(&rw->lock));
		return;
	}
	park(rw, false);
}

bool goro_rwmutex_tryrlock(goro_rwmutex *rw)
{
	spin_lock(spin(&rw->lock));
	bool ok = !rw->writer && !rw->whead;
	if (ok)
		rw->readers++;
	spin_unlock(spin(&rw->lock));
	return ok;
}

void goro_rwmutex_runlock(goro_rwmutex *rw)
{
	spin_lock(spin(&rw->lock));
	if (rw->readers <= 0) {
		spin_unlock(spin(&rw->lock));
		throw("sync: RUnlock of unlocked RWMutex");
	}
	if (--rw->readers == 0 && rw->whead) {
		handwriter(rw);
		return;
	}
	spin_unlock(spin(&rw->lock));
}

void goro_rwmutex_lock(goro_rwmutex *rw)
{
	spin_lock(spin(&rw->lock));
	if (!rw->writer && rw->readers == 0 && !rw->whead) {
		rw->writer = 1;
		spin_unlock(spin(&rw->lock));
		return;
	}
	park(rw, true);
}

bool goro_rwmutex_trylock(goro_rwmutex *rw)
{
	spin_lock(spin(&rw->lock));
	bool ok = !rw->writer && rw->readers == 0 && !rw->whead;
	if (ok)
		rw->writer = 1;
	spin_unlock(spin(&rw->lock));
	return ok;
}

void goro_rwmutex_unlock(goro_rwmutex *rw)
{
	spin_lock(spin(&rw->lock));
	if (!rw->writer) {
		spin_unlock(spin(&rw->lock));
		throw("sync: Unlock of unlocked RWMutex");
	}
	Sudog *rs = rw->rhead;
	if (!rs) {
		if (rw->whead) {
			handwriter(rw);
			return;
		}
		rw->writer = 0;
		spin_unlock(spin(&rw->lock));
		return;
	}
	/* The readers that waited go in, all of them, before the next writer. */
	int n = 0;
	for (Sudog *sg = rs; sg; sg = sg->next)
		n++;
	rw->rhead = NULL;
	rw->readers = n;
	rw->writer = 0;
	spin_unlock(spin(&rw->lock));
	while (rs) {
		Sudog *next = rs->next;
		goready(rs->g);
		rs = next;
	}
}
