/*
 * gdb - the known program tests/check debugs under QEMU's gdb stub with
 * tools/gdb/goro.py (docs/debugging.md): goroutines parked for known
 * reasons in known functions, one parked deep in a recursion that grew
 * (and so moved) its stack, one spinning on another CPU, and main
 * stopping in gdb_here, where the debugger looks at all of them.
 *
 * Run with -smp 2 and asyncpreemptoff=1: spin_forever takes one CPU and
 * keeps it (its loop makes no calls, so nothing preempts it), and every
 * other goroutine runs on the other CPU, one at a time. Each parking
 * goroutine calls wg_done just before it parks; main waits for all of
 * them, and on one CPU it cannot run again before the last one has
 * parked. So when main reaches gdb_here, the states are exactly known.
 *
 * On one CPU with preemption on (tests/gdb/preempted.gdb), spin_forever
 * is preempted between two instructions instead, and waits, runnable,
 * in asyncPreempt.
 *
 * probe is called at depth 1 of the recursion, on the goroutine's first
 * stack, and again at depth DEPTH, after the stack has grown, and moved
 * (copied, or remapped), several times: a breakpoint on it must stop and
 * unwind at both.
 * The goroutine ids are left in globals (deep_goid, ...) for the debugger.
 */
#include <stdio.h>
#include <string.h>
#include "goro.h"
#include "../testing.h"

enum { DEPTH = 200, PAD = 256 };

static chan *inbox, *outbox, *sel1, *sel2;
static waitgroup parked;
static volatile int spinning;
static volatile unsigned long spins, probed;
volatile long deep_goid, recv_goid, send_goid, select_goid, sleep_goid, spin_goid;

static NOINLINE void spin_forever(void *arg)
{
	(void)arg;
	spin_goid = goid();
	spinning = 1;
	for (;;)
		spins++;
}

static NOINLINE void park_recv(void *arg)
{
	long v;
	(void)arg;
	recv_goid = goid();
	wg_done(&parked);
	chan_recv(inbox, &v);           /* nobody sends: "chan receive" for ever */
}

static NOINLINE void park_send(void *arg)
{
	long v = 1;
	(void)arg;
	send_goid = goid();
	wg_done(&parked);
	chan_send(outbox, &v);          /* nobody receives: "chan send" */
}

static NOINLINE void park_select(void *arg)
{
	long a, b;
	struct chan_case cases[2] = {
		{ .c = sel1, .dir = CHAN_RECV, .elem = &a },
		{ .c = sel2, .dir = CHAN_RECV, .elem = &b },
	};
	(void)arg;
	select_goid = goid();
	wg_done(&parked);
	chan_select(cases, 2, true);    /* "select" */
}

static NOINLINE void park_sleep(void *arg)
{
	(void)arg;
	sleep_goid = goid();
	wg_done(&parked);
	gosleep(3600LL * 1000000000);   /* "sleep" */
	opaque(arg);                    /* not a tail call: park_sleep stays on the stack */
}

/* probe: where the breakpoint goes, at the first and the last depth. */
static NOINLINE void probe(int depth)
{
	probed += depth;
	opaque((void *)&probed);
}

/* deep_recurse takes PAD bytes a frame: DEPTH frames grow the 2 KiB stack several times. */
static NOINLINE void deep_recurse(int n)
{
	char pad[PAD];
	memset(pad, n, sizeof pad);
	opaque(pad);
	if (n == 1 || n == DEPTH)
		probe(n);
	if (n < DEPTH) {
		deep_recurse(n + 1);
	} else {
		long v;
		wg_done(&parked);
		chan_recv(inbox, &v);   /* parked DEPTH frames deep */
	}
	opaque(pad);
}

static NOINLINE void deep_start(void *arg)
{
	(void)arg;
	deep_goid = goid();
	deep_recurse(1);
	opaque(arg);                    /* not a tail call: deep_start stays on the stack */
}

/* gdb_here: main's stop, once every goroutine is where the test expects it. */
NOINLINE void gdb_here(void)
{
	__asm__ volatile("" ::: "memory");
}

int main(void)
{
	inbox = chan_make(sizeof(long), 0);
	outbox = chan_make(sizeof(long), 0);
	sel1 = chan_make(sizeof(long), 0);
	sel2 = chan_make(sizeof(long), 0);
	go(spin_forever, NULL);
	while (!spinning)
		gosched();
	wg_add(&parked, 5);
	go(park_recv, NULL);
	go(park_send, NULL);
	go(park_select, NULL);
	go(park_sleep, NULL);
	go(deep_start, NULL);
	wg_wait(&parked);
	gdb_here();
	printf("gdb: main went on after gdb_here (probe saw %lu)\n", probed);
	return 0;
}
