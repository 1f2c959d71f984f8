/*
 * socket.c - the BSD socket calls under their own names, over lwIP's
 * held ones (net/lwip/held.c holds the caller's stack around each, as
 * lwIP keeps pointers into it while the caller is parked).
 *
 * Each brings the network up on first use (sock_up) and keeps errno's
 * rules (sock.h: untouched on success, ENOTSOCK for a descriptor that
 * is no socket). lwIP's own names stay usable beside these.
 */
#include <errno.h>
#include <sys/socket.h>
#include "sock.h"

/* socket: AF_INET only (lwIP's ignores the domain; it is built without IPv6). */
int socket(int domain, int type, int protocol)
{
	if (domain != AF_INET) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	sock_up();
	SOCKCALL(-1, lwip_socket(domain, type, protocol));
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	sock_up();
	SOCKCALL(fd, lwip_bind(fd, addr, len));
}

int listen(int fd, int backlog)
{
	sock_up();
	SOCKCALL(fd, lwip_listen(fd, backlog));
}

int accept(int fd, struct sockaddr *addr, socklen_t *len)
{
	sock_up();
	SOCKCALL(fd, lwip_accept(fd, addr, len));
}

/*
 * connect: lwIP reports every reset as ECONNRESET; one that answers a
 * connection being made is a refusal, ECONNREFUSED, as BSD says.
 */
int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	sock_up();
	int saved = errno;
	int r = lwip_connect(fd, addr, len);
	if (r >= 0)
		errno = saved;
	else if (errno == ECONNRESET)
		errno = ECONNREFUSED;
	else
		sock_notsock(fd);
	return r;
}

ssize_t send(int fd, const void *buf, size_t n, int flags)
{
	sock_up();
	SOCKCALL(fd, lwip_send(fd, buf, n, flags));
}

ssize_t recv(int fd, void *buf, size_t n, int flags)
{
	sock_up();
	SOCKCALL(fd, lwip_recv(fd, buf, n, flags));
}

ssize_t sendto(int fd, const void *buf, size_t n, int flags, const struct sockaddr *to, socklen_t tolen)
{
	sock_up();
	SOCKCALL(fd, lwip_sendto(fd, buf, n, flags, to, tolen));
}

ssize_t recvfrom(int fd, void *buf, size_t n, int flags, struct sockaddr *from, socklen_t *fromlen)
{
	sock_up();
	SOCKCALL(fd, lwip_recvfrom(fd, buf, n, flags, from, fromlen));
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	sock_up();
	SOCKCALL(fd, lwip_sendmsg(fd, msg, flags));
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	sock_up();
	SOCKCALL(fd, lwip_recvmsg(fd, msg, flags));
}

int shutdown(int fd, int how)
{
	sock_up();
	SOCKCALL(fd, lwip_shutdown(fd, how));
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	sock_up();
	SOCKCALL(fd, lwip_setsockopt(fd, level, name, val, len));
}

int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	sock_up();
	SOCKCALL(fd, lwip_getsockopt(fd, level, name, val, len));
}

int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	sock_up();
	SOCKCALL(fd, lwip_getsockname(fd, addr, len));
}

int getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
	sock_up();
	SOCKCALL(fd, lwip_getpeername(fd, addr, len));
}
