/*
 * preempt - a goroutine that keeps its CPU without parking, yielding
 * or ending is preempted (runtime/preempt.c), and nothing of its state
 * is lost by it. One mode per run (argv[1]); one line per check, "ok:
 * ..." or "FAIL: ...", and the exit status is the number of failures.
 * Each check names the layer that preempted: between two instructions
 * (from the tick's interrupt) or at a prologue check (the guard-slot
 * request), counted by every CPU's M (npreempt).
 *
 *   spin    with procs=1, a goroutine spinning in a call-free loop on a
 *           volatile flag does not starve one that sleeps 1 ms and then
 *           sets the flag: it is preempted between two instructions
 *   calls   the same with a function call in the loop, under
 *           asyncpreemptoff=1: preempted at the call's prologue check
 *   fpu     goroutines doing floating-point work (SSE and x87) in
 *           call-free loops, more of them than CPUs, each get exactly
 *           the results the same work gave alone: registers, flags and
 *           the FPU state survive preemption
 *   panic   with procs=1, a panic while a spinning goroutine is
 *           preempted: its traceback goes through asyncPreempt into the
 *           loop it was stopped in (exit status 2)
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "goro.h"
#include "machine.h"
#include "runtime.h"
#include "../testing.h"

/* preempts: the preemptions every CPU has made so far, at prologue checks ([0]) and between instructions ([1]). */
static void preempts(uint64_t n[2])
{
	n[0] = n[1] = 0;
	for (int i = 0; i < ncpu; i++)
		if (allm[i]) {
			n[0] += ((volatile uint64_t *)allm[i]->npreempt)[0];
			n[1] += ((volatile uint64_t *)allm[i]->npreempt)[1];
		}
}

static volatile int flag;
static waitgroup wg;
static int64_t t0, tset;
static long spins;

/* setter sleeps 1 ms and sets the flag the spinner waits for. */
static void setter(void *arg)
{
	(void)arg;
	gosleep(1000000);
	tset = nanotime();
	flag = 1;
	wg_done(&wg);
}

/* spinner: a loop without a call, so nothing but an interrupt can stop it. */
static void spinner(void *arg)
{
	(void)arg;
	long n = 0;
	while (!flag)
		n++;
	spins = n;
	wg_done(&wg);
}

/* step: a function with a frame, and so a prologue check. */
static NOINLINE long step(long n)
{
	opaque(&n);
	return n + 1;
}

/* caller: a loop whose only way out of the CPU is step's prologue check. */
static void caller(void *arg)
{
	(void)arg;
	long n = 0;
	while (!flag)
		n = step(n);
	spins = n;
	wg_done(&wg);
}

/* race runs the spinning goroutine fn against the setter; the spinner starts first. */
static void race(const char *mode, void (*fn)(void *), int layer)
{
	uint64_t before[2], after[2];
	preempts(before);
	flag = 0;
	wg_add(&wg, 2);
	t0 = nanotime();
	go(fn, NULL);
	go(setter, NULL);
	wg_wait(&wg);
	preempts(after);
	uint64_t checks = after[0] - before[0], async = after[1] - before[1];
	CHECK(flag && spins > 0, "%s: a goroutine spinning %s on one CPU did not starve one that slept 1 ms: "
	      "the flag was set %lld ms after the start", mode,
	      fn == spinner ? "without calls" : "with calls", (long long)((tset - t0) / 1000000));
	uint64_t want = layer ? async : checks;
	CHECK(want > 0, "%s: preempted %s (%llu times; %llu between instructions, %llu at prologue checks)",
	      mode, layer ? "between two instructions" : "at a prologue check",
	      (unsigned long long)want, (unsigned long long)async, (unsigned long long)checks);
	if (!layer)
		CHECK(async == 0 && options.asyncpreemptoff,
		      "%s: never between two instructions under asyncpreemptoff=1 (%s)", mode,
		      options.asyncpreemptoff ? "set" : "not set: run the mode with it");
}

/* --- fpu ------------------------------------------------------------------ */

struct fp {
	double seed;
	long n;
	double d;               /* the SSE result (amd64; x87 on i386) */
	long double ld;         /* the x87 result */
	float v[4];             /* four floats side by side (vector registers where there are) */
};

typedef float v4f __attribute__((vector_size(16)));

/* fpwork: floating point in a loop without calls; every value depends on every step. */
static NOINLINE void fpwork(struct fp *f)
{
	double a = f->seed, b = 1.0 / f->seed, c = 0.0, d = 0.0;
	long double x = f->seed, y = 0.0L;
	v4f v = { (float)f->seed, 1.0f, 2.0f, 3.0f }, w = { 0.5f, 0.25f, 0.125f, 0.0625f };
	for (long i = 0; i < f->n; i++) {
		a = a * 0.999999 + 0.25;
		b = b * 1.000001 - a * 1e-7;
		c += a * b;
		d -= c * 1e-9;
		x = x * 0.9999995L + 0.125L;
		y += x * 1e-3L;
		v = v * 0.99999f + w;
		w = w * 1.00001f - v * 1e-6f;
	}
	f->d = a + b + c + d;
	f->ld = x + y;
	memcpy(f->v, &v, sizeof f->v);
	f->v[0] += w[0] + w[1] + w[2] + w[3];
}

static void fpworker(void *arg)
{
	fpwork(arg);
	wg_done(&wg);
}

enum { FPKINDS = 3, FPEACH = 2 };

static void fpu(void)
{
	static struct fp ref[FPKINDS], run[FPKINDS * FPEACH];
	/* A loop long enough to be preempted several times: about 200 ms each, measured (the second run: an emulator translates the first). */
	struct fp probe = { .seed = 1.5, .n = 20000 };
	int64_t t = 0;
	for (int i = 0; i < 2; i++) {
		t = nanotime();
		fpwork(&probe);
		t = nanotime() - t;
	}
	long n = t > 0 ? (long)(probe.n * (200000000 / (double)t)) : 1000000;
	if (n < 20000)
		n = 20000;
	for (int k = 0; k < FPKINDS; k++) {
		ref[k] = (struct fp){ .seed = 1.25 + k, .n = n };
		fpwork(&ref[k]);        /* alone: the results to get */
	}
	uint64_t before[2], after[2];
	preempts(before);
	flag = 0;
	int nw = FPKINDS * FPEACH;
	wg_add(&wg, nw);
	for (int i = 0; i < nw; i++) {
		run[i] = (struct fp){ .seed = 1.25 + i % FPKINDS, .n = n };
		go(fpworker, &run[i]);
	}
	wg_wait(&wg);
	preempts(after);
	int bad = 0;
	for (int i = 0; i < nw; i++) {
		const struct fp *r = &ref[i % FPKINDS], *g = &run[i];
		bad += memcmp(&r->d, &g->d, sizeof r->d) != 0 || memcmp(&r->ld, &g->ld, 10) != 0 ||
		       memcmp(r->v, g->v, sizeof r->v) != 0;
	}
	uint64_t async = after[1] - before[1], checks = after[0] - before[0];
	CHECK(bad == 0, "fpu: %d goroutines x %ld steps of double, long double and float vector arithmetic "
	      "in call-free loops: %d results differ from the same work done alone", nw, n, bad);
	CHECK(async > 0, "fpu: preempted between two instructions %llu times meanwhile (%llu at prologue checks)",
	      (unsigned long long)async, (unsigned long long)checks);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	if (strcmp(mode, "spin") == 0) {
		race("spin", spinner, 1);
	} else if (strcmp(mode, "calls") == 0) {
		race("calls", caller, 0);
	} else if (strcmp(mode, "fpu") == 0) {
		fpu();
	} else if (strcmp(mode, "panic") == 0) {
		go(spinner, NULL);
		gosleep(50000000);      /* the spinner runs, and is preempted to let main wake */
		panic("with a preempted goroutine");
	} else {
		printf("usage: preempt spin|calls|fpu|panic\n");
		return 2;
	}
	return failures;
}
