/*
 * flockfile.c - POSIX's flockfile, ftrylockfile and funlockfile, which
 * newlib declares but (for bare metal) does not define.
 *
 * They take the FILE's own lock, the recursive one stdio takes inside
 * every call (locks.c: held by the goroutine, which may yield while it
 * holds it; other goroutines wait). A string FILE (sprintf's, __SSTR)
 * has no lock, as in newlib's own _flockfile. Each may be a
 * goroutine's first stdio call, before the standard streams (and their
 * locks) are set up (reent.c): it sets them up first, as newlib's
 * functions do (CHECK_INIT).
 */
#include <stdio.h>
#include <sys/lock.h>
#include <sys/stdio.h>

/* newlib's stdio set-up (stdio/local.h, not installed). */
void __sinit(struct _reent *s);

static void check_init(void)
{
	struct _reent *r = _REENT;
	if (!r->__sdidinit)
		__sinit(r);
}

void flockfile(FILE *fp)
{
	check_init();
	_flockfile(fp);
}

/* ftrylockfile: 0 if the lock was taken (or is already the caller's), else nonzero. */
int ftrylockfile(FILE *fp)
{
	check_init();
	if (fp->_flags & __SSTR)
		return 0;
	return __retarget_lock_try_acquire_recursive(fp->_lock) ? 0 : 1;
}

void funlockfile(FILE *fp)
{
	check_init();
	_funlockfile(fp);
}
