/*
 * goreent.h - newlib's struct _reent per goroutine (reent.c): what the
 * rest of the glue calls. __getreent and libc_goexit are newlib's and
 * the runtime's names, declared by their headers.
 */
#ifndef GORO_NEWLIB_GOREENT_H
#define GORO_NEWLIB_GOREENT_H

/* reent_init sets up stdio in newlib's global struct _reent; at boot, before constructors run. */
void reent_init(void);

#endif
