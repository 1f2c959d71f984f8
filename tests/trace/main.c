/*
 * trace - goroutines whose trace is known, for trace=1 (docs/trace.md):
 * tests/check runs it at -smp 2 and hands the console to tests/trace/check,
 * which finds each goroutine below in the dump by the id printed here.
 *
 *   ping, pong   100 rounds (argv[1]) over an unbuffered channel: blocks in
 *                "chan send" and "chan receive", each woken by the other
 *   sleeper      sleeps 20 ms three times: blocks in "sleep", woken by a timer
 *   grower       recursion with 1 KiB frames to 32 deep: its stack grows;
 *                then it sleeps, its stack nearly unused: it shrinks
 *   spinner      a loop without calls until a preemption is counted
 *   main         waits for them all ("sync.WaitGroup.Wait")
 *
 * A line "trace: ROLE GOID" names each; main returns once it is the only
 * goroutine left, so every other one's end is in the dump. The exit status
 * is the number of failures of the appliance's own checks.
 */
#include <stdio.h>
#include <stdlib.h>
#include "goro.h"
#include "../testing.h"

static waitgroup wg, spun;
static chan *ball;
static volatile int stop;
static int64_t ids[5];

static int rounds = 100;        /* argv[1]: more, to overflow the rings (tests/check's trace-lost) */

static void ping(void *arg)
{
	(void)arg;
	ids[0] = goid();
	for (int i = 0; i < rounds; i++) {
		chan_send(ball, &i);
		chan_recv(ball, &i);
	}
	wg_done(&wg);
}

static void pong(void *arg)
{
	(void)arg;
	ids[1] = goid();
	for (int i = 0; i < rounds; i++) {
		int v;
		chan_recv(ball, &v);
		chan_send(ball, &v);
	}
	wg_done(&wg);
}

static void sleeper(void *arg)
{
	(void)arg;
	ids[2] = goid();
	for (int i = 0; i < 3; i++)
		gosleep(20 * 1000 * 1000);
	wg_done(&wg);
}

/* deep uses about depth KiB of stack. */
static NOINLINE int deep(int depth)
{
	volatile char frame[1024];
	frame[0] = (char)depth;
	opaque((void *)frame);
	return depth ? deep(depth - 1) + frame[0] : 0;
}

static int grown;

static void grower(void *arg)
{
	(void)arg;
	ids[3] = goid();
	grown = deep(32);
	gosleep(1000 * 1000);   /* parked using a sliver of it: the stack is halved there */
	wg_done(&wg);
}

static uint64_t preempts(void)
{
	uint64_t n = 0;
	for (int i = 0; i < goro_ncpu(); i++)
		n += goro_cpupreempts(i, 0) + goro_cpupreempts(i, 1);
	return n;
}

static void spinner(void *arg)
{
	(void)arg;
	ids[4] = goid();
	unsigned long n = 0;
	while (!stop)
		n++;
	opaque(&n);
	wg_done(&spun);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		rounds = atoi(argv[1]);
	static const char *const roles[] = { "ping", "pong", "sleeper", "grower", "spinner" };
	ball = chan_make(sizeof(int), 0);
	wg_add(&wg, 4);
	go(ping, NULL);
	go(pong, NULL);
	go(sleeper, NULL);
	go(grower, NULL);
	wg_add(&spun, 1);
	go(spinner, NULL);
	wg_wait(&wg);
	/* The spinner keeps a CPU until preempted; then it may stop. */
	int64_t deadline = nanotime() + 20 * 1000 * 1000 * 1000LL;
	while (preempts() == 0 && nanotime() < deadline)
		gosleep(5 * 1000 * 1000);
	CHECK(preempts() > 0, "trace: the spinner was preempted");
	stop = 1;
	wg_wait(&spun);
	CHECK(grown == 32 * 33 / 2, "trace: the grower's recursion returned %d", grown);
	/* wg_done comes before a goroutine's end: wait for the ends too, so the dump has them. */
	while (goro_numgoroutine() > 1 && nanotime() < deadline)
		gosleep(1000 * 1000);
	CHECK(goro_numgoroutine() == 1, "trace: main is the last goroutine (%d live)", goro_numgoroutine());
	for (int i = 0; i < 5; i++)
		printf("trace: %s %lld\n", roles[i], (long long)ids[i]);
	fflush(stdout);
	return failures;
}
