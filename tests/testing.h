/*
 * testing.h - what the stack-related test appliances share: one line
 * per check ("ok: ..." or "FAIL: ..."), a count of failures for the
 * exit status, and ways to keep the compiler from optimising a test's
 * stack use away. Included by path ("../testing.h"), so it is not an
 * appliance of its own.
 */
#ifndef GORO_TESTING_H
#define GORO_TESTING_H

#include <stdio.h>

static int failures;    /* main returns it: the exit status */

#define CHECK(ok, ...) do {                                     \
		int ok_ = (ok);                                 \
		printf("%s: ", ok_ ? "ok" : "FAIL");            \
		printf(__VA_ARGS__);                            \
		printf("\n");                                   \
		failures += !ok_;                               \
	} while (0)

#define NOINLINE __attribute__((noinline))

/* opaque makes the compiler assume *p is read and written here. */
static inline void opaque(void *p)
{
	__asm__ volatile("" : : "r"(p) : "memory");
}

#endif
