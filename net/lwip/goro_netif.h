/*
 * goro_netif.h - lwIP's interface on a goro network card (netif.c), for
 * net.c: adding one, and its counters.
 */
#ifndef GORO_NETIF_H
#define GORO_NETIF_H

#include <stdint.h>
#include "goro.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"

/* What the glue counts, beside the card's own goro_nic_stats. */
struct goro_netif_counters {
	uint64_t rx_frames, rx_bytes;   /* handed to lwIP (tcpip_input) */
	uint64_t rx_drops;              /* taken off the card and dropped: no pbuf, tcpip's mailbox full, cut */
	uint64_t tx_frames, tx_bytes;   /* given to the card */
	uint64_t tx_errors;             /* the card refused (goro_nic_send failed) */
};

/*
 * goro_netif_add adds nif, lwIP's Ethernet interface "en0" on nic, with
 * the addresses given (zero for DHCP), and starts its receive goroutine
 * and link watch. The caller holds the core lock (LOCK_TCPIP_CORE);
 * nif lives as long as the machine. Returns netif_add's result (NULL
 * if lwIP refused it).
 */
struct netif *goro_netif_add(struct netif *nif, goro_nic *nic, const ip4_addr_t *ip,
			     const ip4_addr_t *mask, const ip4_addr_t *gw);

/* goro_netif_counters: a copy of nif's counters (nif made by goro_netif_add). */
void goro_netif_counters(struct netif *nif, struct goro_netif_counters *c);

#endif
