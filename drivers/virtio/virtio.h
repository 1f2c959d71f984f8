/*
 * virtio.h - virtio 1.x devices over two transports, virtio-pci (modern)
 * and virtio-mmio (version 2), and split virtqueues (docs/virtio.md).
 *
 * Drivers run on goroutines. A device is found once (virtio_find),
 * negotiated (virtio_begin: VIRTIO_F_VERSION_1 is required), given its
 * queues (virtq_setup) and started (virtio_ready), which hands it to
 * the goroutine that waits for its interrupt line and drains its used
 * rings, calling each queue's done function per finished request.
 */
#ifndef GORO_VIRTIO_H
#define GORO_VIRTIO_H

#include <stddef.h>
#include <stdint.h>
#include "goro.h"

enum { VIRTIO_ID_NET = 1, VIRTIO_ID_RNG = 4 };

#define VIRTIO_F_VERSION_1      32

enum {                                  /* device status */
	VIRTIO_ACKNOWLEDGE = 1,
	VIRTIO_DRIVER = 2,
	VIRTIO_DRIVER_OK = 4,
	VIRTIO_FEATURES_OK = 8,
	VIRTIO_FAILED = 128,
};

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};
#define VIRTQ_DESC_F_NEXT       1
#define VIRTQ_DESC_F_WRITE      2

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
};
#define VIRTQ_AVAIL_F_NO_INTERRUPT      1

struct virtq_used_elem {
	uint32_t id;
	uint32_t len;
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[];
};
#define VIRTQ_USED_F_NO_NOTIFY  1

struct vdev;
struct virtq;

/* done is called on the line's goroutine for each finished request: its token and the bytes the device wrote. */
typedef void virtq_done_fn(struct virtq *q, void *token, uint32_t written);

struct virtq {
	struct vdev *dev;
	int index;
	uint16_t size;
	volatile struct virtq_desc *desc;
	volatile struct virtq_avail *avail;
	volatile struct virtq_used *used;
	volatile void *notify;          /* where to write the queue's index to tell the device */
	mutex lock;                     /* the descriptors' free list and the avail ring */
	uint16_t free_head, nfree;
	uint16_t avail_idx;             /* our copy of avail->idx */
	uint16_t last_used;             /* the used entries taken so far */
	unsigned bogus;                 /* used entries the device got wrong (reported, ignored) */
	void **token;                   /* per head descriptor */
	virtq_done_fn *done;
	void *arg;                      /* the driver's */
};

enum { VIRTIO_PCI, VIRTIO_MMIO };

struct vdev {
	int transport;
	uint32_t id;
	int irq;                        /* its line, or -1: polled */
	char where[48];                 /* "pci 0:3.0" or "mmio 0xa003e00" */
	volatile uint8_t *regs;         /* mmio: the transport's registers */
	volatile uint8_t *common, *isr, *devcfg, *notify;       /* pci: the structures */
	uint32_t notify_mult;
	unsigned bus, slot, fn;
	struct virtq *vqs[4];
	int nvq;
	int claimed;
	struct vdev *next;              /* all devices found */
	struct vdev *next_on_line;      /* the devices the line's goroutine serves */
};

/* One buffer of a request: its physical address and length, and whether the device writes it. */
struct vbuf {
	uint64_t pa;
	uint32_t len;
	int write;
};

/* virtio_find claims the first device of type id not claimed yet, or returns NULL. */
struct vdev *virtio_find(uint32_t id);
/*
 * virtio_begin resets d, acknowledges it and negotiates: offers the
 * features in want (VIRTIO_F_VERSION_1 always) that the device has, and
 * returns those, or 0 if the device lacks version 1 or refuses them.
 */
uint64_t virtio_begin(struct vdev *d, uint64_t want);
/* virtq_setup gives d its queue index with at most max entries; NULL if the device has none. */
struct virtq *virtq_setup(struct vdev *d, int index, int max, virtq_done_fn *done, void *arg);
/* virtio_ready sets DRIVER_OK and starts serving d's interrupts. */
void virtio_ready(struct vdev *d);
/* virtio_fail tells d the driver gave up on it. */
void virtio_fail(struct vdev *d);
/* virtio_config reads n bytes (1, 2 or 4) of the device's configuration at off. */
uint32_t virtio_config(struct vdev *d, unsigned off, int n);
/*
 * virtq_add puts one request of nb buffers (the device-readable ones
 * first) on q and tells the device; returns -1 if q has too few free
 * descriptors now.
 */
int virtq_add(struct virtq *q, const struct vbuf *b, int nb, void *token);

/* The transports (pci.c, mmio.c): probe finds their devices and gives each to virtio_add. */
void virtio_add(struct vdev *d);
#define VIRTIO_TRANSPORT(t) \
	void t##_probe(void); \
	uint8_t t##_status(struct vdev *d); \
	void t##_set_status(struct vdev *d, uint8_t s); \
	uint64_t t##_features(struct vdev *d); \
	void t##_set_features(struct vdev *d, uint64_t f); \
	int t##_queue(struct vdev *d, int index, int max, uint64_t desc, uint64_t avail, \
		      uint64_t used, volatile void **notify); \
	uint32_t t##_isr(struct vdev *d); \
	uint32_t t##_config(struct vdev *d, unsigned off, int n);
VIRTIO_TRANSPORT(vpci)
VIRTIO_TRANSPORT(vmmio)

#endif
