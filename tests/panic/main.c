/*
 * panic - each fatal error and panic of the runtime, one per run
 * (argv[1]); the test runner checks the message, the traceback and
 * exit status 2.
 */
#include <stdio.h>
#include <string.h>
#include "goro.h"

static chan *done;

static void __attribute__((noinline)) deep_function(int n)
{
	if (n > 0) {
		deep_function(n - 1);
		__asm__ volatile("");   /* keep the recursion a real call chain */
		return;
	}
	panic("boom %d", 42);
}

/* spinner yields forever: goroutines that keep every CPU busy. */
static void spinner(void *arg)
{
	(void)arg;
	for (;;)
		gosched();
}

/*
 * together: two goroutines meet (each spins until both have arrived,
 * on CPUs of their own) and panic at once. Go reports one panic; the
 * other CPU waits for the report to end the process (difftest found
 * the second report cut in, calling itself a fault in the first).
 */
static int together_n;
static void together(void *arg)
{
	__atomic_add_fetch(&together_n, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&together_n, __ATOMIC_SEQ_CST) < 2)
		;
	panic("together %d", (int)(intptr_t)arg);
}

static void __attribute__((noinline)) worker(void *arg)
{
	deep_function(3);
	chan_send(done, arg);   /* not reached; keeps the call from becoming a jump */
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	printf("panic test: %s\n", mode);
	fflush(stdout);
	done = chan_make(sizeof(int), 0);
	if (strcmp(mode, "deadlock") == 0) {
		int v;
		chan_recv(done, &v);
	} else if (strcmp(mode, "deadlock-nil") == 0) {
		chan_send(NULL, &mode);
	} else if (strcmp(mode, "deadlock-select") == 0) {
		struct chan_case cs[1] = { { NULL, CHAN_RECV, NULL, false } };
		chan_select(cs, 1, true);
	} else if (strcmp(mode, "send-closed") == 0) {
		chan_close(done);
		int v = 1;
		chan_send(done, &v);
	} else if (strcmp(mode, "close-closed") == 0) {
		chan_close(done);
		chan_close(done);
	} else if (strcmp(mode, "close-nil") == 0) {
		chan_close(NULL);
	} else if (strcmp(mode, "wg-negative") == 0) {
		waitgroup wg = { 0 };
		wg_done(&wg);
	} else if (strcmp(mode, "unlock-unlocked") == 0) {
		mutex m = { 0 };
		mutex_unlock(&m);
	} else if (strcmp(mode, "panic-cpus") == 0) {
		/* Goroutines on every CPU; once each CPU has run some, main panics. */
		for (int i = 0; i < 8; i++)
			go(spinner, NULL);
		int n = goro_ncpu(), all = 0;
		for (int64_t t0 = nanotime(); !all && nanotime() - t0 < 30000000000; gosched()) {
			all = 1;
			for (int c = 0; c < n; c++)
				all &= goro_cpuruns(c) > 0;
		}
		panic("%s with goroutines on %d CPUs", all ? "every CPU busy" : "not every CPU ran", n);
	} else if (strcmp(mode, "panic-together") == 0) {
		go(together, (void *)1);
		go(together, (void *)2);
		int v;
		chan_recv(done, &v);
	} else if (strcmp(mode, "panic") == 0) {
		go(worker, NULL);
		int v;
		chan_recv(done, &v);
	} else {
		printf("unknown mode\n");
		return 1;
	}
	printf("survived\n");
	return 0;
}
