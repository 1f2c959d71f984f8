/*
 * net.c - goro_net_start: lwIP's tcpip goroutine and its interfaces, once;
 * goro_net_wait and goro_net_addr, eth0's address for appliances.
 *
 * The configuration is the runtime options (goro_option): the runtime
 * has checked ip= and gw= at boot, so here they only need reading. The
 * interface's address, as appliances see it, is a copy kept under a
 * mutex of our own by the status callback (on the tcpip goroutine, or
 * on the starting goroutine under the core lock): readers never take
 * lwIP's core lock, so they may be called from anywhere, a tcpip
 * callback included. Waiters for an address park on a channel the
 * callback closes when one comes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "goro.h"
#include "goro_net.h"
#include "goro_netif.h"
#include "net_priv.h"
#include "lwip/dhcp.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/tcpip.h"

static mutex start_mu;
static int started;
static int verbose;

static struct netif en0;
static goro_nic *en0_nic;               /* NULL: no card interface; set once eth0 is up (atomic) */
static const char *en0_how = "";        /* "dhcp" or "static" */

/* eth0's address as appliances see it: info_mu guards these. */
static mutex info_mu;
static int has_addr;
static ip4_addr_t cur_ip, cur_mask, cur_gw;
static chan *addr_ready;                /* open while there is no address, closed when one comes */

/* eth0_card: eth0's card, or NULL if there is no card interface (yet). */
static goro_nic *eth0_card(void)
{
	return __atomic_load_n(&en0_nic, __ATOMIC_ACQUIRE);
}

static void tcpip_ready(void *arg)
{
	chan_send(arg, NULL);   /* on the tcpip goroutine, once it runs */
}

static int prefix_len(const ip4_addr_t *mask)
{
	uint32_t m = lwip_ntohl(ip4_addr_get_u32(mask));
	int n = 0;
	while (m & 0x80000000u)
		n++, m <<= 1;
	return n;
}

/*
 * status_changed: lwIP's status callback (core lock held): eth0 went up
 * or down, or its address changed. Takes the new address into our copy,
 * wakes waiters when it is the first, and prints it under verbose=1.
 */
static void status_changed(struct netif *nif)
{
	ip4_addr_t ip = *netif_ip4_addr(nif), mask = *netif_ip4_netmask(nif), gw = *netif_ip4_gw(nif);
	int has = netif_is_up(nif) && !ip4_addr_isany_val(ip);
	mutex_lock(&info_mu);
	int changed = has != has_addr || !ip4_addr_cmp(&ip, &cur_ip) || !ip4_addr_cmp(&mask, &cur_mask) ||
		      !ip4_addr_cmp(&gw, &cur_gw);
	if (has && !has_addr)
		chan_close(addr_ready);
	else if (!has && has_addr)
		addr_ready = chan_make(0, 0);   /* the closed one stays: a waiter may hold it */
	has_addr = has;
	cur_ip = ip, cur_mask = mask, cur_gw = gw;
	mutex_unlock(&info_mu);
	if (!verbose || !changed)
		return;
	char a[16], g[16];
	ip4addr_ntoa_r(&ip, a, sizeof a);
	ip4addr_ntoa_r(&gw, g, sizeof g);
	if (!has)
		printf("net: eth0 has no address\n");
	else if (ip4_addr_isany_val(gw))
		printf("net: eth0 %s/%d (%s)\n", a, prefix_len(&mask), en0_how);
	else
		printf("net: eth0 %s/%d gw %s (%s)\n", a, prefix_len(&mask), g, en0_how);
}

static void link_changed(struct netif *nif)
{
	if (verbose)
		printf("net: eth0 link %s\n", netif_is_link_up(nif) ? "up" : "down");
}

/* parse_ip: "A.B.C.D/N" into address and mask; the runtime has checked its form. */
static void parse_ip(const char *s, ip4_addr_t *ip, ip4_addr_t *mask)
{
	char a[16];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : 0;
	if (!slash || n >= sizeof a)
		panic("net: ip=%s is not A.B.C.D/N, which the runtime should have refused", s);
	memcpy(a, s, n);
	a[n] = 0;
	int bits = 0;
	for (const char *p = slash + 1; *p >= '0' && *p <= '9'; p++)
		bits = bits * 10 + (*p - '0');
	if (!ip4addr_aton(a, ip) || bits < 1 || bits > 32)
		panic("net: ip=%s is not A.B.C.D/N, which the runtime should have refused", s);
	ip4_addr_set_u32(mask, lwip_htonl(bits == 32 ? 0xffffffffu : ~(0xffffffffu >> bits)));
}

/* bring_up: eth0 on the first card, as the options say; no card interface, a message. */
static void bring_up(void)
{
	const char *net = goro_option("net");
	if (net && strcmp(net, "0") == 0) {
		printf("net: off (net=0): loopback only\n");
		return;
	}
	goro_nic *nic = goro_nic_get(0);
	if (!nic) {
		printf("net: no network card: loopback only\n");
		return;
	}
	if (verbose) {
		uint8_t m[6];
		goro_nic_mac(nic, m);
		printf("net: eth0 %s %02x:%02x:%02x:%02x:%02x:%02x link %s\n", goro_nic_name(nic),
		       m[0], m[1], m[2], m[3], m[4], m[5], goro_nic_link(nic) ? "up" : "down");
	}
	ip4_addr_t ip, mask, gw;
	ip4_addr_set_zero(&ip);
	ip4_addr_set_zero(&mask);
	ip4_addr_set_zero(&gw);
	const char *sip = goro_option("ip"), *sgw = goro_option("gw");
	if (sip) {
		parse_ip(sip, &ip, &mask);
		if (sgw && !ip4addr_aton(sgw, &gw))
			panic("net: gw=%s is not A.B.C.D, which the runtime should have refused", sgw);
		en0_how = "static";
	} else {
		en0_how = "dhcp";
	}
	addr_ready = chan_make(0, 0);
	LOCK_TCPIP_CORE();
	if (!goro_netif_add(&en0, nic, &ip, &mask, &gw))
		panic("net: lwIP refused the interface on %s", goro_nic_name(nic));
	netif_set_status_callback(&en0, status_changed);
	netif_set_link_callback(&en0, link_changed);
	netif_set_default(&en0);
	netif_set_up(&en0);
	if (!sip) {
		err_t e = dhcp_start(&en0);
		if (e != ERR_OK)
			panic("net: eth0: dhcp_start failed: lwIP error %d", (int)e);
	}
	UNLOCK_TCPIP_CORE();
	__atomic_store_n(&en0_nic, nic, __ATOMIC_RELEASE);
}

int goro_net_start(void)
{
	mutex_lock(&start_mu);
	if (!started) {
		const char *v = goro_option("verbose");
		verbose = v && strcmp(v, "0") != 0;
		chan *ready = chan_make(0, 1);
		tcpip_init(tcpip_ready, ready);
		chan_recv(ready, NULL);
		chan_free(ready);
		bring_up();
		goro_memreport(net_memreport);  /* memstats=1: the pools at exit */
		started = 1;
	}
	mutex_unlock(&start_mu);
	return 0;
}

int goro_net_wait(int64_t timeout_ns)
{
	goro_net_start();
	if (!eth0_card()) {
		errno = ENETDOWN;
		return -1;
	}
	int64_t deadline = timeout_ns > 0 ? nanotime() + timeout_ns : 0;
	for (;;) {
		mutex_lock(&info_mu);
		int has = has_addr;
		chan *c = addr_ready;
		mutex_unlock(&info_mu);
		if (has)
			return 0;
		struct chan_case cs = { .c = c, .dir = CHAN_RECV };
		if (timeout_ns < 0) {
			chan_select(&cs, 1, true);
			continue;
		}
		int64_t left = timeout_ns > 0 ? deadline - nanotime() : 0;
		if (left <= 0 || chan_select_timeout(&cs, 1, left) < 0) {
			mutex_lock(&info_mu);
			has = has_addr;
			mutex_unlock(&info_mu);
			if (has)
				return 0;
			errno = ETIMEDOUT;
			return -1;
		}
	}
}

int goro_net_addr(char *buf, size_t n)
{
	if (!eth0_card()) {
		errno = ENETDOWN;
		return -1;
	}
	char a[16];
	mutex_lock(&info_mu);
	int has = has_addr;
	ip4addr_ntoa_r(&cur_ip, a, sizeof a);
	mutex_unlock(&info_mu);
	if (!has) {
		errno = EADDRNOTAVAIL;
		return -1;
	}
	if (strlen(a) >= n) {
		errno = ENOSPC;
		return -1;
	}
	strcpy(buf, a);
	return 0;
}

void net_snapshot(struct goro_net_stats *st)
{
	if (!eth0_card())
		return;
	st->iface = 1;
	st->how = en0_how;
	snprintf(st->nic, sizeof st->nic, "%s", goro_nic_name(en0_nic));
	goro_nic_mac(en0_nic, st->mac);
	goro_nic_stats(en0_nic, &st->card);
	struct goro_netif_counters c;
	goro_netif_counters(&en0, &c);
	st->rx_frames = c.rx_frames, st->rx_bytes = c.rx_bytes, st->rx_drops = c.rx_drops;
	st->tx_frames = c.tx_frames, st->tx_bytes = c.tx_bytes, st->tx_errors = c.tx_errors;
	st->link = netif_is_link_up(&en0);      /* a flag's read: no lock needed for a status page */
	mutex_lock(&info_mu);
	if (has_addr) {
		ip4addr_ntoa_r(&cur_ip, st->addr, sizeof st->addr);
		st->prefix = prefix_len(&cur_mask);
		if (!ip4_addr_isany_val(cur_gw))
			ip4addr_ntoa_r(&cur_gw, st->gw, sizeof st->gw);
	}
	mutex_unlock(&info_mu);
}
