/*
 * proc.c - the goroutine scheduler: G, M, P as in the Go runtime of 2014.
 *
 * Each M (a CPU) runs goroutines from its P's local run queue (256
 * entries plus runnext, the goroutine a wake-up hands the CPU to), then
 * from the global queue, then from timers, then by stealing half of
 * another P's queue. Every 61st schedule looks at the timers and the
 * global queue first, so busy goroutines cannot starve either.
 * A goroutine leaves the CPU only inside mcall (park, yield, exit);
 * there is no preemption yet. Device interrupts ready their drivers at
 * the scheduler's next look (runtime/intr.c). With nothing to run and
 * nothing that can ever wake anything (no timer, no other CPU running,
 * no goroutine waiting for an interrupt), every goroutine is blocked for
 * good: "all goroutines are asleep - deadlock!".
 *
 * Memory returns after a burst of goroutines. Dead Gs go on free lists
 * (gfput/gfget): a P keeps up to GfreeLocalMax, the global list up to
 * GfreeStackMax with their StackMin stack and GfreeGlobalMax in all.
 * Past that a dead G's stack and record are freed: the stack to the
 * stack pool, the record to rtalloc. When the CPU is about to idle,
 * those give whole pages back to the system past their own bounds
 * (stack_scavenge, rtalloc_scavenge; past larger bounds they do at
 * once), so a busy program's bursts reuse memory instead of remapping
 * it every time. allg, which tracebacks and the deadlock check walk,
 * holds the live goroutines and a bounded number of dead ones, so a
 * crash report costs time in proportion to the live. A
 * goroutine that parks or yields using under a quarter of its stack
 * has it halved there (shrinkstack), before the lock it parks with is
 * let go.
 *
 * main may end its goroutine with goexit, as Go's main may call
 * runtime.Goexit: the others run on, main's stack is kept (its locals
 * may be shared with them), and when nothing is left to run the run
 * ends in Go's "no goroutines (main called runtime.Goexit) - deadlock!",
 * or "all goroutines are asleep" if some are blocked.
 */
#include <stdlib.h>
#include "machine.h"
#include "runtime.h"
#include "rtalloc.h"
#include "rttime.h"
#include "trace.h"

struct Sched sched;
G *allg;
M m0;
G g0_m0;
static P pall[MAXCPU];          /* CPU i's P is pall[i] */
#define p0 pall[0]
static P *allp[MAXCPU] = { &pall[0] };
static int nprocs = 1;
M *allm[MAXCPU] = { &m0 };
static G *allgtail;
static struct spinlock allglock;
static G maing;                 /* goroutine 1: on the image's stack, which outlives a goexit */

enum {
	GfreeLocalMax = 64,     /* dead Gs a P keeps */
	GfreeStackMax = 256,    /* dead Gs kept globally with their stacks */
	GfreeGlobalMax = 1024,  /* dead Gs kept globally in all; more are freed */
};

void badmcall(void);
void badmcall2(void);

void badmcall(void)
{
	throw("mcall called on the scheduler stack");
}

void badmcall2(void)
{
	throw("mcall function returned");
}

uint32_t fastrand_seed;

/*
 * seed_from: the seed the run uses: seed=N, else one from the machine,
 * folded into 1..2^31-1 so that it can be given back as seed=N.
 */
static uint32_t seed_from(int opt)
{
	if (opt > 0)
		return (uint32_t)opt;
	uint64_t e = machine_entropy();
	uint32_t s = (uint32_t)(e ^ e >> 31 ^ e >> 62) & 0x7fffffff;
	return s ? s : 1;
}

void fastrand_init(M *mp)
{
	/* splitmix32 of (seed, id): Ms start far apart in the xorshift sequence; never 0. */
	uint32_t z = fastrand_seed + 0x9e3779b9u * (uint32_t)(mp->id + 1);
	z = (z ^ z >> 16) * 0x85ebca6bu;
	z = (z ^ z >> 13) * 0xc2b2ae35u;
	z ^= z >> 16;
	mp->fastrand = z ? z : 0x9e3779b9u;
}

uint32_t fastrand(void)
{
	M *mp = getg()->m;
	uint32_t x = mp->fastrand;
	x ^= x << 13, x ^= x >> 17, x ^= x << 5;
	mp->fastrand = x;
	return x;
}

/* --- run queues ---------------------------------------------------------- */

/* globrunqput puts gp on the global queue; sched.lock held. */
static void globrunqput(G *gp)
{
	gp->schedlink = NULL;
	if (sched.runqtail)
		sched.runqtail->schedlink = gp;
	else
		sched.runqhead = gp;
	sched.runqtail = gp;
	sched.runqsize++;
}

static G *globrunqget(void)
{
	G *gp = sched.runqhead;
	if (gp) {
		sched.runqhead = gp->schedlink;
		if (!sched.runqhead)
			sched.runqtail = NULL;
		sched.runqsize--;
	}
	return gp;
}

/*
 * runqputslow moves half of p's full local queue, and gp, to the global
 * queue. Returns false if a thief emptied the queue meanwhile. Not
 * inlined, so that runqput's fast path inlines into goready.
 */
static __attribute__((noinline)) bool runqputslow(P *p, G *gp, uint32_t head, uint32_t tail)
{
	enum { n = RunqSize / 2 };
	G *batch[n + 1];
	if (tail - head != RunqSize)
		throw("runqputslow: queue is not full");
	for (uint32_t i = 0; i < n; i++)
		batch[i] = p->runq[(head + i) % RunqSize];
	if (!__atomic_compare_exchange_n(&p->runqhead, &head, head + n, false,
					 __ATOMIC_RELEASE, __ATOMIC_RELAXED))
		return false;
	batch[n] = gp;
	spin_lock(&sched.lock);
	for (uint32_t i = 0; i <= n; i++)
		globrunqput(batch[i]);
	spin_unlock(&sched.lock);
	return true;
}

/*
 * runnext_take takes p's runnext if it is still want (its owner, or a
 * thief: runqsteal). On one CPU nothing else can take it, and it is
 * plain loads and stores.
 */
static inline bool runnext_take(P *p, G *want)
{
	if (nprocs == 1) {
		p->runnext = NULL;
		return true;
	}
	return __atomic_compare_exchange_n(&p->runnext, &want, NULL, false, __ATOMIC_ACQ_REL,
					   __ATOMIC_RELAXED);
}

/*
 * runqput puts gp on p's local queue; with next, gp goes in runnext
 * and the goroutine it displaces goes to the tail. Only p's M calls it.
 */
static inline void runqput(P *p, G *gp, bool next)
{
	if (next) {
		G *old;
		if (nprocs == 1) {
			old = p->runnext;
			p->runnext = gp;
		} else {
			old = __atomic_exchange_n(&p->runnext, gp, __ATOMIC_ACQ_REL);
		}
		if (!old)
			return;
		gp = old;
	}
	for (;;) {
		uint32_t head = __atomic_load_n(&p->runqhead, __ATOMIC_ACQUIRE);
		uint32_t tail = p->runqtail;
		if (tail - head < RunqSize) {
			p->runq[tail % RunqSize] = gp;
			__atomic_store_n(&p->runqtail, tail + 1, __ATOMIC_RELEASE);
			return;
		}
		if (runqputslow(p, gp, head, tail))
			return;
	}
}

/* runq_room: how many goroutines p's local queue takes without spilling. */
static int runq_room(P *p)
{
	return RunqSize - (int)(p->runqtail - __atomic_load_n(&p->runqhead, __ATOMIC_ACQUIRE));
}

/*
 * runqget takes the next goroutine from p: runnext, then the queue's
 * head. A thief moves the head too (runqsteal); on one CPU there is
 * none, and the head moves without a locked instruction.
 */
static G *runqget(P *p)
{
	G *gp = p->runnext;
	if (gp && runnext_take(p, gp))
		return gp;
	if (nprocs == 1) {
		uint32_t head = p->runqhead;
		if (p->runqtail == head)
			return NULL;
		gp = p->runq[head % RunqSize];
		__atomic_store_n(&p->runqhead, head + 1, __ATOMIC_RELEASE);
		return gp;
	}
	for (;;) {
		uint32_t head = __atomic_load_n(&p->runqhead, __ATOMIC_ACQUIRE);
		uint32_t tail = p->runqtail;
		if (tail == head)
			return NULL;
		gp = p->runq[head % RunqSize];
		if (__atomic_compare_exchange_n(&p->runqhead, &head, head + 1, false,
						__ATOMIC_RELEASE, __ATOMIC_RELAXED))
			return gp;
	}
}

/*
 * runqsteal moves half of victim's queue to p's and returns one of
 * them; with an empty queue, it takes victim's runnext, as Go does,
 * after giving a victim that runs a goroutine RunnextGraceNS to switch
 * to it itself: a waker that keeps computing does not hold up the
 * goroutine it woke, and one about to park keeps its partner.
 */
enum { RunnextGraceNS = 3000 };         /* Go's usleep(3) */
static G *runqsteal(P *p, P *victim)
{
	for (;;) {
		uint32_t head = __atomic_load_n(&victim->runqhead, __ATOMIC_ACQUIRE);
		uint32_t tail = __atomic_load_n(&victim->runqtail, __ATOMIC_ACQUIRE);
		uint32_t n = (tail - head) - (tail - head) / 2;
		if (n == 0) {
			G *next = __atomic_load_n(&victim->runnext, __ATOMIC_ACQUIRE);
			if (!next)
				return NULL;
			if (victim->m && __atomic_load_n(&victim->m->curg, __ATOMIC_RELAXED)) {
				int64_t until = nanotime() + RunnextGraceNS;
				while (nanotime() < until)
					if (__atomic_load_n(&victim->runnext, __ATOMIC_RELAXED) != next)
						return NULL;
			}
			return runnext_take(victim, next) ? next : NULL;
		}
		if (n > RunqSize / 2)
			return NULL;
		G *batch[RunqSize / 2];
		for (uint32_t i = 0; i < n; i++)
			batch[i] = victim->runq[(head + i) % RunqSize];
		if (!__atomic_compare_exchange_n(&victim->runqhead, &head, head + n, false,
						 __ATOMIC_RELEASE, __ATOMIC_RELAXED))
			continue;
		for (uint32_t i = 1; i < n; i++)
			runqput(p, batch[i], false);
		return batch[0];
	}
}

/* --- goroutine records -------------------------------------------------- */

/* gfree_record unlinks a dead gp, which has no stack, from allg and frees it. */
static void gfree_record(G *gp)
{
	if (gp->status != Gdead || gp->stacklo)
		throw("gfree_record: goroutine is not dead and stackless");
	spin_lock(&allglock);
	if (gp->allprev)
		gp->allprev->alllink = gp->alllink;
	else
		allg = gp->alllink;
	if (gp->alllink)
		gp->alllink->allprev = gp->allprev;
	else
		allgtail = gp->allprev;
	spin_unlock(&allglock);
	rtfree(gp);
}

/*
 * gfput puts a dead gp on p's free list, spilling half of it to the
 * global list when full. The global list keeps GfreeStackMax dead Gs
 * with their stacks and GfreeGlobalMax in all: past those, stacks and
 * then records are freed (memory returns after a burst).
 */
static void gfput(P *p, G *gp)
{
	if (gp->allocas)
		stack_release(gp);
	stack_inuse_add(-(gp->stackhi - gp->stacklo));  /* a dead goroutine's stack is not in use */
	if (gp->stacklo && !stack_reusable(gp))
		stackfree(gp);  /* only fresh first stacks are kept */
	gp->schedlink = p->gfree;
	p->gfree = gp;
	if (++p->gfreecnt <= GfreeLocalMax)
		return;
	G *drop = NULL;
	spin_lock(&sched.lock);
	while (p->gfreecnt > GfreeLocalMax / 2) {
		G *g = p->gfree;
		p->gfree = g->schedlink;
		p->gfreecnt--;
		if (sched.gfreecnt >= GfreeGlobalMax) {
			g->schedlink = drop;    /* freed below, without the lock */
			drop = g;
			continue;
		}
		if (sched.gfreecnt >= GfreeStackMax && g->stacklo)
			stackfree(g);   /* enough stacks cached: give this one back */
		g->schedlink = sched.gfree;
		sched.gfree = g;
		sched.gfreecnt++;
	}
	spin_unlock(&sched.lock);
	while (drop) {
		G *g = drop;
		drop = g->schedlink;
		if (g->stacklo)
			stackfree(g);
		gfree_record(g);
	}
}

/* gfget takes a dead G from p's list (refilled from the global one), or NULL. */
static G *gfget(P *p)
{
	if (!p->gfree && sched.gfree) {
		spin_lock(&sched.lock);
		while (p->gfreecnt < GfreeLocalMax / 2 && sched.gfree) {
			G *g = sched.gfree;
			sched.gfree = g->schedlink;
			sched.gfreecnt--;
			g->schedlink = p->gfree;
			p->gfree = g;
			p->gfreecnt++;
		}
		spin_unlock(&sched.lock);
	}
	G *gp = p->gfree;
	if (gp) {
		p->gfree = gp->schedlink;
		p->gfreecnt--;
	}
	return gp;
}

/* allgadd puts gp, a new G record, last on allg. */
static void allgadd(G *gp)
{
	gp->status = Gidle;
	spin_lock(&allglock);
	gp->allprev = allgtail;
	if (allgtail)
		allgtail->alllink = gp;
	else
		allg = gp;
	allgtail = gp;
	spin_unlock(&allglock);
}

/* malg makes a G record and puts it last on allg. */
static G *malg(void)
{
	G *gp = rtalloc(sizeof *gp);
	allgadd(gp);
	return gp;
}

G *newproc(void (*fn)(void *), void *arg)
{
	return newproc1(fn, arg, StackMin, false);
}

/* A stack newproc1 asks the scheduler stack for (mstackalloc). */
struct stackreq {
	G *newg;
	uintptr_t size;
	bool pinned;
};

/* mstackalloc runs on g0 by mcall from newproc1: stacks are allocated there only (as in the seed). */
static void mstackalloc(G *gp)
{
	struct stackreq *r = gp->param;
	stackalloc(r->newg, r->size, r->pinned);
	gogo(&gp->sched);
}

/* gostart_on readies gp, which has its stack, to run fn(arg), next on p's queue. */
static G *gostart_on(G *gp, P *p, void (*fn)(void *), void *arg)
{
	G *cur = getg();
	stack_inuse_add(gp->stackhi - gp->stacklo);
	gp->sched = (Gobuf){ 0 };
	gp->sched.sp = gp->stackhi & ~(uintptr_t)15;
	gp->sched.pc = (uintptr_t)goexit;
	gp->sched.g = gp;
	gp->startfv = (FuncVal){ gostart, fn, arg };
	gostartcallfn(&gp->sched, &gp->startfv);
	gp->goid = __atomic_add_fetch(&sched.goidgen, 1, __ATOMIC_RELAXED);
	gp->waitreason = NULL;
	gp->nonsplit = 0;
	gp->stackhold = 0;
	gp->param = NULL;
	gp->m = NULL;
	gp->status = Grunnable;
	TRACE(TrCreate, gp->goid, cur == cur->m->g0 ? 0 : cur->goid, 0);
	runqput(p, gp, true);
	if (nprocs > 1)
		wakep();
	return gp;
}

G *newproc1(void (*fn)(void *), void *arg, uintptr_t stacksize, bool pinned)
{
	G *cur = getg();
	P *p = cur->m->p;
	G *gp = pinned ? NULL : gfget(p);
	if (!gp)
		gp = malg();
	if (!gp->stacklo && cur == cur->m->g0) {
		stackalloc(gp, stacksize, pinned);
	} else if (!gp->stacklo) {
		struct stackreq r = { gp, stacksize, pinned };
		cur->param = &r;
		mcall(mstackalloc);
		cur->param = NULL;
	}
	return gostart_on(gp, p, fn, arg);
}

/* --- the scheduler loop ------------------------------------------------------ */

/*
 * Every 61st schedule looks at the timers and the global queue first,
 * so goroutines that keep the local queue busy (waking or respawning
 * each other, or yielding) cannot starve sleepers or the global queue.
 */
static bool fairtick(P *p)
{
	return p->schedtick % 61 == 0;
}

/*
 * The scheduler's functions on g0 (park_m, gosched_m, goexit0,
 * schedule, execute) end in tail calls, down to gogo, and are not
 * declared _Noreturn because a compiler turns a final call into a jump
 * only if the callee may return. A call that never returns leaves its
 * return address in the CPU's return predictor (mcall jumps to them for
 * the same reason, arch/<cpu>/asm.S), and the resumed goroutine's
 * returns would all be mispredicted: a switch would take twice as long.
 */

/* execute runs gp on mp; it never returns. */
static void execute(M *mp, G *gp)
{
	mp->p->schedtick++;
	mp->nrun++;
	mp->preemptreq = false;         /* a request for the goroutine before is void */
	gp->status = Grunning;
	gp->m = mp;
	mp->curg = gp;
	TRACE(TrRun, gp->goid, 0, 0);
	gogo(&gp->sched);
}

/* live_goroutines counts the goroutines that have not ended (runnable, running, waiting). */
static int live_goroutines(void)
{
	int n = 0;
	for (G *gp = allg; gp; gp = gp->alllink)
		n += gp->status == Grunnable || gp->status == Grunning || gp->status == Gwaiting;
	return n;
}

/* gcounts: the goroutines alive now and the dead G records kept for reuse, read under allg's lock. */
void gcounts(int *live, int *dead)
{
	int l = 0, d = 0;
	spin_lock(&allglock);
	for (G *gp = allg; gp; gp = gp->alllink) {
		l += gp->status == Grunnable || gp->status == Grunning || gp->status == Gwaiting;
		d += gp->status == Gdead;
	}
	spin_unlock(&allglock);
	*live = l;
	*dead = d;
}

int sudogs_cached(void)
{
	int n = 0;
	for (int i = 0; i < nprocs; i++)
		n += __atomic_load_n(&allp[i]->nsudogcache, __ATOMIC_RELAXED);
	return n;
}

/*
 * deadlock: nothing runnable, no timer, every CPU idle: nothing will
 * ever run again. With no goroutine left at all, main ended its own
 * with goexit (Go's wording for the same end).
 */
static _Noreturn void deadlock(void)
{
	begin_fatal();
	stoptheworld();
	if (live_goroutines() == 0) {
		kprintf("fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n");
		kexit(EXIT_FATAL);
	}
	kprintf("fatal error: all goroutines are asleep - deadlock!\n");
	print_seed();
	kprintf("\n");
	traceback_all(NULL);
	kexit(EXIT_FATAL);
}

/* --- CPUs going idle and being woken ---------------------------------------------
 *
 * A CPU that finds nothing to run puts its bit in sched.idlemask, looks
 * once more at every queue, and halts. One that makes a goroutine
 * runnable (ready, newproc) calls wakep after queueing it: if a CPU is
 * idle and none is already looking for work (nmspinning, bounded as Go
 * bounds its spinning Ms), it takes one off the idle set and wakes it
 * (cpu_wake), counting it as spinning. Queueing then reading the mask on
 * one side, setting the bit then reading the queues on the other, both
 * sequentially consistent, means one of the two always sees the other:
 * no goroutine is left queued while every CPU sleeps. Nothing polls.
 */

/* idle_set puts CPU id in the idle set. */
static void idle_set(int id)
{
	__atomic_fetch_or(&sched.idlemask, 1u << id, __ATOMIC_SEQ_CST);
}

/* idle_clear takes CPU id out of the idle set; false if another CPU (wakep) already had. */
static bool idle_clear(int id)
{
	if (!(__atomic_fetch_and(&sched.idlemask, ~(1u << id), __ATOMIC_SEQ_CST) & (1u << id)))
		return false;
	__atomic_add_fetch(&sched.idlegen, 1, __ATOMIC_SEQ_CST);
	return true;
}

/* pick_idle: an idle CPU of mask (not 0): the first at or after a random one, so that work spreads. */
/* all_idle: is every CPU in the idle set? */
static bool all_idle(void)
{
	return __builtin_popcount(__atomic_load_n(&sched.idlemask, __ATOMIC_SEQ_CST)) == nprocs;
}

static int pick_idle(uint32_t mask)
{
	int start = (int)(fastrand() % (uint32_t)nprocs);
	uint32_t from = mask >> start;
	return from ? start + __builtin_ctz(from) : __builtin_ctz(mask);
}

void wakep(void)
{
	if (__atomic_load_n(&sched.idlemask, __ATOMIC_SEQ_CST) == 0)
		return;
	int zero = 0;
	if (!__atomic_compare_exchange_n(&sched.nmspinning, &zero, 1, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
		return;         /* a CPU is looking already: it will find the goroutine */
	for (uint32_t mask; (mask = __atomic_load_n(&sched.idlemask, __ATOMIC_SEQ_CST));) {
		int id = pick_idle(mask);
		if (idle_clear(id)) {
			cpu_wake(id);   /* it leaves machine_halt spinning, counted above */
			return;
		}
	}
	__atomic_sub_fetch(&sched.nmspinning, 1, __ATOMIC_SEQ_CST);
}

/* wakeidle wakes an idle CPU without taking it off the idle set: the timers changed, it re-arms its own. */
void wakeidle(void)
{
	uint32_t mask = __atomic_load_n(&sched.idlemask, __ATOMIC_SEQ_CST);
	if (mask)
		cpu_wake(__builtin_ctz(mask));
}

/* resetspinning: mp found work and stops spinning; the last spinner wakes another for what may be left. */
static void resetspinning(M *mp)
{
	mp->spinning = false;
	if (__atomic_sub_fetch(&sched.nmspinning, 1, __ATOMIC_SEQ_CST) == 0)
		wakep();
}

/* anywork: is a goroutine queued anywhere (the global queue, a P's queue)? The last look before halting. */
static bool anywork(void)
{
	if (__atomic_load_n(&sched.runqsize, __ATOMIC_SEQ_CST) > 0)
		return true;
	for (int i = 0; i < nprocs; i++) {
		P *q = allp[i];
		if (__atomic_load_n(&q->runqtail, __ATOMIC_SEQ_CST) != __atomic_load_n(&q->runqhead, __ATOMIC_SEQ_CST))
			return true;
	}
	return false;
}

/*
 * stoptheworld: a fatal report has begun on this CPU. The others stop
 * at their next scheduling point (they halt for good), so that nothing
 * more runs while the report reads every goroutine. A goroutine running
 * on another CPU runs on until it parks, yields or ends: interrupting
 * it needs preemption.
 */
void stoptheworld(void)
{
	__atomic_store_n(&sched.stopping, 1, __ATOMIC_SEQ_CST);
	for (int i = 0; i < nprocs; i++)
		if (allm[i] && i != cpu_id())
			cpu_wake(i);
}

/* stopped: the world is stopping: this CPU halts for good. */
_Noreturn void stopped(void)
{
	for (;;)
		machine_halt();
}

/*
 * findrunnable returns a goroutine to run, halting the CPU until there
 * is one. Not inlined: it is the slow path, and schedule's fast one
 * would pay for its registers and stack.
 */
static __attribute__((noinline)) G *findrunnable(void)
{
	M *mp = getg()->m;
	P *p = mp->p;
	for (;;) {
		G *gp;
		/* Each turn, so also right after a halt: the interrupt that ended it may have readied a driver. */
		if (intr_ready())
			intr_poll();
		if (fairtick(p) && sched.runqsize > 0) {
			spin_lock(&sched.lock);
			gp = globrunqget();
			spin_unlock(&sched.lock);
			if (gp)
				goto found;
		}
		if ((gp = runqget(p)))
			goto found;
		/*
		 * The timers before the global queue, where preempted and
		 * yielding goroutines wait: a sleeper whose time has come runs
		 * before a goroutine that was preempted for keeping its CPU.
		 */
		int64_t next = timers_pending() ? timers_run(nanotime(), runq_room(p)) : 0;
		if ((gp = runqget(p)))
			goto found;
		if (__atomic_load_n(&sched.runqsize, __ATOMIC_ACQUIRE) > 0) {
			spin_lock(&sched.lock);
			gp = globrunqget();
			spin_unlock(&sched.lock);
			if (gp)
				goto found;
		}
		if (nprocs > 1) {
			/* Steal, as a spinning CPU: at most half as many spin as run (Go's bound). */
			if (!mp->spinning) {
				int busy = nprocs - __builtin_popcount(__atomic_load_n(&sched.idlemask, __ATOMIC_SEQ_CST));
				if (2 * __atomic_load_n(&sched.nmspinning, __ATOMIC_SEQ_CST) < busy) {
					mp->spinning = true;
					__atomic_add_fetch(&sched.nmspinning, 1, __ATOMIC_SEQ_CST);
				}
			}
			if (mp->spinning)
				for (int i = 0; i < nprocs; i++) {
					P *victim = allp[(fastrand() + i) % nprocs];
					if (victim != p && (gp = runqsteal(p, victim)))
						goto found;
				}
		}

		/* Idle: published first, then one more look (see wakep). */
		bool wasspinning = mp->spinning;
		if (wasspinning) {
			mp->spinning = false;
			__atomic_sub_fetch(&sched.nmspinning, 1, __ATOMIC_SEQ_CST);
		}
		idle_set(mp->id);
		if (anywork() || intr_ready()) {
			if (!idle_clear(mp->id))
				mp->spinning = true;    /* wakep took us off the set: we count as spinning */
			else if (wasspinning) {
				mp->spinning = true;
				__atomic_add_fetch(&sched.nmspinning, 1, __ATOMIC_SEQ_CST);
			}
			continue;
		}
		/*
		 * A goroutine waiting for a device interrupt may yet run: no
		 * deadlock (Go's netpoller). And a line can wake a halted CPU,
		 * which leaves the idle set (idlegen counts it) before it
		 * readies the waiter: the looks below hold together only if no
		 * CPU left the set while they were made.
		 */
		uint32_t gen = __atomic_load_n(&sched.idlegen, __ATOMIC_SEQ_CST);
		if (next == 0 && all_idle() && !timers_pending() && !anywork() && !intr_waiting() &&
		    __atomic_load_n(&sched.idlegen, __ATOMIC_SEQ_CST) == gen)
			deadlock();
		if (next > 0)
			machine_timer_set(next);
		/* Idle: what the caches hold past their bounds goes back to the system. */
		stack_scavenge();
		rtalloc_scavenge();
		machine_halt();
		__atomic_add_fetch(&mp->wakeups, 1, __ATOMIC_RELEASE);
		if (__atomic_load_n(&sched.stopping, __ATOMIC_RELAXED))
			stopped();
		if (!idle_clear(mp->id))
			mp->spinning = true;    /* woken by wakep, which counted us spinning */
		continue;
	found:
		if (mp->spinning)
			resetspinning(mp);
		return gp;
	}
}

/* schedule runs the next goroutine on mp (the current M, on g0); it never returns. */
static void schedule(M *mp)
{
	if (getg() != mp->g0)
		throw("schedule: not on the scheduler stack");
	if (__atomic_load_n(&sched.stopping, __ATOMIC_RELAXED))
		stopped();
	P *p = mp->p;
	if (intr_ready())
		intr_poll();
	if (fairtick(p) && timers_pending())
		timers_run(nanotime(), runq_room(p));
	/* The common case first, as findrunnable would decide it: runnext, a woken partner. */
	G *gp = p->runnext;
	if (gp && (!fairtick(p) || sched.runqsize == 0) && runnext_take(p, gp)) {
		execute(mp, gp);
		return;
	}
	execute(mp, findrunnable());
}

/* park_m runs on g0 for gopark: the goroutine is off the CPU before unlockf runs. */
static void park_m(G *gp)
{
	M *mp = gp->m;
	gp->status = Gwaiting;
	TRACE(TrBlock, gp->goid, (uintptr_t)gp->waitreason, 0);
	gp->m = NULL;
	mp->curg = NULL;
	if (gp->stackhi - gp->stacklo > StackMin)
		shrinkstack(gp, mp);    /* while the records pointing into its stack are locked */
	bool (*unlockf)(G *, void *) = mp->waitunlockf;
	void *lock = mp->waitlock;
	mp->waitunlockf = NULL;
	mp->waitlock = NULL;
	if (!unlockf) {
		if (lock)
			spin_unlock(lock);      /* goparkunlock's */
	} else if (!unlockf(gp, lock)) {
		gp->status = Grunnable;
		execute(mp, gp);
		return;
	}
	schedule(mp);
}

void gopark(bool (*unlockf)(G *, void *), void *lock, const char *reason)
{
	G *gp = getg();
	gp->m->waitunlockf = unlockf;
	gp->m->waitlock = lock;
	gp->waitreason = reason;
	mcall(park_m);
}

void goparkunlock(struct spinlock *lock, const char *reason)
{
	gopark(NULL, lock, reason);
}

static inline void ready(G *gp, bool next)
{
	if (gp->status != Gwaiting)
		throw("goready: goroutine is not waiting");
	gp->status = Grunnable;
	if (__builtin_expect(trace_on, 0)) {
		G *cur = getg();
		trace_rec(TrUnblock, gp->goid, cur == cur->m->g0 ? 0 : (uint64_t)cur->goid, 0);
	}
	runqput(getg()->m->p, gp, next);
	if (nprocs > 1)
		wakep();
}

void goready(G *gp)
{
	ready(gp, true);
}

void goready_tail(G *gp)
{
	ready(gp, false);
}

/*
 * gosched_m puts gp behind everything on the global queue. With nothing
 * local to run, the next goroutine is the global queue's head, as
 * findrunnable would find: it is taken under the same lock.
 */
static void gosched_m(G *gp)
{
	M *mp = gp->m;
	P *p = mp->p;
	gp->status = Grunnable;
	TRACE(TrYield, gp->goid, 0, 0);
	mp->curg = NULL;
	gp->m = NULL;
	if (gp->stackhi - gp->stacklo > StackMin)
		shrinkstack(gp, mp);
	spin_lock(&sched.lock);
	globrunqput(gp);
	G *next = NULL;
	if (!fairtick(p) && !p->runnext && p->runqhead == p->runqtail)
		next = globrunqget();
	spin_unlock(&sched.lock);
	if (nprocs > 1)
		wakep();        /* the global queue has work an idle CPU could take */
	if (next) {
		execute(mp, next);
		return;
	}
	schedule(mp);
}

void gosched(void)
{
	mcall(gosched_m);
}

/*
 * preempt_m runs on g0 for asyncPreempt (runtime/preempt.c): gp goes
 * behind everything on the global queue, as Go's gopreempt_m puts it.
 * Its stack is not shrunk: its saved registers may hold anything.
 */
void preempt_m(G *gp)
{
	M *mp = gp->m;
	gp->status = Grunnable;
	mp->curg = NULL;
	gp->m = NULL;
	spin_lock(&sched.lock);
	globrunqput(gp);
	spin_unlock(&sched.lock);
	if (nprocs > 1)
		wakep();
	schedule(mp);
}

/*
 * goexit0 runs on g0 for a goroutine that ended: its G goes on a free
 * list. main's does not: its stack stays, because the goroutines it
 * started may still use its locals (main called goexit).
 */
static void goexit0(G *gp)
{
	M *mp = gp->m;
	TRACE(TrEnd, gp->goid, 0, 0);        /* before it stops counting as live (goro_numgoroutine) */
	gp->status = Gdead;
	gp->m = NULL;
	gp->waitreason = NULL;
	gp->param = NULL;
	mp->curg = NULL;
	if (gp != &maing)
		gfput(mp->p, gp);
	schedule(mp);
}

_Noreturn void goexit1(void)
{
	if (getg()->once)
		once_goexit(getg());    /* Go's deferred unlock in Once.doSlow */
	libc_goexit();  /* its C library state (errno, stdio...): on its own stack, where locks may wait */
	mcall(goexit0);
	throw("goexit: returned");
}

/* --- start-up ------------------------------------------------------------------ */

struct mainargs {
	int (*main)(int, char **);
	int argc;
	char **argv;
};

/*
 * The GORO_INIT functions (goro.h), in the section goro_init: the linker
 * scripts bound it; hosted, the linker names the bounds itself, and an
 * image with none has neither (weak: both 0).
 */
extern void (*const __start_goro_init[])(void) __attribute__((weak));
extern void (*const __stop_goro_init[])(void) __attribute__((weak));

/*
 * runmain is goroutine 1: the GORO_INIT functions, then the appliance's
 * main; main's return is exit(), as C's start code does.
 */
static void runmain(void *arg)
{
	struct mainargs *a = arg;
	for (void (*const *f)(void) = __start_goro_init; f < __stop_goro_init; f++)
		(*f)();
	exit(a->main(a->argc, a->argv));
}

_Noreturn void rt0_go(const char *cmdline, uint64_t cmdlinelen, int nextra, char **extra,
		      int (*main)(int, char **))
{
	int argc;
	char **argv = options_parse(cmdline, cmdlinelen, nextra, extra, &argc);
	if (options.verbose)
		machine_describe();
	libc_init();
	mstart(main, argc, argv);
}

P *proc_p(int id)
{
	P *p = &pall[id];
	p->id = id;
	allp[id] = p;
	if (id + 1 > nprocs)
		nprocs = id + 1;
	return p;
}

_Noreturn void mstart_cpu(M *mp, P *p)
{
	G *g0 = mp->g0;
	mp->p = p;
	p->m = mp;
	allm[mp->id] = mp;
	setg(g0);
	setstackguard(g0->stackguard);
	/* g0 runs on this stack; mcall restarts it from here each time, as on CPU 0 (mstart). */
	gosave(&g0->sched);
	schedule(mp);
	throw("schedule returned");
}

_Noreturn void mstart(int (*main)(int, char **), int argc, char **argv)
{
	static struct mainargs args;
	m0.g0 = &g0_m0;
	m0.p = &p0;
	fastrand_seed = seed_from(options.seed);
	fastrand_init(&m0);
	p0.m = &m0;
	g0_m0.m = &m0;
	g0_m0.status = Grunning;
	tls_init(m0.tls, 0);
	setg(&g0_m0);
	/* g0 runs on this (the boot) stack; mcall restarts it from here each time. */
	gosave(&g0_m0.sched);
	g0_m0.stackhi = g0_m0.sched.sp;
	g0_m0.stacklo = (uintptr_t)boot_stack;
	stack_init();
	trace_init();
	cpus_start();

	/* goroutine 1 takes nothing from the allocators: its G is static, its stack in the image */
	args = (struct mainargs){ main, argc, argv };
	if ((uintptr_t)(mainstack_hi - mainstack_lo) != StackMain)
		fatal("goroutine 1's stack in the image is %lu bytes, not StackMain's %lu (linker/<arch>.ld)",
		      (unsigned long)(mainstack_hi - mainstack_lo), (unsigned long)StackMain);
	allgadd(&maing);
	stack_fixed(&maing, (uintptr_t)mainstack_lo, (uintptr_t)mainstack_hi);
	gostart_on(&maing, &p0, runmain, &args);
	schedule(&m0);
	throw("schedule returned");
}
