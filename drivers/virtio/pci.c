/*
 * pci.c - the virtio-pci transport, modern (virtio 1.x, 4.1): the
 * device's vendor capabilities in configuration space point into its
 * memory BARs at the common configuration, the notification area, the
 * ISR status byte and the device's own configuration. Devices are found
 * by walking bus 0 (QEMU's pc and q35 put them there) for vendor 0x1af4:
 * device ids 0x1000-0x103f are transitional (the virtio id is the
 * subsystem id), 0x1040 + id modern-only. Interrupts are the legacy
 * INTx line the firmware routed (the Interrupt Line register: an ISA
 * IRQ through the 8259s), never MSI-X, which is left disabled.
 */
#include <stdio.h>
#include "machine.h"
#include "virtio.h"

enum {                          /* configuration space */
	PCI_ID = 0x00, PCI_COMMAND = 0x04, PCI_STATUS = 0x06, PCI_CLASS = 0x08, PCI_HEADER = 0x0c,
	PCI_BAR0 = 0x10, PCI_SUBSYS = 0x2c, PCI_CAP_PTR = 0x34, PCI_INTR = 0x3c,
};
#define CMD_MEMORY      (1u << 1)
#define CMD_MASTER      (1u << 2)
#define CMD_INTX_OFF    (1u << 10)
#define STATUS_CAPS     (1u << 4)
#define CAP_VENDOR      0x09

enum { CapCommon = 1, CapNotify = 2, CapISR = 3, CapDevice = 4 };

enum {                          /* struct virtio_pci_common_cfg */
	DFSelect = 0x00, DF = 0x04, GFSelect = 0x08, GF = 0x0c, MsixConfig = 0x10, NumQueues = 0x12,
	DeviceStatus = 0x14, ConfigGeneration = 0x15, QSelect = 0x16, QSize = 0x18, QMsix = 0x1a,
	QEnable = 0x1c, QNotifyOff = 0x1e, QDesc = 0x20, QDriver = 0x28, QDevice = 0x30,
};
#define NO_VECTOR       0xffff

static uint8_t cfg8(struct vdev *d, unsigned off)
{
	return (uint8_t)(pci_read32(d->bus, d->slot, d->fn, off & ~3u) >> 8 * (off & 3));
}

static uint32_t cfg32(struct vdev *d, unsigned off)
{
	return pci_read32(d->bus, d->slot, d->fn, off);
}

/* bar returns BAR i's memory address, or 0 for an I/O or unassigned BAR. */
static uint64_t bar(struct vdev *d, int i)
{
	if (i < 0 || i > 5)
		return 0;
	uint32_t lo = cfg32(d, PCI_BAR0 + 4 * (unsigned)i);
	if (lo & 1)
		return 0;
	uint64_t a = lo & ~0xfu;
	if ((lo & 6) == 4 && i < 5)
		a |= (uint64_t)cfg32(d, PCI_BAR0 + 4 * (unsigned)(i + 1)) << 32;
	return a;
}

/* caps maps the structures the vendor capabilities name; 0 if one it needs is missing. */
static int caps(struct vdev *d)
{
	if (!(pci_read32(d->bus, d->slot, d->fn, PCI_COMMAND) >> 16 & STATUS_CAPS))
		return 0;
	unsigned p = cfg8(d, PCI_CAP_PTR) & ~3u;
	for (int n = 0; p && n < 48; n++, p = cfg8(d, p + 1) & ~3u) {
		if (cfg8(d, p) != CAP_VENDOR)
			continue;
		int type = cfg8(d, p + 3);
		uint64_t base = bar(d, cfg8(d, p + 4));
		uint32_t off = cfg32(d, p + 8), len = cfg32(d, p + 12);
		if (!base || !len || type < CapCommon || type > CapDevice)
			continue;
		volatile uint8_t **where = type == CapCommon ? &d->common : type == CapNotify ? &d->notify :
					   type == CapISR ? &d->isr : &d->devcfg;
		if (*where)
			continue;       /* the first of each type is the one to use */
		*where = dev_map(base + off, len);
		if (type == CapNotify)
			d->notify_mult = cfg32(d, p + 16);
	}
	return d->common && d->notify && d->isr;
}

void vpci_probe(void)
{
	static struct vdev devs[32];
	int ndev = 0;
	for (unsigned slot = 0; slot < 32 && ndev < 32; slot++) {
		for (unsigned fn = 0; fn < 8 && ndev < 32; fn++) {
			uint32_t id = pci_read32(0, slot, fn, PCI_ID);
			if (id == 0xffffffffu || (id & 0xffff) == 0xffff) {
				if (fn == 0)
					break;
				continue;
			}
			int multi = fn == 0 && (pci_read32(0, slot, 0, PCI_HEADER) >> 16 & 0x80);
			uint32_t dev = id >> 16;
			if ((id & 0xffff) == 0x1af4 && dev >= 0x1000 && dev <= 0x107f) {
				struct vdev *d = &devs[ndev];
				d->transport = VIRTIO_PCI;
				d->bus = 0, d->slot = slot, d->fn = fn;
				d->id = dev >= 0x1040 ? dev - 0x1040 : pci_read32(0, slot, fn, PCI_SUBSYS) >> 16;
				/* Memory decoding and bus mastering on (the device reads and writes RAM), INTx allowed. */
				uint32_t cmd = pci_read32(0, slot, fn, PCI_COMMAND);
				pci_write32(0, slot, fn, PCI_COMMAND,
					    (cmd & 0xffff & ~CMD_INTX_OFF) | CMD_MEMORY | CMD_MASTER);
				if (caps(d)) {
					int line = (int)(pci_read32(0, slot, fn, PCI_INTR) & 0xff);
					d->irq = line > 0 && line < 16 && line != 2 ? line : -1;
					snprintf(d->where, sizeof d->where, "pci 0:%u.%u irq %d", slot, fn, d->irq);
					virtio_add(d);
					ndev++;
				}
			}
			if (fn == 0 && !multi)
				break;
		}
	}
}

uint8_t vpci_status(struct vdev *d)
{
	return mmio_read8(d->common + DeviceStatus);
}

void vpci_set_status(struct vdev *d, uint8_t s)
{
	mmio_write8(d->common + DeviceStatus, s);
}

uint64_t vpci_features(struct vdev *d)
{
	mmio_write32(d->common + DFSelect, 0);
	uint64_t lo = mmio_read32(d->common + DF);
	mmio_write32(d->common + DFSelect, 1);
	return lo | (uint64_t)mmio_read32(d->common + DF) << 32;
}

void vpci_set_features(struct vdev *d, uint64_t f)
{
	mmio_write32(d->common + GFSelect, 0);
	mmio_write32(d->common + GF, (uint32_t)f);
	mmio_write32(d->common + GFSelect, 1);
	mmio_write32(d->common + GF, (uint32_t)(f >> 32));
}

static void write64(volatile uint8_t *p, uint64_t v)
{
	mmio_write32(p, (uint32_t)v);
	mmio_write32(p + 4, (uint32_t)(v >> 32));
}

int vpci_queue(struct vdev *d, int index, int max, uint64_t desc, uint64_t avail, uint64_t used,
	       volatile void **notify)
{
	mmio_write16(d->common + MsixConfig, NO_VECTOR);
	if (index >= mmio_read16(d->common + NumQueues))
		return 0;
	mmio_write16(d->common + QSelect, (uint16_t)index);
	int n = mmio_read16(d->common + QSize);
	if (n == 0 || mmio_read16(d->common + QEnable))
		return 0;
	if (n > max)
		n = max;
	mmio_write16(d->common + QSize, (uint16_t)n);
	mmio_write16(d->common + QMsix, NO_VECTOR);
	write64(d->common + QDesc, desc);
	write64(d->common + QDriver, avail);
	write64(d->common + QDevice, used);
	*notify = d->notify + (uint32_t)mmio_read16(d->common + QNotifyOff) * d->notify_mult;
	mmio_write16(d->common + QEnable, 1);
	return n;
}

uint32_t vpci_isr(struct vdev *d)
{
	return mmio_read8(d->isr);      /* reading clears it, and lowers the line */
}

uint32_t vpci_config(struct vdev *d, unsigned off, int n)
{
	if (!d->devcfg)
		return 0;
	volatile uint8_t *p = d->devcfg + off;
	return n == 1 ? mmio_read8(p) : n == 2 ? mmio_read16(p) : mmio_read32(p);
}
