/*
 * mmio.c - the virtio-mmio transport, version 2 (virtio 1.x, 4.2): ARM
 * virt's transports from the device tree, microvm's from the command
 * line (machine_virtio_mmio). A transport with device id 0 has nothing
 * behind it; version 1 (legacy, QEMU's default unless told
 * virtio-mmio.force-legacy=false) is not driven.
 */
#include <stdio.h>
#include "machine.h"
#include "virtio.h"

enum {
	MagicValue = 0x000, Version = 0x004, DeviceID = 0x008,
	DeviceFeatures = 0x010, DeviceFeaturesSel = 0x014,
	DriverFeatures = 0x020, DriverFeaturesSel = 0x024,
	QueueSel = 0x030, QueueNumMax = 0x034, QueueNum = 0x038, QueueReady = 0x044,
	QueueNotify = 0x050, InterruptStatus = 0x060, InterruptACK = 0x064, Status = 0x070,
	QueueDescLow = 0x080, QueueDescHigh = 0x084, QueueDriverLow = 0x090, QueueDriverHigh = 0x094,
	QueueDeviceLow = 0x0a0, QueueDeviceHigh = 0x0a4, Config = 0x100,
};
#define MAGIC   0x74726976      /* "virt" */

static uint32_t rd(struct vdev *d, unsigned off)
{
	return mmio_read32(d->regs + off);
}

static void wr(struct vdev *d, unsigned off, uint32_t v)
{
	mmio_write32(d->regs + off, v);
}

void vmmio_probe(void)
{
	static struct mmio_device t[64];
	static struct vdev devs[64];
	goro_stackhold(4096);           /* the first call may read firmware tables (include/machine.h) */
	int n = machine_virtio_mmio(t, 64);
	goro_stackrelease();
	for (int i = 0; i < n && i < 64; i++) {
		volatile uint8_t *r = dev_map(t[i].base, t[i].size < 0x200 ? 0x200 : t[i].size);
		if (!r || mmio_read32(r + MagicValue) != MAGIC || mmio_read32(r + Version) != 2 ||
		    mmio_read32(r + DeviceID) == 0)
			continue;
		struct vdev *d = &devs[i];
		d->transport = VIRTIO_MMIO;
		d->regs = r;
		d->id = mmio_read32(r + DeviceID);
		d->irq = t[i].irq;
		snprintf(d->where, sizeof d->where, "mmio 0x%llx irq %d", (unsigned long long)t[i].base, d->irq);
		virtio_add(d);
	}
}

uint8_t vmmio_status(struct vdev *d)
{
	return (uint8_t)rd(d, Status);
}

void vmmio_set_status(struct vdev *d, uint8_t s)
{
	wr(d, Status, s);
}

uint64_t vmmio_features(struct vdev *d)
{
	wr(d, DeviceFeaturesSel, 0);
	uint64_t lo = rd(d, DeviceFeatures);
	wr(d, DeviceFeaturesSel, 1);
	return lo | (uint64_t)rd(d, DeviceFeatures) << 32;
}

void vmmio_set_features(struct vdev *d, uint64_t f)
{
	wr(d, DriverFeaturesSel, 0);
	wr(d, DriverFeatures, (uint32_t)f);
	wr(d, DriverFeaturesSel, 1);
	wr(d, DriverFeatures, (uint32_t)(f >> 32));
}

int vmmio_queue(struct vdev *d, int index, int max, uint64_t desc, uint64_t avail, uint64_t used,
		volatile void **notify)
{
	wr(d, QueueSel, (uint32_t)index);
	if (rd(d, QueueReady))
		return 0;
	int n = (int)rd(d, QueueNumMax);
	if (n == 0)
		return 0;
	if (n > max)
		n = max;
	wr(d, QueueNum, (uint32_t)n);
	wr(d, QueueDescLow, (uint32_t)desc);
	wr(d, QueueDescHigh, (uint32_t)(desc >> 32));
	wr(d, QueueDriverLow, (uint32_t)avail);
	wr(d, QueueDriverHigh, (uint32_t)(avail >> 32));
	wr(d, QueueDeviceLow, (uint32_t)used);
	wr(d, QueueDeviceHigh, (uint32_t)(used >> 32));
	wr(d, QueueReady, 1);
	*notify = d->regs + QueueNotify;
	return n;
}

uint32_t vmmio_isr(struct vdev *d)
{
	uint32_t s = rd(d, InterruptStatus);
	if (s)
		wr(d, InterruptACK, s);
	return s;
}

uint32_t vmmio_config(struct vdev *d, unsigned off, int n)
{
	volatile uint8_t *p = d->regs + Config + off;
	return n == 1 ? mmio_read8(p) : n == 2 ? mmio_read16(p) : mmio_read32(p);
}
