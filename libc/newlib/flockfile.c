/*
 * flockfile.c - POSIX's flockfile, ftrylockfile and funlockfile, which
 * newlib declares but (for bare metal) does not define.
 *
 * They take the FILE's own lock, the recursive one stdio takes inside
 * every call (locks.c: held by the goroutine, which may yield while it
 * holds it; other goroutines wait). A string FILE (sprintf's, __SSTR)
 * has no lock, as in newlib's own _flockfile.
 */
#include <stdio.h>
#include <sys/lock.h>
#include <sys/stdio.h>

void flockfile(FILE *fp)
{
	_flockfile(fp);
}

/* ftrylockfile: 0 if the lock was taken (or is already the caller's), else nonzero. */
int ftrylockfile(FILE *fp)
{
	if (fp->_flags & __SSTR)
		return 0;
	return __retarget_lock_try_acquire_recursive(fp->_lock) ? 0 : 1;
}

void funlockfile(FILE *fp)
{
	_funlockfile(fp);
}
