/*
 * devices.c - what the PC tells drivers about its devices
 * (include/machine.h, "Device registers, DMA memory and buses"): PCI
 * configuration space through the legacy ports, and the virtio-mmio
 * transports QEMU's microvm names on the command line.
 */
#include <stdint.h>
#include "bootinfo.h"
#include "io.h"
#include "machine.h"
#include "pc.h"

#define PCI_CONFIG_ADDRESS      0xcf8
#define PCI_CONFIG_DATA         0xcfc

/* The address port and the data port are one access together: two CPUs must not interleave. */
static struct spinlock pcilock;

static uint32_t pci_address(unsigned bus, unsigned dev, unsigned fn, unsigned off)
{
	return 0x80000000u | (bus & 0xff) << 16 | (dev & 0x1f) << 11 | (fn & 7) << 8 | (off & 0xfc);
}

uint32_t pci_read32(unsigned bus, unsigned dev, unsigned fn, unsigned off)
{
	spin_lock(&pcilock);
	outl(PCI_CONFIG_ADDRESS, pci_address(bus, dev, fn, off));
	uint32_t v = inl(PCI_CONFIG_DATA);
	spin_unlock(&pcilock);
	return v;
}

void pci_write32(unsigned bus, unsigned dev, unsigned fn, unsigned off, uint32_t v)
{
	spin_lock(&pcilock);
	outl(PCI_CONFIG_ADDRESS, pci_address(bus, dev, fn, off));
	outl(PCI_CONFIG_DATA, v);
	spin_unlock(&pcilock);
}

/*
 * microvm's virtio-mmio transports. With ACPI off, QEMU appends a word
 * virtio_mmio.device=SIZE@ADDR:IRQ (Linux's syntax: SIZE in bytes, or
 * with K or M; ADDR in hex) to the command line for each transport
 * that has a device. They are not runtime options, and QEMU puts them
 * after the appliance's own arguments: pc_devices_cmdline takes them
 * out of the command line wherever they are, at boot.
 */
#define MAXMMIO 32
static struct mmio_device mmio[MAXMMIO];
static int nmmio;

static const char prefix[] = "virtio_mmio.device=";

static uint64_t number(const char **s, int base)
{
	uint64_t v = 0;
	const char *p = *s;
	if (base == 16 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	for (;; p++) {
		int d;
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			break;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*s = p;
	return v;
}

/* parse reads SIZE@ADDR:IRQ at s (ending at a space or NUL) into d; 0 if it is not that. */
static int parse(const char *s, struct mmio_device *d)
{
	d->size = number(&s, 10);
	if (*s == 'K' || *s == 'k')
		d->size <<= 10, s++;
	else if (*s == 'M' || *s == 'm')
		d->size <<= 20, s++;
	if (*s++ != '@')
		return 0;
	d->base = number(&s, 16);
	if (*s++ != ':')
		return 0;
	d->irq = (int)number(&s, 10);
	return (*s == 0 || *s == ' ') && d->size > 0;
}

void pc_devices_cmdline(struct bootinfo *bi)
{
	char *c = bi->cmdline;
	size_t len = 0;
	while (c[len])
		len++;
	for (size_t i = 0; i < len;) {
		if (c[i] == ' ') {
			i++;
			continue;
		}
		size_t j = i;
		while (j < len && c[j] != ' ')
			j++;
		size_t k = 0;
		while (k < sizeof prefix - 1 && i + k < j && c[i + k] == prefix[k])
			k++;
		if (k < sizeof prefix - 1) {
			i = j;
			continue;
		}
		struct mmio_device d;
		if (parse(c + i + k, &d) && nmmio < MAXMMIO)
			mmio[nmmio++] = d;
		/* Take the word out, and the space before it (or after it, at the start). */
		size_t from = i > 0 ? i - 1 : i, to = i > 0 ? j : (j < len ? j + 1 : j);
		for (size_t m = 0; to + m <= len; m++)
			c[from + m] = c[to + m];
		len -= to - from;
		bi->cmdlinelen -= to - from;
		i = from;
	}
}

int machine_virtio_mmio(struct mmio_device *d, int max)
{
	for (int i = 0; i < nmmio && i < max; i++)
		d[i] = mmio[i];
	return nmmio;
}
