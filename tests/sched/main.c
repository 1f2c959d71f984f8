/*
 * sched - goroutines, channels, select, timers and sync, one mode per
 * run (argv[1]). Each check prints one line "ok: ..." or "FAIL: ...";
 * the exit status is the number of failures.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "goro.h"
#include "machine.h"

static int failures;

static void check(int ok, const char *what)
{
	printf("%s: %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

/* --- ping-pong and pipelines ---------------------------------------------- */

struct pp { chan *ping, *pong; int n; waitgroup done; };

static void ponger(void *arg)
{
	struct pp *pp = arg;
	long v;
	while (chan_recv(pp->ping, &v)) {
		v++;
		chan_send(pp->pong, &v);
	}
	wg_done(&pp->done);
}

static void pingpong(void)
{
	struct pp pp = { chan_make(sizeof(long), 0), chan_make(sizeof(long), 0), 100000, { 0 } };
	wg_add(&pp.done, 1);
	go(ponger, &pp);
	long v = 0;
	for (int i = 0; i < pp.n; i++) {
		chan_send(pp.ping, &v);
		chan_recv(pp.pong, &v);
	}
	chan_close(pp.ping);
	wg_wait(&pp.done);      /* ponger reads pp: it must end before pp does */
	check(v == pp.n, "100000 unbuffered ping-pong round trips");
}

struct stage { chan *in, *out; };

static void adder(void *arg)
{
	struct stage *s = arg;
	long v;
	while (chan_recv(s->in, &v)) {
		v += 1;
		chan_send(s->out, &v);
	}
	chan_close(s->out);
}

enum { STAGES = 100, VALUES = 1000 };

static void feed(void *arg)
{
	chan *c = arg;
	for (long i = 0; i < VALUES; i++)
		chan_send(c, &i);
	chan_close(c);
}

static void pipeline(void)
{
	static struct stage st[STAGES];
	chan *first = chan_make(sizeof(long), 4), *in = first;
	for (int i = 0; i < STAGES; i++) {
		st[i].in = in;
		st[i].out = chan_make(sizeof(long), i % 3);
		in = st[i].out;
		go(adder, &st[i]);
	}
	go(feed, first);
	long sum = 0, v, n = 0;
	while (chan_recv(in, &v)) {
		sum += v;
		n++;
	}
	check(n == VALUES && sum == (long)VALUES * (VALUES - 1) / 2 + (long)VALUES * STAGES,
	      "a 100-stage pipeline of 1000 values sums right");
}

/* --- Go's concurrent prime sieve ------------------------------------------------ */

static void generate(void *arg)
{
	chan *ch = arg;
	for (int i = 2;; i++)
		chan_send(ch, &i);
}

struct filt { chan *in, *out; int prime; };

static void filter(void *arg)
{
	struct filt *f = arg;
	int i;
	for (;;) {
		chan_recv(f->in, &i);
		if (i % f->prime != 0)
			chan_send(f->out, &i);
	}
}

static void sieve(void)
{
	static struct filt f[100];
	chan *ch = chan_make(sizeof(int), 0);
	go(generate, ch);
	int prime = 0;
	long sum = 0;
	for (int i = 0; i < 100; i++) {
		chan_recv(ch, &prime);
		sum += prime;
		f[i] = (struct filt){ ch, chan_make(sizeof(int), 0), prime };
		go(filter, &f[i]);
		ch = f[i].out;
	}
	check(prime == 541 && sum == 24133, "the prime sieve's 100th prime is 541, sum 24133");
}

/* --- channel semantics ------------------------------------------------------------ */

static volatile int step;

static void late_receiver(void *arg)
{
	chan *c = arg;
	int v;
	step = 1;
	chan_recv(c, &v);
	step = v;
}

static void semantics(void)
{
	/* Unbuffered: a send completes only when a receiver takes it. */
	chan *u = chan_make(sizeof(int), 0);
	go(late_receiver, u);
	int v = 42;
	chan_send(u, &v);
	gosched();
	check(step == 42, "unbuffered send hands the value to the receiver");

	/* Buffered: cap sends without a receiver, in FIFO order. */
	chan *b = chan_make(sizeof(int), 3);
	for (int i = 1; i <= 3; i++)
		chan_send(b, &i);
	check(chan_len(b) == 3 && chan_cap(b) == 3, "buffered channel holds cap values");
	struct chan_case full = { b, CHAN_SEND, &v, false };
	check(chan_select(&full, 1, false) == -1, "a send to a full channel is not ready");
	int got[3];
	for (int i = 0; i < 3; i++)
		chan_recv(b, &got[i]);
	check(got[0] == 1 && got[1] == 2 && got[2] == 3, "buffered values come out in order");

	/* Close and drain. */
	for (int i = 7; i <= 8; i++)
		chan_send(b, &i);
	chan_close(b);
	int x = -1;
	bool ok1 = chan_recv(b, &x);
	int y = -1;
	bool ok2 = chan_recv(b, &y);
	int z = -1;
	bool ok3 = chan_recv(b, &z);
	check(ok1 && x == 7 && ok2 && y == 8, "values sent before close are still received");
	check(!ok3 && z == 0, "a drained closed channel gives false and a zero value");
	check(chan_len(b) == 0, "len of the drained channel is 0");
	chan_free(u);
	chan_free(b);

	/* Zero-size elements. */
	chan *e = chan_make(0, 2);
	chan_send(e, NULL);
	check(chan_recv(e, NULL) && chan_len(e) == 0, "zero-size elements work");
	chan_free(e);
}

/* --- select -------------------------------------------------------------------------- */

static void select_fair(void)
{
	chan *c[4];
	struct chan_case cs[4];
	int vals[4], counts[4] = { 0 };
	for (int i = 0; i < 4; i++) {
		c[i] = chan_make(sizeof(int), 1);
		vals[i] = i;
		chan_send(c[i], &vals[i]);
		cs[i] = (struct chan_case){ c[i], CHAN_RECV, &vals[i], false };
	}
	for (int r = 0; r < 10000; r++) {
		int k = chan_select(cs, 4, true);
		counts[k]++;
		chan_send(c[k], &k);    /* ready again */
	}
	int fair = 1;
	for (int i = 0; i < 4; i++) {
		printf("case %d chosen %d times\n", i, counts[i]);
		fair &= counts[i] >= 2000 && counts[i] <= 3000;
	}
	check(fair, "each of 4 ready cases chosen 20-30% of 10000 selects");

	struct chan_case none[2] = { { NULL, CHAN_RECV, NULL, false }, { c[0], CHAN_SEND, &vals[0], false } };
	check(chan_select(none, 2, false) == -1, "non-blocking select with nothing ready returns -1");

	chan *cl = chan_make(sizeof(int), 0);
	chan_close(cl);
	int v = 5;
	struct chan_case onclosed = { cl, CHAN_RECV, &v, true };
	check(chan_select(&onclosed, 1, true) == 0 && !onclosed.ok && v == 0,
	      "select receives from a closed channel with ok=false");
}

/*
 * select_seq prints a hash of which of 4 ready cases 64 selects chose:
 * the same under one seed=N, different from run to run without one.
 * With crash, it then panics, and the report names the seed.
 */
static void select_seq(bool crash)
{
	chan *c[4];
	struct chan_case cs[4];
	int vals[4];
	for (int i = 0; i < 4; i++) {
		c[i] = chan_make(sizeof(int), 1);
		vals[i] = i;
		chan_send(c[i], &vals[i]);
		cs[i] = (struct chan_case){ c[i], CHAN_RECV, &vals[i], false };
	}
	uint32_t h = 2166136261u;
	for (int r = 0; r < 64; r++) {
		int k = chan_select(cs, 4, true);
		h = (h ^ (uint32_t)k) * 16777619u;
		chan_send(c[k], &k);
	}
	printf("selectseq: %08x\n", (unsigned)h);
	fflush(stdout);
	if (crash)
		panic("select sequence %08x", (unsigned)h);
}

/* Go's TestSelfSelect: goroutines selecting send and receive on one channel. */
struct selfsel { chan *c; int id; int cap; waitgroup *wg; };

static void selfsel(void *arg)
{
	struct selfsel *s = arg;
	int in, out = s->id;
	struct chan_case cs[2] = { { s->c, CHAN_SEND, &out, false }, { s->c, CHAN_RECV, &in, false } };
	for (int i = 0; i < 1000; i++) {
		int k = chan_select(cs, 2, true);
		/* Unbuffered, a goroutine can never meet itself; buffered, it may. */
		if (k == 1 && in == s->id && s->cap == 0)
			panic("self-select: goroutine %d received its own value", s->id);
	}
	wg_done(s->wg);
}

static void self_select(void)
{
	for (int cap = 0; cap <= 1; cap++) {
		waitgroup wg = { 0 };
		chan *c = chan_make(sizeof(int), cap);
		struct selfsel s[2] = { { c, 1, cap, &wg }, { c, 2, cap, &wg } };
		wg_add(&wg, 2);
		go(selfsel, &s[0]);
		go(selfsel, &s[1]);
		wg_wait(&wg);
	}
	check(1, "two goroutines self-selecting 1000 times on one channel finish");
}

/* Many producers and consumers with a checked sum (Go TestMultiConsumer). */
struct mc { chan *work, *results; waitgroup *wg; };

static void consumer(void *arg)
{
	struct mc *m = arg;
	long v, sum = 0;
	while (chan_recv(m->work, &v))
		sum += v;
	chan_send(m->results, &sum);
	wg_done(m->wg);
}

static void producer(void *arg)
{
	struct mc *m = arg;
	for (long i = 1; i <= 1000; i++)
		chan_send(m->work, &i);
	wg_done(m->wg);
}

static void multi(void)
{
	waitgroup prod = { 0 }, cons = { 0 };
	chan *work = chan_make(sizeof(long), 10), *results = chan_make(sizeof(long), 8);
	struct mc mp = { work, results, &prod }, mcn = { work, results, &cons };
	wg_add(&prod, 4);
	wg_add(&cons, 8);
	for (int i = 0; i < 8; i++)
		go(consumer, &mcn);
	for (int i = 0; i < 4; i++)
		go(producer, &mp);
	wg_wait(&prod);
	chan_close(work);
	wg_wait(&cons);
	long total = 0, s;
	for (int i = 0; i < 8; i++) {
		chan_recv(results, &s);
		total += s;
	}
	check(total == 4L * 1000 * 1001 / 2, "4 producers and 8 consumers: the sum is right");
}

/* --- many goroutines --------------------------------------------------------------- */

struct many { chan *gate; waitgroup *wg; };

static void parked(void *arg)
{
	struct many *m = arg;
	chan_recv(m->gate, NULL);
	wg_done(m->wg);
}

static uintptr_t many_round(int n)
{
	int before = goro_numgoroutine();
	waitgroup wg = { 0 };
	struct many m = { chan_make(0, 0), &wg };
	wg_add(&wg, n);
	for (int i = 0; i < n; i++)
		go(parked, &m);
	gosched();      /* let them all park */
	chan_close(m.gate);
	wg_wait(&wg);
	/*
	 * Done is not gone: with more than one CPU, goroutines past wg_done
	 * may still be exiting elsewhere, their stacks not yet freed. Count
	 * the pages only once every one of them has, and once the CPU has
	 * idled: the runtime's caches give back what they hold past their
	 * bounds only then, and a round that happened to idle on its own
	 * counted thousands of pages more than one that did not.
	 */
	while (goro_numgoroutine() > before)
		gosched();
	chan_free(m.gate);
	gosleep(1000000);
	return physmem_free_pages();
}

/*
 * The runtime keeps free 2 KiB stacks in a per-CPU cache of at most 64
 * (32 pages) that fills and drains in batches, so free pages may differ
 * by that much between rounds; a leak of even a few bytes a goroutine
 * would be hundreds of pages.
 */
enum { CachePages = 32 };

static void many(void)
{
	uintptr_t after1 = many_round(100000);
	uintptr_t after2 = many_round(100000);
	uintptr_t after3 = many_round(100000);
	printf("free pages after round 1: %lu, after round 2: %lu, after round 3: %lu\n",
	       (unsigned long)after1, (unsigned long)after2, (unsigned long)after3);
	uintptr_t lo = after1 < after2 ? after1 : after2, hi = after1 < after2 ? after2 : after1;
	lo = after3 < lo ? after3 : lo, hi = after3 > hi ? after3 : hi;
	check(hi - lo <= CachePages,
	      "100000 goroutines parked and finished three times: no page leaked (within the stack cache)");
}

/* --- memory after a burst ------------------------------------------------------------- */

/*
 * After a burst of goroutines has parked and ended and the CPU has
 * idled, what the runtime keeps is bounded (proc.c, stackalloc.c,
 * rtalloc.c): dead goroutines with their 2 KiB stacks on the free lists
 * (64 a CPU, 256 global), 1024 more dead records, the CPU's stack cache
 * (64) and the pool (256): under 2 MiB of stack. Free pages may differ
 * by that, the records, 64 KiB a size class of the runtime's allocator
 * and the page tables the burst's stacks needed: BurstKeepPages in all.
 * Before, every stack and record of the burst stayed (60,000
 * goroutines: 120 MiB of stack).
 */
enum { BurstN = 60000, BurstStackKeep = 2 << 20, BurstKeepPages = 1024 };

/* malloc_max: the largest block malloc gives (to 1 MiB), freed again. */
static size_t malloc_max(void)
{
	size_t lo = 0, hi = (size_t)physmem_total_pages() * PageSize;
	while (hi - lo > (1u << 20)) {
		size_t mid = lo + (hi - lo) / 2;
		void *p = malloc(mid);
		if (p)
			lo = mid;
		else
			hi = mid;
		free(p);
	}
	return lo;
}

static void burst(bool probe_malloc)
{
	struct goro_stackstats st0, st1, st2;
	many_round(1000);       /* the caches the runtime keeps anyway, warm */
	size_t malloc0 = probe_malloc ? malloc_max() : 0;
	goro_stackstats(&st0);
	uintptr_t free0 = physmem_free_pages();

	waitgroup wg = { 0 };
	struct many m = { chan_make(0, 0), &wg };
	wg_add(&wg, BurstN);
	for (int i = 0; i < BurstN; i++)
		go(parked, &m);
	gosched();      /* let them all park */
	goro_stackstats(&st1);
	uintptr_t free1 = physmem_free_pages();
	chan_close(m.gate);
	wg_wait(&wg);
	gosched();      /* let them all exit */
	chan_free(m.gate);
	gosleep(1000000);       /* the CPU idles: the caches give back what they hold past their bounds */
	goro_stackstats(&st2);
	uintptr_t free2 = physmem_free_pages();
	printf("burst: stack mapped %lu KiB, %lu KiB with %d parked, %lu KiB after; "
	       "free pages %lu, %lu, %lu\n",
	       (unsigned long)(st0.mapped >> 10), (unsigned long)(st1.mapped >> 10), BurstN,
	       (unsigned long)(st2.mapped >> 10), (unsigned long)free0, (unsigned long)free1,
	       (unsigned long)free2);
	check(st1.mapped + BurstStackKeep >= st0.mapped + (uintptr_t)BurstN * 2048,
	      "burst: 60000 parked goroutines hold their stacks");
	check(st2.mapped <= st0.mapped + BurstStackKeep,
	      "burst: after they end, stack mapped is back within 2 MiB of before");
	check(free2 + BurstKeepPages >= free0,
	      "burst: after they end, free pages are back within 1024 of before");
	if (probe_malloc) {
		size_t malloc2 = malloc_max();
		printf("burst: malloc gives %lu MiB before, %lu MiB after\n",
		       (unsigned long)(malloc0 >> 20), (unsigned long)(malloc2 >> 20));
		check(malloc2 + BurstKeepPages * (size_t)PageSize + (1u << 20) >= malloc0,
		      "burst: malloc of a large block succeeds again (within 4 MiB of before)");
	}
}

/* --- every CPU ------------------------------------------------------------------------ */

/*
 * parallel: goroutines on every CPU compute a known sum, yielding now
 * and then so that each queue has work to steal, and every CPU is seen
 * to have run goroutines (goro_cpuruns).
 */
struct part { uint64_t from, to, sum; chan *done; };

static void partsum(void *arg)
{
	struct part *pt = arg;
	uint64_t s = 0;
	for (uint64_t i = pt->from; i < pt->to; i++) {
		s += i * i % 7919;
		if (i % 2048 == 0)
			gosched();
	}
	pt->sum = s;
	chan_send(pt->done, NULL);
}

enum { PartN = 64, PartPer = 200000, PartRounds = 20 };

/* part_round runs the 64 sums once, each goroutine on whichever CPU takes it. */
static void part_round(struct part *parts, chan *done)
{
	for (int i = 0; i < PartN; i++) {
		parts[i] = (struct part){ (uint64_t)i * PartPer, (uint64_t)(i + 1) * PartPer, 0, done };
		go(partsum, &parts[i]);
	}
	for (int i = 0; i < PartN; i++)
		chan_recv(done, NULL);
}

/* every_cpu_ran: each of the n CPUs has run goroutines since before[] was taken. */
static int every_cpu_ran(const uint64_t *before, int n)
{
	for (int c = 0; c < n && c < 16; c++)
		if (goro_cpuruns(c) == before[c])
			return 0;
	return 1;
}

/*
 * Every CPU must be seen running goroutines. Where a CPU is a thread the
 * host schedules (hosted, on a busy machine), one round can end before
 * the host gave every thread a turn: the same work runs again, up to
 * PartRounds rounds in all, before that counts as a failure. A CPU that
 * never takes work fails every round.
 */
static void parallel(int wantcpus)
{
	static struct part parts[PartN];
	int n = goro_ncpu();
	if (wantcpus > 0)
		check(n == wantcpus, "parallel: goroutines run on as many CPUs as expected");
	uint64_t before[16] = { 0 };
	for (int c = 0; c < n && c < 16; c++)
		before[c] = goro_cpuruns(c);
	chan *done = chan_make(0, PartN);
	part_round(parts, done);
	uint64_t total = 0, want = 0;
	for (int i = 0; i < PartN; i++)
		total += parts[i].sum;
	for (uint64_t i = 0; i < (uint64_t)PartN * PartPer; i++)
		want += i * i % 7919;
	check(total == want, "parallel: 64 goroutines computed the known sum");
	int rounds = 1;
	for (; rounds < PartRounds && !every_cpu_ran(before, n); rounds++)
		part_round(parts, done);
	printf("parallel: %d CPUs, goroutines run:", n);
	for (int c = 0; c < n && c < 16; c++)
		printf(" %llu", (unsigned long long)(goro_cpuruns(c) - before[c]));
	printf(" (%d round%s)\n", rounds, rounds == 1 ? "" : "s");
	check(every_cpu_ran(before, n), "parallel: every CPU ran goroutines");
}

/*
 * storm: producers and consumers on every CPU, over buffered and
 * unbuffered channels, consumers selecting between two channels while
 * the producers' ends close: every value is delivered exactly once.
 */
enum { StormProducers = 8, StormConsumers = 8, StormPer = 5000 };
static uint8_t stormseen[StormProducers * StormPer];
static chan *stormc[2];
static waitgroup stormprod, stormcons;
static uint32_t stormdup, stormcount;

static void stormproducer(void *arg)
{
	int k = (int)(intptr_t)arg;
	for (int i = 0; i < StormPer; i++) {
		uint32_t v = (uint32_t)(k * StormPer + i);
		chan_send(stormc[(k + i) % 2], &v);
		if (i % 512 == 0)
			gosched();
	}
	wg_done(&stormprod);
}

static void stormconsumer(void *arg)
{
	(void)arg;
	uint32_t a, b;
	struct chan_case cs[2] = { { stormc[0], CHAN_RECV, &a, false }, { stormc[1], CHAN_RECV, &b, false } };
	int open = 2;
	while (open > 0) {
		int k = chan_select(cs, 2, true);
		if (!cs[k].ok) {
			cs[k].c = NULL;         /* closed: never ready again */
			open--;
			continue;
		}
		uint32_t v = k == 0 ? a : b;
		if (__atomic_exchange_n(&stormseen[v], 1, __ATOMIC_RELAXED))
			__atomic_add_fetch(&stormdup, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&stormcount, 1, __ATOMIC_RELAXED);
	}
	wg_done(&stormcons);
}

static void storm(void)
{
	stormc[0] = chan_make(sizeof(uint32_t), 0);
	stormc[1] = chan_make(sizeof(uint32_t), 16);
	wg_add(&stormprod, StormProducers);
	wg_add(&stormcons, StormConsumers);
	for (int i = 0; i < StormConsumers; i++)
		go(stormconsumer, NULL);
	for (int k = 0; k < StormProducers; k++)
		go(stormproducer, (void *)(intptr_t)k);
	wg_wait(&stormprod);
	chan_close(stormc[0]);
	chan_close(stormc[1]);
	wg_wait(&stormcons);
	int missing = 0;
	for (int i = 0; i < StormProducers * StormPer; i++)
		missing += !stormseen[i];
	printf("storm: %u values received, %u twice, %d never\n", (unsigned)stormcount, (unsigned)stormdup, missing);
	check(stormcount == StormProducers * StormPer && stormdup == 0 && missing == 0,
	      "storm: 40000 values over buffered and unbuffered channels, each delivered exactly once");
}

/* --- timers -------------------------------------------------------------------------- */

static void bump(void *arg)
{
	*(volatile int *)arg = 1;
}

static void yielder(void *arg)
{
	while (!*(volatile int *)arg)
		gosched();
}

struct sleeper { int64_t delay; int64_t deadline; int order; };
static struct sleeper sleepers[10000];
static int woken;
static waitgroup sleepwg;
static chan *sleepgate;
static int64_t sleepstart;

/* Each sleeper waits at the gate, then sleeps until start + its delay (or just yields). */
static void sleeper(void *arg)
{
	struct sleeper *s = arg;
	chan_recv(sleepgate, NULL);
	s->deadline = sleepstart + s->delay;
	gosleep(s->delay ? s->deadline - nanotime() : 0);
	s->order = __atomic_fetch_add(&woken, 1, __ATOMIC_RELAXED);      /* sleepers wake on every CPU */
	if (nanotime() < s->deadline)
		panic("sleeper woke before its deadline");
	wg_done(&sleepwg);
}

static void timers(void)
{
	enum { N = 10000 };
	const int64_t OrderMargin = 30000000;   /* 30 ms: more than a slice (10 to 20 ms) */
	uint32_t seed = 7;
	sleepgate = chan_make(0, 0);
	wg_add(&sleepwg, N);
	for (int i = 0; i < N; i++) {
		seed = seed * 1103515245 + 12345;
		/*
		 * A fifth sleep zero; the rest 1 s (far past the start-up) plus
		 * whole milliseconds up to 100. A sleeper may start its sleep
		 * late, by as much as a time slice: it may be preempted between
		 * reading the clock and parking (more so when the host stalls
		 * the machine). So the order is checked for deadlines further
		 * apart than that, OrderMargin.
		 */
		sleepers[i].delay = (seed >> 8) % 5 == 0 ? 0
				    : 1000000000 + (int64_t)((seed >> 8) % 100) * 1000000;
		go(sleeper, &sleepers[i]);
	}
	gosched();
	sleepstart = nanotime();
	chan_close(sleepgate);
	wg_wait(&sleepwg);
	int inorder = 1;
	for (int i = 0; i < N; i++)
		for (int j = i % 97; j < N; j += 97)
			if (sleepers[i].delay && sleepers[j].delay &&
			    sleepers[i].deadline + OrderMargin < sleepers[j].deadline &&
			    sleepers[i].order > sleepers[j].order)
				inorder = 0;
	check(woken == N, "10000 sleeps with random and zero durations all wake");
	check(inorder, "sleepers wake in deadline order (deadlines over 30 ms apart)");
	int64_t t0 = nanotime();
	gosleep(20000000);
	int64_t slept = nanotime() - t0;
	check(slept >= 20000000, "gosleep(20 ms) sleeps at least 20 ms");
	t0 = nanotime();
	gosleep(0);
	gosleep(-5);
	check(nanotime() - t0 < 20000000, "gosleep of zero or less returns at once");

	/* newlib's time functions, declared by plain <time.h> and <unistd.h>. */
	struct timespec a, b, req = { 0, 15000000 };
	clock_gettime(CLOCK_MONOTONIC, &a);
	int r = nanosleep(&req, NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	int64_t ns = (int64_t)(b.tv_sec - a.tv_sec) * 1000000000 + (b.tv_nsec - a.tv_nsec);
	check(r == 0 && ns >= 15000000, "nanosleep(15 ms) sleeps at least 15 ms by CLOCK_MONOTONIC");
	t0 = nanotime();
	usleep(5000);
	check(nanotime() - t0 >= 5000000, "usleep(5000) sleeps at least 5 ms");
	t0 = nanotime();
	check(sleep(0) == 0 && nanotime() - t0 < 20000000, "sleep(0) returns at once");
	struct timespec bad = { 0, 1000000000 };
	check(nanosleep(&bad, NULL) == -1, "nanosleep rejects tv_nsec >= 1e9");

	/* A goroutine that keeps yielding does not keep a sleeper asleep. */
	static volatile int stop_yield;
	go(yielder, (void *)&stop_yield);
	gosleep(10000000);
	stop_yield = 1;
	check(1, "a sleeper wakes while another goroutine keeps yielding");

	/* Sleeping goroutines let the others run. */
	static volatile int ran;
	go(bump, (void *)&ran);
	usleep(1000);
	check(ran == 1, "a goroutine runs while main is in usleep");
}

/* --- select with a deadline (chan_select_timeout) ------------------------------------------ */

struct tsel { chan *c; int64_t timeout; int idx; int64_t took; long v; waitgroup *wg; };
enum { NTSEL = 200 };
static struct tsel tsels[NTSEL];

static void tsel_waiter(void *arg)
{
	struct tsel *t = arg;
	struct chan_case cs = { t->c, CHAN_RECV, &t->v, false };
	int64_t t0 = nanotime();
	t->idx = chan_select_timeout(&cs, 1, t->timeout);
	t->took = nanotime() - t0;
	wg_done(t->wg);
}

static void late_sender(void *arg)
{
	struct tsel *t = arg;
	gosleep(5000000);
	long v = 1000 + (t - tsels);
	chan_send(t->c, &v);
}

struct racer { chan *c; long sent, got, timeouts; waitgroup *wg; };

static void race_sender(void *arg)
{
	struct racer *r = arg;
	for (long i = 1; i <= 2000; i++) {
		chan_send(r->c, &i);            /* unbuffered: done only once a select took it */
		r->sent += i;
		if (i % 3 == 0)
			gosleep(1000000);
	}
	long end = -1;
	chan_send(r->c, &end);
	wg_done(r->wg);
}

static void race_receiver(void *arg)
{
	struct racer *r = arg;
	for (;;) {
		long v;
		struct chan_case cs = { r->c, CHAN_RECV, &v, false };
		int i = chan_select_timeout(&cs, 1, 500000);
		if (i < 0) {
			r->timeouts++;
			continue;
		}
		if (v < 0)
			break;
		r->got += v;
	}
	wg_done(r->wg);
}

static void select_timeout(void)
{
	chan *c = chan_make(sizeof(long), 0);
	long v = 0;
	struct chan_case cs = { c, CHAN_RECV, &v, false };
	int64_t t0 = nanotime();
	int r = chan_select_timeout(&cs, 1, 20000000);
	int64_t took = nanotime() - t0;
	check(r == -1 && took >= 20000000, "a select with nothing ready returns -1 after its 20 ms");
	t0 = nanotime();
	check(chan_select_timeout(&cs, 1, 0) == -1 && chan_select_timeout(&cs, 1, -5) == -1 &&
	      nanotime() - t0 < 20000000, "a timeout of zero or less does not wait");
	struct chan_case none[2] = { { NULL, CHAN_RECV, NULL, false }, { NULL, CHAN_SEND, NULL, false } };
	t0 = nanotime();
	r = chan_select_timeout(none, 2, 10000000);
	check(r == -1 && nanotime() - t0 >= 10000000, "a select of no channels sleeps its 10 ms and returns -1");

	/* 200 selects at once: the even ones get a value 5 ms in (and a 10 s timeout), the odd ones time out. */
	enum { N = NTSEL };
	struct tsel *ts = tsels;
	waitgroup wg = { 0 };
	wg_add(&wg, N);
	for (int i = 0; i < N; i++) {
		ts[i] = (struct tsel){ chan_make(sizeof(long), 1), i % 2 ? 20000000 + (int64_t)(i % 30) * 1000000
			: 10000000000, -2, 0, 0, &wg };
		go(tsel_waiter, &ts[i]);
		if (i % 2 == 0)
			go(late_sender, &ts[i]);
	}
	wg_wait(&wg);
	int got = 0, timedout = 0, early = 0;
	for (int i = 0; i < N; i++) {
		if (i % 2 == 0) {
			got += ts[i].idx == 0 && ts[i].v == 1000 + i && ts[i].took < 5000000000;
		} else {
			timedout += ts[i].idx == -1 && ts[i].v == 0;
			early += ts[i].took < ts[i].timeout;
			long x = 7;
			chan_send(ts[i].c, &x);         /* buffered: nothing of the timed-out select is left waiting */
			early += chan_len(ts[i].c) != 1;
		}
	}
	check(got == N / 2, "100 selects with a 10 s timeout got the value sent 5 ms in");
	check(timedout == N / 2 && early == 0, "100 selects with 20 to 49 ms timeouts timed out, none early");

	/* Deadlines racing senders: every value sent is received exactly once. */
	struct racer rc = { chan_make(sizeof(long), 0), 0, 0, 0, &wg };
	wg_add(&wg, 2);
	go(race_receiver, &rc);
	go(race_sender, &rc);
	wg_wait(&wg);
	printf("select-timeout: %ld timeouts among 2000 receives\n", rc.timeouts);
	check(rc.got == rc.sent && rc.sent == 2000L * 2001 / 2 && rc.timeouts > 0,
	      "2000 values sent to a select with a 0.5 ms timeout in a loop: each received once, with timeouts between");
}

/* --- sync ------------------------------------------------------------------------------ */

static mutex mu;
static long counter;

static void incr(void *arg)
{
	waitgroup *wg = arg;
	for (int i = 0; i < 1000; i++) {
		mutex_lock(&mu);
		long c = counter;
		if (i % 7 == 0)
			gosched();      /* yield while holding the lock */
		counter = c + 1;
		mutex_unlock(&mu);
	}
	wg_done(wg);
}

static void sync_test(void)
{
	waitgroup wg = { 0 };
	wg_add(&wg, 10);
	for (int i = 0; i < 10; i++)
		go(incr, &wg);
	wg_wait(&wg);
	check(counter == 10000, "a mutex keeps 10 goroutines' 10000 increments exact");
	waitgroup empty = { 0 };
	wg_wait(&empty);
	check(1, "waiting on a zero wait group returns at once");
}

/* --- fairness (Go TestYieldProgress) ---------------------------------------------- */

static volatile int stop_spin;
static long spins;

/* Each spinner starts the next and ends: an endless chain on the local queue. */
static void spinner(void *arg)
{
	(void)arg;
	spins++;
	if (!stop_spin)
		go(spinner, NULL);
}

static void fairness(void)
{
	go(spinner, NULL);
	gosched();      /* main goes to the global queue, behind the endless chain */
	stop_spin = 1;
	check(spins > 0, "a yielded goroutine runs again while others keep respawning");
	gosleep(1000000);
}

/* --- identity ------------------------------------------------------------------------- */

static chan *idch;

static void report_id(void *arg)
{
	(void)arg;
	int64_t id = goid();
	chan_send(idch, &id);
	goexit();
	panic("goexit returned");
}

/* goro_rand: every bit is set in about half of 20000 draws, and draws differ. */
static void randbits(void)
{
	int ones[32] = { 0 }, same = 0;
	uint32_t prev = 0;
	for (int i = 0; i < 20000; i++) {
		uint32_t r = goro_rand();
		for (int b = 0; b < 32; b++)
			ones[b] += r >> b & 1;
		same += r == prev;
		prev = r;
	}
	int lo = 20000, hi = 0;
	for (int b = 0; b < 32; b++) {
		lo = ones[b] < lo ? ones[b] : lo;
		hi = ones[b] > hi ? ones[b] : hi;
	}
	printf("goro_rand: each bit set in %d to %d of 20000 draws\n", lo, hi);
	check(lo > 9000 && hi < 11000 && same == 0, "goro_rand: every bit set in 45% to 55% of 20000 draws");
}

static waitgroup countwg;

/* GORO_INIT: runs before main, on goroutine 1, where it may park. */
static int64_t init_goid;
static void init_before_main(void)
{
	gosleep(1000000);
	init_goid = goid();
}
GORO_INIT(init_before_main);

static void ids(void)
{
	check(init_goid == 1, "a GORO_INIT function ran on goroutine 1 before main, and could sleep");
	idch = chan_make(sizeof(int64_t), 1);
	check(goid() == 1, "main is goroutine 1");
	go(report_id, NULL);
	int64_t id;
	chan_recv(idch, &id);
	check(id > 1, "a new goroutine has a larger id");
}

/* --- counts: goro_numgoroutine and goro_memstats ---------------------------------------------- */

static void park_until_closed(void *arg)
{
	chan_recv(arg, NULL);
	wg_done(&countwg);
}

static void counts(void)
{
	int before = goro_numgoroutine();
	check(before >= 1, "goro_numgoroutine counts main");
	chan *gate = chan_make(0, 0);
	wg_add(&countwg, 10);
	for (int i = 0; i < 10; i++)
		go(park_until_closed, gate);
	gosched();
	check(goro_numgoroutine() == before + 10, "goro_numgoroutine counts 10 parked goroutines");
	chan_close(gate);
	wg_wait(&countwg);
	int64_t deadline = nanotime() + 2000000000;
	while (goro_numgoroutine() != before && nanotime() < deadline)
		gosleep(1000000);       /* the last wg_done comes just before its goroutine ends */
	check(goro_numgoroutine() == before, "goro_numgoroutine is back where it was once they ended");
	struct goro_memstats ms;
	goro_memstats(&ms);
	check(ms.goroutines == before && ms.gs_free >= 1, "goro_memstats: the same count, and dead Gs kept for reuse");
	check(ms.pagesize == 4096 && ms.frames > ms.frames_free && ms.frames_free > 0,
	      "goro_memstats: 4 KiB frames, some in use, some free");
	chan_free(gate);

	/* the runtime's records: 100 channels of 64 8-byte slots are 100 records of over 512 bytes */
	enum { NCHAN = 100 };
	static chan *chans[NCHAN];
	struct goro_memstats a, b, c;
	goro_memstats(&a);
	for (int i = 0; i < NCHAN; i++)
		chans[i] = chan_make(8, 64);
	goro_memstats(&b);
	for (int i = 0; i < NCHAN; i++)
		chan_free(chans[i]);
	goro_memstats(&c);
	check(b.runtime_inuse >= a.runtime_inuse + NCHAN * 512 && b.runtime_bytes >= b.runtime_inuse,
	      "goro_memstats: 100 channels are runtime records in use, within what the records map");
	check(c.runtime_inuse == a.runtime_inuse, "goro_memstats: freed, the records in use are as before");
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "basic";
	if (strcmp(mode, "basic") == 0) {
		ids();
		randbits();
		pingpong();
		pipeline();
		sieve();
		semantics();
		multi();
		sync_test();
		fairness();
		counts();
	} else if (strcmp(mode, "select") == 0) {
		select_fair();
		self_select();
	} else if (strcmp(mode, "selectseq") == 0 || strcmp(mode, "selectseq-panic") == 0) {
		select_seq(strcmp(mode, "selectseq-panic") == 0);
	} else if (strcmp(mode, "parallel") == 0) {
		parallel(argc > 2 ? atoi(argv[2]) : 0);
		storm();
	} else if (strcmp(mode, "many") == 0) {
		many();
	} else if (strcmp(mode, "burst") == 0 || strcmp(mode, "burst-malloc") == 0) {
		burst(strcmp(mode, "burst-malloc") == 0);
	} else if (strcmp(mode, "timers") == 0) {
		timers();
	} else if (strcmp(mode, "selecttimeout") == 0) {
		select_timeout();
	} else {
		printf("unknown mode %s\n", mode);
		return 100;
	}
	return failures;
}
