/*
 * netif.c - lwIP's Ethernet interface on a goro network card (goro_nic):
 * frames out through goro_nic_send, frames in from a goroutine per card.
 *
 * The card's driver already owns the DMA buffers and parks its callers,
 * so the glue is copies and counting. Out: linkoutput (always under the
 * core lock) sends a single pbuf as it is and flattens a chain into the
 * interface's own frame buffer; lwIP computed every checksum. In: the
 * receive goroutine holds a pool pbuf big enough for any frame while it
 * waits on the card, so a frame is copied once, from the card into the
 * pbuf, then posted to the tcpip goroutine (tcpip_input). No frame is
 * lost silently: one that finds no pbuf, or no room in tcpip's mailbox,
 * is still taken off the card and counted (here and in lwIP's LINK_STATS).
 * The link state is the card's, looked at once a second on the tcpip
 * goroutine (the card does not announce changes).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "goro.h"
#include "goro_netif.h"
#include "lwip/etharp.h"
#include "lwip/pbuf.h"
#include "lwip/stats.h"
#include "lwip/tcpip.h"
#include "lwip/timeouts.h"

enum { ETH_MIN_FRAME = 60, LINK_POLL_MS = 1000 };

/* Every received frame fits one pool pbuf: the receive goroutine counts on it. */
_Static_assert(PBUF_POOL_BUFSIZE >= GORO_NIC_FRAME_MAX, "a pool pbuf holds a whole frame");

struct goro_netif {
	goro_nic *nic;
	mutex mu;                               /* the counters */
	struct goro_netif_counters n;
	uint8_t txbuf[GORO_NIC_FRAME_MAX];      /* a chain flattened (the core lock serialises) */
	uint8_t scratch[GORO_NIC_FRAME_MAX];    /* a frame taken while no pbuf was to be had */
};

static void count(struct goro_netif *g, uint64_t *ctr, uint64_t bytes, uint64_t *bctr)
{
	mutex_lock(&g->mu);
	(*ctr)++;
	if (bctr)
		*bctr += bytes;
	mutex_unlock(&g->mu);
}

/* drop counts a received frame dropped; memerr says it was for want of a pbuf. */
static void drop(struct goro_netif *g, int memerr)
{
	count(g, &g->n.rx_drops, 0, NULL);
	LOCK_TCPIP_CORE();              /* lwIP's counters are the core's */
	LINK_STATS_INC(link.drop);
	if (memerr)
		LINK_STATS_INC(link.memerr);
	UNLOCK_TCPIP_CORE();
}

/* linkoutput: lwIP's frame p to the card, parking while its ring is full. */
static err_t linkoutput(struct netif *nif, struct pbuf *p)
{
	struct goro_netif *g = nif->state;
	LWIP_ASSERT_CORE_LOCKED();      /* txbuf is shared */
	size_t len = p->tot_len;
	const void *frame = p->payload;
	if (p->next != NULL || len < ETH_MIN_FRAME) {
		if (len > sizeof g->txbuf)
			panic("net: en0: a frame of %zu bytes from lwIP, more than %d (MTU %u)",
			      len, GORO_NIC_FRAME_MAX, (unsigned)nif->mtu);
		pbuf_copy_partial(p, g->txbuf, (u16_t)len, 0);
		if (len < ETH_MIN_FRAME) {              /* Ethernet's minimum, padded with zeros */
			memset(g->txbuf + len, 0, ETH_MIN_FRAME - len);
			len = ETH_MIN_FRAME;
		}
		frame = g->txbuf;
	}
	if (goro_nic_send(g->nic, frame, len) != 0) {
		count(g, &g->n.tx_errors, 0, NULL);
		LINK_STATS_INC(link.err);
		return ERR_IF;
	}
	count(g, &g->n.tx_frames, len, &g->n.tx_bytes);
	LINK_STATS_INC(link.xmit);
	return ERR_OK;
}

/*
 * rx: the card's receive goroutine, for ever: each frame into a pbuf and
 * to the tcpip goroutine. It keeps a pbuf in hand while it waits, so the
 * frame goes straight into it; without one (the pool empty) it takes
 * the frame anyway and then tries for one of the frame's size.
 */
static void rx(void *arg)
{
	struct netif *nif = arg;
	struct goro_netif *g = nif->state;
	struct pbuf *p = NULL;
	for (;;) {
		if (!p)
			p = pbuf_alloc(PBUF_RAW, GORO_NIC_FRAME_MAX, PBUF_POOL);
		if (p && p->next)
			panic("net: en0: a pool pbuf of %u bytes is a chain", (unsigned)p->tot_len);
		void *buf = p ? p->payload : g->scratch;
		int n = goro_nic_recv(g->nic, buf, GORO_NIC_FRAME_MAX, true);
		if (n < 0)
			panic("net: en0: goro_nic_recv failed, errno %d", errno);
		if (n > GORO_NIC_FRAME_MAX) {           /* cut: the card broke its contract */
			drop(g, 0);
			continue;
		}
		struct pbuf *q = p;
		if (q) {
			pbuf_realloc(q, (u16_t)n);
			p = NULL;
		} else {
			q = pbuf_alloc(PBUF_RAW, (u16_t)n, PBUF_POOL);
			if (!q)
				q = pbuf_alloc(PBUF_RAW, (u16_t)n, PBUF_RAM);
			if (!q) {
				drop(g, 1);
				continue;
			}
			pbuf_take(q, g->scratch, (u16_t)n);
		}
		if (nif->input(q, nif) != ERR_OK) {     /* tcpip's mailbox is full */
			pbuf_free(q);
			drop(g, 0);
			continue;
		}
		count(g, &g->n.rx_frames, (uint64_t)n, &g->n.rx_bytes);
	}
}

/* link_poll: the card's link state into lwIP's, once a second (tcpip goroutine). */
static void link_poll(void *arg)
{
	struct netif *nif = arg;
	struct goro_netif *g = nif->state;
	int up = goro_nic_link(g->nic);
	if (up && !netif_is_link_up(nif))
		netif_set_link_up(nif);
	else if (!up && netif_is_link_up(nif))
		netif_set_link_down(nif);
	sys_timeout(LINK_POLL_MS, link_poll, nif);
}

static err_t init(struct netif *nif)
{
	struct goro_netif *g = nif->state;
	nif->name[0] = 'e';
	nif->name[1] = 'n';
	nif->output = etharp_output;
	nif->linkoutput = linkoutput;
	nif->mtu = GORO_NIC_FRAME_MAX - 14;
	nif->hwaddr_len = ETH_HWADDR_LEN;
	goro_nic_mac(g->nic, nif->hwaddr);
	nif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
	if (goro_nic_link(g->nic))
		nif->flags |= NETIF_FLAG_LINK_UP;
	return ERR_OK;
}

struct netif *goro_netif_add(struct netif *nif, goro_nic *nic, const ip4_addr_t *ip,
			     const ip4_addr_t *mask, const ip4_addr_t *gw)
{
	struct goro_netif *g = calloc(1, sizeof *g);
	if (!g)
		panic("net: no memory for the interface on %s", goro_nic_name(nic));
	g->nic = nic;
	if (!netif_add(nif, ip, mask, gw, g, init, tcpip_input)) {
		free(g);
		return NULL;
	}
	sys_timeout(LINK_POLL_MS, link_poll, nif);
	go(rx, nif);
	return nif;
}

void goro_netif_counters(struct netif *nif, struct goro_netif_counters *c)
{
	struct goro_netif *g = nif->state;
	mutex_lock(&g->mu);
	*c = g->n;
	mutex_unlock(&g->mu);
}
