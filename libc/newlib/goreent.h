/*
 * goreent.h - what the C library keeps for each goroutine (reent.c):
 * newlib's struct _reent and the count of newlib's locks it holds.
 * __getreent and libc_goexit are newlib's and the runtime's names,
 * declared by their headers.
 */
#ifndef GORO_NEWLIB_GOREENT_H
#define GORO_NEWLIB_GOREENT_H

#include <reent.h>
#include <stdint.h>

/* golibc: a goroutine's C library state, G's libc field. */
struct golibc {
	struct _reent reent;    /* _REENT while it runs */
	uint32_t locks;         /* newlib's locks it holds (locks.c): none may be left when it ends */
};

/* golibc_current: the running goroutine's, made on first use; NULL off a goroutine (boot, g0). */
struct golibc *golibc_current(void);

/* reent_init sets up stdio in newlib's global struct _reent; at boot, before constructors run. */
void reent_init(void);

#endif
