/*
 * unit.h - what the unit tests share: named cases, one line each, and
 * the stubs every file under test needs (fatal, throw, kprintf).
 *
 * A unit test is one Linux program (tests/unit/run builds and runs
 * them): it #includes the one .c file it tests, so that file's static
 * functions and data are in reach, then this header, then small stubs
 * for what that file calls elsewhere. main runs named cases; each
 * prints one line, as tests/check does:
 *
 *   ok   name
 *   FAIL name: file:line: the first expectation that failed
 *       | more lines of it, if it has more
 *
 * and the program ends with "N passed, N failed", its status 1 if any
 * failed. fatal() and throw() are caught: EXPECT_FATAL checks that a
 * statement stops with a fatal error whose message matches a pattern
 * ('*' matches any text); anywhere else one fails the case, and the
 * next case runs. kprintf writes into unit_out for cases to compare.
 * Random sequences come from unit_rand, seeded with a fixed value
 * (UNIT_SEED=n in the environment picks another).
 */
#ifndef GORO_UNIT_H
#define GORO_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unit_passed, unit_failed;
static int unit_case_failed;            /* expectations failed in the running case */
static char unit_why[4096];             /* the first of them */
static jmp_buf unit_case_jmp;           /* REQUIRE and an unexpected fatal error end the case here */
static jmp_buf *unit_catch;             /* EXPECT_FATAL's, while its statement runs */
static char unit_fatal_msg[4096];       /* the last fatal error's (or throw's) message */
static char unit_out[1 << 16];          /* what kprintf printed since the case began */
static size_t unit_outlen;
static void (*unit_reset)(void);        /* run before every case, if set */
static void (*unit_kprintf_hook)(void); /* called by every kprintf, if set */
static uint64_t unit_seed = 0x9e3779b97f4a7c15ull;
static uint64_t unit_seed0 = 0x9e3779b97f4a7c15ull;    /* the seed the program started from */
static char unit_ctx[256];              /* where a failure happened (a step of a sequence), if set */

static void unit_failf(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void unit_failf(const char *file, int line, const char *fmt, ...)
{
	if (unit_case_failed++)
		return;
	const char *base = strrchr(file, '/');
	int n = snprintf(unit_why, sizeof unit_why, "%s:%d: ", base ? base + 1 : file, line);
	va_list ap;
	va_start(ap, fmt);
	n += vsnprintf(unit_why + n, sizeof unit_why - n, fmt, ap);
	va_end(ap);
	if (unit_ctx[0] && (size_t)n < sizeof unit_why)
		snprintf(unit_why + n, sizeof unit_why - n, "\nat %s (seed %#llx)", unit_ctx,
			 (unsigned long long)unit_seed0);
}

#define FAILF(...) unit_failf(__FILE__, __LINE__, __VA_ARGS__)
/* EXPECT records a failure and goes on; REQUIRE ends the case. */
#define EXPECT(cond, ...) do { if (!(cond)) FAILF(__VA_ARGS__); } while (0)
#define REQUIRE(cond, ...) do {                                         \
		if (!(cond)) {                                          \
			FAILF(__VA_ARGS__);                             \
			longjmp(unit_case_jmp, 1);                      \
		}                                                       \
	} while (0)

/* unit_match: does text match pattern, where '*' matches any run of characters? */
static __attribute__((unused)) int unit_match(const char *pat, const char *text)
{
	for (; *pat; pat++, text++) {
		if (*pat == '*') {
			for (const char *t = text;; t++) {
				if (unit_match(pat + 1, t))
					return 1;
				if (!*t)
					return 0;
			}
		}
		if (*pat != *text)
			return 0;
	}
	return !*text;
}

/*
 * EXPECT_FATAL(stmt, fmt, ...): stmt must stop with a fatal error (or a
 * throw) whose message matches the pattern printf(fmt, ...) makes.
 * Locals that stmt changes are indeterminate afterwards (longjmp).
 */
#define EXPECT_FATAL(stmt, ...) do {                                            \
		jmp_buf unit_here_, *unit_outer_ = unit_catch;                  \
		char unit_want_[1024];                                          \
		snprintf(unit_want_, sizeof unit_want_, __VA_ARGS__);           \
		unit_fatal_msg[0] = 0;                                          \
		unit_catch = &unit_here_;                                       \
		if (setjmp(unit_here_) == 0) {                                  \
			stmt;                                                   \
			unit_catch = unit_outer_;                               \
			FAILF("%s returned; want the fatal error\n%s", #stmt, unit_want_); \
		} else {                                                        \
			unit_catch = unit_outer_;                               \
			EXPECT(unit_match(unit_want_, unit_fatal_msg),          \
			       "%s: fatal error\n%s\nwant\n%s", #stmt, unit_fatal_msg, unit_want_); \
		}                                                               \
	} while (0)

/* EXPECT_OUT(fmt, ...): kprintf printed text matching the pattern since the last unit_out_clear. */
#define EXPECT_OUT(...) do {                                                    \
		char unit_want_[1024];                                          \
		snprintf(unit_want_, sizeof unit_want_, __VA_ARGS__);           \
		EXPECT(unit_match(unit_want_, unit_out),                        \
		       "printed\n%s\nwant\n%s", unit_out, unit_want_);          \
	} while (0)

static __attribute__((unused)) void unit_out_clear(void)
{
	unit_outlen = 0;
	unit_out[0] = 0;
}

static _Noreturn void unit_stop(void)
{
	if (unit_catch)
		longjmp(*unit_catch, 1);
	FAILF("unexpected fatal error: %s", unit_fatal_msg);
	longjmp(unit_case_jmp, 1);
}

/* --- stubs of the kernel's and runtime's reporting ------------------------ */

_Noreturn void fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(unit_fatal_msg, sizeof unit_fatal_msg, fmt, ap);
	va_end(ap);
	unit_stop();
}

_Noreturn void throw(const char *msg)
{
	snprintf(unit_fatal_msg, sizeof unit_fatal_msg, "%s", msg);
	unit_stop();
}

int kprintf(const char *fmt, ...)
{
	if (unit_kprintf_hook)
		unit_kprintf_hook();
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(unit_out + unit_outlen, sizeof unit_out - unit_outlen, fmt, ap);
	va_end(ap);
	if (n > 0)
		unit_outlen += (size_t)n < sizeof unit_out - unit_outlen ? (size_t)n
			: sizeof unit_out - unit_outlen - 1;
	return n;
}

/* --- random numbers: xorshift64*, a fixed seed ------------------------------ */

static __attribute__((unused)) uint64_t unit_rand(void)
{
	unit_seed ^= unit_seed >> 12;
	unit_seed ^= unit_seed << 25;
	unit_seed ^= unit_seed >> 27;
	return unit_seed * 0x2545f4914f6cdd1dull;
}

/* unit_below: a random number in [0, n), n > 0. */
static __attribute__((unused)) uint64_t unit_below(uint64_t n)
{
	return unit_rand() % n;
}

/* --- running cases ------------------------------------------------------------ */

static void unit_run(const char *name, void (*fn)(void))
{
	unit_case_failed = 0;
	unit_why[0] = 0;
	unit_catch = NULL;
	unit_ctx[0] = 0;
	unit_out_clear();
	if (unit_reset)
		unit_reset();
	if (setjmp(unit_case_jmp) == 0)
		fn();
	if (!unit_case_failed) {
		printf("ok   %s\n", name);
		unit_passed++;
	} else {
		/* The first line on the FAIL line, the rest indented as tests/check does. */
		char *nl = strchr(unit_why, '\n');
		printf("FAIL %s: %.*s\n", name, nl ? (int)(nl - unit_why) : (int)strlen(unit_why), unit_why);
		while (nl) {
			char *s = nl + 1;
			nl = strchr(s, '\n');
			printf("    | %.*s\n", nl ? (int)(nl - s) : (int)strlen(s), s);
		}
		unit_failed++;
	}
	fflush(stdout);
}

/* unit_init reads UNIT_SEED; unit_done prints the totals and gives main's status. */
static void unit_init(void)
{
	const char *s = getenv("UNIT_SEED");
	if (s && *s)
		unit_seed = unit_seed0 = strtoull(s, NULL, 0) | 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
}

static int unit_done(void)
{
	printf("%d passed, %d failed\n", unit_passed, unit_failed);
	return unit_failed != 0;
}

#endif
