/*
 * fds.h - descriptors newlib's glue does not own (fds.c): the claims
 * libraries above goro.h make with goro_fdclaim, which syscalls.c asks
 * before treating a descriptor as the console's or a bad one.
 */
#ifndef GORO_NEWLIB_FDS_H
#define GORO_NEWLIB_FDS_H

#include "goro.h"

/* fd_claimed: the ops fd was claimed for, or NULL (the glue's own, or nobody's). */
const struct goro_fdops *fd_claimed(int fd);

#endif
