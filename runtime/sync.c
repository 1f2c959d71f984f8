/*
 * sync.c - mutex and waitgroup (goro.h), parking goroutines in FIFO order.
 *
 * Both keep their waiters in a queue of Sudogs under a small spin lock
 * inside the user's struct (so the zero value works and they can be
 * declared statically). mutex_unlock hands the mutex straight to the
 * first waiter, so a goroutine that unlocks and relocks at once cannot
 * starve the others.
 */
#include "goro.h"
#include "machine.h"
#include "rtalloc.h"
#include "runtime.h"

static struct spinlock *spin(uint32_t *word)
{
	return (struct spinlock *)word;
}

void mutex_lock(mutex *m)
{
	uint32_t zero = 0;
	if (__atomic_compare_exchange_n(&m->locked, &zero, 1, false, __ATOMIC_ACQUIRE,
					__ATOMIC_RELAXED))
		return;
	spin_lock(spin(&m->lock));
	/*
	 * Freed meanwhile? Taken with the same compare-and-swap as the fast
	 * path, which other CPUs run without the spin lock: a plain test and
	 * store here could hand the mutex to two goroutines at once.
	 */
	zero = 0;
	if (__atomic_compare_exchange_n(&m->locked, &zero, 1, false, __ATOMIC_ACQUIRE,
					__ATOMIC_RELAXED)) {
		spin_unlock(spin(&m->lock));
		return;
	}
	Sudog *sg = rtalloc(sizeof *sg);
	sg->g = getg();
	if (m->tail)
		((Sudog *)m->tail)->next = sg;
	else
		m->head = sg;
	m->tail = sg;
	goparkunlock(spin(&m->lock), "sync.Mutex.Lock");
	/* mutex_unlock handed the mutex over: m->locked is still 1, and ours. */
	rtfree(sg);
}

/*
 * mutex_trylock takes m only if it is free: while goroutines wait for
 * it, mutex_unlock hands it to them and keeps it locked, so a trylock
 * never jumps the queue. It never parks: usable off a goroutine too.
 */
bool mutex_trylock(mutex *m)
{
	uint32_t zero = 0;
	return __atomic_compare_exchange_n(&m->locked, &zero, 1, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

void mutex_unlock(mutex *m)
{
	spin_lock(spin(&m->lock));
	if (!m->locked) {
		spin_unlock(spin(&m->lock));
		throw("sync: unlock of unlocked mutex");
	}
	Sudog *sg = m->head;
	if (sg) {
		m->head = sg->next;
		if (!m->head)
			m->tail = NULL;
		spin_unlock(spin(&m->lock));
		goready(sg->g);
		return;
	}
	__atomic_store_n(&m->locked, 0, __ATOMIC_RELEASE);
	spin_unlock(spin(&m->lock));
}

void wg_add(waitgroup *wg, int n)
{
	spin_lock(spin(&wg->lock));
	wg->count += n;
	if (wg->count < 0) {
		spin_unlock(spin(&wg->lock));
		panic("sync: negative WaitGroup counter");
	}
	Sudog *waiters = NULL;
	if (wg->count == 0) {
		waiters = wg->waiters;
		wg->waiters = NULL;
	}
	spin_unlock(spin(&wg->lock));
	while (waiters) {
		Sudog *next = waiters->next;
		goready(waiters->g);
		waiters = next;
	}
}

void wg_done(waitgroup *wg)
{
	wg_add(wg, -1);
}

void wg_wait(waitgroup *wg)
{
	spin_lock(spin(&wg->lock));
	if (wg->count == 0) {
		spin_unlock(spin(&wg->lock));
		return;
	}
	Sudog *sg = rtalloc(sizeof *sg);
	sg->g = getg();
	sg->next = wg->waiters;
	wg->waiters = sg;
	goparkunlock(spin(&wg->lock), "sync.WaitGroup.Wait");
	rtfree(sg);
}
