/*
 * up.c - the socket layer's descriptors and its start: lwIP's socket
 * numbers are newlib descriptors from boot, and the network comes up
 * before main.
 *
 * The descriptors LWIP_SOCKET_OFFSET .. +NUM_SOCKETS are claimed in
 * newlib's file table (goro_fdclaim) by a constructor, before main:
 * read, write, close, fstat and fcntl on them land here, also on
 * sockets made by lwIP's own names. The start cannot be a constructor:
 * those run before the scheduler (libc_init, before main's goroutine
 * exists), where bringing lwIP up, which parks, cannot run. GORO_INIT
 * runs sock_up on goroutine 1 before main instead, so DHCP starts at
 * boot; every entry point that reaches lwIP also calls sock_up (one
 * load once up), and as each refers to it, a program that uses a BSD
 * name links this file, constructor, GORO_INIT and all.
 */
#include <errno.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include "goro.h"
#include "goro_net.h"
#include "sock.h"

static int up;          /* 1 once the network runs */
static mutex up_mu;

static ptrdiff_t sock_read(int fd, void *buf, size_t n)
{
	SOCKCALL(fd, lwip_read(fd, buf, n));
}

static ptrdiff_t sock_write(int fd, const void *buf, size_t n)
{
	SOCKCALL(fd, lwip_write(fd, buf, n));
}

static int sock_close(int fd)
{
	SOCKCALL(fd, lwip_close(fd));
}

/* sock_fstat: a socket, if fd is one (lwip_fcntl's F_GETFL tells); else EBADF. */
static int sock_fstat(int fd, struct stat *st)
{
	int saved = errno;
	if (lwip_fcntl(fd, F_GETFL, 0) < 0)
		return -1;
	errno = saved;
	*st = (struct stat){ .st_mode = S_IFSOCK | 0777 };
	return 0;
}

/*
 * sock_fcntl: F_GETFL and F_SETFL's O_NONBLOCK are lwIP's; F_GETFD is 0
 * and F_SETFD does nothing (there is no exec to close on); other
 * commands fail with ENOSYS.
 */
static int sock_fcntl(int fd, int cmd, int arg)
{
	if (cmd == F_GETFD || cmd == F_SETFD) {
		struct stat st;
		return sock_fstat(fd, &st) < 0 ? -1 : 0;
	}
	SOCKCALL(fd, lwip_fcntl(fd, cmd, arg));
}

static const struct goro_fdops sock_fdops = {
	.read = sock_read,
	.write = sock_write,
	.close = sock_close,
	.fstat = sock_fstat,
	.fcntl = sock_fcntl,
};

__attribute__((constructor)) static void sock_claim(void)
{
	goro_fdclaim(LWIP_SOCKET_OFFSET, MEMP_NUM_NETCONN, &sock_fdops);
}

GORO_INIT(sock_up);

void sock_up(void)
{
	if (__atomic_load_n(&up, __ATOMIC_ACQUIRE))
		return;
	mutex_lock(&up_mu);
	if (!up) {
		goro_net_start();
		__atomic_store_n(&up, 1, __ATOMIC_RELEASE);
	}
	mutex_unlock(&up_mu);
}

void sock_notsock(int fd)
{
	struct stat st;
	if (errno == EBADF && fstat(fd, &st) == 0)
		errno = ENOTSOCK;
}
