/*
 * sockets - the BSD socket API on lwIP (net/socket, net/include), as an
 * ordinary C program writes it: <sys/socket.h>, <netinet/in.h>,
 * <arpa/inet.h>, <netdb.h>, <poll.h>, and read, write and close on
 * socket descriptors. It includes none of lwIP's headers: the build
 * must recognise it by the BSD ones. Over lwIP's loopback interface
 * (127.0.0.1), no network card. One mode per run (argv[1]); each check
 * prints "ok: ..." or "FAIL: ...", and the exit status is the number of
 * failures.
 *
 *   tcp     a server with a goroutine per connection, written with
 *           accept, read, write and close, and 6 clients at once
 *           (write/read or send/recv), with shutdown, getsockname and
 *           getpeername; a closed socket's descriptor gives EBADF; UDP
 *           with sendto/recvfrom and sendmsg/recvmsg
 *   poll    one goroutine serves 20 clients with poll (accepting and
 *           echoing); poll's timeout parks only the poller; select
 *   names   getaddrinfo for numeric hosts and services, its errors;
 *           inet_pton/inet_ntop round trips; inet_addr, inet_ntoa,
 *           byte order, getnameinfo
 *   errno   two goroutines fail at once with ECONNREFUSED and EBADF
 *           and each reads its own errno; ENOTSOCK; a success leaves
 *           errno alone
 *   fds     0-2 stay the console; a socket's fstat, isatty, lseek and
 *           fcntl (O_NONBLOCK); descriptors closed or never opened give
 *           EBADF; stdio on a socket (fdopen, fprintf, fgets)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include "goro.h"
#include "../testing.h"

enum { TCP_PORT = 7, POLL_PORT = 8, FDS_PORT = 9, NAMES_PORT = 10, CLOSED_PORT = 9999 };

/* loopback: 127.0.0.1:port as a program from Linux writes it, sin_len left 0 (getaddrinfo's set it). */
static struct sockaddr_in loopback(int port)
{
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sa;
}

/* listener: a TCP socket listening on 127.0.0.1:port, or -1. */
static int listener(int port, int backlog)
{
	struct sockaddr_in sa = loopback(port);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, backlog) != 0) {
		printf("listener on port %d: errno %d\n", port, errno);
		return -1;
	}
	return fd;
}

static int dial(int port)
{
	struct sockaddr_in sa = loopback(port);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static unsigned char pattern(int c, size_t i)
{
	uint32_t x = (uint32_t)(c + 1) * 2654435761u ^ (uint32_t)i * 40503u;
	return (unsigned char)(x >> 13 ^ x);
}

/* read_full reads exactly n bytes with read(); the count read (less at EOF or an error). */
static size_t read_full(int fd, unsigned char *buf, size_t n, bool use_recv)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = use_recv ? recv(fd, buf + got, n - got, 0) : read(fd, buf + got, n - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return got;
}

/* --- tcp: a goroutine per connection, read/write/close ------------------------------------------- */

enum { TCP_CLIENTS = 6, TCP_TOTAL = 40000 };

struct tcpsrv { int lfd, accepted, peers_ok; chan *done; };

static void tcp_conn(void *arg)
{
	int fd = (int)(intptr_t)arg;
	unsigned char buf[3000];
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		if (write(fd, buf, (size_t)n) != n) {
			printf("FAIL: tcp: the server's write of %d bytes: errno %d\n", (int)n, errno);
			failures++;
			break;
		}
	if (n < 0) {
		printf("FAIL: tcp: the server's read: errno %d\n", errno);
		failures++;
	}
	if (close(fd) != 0) {
		printf("FAIL: tcp: the server's close: errno %d\n", errno);
		failures++;
	}
}

static void tcp_server(void *arg)
{
	struct tcpsrv *s = arg;
	while (s->accepted < TCP_CLIENTS) {
		struct sockaddr_in peer;
		socklen_t len = sizeof peer;
		int fd = accept(s->lfd, (struct sockaddr *)&peer, &len);
		if (fd < 0) {
			printf("FAIL: tcp: accept: errno %d\n", errno);
			failures++;
			break;
		}
		s->accepted++;
		if (len == sizeof peer && peer.sin_family == AF_INET &&
		    peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK) && ntohs(peer.sin_port) != TCP_PORT)
			s->peers_ok++;
		go(tcp_conn, (void *)(intptr_t)fd);
	}
	close(s->lfd);
	chan_send(s->done, NULL);
}

struct tcpcli { int id; size_t echoed, bad; int err; bool eof, names_ok; waitgroup *wg; };

static void tcp_client(void *arg)
{
	struct tcpcli *c = arg;
	bool use_send = c->id % 2;              /* half use send/recv, half write/read */
	unsigned char out[2500], in[2500];
	int fd = dial(TCP_PORT);
	if (fd < 0) {
		c->err = errno;
		wg_done(c->wg);
		return;
	}
	struct sockaddr_in me, peer;
	socklen_t ml = sizeof me, pl = sizeof peer;
	c->names_ok = getsockname(fd, (struct sockaddr *)&me, &ml) == 0 &&
		      getpeername(fd, (struct sockaddr *)&peer, &pl) == 0 &&
		      ntohs(peer.sin_port) == TCP_PORT && peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK) &&
		      me.sin_addr.s_addr == htonl(INADDR_LOOPBACK) && ntohs(me.sin_port) != 0;
	for (size_t off = 0, k = 1; off < TCP_TOTAL; k = k * 7 % sizeof out + 1) {
		size_t n = TCP_TOTAL - off < k ? TCP_TOTAL - off : k;
		for (size_t i = 0; i < n; i++)
			out[i] = pattern(c->id, off + i);
		ssize_t w = use_send ? send(fd, out, n, 0) : write(fd, out, n);
		if (w != (ssize_t)n) {
			c->err = errno;
			break;
		}
		size_t got = read_full(fd, in, n, use_send);
		for (size_t i = 0; i < got; i++)
			c->bad += in[i] != out[i];
		c->echoed += got;
		if (got != n) {
			c->err = errno ? errno : -1;
			break;
		}
		off += n;
	}
	/* Our half closed, the server's read ends, it closes, ours ends: 0. */
	unsigned char b;
	c->eof = shutdown(fd, SHUT_WR) == 0 && read(fd, &b, 1) == 0;
	close(fd);
	wg_done(c->wg);
}

static void test_tcp(void)
{
	struct tcpsrv s = { listener(TCP_PORT, 8), 0, 0, chan_make(0, 1) };
	CHECK(s.lfd >= 3, "tcp: socket, bind and listen on 127.0.0.1:%d (descriptor %d)", TCP_PORT, s.lfd);
	if (s.lfd < 0)
		return;
	go(tcp_server, &s);
	static struct tcpcli cls[TCP_CLIENTS];
	waitgroup wg = { 0 };
	wg_add(&wg, TCP_CLIENTS);
	for (int i = 0; i < TCP_CLIENTS; i++) {
		cls[i] = (struct tcpcli){ .id = i, .wg = &wg };
		go(tcp_client, &cls[i]);
	}
	wg_wait(&wg);
	chan_recv(s.done, NULL);
	size_t echoed = 0, bad = 0;
	int errs = 0, eofs = 0, names = 0;
	for (int i = 0; i < TCP_CLIENTS; i++) {
		echoed += cls[i].echoed;
		bad += cls[i].bad;
		eofs += cls[i].eof;
		names += cls[i].names_ok;
		if (cls[i].err) {
			printf("client %d: errno %d after %zu bytes\n", i, cls[i].err, cls[i].echoed);
			errs++;
		}
	}
	CHECK(errs == 0 && bad == 0 && echoed == (size_t)TCP_CLIENTS * TCP_TOTAL,
	      "tcp: %d clients at once echoed through a goroutine per connection (read/write, send/recv): "
	      "%zu of %zu bytes, %zu wrong", TCP_CLIENTS, echoed, (size_t)TCP_CLIENTS * TCP_TOTAL, bad);
	CHECK(s.accepted == TCP_CLIENTS && s.peers_ok == TCP_CLIENTS,
	      "tcp: accept gave %d connections, %d with the client's address 127.0.0.1", s.accepted, s.peers_ok);
	CHECK(names == TCP_CLIENTS, "tcp: getsockname and getpeername name both ends (%d of %d)", names,
	      TCP_CLIENTS);
	CHECK(eofs == TCP_CLIENTS, "tcp: after shutdown(SHUT_WR) the server closed and read gave 0 (%d of %d)",
	      eofs, TCP_CLIENTS);

	/* A descriptor once a socket: every call on it now fails with EBADF. */
	unsigned char b = 0;
	errno = 0;
	ssize_t r = read(s.lfd, &b, 1);
	int e1 = errno;
	errno = 0;
	ssize_t w = write(s.lfd, &b, 1);
	int e2 = errno;
	errno = 0;
	int c = close(s.lfd);
	int e3 = errno;
	errno = 0;
	ssize_t rv = recv(s.lfd, &b, 1, 0);
	int e4 = errno;
	CHECK(r == -1 && e1 == EBADF && w == -1 && e2 == EBADF && c == -1 && e3 == EBADF && rv == -1 && e4 == EBADF,
	      "tcp: a closed socket's descriptor: read, write, close, recv fail with EBADF (%d %d %d %d)",
	      e1, e2, e3, e4);
}

/* --- udp: datagrams with sendto/recvfrom and sendmsg/recvmsg -------------------------------------- */

enum { UDP_PORT = 11 };

static void test_udp(void)
{
	struct sockaddr_in sa = loopback(UDP_PORT);
	int srv = socket(AF_INET, SOCK_DGRAM, 0), cli = socket(AF_INET, SOCK_DGRAM, 0);
	bool up = srv >= 3 && cli >= 3 && bind(srv, (struct sockaddr *)&sa, sizeof sa) == 0;
	static const char msg[] = "a datagram";
	struct sockaddr_in from;
	socklen_t fl = sizeof from;
	char buf[64] = "";
	ssize_t s1 = up ? sendto(cli, msg, sizeof msg, 0, (struct sockaddr *)&sa, sizeof sa) : -1;
	ssize_t r1 = up ? recvfrom(srv, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl) : -1;
	struct sockaddr_in me;
	socklen_t ml = sizeof me;
	getsockname(cli, (struct sockaddr *)&me, &ml);
	CHECK(s1 == (ssize_t)sizeof msg && r1 == (ssize_t)sizeof msg && strcmp(buf, msg) == 0 &&
	      from.sin_addr.s_addr == htonl(INADDR_LOOPBACK) && from.sin_port == me.sin_port,
	      "udp: sendto and recvfrom carry a datagram and its sender's address (%d %d)", (int)s1, (int)r1);

	/* The answer goes back in two pieces gathered by sendmsg, scattered by recvmsg. */
	char a[] = "two ", b[] = "pieces", x[5] = "", y[16] = "";
	struct iovec out[2] = { { a, 4 }, { b, 6 } }, in[2] = { { x, 4 }, { y, sizeof y } };
	struct msghdr mo = { .msg_name = &from, .msg_namelen = fl, .msg_iov = out, .msg_iovlen = 2 };
	struct msghdr mi = { .msg_iov = in, .msg_iovlen = 2 };
	ssize_t s2 = sendmsg(srv, &mo, 0);
	ssize_t r2 = recvmsg(cli, &mi, 0);
	CHECK(s2 == 10 && r2 == 10 && memcmp(x, "two ", 4) == 0 && memcmp(y, "pieces", 6) == 0,
	      "udp: sendmsg gathers two pieces, recvmsg scatters them (%d %d)", (int)s2, (int)r2);
	close(cli);
	close(srv);
}

/* --- poll: one goroutine serves many connections ------------------------------------------------ */

enum { POLL_CLIENTS = 20, POLL_ROUNDS = 8 };

struct pollsrv { int lfd, accepted, maxopen, echoes, err; chan *done; };

static void poll_server(void *arg)
{
	struct pollsrv *s = arg;
	struct pollfd fds[1 + POLL_CLIENTS];
	int nfds = 1, open = 0;
	fds[0] = (struct pollfd){ .fd = s->lfd, .events = POLLIN };
	unsigned char buf[4096];
	while (s->accepted < POLL_CLIENTS || open > 0) {
		int n = poll(fds, (nfds_t)nfds, 5000);
		if (n <= 0) {
			s->err = n == 0 ? ETIMEDOUT : errno;
			break;
		}
		if (fds[0].revents & POLLIN) {
			int fd = accept(s->lfd, NULL, NULL);
			if (fd < 0) {
				s->err = errno;
				break;
			}
			fds[nfds++] = (struct pollfd){ .fd = fd, .events = POLLIN };
			s->accepted++;
			if (++open > s->maxopen)
				s->maxopen = open;
			if (s->accepted == POLL_CLIENTS)
				fds[0].fd = -1;         /* no more: poll ignores it */
		}
		for (int i = 1; i < nfds; i++) {
			if (!(fds[i].revents & (POLLIN | POLLERR)))
				continue;
			ssize_t r = read(fds[i].fd, buf, sizeof buf);
			if (r > 0 && write(fds[i].fd, buf, (size_t)r) == r) {
				s->echoes++;
				continue;
			}
			if (r < 0)
				s->err = errno;
			close(fds[i].fd);
			fds[i--] = fds[--nfds];
			open--;
		}
	}
	close(s->lfd);
	chan_send(s->done, NULL);
}

struct pollcli { int id; bool ok; int err; waitgroup *wg; };

static void poll_client(void *arg)
{
	struct pollcli *c = arg;
	int fd = dial(POLL_PORT);
	if (fd < 0) {
		c->err = errno;
		wg_done(c->wg);
		return;
	}
	gosleep((int64_t)(c->id % 5) * 1000000);       /* the clients' messages interleave */
	unsigned char out[600], in[600];
	c->ok = true;
	for (int round = 0; round < POLL_ROUNDS && c->ok; round++) {
		size_t n = 1 + (size_t)(c->id * 31 + round * 97) % sizeof out;
		for (size_t i = 0; i < n; i++)
			out[i] = pattern(c->id, (size_t)round * 1000 + i);
		c->ok = write(fd, out, n) == (ssize_t)n && read_full(fd, in, n, false) == n &&
			memcmp(in, out, n) == 0;
		if (!c->ok)
			c->err = errno;
	}
	close(fd);
	wg_done(c->wg);
}

static volatile int ticks;
static volatile bool ticking;

static void ticker(void *arg)
{
	(void)arg;
	while (ticking) {
		ticks++;
		gosleep(1000000);
	}
}

static void test_poll(void)
{
	struct pollsrv s = { .lfd = listener(POLL_PORT, 32), .done = chan_make(0, 1) };
	if (s.lfd < 0) {
		CHECK(0, "poll: a listener");
		return;
	}
	go(poll_server, &s);
	static struct pollcli cls[POLL_CLIENTS];
	waitgroup wg = { 0 };
	wg_add(&wg, POLL_CLIENTS);
	for (int i = 0; i < POLL_CLIENTS; i++) {
		cls[i] = (struct pollcli){ .id = i, .wg = &wg };
		go(poll_client, &cls[i]);
	}
	wg_wait(&wg);
	chan_recv(s.done, NULL);
	int ok = 0;
	for (int i = 0; i < POLL_CLIENTS; i++) {
		ok += cls[i].ok;
		if (!cls[i].ok)
			printf("poll client %d: errno %d\n", i, cls[i].err);
	}
	CHECK(ok == POLL_CLIENTS && s.err == 0 && s.accepted == POLL_CLIENTS &&
	      s.echoes == POLL_CLIENTS * POLL_ROUNDS,
	      "poll: one goroutine served %d clients with poll: %d of them echoed whole, %d echoes, "
	      "%d connections open at most, errno %d", POLL_CLIENTS, ok, s.echoes, s.maxopen, s.err);

	/* A poll that times out parks only its goroutine: the ticker runs meanwhile (also on one CPU). */
	int lfd = listener(POLL_PORT, 1);
	int cfd = dial(POLL_PORT);
	int afd = accept(lfd, NULL, NULL);
	ticking = true;
	ticks = 0;
	go(ticker, NULL);
	struct pollfd pf = { .fd = afd, .events = POLLIN };
	int64_t t0 = nanotime();
	int n = poll(&pf, 1, 100);
	int64_t ms = (nanotime() - t0) / 1000000;
	int during = ticks;
	CHECK(n == 0 && pf.revents == 0 && ms >= 100 && ms < 1000 && during >= 10,
	      "poll: a 100 ms timeout with nothing to read returned 0 after %lld ms; another goroutine "
	      "ran %d times meanwhile", (long long)ms, during);
	t0 = nanotime();
	n = poll(NULL, 0, 50);
	ms = (nanotime() - t0) / 1000000;
	ticking = false;
	CHECK(n == 0 && ms >= 50 && ms < 1000, "poll: no descriptors and 50 ms waits %lld ms", (long long)ms);

	/* Readiness: POLLIN once bytes are there, POLLOUT with room; the console's descriptor is POLLNVAL. */
	write(cfd, "x", 1);
	pf = (struct pollfd){ .fd = afd, .events = POLLIN };
	t0 = nanotime();
	n = poll(&pf, 1, 5000);
	ms = (nanotime() - t0) / 1000000;
	CHECK(n == 1 && pf.revents == POLLIN && ms < 1000, "poll: a byte arriving wakes the poller: POLLIN (%lld ms)",
	      (long long)ms);
	struct pollfd pfs[3] = { { .fd = afd, .events = POLLIN | POLLOUT }, { .fd = 0, .events = POLLIN },
				 { .fd = -1, .events = POLLIN } };
	n = poll(pfs, 3, 1000);
	CHECK(n == 2 && pfs[0].revents == (POLLIN | POLLOUT) && pfs[1].revents == POLLNVAL && pfs[2].revents == 0,
	      "poll: the socket with a byte waiting is POLLIN|POLLOUT, the console's fd 0 POLLNVAL, fd -1 "
	      "ignored (%d: %#x %#x %#x)", n, pfs[0].revents, pfs[1].revents, pfs[2].revents);

	/* select over the same socket. */
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(afd, &rd);
	struct timeval tv = { 1, 0 };
	n = select(afd + 1, &rd, NULL, NULL, &tv);
	CHECK(n == 1 && FD_ISSET(afd, &rd), "select: the socket with a byte waiting is readable (%d)", n);
	char b;
	read(afd, &b, 1);
	FD_ZERO(&rd);
	FD_SET(afd, &rd);
	tv = (struct timeval){ 0, 30000 };
	t0 = nanotime();
	n = select(afd + 1, &rd, NULL, NULL, &tv);
	ms = (nanotime() - t0) / 1000000;
	CHECK(n == 0 && !FD_ISSET(afd, &rd) && ms >= 30, "select: with nothing to read it times out (%lld ms)",
	      (long long)ms);
	close(afd);
	close(cfd);
	close(lfd);
}

/* --- names: getaddrinfo, inet_pton/ntop ---------------------------------------------------------- */

static void test_names(void)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *res = NULL;
	int err = getaddrinfo("127.0.0.1", "7", &hints, &res);
	struct sockaddr_in *sin = res ? (struct sockaddr_in *)res->ai_addr : NULL;
	CHECK(err == 0 && res && !res->ai_next && res->ai_family == AF_INET && res->ai_socktype == SOCK_STREAM &&
	      res->ai_protocol == IPPROTO_TCP && res->ai_addrlen == sizeof *sin &&
	      sin->sin_addr.s_addr == htonl(INADDR_LOOPBACK) && ntohs(sin->sin_port) == 7,
	      "getaddrinfo(\"127.0.0.1\", \"7\", TCP) gives 127.0.0.1 port 7 (%d)", err);
	if (!err)
		freeaddrinfo(res);

	err = getaddrinfo("10.0.2.15", "53", NULL, &res);
	int n = 0, tcp = 0, udp = 0;
	for (struct addrinfo *a = res; !err && a; a = a->ai_next) {
		n++;
		tcp += a->ai_socktype == SOCK_STREAM && a->ai_protocol == IPPROTO_TCP;
		udp += a->ai_socktype == SOCK_DGRAM && a->ai_protocol == IPPROTO_UDP;
	}
	CHECK(err == 0 && n == 2 && tcp == 1 && udp == 1,
	      "getaddrinfo without hints gives a TCP and a UDP answer (%d: %d answers)", err, n);
	if (!err)
		freeaddrinfo(res);

	hints = (struct addrinfo){ .ai_flags = AI_PASSIVE, .ai_socktype = SOCK_STREAM };
	err = getaddrinfo(NULL, "10", &hints, &res);
	CHECK(err == 0 && ((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr == htonl(INADDR_ANY),
	      "getaddrinfo(NULL, \"10\", AI_PASSIVE) gives INADDR_ANY (%d)", err);
	/* ... and a server bound to it answers a client that found it by getaddrinfo("localhost"). */
	int lfd = -1, cfd = -1, afd = -1;
	if (!err) {
		lfd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
		int one = 1;
		setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (bind(lfd, res->ai_addr, res->ai_addrlen) != 0 || listen(lfd, 1) != 0)
			printf("bind/listen: errno %d\n", errno);
		freeaddrinfo(res);
	}
	hints = (struct addrinfo){ .ai_socktype = SOCK_STREAM, .ai_flags = AI_CANONNAME };
	err = getaddrinfo("localhost", "10", &hints, &res);
	if (!err) {
		cfd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
		if (connect(cfd, res->ai_addr, res->ai_addrlen) == 0)
			afd = accept(lfd, NULL, NULL);
	}
	CHECK(err == 0 && res->ai_canonname && strcmp(res->ai_canonname, "localhost") == 0 && afd >= 0,
	      "getaddrinfo(\"localhost\", \"10\") finds the server bound by getaddrinfo(NULL, \"10\") (%d)", err);
	if (!err)
		freeaddrinfo(res);
	close(afd);
	close(cfd);
	close(lfd);

	err = getaddrinfo("example.com", "80", NULL, &res);
	CHECK(err == EAI_NONAME, "getaddrinfo(\"example.com\") fails with EAI_NONAME, no DNS (%d: %s)", err,
	      gai_strerror(err));
	hints = (struct addrinfo){ .ai_flags = AI_NUMERICHOST };
	int e2 = getaddrinfo("localhost", "80", &hints, &res);
	int e3 = getaddrinfo("127.0.0.1", "http", NULL, &res);
	hints = (struct addrinfo){ .ai_family = AF_INET6 };
	int e4 = getaddrinfo("127.0.0.1", "80", &hints, &res);
	int e5 = getaddrinfo(NULL, NULL, NULL, &res);
	int e6 = getaddrinfo("127.0.0.1", "65536", NULL, &res);
	CHECK(e2 == EAI_NONAME && e3 == EAI_SERVICE && e4 == EAI_FAMILY && e5 == EAI_NONAME && e6 == EAI_SERVICE,
	      "getaddrinfo: AI_NUMERICHOST with a name, a service name, AF_INET6, neither host nor service, "
	      "port 65536 fail (%d %d %d %d %d)", e2, e3, e4, e5, e6);

	static const char *good[] = { "0.0.0.0", "127.0.0.1", "10.0.2.15", "192.168.100.254", "255.255.255.255" };
	int round = 0;
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		struct in_addr a;
		char buf[INET_ADDRSTRLEN];
		round += inet_pton(AF_INET, good[i], &a) == 1 && inet_ntop(AF_INET, &a, buf, sizeof buf) == buf &&
			 strcmp(buf, good[i]) == 0;
	}
	CHECK(round == 5, "inet_pton and inet_ntop: %d of 5 addresses round trip", round);
	static const char *bad[] = { "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.4 ", "a.b.c.d", "", "127.1" };
	int rejected = 0;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct in_addr a;
		rejected += inet_pton(AF_INET, bad[i], &a) == 0;
	}
	CHECK(rejected == 8, "inet_pton rejects %d of 8 malformed addresses", rejected);
	struct in_addr a = { htonl(0xc0a80001) };
	char small[8];
	errno = 0;
	const char *p = inet_ntop(AF_INET, &a, small, sizeof small);
	int e7 = errno;
	errno = 0;
	int r6 = inet_pton(AF_INET6, "::1", small);
	int e8 = errno;
	CHECK(!p && e7 == ENOSPC && r6 == -1 && e8 == EAFNOSUPPORT,
	      "inet_ntop into 8 bytes fails with ENOSPC, AF_INET6 with EAFNOSUPPORT (%d %d)", e7, e8);
	uint16_t (*hs)(uint16_t) = htons;
	CHECK(inet_addr("127.0.0.1") == htonl(0x7f000001) && inet_addr("bad") == INADDR_NONE &&
	      strcmp(inet_ntoa(a), "192.168.0.1") == 0 && inet_aton("127.1", &a) && a.s_addr == htonl(0x7f000001) &&
	      htons(0x1234) == 0x3412 && hs(0x1234) == 0x3412 && ntohl(htonl(0x01020304)) == 0x01020304,
	      "inet_addr, inet_aton, inet_ntoa, and htons as a macro and a function");
	struct sockaddr_in sa = loopback(8080);
	char host[NI_MAXHOST], serv[NI_MAXSERV];
	err = getnameinfo((struct sockaddr *)&sa, sizeof sa, host, sizeof host, serv, sizeof serv, 0);
	int e9 = getnameinfo((struct sockaddr *)&sa, sizeof sa, host, sizeof host, NULL, 0, NI_NAMEREQD);
	CHECK(err == 0 && strcmp(host, "127.0.0.1") == 0 && strcmp(serv, "8080") == 0 && e9 == EAI_NONAME,
	      "getnameinfo gives 127.0.0.1 and 8080; with NI_NAMEREQD EAI_NONAME (%d %d)", err, e9);
}

/* --- errno: each goroutine its own -------------------------------------------------------------- */

struct errres { int r, err; chan *failed, *resume; waitgroup *wg; };

/* After failing, each waits until the other has failed too, then reads its errno. */
static void after_fail(struct errres *e, int r)
{
	e->r = r;
	chan_send(e->failed, NULL);
	chan_recv(e->resume, NULL);
	gosched();
	e->err = errno;
	wg_done(e->wg);
}

static void refused(void *arg)
{
	struct errres *e = arg;
	struct sockaddr_in sa = loopback(CLOSED_PORT);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	int r = connect(fd, (struct sockaddr *)&sa, sizeof sa);
	after_fail(e, r);
	close(fd);
}

static void badfd(void *arg)
{
	struct errres *e = arg;
	char b;
	after_fail(e, (int)recv(40, &b, 1, 0));         /* a socket number never opened */
}

static void test_errno(void)
{
	waitgroup wg = { 0 };
	chan *failed = chan_make(0, 2), *resume = chan_make(0, 0);
	struct errres e1 = { .failed = failed, .resume = resume, .wg = &wg }, e2 = e1;
	wg_add(&wg, 2);
	go(refused, &e1);
	go(badfd, &e2);
	chan_recv(failed, NULL);
	chan_recv(failed, NULL);
	chan_close(resume);
	wg_wait(&wg);
	CHECK(e1.r == -1 && e1.err == ECONNREFUSED,
	      "errno: a connect to a port nobody listens on: ECONNREFUSED (%d)", e1.err);
	CHECK(e2.r == -1 && e2.err == EBADF,
	      "errno: at the same time another goroutine's recv on a descriptor never opened: EBADF (%d)", e2.err);

	char b;
	errno = 0;
	ssize_t r = recv(1, &b, 1, 0);
	CHECK(r == -1 && errno == ENOTSOCK, "errno: recv on the console's fd 1: ENOTSOCK (%d)", errno);
	errno = 4242;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	int after = errno;
	close(fd);
	CHECK(fd >= 3 && after == 4242, "errno: a socket call that succeeds leaves errno alone (%d)", after);
	errno = 0;
	fd = socket(AF_INET6, SOCK_STREAM, 0);
	CHECK(fd == -1 && errno == EAFNOSUPPORT, "errno: socket(AF_INET6) fails with EAFNOSUPPORT, lwIP has no IPv6 "
	      "(%d)", errno);
}

/* --- fds: the console, a socket's descriptor, stdio ---------------------------------------------- */

static chan *peer_done;

/*
 * The peer answers a line through its own FILE. main waits for it to be
 * done before exiting: exit closes every FILE, one in use is fatal.
 */
static void fds_peer(void *arg)
{
	int lfd = (int)(intptr_t)arg;
	int fd = accept(lfd, NULL, NULL);
	FILE *f = fdopen(fd, "r+");
	char line[100];
	if (f && fgets(line, sizeof line, f)) {
		fprintf(f, "back: %s", line);
		fflush(f);
	}
	if (f)
		fclose(f);
	chan_send(peer_done, NULL);
}

static void test_fds(void)
{
	/* 0-2 are the console. */
	static const char m1[] = "fds: this line went through write(1)\n", m2[] = "fds: this one through write(2)\n";
	ssize_t w1 = write(1, m1, sizeof m1 - 1), w2 = write(2, m2, sizeof m2 - 1);
	struct stat st;
	CHECK(w1 == (ssize_t)sizeof m1 - 1 && w2 == (ssize_t)sizeof m2 - 1 && fstat(0, &st) == 0 && S_ISCHR(st.st_mode) &&
	      isatty(0) && isatty(1) && isatty(2), "fds: 0-2 are the console: write, fstat S_IFCHR, isatty");
	errno = 0;
	char b;
	ssize_t r = read(1, &b, 1);
	CHECK(r == -1 && errno == EBADF, "fds: read(1) still fails with EBADF (%d)", errno);

	/* Before any socket, the sockets' first descriptor is nobody's. */
	errno = 0;
	int f3 = fstat(3, &st);
	CHECK(f3 == -1 && errno == EBADF, "fds: before the first socket, fstat(3) fails with EBADF (%d)", errno);

	/* A socket's descriptor. */
	int lfd = listener(FDS_PORT, 1);
	CHECK(lfd >= 3 && fstat(lfd, &st) == 0 && S_ISSOCK(st.st_mode),
	      "fds: a socket is descriptor %d, fstat says S_IFSOCK", lfd);
	errno = 0;
	int tty = isatty(lfd);
	int e1 = errno;
	errno = 0;
	off_t off = lseek(lfd, 0, SEEK_SET);
	int e2 = errno;
	CHECK(tty == 0 && e1 == ENOTTY && off == -1 && e2 == ESPIPE,
	      "fds: isatty on a socket: 0, ENOTTY; lseek: ESPIPE (%d %d)", e1, e2);

	peer_done = chan_make(0, 1);
	go(fds_peer, (void *)(intptr_t)lfd);
	int fd = dial(FDS_PORT);
	int fl = fcntl(fd, F_GETFL);
	int set = fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	int fl2 = fcntl(fd, F_GETFL);
	errno = 0;
	r = read(fd, &b, 1);
	int e3 = errno;
	CHECK(fl >= 0 && (fl & O_ACCMODE) == O_RDWR && !(fl & O_NONBLOCK) && set == 0 && (fl2 & O_NONBLOCK) &&
	      r == -1 && e3 == EAGAIN,
	      "fds: fcntl F_GETFL O_RDWR, F_SETFL O_NONBLOCK: a read with nothing there fails with EAGAIN (%d)", e3);
	fcntl(fd, F_SETFL, fl);
	CHECK(fcntl(fd, F_GETFD) == 0 && fcntl(fd, F_SETFD, FD_CLOEXEC) == 0, "fds: F_GETFD and F_SETFD");

	/* stdio on the socket: fdopen, fprintf; the peer answers through its own FILE. */
	FILE *f = fdopen(fd, "r+");
	char line[100] = "";
	int pr = f ? fprintf(f, "hello %d over a socket\n", 42) : -1;
	if (f) {
		fflush(f);
		fgets(line, sizeof line, f);
	}
	CHECK(f && pr > 0 && strcmp(line, "back: hello 42 over a socket\n") == 0,
	      "fds: fdopen and fprintf on a socket, fgets of the peer's answer: \"%.*s\"",
	      (int)strcspn(line, "\n"), line);
	int fc = f ? fclose(f) : -1;
	errno = 0;
	r = write(fd, "x", 1);
	CHECK(fc == 0 && r == -1 && errno == EBADF, "fds: fclose closed the socket: write then fails with EBADF (%d)",
	      errno);
	chan_recv(peer_done, NULL);
	close(lfd);

	/* Descriptors nobody opened: in the sockets' range and beyond it. */
	int bad = 0;
	static const int fds[] = { 50, 98, 99, 500, -1 };
	for (size_t i = 0; i < sizeof fds / sizeof *fds; i++) {
		errno = 0;
		bad += read(fds[i], &b, 1) == -1 && errno == EBADF;
		errno = 0;
		bad += write(fds[i], &b, 1) == -1 && errno == EBADF;
		errno = 0;
		bad += close(fds[i]) == -1 && errno == EBADF;
		errno = 0;
		bad += fstat(fds[i], &st) == -1 && errno == EBADF;
	}
	CHECK(bad == 20, "fds: read, write, close, fstat of descriptors never opened fail with EBADF (%d of 20)", bad);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "tcp";
	if (strcmp(mode, "tcp") == 0) {
		test_tcp();
		test_udp();
	}
	else if (strcmp(mode, "poll") == 0)
		test_poll();
	else if (strcmp(mode, "names") == 0)
		test_names();
	else if (strcmp(mode, "errno") == 0)
		test_errno();
	else if (strcmp(mode, "fds") == 0)
		test_fds();
	else {
		printf("unknown mode %s\n", mode);
		return 100;
	}
	return failures;
}
