/*
 * runq.c - unit tests of the scheduler's run queues (runtime/proc.c):
 * a P's local ring of RunqSize goroutines plus runnext, the global
 * queue, the spill of half a full ring to the global queue
 * (runqputslow), stealing half of another P's ring (runqsteal), the
 * wake-ups that feed them (goready, goready_tail) and the order
 * findrunnable takes from them in.
 *
 * The random sequences run two Ps and the global queue against a model
 * of plain arrays, with head and tail starting near 2^32 so the ring's
 * indices wrap. The queue cases run as on one CPU (nprocs 1: the head
 * and runnext move by plain stores) and again as on two ("-2p": by
 * CAS, as thieves may race them). Nothing here switches goroutines:
 * the functions that would (gogo, mcall, ...) are stubs that fail the
 * case if called.
 */
#include "../../runtime/proc.c"
#include "unit.h"

/* --- stubs ------------------------------------------------------------------- */

__thread G *goro_g __attribute__((tls_model("local-exec")));    /* getg() (plat/hosted/tls.h) */
__thread int goro_cpuid __attribute__((tls_model("local-exec")));     /* cpu_id() */
char boot_stack[16];
struct options options;

/* Nothing the run queues use: reaching one fails the case. */
#define UNREACHED(decl) decl { FAILF("%s called", __func__); longjmp(unit_case_jmp, 1); }
bool trace_on;                  /* the execution trace stays off (trace_rec is never reached) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
UNREACHED(void gogo(Gobuf *buf))
UNREACHED(void gosave(Gobuf *buf))
UNREACHED(void mcall(void (*fn)(G *)))
UNREACHED(void gostartcallfn(Gobuf *buf, FuncVal *fv))
UNREACHED(void gostart(void))
UNREACHED(void goexit(void))
UNREACHED(void tls_init(uintptr_t *block, int cpu))
UNREACHED(void *rtalloc(size_t n))
UNREACHED(void rtfree(void *p))
UNREACHED(void rtalloc_scavenge(void))
UNREACHED(void stackalloc(G *gp, uintptr_t n, bool pinned))
UNREACHED(void stackfree(G *gp))
UNREACHED(bool stack_reusable(G *gp))
UNREACHED(void stack_inuse_add(uintptr_t n))
UNREACHED(void stack_release(G *gp))
UNREACHED(void stack_init(void))
UNREACHED(void stack_scavenge(void))
UNREACHED(void shrinkstack(G *gp, M *mp))
UNREACHED(void traceback_all(G *cur))
UNREACHED(void begin_fatal(void))
UNREACHED(_Noreturn void kexit(int status))
UNREACHED(void machine_timer_set(int64_t deadline))
UNREACHED(void machine_halt(void))
UNREACHED(char **options_parse(const char *cmdline, uint64_t len, int nextra, char **extra, int *argcp))
UNREACHED(void machine_describe(void))
UNREACHED(void libc_init(void))
UNREACHED(void libc_goexit(void))
UNREACHED(void once_goexit(G *gp))
UNREACHED(void trace_rec(uint32_t kind, int64_t g, uint64_t a, uint32_t b))
UNREACHED(uint64_t machine_entropy(void))
UNREACHED(void cpus_start(void))
UNREACHED(void cpu_wake(int id))
UNREACHED(void print_seed(void))
UNREACHED(void intr_poll(void))
#pragma GCC diagnostic pop

/* Device interrupts (runtime/intr.c): none ever fires here, and none is waited for. */
uint32_t intr_summary;

int intr_waiting(void)
{
	return 0;
}

/* The timers, for findrunnable: a hook may ready goroutines as waking sleepers would. */
static int timers_budget = -1;
static void (*timers_hook)(void);

int64_t nanotime(void)
{
	return 0;
}

/* The fake always has a sleeper left (timers_run returns a deadline). */
bool timers_pending(void)
{
	return true;
}

int64_t timers_run(int64_t now, int budget)
{
	(void)now;
	timers_budget = budget;
	if (timers_hook)
		timers_hook();
	return 1;       /* a sleeper left: findrunnable would halt, not report a deadlock */
}

/* --- helpers ------------------------------------------------------------------------ */

enum { NG = 4096 };
static G gs[NG];
static P ps[2];

static void reset(void)
{
	memset(gs, 0, sizeof gs);
	memset(ps, 0, sizeof ps);
	sched = (struct Sched){ 0 };
	memset(&p0, 0, sizeof p0);
	m0 = (M){ 0 };
	g0_m0 = (G){ 0 };
	m0.g0 = &g0_m0;
	m0.p = &p0;
	m0.fastrand = 0x9e3779b9u;
	p0.m = &m0;
	g0_m0.m = &m0;
	goro_g = &g0_m0;        /* running on the scheduler's g0, as goready's callers may */
	timers_budget = -1;
	timers_hook = NULL;
	nprocs = 1;             /* one CPU: runnext and the head move without locked instructions */
}

/* The same cases with two Ps, where runqget and runnext_take race thieves with CAS. */
static void local_queue_fifo(void);
static void ring_indices_wrap(void);
static void random_queues(void);
static void local_queue_fifo_2p(void)
{
	nprocs = 2;
	local_queue_fifo();
}
static void ring_indices_wrap_2p(void)
{
	nprocs = 2;
	ring_indices_wrap();
}
static void random_queues_2p(void)
{
	nprocs = 2;
	random_queues();
}

static int gid(G *gp)
{
	return gp ? (int)(gp - gs) : -1;
}

static int qlen(P *p)
{
	return (int)(p->runqtail - p->runqhead);
}

/* local_is: p's ring holds exactly these goroutines, head first. */
static void local_is(P *p, const int *ids, int n)
{
	REQUIRE(qlen(p) == n, "the ring holds %d, want %d", qlen(p), n);
	EXPECT(runq_room(p) == RunqSize - n, "runq_room %d with %d queued", runq_room(p), n);
	for (int i = 0; i < n; i++)
		REQUIRE(p->runq[(p->runqhead + i) % RunqSize] == &gs[ids[i]], "ring entry %d is G%d, want G%d", i,
			gid(p->runq[(p->runqhead + i) % RunqSize]), ids[i]);
}

/* global_is: the global queue holds exactly these, head first, and counts them. */
static void global_is(const int *ids, int n)
{
	REQUIRE(sched.runqsize == n, "the global queue counts %d, want %d", sched.runqsize, n);
	G *gp = sched.runqhead;
	for (int i = 0; i < n; i++, gp = gp->schedlink)
		REQUIRE(gp == &gs[ids[i]], "global entry %d is G%d, want G%d", i, gid(gp), ids[i]);
	REQUIRE(gp == NULL, "the global queue goes on past %d", n);
	REQUIRE(n ? sched.runqtail == &gs[ids[n - 1]] : !sched.runqtail && !sched.runqhead,
		"the global queue's tail is G%d", gid(sched.runqtail));
}

/* --- cases ---------------------------------------------------------------------------- */

static void global_queue_fifo(void)
{
	global_is(NULL, 0);
	EXPECT(globrunqget() == NULL, "an empty global queue gave a goroutine");
	for (int i = 0; i < 1000; i++) {
		gs[i].schedlink = &gs[NG - 1];          /* stale: globrunqput must clear it */
		globrunqput(&gs[i]);
	}
	EXPECT(sched.runqsize == 1000 && sched.runqtail->schedlink == NULL, "after 1000 puts");
	for (int i = 0; i < 1000; i++) {
		G *gp = globrunqget();
		REQUIRE(gp == &gs[i], "get %d gave G%d", i, gid(gp));
		if (i == 499)
			globrunqput(&gs[2000]);         /* behind the rest */
	}
	EXPECT(globrunqget() == &gs[2000], "a put while non-empty goes last");
	EXPECT(globrunqget() == NULL, "the global queue is not empty");
	global_is(NULL, 0);
	globrunqput(&gs[7]);                    /* usable again once emptied */
	global_is((int[]){ 7 }, 1);
}

static void local_queue_fifo(void)
{
	P *p = &ps[0];
	EXPECT(runqget(p) == NULL && runq_room(p) == RunqSize, "a new P's queue is not empty");
	for (int i = 0; i < RunqSize; i++) {
		runqput(p, &gs[i], false);
		REQUIRE(runq_room(p) == RunqSize - 1 - i, "room %d after %d puts", runq_room(p), i + 1);
	}
	global_is(NULL, 0);                     /* a full ring, nothing spilled */
	for (int i = 0; i < RunqSize; i++)
		REQUIRE(runqget(p) == &gs[i], "get %d", i);
	EXPECT(runqget(p) == NULL && runq_room(p) == RunqSize, "not empty after as many gets as puts");
}

static void runnext_first(void)
{
	P *p = &ps[0];
	runqput(p, &gs[1], true);
	EXPECT(p->runnext == &gs[1] && qlen(p) == 0, "runqput(next) does not fill runnext");
	EXPECT(runqget(p) == &gs[1] && p->runnext == NULL, "runnext comes first");
	runqput(p, &gs[2], false);
	runqput(p, &gs[3], true);
	runqput(p, &gs[4], true);               /* G3 goes back to the tail */
	EXPECT(p->runnext == &gs[4], "runnext is G%d, want G4", gid(p->runnext));
	local_is(p, (int[]){ 2, 3 }, 2);
	EXPECT(runqget(p) == &gs[4] && runqget(p) == &gs[2] && runqget(p) == &gs[3] && runqget(p) == NULL,
	       "runnext, then the ring in order");
}

static void full_ring_spills_half_to_global(void)
{
	P *p = &ps[0];
	for (int i = 0; i < RunqSize; i++)
		runqput(p, &gs[i], false);
	runqput(p, &gs[RunqSize], false);
	/* The older half and the newcomer went to the global queue, in order. */
	int want_global[RunqSize / 2 + 1], want_local[RunqSize / 2];
	for (int i = 0; i < RunqSize / 2; i++) {
		want_global[i] = i;
		want_local[i] = RunqSize / 2 + i;
	}
	want_global[RunqSize / 2] = RunqSize;
	global_is(want_global, RunqSize / 2 + 1);
	local_is(p, want_local, RunqSize / 2);
	/* Through runnext: the goroutine it displaces is the one that spills. */
	for (int i = RunqSize + 1; qlen(p) < RunqSize; i++)
		runqput(p, &gs[i], false);
	runqput(p, &gs[1000], true);
	runqput(p, &gs[1001], true);            /* displaces G1000 into a full ring */
	EXPECT(p->runnext == &gs[1001], "runnext G%d", gid(p->runnext));
	EXPECT(qlen(p) == RunqSize / 2 && sched.runqsize == 2 * (RunqSize / 2 + 1), "a second spill: %d local, %d global",
	       qlen(p), sched.runqsize);
	EXPECT(sched.runqtail == &gs[1000], "the displaced runnext is last on the global queue");
}

static void ring_indices_wrap(void)
{
	P *p = &ps[0];
	p->runqhead = p->runqtail = UINT32_MAX - 100;
	int next = 0, expect = 0;
	for (int round = 0; round < 50; round++) {     /* through 2^32, in puts and gets of 0..40 */
		int puts = unit_below(41), gets = unit_below(41);
		for (int i = 0; i < puts; i++)
			runqput(p, &gs[next++ % NG], false);
		for (int i = 0; i < gets; i++) {
			G *gp = runqget(p);
			if (expect == next) {
				REQUIRE(gp == NULL, "an empty ring gave G%d", gid(gp));
				break;
			}
			REQUIRE(gp == &gs[expect % NG], "got G%d, want G%d at head %u", gid(gp), expect % NG,
				p->runqhead);
			expect++;
		}
	}
	EXPECT(expect > 100 && p->runqhead == (uint32_t)(UINT32_MAX - 100 + expect) && p->runqhead < UINT32_MAX - 100,
	       "the indices did not wrap: %d gets, head %u", expect, p->runqhead);
	global_is(NULL, 0);
	/* A full ring across the wrap spills as anywhere else. */
	while (runqget(p))
		;
	p->runqhead = p->runqtail = UINT32_MAX - 10;
	for (int i = 0; i <= RunqSize; i++)
		runqput(p, &gs[i], false);
	EXPECT(sched.runqsize == RunqSize / 2 + 1 && qlen(p) == RunqSize / 2 && runqget(p) == &gs[RunqSize / 2],
	       "a spill across the wrap");
}

static void steal_takes_half(void)
{
	for (int k = 0; k <= RunqSize; k++) {
		reset();
		P *p = &ps[0], *victim = &ps[1];
		victim->runqhead = victim->runqtail = UINT32_MAX - unit_below(RunqSize);
		for (int i = 0; i < k; i++)
			runqput(victim, &gs[i], false);
		victim->runnext = &gs[NG - 1];          /* stolen only from an empty ring */
		G *gp = runqsteal(p, victim);
		int n = k - k / 2;                      /* half, rounded up */
		if (k == 0) {
			REQUIRE(gp == &gs[NG - 1] && victim->runnext == NULL,
				"an empty ring: stole G%d, want its runnext G%d", gid(gp), NG - 1);
			continue;
		}
		REQUIRE(gp == &gs[0], "%d queued: the stolen one to run is G%d, want G0", k, gid(gp));
		REQUIRE(qlen(p) == n - 1 && qlen(victim) == k - n, "%d queued: the thief has %d, the victim %d",
			k, qlen(p), qlen(victim));
		for (int i = 1; i < n; i++)
			REQUIRE(runqget(p) == &gs[i], "%d queued: the thief's entry %d", k, i);
		for (int i = n; i < k; i++)
			REQUIRE(victim->runq[(victim->runqhead + i - n) % RunqSize] == &gs[i], "%d queued: the victim's %d", k, i);
		REQUIRE(victim->runnext == &gs[NG - 1], "runnext was stolen");
		global_is(NULL, 0);
	}
	/* A thief with its own ring nearly full spills as runqput does. */
	reset();
	P *p = &ps[0], *victim = &ps[1];
	for (int i = 0; i < RunqSize - 10; i++)
		runqput(p, &gs[1000 + i], false);
	for (int i = 0; i < RunqSize; i++)
		runqput(victim, &gs[i], false);
	EXPECT(runqsteal(p, victim) == &gs[0], "the first stolen runs");
	EXPECT(qlen(victim) == RunqSize / 2 && qlen(p) + sched.runqsize == RunqSize - 10 + RunqSize / 2 - 1,
	       "goroutines lost or made up in a steal that spilled: %d + %d", qlen(p), sched.runqsize);
}

static void goready_queues(void)
{
	P *p = &p0;
	gs[1].status = gs[2].status = gs[3].status = Gwaiting;
	goready(&gs[1]);
	EXPECT(gs[1].status == Grunnable && p->runnext == &gs[1], "goready: runs next");
	goready_tail(&gs[2]);
	goready(&gs[3]);
	EXPECT(p->runnext == &gs[3], "a second goready takes runnext");
	local_is(p, (int[]){ 2, 1 }, 2);
	EXPECT(gs[2].status == Grunnable && gs[3].status == Grunnable, "goready_tail: status");
	EXPECT_FATAL(goready(&gs[1]), "goready: goroutine is not waiting");
	gs[4].status = Gdead;
	EXPECT_FATAL(goready_tail(&gs[4]), "goready: goroutine is not waiting");
	local_is(p, (int[]){ 2, 1 }, 2);
}

/* wake_one: a sleeper the timers wake. */
static void wake_one(void)
{
	gs[52].status = Gwaiting;
	goready_tail(&gs[52]);
}

static void findrunnable_order(void)
{
	P *p = &p0;
	p->schedtick = 1;
	runqput(p, &gs[1], false);
	globrunqput(&gs[2]);
	EXPECT(findrunnable() == &gs[1], "the local queue before the global one");
	EXPECT(findrunnable() == &gs[2], "then the global queue");
	/* A sleeper whose time has come runs before the global queue, where preempted goroutines wait. */
	globrunqput(&gs[5]);
	timers_hook = wake_one;
	EXPECT(findrunnable() == &gs[52], "a woken sleeper before the global queue");
	timers_hook = NULL;
	EXPECT(findrunnable() == &gs[5], "then the global queue again");
	timers_budget = -1;
	/* Every 61st schedule, the global queue first. */
	runqput(p, &gs[3], true);
	globrunqput(&gs[4]);
	p->schedtick = 61;
	EXPECT(findrunnable() == &gs[4], "a fair tick: the global queue first");
	EXPECT(findrunnable() == &gs[3], "then runnext");
	/* Nothing queued: the timers, with the ring's room as their budget. */
	for (int i = 0; i < 10; i++)
		runqput(p, &gs[10 + i], false);
	for (int i = 0; i < 10; i++)
		findrunnable();
	EXPECT(timers_budget == -1, "timers run while goroutines were queued");
	p->schedtick = 1;
	for (int i = 0; i < 200; i++)
		runqput(p, &gs[100 + i], false);
	for (int i = 0; i < 200; i++)
		EXPECT(findrunnable() == &gs[100 + i], "the ring in order");
}

/* A sleeper wakes during findrunnable's timers step. */
static void wake_two(void)
{
	gs[50].status = gs[51].status = Gwaiting;
	goready_tail(&gs[50]);
	goready_tail(&gs[51]);
	timers_hook = NULL;
}

static void findrunnable_timers(void)
{
	P *p = &p0;
	p->schedtick = 1;
	for (int i = 0; i < 100; i++)           /* head and tail move on: the room counts from both */
		runqput(p, &gs[i], false);
	for (int i = 0; i < 100; i++)
		runqget(p);
	for (int i = 0; i < 6; i++)
		runqput(p, &gs[200 + i], false);
	for (int i = 0; i < 6; i++)
		findrunnable();
	timers_hook = wake_two;
	EXPECT(findrunnable() == &gs[50], "a goroutine the timers woke");
	EXPECT(timers_budget == RunqSize, "timers_run's budget %d, want the ring's room %d", timers_budget, RunqSize);
	EXPECT(findrunnable() == &gs[51], "the second one woken");
}

/*
 * random_queues: random puts (to the tail or runnext), gets, steals
 * and global gets on two Ps, against arrays. Fill-heavy phases
 * alternate with drain-heavy ones so rings fill, spill and empty.
 */
static struct mq {
	int ring[RunqSize];     /* ring[0] is the head */
	int n;
	int next;               /* runnext, or -1 */
} mq[2];
static int mglobal[NG * 4], mghead, mgtail;

static void model_put(int pi, int id)
{
	struct mq *q = &mq[pi];
	if (q->n == RunqSize) {                 /* the older half and id to the global queue */
		for (int i = 0; i < RunqSize / 2; i++)
			mglobal[mgtail++] = q->ring[i];
		memmove(q->ring, q->ring + RunqSize / 2, (RunqSize / 2) * sizeof *q->ring);
		q->n = RunqSize / 2;
		mglobal[mgtail++] = id;
		return;
	}
	q->ring[q->n++] = id;
}

static int model_get(int pi)
{
	struct mq *q = &mq[pi];
	if (q->next >= 0) {
		int id = q->next;
		q->next = -1;
		return id;
	}
	if (!q->n)
		return -1;
	int id = q->ring[0];
	memmove(q->ring, q->ring + 1, --q->n * sizeof *q->ring);
	return id;
}

static void random_queues(void)
{
	int next = 0, ops[5] = { 0 }, spills = 0, maxlen = 0;
	bool running[NG] = { 0 };              /* taken off a queue: may be put again */
	for (int pi = 0; pi < 2; pi++) {
		mq[pi].n = 0;
		mq[pi].next = -1;
		ps[pi].runqhead = ps[pi].runqtail = UINT32_MAX - unit_below(3 * RunqSize);
	}
	mghead = mgtail = 0;
	for (int i = 0; i < NG; i++)
		running[i] = true;
	for (int step = 0; step < 30000; step++) {
		snprintf(unit_ctx, sizeof unit_ctx, "step %d", step);
		bool filling = step / 2000 % 2 == 0;
		int pi = unit_below(2);
		P *p = &ps[pi];
		unsigned k = unit_below(100);
		int op = k < (filling ? 60u : 25u) ? 0 : k < (filling ? 70u : 40u) ? 1 : k < 85 ? 2 : k < 92 ? 3 : 4;
		int spilled = sched.runqsize;
		if (op <= 1) {                  /* put a goroutine that is not queued */
			int id = -1;
			for (int t = 0; t < NG && id < 0; t++, next++)
				if (running[next % NG])
					id = next % NG;
			if (id < 0)
				continue;
			running[id] = false;
			runqput(p, &gs[id], op == 1);
			if (op == 1) {
				int old = mq[pi].next;
				mq[pi].next = id;
				if (old >= 0)
					model_put(pi, old);
			} else {
				model_put(pi, id);
			}
			spills += sched.runqsize > spilled;
		} else if (op == 2) {           /* get */
			G *gp = runqget(p);
			int want = model_get(pi);
			REQUIRE(gid(gp) == want, "runqget on P%d gave G%d, want G%d", pi, gid(gp), want);
			if (gp)
				running[want] = true;
		} else if (op == 3) {           /* steal from the other P */
			struct mq *v = &mq[1 - pi];
			G *gp = runqsteal(p, &ps[1 - pi]);
			int n = v->n - v->n / 2, want = n ? v->ring[0] : v->next;
			REQUIRE(gid(gp) == want, "runqsteal by P%d gave G%d, want G%d", pi, gid(gp), want);
			if (!n)
				v->next = -1;   /* an empty ring: its runnext, if any, was taken */
			for (int i = 1; i < n; i++)
				model_put(pi, v->ring[i]);
			memmove(v->ring, v->ring + n, (v->n - n) * sizeof *v->ring);
			v->n -= n;
			if (gp)
				running[want] = true;
		} else {                        /* get from the global queue */
			G *gp = globrunqget();
			int want = mghead < mgtail ? mglobal[mghead++] : -1;
			REQUIRE(gid(gp) == want, "globrunqget gave G%d, want G%d", gid(gp), want);
			if (gp)
				running[want] = true;
		}
		ops[op]++;
		for (int i = 0; i < 2; i++) {
			local_is(&ps[i], mq[i].ring, mq[i].n);
			REQUIRE(gid(ps[i].runnext) == mq[i].next, "P%d's runnext is G%d, want G%d", i,
				gid(ps[i].runnext), mq[i].next);
			if (mq[i].n > maxlen)
				maxlen = mq[i].n;
		}
		global_is(mglobal + mghead, mgtail - mghead);
		if (mgtail > (int)nelem(mglobal) - 2 * RunqSize) {      /* keep the model's array in bounds */
			memmove(mglobal, mglobal + mghead, (mgtail - mghead) * sizeof *mglobal);
			mgtail -= mghead;
			mghead = 0;
		}
	}
	unit_ctx[0] = 0;
	EXPECT(spills > 5 && maxlen == RunqSize && ops[3] > 1000 && ops[1] > 1000,
	       "a poor sequence: %d spills, longest ring %d, %d steals, %d runnext puts", spills, maxlen, ops[3], ops[1]);
}

int main(void)
{
	unit_init();
	unit_reset = reset;
	unit_run("global-queue-fifo", global_queue_fifo);
	unit_run("local-queue-fifo", local_queue_fifo);
	unit_run("runnext-first", runnext_first);
	unit_run("full-ring-spills-half-to-global", full_ring_spills_half_to_global);
	unit_run("ring-indices-wrap", ring_indices_wrap);
	unit_run("steal-takes-half", steal_takes_half);
	unit_run("goready-queues", goready_queues);
	unit_run("findrunnable-order", findrunnable_order);
	unit_run("findrunnable-timers", findrunnable_timers);
	unit_run("random-queues", random_queues);
	unit_run("local-queue-fifo-2p", local_queue_fifo_2p);
	unit_run("ring-indices-wrap-2p", ring_indices_wrap_2p);
	unit_run("random-queues-2p", random_queues_2p);
	return unit_done();
}
