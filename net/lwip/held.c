/*
 * held.c - lwIP's socket functions with the caller's stack held.
 *
 * lwIP's API was written for threads whose stacks never move: a call
 * keeps pointers to its own locals (the API message, the vector of a
 * write) and to the caller's buffers in the heap, and lwIP's tcpip
 * goroutine reads them while the caller is parked (a write waiting for
 * room in the send buffer finishes from there). A goroutine's stack may
 * move when it grows or shrinks (docs/stacks.md), so each of these
 * functions holds the caller's stack for the call (goro_stackhold):
 * first it makes LWIP_STACK_ROOM bytes of room, then nothing moves the
 * stack until lwIP has returned and forgotten those pointers.
 *
 * lwIP's own functions are compiled as lwip_*_unheld (unheld.h);
 * appliances call these, under lwIP's names.
 */
#include "unheld.h"
#include "lwip/sockets.h"

/*
 * LWIP_STACK_ROOM: what a call may use below the caller without moving
 * the stack. lwIP's deepest paths from a socket call (a write that
 * sends through the loopback interface) run in under 2 KiB on bare
 * metal: the tests pass with a room of 2 KiB on amd64, where a held
 * stack that had to grow would stop with the overflow report. Hosted,
 * every caller of the C library (glibc, without the split-stack check)
 * asks for 16 KiB of headroom beyond that; 32 KiB makes the stack a big
 * one (64 KiB), which on amd64 grows in place if it ever must.
 */
#ifdef __GLIBC__
#define LWIP_STACK_ROOM (32 * 1024)
#else
#define LWIP_STACK_ROOM (8 * 1024)
#endif

#define HELD(call) do {                                 \
		goro_stackhold(LWIP_STACK_ROOM);        \
		__typeof__(call) r_ = call;             \
		goro_stackrelease();                    \
		return r_;                              \
	} while (0)

#undef lwip_accept
int lwip_accept(int s, struct sockaddr *addr, socklen_t *addrlen)
{
	HELD(lwip_accept_unheld(s, addr, addrlen));
}

#undef lwip_bind
int lwip_bind(int s, const struct sockaddr *name, socklen_t namelen)
{
	HELD(lwip_bind_unheld(s, name, namelen));
}

#undef lwip_shutdown
int lwip_shutdown(int s, int how)
{
	HELD(lwip_shutdown_unheld(s, how));
}

#undef lwip_getpeername
int lwip_getpeername(int s, struct sockaddr *name, socklen_t *namelen)
{
	HELD(lwip_getpeername_unheld(s, name, namelen));
}

#undef lwip_getsockname
int lwip_getsockname(int s, struct sockaddr *name, socklen_t *namelen)
{
	HELD(lwip_getsockname_unheld(s, name, namelen));
}

#undef lwip_getsockopt
int lwip_getsockopt(int s, int level, int optname, void *optval, socklen_t *optlen)
{
	HELD(lwip_getsockopt_unheld(s, level, optname, optval, optlen));
}

#undef lwip_setsockopt
int lwip_setsockopt(int s, int level, int optname, const void *optval, socklen_t optlen)
{
	HELD(lwip_setsockopt_unheld(s, level, optname, optval, optlen));
}

#undef lwip_close
int lwip_close(int s)
{
	HELD(lwip_close_unheld(s));
}

#undef lwip_connect
int lwip_connect(int s, const struct sockaddr *name, socklen_t namelen)
{
	HELD(lwip_connect_unheld(s, name, namelen));
}

#undef lwip_listen
int lwip_listen(int s, int backlog)
{
	HELD(lwip_listen_unheld(s, backlog));
}

#undef lwip_recv
ssize_t lwip_recv(int s, void *mem, size_t len, int flags)
{
	HELD(lwip_recv_unheld(s, mem, len, flags));
}

#undef lwip_read
ssize_t lwip_read(int s, void *mem, size_t len)
{
	HELD(lwip_read_unheld(s, mem, len));
}

#undef lwip_readv
ssize_t lwip_readv(int s, const struct iovec *iov, int iovcnt)
{
	HELD(lwip_readv_unheld(s, iov, iovcnt));
}

#undef lwip_recvfrom
ssize_t lwip_recvfrom(int s, void *mem, size_t len, int flags, struct sockaddr *from, socklen_t *fromlen)
{
	HELD(lwip_recvfrom_unheld(s, mem, len, flags, from, fromlen));
}

#undef lwip_recvmsg
ssize_t lwip_recvmsg(int s, struct msghdr *message, int flags)
{
	HELD(lwip_recvmsg_unheld(s, message, flags));
}

#undef lwip_send
ssize_t lwip_send(int s, const void *dataptr, size_t size, int flags)
{
	HELD(lwip_send_unheld(s, dataptr, size, flags));
}

#undef lwip_sendmsg
ssize_t lwip_sendmsg(int s, const struct msghdr *message, int flags)
{
	HELD(lwip_sendmsg_unheld(s, message, flags));
}

#undef lwip_sendto
ssize_t lwip_sendto(int s, const void *dataptr, size_t size, int flags, const struct sockaddr *to, socklen_t tolen)
{
	HELD(lwip_sendto_unheld(s, dataptr, size, flags, to, tolen));
}

#undef lwip_socket
int lwip_socket(int domain, int type, int protocol)
{
	HELD(lwip_socket_unheld(domain, type, protocol));
}

#undef lwip_write
ssize_t lwip_write(int s, const void *dataptr, size_t size)
{
	HELD(lwip_write_unheld(s, dataptr, size));
}

#undef lwip_writev
ssize_t lwip_writev(int s, const struct iovec *iov, int iovcnt)
{
	HELD(lwip_writev_unheld(s, iov, iovcnt));
}

#undef lwip_select
int lwip_select(int maxfdp1, fd_set *readset, fd_set *writeset, fd_set *exceptset, struct timeval *timeout)
{
	HELD(lwip_select_unheld(maxfdp1, readset, writeset, exceptset, timeout));
}

#undef lwip_poll
int lwip_poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
	HELD(lwip_poll_unheld(fds, nfds, timeout));
}

#undef lwip_ioctl
int lwip_ioctl(int s, long cmd, void *argp)
{
	HELD(lwip_ioctl_unheld(s, cmd, argp));
}

#undef lwip_fcntl
int lwip_fcntl(int s, int cmd, int val)
{
	HELD(lwip_fcntl_unheld(s, cmd, val));
}
