/*
 * time.c - sleeping goroutines: a binary min-heap of Gs by deadline.
 *
 * A sleeper puts itself in the heap and parks; the heap's lock is let
 * go only once it is off the CPU (goparkunlock), so a wake-up can never
 * miss it. The scheduler calls timers_run whenever it looks for work
 * and, when idle, arms the CPU timer for the earliest deadline: timers
 * need no interrupt handler of their own.
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

static void siftup(int i)
{
	G *gp = heap[i];
	while (i > 0) {
		int parent = (i - 1) / 2;
		if (!before(gp, heap[parent]))
			break;
		heap[i] = heap[parent];
		i = parent;
	}
	heap[i] = gp;
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
		heap[i] = heap[c];
		i = c;
	}
	heap[i] = gp;
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
	heap[nheap++] = gp;
	siftup(nheap - 1);
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

int64_t timers_run(int64_t now, int budget)
{
	spin_lock(&timerslock);
	while (nheap > 0 && heap[0]->when <= now && budget-- > 0) {
		G *gp = heap[0];
		heap[0] = heap[--nheap];
		if (nheap > 0)
			siftdown(0);
		gp->when = 0;
		goready_tail(gp);
	}
	int64_t next = nheap > 0 ? heap[0]->when : 0;
	spin_unlock(&timerslock);
	return next;
}
