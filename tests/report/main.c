/*
 * report - fatal reports that must finish, and finish fast, whatever
 * the goroutines have done; one case per run (argv[1]). The test
 * runner checks the report's lines and exit status 2 (its timeout
 * bounds how long a report may take).
 *
 *   burst-panic     1,000,000 goroutines came and went (10,000 at a
 *                   time), then a panic: the report costs only the live
 *   deadlock-many   50,000 goroutines blocked and main too: every one of
 *                   them is accounted for in the deadlock report
 *   goexit-main     main shares a waitgroup and a result in its locals
 *                   with workers and calls goexit(); the workers use
 *                   them afterwards, end, and the run ends in Go's
 *                   "no goroutines (main called runtime.Goexit)"
 *   goexit-main-blocked  the same, but a worker stays blocked: deadlock
 *   corrupt-fp      a goroutine sets its frame pointer to garbage and
 *                   traps: the report names it and stops the walk
 *   corrupt-sp      the same with the stack pointer
 *   morestack-bad-sp  a goroutine moves its stack pointer into mapped
 *                   memory that is no stack and calls a function: the
 *                   prologue check sends it to newstack, whose report
 *                   of an sp outside the stack must complete
 *   corrupt-parked  a parked goroutine's frame records are overwritten
 *                   (an overrun): the panic's report of it stops cleanly
 *   panic-low       a goroutine on a pinned stack (a guard page below)
 *                   panics with just the room the prologue check leaves:
 *                   the report needs more, and must not fault
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "goro.h"

int main(int argc, char **argv);

static waitgroup *parkwg;
static chan *never;

static void quick(void *arg)
{
	wg_done(arg);
}

static void burst_panic(void)
{
	enum { Rounds = 100, PerRound = 10000 };
	for (int r = 0; r < Rounds; r++) {
		waitgroup wg = { 0 };
		wg_add(&wg, PerRound);
		for (int i = 0; i < PerRound; i++)
			go(quick, &wg);
		wg_wait(&wg);
	}
	printf("burst: %d goroutines came and went\n", Rounds * PerRound);
	fflush(stdout);
	panic("after %d goroutines", Rounds * PerRound);
}

static void blocked(void *arg)
{
	(void)arg;
	wg_done(parkwg);
	chan_recv(never, NULL);
}

static void deadlock_many(void)
{
	enum { N = 50000 };
	static waitgroup wg;
	parkwg = &wg;
	wg_add(&wg, N);
	for (int i = 0; i < N; i++)
		go(blocked, NULL);
	wg_wait(&wg);
	printf("deadlock-many: %d goroutines blocked\n", N);
	fflush(stdout);
	chan_recv(never, NULL);
}

/* --- main's goexit ------------------------------------------------------------ */

struct shared {
	waitgroup *wg;          /* in main's frame */
	long *result;           /* in main's frame */
	bool stay;              /* goexit-main-blocked: block forever at the end */
};

static void worker(void *arg)
{
	struct shared *s = arg;
	gosleep(20 * 1000 * 1000);      /* main has called goexit by now */
	__atomic_add_fetch(s->result, 21, __ATOMIC_RELAXED);
	wg_done(s->wg);
}

static void waiter(void *arg)
{
	struct shared *s = arg;
	wg_wait(s->wg);
	printf("ok: after main's goexit, workers used main's waitgroup and result: %ld\n", *s->result);
	fflush(stdout);
	if (s->stay)
		chan_recv(never, NULL);
}

static void goexit_main(bool stay)
{
	waitgroup wg = { 0 };
	long result = 0;
	struct shared s = { &wg, &result, stay };
	wg_add(&wg, 2);
	go(worker, &s);
	go(worker, &s);
	go(waiter, &s);
	printf("main: goexit\n");
	fflush(stdout);
	goexit();
	printf("FAIL: goexit returned\n");
}

/* --- corrupt stacks ------------------------------------------------------------ */

/* Garbage for a stack pointer: aligned, mapped nowhere. */
#if UINTPTR_MAX > 0xffffffffu
#define GARBAGE 0x7fff0000dead0000ULL
#else
#define GARBAGE 0xdead0000UL
#endif

/*
 * Garbage for a frame pointer: mapped memory that is no stack, holding
 * frame records that look real (the next one above, a return address
 * in main). A report must not walk them: only the goroutine's stack.
 */
static uintptr_t fake_frames[8];

static __attribute__((noinline)) void trap_with_bad(int which)
{
	for (int i = 0; i < 8; i += 2) {
		fake_frames[i] = (uintptr_t)&fake_frames[i + 2];
		fake_frames[i + 1] = (uintptr_t)main + 16;
	}
	fake_frames[6] = 0;
	uintptr_t v = which == 0 ? (uintptr_t)fake_frames : (uintptr_t)GARBAGE;
#if defined(__x86_64__)
	if (which == 0)
		__asm__ volatile("mov %0, %%rbp; ud2" : : "r"(v));
	else
		__asm__ volatile("mov %0, %%rsp; ud2" : : "r"(v));
#elif defined(__i386__)
	if (which == 0)
		__asm__ volatile("mov %0, %%ebp; ud2" : : "r"(v));
	else
		__asm__ volatile("mov %0, %%esp; ud2" : : "r"(v));
#elif defined(__arm__)
	if (which == 0)
		__asm__ volatile("mov r11, %0; .inst 0xe7f000f0" : : "r"(v));
	else
		__asm__ volatile("mov sp, %0; .inst 0xe7f000f0" : : "r"(v));
#endif
}

static void corrupter(void *arg)
{
	printf("corrupt: goroutine %lld traps with a garbage %s\n", (long long)goid(),
	       *(int *)arg ? "stack pointer" : "frame pointer");
	fflush(stdout);
	trap_with_bad(*(int *)arg);
}

/* Mapped memory that is no stack, below every stack region: a prologue check fails there. */
static char notastack[4096] __attribute__((aligned(16)));

void report_checked(void);
__attribute__((noinline, used)) void report_checked(void)
{
	printf("FAIL: the prologue check passed on memory that is no stack\n");
}

static void badsp(void *arg)
{
	(void)arg;
	printf("morestack: goroutine %lld calls with sp in [%p, %p)\n", (long long)goid(),
	       (void *)notastack, (void *)(notastack + sizeof notastack));
	fflush(stdout);
	char *top = notastack + sizeof notastack;
	(void)top;
#if defined(__x86_64__)
	__asm__ volatile("mov %0, %%rsp; call report_checked; ud2" : : "r"(top) : "memory");
#elif defined(__i386__)
	__asm__ volatile("mov %0, %%esp; call report_checked; ud2" : : "r"(top) : "memory");
#elif defined(__arm__)
	__asm__ volatile("mov sp, %0; bl report_checked; .inst 0xe7f000f0" : : "r"(top) : "memory");
#endif
}

/* victim parks deep in calls, with its frame records on its stack, which main then overwrites. */
static uintptr_t victimlo, victimhi;

static void __attribute__((noinline)) victim_deep(int n)
{
	if (n > 0) {
		victim_deep(n - 1);
		__asm__ volatile("");
		return;
	}
	chan_recv(never, NULL);
}

static void victim(void *arg)
{
	(void)arg;
	goro_stackbounds(&victimlo, &victimhi);
	victim_deep(4);
}

static void corrupt_parked(void)
{
	go_pinned(victim, NULL, 32768); /* pinned: the bounds it publishes stay its stack's */
	gosched();              /* it parks */
	/*
	 * An overrun of its stack: every word of it becomes either the
	 * address of a word in it (a frame record going nowhere sensible)
	 * or garbage, so every frame record it has is wrong.
	 */
	for (uintptr_t *w = (uintptr_t *)victimlo; w < (uintptr_t *)victimhi; w++) {
		uintptr_t i = (uintptr_t)(w - (uintptr_t *)victimlo);
		*w = i % 2 ? (uintptr_t)GARBAGE + 8 * i : victimlo + (i * 40) % (victimhi - victimlo);
	}
	printf("corrupt: goroutine 2's stack [%p, %p) overwritten\n", (void *)victimlo, (void *)victimhi);
	fflush(stdout);
	panic("with a corrupt goroutine");
}

/* --- a panic with little stack left --------------------------------------------- */

static uintptr_t lowlo;

/*
 * down recurses in frames of about 220 bytes until the next call's
 * prologue check would fail (the pinned stack cannot grow), then panics
 * from there: the report starts about 1 KiB above the guard page, with
 * no more than the room the check guarantees.
 */
static __attribute__((noinline)) int down(int n)
{
	volatile char pad[200];
	pad[0] = (char)n;
	uintptr_t fp = (uintptr_t)__builtin_frame_address(0);
	if (fp - lowlo < 1024 + 256 + 64)
		panic("low on stack: fp=lo+%lu after %d calls", (unsigned long)(fp - lowlo), n);
	return down(n + 1) + pad[n % 200];
}

static void lowpanic(void *arg)
{
	uintptr_t hi;
	(void)arg;
	goro_stackbounds(&lowlo, &hi);
	down(0);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	printf("report test: %s\n", mode);
	fflush(stdout);
	never = chan_make(0, 0);
	static int zero = 0, one = 1;
	if (strcmp(mode, "burst-panic") == 0)
		burst_panic();
	else if (strcmp(mode, "deadlock-many") == 0)
		deadlock_many();
	else if (strcmp(mode, "goexit-main") == 0)
		goexit_main(false);
	else if (strcmp(mode, "goexit-main-blocked") == 0)
		goexit_main(true);
	else if (strcmp(mode, "corrupt-fp") == 0 || strcmp(mode, "corrupt-sp") == 0) {
		go(corrupter, mode[8] == 'f' ? &zero : &one);
		chan_recv(never, NULL);
	} else if (strcmp(mode, "panic-low") == 0) {
		go_pinned(lowpanic, NULL, 32768);  /* hosted-san: room for a call into the host libc */
		chan_recv(never, NULL);
	} else if (strcmp(mode, "morestack-bad-sp") == 0) {
		go(badsp, NULL);
		chan_recv(never, NULL);
	} else if (strcmp(mode, "corrupt-parked") == 0)
		corrupt_parked();
	else {
		printf("unknown mode\n");
		return 1;
	}
	printf("survived\n");
	return 0;
}
