/*
 * virtio.c - fuzz target: the split virtqueue as the driver reads it
 * (drivers/virtio/virtio.c: virtq_setup, virtq_add, and the used ring's
 * drain on the line's goroutine), against a device that writes what it
 * likes into the used ring.
 *
 * The input is a script. Its first byte sizes the queue (1 to 256
 * entries); then each step is the driver's or the device's:
 *   0  the driver adds a request of 1-3 buffers (lengths and which the
 *      device writes from the input), as net.c and rng.c do;
 *   1  an honest device completes the next request of the available
 *      ring, saying it wrote at most what it may;
 *   2  a rogue device writes a used entry of any id and length and
 *      moves used->idx past it;
 *   3  the interrupt: the line's goroutine services the queue (service,
 *      the real one), after the device has moved used->idx on (mostly a
 *      little, now and then by any amount).
 * The driver must never read or write outside its rings and arrays (the
 * sanitizers watch: the rings are one allocation of exactly the size
 * virtq_setup asks, the token array malloc's), and must hand its done
 * function only requests that are in flight, each once, with no more
 * bytes than the request's device-writable buffers hold. A bogus entry
 * is reported (kprintf) and ignored.
 */
#include "../../drivers/virtio/virtio.c"
#include "fuzz.h"

/* --- shims: the goroutine calls are nothing here, there is one "goroutine" --- */
void mutex_lock(mutex *m) { (void)m; }
void mutex_unlock(mutex *m) { (void)m; }
void gosleep(int64_t ns) { (void)ns; }
void go(void (*fn)(void *), void *arg) { (void)fn, (void)arg; }
void goro_intr_wait(int irq) { (void)irq; }

/* DMA memory: exactly as big as asked (the sanitizer sees an overrun of the rings). */
void *dma_alloc(size_t size, uint64_t *pa)
{
	void *p = aligned_alloc(64, (size + 63) & ~(size_t)63);
	memset(p, 0, size);
	*pa = (uint64_t)(uintptr_t)p;
	return p;
}

void dma_free(void *p, size_t size)
{
	(void)size;
	free(p);
}

static uint32_t notified;

#define TRANSPORT(t) \
	void t##_probe(void) {} \
	uint8_t t##_status(struct vdev *d) { (void)d; return 0; } \
	void t##_set_status(struct vdev *d, uint8_t s) { (void)d, (void)s; } \
	uint64_t t##_features(struct vdev *d) { (void)d; return ~0ull; } \
	void t##_set_features(struct vdev *d, uint64_t f) { (void)d, (void)f; } \
	int t##_queue(struct vdev *d, int index, int max, uint64_t desc, uint64_t avail, \
		      uint64_t used, volatile void **notify) \
	{ (void)d, (void)index, (void)desc, (void)avail, (void)used; *notify = &notified; return max; } \
	uint32_t t##_isr(struct vdev *d) { (void)d; return 1; } \
	uint32_t t##_config(struct vdev *d, unsigned off, int n) { (void)d, (void)off, (void)n; return 0; }
TRANSPORT(vpci)
TRANSPORT(vmmio)

/* --- the requests the driver has in flight ------------------------------------ */

enum { MAXREQ = 1024 };
static struct req {
	int inflight;
	uint32_t room;          /* the bytes of its device-writable buffers */
} reqs[MAXREQ];
static int nreq;

static void done(struct virtq *q, void *token, uint32_t written)
{
	(void)q;
	uintptr_t k = (uintptr_t)token;
	FUZZ_CHECK(k >= 1 && k <= (uintptr_t)nreq, "done with token %#lx, no request's", (unsigned long)k);
	struct req *r = &reqs[k - 1];
	FUZZ_CHECK(r->inflight, "request %lu done twice", (unsigned long)k);
	FUZZ_CHECK(written <= r->room, "request %lu: %u bytes written into %u of room", (unsigned long)k,
		   written, r->room);
	r->inflight = 0;
}

/* The script's bytes, read past the end as zeros. */
static const uint8_t *in, *inend;
static unsigned byte(void) { return in < inend ? *in++ : 0; }
static unsigned u16(void) { unsigned v = byte(); return v | byte() << 8; }
static uint32_t u32(void) { uint32_t v = u16(); return v | (uint32_t)u16() << 16; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	in = data, inend = data + size;
	struct vdev dev = { .transport = VIRTIO_MMIO, .irq = -1, .where = "mmio fuzz" };
	int max = 1 + (int)byte() % 256;
	struct virtq *q = virtq_setup(&dev, 0, max, done, NULL);
	FUZZ_CHECK(q && q->size == max, "virtq_setup");
	nreq = 0;
	uint16_t dev_avail = 0;         /* the device's place in the available ring */
	while (in < inend) {
		switch (byte() % 4) {
		case 0: {
			struct vbuf b[3];
			int nb = 1 + (int)byte() % 3;
			uint32_t room = 0;
			for (int i = 0; i < nb; i++) {
				unsigned f = byte();
				b[i] = (struct vbuf){ 0x1000 * (uint64_t)i, f & 1 ? u16() : 1u << (f % 17), f >> 7 };
				room += b[i].write ? b[i].len : 0;
			}
			if (nreq == MAXREQ)
				break;
			reqs[nreq] = (struct req){ 1, room };
			if (virtq_add(q, b, nb, (void *)(uintptr_t)(nreq + 1)) == 0)
				nreq++;
			FUZZ_CHECK(q->nfree <= q->size, "%u free of %u", q->nfree, q->size);
			break;
		}
		case 1: {
			if (dev_avail == q->avail->idx)
				break;
			uint16_t head = q->avail->ring[dev_avail++ % q->size];
			uint32_t room = 0;
			for (uint16_t i = head;; i = q->desc[i].next) {
				room += q->desc[i].flags & VIRTQ_DESC_F_WRITE ? q->desc[i].len : 0;
				if (!(q->desc[i].flags & VIRTQ_DESC_F_NEXT))
					break;
			}
			uint32_t len = room ? u32() % (room + 1) : 0;
			q->used->ring[q->used->idx % q->size] = (struct virtq_used_elem){ head, len };
			q->used->idx++;
			break;
		}
		case 2: {
			uint32_t id = byte() & 0x80 ? u32() : byte() % (q->size + 1u);
			uint32_t len = u32();
			q->used->ring[q->used->idx % q->size] = (struct virtq_used_elem){ id, len };
			q->used->idx++;
			break;
		}
		case 3: {
			/* Mostly a small jump; now and then any, up to a whole wrap of the index. */
			unsigned j = byte();
			q->used->idx = (uint16_t)(q->used->idx + (j == 0xff ? u16() : j & 0x3f));
			service(q);
			FUZZ_CHECK(q->last_used == q->used->idx, "service left entries");
			FUZZ_CHECK(q->nfree <= q->size, "%u free of %u", q->nfree, q->size);
			break;
		}
		}
	}
	service(q);
	/* Take the queue down: virtq_setup's allocations, as the sanitizer sees them. */
	size_t descsz = 16u * (size_t)max, availsz = 6 + 2u * (size_t)max;
	size_t usedoff = (descsz + availsz + PageSize - 1) & ~(size_t)(PageSize - 1);
	dma_free((void *)q->desc, usedoff + 6 + 8u * (size_t)max);
	free(q->token);
	free(q);
	return 0;
}
