/*
 * limits - the runtime's limits and what lies just past them, one mode
 * per run (argv[1]). Each check prints "ok: ..." or "FAIL: ..."; the
 * exit status is the number of failures. Modes that end in a panic
 * print what they try first.
 *
 *   cmdline N WORD    WORD is N bytes of 'x' (the command line's limit)
 *   args N 0 1 ...    main gets N more arguments, "0" to "N-1", in order
 *   sleep             sleeps too long to count in nanoseconds never end
 *   chan0             zero-size elements: any capacity, counted exactly
 *   chan-overflow     a buffer that cannot exist panics
 *   select            a select of 65,536 cases, off the goroutine stack
 *   select-over       65,537 cases panic
 *   pinned-max MAX    a pinned stack of exactly maxstack (MAX) bytes runs
 *   pinned-over MAX | pinned-huge | pinned-round
 *                     go_pinned of maxstack + 1, of SIZE_MAX, of a size
 *                     that wraps when page-rounded: each panics
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "goro.h"

static int failures;

/*
 * check prints "ok: WHAT" or "FAIL: WHAT" (printf's format and arguments)
 * and counts failures. No split-stack prologue: clang has none for
 * variadic functions; its small frame fits the stack's slack.
 */
static __attribute__((format(printf, 2, 3), no_split_stack)) void check(int ok, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%s: ", ok ? "ok" : "FAIL");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	failures += !ok;
}

/* --- the command line ------------------------------------------------------- */

static void cmdline(int argc, char **argv)
{
	if (argc != 4) {
		check(0, "cmdline: argc=%d, want 4", argc);
		return;
	}
	size_t want = strtoul(argv[2], NULL, 10), n = strlen(argv[3]);
	size_t x = strspn(argv[3], "x");
	check(n == want && x == n, "cmdline: a %zu-byte argument arrived whole (%zu bytes, %zu of them x)",
	      want, n, x);
}

static void args(int argc, char **argv)
{
	int want = atoi(argv[2]), bad = -1;
	for (int i = 0; i < want && i + 3 < argc && bad < 0; i++) {
		char s[16];
		snprintf(s, sizeof s, "%d", i);
		if (strcmp(argv[i + 3], s) != 0)
			bad = i;
	}
	check(argc == want + 3 && bad < 0 && argv[argc] == NULL,
	      "args: main got %d arguments, in order (argc=%d, first wrong %d)", want, argc, bad);
}

/* --- sleeping past what nanoseconds count ----------------------------------- */

static volatile int woke[4];

static void sleep_1e10(void *arg)
{
	(void)arg;
	struct timespec ts = { (time_t)10000000000LL, 0 };
	int r = nanosleep(&ts, NULL);
	woke[0] = r == 0 ? 1 : 2;
}

static void sleep_timet_max(void *arg)
{
	(void)arg;
	/* the largest time_t, whatever its width */
	time_t max = (time_t)(((uint64_t)1 << (8 * sizeof(time_t) - 1)) - 1);
	struct timespec ts = { max, 999999999 };
	int r = nanosleep(&ts, NULL);
	woke[1] = r == 0 ? 1 : 2;
}

static void sleep_uint_max(void *arg)
{
	(void)arg;
	sleep(~0u);
	woke[2] = 1;
}

static void gosleep_max(void *arg)
{
	(void)arg;
	gosleep(INT64_MAX);
	woke[3] = 1;
}

static void sleeps(void)
{
	go(sleep_1e10, NULL);
	go(sleep_timet_max, NULL);
	go(sleep_uint_max, NULL);
	go(gosleep_max, NULL);
	int64_t t0 = nanotime();
	usleep(50000);
	int64_t slept = nanotime() - t0;
	check(slept >= 50000000, "sleep: usleep(50000) slept 50 ms");
	check(woke[0] == 0, "sleep: nanosleep of 10^10 s has not returned");
	check(woke[1] == 0, "sleep: nanosleep of the largest time_t has not returned");
	check(woke[2] == 0, "sleep: sleep(UINT_MAX) has not returned");
	check(woke[3] == 0, "sleep: gosleep(INT64_MAX) has not returned");
}

/* --- zero-size elements ------------------------------------------------------ */

/* try_send / try_recv: a non-blocking send or receive; true if it went through. */
static int try_send(chan *c)
{
	struct chan_case cs = { c, CHAN_SEND, NULL, false };
	return chan_select(&cs, 1, false) == 0;
}

static int try_recv(chan *c, bool *ok)
{
	struct chan_case cs = { c, CHAN_RECV, NULL, false };
	int r = chan_select(&cs, 1, false);
	*ok = cs.ok;
	return r == 0;
}

static void sender(void *arg)
{
	chan_send(arg, NULL);
}

static void chan0(void)
{
	size_t big = sizeof(size_t) == 8 ? (size_t)1 << 40 : SIZE_MAX;
	chan *c = chan_make(0, big);
	check(chan_cap(c) == big, "chan0: chan_make(0, 1<<40 or SIZE_MAX on 32-bit) has that capacity");
	int sent = 0;
	while (sent < 10000 && try_send(c))
		sent++;
	check(sent == 10000 && chan_len(c) == 10000, "chan0: 10000 sends do not block, chan_len is 10000");
	int got = 0;
	bool ok = false;
	while (got < 20000 && try_recv(c, &ok) && ok)
		got++;
	check(got == 10000 && chan_len(c) == 0, "chan0: exactly 10000 receives do not block, chan_len is 0");
	chan *max = chan_make(0, SIZE_MAX);
	check(chan_cap(max) == SIZE_MAX, "chan0: chan_make(0, SIZE_MAX) has that capacity");

	chan *three = chan_make(0, 3);
	int n = 0;
	while (n < 10 && try_send(three))
		n++;
	check(n == 3 && chan_len(three) == 3, "chan0: a capacity of 3 takes 3 sends, the 4th would block");
	go(sender, three);
	gosched();
	check(chan_len(three) == 3, "chan0: a 4th sender waits while the buffer is full");
	chan_recv(three, NULL);
	gosched();
	check(chan_len(three) == 3, "chan0: a receive lets the waiting sender in: still 3");
	chan_close(three);
	n = 0;
	while (chan_recv(three, NULL))
		n++;
	check(n == 3 && chan_len(three) == 0, "chan0: after close, 3 values drain, then receive reports closed");
}

static void chan_overflow(void)
{
	/* 16 * (SIZE_MAX / 16 + 2) wraps to a small number: it must not pass. */
	size_t cap = SIZE_MAX / 16 + 2;
	printf("chan-overflow: chan_make(16, %zu)\n", cap);
	chan_make(16, cap);
	check(0, "chan-overflow: chan_make returned");
}

/* --- select of 65,536 cases -------------------------------------------------- */

enum { NCASES = 65536, NCHANS = 60000 };

struct selectrun {
	chan **chans;
	struct chan_case *cases;
	long *vals;
	int first, second;              /* what the two selects returned */
	long got;
	uintptr_t stack;                /* the selecting goroutine's stack size after */
	waitgroup done;
};

/* selector runs on a fresh goroutine (a 2 KiB stack to begin with). */
static void selector(void *arg)
{
	struct selectrun *r = arg;
	r->first = chan_select(r->cases, NCASES, false);
	r->second = chan_select(r->cases, NCASES, true);
	r->got = r->vals[r->second];
	uintptr_t lo, hi;
	goro_stackbounds(&lo, &hi);
	r->stack = hi - lo;
	wg_done(&r->done);
}

static void select_big(void)
{
	static struct selectrun r;
	r.chans = calloc(NCHANS, sizeof *r.chans);
	r.cases = calloc(NCASES, sizeof *r.cases);
	r.vals = calloc(NCASES, sizeof *r.vals);
	/* 60000 channels, the last 5536 cases on channels already used, case 7 nil. */
	for (int i = 0; i < NCHANS; i++)
		r.chans[i] = chan_make(sizeof(long), 1);
	for (int i = 0; i < NCASES; i++)
		r.cases[i] = (struct chan_case){ i == 7 ? NULL : r.chans[i % NCHANS], CHAN_RECV, &r.vals[i], false };
	wg_add(&r.done, 1);
	go(selector, &r);
	gosched();              /* selector: nothing ready, then it parks in the blocking select */
	long v = 424242;
	chan_send(r.chans[NCHANS - 1], &v);
	wg_wait(&r.done);
	check(r.first == -1, "select: 65536 cases, none ready: a non-blocking select returns -1");
	check(r.second == NCHANS - 1 && r.got == 424242 && r.cases[NCHANS - 1].ok,
	      "select: a blocking select of 65536 cases wakes for the one sent to");
	check(r.stack <= 64 * 1024, "select: the selecting goroutine's stack stayed small (%lu KiB)",
	      (unsigned long)(r.stack >> 10));

	/* A duplicate channel ready: one of its two cases wins. */
	v = 7;
	chan_send(r.chans[100], &v);
	int i = chan_select(r.cases, NCASES, true);
	check((i == 100 || i == 100 + NCHANS) && r.vals[i] == 7, "select: a channel in two cases: one of them wins");
	/* A send case among them. */
	r.cases[NCASES - 1] = (struct chan_case){ r.chans[5], CHAN_SEND, &v, false };
	i = chan_select(r.cases, NCASES, false);
	long w = 0;
	check(i == NCASES - 1 && chan_recv(r.chans[5], &w) && w == 7,
	      "select: the one ready send among 65536 cases is taken");
}

static void select_over(void)
{
	struct chan_case *cases = calloc(NCASES + 1, sizeof *cases);
	printf("select-over: %d cases\n", NCASES + 1);
	chan_select(cases, NCASES + 1, false);
	check(0, "select-over: chan_select returned");
}

/* --- pinned stacks ------------------------------------------------------------ */

static volatile int pinned_ran;

static void pinned_fn(void *arg)
{
	(void)arg;
	pinned_ran = 1;
}

/* pinned: mode max|over|huge|round; max is the maxstack= the run was given. */
static void pinned(const char *mode, size_t max)
{
	size_t size;
	if (strcmp(mode, "max") == 0)
		size = max;
	else if (strcmp(mode, "over") == 0)
		size = max + 1;
	else if (strcmp(mode, "huge") == 0)
		size = SIZE_MAX;
	else if (strcmp(mode, "round") == 0)
		size = SIZE_MAX - 100;          /* wraps to a few bytes when rounded up to a page */
	else {
		check(0, "pinned: unknown mode %s", mode);
		return;
	}
	printf("pinned-%s: go_pinned(%zu)\n", mode, size);
	go_pinned(pinned_fn, NULL, size);
	for (int i = 0; i < 10 && !pinned_ran; i++)
		gosched();
	check(pinned_ran, "pinned-%s: a goroutine on a pinned stack of %zu bytes ran", mode, size);
}

int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "";
	if (strcmp(m, "cmdline") == 0)
		cmdline(argc, argv);
	else if (strcmp(m, "args") == 0 && argc > 2)
		args(argc, argv);
	else if (strcmp(m, "sleep") == 0)
		sleeps();
	else if (strcmp(m, "chan0") == 0)
		chan0();
	else if (strcmp(m, "chan-overflow") == 0)
		chan_overflow();
	else if (strcmp(m, "select") == 0)
		select_big();
	else if (strcmp(m, "select-over") == 0)
		select_over();
	else if (strncmp(m, "pinned-", 7) == 0)
		pinned(m + 7, argc > 2 ? (size_t)strtoul(argv[2], NULL, 0) : 0);
	else {
		printf("usage: limits MODE [ARGS...] (the modes: tests/limits/main.c)\n");
		return 1;
	}
	return failures;
}
