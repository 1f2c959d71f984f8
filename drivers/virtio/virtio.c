/*
 * virtio.c - what both transports share: finding devices, feature
 * negotiation, split virtqueues and the goroutines that serve the
 * interrupt lines (docs/virtio.md).
 *
 * The queue discipline. A request is a chain of descriptors, put in the
 * available ring under the queue's mutex: descriptors first, dma_wmb,
 * then avail->idx, then dma_mb before reading whether the device wants
 * to be told (used->flags), and the notify register. The device
 * returns chains in the used ring and raises the line.
 *
 * The interrupt path. Each line has one goroutine (a PCI line may be
 * shared by several devices): it waits for the line with goro_intr_wait,
 * then for each device on it acknowledges the interrupt (reading the ISR
 * byte, or InterruptStatus and InterruptACK, which lowers the line) and
 * only then drains each queue's used ring, calling the queue's done
 * function for every finished request; then it waits again. Draining
 * runs with the device's interrupts for the queue suppressed
 * (VIRTQ_AVAIL_F_NO_INTERRUPT); before it waits, it enables them, issues
 * a full barrier and looks at used->idx once more: an entry the device
 * added while interrupts were suppressed (and so raised nothing for) is
 * taken now instead of being lost until the next interrupt. An entry
 * added after that look raises the line, which intr_wait unmasks only
 * once its goroutine is parked; the 8259 latches it and the GIC keeps a
 * level line pending or latches an edge (ARM virt routes the line before
 * the device is started, so even its first edge is), so it is delivered
 * then.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "machine.h"
#include "virtio.h"

static mutex probelock;
static int probed;
static struct vdev *devices;

void virtio_add(struct vdev *d)
{
	d->next = devices;
	devices = d;
}

#define T(d, op, ...) ((d)->transport == VIRTIO_PCI ? vpci_##op(__VA_ARGS__) : vmmio_##op(__VA_ARGS__))

struct vdev *virtio_find(uint32_t id)
{
	struct vdev *found = NULL;
	mutex_lock(&probelock);
	if (!probed) {
		vpci_probe();
		vmmio_probe();
		probed = 1;
	}
	/* The list is in reverse order of finding: take the last match, the first found. */
	for (struct vdev *d = devices; d; d = d->next)
		if (d->id == id && !d->claimed)
			found = d;
	if (found)
		found->claimed = 1;
	mutex_unlock(&probelock);
	return found;
}

uint64_t virtio_begin(struct vdev *d, uint64_t want)
{
	T(d, set_status, d, 0);                 /* reset; reads back 0 once done */
	for (int i = 0; i < 1000 && T(d, status, d) != 0; i++)
		gosleep(1000);
	T(d, set_status, d, VIRTIO_ACKNOWLEDGE);
	T(d, set_status, d, VIRTIO_ACKNOWLEDGE | VIRTIO_DRIVER);
	uint64_t have = T(d, features, d);
	want |= 1ull << VIRTIO_F_VERSION_1;
	if (!(have & 1ull << VIRTIO_F_VERSION_1)) {
		virtio_fail(d);
		return 0;
	}
	uint64_t f = have & want;
	T(d, set_features, d, f);
	T(d, set_status, d, VIRTIO_ACKNOWLEDGE | VIRTIO_DRIVER | VIRTIO_FEATURES_OK);
	if (!(T(d, status, d) & VIRTIO_FEATURES_OK)) {
		virtio_fail(d);
		return 0;
	}
	return f;
}

void virtio_fail(struct vdev *d)
{
	T(d, set_status, d, T(d, status, d) | VIRTIO_FAILED);
}

uint32_t virtio_config(struct vdev *d, unsigned off, int n)
{
	return T(d, config, d, off, n);
}

/*
 * virtq_setup: one block of DMA memory per queue, the descriptor table
 * at its start (16 bytes an entry), the available ring after it, the
 * used ring on the next page boundary (virtio 1.x lets each part be
 * anywhere; one block keeps them together).
 */
struct virtq *virtq_setup(struct vdev *d, int index, int max, virtq_done_fn *done, void *arg)
{
	if (d->nvq >= (int)nelem(d->vqs) || max < 1 || max > 256)
		return NULL;
	size_t descsz = 16u * (size_t)max, availsz = 6 + 2u * (size_t)max;
	size_t usedoff = (descsz + availsz + PageSize - 1) & ~(size_t)(PageSize - 1);
	size_t total = usedoff + 6 + 8u * (size_t)max;
	uint64_t pa;
	uint8_t *mem = dma_alloc(total, &pa);
	struct virtq *q = malloc(sizeof *q);
	void **tokens = malloc(sizeof(void *) * (size_t)max);
	if (!mem || !q || !tokens)
		goto fail;
	memset(q, 0, sizeof *q);
	memset(tokens, 0, sizeof(void *) * (size_t)max);
	int n = T(d, queue, d, index, max, pa, pa + descsz, pa + usedoff, &q->notify);
	if (n <= 0)
		goto fail;
	q->dev = d;
	q->index = index;
	q->size = (uint16_t)n;
	q->desc = (volatile struct virtq_desc *)mem;
	q->avail = (volatile struct virtq_avail *)(mem + descsz);
	q->used = (volatile struct virtq_used *)(mem + usedoff);
	q->token = tokens;
	q->done = done;
	q->arg = arg;
	for (int i = 0; i < n; i++)
		q->desc[i].next = (uint16_t)(i + 1);
	q->free_head = 0;
	q->nfree = (uint16_t)n;
	d->vqs[d->nvq++] = q;
	return q;
fail:
	if (mem)
		dma_free(mem, total);
	free(q);
	free(tokens);
	return NULL;
}

int virtq_add(struct virtq *q, const struct vbuf *b, int nb, void *token)
{
	mutex_lock(&q->lock);
	if (nb < 1 || nb > q->nfree) {
		mutex_unlock(&q->lock);
		return -1;
	}
	uint16_t head = q->free_head, i = head, last = head;
	for (int k = 0; k < nb; k++) {
		last = i;
		q->desc[i].addr = b[k].pa;
		q->desc[i].len = b[k].len;
		q->desc[i].flags = (uint16_t)((b[k].write ? VIRTQ_DESC_F_WRITE : 0) |
					      (k + 1 < nb ? VIRTQ_DESC_F_NEXT : 0));
		i = q->desc[i].next;
	}
	q->free_head = i;
	q->nfree = (uint16_t)(q->nfree - nb);
	(void)last;
	q->token[head] = token;
	q->avail->ring[q->avail_idx % q->size] = head;
	dma_wmb();                      /* the descriptors and the ring entry before the index */
	q->avail->idx = ++q->avail_idx;
	dma_mb();                       /* the index before reading whether to notify */
	if (!(q->used->flags & VIRTQ_USED_F_NO_NOTIFY)) {
		if (q->dev->transport == VIRTIO_MMIO)
			mmio_write32(q->notify, (uint32_t)q->index);
		else
			mmio_write16(q->notify, (uint16_t)q->index);
	}
	mutex_unlock(&q->lock);
	return 0;
}

/*
 * bogus reports a used entry the device should not have written; the
 * first few of each queue are printed, so a broken device cannot flood
 * the console.
 */
static void bogus(struct virtq *q, const char *what, uint32_t id, uint32_t len)
{
	if (q->bogus++ < 4)
		kprintf("virtio: %s queue %d: used entry id %u len %u: %s: ignored\n",
			q->dev->where, q->index, id, len, what);
}

/*
 * drain takes every used entry there is, frees its chain and calls done,
 * outside the mutex. The entry is the device's word, so it is checked
 * before it is used: an id that is not the head of a request in flight
 * (out of the ring, or a descriptor not handed out, or one returned
 * already) is reported and skipped; a length past the bytes the chain
 * lets the device write is reported and handed up as 0 (nothing written).
 */
static void drain(struct virtq *q)
{
	for (;;) {
		mutex_lock(&q->lock);
		if (q->last_used == q->used->idx) {
			mutex_unlock(&q->lock);
			return;
		}
		dma_rmb();              /* the index before the entry it covers */
		volatile struct virtq_used_elem *e = &q->used->ring[q->last_used % q->size];
		uint32_t id = e->id;
		uint32_t len = e->len;
		q->last_used++;
		if (id >= q->size || q->token[id] == NULL) {
			bogus(q, "not a request in flight", id, len);
			mutex_unlock(&q->lock);
			continue;
		}
		uint16_t head = (uint16_t)id;
		void *token = q->token[head];
		q->token[head] = NULL;
		uint16_t i = head, n = 1;
		uint64_t room = q->desc[i].flags & VIRTQ_DESC_F_WRITE ? q->desc[i].len : 0;
		while (q->desc[i].flags & VIRTQ_DESC_F_NEXT) {
			i = q->desc[i].next;
			n++;
			room += q->desc[i].flags & VIRTQ_DESC_F_WRITE ? q->desc[i].len : 0;
		}
		if (len > room) {
			bogus(q, "more than the request's room", id, len);
			len = 0;
		}
		q->desc[i].next = q->free_head;
		q->free_head = head;
		q->nfree = (uint16_t)(q->nfree + n);
		mutex_unlock(&q->lock);
		if (q->done)
			q->done(q, token, len);
	}
}

/* service drains q with its interrupts suppressed, then enables them and looks once more. */
static void service(struct virtq *q)
{
	for (;;) {
		q->avail->flags = VIRTQ_AVAIL_F_NO_INTERRUPT;
		drain(q);
		q->avail->flags = 0;
		dma_mb();               /* interrupts on before the last look */
		if (q->used->idx == q->last_used)
			return;
	}
}

/* The lines served, each by one goroutine. */
struct line {
	int irq;
	struct vdev *devs;      /* through next_on_line; new ones are pushed, atomically */
};
static struct line lines[16];
static int nlines;

static void line_loop(void *arg)
{
	struct line *l = arg;
	for (;;) {
		for (struct vdev *d = __atomic_load_n(&l->devs, __ATOMIC_ACQUIRE); d; d = d->next_on_line) {
			T(d, isr, d);   /* acknowledge first: what comes after raises the line again */
			for (int i = 0; i < d->nvq; i++)
				service(d->vqs[i]);
		}
		if (l->irq >= 0)
			goro_intr_wait(l->irq);
		else
			gosleep(1000000);       /* no line the machine can take: look every millisecond */
	}
}

void virtio_ready(struct vdev *d)
{
	T(d, set_status, d, VIRTIO_ACKNOWLEDGE | VIRTIO_DRIVER | VIRTIO_FEATURES_OK | VIRTIO_DRIVER_OK);
	mutex_lock(&probelock);
	struct line *l = NULL;
	for (int i = 0; i < nlines; i++)
		if (lines[i].irq == d->irq)
			l = &lines[i];
	int start = 0;
	if (!l && nlines < (int)nelem(lines)) {
		l = &lines[nlines++];
		l->irq = d->irq;
		start = 1;
	}
	if (l) {
		d->next_on_line = l->devs;
		__atomic_store_n(&l->devs, d, __ATOMIC_RELEASE);
	}
	mutex_unlock(&probelock);
	if (start)
		go(line_loop, l);
}
