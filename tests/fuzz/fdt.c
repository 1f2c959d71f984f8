/*
 * fdt.c - fuzz target: the device tree's index (plat/virt/fdt.c) and
 * the virtio-mmio scan over it (plat/virt/devices.c), with every query
 * ARM virt's boot makes of a tree.
 *
 * The input is a DTB as a loader leaves it in RAM. The target accepts
 * it as boot/arm/dtb.c's find_dtb does (a good header whose totalsize
 * fits the room there is, here the input's length) and copies it to a
 * buffer of exactly that size, so the sanitizer sees a read past the
 * blob. It indexes it (fdt_scan, as arm_boot does), then asks what each
 * boot step asks: RAM from /memory (arm_boot), /chosen/bootargs, which
 * must end inside the blob, the virtio-mmio transports and their
 * interrupts (virt_devices_scan, the real one), the GIC's and the
 * PL011's registers, the PSCI node, the CPUs under /cpus, the timer's
 * interrupts (smp.c, timer.c, gic.c, pl011.c, psci.c ask these; they
 * touch the hardware, so their queries are repeated here, each as that
 * file makes it). Every node of the index must be a child of an earlier
 * one, and every property value must lie inside the blob.
 *
 * FUZZ_BUILD: -Iplat/virt
 */
#include "../../plat/virt/fdt.c"
#include "../../plat/virt/devices.c"
#include "fuzz.h"

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

/* every_node: the index's shape, and every property of every node inside the blob. */
static void every_node(int n)
{
	FUZZ_CHECK(n >= 0 && n <= FDT_MAXNODES, "fdt_scan indexed %d nodes", n);
	for (int node = 0; node < n; node++) {
		int parent = nodes[node].parent;
		FUZZ_CHECK(node == 0 ? parent == -1 : parent >= 0 && parent < node,
			   "node %d's parent is %d", node, parent);
		in_blob(nodes[node].name, (long)strnlen(nodes[node].name, blobsize) + 1, "a node's name");
		for (int p = 0; p < FDT_NPROPS; p++) {
			uint32_t len;
			const void *v = fdt_prop(node, p, &len);
			if (v)
				in_blob(v, len, propnames[p]);
		}
	}
	FUZZ_CHECK(fdt_prop(n, FDT_REG, NULL) == NULL && fdt_prop(-1, FDT_REG, NULL) == NULL,
		   "a property of no node");
}

/* children: what smp.c asks of each child of a node (the CPUs under /cpus). */
static void children(int parent)
{
	int n = 0;
	for (int node = fdt_child(parent, -1); node >= 0; node = fdt_child(parent, node)) {
		FUZZ_CHECK(node > parent && nodes[node].parent == parent, "child %d of %d", node, parent);
		struct fdt_range r[4];
		int k = fdt_regs(node, r, 4);
		FUZZ_CHECK(k >= -1 && k <= 4, "fdt_regs %d", k);
		fdt_prop_is(node, FDT_DEVICE_TYPE, "cpu");
		fdt_prop_is(node, FDT_ENABLE_METHOD, "psci");
		fdt_compatible(node, "arm,pl011");
		fdt_enabled(node);
		FUZZ_CHECK(++n <= FDT_MAXNODES, "more children than the index holds");
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

	/* arm_boot: the index, RAM and the command line. */
	int n = fdt_scan(b);
	FUZZ_CHECK(n >= 0, "fdt_scan of a checked blob: %d", n);
	every_node(n);
	struct fdt_range ram[64];
	int k = fdt_memory(ram, 64);
	FUZZ_CHECK(k >= 0 && k <= 64, "fdt_memory %d", k);
	for (int i = 0; i < k; i++)
		FUZZ_CHECK(ram[i].size != 0, "an empty RAM range");
	const char *args = fdt_bootargs();
	if (args)
		in_blob(args, (long)strnlen(args, blobsize - (size_t)((const uint8_t *)args - b)) + 1, "bootargs");

	/* virt_devices_scan, as the first machine_virtio_mmio calls it (once: it keeps what it found). */
	nmmio = 0;
	virt_devices_scan();
	struct mmio_device d[MAXMMIO];
	FUZZ_CHECK(machine_virtio_mmio(d, MAXMMIO) == nmmio && nmmio <= MAXMMIO, "%d transports", nmmio);
	for (int i = 0; i < nmmio; i++)
		FUZZ_CHECK(d[i].irq >= GIC_SPI_BASE && d[i].irq < 1020, "transport %d: line %d is no SPI", i,
			   d[i].irq);

	/* gic.c, mmu.c, pl011.c: registers by compatible string. */
	static const char *const compat[] = {
		"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a7-gic", "arm,cortex-a9-gic",
		"arm,pl011", "virtio,mmio",
	};
	for (unsigned i = 0; i < nelem(compat); i++) {
		struct fdt_range r[2];
		int m = fdt_find_compatible_regs(compat[i], r, 2);
		FUZZ_CHECK(m >= -1 && m <= 2, "fdt_find_compatible_regs %d", m);
		int node = fdt_find_compatible(compat[i], -1);
		FUZZ_CHECK(node == -1 || (node > 0 && node < n && fdt_enabled(node)), "compatible node %d", node);
		uint32_t len;
		const uint8_t *irq = fdt_prop(node, FDT_INTERRUPTS, &len);
		if (irq)
			in_blob(irq, len, "interrupts");
	}

	/* psci.c, smp.c, timer.c: named nodes and their children. */
	int psci = fdt_path("/psci");
	fdt_compatible(psci, "arm,psci-0.2");
	fdt_prop_is(psci, FDT_METHOD, "smc");
	fdt_prop_u32(psci, FDT_CPU_ON, 0);
	int cpus = fdt_path("/cpus");
	fdt_prop_u32(cpus, FDT_ADDRESS_CELLS, 1);
	if (cpus >= 0)
		children(cpus);
	int timer = fdt_path("/timer");
	fdt_prop(timer, FDT_INTERRUPTS, NULL);
	fdt_prop_u32(timer, FDT_CLOCK_FREQUENCY, 0);
	if (n > 0)
		children(0);
	FUZZ_CHECK(fdt_path("/") == (n > 0 ? 0 : -1), "the root");
	fdt_path("/chosen");
	fdt_path("/memory@40000000/x");
	fdt_path("memory");
	free(b);
	return 0;
}
