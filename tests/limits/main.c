/*
 * limits - the runtime's limits and what lies just past them, one mode
 * per run (argv[1]). Each check prints "ok: ..." or "FAIL: ..."; the
 * exit status is the number of failures. Modes that end in a panic
 * print what they try first.
 *
 *   cmdline N WORD    WORD is N bytes of 'x' (the command line's limit)
 *   args N 0 1 ...    main gets N more arguments, "0" to "N-1", in order
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

int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "";
	if (strcmp(m, "cmdline") == 0)
		cmdline(argc, argv);
	else if (strcmp(m, "args") == 0 && argc > 2)
		args(argc, argv);
	else {
		printf("usage: limits MODE [ARGS...] (the modes: tests/limits/main.c)\n");
		return 1;
	}
	return failures;
}
