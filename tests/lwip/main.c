/*
 * lwip - lwIP 2.1.3 on goroutines, end to end over its loopback
 * interface (127.0.0.1), with its BSD socket API (lwIP's names:
 * lwip_socket, lwip_send, ...). One mode per run (argv[1]); each check
 * prints one line, "ok: ..." or "FAIL: ...", and the exit status is
 * the number of failures.
 *
 *   echo      the tcpip goroutine's stack grows like any goroutine's;
 *             a TCP echo server, a goroutine per connection, and 8
 *             clients at once sending 96 KiB each in chunks of 1 byte
 *             to more than the send buffer, reading it back and
 *             comparing; a connection refused sets errno; a UDP echo
 *             of datagrams up to 9000 bytes; a receive timeout; the
 *             socket pool back to its start once everything closed
 *   isn       TCP's initial sequence numbers, and where their key came from
 *   held      a sender whose stack would shrink (and, on amd64, move)
 *             while its sends wait for room: the bytes arrive intact,
 *             and under stackfaultonfree=1 nothing reads a freed stack
 *   corelock  a core function called without the core lock: the
 *             core-locking assertion's panic
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "goro.h"
#include "lwip/sockets.h"
#include "lwip/stats.h"
#include "lwip/tcp.h"
#include "lwip/tcpip.h"
#include "goro_net.h"
#include "lwip_hooks.h"
#include "../testing.h"

enum { ECHO_PORT = 7, UDP_PORT = 9, HELD_PORT = 10, CLOSED_PORT = 9999 };
enum { NCLIENTS = 8, TOTAL = 96 * 1024, BIGCHUNK = 24000 };

static struct sockaddr_in loopback(int port)
{
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_len = sizeof sa;
	sa.sin_family = AF_INET;
	sa.sin_port = lwip_htons((u16_t)port);
	sa.sin_addr.s_addr = lwip_htonl(0x7f000001);    /* 127.0.0.1 */
	return sa;
}

/*
 * errno_now reads errno afresh. Hosted, errno is glibc's, per thread,
 * and glibc declares its address a function of nothing: in one
 * function the compiler may reuse the address from before a call that
 * parked and woke on another CPU (thread). On a machine errno is the
 * goroutine's own (newlib's struct _reent), wherever it runs.
 */
static NOINLINE int errno_now(void)
{
	return errno;
}

/* --- bringing lwIP up --------------------------------------------------------------------- */

/* pattern: the byte at offset i of client c's stream. */
static unsigned char pattern(int c, size_t i)
{
	uint32_t x = (uint32_t)(c + 1) * 2654435761u ^ (uint32_t)i * 40503u;
	return (unsigned char)(x >> 13 ^ x);
}

/* recv_all reads exactly n bytes; the count read (less at end of stream or on an error). */
static size_t recv_all(int fd, unsigned char *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = lwip_recv(fd, buf + got, n - got, 0);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return got;
}

/* --- TCP echo: a server goroutine per connection -------------------------------------------- */

static int accepted;

static void echo_conn(void *arg)
{
	int fd = (int)(intptr_t)arg;
	unsigned char buf[4096];        /* on this goroutine's stack */
	for (;;) {
		ssize_t n = lwip_recv(fd, buf, sizeof buf, 0);
		if (n <= 0)
			break;
		if (lwip_send(fd, buf, (size_t)n, 0) != n) {
			printf("FAIL: echo: send of %d bytes: errno %d\n", (int)n, errno_now());
			break;
		}
	}
	lwip_close(fd);
}

/*
 * A socket belongs to one goroutine at a time (lwIP without
 * LWIP_NETCONN_FULLDUPLEX): the server takes its clients' connections,
 * then closes its listener itself.
 */
static chan *serverdone;

static void echo_server(void *arg)
{
	int lfd = (int)(intptr_t)arg;
	while (accepted < NCLIENTS) {
		int fd = lwip_accept(lfd, NULL, NULL);
		if (fd < 0) {
			printf("FAIL: tcp: accept: errno %d\n", errno_now());
			break;
		}
		accepted++;
		go(echo_conn, (void *)(intptr_t)fd);
	}
	lwip_close(lfd);
	chan_send(serverdone, NULL);
}

struct client { int id; size_t echoed, bad; int err; waitgroup *wg; };

/* The chunk sizes cycle through a byte, a segment and around it, and more than the send buffer. */
static const size_t chunks[] = { 1, 100, 1459, 1460, 1461, 4096, 8000, BIGCHUNK };

static void echo_client(void *arg)
{
	struct client *cl = arg;
	unsigned char out[BIGCHUNK], in[BIGCHUNK];      /* on the client's stack, which grows for them */
	struct sockaddr_in sa = loopback(ECHO_PORT);
	int fd = lwip_socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || lwip_connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		cl->err = errno_now();
		goto out;
	}
	size_t off = 0;
	for (int k = cl->id; off < TOTAL; k++) {
		size_t n = chunks[k % (sizeof chunks / sizeof chunks[0])];
		if (n > TOTAL - off)
			n = TOTAL - off;
		for (size_t i = 0; i < n; i++)
			out[i] = pattern(cl->id, off + i);
		if (lwip_send(fd, out, n, 0) != (ssize_t)n) {
			cl->err = errno_now();
			break;
		}
		size_t got = recv_all(fd, in, n);
		for (size_t i = 0; i < got; i++)
			cl->bad += in[i] != pattern(cl->id, off + i);
		cl->echoed += got;
		if (got != n) {
			cl->err = errno_now() ? errno_now() : -1;
			break;
		}
		off += n;
	}
out:
	if (fd >= 0)
		lwip_close(fd);
	wg_done(cl->wg);
}

/* --- UDP echo -------------------------------------------------------------------------------- */

/* The UDP server echoes every datagram until an empty one, then closes its socket. */
static void udp_server(void *arg)
{
	int fd = (int)(intptr_t)arg;
	static unsigned char buf[10000];        /* one goroutine: the heap, not the stack */
	for (;;) {
		struct sockaddr_in from;
		socklen_t fromlen = sizeof from;
		ssize_t n = lwip_recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &fromlen);
		if (n <= 0)
			break;
		lwip_sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&from, fromlen);
	}
	lwip_close(fd);
	chan_send(serverdone, NULL);
}

static const size_t dgrams[] = { 1, 64, 512, 1472, 1473, 4000, 9000 };

static void test_udp(void)
{
	int sfd = lwip_socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in sa = loopback(UDP_PORT);
	CHECK(sfd >= 0 && lwip_bind(sfd, (struct sockaddr *)&sa, sizeof sa) == 0, "udp: a server socket bound to 127.0.0.1:%d", UDP_PORT);
	go(udp_server, (void *)(intptr_t)sfd);

	int fd = lwip_socket(AF_INET, SOCK_DGRAM, 0);
	struct timeval tv = { 2, 0 };
	lwip_setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	static unsigned char out[10000], in[10000];
	int good = 0, n = 0;
	for (int round = 0; round < 3; round++)
		for (size_t k = 0; k < sizeof dgrams / sizeof dgrams[0]; k++, n++) {
			size_t len = dgrams[k];
			for (size_t i = 0; i < len; i++)
				out[i] = pattern(100 + n, i);
			if (lwip_sendto(fd, out, len, 0, (struct sockaddr *)&sa, sizeof sa) != (ssize_t)len)
				continue;
			struct sockaddr_in from;
			socklen_t fromlen = sizeof from;
			ssize_t r = lwip_recvfrom(fd, in, sizeof in, 0, (struct sockaddr *)&from, &fromlen);
			good += r == (ssize_t)len && memcmp(in, out, len) == 0 && from.sin_port == sa.sin_port;
		}
	CHECK(good == n, "udp: %d of %d datagrams of 1 to 9000 bytes came back from the server intact", good, n);

	/* A receive timeout: SO_RCVTIMEO, a deadline on the socket's mailbox. */
	tv = (struct timeval){ 0, 50000 };
	lwip_setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	int64_t t0 = nanotime();
	ssize_t r = lwip_recv(fd, in, sizeof in, 0);
	int err = errno_now();
	int64_t ms = (nanotime() - t0) / 1000000;
	CHECK(r == -1 && (err == EAGAIN || err == EWOULDBLOCK) && ms >= 50 && ms < 5000,
	      "udp: a receive with SO_RCVTIMEO 50 ms and nothing sent: -1 after %lld ms, errno EAGAIN (%d)",
	      (long long)ms, err);
	lwip_sendto(fd, out, 0, 0, (struct sockaddr *)&sa, sizeof sa);    /* the server's last datagram */
	lwip_close(fd);
	chan_recv(serverdone, NULL);
}

/* errno belongs to the goroutine: two goroutines see their own failures. */
struct errres { int err; waitgroup *wg; };

static void refused(void *arg)
{
	struct errres *e = arg;
	struct sockaddr_in sa = loopback(CLOSED_PORT);
	int fd = lwip_socket(AF_INET, SOCK_STREAM, 0);
	int r = lwip_connect(fd, (struct sockaddr *)&sa, sizeof sa);
	e->err = r == -1 ? errno_now() : 0;
	lwip_close(fd);
	wg_done(e->wg);
}

static void badfd(void *arg)
{
	struct errres *e = arg;
	char c;
	ssize_t r = lwip_recv(12345, &c, 1, 0);
	e->err = r == -1 ? errno_now() : 0;
	wg_done(e->wg);
}

/* The tcpip goroutine's stack is an ordinary one: a callback on it that goes deep makes it grow. */
struct tcpipstack { uintptr_t before, after; chan *done; };

/* grow goes n KB deep in 1000-byte frames and comes back. */
static NOINLINE int grow(int n)
{
	char pad[1000];
	pad[0] = (char)n;
	opaque(pad);
	return n ? grow(n - 1) + pad[0] : pad[0];
}

static void on_tcpip(void *arg)
{
	struct tcpipstack *t = arg;
	uintptr_t lo, hi;
	goro_stackbounds(&lo, &hi);
	t->before = hi - lo;
	grow(48);
	goro_stackbounds(&lo, &hi);
	t->after = hi - lo;
	chan_send(t->done, NULL);
}

static void test_tcpip_stack(void)
{
	struct tcpipstack t = { 0, 0, chan_make(0, 0) };   /* main's stack is pinned: it may be shared */
	CHECK(tcpip_callback(on_tcpip, &t) == ERR_OK, "tcpip: a callback queued for the tcpip goroutine");
	chan_recv(t.done, NULL);
	CHECK(t.after >= 64 * 1024 && t.after > t.before,
	      "tcpip: the tcpip goroutine's stack grew from %lu to %lu bytes for a 48 KB callback",
	      (unsigned long)t.before, (unsigned long)t.after);
}

/*
 * TCP's initial sequence numbers (RFC 6528): one connection's advance
 * with a 4 us clock; another's differs by its keyed hash.
 */
uint64_t goro_siphash24(const uint64_t k[2], const void *in, size_t n);     /* isn.c */

static void test_isn(void)
{
	/* SipHash-2-4's reference vector: key 00..0f, message 00..0e. */
	uint64_t k[2] = { 0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull };
	unsigned char msg[15];
	for (int i = 0; i < 15; i++)
		msg[i] = (unsigned char)i;
	CHECK(goro_siphash24(k, msg, sizeof msg) == 0xa129ca6149be45e5ull && goro_siphash24(k, msg, 0) == 0x726fdb47dd0e0e31ull,
	      "isn: SipHash-2-4 gives the reference's values");
	ip_addr_t a = IPADDR4_INIT_BYTES(127, 0, 0, 1), b = IPADDR4_INIT_BYTES(10, 0, 2, 15);
	printf("isn: keyed from %s\n", goro_tcp_isn_keysource());
	u32_t i1 = goro_tcp_isn(&a, 40000, &b, 80);
	gosleep(10000000);
	u32_t i2 = goro_tcp_isn(&a, 40000, &b, 80);
	u32_t i3 = goro_tcp_isn(&a, 40001, &b, 80);
	u32_t d = i2 - i1;
	CHECK(d >= 2500 && d < 2500000, "isn: a connection's initial sequence number advanced %lu in 10 ms (4 us ticks)",
	      (unsigned long)d);
	CHECK(i3 - i2 > 10000 && i2 - i3 > 10000, "isn: the next port's is elsewhere (%08lx, %08lx)",
	      (unsigned long)i2, (unsigned long)i3);
}

static int netconns_used(void)
{
	return (int)__atomic_load_n(&lwip_stats.memp[MEMP_NETCONN]->used, __ATOMIC_RELAXED);
}

static void test_echo(void)
{
	int base = netconns_used();
	serverdone = chan_make(0, 0);
	int lfd = lwip_socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = loopback(ECHO_PORT);
	int on = 1;
	lwip_setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	CHECK(lfd >= 0 && lwip_bind(lfd, (struct sockaddr *)&sa, sizeof sa) == 0 && lwip_listen(lfd, 16) == 0,
	      "tcp: a server listens on 127.0.0.1:%d", ECHO_PORT);
	go(echo_server, (void *)(intptr_t)lfd);

	static struct client cls[NCLIENTS];
	waitgroup wg = { 0 };
	wg_add(&wg, NCLIENTS);
	int64_t t0 = nanotime();
	for (int i = 0; i < NCLIENTS; i++) {
		cls[i] = (struct client){ i, 0, 0, 0, &wg };
		go(echo_client, &cls[i]);
	}
	wg_wait(&wg);
	int64_t ms = (nanotime() - t0) / 1000000;
	size_t echoed = 0, bad = 0;
	int errs = 0;
	for (int i = 0; i < NCLIENTS; i++) {
		echoed += cls[i].echoed;
		bad += cls[i].bad;
		if (cls[i].err) {
			printf("client %d: errno %d after %zu bytes\n", i, cls[i].err, cls[i].echoed);
			errs++;
		}
	}
	printf("tcp: %zu bytes echoed in %lld ms\n", echoed, (long long)ms);
	CHECK(errs == 0 && echoed == (size_t)NCLIENTS * TOTAL && bad == 0,
	      "tcp: %d clients at once each sent %d bytes in chunks of 1 to %d bytes and read them back: "
	      "%zu of %zu bytes echoed, %zu wrong", NCLIENTS, TOTAL, BIGCHUNK, echoed, (size_t)NCLIENTS * TOTAL, bad);
	CHECK(accepted == NCLIENTS, "tcp: the server accepted %d connections, a goroutine each", accepted);

	/* Failures set errno, the goroutine's own. */
	struct errres e1 = { 0, &wg }, e2 = { 0, &wg };
	wg_add(&wg, 2);
	go(refused, &e1);
	go(badfd, &e2);
	wg_wait(&wg);
	/* lwIP's errno for a connection its peer reset, refused ones included, is ECONNRESET. */
	CHECK(e1.err == ECONNRESET, "errno: a connect to a port nobody listens on: ECONNRESET (%d)", e1.err);
	CHECK(e2.err == EBADF, "errno: a receive on a descriptor that is no socket: EBADF (%d), "
	      "while another goroutine's call failed otherwise", e2.err);

	test_udp();

	/* Every socket is given back once the servers have closed theirs and their connections. */
	chan_recv(serverdone, NULL);
	int used = -1;
	for (int i = 0; i < 200 && (used = netconns_used()) != base; i++)
		gosleep(10000000);
	CHECK(used == base, "tcp: once every socket is closed, lwIP's connection pool is back to %d in use (%d)",
	      base, used);
}

/* --- held: a sender whose stack would shrink while its sends wait for room ----------------------- */

enum { HELD_TOTAL = 256 * 1024, HELD_CHUNK = 4096 };

struct heldres { uint32_t sum, sentsum; size_t got; int err; uintptr_t size0, size1; chan *done; };

static uint32_t sum_add(uint32_t s, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		s = s * 31 + p[i];
	return s;
}

/* The reader starts late, so the sender's writes fill every buffer and wait. */
static void held_reader(void *arg)
{
	struct heldres *r = arg;
	int lfd = lwip_socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = loopback(HELD_PORT);
	lwip_bind(lfd, (struct sockaddr *)&sa, sizeof sa);
	lwip_listen(lfd, 1);
	chan_send(r->done, NULL);
	int fd = lwip_accept(lfd, NULL, NULL);
	gosleep(200000000);
	static unsigned char buf[8192];
	for (;;) {
		ssize_t n = lwip_recv(fd, buf, sizeof buf, 0);
		if (n <= 0)
			break;
		r->sum = sum_add(r->sum, buf, (size_t)n);
		r->got += (size_t)n;
	}
	lwip_close(fd);
	lwip_close(lfd);
	chan_send(r->done, NULL);
}

static NOINLINE uint32_t held_send(int fd, struct heldres *r)
{
	unsigned char buf[HELD_CHUNK];  /* on the stack: lwIP's tcpip goroutine reads it while we wait */
	uint32_t sum = 0;
	uintptr_t lo, hi;
	for (size_t off = 0; off < HELD_TOTAL; off += HELD_CHUNK) {
		for (size_t i = 0; i < HELD_CHUNK; i++)
			buf[i] = pattern(77, off + i);
		sum = sum_add(sum, buf, HELD_CHUNK);
		if (lwip_send(fd, buf, HELD_CHUNK, 0) != HELD_CHUNK) {
			r->err = errno_now();
			break;
		}
		if (off == 0) {
			goro_stackbounds(&lo, &hi);
			r->size0 = hi - lo;
		}
	}
	goro_stackbounds(&lo, &hi);
	r->size1 = hi - lo;
	return sum;
}

/* The sender is an ordinary goroutine (main's stack is pinned). */
static void held_sender(void *arg)
{
	struct heldres *r = arg;
	int fd = lwip_socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = loopback(HELD_PORT);
	if (lwip_connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		r->err = errno_now();
		chan_send(r->done, NULL);
		return;
	}
	grow(24);                       /* to 32 KiB and back: its sends park using a fraction of it */
	r->sentsum = held_send(fd, r);
	lwip_close(fd);
	chan_send(r->done, NULL);
}

static void test_held(void)
{
	struct heldres r = { 0 };
	r.done = chan_make(0, 0);
	go(held_reader, &r);
	chan_recv(r.done, NULL);
	go(held_sender, &r);
	chan_recv(r.done, NULL);
	chan_recv(r.done, NULL);
	uint32_t sum = r.sentsum;
	CHECK(r.err == 0 && r.got == HELD_TOTAL && r.sum == sum,
	      "held: %d bytes sent 4 KiB at a time from the sender's stack while its sends waited: "
	      "%zu arrived, %s", HELD_TOTAL, r.got, r.sum == sum ? "intact" : "CORRUPT");
	printf("held: the sender's stack was %lu bytes after its first send, %lu after the last\n",
	       (unsigned long)r.size0, (unsigned long)r.size1);
}

/* --- corelock: the assertion ------------------------------------------------------------------- */

static void test_corelock(void)
{
	printf("corelock: tcp_new without the core lock\n");
	fflush(stdout);
	struct tcp_pcb *pcb = tcp_new();
	printf("FAIL: corelock: tcp_new returned %p without the core lock\n", (void *)pcb);
	failures++;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "echo";
	goro_net_start();
	if (strcmp(mode, "echo") == 0) {
		CHECK(1, "lwIP: goro_net_start brought the stack up (loopback 127.0.0.1)");
		test_tcpip_stack();
		test_isn();
		test_echo();
	} else if (strcmp(mode, "isn") == 0) {
		test_isn();
	} else if (strcmp(mode, "held") == 0) {
		test_held();
	} else if (strcmp(mode, "corelock") == 0) {
		test_corelock();
	} else {
		printf("unknown mode %s\n", mode);
		return 100;
	}
	return failures;
}
