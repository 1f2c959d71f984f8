/*
 * chan.c - channels and select, with Go's semantics.
 *
 * A channel is a lock, a ring buffer of cap elements and two queues of
 * waiting goroutines (Sudogs). A send to a waiting receiver copies
 * straight into the receiver's element (which may be on its stack) and
 * readies it; otherwise it fills the buffer, or queues and parks.
 * select locks all its channels in address order, takes the first
 * ready case in a random permutation (so each ready case is equally
 * likely), or queues a Sudog on every channel and parks; whichever
 * channel wins marks the select done (selectdone), and the others'
 * Sudogs are removed when it wakes. Every waker goes through dequeue,
 * which skips Sudogs of selects already won. A send or receive that
 * finds a partner waiting readies it after letting go of the lock (the
 * partner's Sudog is off every queue by then, so nothing else can reach
 * it), keeping the lock's hold short.
 */
#include "goro.h"
#include "machine.h"
#include "rtalloc.h"
#include "rttime.h"
#include "runtime.h"

struct waitq {
	Sudog *first, *last;
};

struct chan {
	struct spinlock lock;
	size_t elemsize;
	size_t dataqsiz;        /* capacity */
	size_t qcount;          /* elements in the buffer */
	size_t sendx, recvx;    /* ring indexes */
	bool closed;
	bool timerfree;         /* chan_free frees timer too (goro_after's); else its owner frees both */
	struct waitq recvq, sendq;
	unsigned char *buf;
	void *timer;            /* the timer that sends to it (runtime/timer.c), or NULL */
};

/*
 * chan_lock takes c's lock. On one CPU (ncpu 1) nothing can contend
 * for it, since runtime code is never preempted and no interrupt handler
 * takes a channel's lock: it is a plain store there, not a locked
 * exchange (a round trip between two goroutines takes four, a fifth of
 * its time). Found taken there, it can only be a lost unlock: fatal.
 */
static inline void chan_lock(struct chan *c)
{
	if (ncpu != 1) {
		spin_lock(&c->lock);
		return;
	}
	if (c->lock.locked)
		throw("channel lock already held on one CPU");
	__atomic_store_n(&c->lock.locked, 1, __ATOMIC_RELAXED);
}

enum { MaxElemSize = 1 << 16 };
#define MaxChanBuf ((size_t)1 << 30)    /* bytes of buffer a channel may have */

enum { SudogCacheMax = 128 };   /* free Sudogs a P keeps; more go back to rtalloc */

/*
 * acquire_sudog returns a clean Sudog for gp, the current goroutine,
 * from its P's cache when it can: only the P's M touches the cache, so
 * waiting on a channel takes no lock but the channel's (as in Go).
 */
static Sudog *acquire_sudog(G *gp, void *elem, struct chan *c)
{
	P *p = gp->m->p;
	Sudog *sg = p->sudogcache;
	if (sg) {
		p->sudogcache = sg->next;
		p->nsudogcache--;
	} else {
		sg = rtalloc(sizeof *sg);
	}
	*sg = (Sudog){ .g = gp, .elem = elem, .c = c };
	return sg;
}

/* release_sudog gives sg back to the P running gp, the current goroutine. */
static void release_sudog(G *gp, Sudog *sg)
{
	P *p = gp->m->p;
	if (p->nsudogcache >= SudogCacheMax) {
		rtfree(sg);
		return;
	}
	sg->next = p->sudogcache;
	p->sudogcache = sg;
	p->nsudogcache++;
}

static void enqueue(struct waitq *q, Sudog *sg)
{
	sg->next = NULL;
	sg->prev = q->last;
	if (q->last)
		q->last->next = sg;
	else
		q->first = sg;
	q->last = sg;
}

static void unlink_sudog(struct waitq *q, Sudog *sg)
{
	if (sg->prev)
		sg->prev->next = sg->next;
	else
		q->first = sg->next;
	if (sg->next)
		sg->next->prev = sg->prev;
	else
		q->last = sg->prev;
	sg->next = sg->prev = NULL;
}

/* dequeue takes the first waiter that can still be woken (skipping won selects). */
static Sudog *dequeue(struct waitq *q)
{
	Sudog *sg;
	while ((sg = q->first)) {
		unlink_sudog(q, sg);
		uint32_t zero = 0;
		if (sg->selectdone && !__atomic_compare_exchange_n(sg->selectdone, &zero, 1, false,
								   __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
			continue;
		return sg;
	}
	return NULL;
}

static void *slot(struct chan *c, size_t i)
{
	return c->buf + i * c->elemsize;
}

/* word: an element-sized access that may alias any element type. */
typedef uintptr_t __attribute__((may_alias)) word;

/*
 * copy_elem copies an element from src to dst, or zeroes dst if src is
 * NULL; nothing if dst is NULL. Aligned word-sized elements, the common
 * case, take one load and one store.
 */
static inline void copy_elem(struct chan *c, void *dst, const void *src)
{
	if (!dst)
		return;
	if (src && c->elemsize == sizeof(word) &&
	    (((uintptr_t)dst | (uintptr_t)src) & (sizeof(word) - 1)) == 0)
		*(word *)dst = *(const word *)src;
	else if (src)
		memmove_rt(dst, src, c->elemsize);
	else
		memclr(dst, c->elemsize);
}

/*
 * chan_make: a channel of cap elements of elemsize bytes. As in Go, a
 * buffer must fit in MaxChanBuf bytes, so zero-size elements take any
 * capacity (they need no buffer: only the count moves); a buffer that
 * would not fit panics "makechan: size out of range".
 */
chan *chan_make(size_t elemsize, size_t cap)
{
	if (elemsize > MaxElemSize)
		panic("makechan: element size %zu out of range", elemsize);
	if (elemsize != 0 && cap > MaxChanBuf / elemsize)
		panic("makechan: size out of range (%zu elements of %zu bytes: more than %zu bytes)",
		      cap, elemsize, (size_t)MaxChanBuf);
	struct chan *c = rtalloc(sizeof *c + elemsize * cap);
	c->elemsize = elemsize;
	c->dataqsiz = cap;
	c->buf = (unsigned char *)(c + 1);
	return c;
}

void chan_free(chan *c)
{
	if (c && (c->recvq.first || c->sendq.first))
		throw("chan_free: goroutines still wait on the channel");
	if (c && c->timer) {
		if (!c->timerfree)
			panic("chan_free: the channel of a goro_timer or goro_ticker (goro_timer_free or goro_ticker_free frees it)");
		timerchan_free(c->timer);       /* stopped: it sends no more */
	}
	rtfree(c);
}

void chan_settimer(struct chan *c, void *timer, bool freewith)
{
	c->timer = timer;
	c->timerfree = freewith;
}

size_t chan_len(chan *c)
{
	return c ? c->qcount : 0;
}

size_t chan_cap(chan *c)
{
	return c ? c->dataqsiz : 0;
}

/*
 * wake readies the goroutine of sg, dequeued, with the outcome of its
 * wait: ok, a value moved; else the channel closed. A plain send or
 * receive reads sg->success; a select finds the winning Sudog in param.
 */
static inline void wake(Sudog *sg, bool ok)
{
	G *gp = sg->g;
	sg->success = ok;
	if (sg->selectdone)
		gp->param = ok ? sg : NULL;
	goready(gp);
}

/*
 * send_ready performs a send on the locked c if it can proceed now and
 * returns true; a receiver it handed the value to is left in *wakeup,
 * for the caller to wake once it has unlocked c. Panics if c is closed.
 * Always inlined, as recv_ready: they are chan_send's and chan_recv's
 * fast paths, and a call with results through memory costs a round
 * trip between two goroutines an eighth of its time.
 */
static inline __attribute__((always_inline))
bool send_ready(struct chan *c, const void *elem, Sudog **wakeup)
{
	if (c->closed) {
		spin_unlock(&c->lock);
		panic("send on closed channel");
	}
	Sudog *sg = dequeue(&c->recvq);
	if (sg) {
		copy_elem(c, sg->elem, elem);
		*wakeup = sg;
		return true;
	}
	if (c->qcount < c->dataqsiz) {
		copy_elem(c, slot(c, c->sendx), elem);
		if (++c->sendx == c->dataqsiz)
			c->sendx = 0;
		c->qcount++;
		return true;
	}
	return false;
}

/*
 * recv_ready performs a receive on the locked c if it can proceed now
 * and returns true, with *ok false if c is closed and drained; a sender
 * whose value it took is left in *wakeup, as for send_ready.
 */
static inline __attribute__((always_inline))
bool recv_ready(struct chan *c, void *elem, bool *ok, Sudog **wakeup)
{
	Sudog *sg = dequeue(&c->sendq);
	if (sg) {
		if (c->dataqsiz == 0) {
			copy_elem(c, elem, sg->elem);
		} else {
			/* Full buffer: take its head, the sender's value goes to the tail. */
			copy_elem(c, elem, slot(c, c->recvx));
			copy_elem(c, slot(c, c->recvx), sg->elem);
			if (++c->recvx == c->dataqsiz)
				c->recvx = 0;
			c->sendx = c->recvx;
		}
		*wakeup = sg;
		*ok = true;
		return true;
	}
	if (c->qcount > 0) {
		copy_elem(c, elem, slot(c, c->recvx));
		memclr(slot(c, c->recvx), c->elemsize);
		if (++c->recvx == c->dataqsiz)
			c->recvx = 0;
		c->qcount--;
		*ok = true;
		return true;
	}
	if (c->closed) {
		copy_elem(c, elem, NULL);
		*ok = false;
		return true;
	}
	return false;
}

void chan_send(chan *c, const void *elem)
{
	if (!c) {
		gopark(NULL, NULL, "chan send (nil chan)");
		throw("unreachable");
	}
	chan_lock(c);
	Sudog *sg = NULL;
	if (send_ready(c, elem, &sg)) {
		spin_unlock(&c->lock);
		if (sg)
			wake(sg, true);
		return;
	}
	G *gp = getg();
	sg = acquire_sudog(gp, (void *)elem, c);
	gp->waiting = sg;       /* elem may point into gp's stack: a stack move relocates it */
	enqueue(&c->sendq, sg);
	goparkunlock(&c->lock, "chan send");
	gp->waiting = NULL;
	bool ok = sg->success;
	release_sudog(gp, sg);
	if (!ok)
		panic("send on closed channel");
}

bool chan_recv(chan *c, void *elem)
{
	if (!c) {
		gopark(NULL, NULL, "chan receive (nil chan)");
		throw("unreachable");
	}
	chan_lock(c);
	bool ok;
	Sudog *sg = NULL;
	if (recv_ready(c, elem, &ok, &sg)) {
		spin_unlock(&c->lock);
		if (sg)
			wake(sg, true);
		return ok;
	}
	G *gp = getg();
	sg = acquire_sudog(gp, elem, c);
	gp->waiting = sg;       /* as in chan_send */
	enqueue(&c->recvq, sg);
	goparkunlock(&c->lock, "chan receive");
	gp->waiting = NULL;
	ok = sg->success;
	release_sudog(gp, sg);
	return ok;
}

/*
 * chan_trysend: as runtime.h says. The receiver it hands the value to
 * is readied behind what is queued, as timers_run readies sleepers, so
 * that what falls due together runs in deadline order.
 */
bool chan_trysend(struct chan *c, const void *elem)
{
	chan_lock(c);
	if (c->closed) {
		spin_unlock(&c->lock);
		throw("chan_trysend: the channel is closed");
	}
	Sudog *sg = NULL;
	bool sent = send_ready(c, elem, &sg);
	spin_unlock(&c->lock);
	if (sg) {
		sg->success = true;
		if (sg->selectdone)
			sg->g->param = sg;
		goready_tail(sg->g);
	}
	return sent;
}

void chan_close(chan *c)
{
	if (!c)
		panic("close of nil channel");
	if (c->timer)
		panic("close of a timer's channel (goro_after, goro_timer, goro_ticker: never closed)");
	chan_lock(c);
	if (c->closed) {
		spin_unlock(&c->lock);
		panic("close of closed channel");
	}
	c->closed = true;
	Sudog *sg;
	while ((sg = dequeue(&c->recvq))) {
		copy_elem(c, sg->elem, NULL);
		wake(sg, false);
	}
	while ((sg = dequeue(&c->sendq)))
		wake(sg, false);
	spin_unlock(&c->lock);
}

/* --- select ------------------------------------------------------------------- */

enum {
	MaxSelectCases = 1 << 16,       /* Go's limit */
	SelectInline = 16,              /* cases whose scratch fits on the stack */
};

struct selstate {
	struct chan **lockorder;        /* the distinct channels, by address */
	int nlocks;
};

static void sellock(struct selstate *s)
{
	for (int i = 0; i < s->nlocks; i++)
		chan_lock(s->lockorder[i]);
}

static void selunlock(struct selstate *s)
{
	for (int i = s->nlocks - 1; i >= 0; i--)
		spin_unlock(&s->lockorder[i]->lock);
}

/*
 * selparkunlock runs on g0 once the select has parked: a select with a
 * deadline (gp->timer.when) goes into the timer heap now, while its
 * channels are still locked, so neither its timer nor a channel can
 * ready it before it is off the CPU.
 */
static bool selparkunlock(G *gp, void *s)
{
	if (gp->timer.when)
		timer_select_arm(gp, gp->timer.when);
	selunlock(s);
	return true;
}

/* sift_chans restores the max-heap (by address) of a[0..n) below i. */
static void sift_chans(struct chan **a, int i, int n)
{
	struct chan *x = a[i];
	for (;;) {
		int c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && (uintptr_t)a[c + 1] > (uintptr_t)a[c])
			c++;
		if ((uintptr_t)a[c] <= (uintptr_t)x)
			break;
		a[i] = a[c];
		i = c;
	}
	a[i] = x;
}

/* sort_chans sorts a[0..n) by address: heapsort, O(n log n), in place, no recursion. */
static void sort_chans(struct chan **a, int n)
{
	for (int i = n / 2 - 1; i >= 0; i--)
		sift_chans(a, i, n);
	for (int end = n - 1; end > 0; end--) {
		struct chan *t = a[0];
		a[0] = a[end];
		a[end] = t;
		sift_chans(a, 0, end);
	}
}

static int selectgo(struct chan_case *cases, int n, bool block, int64_t deadline,
		    int *order, struct chan **lockorder);

/*
 * selectn takes chan_select's scratch (the poll order and the lock
 * order, 12 bytes a case on 64-bit) from the stack for a few cases and
 * from rtalloc for more, so that 65,536 cases do not grow a goroutine's
 * stack to a megabyte; it is freed on every way out but a panic.
 */
static int selectn(struct chan_case *cases, int n, bool block, int64_t deadline)
{
	if (n < 0 || n > MaxSelectCases)
		panic("select: %d cases (at most %d)", n, MaxSelectCases);
	if (n <= SelectInline) {
		int order[SelectInline];
		struct chan *lockorder[SelectInline];
		return selectgo(cases, n, block, deadline, order, lockorder);
	}
	struct chan **lockorder = rtalloc((size_t)n * (sizeof(struct chan *) + sizeof(int)));
	int *order = (int *)(lockorder + n);
	int r = selectgo(cases, n, block, deadline, order, lockorder);
	rtfree(lockorder);
	return r;
}

int chan_select(struct chan_case *cases, int n, bool block)
{
	return selectn(cases, n, block, 0);
}

/* chan_select_timeout: as goro.h says; the deadline saturates at INT64_MAX, a wait that never ends. */
int chan_select_timeout(struct chan_case *cases, int n, int64_t ns)
{
	if (ns <= 0)
		return selectn(cases, n, false, 0);
	int64_t now = nanotime();
	return selectn(cases, n, true, ns > INT64_MAX - now ? INT64_MAX : now + ns);
}

/*
 * selectgo is chan_select with scratch for n cases: order[n] and
 * lockorder[n]. A select of no channel that may block parks forever,
 * holding its scratch (it never returns to free it; nor would Go); with
 * a deadline (nanotime, not 0) it sleeps until then instead, and
 * returns -1. A deadline's select parks with gp->timer.when set, which
 * selparkunlock puts in the timer heap.
 */
static int selectgo(struct chan_case *cases, int n, bool block, int64_t deadline,
		    int *order, struct chan **lockorder)
{
	struct selstate s = { lockorder, 0 };

	/* A random poll order makes every ready case equally likely. */
	for (int i = 0; i < n; i++) {
		int j = (int)(fastrand() % (uint32_t)(i + 1));
		order[i] = order[j];
		order[j] = i;
	}
	/* Lock order: the distinct channels sorted by address. */
	for (int i = 0; i < n; i++)
		if (cases[i].c)
			s.lockorder[s.nlocks++] = cases[i].c;
	sort_chans(s.lockorder, s.nlocks);
	int k = 0;
	for (int i = 0; i < s.nlocks; i++)
		if (k == 0 || s.lockorder[k - 1] != s.lockorder[i])
			s.lockorder[k++] = s.lockorder[i];
	s.nlocks = k;
	if (s.nlocks == 0 && block) {
		if (deadline) {
			gosleep(deadline - nanotime());
			return -1;
		}
		gopark(NULL, NULL, "select (no cases)");
		throw("unreachable");
	}

	G *gp = getg();
	for (;;) {
		sellock(&s);
		/* Pass 1: is anything ready? */
		for (int k = 0; k < n; k++) {
			int i = order[k];
			struct chan_case *cs = &cases[i];
			if (!cs->c)
				continue;
			bool done, ok = false;
			Sudog *wakeup = NULL;
			if (cs->dir == CHAN_SEND) {
				if (cs->c->closed) {
					selunlock(&s);
					panic("send on closed channel");
				}
				done = send_ready(cs->c, cs->elem, &wakeup);
			} else if (cs->dir == CHAN_RECV) {
				done = recv_ready(cs->c, cs->elem, &ok, &wakeup);
				cs->ok = ok;
			} else {
				selunlock(&s);
				panic("select: case %d has direction %d", i, cs->dir);
			}
			if (done) {
				selunlock(&s);
				if (wakeup)
					wake(wakeup, true);
				return i;
			}
		}
		if (!block) {
			selunlock(&s);
			return -1;
		}

		/* Pass 2: wait on every channel. */
		Sudog *sgs = NULL;
		gp->selectdone = 0;
		gp->param = NULL;
		for (int i = 0; i < n; i++) {
			struct chan_case *cs = &cases[i];
			if (!cs->c)
				continue;
			Sudog *sg = acquire_sudog(gp, cs->elem, cs->c);
			sg->selectdone = &gp->selectdone;
			sg->caseidx = i;
			sg->waitlink = sgs;
			sgs = sg;
			gp->waiting = sgs;      /* as in chan_send */
			enqueue(cs->dir == CHAN_SEND ? &cs->c->sendq : &cs->c->recvq, sg);
		}
		gp->waiting = sgs;
		gp->timer.when = deadline;
		gopark(selparkunlock, &s, "select");
		bool timedout = deadline && timer_select_disarm(gp);

		/* Pass 3: the winner is gp->param (NULL: woken by a close or the deadline); leave the other queues. */
		sellock(&s);
		Sudog *won = gp->param;
		gp->waiting = NULL;
		int idx = -1;
		bool ok = false;
		for (Sudog *sg = sgs, *next; sg; sg = next) {
			next = sg->waitlink;
			if (sg == won) {
				idx = sg->caseidx;
				ok = sg->success;
			} else {
				struct chan_case *cs = &cases[sg->caseidx];
				struct waitq *q = cs->dir == CHAN_SEND ? &cs->c->sendq : &cs->c->recvq;
				if (sg->prev || sg->next || q->first == sg)
					unlink_sudog(q, sg);
			}
			release_sudog(gp, sg);
		}
		if (idx >= 0) {
			if (cases[idx].dir == CHAN_RECV)
				cases[idx].ok = ok;
			selunlock(&s);
			return idx;
		}
		selunlock(&s);
		if (timedout)
			return -1;
		/* A channel closed: pass 1 will now find its case ready. */
	}
}
