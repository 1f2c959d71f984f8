/*
 * net - the machine's network card (virtio-net, docs/virtio.md) with raw
 * Ethernet frames: no TCP/IP stack yet. Every frame goes to QEMU's user
 * network (10.0.2.0/24) and nowhere else: ARP for its gateway, DHCP to
 * its server. One mode per run (argv[1]); each check prints "ok: ..." or
 * "FAIL: ...", and the exit status is the number of failures.
 *
 *   arp     (qemu/run -nic) the card is found, has a MAC and its link is
 *           up; an ARP request from 10.0.2.15 for 10.0.2.2 is answered
 *           with QEMU's gateway MAC, 52:55:0a:00:02:02, the answer waking
 *           a receiver parked on the card while a counter ticks on; then
 *           a burst of 300 requests, more than the rings hold, is answered
 *           300 times; a frame too short or too long is refused
 *   dhcp    (qemu/run -nic) a DHCP DISCOVER, broadcast, draws an OFFER of
 *           10.0.2.15 from the server at 10.0.2.2
 *   fwd P   (qemu/run -net H:P) once the gateway knows us (ARP), prints
 *           "fwd: waiting", and a connection the host makes to its
 *           127.0.0.1:H arrives as a TCP SYN from 10.0.2.2 to our port P
 *   none    without a card: goro_nic_get finds none (ENODEV)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "goro.h"

static int failures;

static void check(int ok, const char *what)
{
	printf("%s: %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t gwmac[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };
static const uint8_t me[4] = { 10, 0, 2, 15 }, gw[4] = { 10, 0, 2, 2 };
static uint8_t mac[6];
static goro_nic *nic;

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static unsigned get16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static void eth(uint8_t *f, const uint8_t *dst, unsigned type)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, mac, 6);
	put16(f + 12, type);
}

/* arp_request: who has 10.0.2.2? tell 10.0.2.15. */
static int arp_request(uint8_t *f)
{
	memset(f, 0, 60);
	eth(f, bcast, 0x0806);
	uint8_t *a = f + 14;
	put16(a, 1);                    /* Ethernet */
	put16(a + 2, 0x0800);           /* IPv4 */
	a[4] = 6, a[5] = 4;
	put16(a + 6, 1);                /* request */
	memcpy(a + 8, mac, 6);
	memcpy(a + 14, me, 4);
	memcpy(a + 24, gw, 4);
	return 60;                      /* the minimum frame, padded */
}

/* is_arp_reply: an ARP reply to us from 10.0.2.2; its sender MAC in who. */
static int is_arp_reply(const uint8_t *f, int n, uint8_t who[6])
{
	if (n < 42 || get16(f + 12) != 0x0806 || memcmp(f, mac, 6) != 0)
		return 0;
	const uint8_t *a = f + 14;
	if (get16(a + 6) != 2 || memcmp(a + 14, gw, 4) != 0 || memcmp(a + 24, me, 4) != 0)
		return 0;
	memcpy(who, a + 8, 6);
	return 1;
}

static volatile unsigned long ticks;

static void counter(void *arg)
{
	(void)arg;
	for (;;) {
		gosleep(1000000);
		ticks++;
	}
}

/* watchdog: a run that waits too long for an answer fails instead of hanging. */
static void watchdog(void *arg)
{
	gosleep((int64_t)(intptr_t)arg * 1000000000);
	printf("FAIL: no answer within %d s\n", (int)(intptr_t)arg);
	exit(failures + 1);
}

static volatile int answered;

/* resend: the request again every half second until it is answered (a frame may be lost). */
static void resend(void *arg)
{
	uint8_t *f = arg;              /* its length at 1510, past any frame */
	while (!answered) {
		gosleep(500000000);
		if (!answered)
			goro_nic_send(nic, f, (size_t)get16(f + 1510));
	}
}

static int open_nic(void)
{
	nic = goro_nic_get(0);
	check(nic != NULL, "the machine has a network card");
	if (!nic)
		return 0;
	goro_nic_mac(nic, mac);
	printf("nic: %s mac %02x:%02x:%02x:%02x:%02x:%02x link %s\n", goro_nic_name(nic),
	       mac[0], mac[1], mac[2], mac[3], mac[4], mac[5], goro_nic_link(nic) ? "up" : "down");
	check(goro_nic_link(nic) == 1, "the link is up");
	check(!(mac[0] & 1) && memcmp(mac, "\0\0\0\0\0\0", 6) != 0, "the MAC is a unicast address");
	return 1;
}

struct burst {
	int want;
	chan *done;
};

static void burst_receiver(void *arg)
{
	struct burst *b = arg;
	uint8_t f[2048], who[6];
	int got = 0;
	while (got < b->want) {
		int n = goro_nic_recv(nic, f, sizeof f, true);
		if (is_arp_reply(f, n, who) && memcmp(who, gwmac, 6) == 0)
			got++;
	}
	chan_send(b->done, &got);
}

static void arp(void)
{
	if (!open_nic())
		return;
	go(watchdog, (void *)(intptr_t)30);
	go(counter, NULL);
	static uint8_t req[1600];
	int n = arp_request(req);
	put16(req + 1510, (unsigned)n);
	check(goro_nic_send(nic, req, (size_t)n) == 0, "arp: the request is sent");
	go(resend, req);

	/* Wait for the answer, parked: only the card's interrupt wakes this goroutine. */
	uint8_t f[2048], who[6];
	int64_t t0 = nanotime();
	unsigned long k0 = ticks;
	int others = 0;
	for (;;) {
		int m = goro_nic_recv(nic, f, sizeof f, true);
		if (is_arp_reply(f, m, who))
			break;
		others++;
	}
	answered = 1;
	printf("arp: 10.0.2.2 is at %02x:%02x:%02x:%02x:%02x:%02x (after %lld us, %d other frames)\n",
	       who[0], who[1], who[2], who[3], who[4], who[5], (long long)((nanotime() - t0) / 1000), others);
	check(memcmp(who, gwmac, 6) == 0, "arp: 10.0.2.2 answers with QEMU's gateway MAC 52:55:0a:00:02:02");
	gosleep(20000000);
	check(ticks > k0, "arp: the counter ran on meanwhile");

	/* Nothing more is waiting: a receive that must not block says so. */
	while (goro_nic_recv(nic, f, sizeof f, false) >= 0)
		;
	check(errno == EAGAIN, "arp: with no frame waiting, a non-blocking receive fails with EAGAIN");

	/* A burst: more requests than the transmit ring has slots, answered as many times. */
	enum { BURST = 300 };
	struct burst b = { BURST, chan_make(sizeof(int), 1) };
	go(burst_receiver, &b);
	int sent = 0;
	for (int i = 0; i < BURST; i++)
		sent += goro_nic_send(nic, req, (size_t)n) == 0;
	int got = 0;
	chan_recv(b.done, &got);
	struct goro_nic_stats st;
	goro_nic_stats(nic, &st);
	printf("arp: burst of %d sent, %d answered; tx %llu frames %llu bytes (%llu waited), rx %llu frames %llu bytes\n",
	       sent, got, (unsigned long long)st.tx_frames, (unsigned long long)st.tx_bytes,
	       (unsigned long long)st.tx_waits, (unsigned long long)st.rx_frames, (unsigned long long)st.rx_bytes);
	check(sent == BURST && got == BURST, "arp: a burst of 300 requests is answered 300 times");

	errno = 0;
	int r1 = goro_nic_send(nic, req, 13);
	int e1 = errno;
	errno = 0;
	int r2 = goro_nic_send(nic, req, GORO_NIC_FRAME_MAX + 1);
	check(r1 == -1 && e1 == EMSGSIZE && r2 == -1 && errno == EMSGSIZE,
	      "arp: frames of 13 and 1515 bytes are refused with EMSGSIZE");
}

/* --- DHCP ---------------------------------------------------------------- */

static unsigned csum(const uint8_t *p, int n)
{
	uint32_t s = 0;
	for (int i = 0; i + 1 < n; i += 2)
		s += get16(p + i);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s & 0xffff;
}

static const uint32_t xid = 0x676f726f;        /* "goro" */

static int dhcp_discover(uint8_t *f)
{
	memset(f, 0, 1600);
	eth(f, bcast, 0x0800);
	uint8_t *ip = f + 14, *udp = ip + 20, *bp = udp + 8;
	/* BOOTP: op, htype, hlen, hops, xid, secs, flags (broadcast), addresses, chaddr... */
	bp[0] = 1, bp[1] = 1, bp[2] = 6;
	bp[4] = (uint8_t)(xid >> 24), bp[5] = (uint8_t)(xid >> 16), bp[6] = (uint8_t)(xid >> 8), bp[7] = (uint8_t)xid;
	put16(bp + 10, 0x8000);
	memcpy(bp + 28, mac, 6);
	uint8_t *o = bp + 236;
	o[0] = 99, o[1] = 130, o[2] = 83, o[3] = 99;    /* the magic cookie */
	o += 4;
	*o++ = 53, *o++ = 1, *o++ = 1;                  /* DHCPDISCOVER */
	*o++ = 55, *o++ = 3, *o++ = 1, *o++ = 3, *o++ = 6;      /* ask for mask, router, DNS */
	*o++ = 255;
	int bplen = (int)(o - bp);
	if (bplen < 300)
		bplen = 300;
	put16(udp, 68);
	put16(udp + 2, 67);
	put16(udp + 4, (unsigned)(8 + bplen));          /* checksum 0: none */
	ip[0] = 0x45;
	put16(ip + 2, (unsigned)(20 + 8 + bplen));
	ip[8] = 64, ip[9] = 17;
	memset(ip + 16, 0xff, 4);                       /* from 0.0.0.0 to 255.255.255.255 */
	put16(ip + 10, csum(ip, 20));
	return 14 + 20 + 8 + bplen;
}

/* dhcp_offer: the OFFER for our xid: the address offered and the server's id. */
static int dhcp_offer(const uint8_t *f, int n, uint8_t yi[4], uint8_t srv[4])
{
	if (n < 14 + 20 + 8 + 240 || get16(f + 12) != 0x0800)
		return 0;
	const uint8_t *ip = f + 14;
	int ihl = (ip[0] & 15) * 4;
	if (ip[9] != 17 || n < 14 + ihl + 8 + 240)
		return 0;
	const uint8_t *udp = ip + ihl, *bp = udp + 8;
	if (get16(udp) != 67 || get16(udp + 2) != 68 || bp[0] != 2)
		return 0;
	if (((uint32_t)bp[4] << 24 | (uint32_t)bp[5] << 16 | (uint32_t)bp[6] << 8 | bp[7]) != xid)
		return 0;
	memcpy(yi, bp + 16, 4);
	int type = 0;
	const uint8_t *o = bp + 240, *end = f + n;
	memset(srv, 0, 4);
	while (o < end && *o != 255) {
		if (*o == 0) {
			o++;
			continue;
		}
		if (o + 2 > end || o + 2 + o[1] > end)
			break;
		if (o[0] == 53 && o[1] == 1)
			type = o[2];
		if (o[0] == 54 && o[1] == 4)
			memcpy(srv, o + 2, 4);
		o += 2 + o[1];
	}
	return type == 2;
}

static void dhcp(void)
{
	if (!open_nic())
		return;
	go(watchdog, (void *)(intptr_t)30);
	static uint8_t req[1600];
	int n = dhcp_discover(req);
	put16(req + 1510, (unsigned)n);
	check(goro_nic_send(nic, req, (size_t)n) == 0, "dhcp: the DISCOVER is sent");
	go(resend, req);
	uint8_t f[2048], yi[4], srv[4];
	for (;;) {
		int m = goro_nic_recv(nic, f, sizeof f, true);
		if (dhcp_offer(f, m, yi, srv))
			break;
	}
	answered = 1;
	printf("dhcp: offered %u.%u.%u.%u by %u.%u.%u.%u\n", yi[0], yi[1], yi[2], yi[3],
	       srv[0], srv[1], srv[2], srv[3]);
	check(memcmp(yi, me, 4) == 0, "dhcp: the OFFER is of 10.0.2.15");
	check(memcmp(srv, gw, 4) == 0, "dhcp: the server is 10.0.2.2");
}

static void fwd(int port)
{
	if (!open_nic())
		return;
	go(watchdog, (void *)(intptr_t)40);
	static uint8_t req[1600];
	int n = arp_request(req);
	put16(req + 1510, (unsigned)n);
	goro_nic_send(nic, req, (size_t)n);
	go(resend, req);
	uint8_t f[2048], who[6];
	for (;;) {
		int m = goro_nic_recv(nic, f, sizeof f, true);
		if (is_arp_reply(f, m, who))
			break;
	}
	answered = 1;
	printf("fwd: waiting for a connection to port %d\n", port);
	for (;;) {
		int m = goro_nic_recv(nic, f, sizeof f, true);
		if (m < 14 + 20 + 20 || get16(f + 12) != 0x0800)
			continue;
		const uint8_t *ip = f + 14, *tcp = ip + (ip[0] & 15) * 4;
		if (ip[9] != 6 || memcmp(ip + 16, me, 4) != 0 || tcp + 14 > f + m)
			continue;
		if ((int)get16(tcp + 2) == port && (tcp[13] & 0x12) == 0x02) {
			printf("fwd: SYN from %u.%u.%u.%u:%u\n", ip[12], ip[13], ip[14], ip[15], get16(tcp));
			check(memcmp(ip + 12, gw, 4) == 0, "fwd: the host's connection arrives as a SYN from 10.0.2.2 to our port");
			return;
		}
	}
}

static void none(void)
{
	errno = 0;
	goro_nic *g = goro_nic_get(0);
	check(g == NULL && errno == ENODEV, "none: without a card goro_nic_get fails with ENODEV");
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "arp";
	if (!strcmp(mode, "arp"))
		arp();
	else if (!strcmp(mode, "dhcp"))
		dhcp();
	else if (!strcmp(mode, "fwd") && argc > 2)
		fwd(atoi(argv[2]));
	else if (!strcmp(mode, "none"))
		none();
	else {
		printf("net: unknown mode %s\n", mode);
		return 100;
	}
	return failures;
}
