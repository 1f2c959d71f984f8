/*
 * sock.h - what the socket layer's files share (net/socket): bringing
 * the network up on first use, and errno's rules.
 */
#ifndef GORO_SOCK_H
#define GORO_SOCK_H

/*
 * sock_up brings lwIP up (goro_net_start), once; every entry point that
 * reaches lwIP calls it first. After the first time it is one atomic
 * load.
 */
void sock_up(void);

/*
 * SOCKCALL returns what an lwIP socket call on descriptor fd returns.
 * On success the caller's errno is left as it was (lwIP zeroes it); on
 * failure an EBADF for a descriptor that is open but no socket (the
 * console's) becomes ENOTSOCK, as POSIX has it.
 */
#define SOCKCALL(fd, call) do {                                 \
		int saved_ = errno;                             \
		__typeof__(call) r_ = (call);                   \
		if (r_ >= 0)                                    \
			errno = saved_;                         \
		else                                            \
			sock_notsock(fd);                       \
		return r_;                                      \
	} while (0)

/* sock_notsock turns errno EBADF into ENOTSOCK if fd is open (fstat says so). */
void sock_notsock(int fd);

#endif
