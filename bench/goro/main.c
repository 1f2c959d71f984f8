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
 *
 * bench/go/main.go is the same in Go, line for line; tools/bench runs
 * both and compares. Each timed benchmark doubles its count until a run
 * lasts 200 ms, as Go's testing package does, and reports that run.
 * Memory is measured the same way in both: the growth of the resident
 * set (/proc/self/statm) while the goroutines are parked. Where there is
 * no /proc (on a machine, under QEMU) it is the growth in page frames
 * the runtime took (physmem), and the line says so. An argument names
 * one benchmark to run alone.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "goro.h"
#include "physmem.h"

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

/* timed runs fn with counts 1000, 2000, ... until a run takes MinTime; ns per op of that run. */
static double timed(void (*fn)(long))
{
	for (long n = 1000;; n *= 2) {
		int64_t t0 = nanotime();
		fn(n);
		int64_t t = nanotime() - t0;
		if (t >= MinTime || n > LONG_MAX / 2)
			return (double)t / (double)n;
	}
}

/* --- parked goroutines ---------------------------------------------------------- */

struct park { chan *gate; waitgroup *started; };

static void parked(void *arg)
{
	struct park *p = arg;
	wg_done(p->started);
	chan_recv(p->gate, NULL);
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
	waitgroup started = { 0 };
	struct park p = { chan_make(0, 0), &started };
	long before = memory(how);
	wg_add(&started, Parked);
	for (int i = 0; i < Parked; i++)
		go(parked, &p);
	wg_wait(&started);      /* each ran until it parked on the gate */
	long after = memory(how);
	chan_close(p.gate);
	gosleep(1000000);       /* let them all end */
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
	for (size_t i = 0; i < sizeof timers / sizeof timers[0]; i++)
		if (!only || strcmp(only, timers[i].name) == 0)
			printf("bench %s ns/op %.1f\n", timers[i].name, timed(timers[i].fn));
	if (!only || strcmp(only, "parked-goroutine") == 0) {
		const char *how;
		double b = parked_goroutine(&how);
		printf("bench parked-goroutine bytes/op %.0f\n# parked-goroutine: growth of the %s\n",
		       b, how);
	}
	return 0;
}
