/*
 * net.c - virtio-net (virtio 1.x, 5.1): the network cards behind
 * goro.h's goro_nic_* calls.
 *
 * Features: VIRTIO_F_VERSION_1, VIRTIO_NET_F_MAC and VIRTIO_NET_F_STATUS
 * when the device has them; no checksum offload, no segmentation
 * offload, no mergeable receive buffers, no control queue. Every frame
 * then travels behind the 12-byte virtio_net_hdr (version 1 always has
 * num_buffers), all zero on the way out, and fits one 2 KiB buffer of
 * DMA memory on the way in.
 *
 * Receive (queue 0): every buffer is on the ring from the start. The
 * line's goroutine (virtio.c) calls rx_done for each frame the device
 * wrote: it queues the buffer's index on the card's list of frames
 * received and sends one token on the ready channel (room for every
 * buffer: it never blocks the line's goroutine). A receiver takes a
 * token (parking until there is one), the oldest frame, copies it out
 * and gives the buffer back to the ring. While nobody receives, the
 * buffers stay off the ring and the device drops what comes, so a slow
 * reader costs frames, never memory.
 *
 * Transmit (queue 1): a fixed set of 2 KiB slots of DMA memory, their
 * indices on the txfree channel. A sender takes one (parking while the
 * ring is full), copies the header and the frame into it and puts it on
 * the ring; tx_done, on the line's goroutine, hands the index back when
 * the device has sent it.
 *
 * Buffers are DMA memory, never the caller's: a goroutine's stack moves,
 * and a heap address is not a physical one.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "machine.h"
#include "virtio.h"

#define VIRTIO_NET_F_MAC        5
#define VIRTIO_NET_F_STATUS     16
#define VIRTIO_NET_S_LINK_UP    1

enum { HDR = 12, BUFSZ = 2048, NTX = 128, MAXNIC = 4 };

struct goro_nic {
	struct vdev *dev;
	struct virtq *rx, *tx;
	uint8_t *rxmem, *txmem;
	uint64_t rxpa, txpa;
	int nrx, ntx;
	uint8_t mac[6];
	int has_status;
	char name[80];
	mutex lock;                             /* the list of frames received */
	uint16_t fifo[GORO_NIC_RXQUEUE];        /* buffer indices, oldest at head */
	uint32_t fifolen[GORO_NIC_RXQUEUE];     /* what the device wrote, header included */
	unsigned head, count;
	chan *ready;                            /* a token per frame on the list */
	chan *txfree;                           /* the free transmit slots */
	mutex statlock;                         /* st: 64-bit counters on 32-bit machines too */
	struct goro_nic_stats st;
};

static mutex niclock;
static int probed, nnic;
static struct goro_nic nics[MAXNIC];

static void rx_give(struct goro_nic *n, int i)
{
	struct vbuf b = { n->rxpa + (uint64_t)i * BUFSZ, BUFSZ, 1 };
	virtq_add(n->rx, &b, 1, (void *)(uintptr_t)(i + 1));   /* room: the buffer's own descriptor came back */
}

static void rx_done(struct virtq *q, void *token, uint32_t written)
{
	struct goro_nic *n = q->arg;
	int i = (int)(uintptr_t)token - 1;
	if (i < 0 || i >= n->nrx)
		return;
	if (written < HDR + 14 || written > BUFSZ) {    /* nothing a frame can be: straight back */
		rx_give(n, i);
		return;
	}
	mutex_lock(&n->lock);
	unsigned tail = (n->head + n->count) % GORO_NIC_RXQUEUE;
	n->fifo[tail] = (uint16_t)i;
	n->fifolen[tail] = written;
	n->count++;
	mutex_unlock(&n->lock);
	char token_ = 0;
	chan_send(n->ready, &token_);   /* room for every buffer: never blocks */
}

static void tx_done(struct virtq *q, void *token, uint32_t written)
{
	(void)written;
	struct goro_nic *n = q->arg;
	int slot = (int)(uintptr_t)token - 1;
	if (slot >= 0 && slot < n->ntx)
		chan_send(n->txfree, &slot);    /* room for every slot: never blocks */
}

static int nic_init(struct goro_nic *n, struct vdev *d)
{
	uint64_t f = virtio_begin(d, 1ull << VIRTIO_NET_F_MAC | 1ull << VIRTIO_NET_F_STATUS);
	if (!f)
		return -1;
	n->dev = d;
	n->has_status = !!(f & 1ull << VIRTIO_NET_F_STATUS);
	if (f & 1ull << VIRTIO_NET_F_MAC) {
		for (int i = 0; i < 6; i++)
			n->mac[i] = (uint8_t)virtio_config(d, (unsigned)i, 1);
	} else {
		/* No address of its own: a random one, locally administered, unicast. */
		uint64_t r = machine_entropy();
		for (int i = 0; i < 6; i++)
			n->mac[i] = (uint8_t)(r >> 8 * i);
		n->mac[0] = (uint8_t)((n->mac[0] & 0xfe) | 0x02);
	}
	n->rx = virtq_setup(d, 0, GORO_NIC_RXQUEUE, rx_done, n);
	n->tx = n->rx ? virtq_setup(d, 1, NTX, tx_done, n) : NULL;
	if (!n->tx)
		goto fail;
	n->nrx = n->rx->size;
	n->ntx = n->tx->size;
	n->rxmem = dma_alloc((size_t)n->nrx * BUFSZ, &n->rxpa);
	n->txmem = dma_alloc((size_t)n->ntx * BUFSZ, &n->txpa);
	if (!n->rxmem || !n->txmem)
		goto fail;
	n->ready = chan_make(1, (size_t)n->nrx);
	n->txfree = chan_make(sizeof(int), (size_t)n->ntx);
	for (int i = 0; i < n->ntx; i++)
		chan_send(n->txfree, &i);
	snprintf(n->name, sizeof n->name, "virtio-net (%s)", d->where);
	virtio_ready(d);
	for (int i = 0; i < n->nrx; i++)
		rx_give(n, i);
	return 0;
fail:
	virtio_fail(d);
	return -1;
}

goro_nic *goro_nic_get(int i)
{
	mutex_lock(&niclock);
	if (!probed) {
		probed = 1;
		struct vdev *d;
		while (nnic < MAXNIC && (d = virtio_find(VIRTIO_ID_NET)) != NULL)
			if (nic_init(&nics[nnic], d) == 0)
				nnic++;
	}
	mutex_unlock(&niclock);
	if (i < 0 || i >= nnic) {
		errno = ENODEV;
		return NULL;
	}
	return &nics[i];
}

int goro_nic_send(goro_nic *n, const void *buf, size_t len)
{
	if (len < 14 || len > GORO_NIC_FRAME_MAX) {
		errno = EMSGSIZE;
		return -1;
	}
	int slot;
	struct chan_case c = { n->txfree, CHAN_RECV, &slot, false };
	int waited = chan_select(&c, 1, false) < 0;
	if (waited)
		chan_recv(n->txfree, &slot);
	uint8_t *p = n->txmem + (size_t)slot * BUFSZ;
	memset(p, 0, HDR);
	memcpy(p + HDR, buf, len);
	struct vbuf b = { n->txpa + (uint64_t)slot * BUFSZ, (uint32_t)(HDR + len), 0 };
	if (virtq_add(n->tx, &b, 1, (void *)(uintptr_t)(slot + 1)) < 0) {
		chan_send(n->txfree, &slot);    /* cannot be: a slot is a descriptor */
		errno = EIO;
		return -1;
	}
	mutex_lock(&n->statlock);
	n->st.tx_frames++;
	n->st.tx_bytes += len;
	n->st.tx_waits += (uint64_t)waited;
	mutex_unlock(&n->statlock);
	return 0;
}

int goro_nic_recv(goro_nic *n, void *buf, size_t size, bool block)
{
	char tok;
	if (block) {
		chan_recv(n->ready, &tok);
	} else {
		struct chan_case c = { n->ready, CHAN_RECV, &tok, false };
		if (chan_select(&c, 1, false) < 0) {
			errno = EAGAIN;
			return -1;
		}
	}
	mutex_lock(&n->lock);
	int i = n->fifo[n->head];
	uint32_t written = n->fifolen[n->head];
	n->head = (n->head + 1) % GORO_NIC_RXQUEUE;
	n->count--;
	mutex_unlock(&n->lock);
	size_t len = written - HDR;
	memcpy(buf, n->rxmem + (size_t)i * BUFSZ + HDR, len < size ? len : size);
	rx_give(n, i);
	mutex_lock(&n->statlock);
	n->st.rx_frames++;
	n->st.rx_bytes += len;
	mutex_unlock(&n->statlock);
	return (int)len;
}

void goro_nic_mac(goro_nic *n, uint8_t mac[6])
{
	memcpy(mac, n->mac, 6);
}

int goro_nic_link(goro_nic *n)
{
	if (!n->has_status)
		return 1;
	return virtio_config(n->dev, 6, 2) & VIRTIO_NET_S_LINK_UP ? 1 : 0;
}

const char *goro_nic_name(goro_nic *n)
{
	return n->name;
}

void goro_nic_stats(goro_nic *n, struct goro_nic_stats *st)
{
	mutex_lock(&n->statlock);
	*st = n->st;
	mutex_unlock(&n->statlock);
}
