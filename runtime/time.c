/*
 * time.c - sleeping goroutines: a binary min-heap of Gs by deadline.
 *
 * A sleeper puts itself in the heap and parks; the heap's lock is let
 * go only once it is off the CPU (goparkunlock), so a wake-up can never
 * miss it. The scheduler calls timers_run whenever it looks for work
 * and, when idle, arms the CPU timer for the earliest deadline: timers
 * need no interrupt handler of their own.
 *
 * A select with a deadline (chan_select_timeout) is in the heap too,
 * put there once it has parked (from the select's unlock, on g0), so
 * its timer cannot ready it before it is off the CPU. Its channels and
 * its timer race to win the select (gp->selectdone, as two channels
 * do): the timer readies it only if it wins, and a select woken by a
 * channel takes itself out of the heap (timer_select_disarm). Each G
 * in the heap knows its index (timeri), so that removal is O(log n).
 */
#include "machine.h"
#include "rtalloc.h"
#include "rttime.h"
#include "runtime.h"

static struct spinlock timerslock;
static G **heap;
static int nheap, capheap;

int64_t nanotime(void)
{
	return machine_nanotime();
}

static bool before(const G *a, const G *b)
{
	return a->when < b->when;
}

/* place puts gp at heap[i], and tells it so. */
static inline void place(int i, G *gp)
{
	heap[i] = gp;
	gp->timeri = i;
}

static void siftup(int i)
{
	G *gp = heap[i];
	while (i > 0) {
		int parent = (i - 1) / 2;
		if (!before(gp, heap[parent]))
			break;
		place(i, heap[parent]);
		i = parent;
	}
	place(i, gp);
}

static void siftdown(int i)
{
	G *gp = heap[i];
	for (;;) {
		int c = 2 * i + 1;
		if (c >= nheap)
			break;
		if (c + 1 < nheap && before(heap[c + 1], heap[c]))
			c++;
		if (!before(heap[c], gp))
			break;
		place(i, heap[c]);
		i = c;
	}
	place(i, gp);
}

static void push(G *gp)
{
	if (nheap == capheap) {
		int ncap = capheap ? 2 * capheap : 64;
		G **nh = rtalloc(ncap * sizeof *nh);
		if (heap)
			memmove_rt(nh, heap, nheap * sizeof *nh);
		rtfree(heap);
		heap = nh;
		capheap = ncap;
	}
	place(nheap++, gp);
	siftup(nheap - 1);
}

/* pop takes heap[i] out: the last entry takes its place and moves up or down to where it belongs. */
static void pop(int i)
{
	G *gp = heap[i];
	G *last = heap[--nheap];
	gp->when = 0;
	gp->timeri = -1;
	if (i == nheap)
		return;
	place(i, last);
	siftup(i);
	siftdown(last->timeri);
}

void gosleep(int64_t ns)
{
	if (ns <= 0) {
		gosched();
		return;
	}
	G *gp = getg();
	int64_t now = nanotime();
	gp->when = ns > INT64_MAX - now ? INT64_MAX : now + ns;
	gp->seltimer = false;
	spin_lock(&timerslock);
	push(gp);
	if (heap[0] == gp)
		wakeidle();     /* an idle CPU arms its timer for the earliest deadline: now this one */
	goparkunlock(&timerslock, "sleep");
}

bool timers_pending(void)
{
	return __atomic_load_n(&nheap, __ATOMIC_RELAXED) > 0;
}

void timer_select_arm(G *gp, int64_t when)
{
	gp->when = when;
	gp->seltimer = true;
	spin_lock(&timerslock);
	push(gp);
	if (heap[0] == gp)
		wakeidle();
	spin_unlock(&timerslock);
}

bool timer_select_disarm(G *gp)
{
	spin_lock(&timerslock);
	if (gp->timeri >= 0 && gp->timeri < nheap && heap[gp->timeri] == gp)
		pop(gp->timeri);
	bool fired = gp->seltimer && gp->timerfired;
	gp->seltimer = gp->timerfired = false;
	spin_unlock(&timerslock);
	return fired;
}

int64_t timers_run(int64_t now, int budget)
{
	spin_lock(&timerslock);
	while (nheap > 0 && heap[0]->when <= now && budget-- > 0) {
		G *gp = heap[0];
		pop(0);
		if (gp->seltimer) {
			/* A select's deadline: it wakes only if no channel won it first (that waker readies it). */
			uint32_t zero = 0;
			if (!__atomic_compare_exchange_n(&gp->selectdone, &zero, 1, false,
							 __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
				continue;
			gp->timerfired = true;
			gp->param = NULL;
		}
		goready_tail(gp);
	}
	int64_t next = nheap > 0 ? heap[0]->when : 0;
	spin_unlock(&timerslock);
	return next;
}
