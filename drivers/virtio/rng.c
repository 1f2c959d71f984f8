/*
 * rng.c - virtio-rng (virtio 1.x, 5.4): goro_entropy fills a buffer
 * from the device's one queue, parking only the calling goroutine.
 *
 * The device is set up by the first call. Requests go one at a time
 * (the mutex): a device-writable page of DMA memory is put on the queue,
 * and the caller waits on a channel that the line's goroutine sends the
 * written length to (done); the bytes are copied out of the page, since
 * the caller's buffer may be on a goroutine stack that moves, or in the
 * heap, where a virtual address is not a physical one.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "machine.h"
#include "virtio.h"

static struct {
	mutex lock;
	int state;              /* 0: not looked yet; 1: ready; -1: no device */
	struct vdev *dev;
	struct virtq *q;
	uint8_t *page;
	uint64_t pagepa;
	chan *done;
	char source[80];
} rng;

static void rng_done(struct virtq *q, void *token, uint32_t written)
{
	(void)q, (void)token;
	chan_send(rng.done, &written);  /* room for one: never blocks the line's goroutine */
}

static void rng_init(void)
{
	rng.state = -1;
	struct vdev *d = virtio_find(VIRTIO_ID_RNG);
	if (!d)
		return;
	if (!virtio_begin(d, 0))
		return;
	rng.done = chan_make(sizeof(uint32_t), 1);
	rng.page = dma_alloc(PageSize, &rng.pagepa);
	rng.q = rng.page ? virtq_setup(d, 0, 8, rng_done, NULL) : NULL;
	if (!rng.q) {
		virtio_fail(d);
		return;
	}
	virtio_ready(d);
	rng.dev = d;
	snprintf(rng.source, sizeof rng.source, "virtio-rng (%s)", d->where);
	rng.state = 1;
}

int goro_entropy(void *buf, size_t n)
{
	uint8_t *p = buf;
	mutex_lock(&rng.lock);
	if (rng.state == 0)
		rng_init();
	if (rng.state < 0) {
		mutex_unlock(&rng.lock);
		errno = ENOSYS;
		return -1;
	}
	while (n > 0) {
		struct vbuf b = { rng.pagepa, (uint32_t)(n < PageSize ? n : PageSize), 1 };
		uint32_t got = 0;
		if (virtq_add(rng.q, &b, 1, &rng) < 0) {
			mutex_unlock(&rng.lock);
			errno = EIO;
			return -1;
		}
		chan_recv(rng.done, &got);
		if (got > b.len)
			got = b.len;
		memcpy(p, rng.page, got);
		p += got;
		n -= got;
	}
	mutex_unlock(&rng.lock);
	return 0;
}

const char *goro_entropy_source(void)
{
	mutex_lock(&rng.lock);
	if (rng.state == 0)
		rng_init();
	mutex_unlock(&rng.lock);
	return rng.state > 0 ? rng.source : NULL;
}
