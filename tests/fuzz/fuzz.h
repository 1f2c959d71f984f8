/*
 * fuzz.h - what every fuzz target shares: the kernel's stops and
 * printing as a target needs them, and the check that ends a run.
 *
 * A target (tests/fuzz/<name>.c) #includes the parser's own source file
 * and hands it libFuzzer's bytes. A parser that stops the boot on bad
 * input (fatal, throw) has done its job: fatal longjmps back to the
 * target, which starts the next input (FUZZ_TRY). kprintf (a driver's
 * report of a bogus device) is counted and dropped. What a parser must
 * never do - read or write outside its input, loop for ever, break an
 * invariant the target checks with FUZZ_CHECK - aborts with the input
 * saved: the sanitizers (address, undefined) and FUZZ_CHECK report it.
 */
#ifndef GORO_FUZZ_H
#define GORO_FUZZ_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static jmp_buf *fuzz_catch;             /* FUZZ_TRY's, while its statement runs */
static char fuzz_fatal_msg[512];        /* the last fatal error's message */
static unsigned long fuzz_reports;      /* kprintf calls (a driver's reports) */

/* FUZZ_CHECK: an invariant of the parser's output; a broken one is a crash. */
#define FUZZ_CHECK(cond, ...) do {                                              \
		if (!(cond)) {                                                  \
			fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed: ",       \
				__FILE__, __LINE__, #cond);                     \
			fprintf(stderr, __VA_ARGS__);                           \
			fputc('\n', stderr);                                    \
			abort();                                                \
		}                                                               \
	} while (0)

/* FUZZ_TRY(stmt): runs stmt; 1 if it stopped with a fatal error, else 0. */
#define FUZZ_TRY(stmt) ({                                                       \
		jmp_buf fuzz_here_;                                             \
		int fuzz_stopped_ = 0;                                          \
		fuzz_catch = &fuzz_here_;                                       \
		if (setjmp(fuzz_here_) == 0) {                                  \
			stmt;                                                   \
		} else {                                                        \
			fuzz_stopped_ = 1;                                      \
		}                                                               \
		fuzz_catch = NULL;                                              \
		fuzz_stopped_;                                                  \
	})

static _Noreturn void fuzz_stop(void)
{
	if (fuzz_catch)
		longjmp(*fuzz_catch, 1);
	fprintf(stderr, "fatal error outside FUZZ_TRY: %s\n", fuzz_fatal_msg);
	abort();
}

/* --- stubs of the kernel's and runtime's reporting ------------------------ */

_Noreturn void fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(fuzz_fatal_msg, sizeof fuzz_fatal_msg, fmt, ap);
	va_end(ap);
	fuzz_stop();
}

_Noreturn void throw(const char *msg)
{
	snprintf(fuzz_fatal_msg, sizeof fuzz_fatal_msg, "%s", msg);
	fuzz_stop();
}

int kprintf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);    /* formatted: its arguments are read */
	va_end(ap);
	fuzz_reports++;
	if (getenv("FUZZ_VERBOSE"))
		fputs(buf, stderr);
	return n;
}

#endif
