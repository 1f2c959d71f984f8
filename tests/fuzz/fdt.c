/*
 * fdt.c - fuzz target: the device tree reader (plat/virt/fdt.c) and
 * the virtio-mmio scan over it (plat/virt/devices.c), with every query
 * ARM virt's boot makes of a tree.
 *
 * The input is a DTB as a loader leaves it in RAM. The target accepts
 * it as boot/arm/dtb.c's find_dtb does (a good header whose totalsize
 * fits the room there is, here the input's length) and copies it to a
 * buffer of exactly that size, so the sanitizer sees a read past the
 * blob. Then the queries of each boot step: RAM from /memory
 * (arm_boot), /chosen/bootargs, which must end inside the blob, the
 * virtio-mmio transports and their interrupts (virt_devices_scan, the
 * real one), the GIC's and the PL011's registers, the PSCI node, the
 * CPUs under /cpus, the timer's interrupts (smp.c, timer.c, gic.c,
 * pl011.c, psci.c ask these; they touch the hardware, so their queries
 * are repeated here, each as that file makes it).
 *
 * FUZZ_BUILD: -Iplat/virt
 */
#include "../../plat/virt/fdt.c"
#include "../../plat/virt/devices.c"
#include "fuzz.h"

/* kernel/main.c's: machine_virtio_mmio would scan its tree; the target scans the blob first. */
struct bootinfo *bootinfo;

/* intr_trigger: devices.c hands the GIC each transport's line, which must be an SPI it has. */
void intr_trigger(int irq, int edge)
{
	FUZZ_CHECK(irq >= GIC_SPI_BASE && irq < 1020, "virtio-mmio line %d is no SPI", irq);
	FUZZ_CHECK(edge == 0 || edge == 1, "trigger %d", edge);
}

static const uint8_t *blob;
static size_t blobsize;

static void in_blob(const void *p, long len, const char *what)
{
	const uint8_t *b = p;
	FUZZ_CHECK(b >= blob && len >= 0 && (size_t)len <= blobsize - (size_t)(b - blob),
		   "%s: %ld bytes at offset %ld, outside the %zu-byte blob", what, len, (long)(b - blob),
		   blobsize);
}

/* prop: fdt_getprop as the callers use it; the value must lie inside the blob. */
static const uint8_t *prop(int node, const char *name, int *len)
{
	const uint8_t *p = fdt_getprop(blob, node, name, len);
	if (p)
		in_blob(p, *len, name);
	return p;
}

static void children(int parent)
{
	int n = 0;
	for (int node = fdt_next_subnode(blob, parent, -1); node >= 0;
	     node = fdt_next_subnode(blob, parent, node)) {
		FUZZ_CHECK(node > parent && (size_t)node < blobsize, "child %d of %d", node, parent);
		int len;
		prop(node, "reg", &len);
		prop(node, "interrupts", &len);
		fdt_prop_is(blob, node, "device_type", "cpu");
		fdt_prop_is(blob, node, "enable-method", "psci");
		fdt_node_compatible(blob, node, "arm,pl011");
		fdt_node_enabled(blob, node);
		FUZZ_CHECK(++n <= (int)blobsize / 8, "more children than the blob holds");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* find_dtb: 64 bytes of room at least, a good header, totalsize within the room. */
	if (size < 64)
		return 0;
	uint8_t *b = malloc(size);
	memcpy(b, data, size);
	blob = b, blobsize = size;
	if (fdt_check(b) != 0 || fdt_totalsize(b) > size) {
		free(b);
		return 0;
	}
	blobsize = fdt_totalsize(b);

	/* arm_boot: RAM and the command line. */
	struct fdt_range ram[64];
	int n = fdt_memory(b, ram, 64);
	FUZZ_CHECK(n >= -1 && n <= 64, "fdt_memory %d", n);
	const char *args = fdt_bootargs(b);
	if (args)
		in_blob(args, (long)strnlen(args, blobsize - (size_t)((const uint8_t *)args - b)) + 1, "bootargs");

	/* virt_devices_scan, as platform_map_devices calls it (once: it keeps what it found). */
	nmmio = 0;
	virt_devices_scan(b);
	struct mmio_device d[MAXMMIO];
	FUZZ_CHECK(machine_virtio_mmio(d, MAXMMIO) == nmmio && nmmio <= MAXMMIO, "%d transports", nmmio);
	for (int i = 0; i < nmmio; i++)
		FUZZ_CHECK(d[i].irq >= GIC_SPI_BASE && d[i].irq < 1020, "transport %d: line %d is no SPI", i,
			   d[i].irq);

	/* gic.c, mmu.c: registers by compatible string. */
	static const char *const compat[] = {
		"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a7-gic", "arm,cortex-a9-gic",
		"arm,pl011", "virtio,mmio",
	};
	for (unsigned i = 0; i < nelem(compat); i++) {
		struct fdt_range r[2];
		int k = fdt_find_compatible_regs(b, compat[i], r, 2);
		FUZZ_CHECK(k >= -1 && k <= 2, "fdt_find_compatible_regs %d", k);
		uint64_t base, sz;
		fdt_find_compatible_reg(b, compat[i], &base, &sz);
	}

	/* psci.c, smp.c, timer.c, pl011.c: named nodes and their children. */
	int len;
	int psci = fdt_path_offset(b, "/psci");
	fdt_node_compatible(b, psci, "arm,psci-0.2");
	fdt_prop_is(b, psci, "method", "smc");
	prop(psci, "cpu_on", &len);
	int cpus = fdt_path_offset(b, "/cpus");
	prop(cpus, "#address-cells", &len);
	if (cpus >= 0)
		children(cpus);
	int timer = fdt_path_offset(b, "/timer");
	prop(timer, "interrupts", &len);
	prop(timer, "clock-frequency", &len);
	int root = fdt_path_offset(b, "/");
	if (root >= 0)
		children(root);
	fdt_path_offset(b, "/chosen");
	fdt_path_offset(b, "/memory@40000000/x");
	free(b);
	return 0;
}
