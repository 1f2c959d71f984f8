/*
 * preempt - goroutines that keep their CPU are preempted, one mode per
 * run (argv[1]):
 *
 *   spin    every CPU spins in a loop without calls; a sleeper still runs
 *           (preempted between two instructions)
 *   calls   the same with asyncpreemptoff=1 and loops that make calls:
 *           preempted at a function prologue only
 *   regs    more goroutines than CPUs in call-free loops over integer,
 *           double and long double state; each result is computed again
 *           afterwards: a preemption that lost a register shows
 *   panic   with procs=1, a panic while a spinning goroutine is
 *           preempted: its traceback goes through asyncPreempt into the
 *           loop it was stopped in (exit status 2)
 *
 * Each check prints one line "ok: ..." or "FAIL: ..."; the exit status is
 * the number of failures. Nothing is timed: a goroutine that is never
 * preempted hangs the run, which the harness's timeout reports.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "goro.h"
#include "../testing.h"

static volatile int stop;
static int started;     /* spinners that have begun */

/* preempts: how many goroutines every CPU has preempted, at prologues (async 0) or between instructions (1). */
static uint64_t preempts(int async)
{
	uint64_t n = 0;
	for (int i = 0; i < goro_ncpu(); i++)
		n += goro_cpupreempts(i, async);
	return n;
}

/* --- spin: call-free loops on every CPU, and a sleeper -------------------------- */

struct spinner {
	waitgroup *wg;
	unsigned long n;
};

static void spinner(void *arg)
{
	struct spinner *s = arg;
	unsigned long n = 0;
	__atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
	while (!stop)
		n++;
	s->n = n;
	wg_done(s->wg);
}

/* step has a frame, so a split-stack prologue check: the place a request stops it. */
static NOINLINE void step(unsigned long *n)
{
	volatile char frame[32];
	frame[0] = (char)*n;
	*n += 1 + (frame[0] & 0);
}

static void spin_calls(void *arg)
{
	struct spinner *s = arg;
	unsigned long n = 0;
	__atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
	while (!stop)
		step(&n);
	s->n = n;
	wg_done(s->wg);
}

static void spinners(const char *mode, void (*fn)(void *))
{
	int n = goro_ncpu();
	waitgroup wg = { 0 };
	struct spinner s[16];
	wg_add(&wg, n);
	for (int i = 0; i < n; i++) {
		s[i] = (struct spinner){ &wg, 0 };
		go(fn, &s[i]);
	}
	/*
	 * Sleep until every spinner has begun: once each CPU spins, only a
	 * preemption lets a sleep end (and, with more spinners than CPUs
	 * running goroutines, only one lets the last spinner begin).
	 */
	while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < n)
		gosleep(100000);
	gosleep(1000000);
	stop = 1;
	wg_wait(&wg);
	CHECK(1, "%s: a sleeper ran while %d goroutines spun on %d CPUs", mode, n, n);
	printf("%s: %llu preempted between instructions, %llu at prologues\n", mode,
	       (unsigned long long)preempts(1), (unsigned long long)preempts(0));
}

/* --- regs: state that must survive preemption ------------------------------------- */

struct state {
	uint64_t a, b, c, d;
	double x, y;
	long double z;
};

/* STEP advances st once: integer, double and long double work, no calls. */
#define STEP(st) do {                                                           \
		(st).a = (st).a * 6364136223846793005ull + 1442695040888963407ull;    \
		(st).b ^= (st).a >> 13;                                                \
		(st).c += (st).b * 3 + ((st).d >> 7);                                  \
		(st).d = ((st).d << 5 | (st).d >> 59) ^ (st).c;                        \
		(st).x = (st).x * 0.999999 + (double)((st).a & 0xff) * 1e-3;           \
		(st).y = (st).y * 0.5 + (st).x * 0.25;                                 \
		(st).z = (st).z * 0.75L + (long double)((st).b & 0xf);                 \
	} while (0)

static struct state start_state(int i)
{
	return (struct state){ .a = 1 + (uint64_t)i, .b = 7, .c = 11 * (uint64_t)i, .d = 13,
			       .x = 1.0 + i, .y = 0.5, .z = 2.0L };
}

struct worker {
	waitgroup *wg;
	int id;
	unsigned long n;
	struct state st;
};

static void regs_worker(void *arg)
{
	struct worker *w = arg;
	struct state st = start_state(w->id);
	unsigned long n = 0;
	while (!stop) {
		STEP(st);
		n++;
	}
	w->n = n;
	w->st = st;
	wg_done(w->wg);
}

static bool same(const struct state *p, const struct state *q)
{
	return p->a == q->a && p->b == q->b && p->c == q->c && p->d == q->d &&
	       memcmp(&p->x, &q->x, sizeof p->x) == 0 && memcmp(&p->y, &q->y, sizeof p->y) == 0 &&
	       p->z == q->z;
}

static void regs(void)
{
	enum { MaxWorkers = 33 };
	int n = 2 * goro_ncpu() + 1;
	if (n > MaxWorkers)
		n = MaxWorkers;
	static struct worker w[MaxWorkers];
	waitgroup wg = { 0 };
	wg_add(&wg, n);
	for (int i = 0; i < n; i++) {
		w[i] = (struct worker){ .wg = &wg, .id = i };
		go(regs_worker, &w[i]);
	}
	gosleep(150000000);     /* 150 ms: each CPU preempts its goroutines several times */
	stop = 1;
	wg_wait(&wg);
	int bad = 0;
	unsigned long total = 0;
	for (int i = 0; i < n; i++) {
		struct state st = start_state(i);
		for (unsigned long k = 0; k < w[i].n; k++)
			STEP(st);
		bad += !same(&st, &w[i].st);
		total += w[i].n;
	}
	CHECK(bad == 0, "regs: %d goroutines' integer, double and long double state survived (%d differ, %lu steps)",
	      n, bad, total);
	CHECK(preempts(1) > 0, "regs: goroutines were preempted between instructions (%llu)",
	      (unsigned long long)preempts(1));
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	if (strcmp(mode, "spin") == 0) {
		spinners("spin", spinner);
		CHECK(preempts(1) > 0, "spin: preempted between instructions");
	} else if (strcmp(mode, "calls") == 0) {
		spinners("calls", spin_calls);
		CHECK(preempts(0) > 0, "calls: preempted at a function prologue");
		CHECK(preempts(1) == 0, "calls: never between instructions under asyncpreemptoff=1");
	} else if (strcmp(mode, "regs") == 0) {
		regs();
	} else if (strcmp(mode, "panic") == 0) {
		static struct spinner s;
		static waitgroup wg;
		s.wg = &wg;
		wg_add(&wg, 1);
		go(spinner, &s);
		gosleep(50000000);      /* the spinner runs, and is preempted to let main wake */
		panic("with a preempted goroutine");
	} else {
		printf("usage: preempt spin|calls|regs|panic\n");
		return 2;
	}
	return failures;
}
