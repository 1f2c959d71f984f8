/*
 * goro_net.h - bringing the network up for an appliance (net/lwip/net.c),
 * waiting for its address, and its statistics (net/lwip/netstats.c).
 *
 * An appliance that uses the BSD socket API (sys/socket.h and friends,
 * net/include) gets the network at boot without asking: the socket
 * layer calls goro_net_start before main. One that speaks lwIP's own
 * APIs calls it itself instead of tcpip_init.
 */
#ifndef GORO_NET_H
#define GORO_NET_H

#include <stddef.h>
#include <stdint.h>
#include "goro.h"

/*
 * goro_net_start brings lwIP up once: its tcpip goroutine, the loopback
 * interface (lo, 127.0.0.1), and an interface on the machine's first
 * network card (goro_nic_get(0)), eth0 (lwIP's "en0"), configured from
 * the runtime options:
 *   net=0                       no card interface: only loopback
 *   ip=A.B.C.D/N [gw=A.B.C.D]   a static address
 *   neither                     DHCP (QEMU's user network serves it)
 * Safe from any goroutine and any number of times: the first call does
 * the work, the others wait for it. It does not wait for DHCP. Returns
 * 0; a malformed ip= or gw= has already stopped the boot with a fatal
 * error naming the option (the runtime checks them, as it does numbers).
 * It prints "net: off (net=0): loopback only" or "net: no network card:
 * loopback only" when there is no card interface; with verbose=1 also
 * the card ("net: eth0 virtio-net (...) 52:54:00:12:34:56 link up"),
 * each address eth0 gets ("net: eth0 10.0.2.15/24 gw 10.0.2.2 (dhcp)")
 * and each change of its link.
 */
int goro_net_start(void);

/*
 * goro_net_wait parks the calling goroutine until eth0 has an address,
 * or for at most timeout_ns nanoseconds (< 0: no limit; 0: only looks),
 * starting the network first if need be. 0 once it has one; -1 with
 * errno ETIMEDOUT if the time ran out, ENETDOWN if there is no card
 * interface (net=0, no card, hosted).
 */
int goro_net_wait(int64_t timeout_ns);

/*
 * goro_net_addr writes eth0's address, "10.0.2.15", into buf (n bytes,
 * 16 hold any) and returns 0; -1 with errno ENETDOWN without a card
 * interface, EADDRNOTAVAIL while it has no address yet, ENOSPC if n is
 * too small.
 */
int goro_net_addr(char *buf, size_t n);

/* One of lwIP's fixed pools (memp): its name as lwIP has it, and its use. */
struct goro_net_pool {
	const char *name;               /* "TCP_PCB", "NETCONN", "PBUF_POOL", "TCP_SEG", ... */
	uint32_t size;                  /* elements it has */
	uint32_t used, max;             /* in use now, most ever in use */
	uint32_t err;                   /* allocations that found it empty */
};

#define GORO_NET_MAXPOOLS       24

/*
 * The network's state for a status page. Counters count from boot;
 * lwIP's are 32-bit and wrap. Read without stopping the stack: each
 * figure is right, the set is not one instant's.
 */
struct goro_net_stats {
	/* eth0; iface is 0 (and the rest zero) without a card interface */
	int iface;
	int link;                       /* lwIP's view of the link: 1 up */
	char addr[16], gw[16];          /* "" without an address / gateway */
	int prefix;                     /* of addr's network, /N */
	const char *how;                /* "dhcp", "static", or "" without an interface */
	char nic[64];                   /* goro_nic_name */
	uint8_t mac[6];
	uint64_t rx_frames, rx_bytes;   /* the interface: frames handed to lwIP */
	uint64_t rx_drops;              /* taken off the card and dropped (no pbuf, tcpip's mailbox full) */
	uint64_t tx_frames, tx_bytes, tx_errors;
	struct goro_nic_stats card;     /* the card's own (goro_nic_stats) */
	/* lwIP */
	uint64_t heap_used, heap_max;   /* bytes lwIP has malloc'ed now, at most */
	uint32_t heap_err;              /* its mallocs that failed */
	uint32_t link_drop, link_memerr;/* lwIP's LINK_STATS: frames dropped, for want of memory */
	uint32_t tcp_xmit, tcp_recv;    /* lwIP's TCP_STATS: segments sent, received */
	uint32_t tcp_drop, tcp_memerr;  /* segments dropped, for want of memory */
	int npools;
	struct goro_net_pool pools[GORO_NET_MAXPOOLS];
};

/* goro_net_stats fills st (it starts nothing: before goro_net_start it is mostly zeros). */
void goro_net_stats(struct goro_net_stats *st);

#endif
