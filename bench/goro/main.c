/*
 * goro - the runtime's benchmarks, one machine-readable line each:
 *
 *   bench <name> <unit> <value>
 *
 *   gosched-pingpong  ns/op  a switch: two goroutines calling gosched in turn
 *   chan-roundtrip    ns/op  main sends on an unbuffered channel, a partner
 *                            receives and sends back on another
 *   go-run-exit       ns/op  create, run and end a goroutine (batches of
 *                            100, then wait for the batch)
 *   parked-goroutine  bytes/op  memory per goroutine with 100,000 parked
 *                            on a channel receive
 *   stack-fresh-SIZE  us/op  create a goroutine that recurses SIZE bytes
 *                            deep (64KiB, 1MiB, 16MiB) on its fresh stack,
 *                            returns and ends; main waits for each one
 *   stack-grown-SIZE  us/op  the same recursion on a stack already grown
 *                            by a first one: only the second is timed
 *   stack-cold-SIZE   us/op  the first goroutine of the process recursing
 *                            SIZE deep: its stack's first growth, with no
 *                            stack or page to reuse, timed once (named
 *                            only: tools/bench runs each in a process of
 *                            its own)
 *   parallel-work     ms/op  8 goroutines each run 50 million xorshift
 *                            steps with no call in the loop;
 *                            main waits for all (named only: tools/bench
 *                            runs it at procs=1 and 2 for the speed-up)
 *   preempt-latency   ms     a goroutine spins with no call in its loop
 *                            while main sleeps 1 ms, 20 times: the most
 *                            main woke late (named only: at procs=1)
 *   wake-latency      us     main starts a goroutine and keeps computing
 *                            while another CPU is idle: the time until the
 *                            goroutine runs, the median of 200 (named
 *                            only: at procs=2)
 *
 * bench/go/main.go is the same in Go, line for line; tools/bench runs
 * both and compares. Each timed benchmark doubles its count until a run
 * lasts 200 ms, as Go's testing package does, and reports that run (the
 * stack benchmarks count from 1, the others from 1000).
 *
 * The recursion's frames are Frame (128) bytes on every arch, as Go's
 * are: return address, saved registers and a zeroed byte array, one byte
 * of which is written before the call and read after it. SIZE / Frame
 * frames use SIZE bytes, so with the goroutine's own frames the stack
 * ends at twice SIZE, in both languages. A recursion that does not
 * return its depth (a corrupted frame) stops the benchmark with status 1.
 * Memory is measured the same way in both: the growth of the resident
 * set (/proc/self/statm) while the goroutines are parked. Where there is
 * no /proc (on a machine, under QEMU) it is the growth in page frames
 * the runtime took (physmem), and the line says so. An argument names
 * one benchmark to run alone.
 */
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "goro.h"
#include "machine.h"

enum { MinTime = 200000000, Parked = 100000, Batch = 100 };

/* --- gosched ping-pong ------------------------------------------------------ */

struct yielder { long n; waitgroup *wg; };

static void yielder(void *arg)
{
	struct yielder *y = arg;
	for (long i = 0; i < y->n; i++)
		gosched();
	wg_done(y->wg);
}

/* gosched_pingpong: n switches between two goroutines that only yield. */
static void gosched_pingpong(long n)
{
	waitgroup wg = { 0 };
	struct yielder y = { n / 2, &wg };
	wg_add(&wg, 2);
	go(yielder, &y);
	go(yielder, &y);
	wg_wait(&wg);
}

/* --- unbuffered channel round trip -------------------------------------------- */

struct pp { chan *ping, *pong; waitgroup *done; };

static void ponger(void *arg)
{
	struct pp *pp = arg;
	long v;
	while (chan_recv(pp->ping, &v))
		chan_send(pp->pong, &v);
	wg_done(pp->done);
}

static void chan_roundtrip(long n)
{
	waitgroup done = { 0 };
	struct pp pp = { chan_make(sizeof(long), 0), chan_make(sizeof(long), 0), &done };
	wg_add(&done, 1);
	go(ponger, &pp);
	for (long i = 0; i < n; i++) {
		chan_send(pp.ping, &i);
		long v;
		chan_recv(pp.pong, &v);
	}
	chan_close(pp.ping);
	wg_wait(&done);         /* pp, on this stack, is the partner's until it ends */
	chan_free(pp.ping);
	chan_free(pp.pong);
}

/* --- create, run, exit ------------------------------------------------------------ */

static void done(void *arg)
{
	wg_done(arg);
}

static void go_run_exit(long n)
{
	waitgroup wg = { 0 };
	for (long i = 0; i < n; i += Batch) {
		wg_add(&wg, Batch);
		for (int j = 0; j < Batch; j++)
			go(done, &wg);
		wg_wait(&wg);
	}
}

/* --- timing ---------------------------------------------------------------------- */

/* timed_from runs fn with counts first, 2*first, ... until a run takes MinTime; ns per op of that run. */
static double timed_from(void (*fn)(long), long first)
{
	for (long n = first;; n *= 2) {
		int64_t t0 = nanotime();
		fn(n);
		int64_t t = nanotime() - t0;
		if (t >= MinTime || n > LONG_MAX / 2)
			return (double)t / (double)n;
	}
}

static double timed(void (*fn)(long))
{
	return timed_from(fn, 1000);
}

/* --- parallel work ------------------------------------------------------------------ */

enum { Workers = 8, Steps = 50000000 };
static uint64_t worksink;
static waitgroup workwg;

/* worker: Steps xorshift steps with no call in the loop: work only more CPUs make faster. */
static void worker(void *arg)
{
	uint64_t x = (uint64_t)(uintptr_t)arg;
	for (long i = 0; i < Steps; i++)
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
	__atomic_add_fetch(&worksink, x, __ATOMIC_RELAXED);     /* used: the loop stays */
	wg_done(&workwg);
}

/* parallel_work: the time for Workers workers to finish, in ms. */
static double parallel_work(void)
{
	int64_t t0 = nanotime();
	wg_add(&workwg, Workers);
	for (int i = 0; i < Workers; i++)
		go(worker, (void *)(uintptr_t)(i + 1));
	wg_wait(&workwg);
	return (double)(nanotime() - t0) / 1e6;
}

/* --- latencies --------------------------------------------------------------------- */

static volatile int spinstop;

/* spinner: no call in its loop: only a preemption takes the CPU from it. */
static void spinner(void *arg)
{
	(void)arg;
	while (!spinstop)
		;
	wg_done(&workwg);
}

/* preempt_latency: the most a 1 ms sleep of main overran, in ms, while a spinner had the CPU. */
static double preempt_latency(void)
{
	wg_add(&workwg, 1);
	go(spinner, NULL);
	int64_t worst = 0;
	for (int i = 0; i < 20; i++) {
		int64_t t0 = nanotime();
		gosleep(1000000);
		int64_t late = nanotime() - t0 - 1000000;
		if (late > worst)
			worst = late;
	}
	spinstop = 1;
	wg_wait(&workwg);
	return (double)worst / 1e6;
}

static int64_t woke;

static void wakee(void *arg)
{
	(void)arg;
	__atomic_store_n(&woke, nanotime(), __ATOMIC_RELEASE);
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/*
 * wake_latency: main starts a goroutine and computes on until it runs,
 * so another CPU, idle after a sleep, must wake and take it: the median
 * time from go to its first instruction, in us.
 */
static double wake_latency(void)
{
	enum { N = 200 };
	static int64_t lat[N];
	for (int i = 0; i < N; i++) {
		gosleep(200000);        /* every CPU idles */
		__atomic_store_n(&woke, 0, __ATOMIC_RELAXED);
		int64_t t0 = nanotime();
		go(wakee, NULL);
		while (__atomic_load_n(&woke, __ATOMIC_ACQUIRE) == 0)
			;
		lat[i] = woke - t0;
	}
	qsort(lat, N, sizeof lat[0], cmp64);
	return (double)lat[N / 2] / 1e3;
}

/* --- stack growth ------------------------------------------------------------------- */

/*
 * Pad is the array that makes deep's frame Frame bytes: Frame less the
 * return address, the saved frame pointer and callee-saved registers
 * and the alignment each arch's code has (checked in the disassembly).
 */
enum { Frame = 128 };
#if defined(__x86_64__)
enum { Pad = 104 };             /* ret, rbp, rbx: 24 bytes */
#elif defined(__i386__)
enum { Pad = 104 };             /* ret, ebp, esi: 12; 12 of alignment */
#elif defined(__arm__)
enum { Pad = 112 };             /* r4, r5, r11, lr: 16 */
#else
#error "Pad: unknown arch"
#endif

/* deep recurses n frames of Frame bytes and returns n. */
__attribute__((noinline)) static long deep(long n)
{
	unsigned long words[Pad / sizeof(long)];
	for (size_t i = 0; i < Pad / sizeof(long); i++) /* "= { 0 }" is a memset call on i386 */
		words[i] = 0;
	unsigned char *pad = (unsigned char *)words;
	pad[(unsigned long)n & 63] = 1;
	__asm__ volatile("" : : "r"(pad) : "memory");  /* pad is kept, in memory */
	long r = 0;
	if (n > 1)
		r = deep(n - 1);
	return r + pad[(unsigned long)n & 63];
}

static long stack_depth;        /* frames: the benchmark's size / Frame */
static long stack_bad;          /* recursions that did not return their depth */

static void fresh(void *arg)
{
	if (deep(stack_depth) != stack_depth)
		stack_bad++;
	wg_done(arg);
}

/* stack_fresh: n goroutines one after the other, each recursing stack_depth frames. */
static void stack_fresh(long n)
{
	waitgroup wg = { 0 };
	for (long i = 0; i < n; i++) {
		wg_add(&wg, 1);
		go(fresh, &wg);
		wg_wait(&wg);
	}
}

struct grown { double ns; waitgroup *wg; };

/* grown recurses once to grow its stack, then times the same recursion as timed_from does. */
static void grown(void *arg)
{
	struct grown *g = arg;
	if (deep(stack_depth) != stack_depth)
		stack_bad++;
	for (long n = 1;; n *= 2) {
		int64_t t0 = nanotime();
		for (long i = 0; i < n; i++)
			if (deep(stack_depth) != stack_depth)
				stack_bad++;
		int64_t t = nanotime() - t0;
		if (t >= MinTime || n > LONG_MAX / 2) {
			g->ns = (double)t / (double)n;
			break;
		}
	}
	wg_done(g->wg);
}

static double stack_grown(void)
{
	waitgroup wg = { 0 };
	struct grown g = { 0, &wg };
	wg_add(&wg, 1);
	go(grown, &g);
	wg_wait(&wg);
	return g.ns;
}

/* --- parked goroutines ---------------------------------------------------------- */

struct park { chan *gate; waitgroup *started, *ended; };

static void parked(void *arg)
{
	struct park *p = arg;
	wg_done(p->started);
	chan_recv(p->gate, NULL);
	wg_done(p->ended);
}

/* resident returns the resident set in bytes, or -1 without /proc. */
static long resident(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	if (!f)
		return -1;
	long size, rss;
	int n = fscanf(f, "%ld %ld", &size, &rss);
	fclose(f);
	return n == 2 ? rss * 4096 : -1;
}

/* memory returns what the process holds now, and how it was measured. */
static long memory(const char **how)
{
	long rss = resident();
	if (rss >= 0) {
		*how = "resident set";
		return rss;
	}
	*how = "page frames";
	return (long)(physmem_total_pages() - physmem_free_pages()) * 4096;
}

static double parked_goroutine(const char **how)
{
	waitgroup started = { 0 }, ended = { 0 };
	struct park p = { chan_make(0, 0), &started, &ended };
	long before = memory(how);
	wg_add(&started, Parked);
	wg_add(&ended, Parked);
	for (int i = 0; i < Parked; i++)
		go(parked, &p);
	wg_wait(&started);      /* each ran until it parked on the gate */
	long after = memory(how);
	chan_close(p.gate);
	wg_wait(&ended);        /* all run out before the next benchmark starts */
	chan_free(p.gate);
	return (double)(after - before) / Parked;
}

int main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;
	static const struct {
		const char *name;
		void (*fn)(long);
	} timers[] = {
		{ "gosched-pingpong", gosched_pingpong },
		{ "chan-roundtrip", chan_roundtrip },
		{ "go-run-exit", go_run_exit },
	};
	if (only && strcmp(only, "parallel-work") == 0) {
		printf("bench parallel-work ms/op %.1f\n# parallel-work: %d CPUs\n", parallel_work(), goro_ncpu());
		return 0;
	}
	if (only && strcmp(only, "preempt-latency") == 0) {
		printf("bench preempt-latency ms %.2f\n", preempt_latency());
		return 0;
	}
	if (only && strcmp(only, "wake-latency") == 0) {
		printf("bench wake-latency us %.2f\n", wake_latency());
		return 0;
	}
	for (size_t i = 0; i < sizeof timers / sizeof timers[0]; i++)
		if (!only || strcmp(only, timers[i].name) == 0)
			printf("bench %s ns/op %.1f\n", timers[i].name, timed(timers[i].fn));
	if (!only || strcmp(only, "parked-goroutine") == 0) {
		const char *how;
		double b = parked_goroutine(&how);
		printf("bench parked-goroutine bytes/op %.0f\n# parked-goroutine: growth of the %s\n",
		       b, how);
	}
	enum { Fresh, Grown, Cold };
	static const struct {
		const char *name;
		long bytes;
		int kind;
	} stacks[] = {
		{ "stack-fresh-64KiB", 64 << 10, Fresh },
		{ "stack-fresh-1MiB", 1 << 20, Fresh },
		{ "stack-fresh-16MiB", 16 << 20, Fresh },
		{ "stack-grown-64KiB", 64 << 10, Grown },
		{ "stack-grown-1MiB", 1 << 20, Grown },
		{ "stack-grown-16MiB", 16 << 20, Grown },
		{ "stack-cold-64KiB", 64 << 10, Cold },
		{ "stack-cold-1MiB", 1 << 20, Cold },
		{ "stack-cold-16MiB", 16 << 20, Cold },
	};
	for (size_t i = 0; i < sizeof stacks / sizeof stacks[0]; i++) {
		if (only ? strcmp(only, stacks[i].name) != 0 : stacks[i].kind == Cold)
			continue;
		stack_depth = stacks[i].bytes / Frame;
		double ns;
		if (stacks[i].kind == Cold) {
			int64_t t0 = nanotime();
			stack_fresh(1);
			ns = (double)(nanotime() - t0);
		} else {
			ns = stacks[i].kind == Grown ? stack_grown() : timed_from(stack_fresh, 1);
		}
		if (stack_bad) {
			printf("bench %s: %ld recursions did not return their depth\n",
			       stacks[i].name, stack_bad);
			return 1;
		}
		printf("bench %s us/op %.1f\n", stacks[i].name, ns / 1000);
	}
	return 0;
}
