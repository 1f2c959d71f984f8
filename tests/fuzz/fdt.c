/*
 * fdt.c - fuzz target: the device tree's index (plat/virt/fdt.c) and
 * the virtio-mmio scan over it (plat/virt/devices.c), with every query
 * ARM virt's boot makes of a tree.
 *
 * The input is a DTB as a loader leaves it in RAM. The target accepts
 * it as boot/arm/dtb.c's find_dtb does (a good header whose totalsize
 * fits the room there is, here the input's length) and copies it to a
 * buffer of exactly that size, so the sanitizer sees a read past the
 * blob. It indexes it (fdt_scan, as arm_boot does) and runs the boot's
 * one pass over the index (board_read, the real one): its nodes must be
 * nodes of the index (the PL011 and the GIC enabled, with their reg
 * ranges), its RAM ranges non-empty, its bootargs end inside the blob.
 * Then what is asked of the tree later: the virtio-mmio transports and
 * their interrupts (virt_devices_scan, the real one), and every general
 * query (fdt.h) on the nodes board_read found and on the rest, as
 * smp.c, timer.c, pl011.c and psci.c read the board's nodes (they touch
 * the hardware, so their reads are repeated here). Every node of the
 * index must be a child of an earlier one, and every property value
 * must lie inside the blob.
 *
 * FUZZ_BUILD: -Iplat/virt
 */
#include "../../plat/virt/fdt.c"
#include "../../plat/virt/board.c"
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
		int parent = fdt_nodes[node].parent;
		FUZZ_CHECK(node == 0 ? parent == -1 : parent >= 0 && parent < node,
			   "node %d's parent is %d", node, parent);
		in_blob(fdt_nodes[node].name, (long)strnlen(fdt_nodes[node].name, blobsize) + 1, "a node's name");
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
		FUZZ_CHECK(node > parent && fdt_nodes[node].parent == parent, "child %d of %d", node, parent);
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
	if (fdt_totalsize(b) == 0 || fdt_totalsize(b) > size) {
		free(b);
		return 0;
	}
	blobsize = fdt_totalsize(b);

	/* arm_boot: the index, and the boot's facts from it (RAM, the command line, the devices' nodes). */
	int n = fdt_scan(b);
	FUZZ_CHECK(n >= 0, "fdt_scan of a checked blob: %d", n);
	every_node(n);
	board_read();
	FUZZ_CHECK(board.nmem >= 0 && board.nmem <= BOOT_MAXMEM, "board.nmem %d", board.nmem);
	for (int i = 0; i < board.nmem; i++)
		FUZZ_CHECK(board.mem[i].size != 0, "an empty RAM range");
	const char *args = board.bootargs;
	if (args)
		in_blob(args, (long)strnlen(args, blobsize - (size_t)((const uint8_t *)args - b)) + 1, "bootargs");
	const int named[] = { board.chosen, board.cpus, board.psci, board.timer };
	for (unsigned i = 0; i < nelem(named); i++)
		FUZZ_CHECK(named[i] == -1 || (named[i] > 0 && named[i] < n && fdt_nodes[named[i]].parent == 0),
			   "board node %d is no child of the root", named[i]);
	FUZZ_CHECK(board.chosen == fdt_path("/chosen") && board.cpus == fdt_path("/cpus") &&
		   board.psci == fdt_path("/psci") && board.timer == fdt_path("/timer"),
		   "board_read's named nodes are fdt_path's");
	FUZZ_CHECK(board.uart == -1 || (board.uart > 0 && board.uart < n && fdt_enabled(board.uart) &&
					 fdt_compatible(board.uart, "arm,pl011")), "board.uart %d", board.uart);
	FUZZ_CHECK(board.gic == -1 || (board.gic > 0 && board.gic < n && fdt_enabled(board.gic) &&
					fdt_regs(board.gic, (struct fdt_range[2]){ 0 }, 2) == 2), "board.gic %d", board.gic);

	/* virt_devices_scan, as the first machine_virtio_mmio calls it (once: it keeps what it found). */
	nmmio = 0;
	virt_devices_scan();
	struct mmio_device d[MAXMMIO];
	FUZZ_CHECK(machine_virtio_mmio(d, MAXMMIO) == nmmio && nmmio <= MAXMMIO, "%d transports", nmmio);
	for (int i = 0; i < nmmio; i++)
		FUZZ_CHECK(d[i].irq >= GIC_SPI_BASE && d[i].irq < 1020, "transport %d: line %d is no SPI", i,
			   d[i].irq);

	/* The general queries by compatible string. */
	static const char *const compat[] = {
		"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a7-gic", "arm,cortex-a9-gic",
		"arm,pl011", "virtio,mmio",
	};
	for (unsigned i = 0; i < nelem(compat); i++) {
		int node = fdt_find_compatible(compat[i], -1);
		FUZZ_CHECK(node == -1 || (node > 0 && node < n && fdt_enabled(node)), "compatible node %d", node);
		struct fdt_range r[2];
		int m = fdt_regs(node, r, 2);
		FUZZ_CHECK(m >= -1 && m <= 2, "fdt_regs %d", m);
		uint32_t len;
		const uint8_t *irq = fdt_prop(node, FDT_INTERRUPTS, &len);
		if (irq)
			in_blob(irq, len, "interrupts");
	}

	/* pl011.c, psci.c, smp.c, timer.c: what they read of the board's nodes. */
	uint32_t len;
	const uint8_t *irq = fdt_prop(board.uart, FDT_INTERRUPTS, &len);
	if (irq)
		in_blob(irq, len, "the PL011's interrupts");
	FUZZ_CHECK(board.psci_standard == (fdt_compatible(board.psci, "arm,psci-0.2") ||
					   fdt_compatible(board.psci, "arm,psci-1.0")),
		   "board.psci_standard %d", board.psci_standard);
	fdt_prop_is(board.psci, FDT_METHOD, "smc");
	fdt_prop_u32(board.psci, FDT_CPU_ON, 0);
	fdt_prop_u32(board.cpus, FDT_ADDRESS_CELLS, 1);
	if (board.cpus >= 0)
		children(board.cpus);
	fdt_prop(board.timer, FDT_INTERRUPTS, NULL);
	fdt_prop_u32(board.timer, FDT_CLOCK_FREQUENCY, 0);
	if (n > 0)
		children(0);
	FUZZ_CHECK(fdt_path("/") == (n > 0 ? 0 : -1), "the root");
	fdt_path("/memory@40000000/x");
	fdt_path("memory");
	free(b);
	return 0;
}
