/*
 * fds.c - goro_fdclaim hosted: a process's descriptors are Linux's, and
 * glibc's read and write go to Linux; there is no table to claim from.
 */
#include <errno.h>
#include "goro.h"

int goro_fdclaim(int lo, int n, const struct goro_fdops *ops)
{
	(void)lo, (void)n, (void)ops;
	errno = ENOSYS;
	return -1;
}
