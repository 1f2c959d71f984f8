/*
 * locks.h - the lock behind every newlib lock (locks.c): struct __lock,
 * which newlib's sys/lock.h leaves to the system when it is built with
 * retargetable locking (tools/build-newlib), for the glue's own locks
 * too (sbrk's arena, syscalls.c).
 *
 * A goroutine holds it, not a CPU: a holder may be switched out, and
 * the others wait for it, parked. Take and release it with newlib's
 * __retarget_lock_acquire[_recursive] / __retarget_lock_release[_recursive]
 * (sys/lock.h); a static one starts as NEWLIB_LOCK_INIT.
 */
#ifndef GORO_NEWLIB_LOCKS_H
#define GORO_NEWLIB_LOCKS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/lock.h>
#include "goro.h"

struct __lock {
	mutex m;                /* taken while held: goroutines wait in it, parked, in FIFO order */
	void *owner;            /* the holder (a G, or the boot before the scheduler runs); NULL if none */
	uint32_t depth;         /* how many times the holder took it (recursive locks) */
	uint32_t magic;         /* LockMagic while usable; LockClosed once closed */
	bool dynamic;           /* made by __retarget_lock_init*: rtfree'd when closed */
};

enum {
	LockMagic = 0x4c4f434b,         /* "LOCK" */
	LockClosed = 0x434c4f53,        /* "CLOS" */
};

#define NEWLIB_LOCK_INIT        { .magic = LockMagic }

#endif
