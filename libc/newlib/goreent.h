/*
 * goreent.h - what the C library keeps for each goroutine (reent.c):
 * newlib's struct _reent.
 * __getreent and libc_goexit are newlib's and the runtime's names,
 * declared by their headers.
 */
#ifndef GORO_NEWLIB_GOREENT_H
#define GORO_NEWLIB_GOREENT_H

#include <reent.h>
#include <stdbool.h>
#include <stdint.h>

/* golibc: a goroutine's C library state, G's libc field (the locks it holds are counted in G: locks.c). */
struct golibc {
	struct _reent reent;    /* _REENT while it runs */
};

/* golibc_current: the running goroutine's, made on first use; NULL off a goroutine (boot, g0). */
struct golibc *golibc_current(void);

/* libc_stdio_started: whether the standard streams are set up (at the first stdio call: reent.c). */
bool libc_stdio_started(void);

#endif
