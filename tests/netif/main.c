/*
 * netif - lwIP's interface on the machine's network card (net/lwip/netif.c)
 * and its configuration from the runtime options (net/lwip/net.c), on
 * QEMU's user network. One mode per run (argv[1]); each check prints
 * "ok: ..." or "FAIL: ...", and the exit status is the number of failures.
 *
 *   addr IP/N GW HOW   goro_net_wait gets eth0 an address within 10 s
 *                      (DHCP, or at once for a static one), and it is
 *                      IP/N with gateway GW ("-": none), got by HOW
 *                      (dhcp or static): goro_net_addr and goro_net_stats
 *   serve PORT IP      (qemu/run -net H:PORT) once eth0 has address IP,
 *                      a TCP server on PORT with lwIP's sockets: prints
 *                      "netif: waiting", then one connection from the
 *                      host (tests/netif/host.py): a line, answered
 *                      "echo: " and the line; then BULK bytes of a known
 *                      pattern, each checked and sent back as it comes,
 *                      until the host closes, which it does once it has
 *                      them all back (so nothing is in flight when the
 *                      machine powers off); many frames each way
 *   drops              (ip=10.0.2.20/24) with the core lock held (the tcpip
 *                      goroutine stopped), 300 ARP requests to the gateway:
 *                      the answers past tcpip's mailbox are dropped and
 *                      counted, and every frame taken off the card is either
 *                      handed to lwIP or counted; then the interface works on
 *   down               (net=0, or no card) goro_net_wait and goro_net_addr
 *                      fail with ENETDOWN; the stats say there is no interface
 *   options            goro_option gives what the command line said
 *                      (ip=10.0.2.20/24 gw=10.0.2.2 verbose=1 net=1)
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "goro.h"
#include "goro_net.h"
#include "lwip/etharp.h"
#include "lwip/netif.h"
#include "lwip/sockets.h"
#include "lwip/tcpip.h"
#include "../testing.h"

enum { BULK = 1 << 20, WATCHDOG_S = 50 };

/* The pattern both ends know: byte i of the bulk stream (host.py has the same). */
static unsigned char pattern(uint32_t i)
{
	return (unsigned char)(((i * 2654435761u) >> 24) ^ (i & 0xff));
}

/* fnv1a: FNV-1a, 32 bits, continued from h over n bytes (host.py prints the same). */
static uint32_t fnv1a(uint32_t h, const unsigned char *p, size_t n)
{
	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

/* watchdog: a run that hangs fails instead, within the harness's timeout. */
static void watchdog(void *arg)
{
	(void)arg;
	gosleep((int64_t)WATCHDOG_S * 1000000000);
	printf("FAIL: netif: not done within %d s\n", WATCHDOG_S);
	exit(failures + 1);
}

static struct goro_net_stats st;        /* big: not on a goroutine's stack */

static void print_stats(void)
{
	goro_net_stats(&st);
	printf("netif: stats: eth0 %s %s/%d gw %s (%s) rx %llu frames %llu bytes, %llu dropped; tx %llu frames %llu bytes, %llu errors\n",
	       st.iface ? st.nic : "-", st.addr, st.prefix, st.gw[0] ? st.gw : "-", st.how,
	       (unsigned long long)st.rx_frames, (unsigned long long)st.rx_bytes, (unsigned long long)st.rx_drops,
	       (unsigned long long)st.tx_frames, (unsigned long long)st.tx_bytes, (unsigned long long)st.tx_errors);
	printf("netif: stats: lwIP heap %llu bytes (max %llu, %u failed)", (unsigned long long)st.heap_used,
	       (unsigned long long)st.heap_max, st.heap_err);
	for (int i = 0; i < st.npools; i++)
		if (st.pools[i].max > 0 || st.pools[i].err > 0)
			printf(", %s %u/%u (max %u, %u failed)", st.pools[i].name, st.pools[i].used, st.pools[i].size,
			       st.pools[i].max, st.pools[i].err);
	printf("\n");
}

static const struct goro_net_pool *pool(const char *name)
{
	for (int i = 0; i < st.npools; i++)
		if (strcmp(st.pools[i].name, name) == 0)
			return &st.pools[i];
	return NULL;
}

/* addr: eth0's address, as expected. */
static void test_addr(const char *want_ipn, const char *want_gw, const char *want_how)
{
	if (strcmp(want_how, "static") == 0) {
		goro_net_start();
		int r0 = goro_net_wait(0);      /* only looks */
		CHECK(r0 == 0, "addr: a static address is there at once, when goro_net_start returns (%d, errno %d)",
		      r0, r0 ? errno : 0);
	}
	int64_t t0 = nanotime();
	int r = goro_net_wait(10000000000LL);
	int64_t ms = (nanotime() - t0) / 1000000;
	CHECK(r == 0, "addr: goro_net_wait: eth0 has an address after %lld ms (%d, errno %d)", (long long)ms, r,
	      r ? errno : 0);
	char a[16], tiny[4];
	r = goro_net_addr(a, sizeof a);
	char want_ip[20];
	snprintf(want_ip, sizeof want_ip, "%.*s", (int)strcspn(want_ipn, "/"), want_ipn);
	CHECK(r == 0 && strcmp(a, want_ip) == 0, "addr: goro_net_addr is %s (%s)", want_ip, r == 0 ? a : "none");
	r = goro_net_addr(tiny, sizeof tiny);
	CHECK(r == -1 && errno == ENOSPC, "addr: goro_net_addr into 4 bytes fails with ENOSPC");
	goro_net_stats(&st);
	char ipn[24];
	snprintf(ipn, sizeof ipn, "%s/%d", st.addr, st.prefix);
	CHECK(st.iface && strcmp(ipn, want_ipn) == 0, "addr: the stats give %s (%s)", want_ipn, ipn);
	const char *gw = strcmp(want_gw, "-") == 0 ? "" : want_gw;
	CHECK(strcmp(st.gw, gw) == 0, "addr: the gateway is %s (%s)", want_gw, st.gw[0] ? st.gw : "-");
	CHECK(strcmp(st.how, want_how) == 0, "addr: got by %s (%s)", want_how, st.how);
	CHECK(st.link == 1, "addr: the link is up");
	CHECK(st.mac[0] == 0x52 && st.mac[1] == 0x54 && st.mac[5] == 0x56, "addr: the card's MAC is QEMU's 52:54:00:12:34:56");
	CHECK(st.tx_frames > 0 && st.card.tx_frames >= st.tx_frames,
	      "addr: frames went out (%llu by lwIP, %llu by the card)", (unsigned long long)st.tx_frames,
	      (unsigned long long)st.card.tx_frames);
	if (strcmp(want_how, "dhcp") == 0)
		CHECK(st.rx_frames > 0, "addr: frames came in (%llu)", (unsigned long long)st.rx_frames);
	print_stats();
}

/* recv_line reads up to '\n' (kept) into buf; its length, or -1. */
static int recv_line(int fd, char *buf, int n)
{
	int got = 0;
	while (got < n - 1) {
		ssize_t r = lwip_recv(fd, buf + got, 1, 0);
		if (r <= 0)
			return -1;
		if (buf[got++] == '\n')
			break;
	}
	buf[got] = 0;
	return got;
}

/* send_all: every byte of buf, or false. */
static bool send_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n > 0) {
		ssize_t r = lwip_send(fd, p, n, 0);
		if (r <= 0)
			return false;
		p += r, n -= (size_t)r;
	}
	return true;
}

static void test_serve(int port, const char *want_ip)
{
	int r = goro_net_wait(10000000000LL);
	char a[16] = "";
	goro_net_addr(a, sizeof a);
	CHECK(r == 0 && strcmp(a, want_ip) == 0, "serve: eth0 is %s (%s)", want_ip, a[0] ? a : "none");
	if (r != 0)
		return;
	int lfd = lwip_socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_len = sizeof sa;
	sa.sin_family = AF_INET;
	sa.sin_port = lwip_htons((u16_t)port);
	sa.sin_addr.s_addr = lwip_htonl(INADDR_ANY);
	CHECK(lfd >= 0 && lwip_bind(lfd, (struct sockaddr *)&sa, sizeof sa) == 0 && lwip_listen(lfd, 4) == 0,
	      "serve: listening on port %d", port);
	printf("netif: waiting on port %d\n", port);
	fflush(stdout);
	struct sockaddr_in peer;
	socklen_t plen = sizeof peer;
	int fd = lwip_accept(lfd, (struct sockaddr *)&peer, &plen);
	const unsigned char *pa = (const unsigned char *)&peer.sin_addr.s_addr;
	CHECK(fd >= 0, "serve: accepted a connection from %u.%u.%u.%u", pa[0], pa[1], pa[2], pa[3]);
	if (fd < 0)
		return;
	char line[128];
	int n = recv_line(fd, line, sizeof line);
	CHECK(n > 0 && strcmp(line, "hello from the host\n") == 0, "serve: the host's line arrived: %.*s",
	      n > 0 ? n - 1 : 0, n > 0 ? line : "");
	char reply[160];
	snprintf(reply, sizeof reply, "echo: %s", n > 0 ? line : "\n");
	CHECK(send_all(fd, reply, strlen(reply)), "serve: answered it");
	/* The bulk stream: checked against the pattern and echoed as it comes, until the host closes. */
	static unsigned char buf[16384];
	uint32_t got = 0, bad = 0, h = 2166136261u;
	bool sent = true;
	int64_t t0 = nanotime();
	for (;;) {
		ssize_t k = lwip_recv(fd, buf, sizeof buf, 0);
		if (k <= 0)
			break;
		for (ssize_t i = 0; i < k; i++)
			bad += buf[i] != pattern(got + (uint32_t)i);
		h = fnv1a(h, buf, (size_t)k);
		got += (uint32_t)k;
		if (!send_all(fd, buf, (size_t)k)) {
			sent = false;
			break;
		}
	}
	int64_t ms = (nanotime() - t0) / 1000000;
	CHECK(got == BULK && bad == 0, "serve: %u bytes from the host, %u wrong (fnv1a %08x), in %lld ms",
	      got, bad, h, (long long)ms);
	CHECK(sent, "serve: every byte echoed back to the host");
	lwip_close(fd);
	lwip_close(lfd);
	goro_net_stats(&st);
	CHECK(st.rx_frames >= BULK / 1460 && st.tx_frames >= BULK / 1460,
	      "serve: the data took many frames: %llu in, %llu out", (unsigned long long)st.rx_frames,
	      (unsigned long long)st.tx_frames);
	const struct goro_net_pool *tp = pool("TCP_PCB"), *nc = pool("NETCONN"), *pp = pool("PBUF_POOL");
	CHECK(tp && nc && pp && tp->max >= 1 && nc->max >= 2 && pp->max >= 1,
	      "serve: the pool stats saw the connection (TCP_PCB max %u, NETCONN max %u, PBUF_POOL max %u)",
	      tp ? tp->max : 0, nc ? nc->max : 0, pp ? pp->max : 0);
	print_stats();
}

static void test_drops(void)
{
	CHECK(goro_net_wait(0) == 0, "drops: eth0 has its static address");
	ip4_addr_t gw;
	IP4_ADDR(&gw, 10, 0, 2, 2);
	LOCK_TCPIP_CORE();
	struct netif *nif = netif_default;
	for (int i = 0; i < 300; i++)
		etharp_request(nif, &gw);
	gosleep(300000000);     /* the tcpip goroutine waits for the lock; the answers pile up */
	UNLOCK_TCPIP_CORE();
	gosleep(500000000);
	goro_net_stats(&st);
	CHECK(st.rx_drops > 0, "drops: frames past tcpip's full mailbox were dropped and counted (%llu of %llu)",
	      (unsigned long long)st.rx_drops, (unsigned long long)st.card.rx_frames);
	CHECK(st.rx_frames + st.rx_drops == st.card.rx_frames,
	      "drops: every frame taken off the card went to lwIP or was counted: %llu + %llu of %llu",
	      (unsigned long long)st.rx_frames, (unsigned long long)st.rx_drops,
	      (unsigned long long)st.card.rx_frames);
	CHECK(st.link_drop >= st.rx_drops, "drops: lwIP's LINK_STATS count them too (%u)", st.link_drop);
	uint64_t before = st.rx_frames;
	LOCK_TCPIP_CORE();
	etharp_request(nif, &gw);
	UNLOCK_TCPIP_CORE();
	gosleep(200000000);
	goro_net_stats(&st);
	CHECK(st.rx_frames > before, "drops: afterwards frames come in again (%llu more)",
	      (unsigned long long)(st.rx_frames - before));
	print_stats();
}

static void test_down(void)
{
	int r = goro_net_wait(100000000);
	CHECK(r == -1 && errno == ENETDOWN, "down: goro_net_wait fails with ENETDOWN (%d, errno %d)", r, errno);
	char a[16];
	r = goro_net_addr(a, sizeof a);
	CHECK(r == -1 && errno == ENETDOWN, "down: goro_net_addr fails with ENETDOWN");
	goro_net_stats(&st);
	CHECK(!st.iface && st.addr[0] == 0 && st.npools > 0, "down: the stats have lwIP's pools and no interface");
	const struct goro_net_pool *tp = pool("TCP_PCB");
	CHECK(tp && tp->size == MEMP_NUM_TCP_PCB, "down: the stats name lwIP's TCP_PCB pool, of MEMP_NUM_TCP_PCB (%d)",
	      MEMP_NUM_TCP_PCB);
}

static void test_options(void)
{
	const char *ip = goro_option("ip"), *gw = goro_option("gw"), *v = goro_option("verbose");
	const char *net = goro_option("net"), *seed = goro_option("seed");
	CHECK(ip && strcmp(ip, "10.0.2.20/24") == 0, "options: ip is %s", ip ? ip : "(null)");
	CHECK(gw && strcmp(gw, "10.0.2.2") == 0, "options: gw is %s", gw ? gw : "(null)");
	CHECK(v && strcmp(v, "1") == 0, "options: verbose is %s", v ? v : "(null)");
	CHECK(net && strcmp(net, "1") == 0, "options: net is %s", net ? net : "(null)");
	CHECK(seed && strcmp(seed, "0") == 0, "options: seed (not given) is its default, %s", seed ? seed : "(null)");
	CHECK(goro_option("nosuch") == NULL, "options: a name that is no option is NULL");
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	go(watchdog, NULL);
	if (strcmp(mode, "options") == 0) {
		test_options();
		return failures;
	}
	goro_net_start();
	if (strcmp(mode, "addr") == 0 && argc > 4)
		test_addr(argv[2], argv[3], argv[4]);
	else if (strcmp(mode, "serve") == 0 && argc > 3)
		test_serve(atoi(argv[2]), argv[3]);
	else if (strcmp(mode, "drops") == 0)
		test_drops();
	else if (strcmp(mode, "down") == 0)
		test_down();
	else {
		printf("usage: netif addr IP/N GW HOW | serve PORT IP | drops | down | options\n");
		return 100;
	}
	return failures;
}
