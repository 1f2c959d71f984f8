/*
 * limits - the runtime's limits and what lies just past them, one mode
 * per run (argv[1]). Each check prints "ok: ..." or "FAIL: ..."; the
 * exit status is the number of failures. Modes that end in a panic
 * print what they try first.
 *
 *   cmdline N WORD    WORD is N bytes of 'x' (the command line's limit)
 *   args N 0 1 ...    main gets N more arguments, "0" to "N-1", in order
 *   sleep             sleeps too long to count in nanoseconds never end
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

int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "";
	if (strcmp(m, "cmdline") == 0)
		cmdline(argc, argv);
	else if (strcmp(m, "args") == 0 && argc > 2)
		args(argc, argv);
	else if (strcmp(m, "sleep") == 0)
		sleeps();
	else {
		printf("usage: limits MODE [ARGS...] (the modes: tests/limits/main.c)\n");
		return 1;
	}
	return failures;
}
