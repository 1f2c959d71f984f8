/*
 * poll.c - poll and select over lwIP's sockets (lwip_poll, lwip_select,
 * held): a wait is lwIP's semaphore with a timeout, a channel select
 * with a deadline (sys_arch.c), so it parks only the calling goroutine.
 *
 * Only sockets are polled: another descriptor (the console's) is
 * POLLNVAL for poll and EBADF for select. newlib declares select
 * (sys/select.h) and has no body for it: this is it, over its fd_set
 * (FD_SETSIZE 1024 wherever lwIP is used, the Makefile's LWIP_INC).
 */
#include <errno.h>
#include <poll.h>
#include <sys/select.h>
#include "sock.h"

/* is_socket: fd is an open socket of lwIP's (errno left alone). */
static int is_socket(int fd)
{
	int saved = errno;
	int ok = lwip_fcntl(fd, F_GETFL, 0) >= 0;
	errno = saved;
	return ok;
}

/* nval: did lwIP's poll fail on a descriptor that is no socket (it marks that one POLLNVAL)? */
static int nval(const struct pollfd *fds, nfds_t nfds)
{
	for (nfds_t i = 0; i < nfds; i++)
		if (fds[i].fd >= 0 && (fds[i].revents & POLLNVAL))
			return 1;
	return 0;
}

/*
 * poll: lwIP's, but for descriptors that are no open socket (the
 * console's, a closed one). lwIP fails the whole call at the first of
 * those; POSIX has each come back POLLNVAL and count as ready, so that
 * poll returns at once. Then the entries are looked at one by one
 * without waiting: POLLNVAL, or what lwIP's poll of that one finds.
 */
int poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
	sock_up();
	int saved = errno;
	int r = lwip_poll(fds, nfds, timeout);
	if (r < 0 && fds && nval(fds, nfds)) {
		r = 0;
		for (nfds_t i = 0; i < nfds; i++) {
			struct pollfd one = { fds[i].fd, fds[i].events, 0 };
			fds[i].revents = 0;
			if (one.fd < 0)
				continue;
			if (!is_socket(one.fd))
				fds[i].revents = POLLNVAL;
			else if (lwip_poll(&one, 1, 0) > 0)
				fds[i].revents = one.revents;
			r += fds[i].revents != 0;
		}
	}
	if (r >= 0)
		errno = saved;
	return r;
}

int select(int nfds, fd_set *rd, fd_set *wr, fd_set *ex, struct timeval *timeout)
{
	sock_up();
	int saved = errno;
	int r = lwip_select(nfds, rd, wr, ex, timeout);
	if (r >= 0)
		errno = saved;
	return r;
}
