/*
 * time.c - the timer heap: sleeping goroutines, selects' deadlines and
 * timers that run a function, in one binary min-heap by deadline.
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
 * channel takes itself out of the heap (timer_select_disarm). Each
 * entry knows its index (i), so that removal is O(log n).
 *
 * A timer with a function (Go's runtime timer with f: time.After's
 * sendTime) runs it on the scheduler's stack, as Go's timerproc did,
 * with the heap's lock let go: f takes a channel's lock, and a select
 * with a deadline takes the heap's lock inside its channels' (its arm),
 * so holding both the other way round could deadlock. A periodic one
 * goes back in the heap before f runs. running counts the calls under
 * way, so that timer_stop can wait for them before its owner frees it:
 * nothing of a stopped timer is touched afterwards.
 */
#include "machine.h"
#include "rtalloc.h"
#include "rttime.h"
#include "runtime.h"

static struct spinlock timerslock;
static struct rtimer **heap;
static int nheap, capheap;

int64_t nanotime(void)
{
	return machine_nanotime();
}

static bool before(const struct rtimer *a, const struct rtimer *b)
{
	return a->when < b->when;
}

/* place puts t at heap[i], and tells it so. */
static inline void place(int i, struct rtimer *t)
{
	heap[i] = t;
	t->i = i;
}

static void siftup(int i)
{
	struct rtimer *t = heap[i];
	while (i > 0) {
		int parent = (i - 1) / 2;
		if (!before(t, heap[parent]))
			break;
		place(i, heap[parent]);
		i = parent;
	}
	place(i, t);
}

static void siftdown(int i)
{
	struct rtimer *t = heap[i];
	for (;;) {
		int c = 2 * i + 1;
		if (c >= nheap)
			break;
		if (c + 1 < nheap && before(heap[c + 1], heap[c]))
			c++;
		if (!before(heap[c], t))
			break;
		place(i, heap[c]);
		i = c;
	}
	place(i, t);
}

/* push puts t in the heap; true if it is now the earliest (an idle CPU must re-arm its timer). */
static bool push(struct rtimer *t)
{
	if (nheap == capheap) {
		int ncap = capheap ? 2 * capheap : 64;
		struct rtimer **nh = rtalloc(ncap * sizeof *nh);
		if (heap)
			memmove_rt(nh, heap, nheap * sizeof *nh);
		rtfree(heap);
		heap = nh;
		capheap = ncap;
	}
	place(nheap++, t);
	siftup(nheap - 1);
	return heap[0] == t;
}

/* inheap: is t in the heap? (a zero rtimer's i is 0: the entry there says) */
static bool inheap(const struct rtimer *t)
{
	return t->i >= 0 && t->i < nheap && heap[t->i] == t;
}

/* pop takes heap[i] out: the last entry takes its place and moves up or down to where it belongs. */
static void pop(int i)
{
	struct rtimer *t = heap[i];
	struct rtimer *last = heap[--nheap];
	t->when = 0;
	t->i = -1;
	if (i == nheap)
		return;
	place(i, last);
	siftup(i);
	siftdown(last->i);
}

void gosleep(int64_t ns)
{
	if (ns <= 0) {
		gosched();
		return;
	}
	G *gp = getg();
	int64_t now = nanotime();
	gp->timer.when = ns > INT64_MAX - now ? INT64_MAX : now + ns;
	gp->timer.f = NULL;
	gp->timer.arg = gp;
	gp->seltimer = false;
	spin_lock(&timerslock);
	if (push(&gp->timer))
		wakeidle();     /* an idle CPU arms its timer for the earliest deadline: now this one */
	goparkunlock(&timerslock, "sleep");
}

bool timers_pending(void)
{
	return __atomic_load_n(&nheap, __ATOMIC_RELAXED) > 0;
}

void timer_select_arm(G *gp, int64_t when)
{
	gp->timer.when = when;
	gp->timer.f = NULL;
	gp->timer.arg = gp;
	gp->seltimer = true;
	spin_lock(&timerslock);
	if (push(&gp->timer))
		wakeidle();
	spin_unlock(&timerslock);
}

bool timer_select_disarm(G *gp)
{
	spin_lock(&timerslock);
	if (inheap(&gp->timer))
		pop(gp->timer.i);
	bool fired = gp->seltimer && gp->timerfired;
	gp->seltimer = gp->timerfired = false;
	spin_unlock(&timerslock);
	return fired;
}

void timer_start(struct rtimer *t, int64_t when, int64_t period,
		 void (*f)(void *arg, int64_t now), void *arg)
{
	spin_lock(&timerslock);
	if (inheap(t)) {
		spin_unlock(&timerslock);
		throw("timer_start: the timer is in the heap already");
	}
	t->when = when;
	t->period = period;
	t->f = f;
	t->arg = arg;
	bool first = push(t);
	spin_unlock(&timerslock);
	if (first)
		wakeidle();
}

bool timer_stop(struct rtimer *t)
{
	spin_lock(&timerslock);
	bool pending = inheap(t);
	if (pending)
		pop(t->i);
	spin_unlock(&timerslock);
	while (__atomic_load_n(&t->running, __ATOMIC_ACQUIRE))
		gosched();      /* f runs on another CPU's scheduler stack: a few instructions more */
	return pending;
}

/* next_tick: the first when + k*period (k >= 1) after now, saturated at INT64_MAX. */
static int64_t next_tick(int64_t when, int64_t period, int64_t now)
{
	int64_t k = 1 + (now - when) / period;
	if (k > (INT64_MAX - when) / period)
		return INT64_MAX;
	return when + k * period;
}

int64_t timers_run(int64_t now, int budget)
{
	spin_lock(&timerslock);
	while (nheap > 0 && heap[0]->when <= now && budget-- > 0) {
		struct rtimer *t = heap[0];
		if (t->f) {
			void (*f)(void *, int64_t) = t->f;
			void *arg = t->arg;
			if (t->period > 0) {
				t->when = next_tick(t->when, t->period, now);
				siftdown(0);
			} else {
				pop(0);
			}
			__atomic_add_fetch(&t->running, 1, __ATOMIC_ACQ_REL);
			spin_unlock(&timerslock);
			f(arg, now);
			__atomic_sub_fetch(&t->running, 1, __ATOMIC_RELEASE);
			spin_lock(&timerslock);
			continue;
		}
		G *gp = t->arg;
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
