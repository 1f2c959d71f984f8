/*
 * devices.c - what QEMU's virt tells drivers about its devices
 * (include/machine.h, "Device registers, DMA memory and buses"): the
 * device tree's virtio-mmio transports. virt's PCI host bridge is not
 * used: configuration space reads as "no device".
 */
#include <stdint.h>
#include "platform.h"
#include "fdt.h"
#include "intr.h"
#include "machine.h"

#define MAXMMIO 64
#define GIC_MAX_SPIS (1020 - GIC_SPI_BASE)      /* the architecture's SPIs: ids 32-1019 */

static struct mmio_device mmio[MAXMMIO];
static uint8_t edge[MAXMMIO];
static int nmmio;
static int scanned;

/*
 * virt_devices_scan records the enabled "virtio,mmio" nodes of the
 * device tree's index (fdt.h): their first reg range and their SPI (a
 * node whose interrupt is no SPI a GIC can have is skipped, as one
 * without an SPI or a reg is). Once, at the first machine_virtio_mmio:
 * most appliances use no virtio device, and need not translate this
 * under an emulator. It has no stack check: the caller made room for
 * it (include/machine.h).
 */
void virt_devices_scan(void)
{
	scanned = 1;
	for (int node = -1; nmmio < MAXMMIO && (node = fdt_find_compatible("virtio,mmio", node)) >= 0;) {
		struct fdt_range reg;
		uint32_t len;
		const uint8_t *irq = fdt_prop(node, FDT_INTERRUPTS, &len);
		if (fdt_regs(node, &reg, 1) < 1 || !irq || len < 12 || fdt_be32(irq) != DT_IRQ_SPI ||
		    fdt_be32(irq + 4) >= GIC_MAX_SPIS)
			continue;
		struct mmio_device *d = &mmio[nmmio];
		d->base = reg.base;
		d->size = reg.size;
		d->irq = GIC_SPI_BASE + (int)fdt_be32(irq + 4);
		edge[nmmio] = (fdt_be32(irq + 8) & 0xf) == DT_IRQ_EDGE_RISING;
		nmmio++;
	}
	/* QEMU lists them from the highest address down; drivers find the lowest first, as Linux does. */
	for (int i = 0; i < nmmio; i++)
		for (int j = i + 1; j < nmmio; j++)
			if (mmio[j].base < mmio[i].base) {
				struct mmio_device t = mmio[i];
				uint8_t e = edge[i];
				mmio[i] = mmio[j], edge[i] = edge[j];
				mmio[j] = t, edge[j] = e;
			}
}

int machine_virtio_mmio(struct mmio_device *d, int max)
{
	static int told;
	if (!scanned)
		virt_devices_scan();
	if (!told) {
		for (int i = 0; i < nmmio; i++)
			intr_trigger(mmio[i].irq, edge[i]);
		told = 1;
	}
	for (int i = 0; i < nmmio && i < max; i++)
		d[i] = mmio[i];
	return nmmio;
}

uint32_t pci_read32(unsigned bus, unsigned dev, unsigned fn, unsigned off)
{
	(void)bus, (void)dev, (void)fn, (void)off;
	return 0xffffffffu;
}

void pci_write32(unsigned bus, unsigned dev, unsigned fn, unsigned off, uint32_t v)
{
	(void)bus, (void)dev, (void)fn, (void)off, (void)v;
}
