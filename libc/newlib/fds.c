/*
 * fds.c - goro_fdclaim: the descriptors newlib's glue hands to a library
 * above it (the socket layer's sockets), so libc knows nothing of lwIP.
 *
 * A claim is a range [lo, lo+n) and the library's operations. There are
 * few claims (one per library, made once), so they are a small array
 * filled in order: a claim is written whole before the count that
 * publishes it, and lookups, on every read and write, take no lock.
 * Claimers take a newlib lock, which also works before the scheduler
 * runs: a library may claim from a constructor.
 */
#include <errno.h>
#include "fds.h"
#include "locks.h"

static struct claim {
	int lo, hi;                     /* [lo, hi) */
	const struct goro_fdops *ops;
} claims[GORO_FDCLAIMS];
static int nclaims;                     /* published with release, read with acquire */
static struct __lock claim_lock = NEWLIB_LOCK_INIT;    /* claimers, one at a time */

int goro_fdclaim(int lo, int n, const struct goro_fdops *ops)
{
	if (lo < 3 || n <= 0 || lo > __INT_MAX__ - n || !ops || !ops->read || !ops->write ||
	    !ops->close || !ops->fstat || !ops->fcntl)
		panic("goro_fdclaim: bad claim [%d, %d) ops %p (0-2 are the console's; every op is needed)",
		      lo, lo + n, ops);
	__retarget_lock_acquire(&claim_lock);
	int k = __atomic_load_n(&nclaims, __ATOMIC_RELAXED);
	for (int i = 0; i < k; i++)
		if (lo < claims[i].hi && claims[i].lo < lo + n)
			panic("goro_fdclaim: [%d, %d) overlaps the claim [%d, %d)", lo, lo + n, claims[i].lo,
			      claims[i].hi);
	if (k == GORO_FDCLAIMS)
		panic("goro_fdclaim: [%d, %d) is one claim more than the %d there is room for", lo, lo + n,
		      GORO_FDCLAIMS);
	claims[k] = (struct claim){ lo, lo + n, ops };
	__atomic_store_n(&nclaims, k + 1, __ATOMIC_RELEASE);
	__retarget_lock_release(&claim_lock);
	return 0;
}

const struct goro_fdops *fd_claimed(int fd)
{
	int k = __atomic_load_n(&nclaims, __ATOMIC_ACQUIRE);
	for (int i = 0; i < k; i++)
		if (fd >= claims[i].lo && fd < claims[i].hi)
			return claims[i].ops;
	return NULL;
}
