/*
 * fdt.c - unit tests of the device tree's index (plat/virt/fdt.c): what
 * fdt_scan keeps of a tree and what each query answers, and what the
 * boot's one pass over it (plat/virt/board.c) finds, on trees built
 * here token by token (the fuzz target, tests/fuzz/fdt.c, checks that
 * no blob makes it read outside itself; this checks the answers).
 *
 * The trees: QEMU virt's shape (devices under the root, /cpus, /psci,
 * /timer, /chosen, memory@...), a board's (devices under /soc with
 * cells of their own), and the edges: a disabled node, unit addresses
 * in paths, properties after a subnode, nodes deeper than the index,
 * more nodes than it holds, a bootargs without its NUL.
 */
#include "../../plat/virt/fdt.c"
#include "../../plat/virt/board.c"
#include "unit.h"

/* --- a DTB builder --------------------------------------------------------------- */

static uint8_t strct[64 * 1024], strs[4096], blob[80 * 1024];
static uint32_t nstrct, nstrs;

static void word(uint32_t v)
{
	strct[nstrct++] = (uint8_t)(v >> 24);
	strct[nstrct++] = (uint8_t)(v >> 16);
	strct[nstrct++] = (uint8_t)(v >> 8);
	strct[nstrct++] = (uint8_t)v;
}

static void begin(const char *name)
{
	word(FDT_BEGIN_NODE);
	size_t n = strlen(name) + 1;
	memcpy(strct + nstrct, name, n);
	nstrct += (uint32_t)n;
	while (nstrct & 3)
		strct[nstrct++] = 0;
}

static void end(void)
{
	word(FDT_END_NODE);
}

/* nameoff: the name's offset in the strings block, added once. */
static uint32_t nameoff(const char *name)
{
	for (uint32_t i = 0; i < nstrs; i += (uint32_t)strlen((char *)strs + i) + 1)
		if (strcmp((char *)strs + i, name) == 0)
			return i;
	uint32_t at = nstrs;
	memcpy(strs + nstrs, name, strlen(name) + 1);
	nstrs += (uint32_t)strlen(name) + 1;
	return at;
}

static void prop(const char *name, const void *val, uint32_t len)
{
	word(FDT_PROP);
	word(len);
	word(nameoff(name));
	memcpy(strct + nstrct, val, len);
	nstrct += len;
	while (nstrct & 3)
		strct[nstrct++] = 0;
}

/* A string property (its NUL included); prop_list, a string list ("a\0b", its last NUL too). */
#define prop_list(name, lit) prop(name, lit, sizeof lit)
static void prop_str(const char *name, const char *s)
{
	prop(name, s, (uint32_t)strlen(s) + 1);
}

/* A property of n cells. */
static void prop_cells(const char *name, int n, ...)
{
	uint8_t v[64];
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		uint32_t c = va_arg(ap, uint32_t);
		v[4 * i] = (uint8_t)(c >> 24), v[4 * i + 1] = (uint8_t)(c >> 16);
		v[4 * i + 2] = (uint8_t)(c >> 8), v[4 * i + 3] = (uint8_t)c;
	}
	va_end(ap);
	prop(name, v, 4 * (uint32_t)n);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

/* finish lays out header, reserve map, structure and strings in blob, and indexes it. */
static int finish(void)
{
	word(FDT_END);
	uint32_t off_rsv = 40, off_struct = off_rsv + 16, off_strs = off_struct + nstrct;
	uint32_t total = off_strs + nstrs;
	memset(blob, 0, sizeof blob);
	put32(blob + H_MAGIC, FDT_MAGIC);
	put32(blob + H_TOTALSIZE, total);
	put32(blob + H_OFF_STRUCT, off_struct);
	put32(blob + H_OFF_STRINGS, off_strs);
	put32(blob + H_OFF_RSVMAP, off_rsv);
	put32(blob + H_VERSION, 17);
	put32(blob + H_LAST_COMP, 16);
	put32(blob + H_SIZE_STRINGS, nstrs);
	put32(blob + H_SIZE_STRUCT, nstrct);
	memcpy(blob + off_struct, strct, nstrct);
	memcpy(blob + off_strs, strs, nstrs);
	return fdt_scan(blob);
}

static void reset(void)
{
	nstrct = nstrs = 0;
	fdt_scan(NULL);         /* an empty index */
}

/* QEMU virt's shape, with two CPUs and two virtio-mmio transports. */
static int virt_tree(void)
{
	begin("");
	prop_cells("#address-cells", 1, 2);
	prop_cells("#size-cells", 1, 2);
	prop_str("compatible", "linux,dummy-virt");
	begin("psci");
	prop_list("compatible", "arm,psci-1.0\0arm,psci-0.2\0arm,psci");
	prop_str("method", "hvc");
	end();
	begin("memory@40000000");
	prop_cells("reg", 4, 0, 0x40000000, 0, 0x10000000);
	prop_str("device_type", "memory");
	end();
	for (uint32_t i = 0; i < 2; i++) {
		char name[32];
		snprintf(name, sizeof name, "virtio_mmio@%x", 0x0a000000 + 0x200 * i);
		begin(name);
		prop_cells("interrupts", 3, 0, 0x10 + i, 1);
		prop_cells("reg", 4, 0, 0x0a000000 + 0x200 * i, 0, 0x200);
		prop_str("compatible", "virtio,mmio");
		end();
	}
	begin("pl011@9000000");
	prop_cells("interrupts", 3, 0, 1, 4);
	prop_cells("reg", 4, 0, 0x09000000, 0, 0x1000);
	prop_list("compatible", "arm,pl011\0arm,primecell");
	end();
	begin("intc@8000000");
	prop_cells("reg", 8, 0, 0x08000000, 0, 0x10000, 0, 0x08010000, 0, 0x10000);
	prop_str("compatible", "arm,cortex-a15-gic");
	end();
	begin("cpus");
	prop_cells("#size-cells", 1, 0);
	prop_cells("#address-cells", 1, 1);
	for (int i = 0; i < 2; i++) {
		begin(i == 0 ? "cpu@0" : "cpu@1");
		prop_str("enable-method", "psci");
		prop_cells("reg", 1, i);
		prop_str("device_type", "cpu");
		end();
	}
	end();
	begin("timer");
	prop_cells("interrupts", 12, 1, 13, 0x104, 1, 14, 0x104, 1, 11, 0x104, 1, 10, 0x104);
	end();
	begin("chosen");
	prop_str("bootargs", "verbose=1 -- a b");
	end();
	end();
	return finish();
}

/* --- cases ----------------------------------------------------------------------- */

static void indexes_virt(void)
{
	int n = virt_tree();
	EXPECT(n == 12, "fdt_scan indexed %d nodes, want 12 (the root, 9 children, 2 CPUs)", n);
	EXPECT(fdt_path("/") == 0, "the root is node 0");
	int mem = fdt_path("/memory");
	EXPECT(mem > 0 && strcmp(fdt_nodes[mem].name, "memory@40000000") == 0, "/memory matches memory@40000000");
	EXPECT(fdt_path("/memory@40000000") == mem, "the full name matches too");
	EXPECT(fdt_path("/memory@50000000") == -1, "another unit address does not");
	EXPECT(fdt_path("/mem") == -1 && fdt_path("/cpus/cpu@0") == -1 && fdt_path("cpus") == -1,
	       "a prefix, a deeper path and a relative one find nothing");
	int cpus = fdt_path("/cpus"), c0 = fdt_child(cpus, -1), c1 = fdt_child(cpus, c0);
	EXPECT(c0 > cpus && c1 > c0 && fdt_child(cpus, c1) == -1, "/cpus has two children");
	EXPECT(fdt_prop_u32(cpus, FDT_ADDRESS_CELLS, 7) == 1 && fdt_prop_u32(c1, FDT_REG, 7) == 1,
	       "cells and a CPU's reg");
	EXPECT(fdt_prop_is(c0, FDT_DEVICE_TYPE, "cpu") && fdt_prop_is(c0, FDT_ENABLE_METHOD, "psci") &&
	       !fdt_prop_is(c0, FDT_ENABLE_METHOD, "psc") && !fdt_prop_is(c0, FDT_ENABLE_METHOD, "psci2"),
	       "fdt_prop_is compares whole strings");
	int psci = fdt_path("/psci");
	EXPECT(fdt_compatible(psci, "arm,psci-0.2") && fdt_compatible(psci, "arm,psci") &&
	       !fdt_compatible(psci, "arm,psci-0"), "a compatible list is searched whole");
	EXPECT(fdt_prop_u32(psci, FDT_CPU_ON, 0) == 0, "an absent property gives the default");
	uint32_t len;
	const uint8_t *irq = fdt_prop(fdt_path("/timer"), FDT_INTERRUPTS, &len);
	EXPECT(irq && len == 48 && fdt_be32(irq + 16) == 14, "the timer's interrupts");
}

static void devices(void)
{
	virt_tree();
	struct fdt_range r[4];
	int gic = fdt_find_compatible("arm,cortex-a15-gic", -1), n = fdt_regs(gic, r, 4);
	EXPECT(n == 2 && r[0].base == 0x08000000 && r[1].base == 0x08010000 && r[1].size == 0x10000,
	       "the GIC's two register blocks (%d)", n);
	EXPECT(fdt_regs(gic, r, 1) == 1, "entries past max are not stored");
	EXPECT(fdt_find_compatible("arm,gic-400", -1) == -1, "no such device");
	int a = fdt_find_compatible("virtio,mmio", -1), b = fdt_find_compatible("virtio,mmio", a);
	EXPECT(a > 0 && b > a && fdt_find_compatible("virtio,mmio", b) == -1, "two transports, in order");
}

/*
 * A board's shape: devices under /soc, whose cells differ from the
 * root's; a disabled UART before an enabled one; memory in two nodes,
 * one disabled, one with two ranges and an empty one; a node three
 * levels down; a property after a subnode.
 */
static void board_tree(void)
{
	begin("");
	prop_cells("#address-cells", 1, 1);
	prop_cells("#size-cells", 1, 1);
	begin("memory@0");
	prop_str("device_type", "memory");
	prop_cells("reg", 6, 0x0, 0x1000, 0x80000000, 0, 0x90000000, 0x2000);
	end();
	begin("memory@10000000");
	prop_str("device_type", "memory");
	prop_str("status", "disabled");
	prop_cells("reg", 2, 0x10000000, 0x1000);
	end();
	begin("soc");
	prop_cells("#address-cells", 1, 2);
	prop_cells("#size-cells", 1, 1);
	begin("serial@1000");
	prop_str("compatible", "arm,pl011");
	prop_str("status", "disabled");
	prop_cells("reg", 3, 0, 0x1000, 0x100);
	end();
	begin("serial@2000");
	prop_str("compatible", "arm,pl011");
	prop_str("status", "okay");
	prop_cells("reg", 3, 1, 0x2000, 0x100);
	begin("deep");
	prop_str("compatible", "deep,device");
	end();
	prop_cells("interrupts", 3, 0, 5, 4);    /* after a subnode: not the node's */
	end();
	end();
	begin("chosen");
	prop("bootargs", "no NUL", 6);
	end();
	end();
}

static void board_shape(void)
{
	board_tree();
	int n = finish();
	EXPECT(n == 7, "fdt_scan indexed %d nodes, want 7 (not the one three levels down)", n);
	struct fdt_range r[8];
	int uart = fdt_find_compatible("arm,pl011", -1);
	EXPECT(uart > 0 && strcmp(fdt_nodes[uart].name, "serial@2000") == 0, "the disabled UART is passed by");
	int k = fdt_regs(uart, r, 8);
	EXPECT(k == 1 && r[0].base == 0x100002000ull && r[0].size == 0x100,
	       "reg decoded with /soc's cells: base %#llx", (unsigned long long)r[0].base);
	EXPECT(fdt_find_compatible("deep,device", -1) == -1, "a node three levels down is not indexed");
	EXPECT(fdt_prop(uart, FDT_INTERRUPTS, NULL) == NULL, "a property after a subnode is not the node's");
	EXPECT(fdt_regs(0, r, 1) == -1 && fdt_regs(-1, r, 1) == -1 && fdt_regs(n, r, 1) == -1,
	       "the root, -1 and a node past the index have no reg");
}

static void too_many_nodes(void)
{
	begin("");
	for (int i = 0; i < FDT_MAXNODES + 10; i++) {
		char name[16];
		snprintf(name, sizeof name, "n%d", i);
		begin(name);
		prop_str("compatible", i == FDT_MAXNODES + 5 ? "late,one" : "some,device");
		end();
	}
	begin("chosen");
	prop_str("bootargs", "x");
	end();
	end();
	int n = finish();
	EXPECT(n == FDT_MAXNODES, "fdt_scan indexed %d nodes, want %d", n, FDT_MAXNODES);
	board_read();
	EXPECT(fdt_find_compatible("late,one", -1) == -1 && fdt_path("/chosen") == -1 && board.chosen == -1,
	       "nodes past the index's room are not found");
	EXPECT(fdt_find_compatible("some,device", -1) == 1, "those before are");
}

/* board_read on QEMU virt's shape: the nodes by name, the devices by compatible, RAM, bootargs. */
static void board_virt(void)
{
	virt_tree();
	board_read();
	EXPECT(board.psci == fdt_path("/psci") && board.cpus == fdt_path("/cpus") &&
	       board.timer == fdt_path("/timer") && board.chosen == fdt_path("/chosen") && board.timer > 0,
	       "the root's children by name: psci %d cpus %d timer %d chosen %d", board.psci, board.cpus,
	       board.timer, board.chosen);
	EXPECT(board.psci_standard, "psci-1.0 and psci-0.2 are the standard ids");
	EXPECT(board.uart == fdt_find_compatible("arm,pl011", -1) && board.uartreg.base == 0x09000000 &&
	       board.uartreg.size == 0x1000, "the PL011 at %#llx", (unsigned long long)board.uartreg.base);
	EXPECT(board.gic > 0 && board.gicreg[0].base == 0x08000000 && board.gicreg[1].base == 0x08010000 &&
	       board.gicreg[1].size == 0x10000, "the GIC's two register blocks");
	EXPECT(board.nmem == 1 && board.mem[0].base == 0x40000000 && board.mem[0].size == 0x10000000,
	       "RAM: %d ranges", board.nmem);
	EXPECT(board.bootargs && strcmp(board.bootargs, "verbose=1 -- a b") == 0, "bootargs");
}

/* board_read on a board's shape: devices under /soc, the disabled UART passed by, no GIC, no PSCI. */
static void board_soc(void)
{
	board_tree();
	finish();
	board_read();
	EXPECT(board.uart > 0 && strcmp(fdt_nodes[board.uart].name, "serial@2000") == 0 &&
	       board.uartreg.base == 0x100002000ull && board.uartreg.size == 0x100,
	       "the enabled UART, reg with /soc's cells: %#llx", (unsigned long long)board.uartreg.base);
	EXPECT(board.nmem == 2 && board.mem[0].base == 0 && board.mem[0].size == 0x1000 &&
	       board.mem[1].base == 0x90000000 && board.mem[1].size == 0x2000,
	       "RAM: the enabled node's non-empty ranges (%d)", board.nmem);
	EXPECT(board.gic == -1 && board.psci == -1 && board.cpus == -1 && board.timer == -1 && !board.psci_standard,
	       "what the tree does not have is -1");
	EXPECT(board.chosen > 0 && board.bootargs == NULL, "a bootargs without its NUL is none");
}

/*
 * The GIC by preference: the earlier compatible of board.c's list wins
 * over the earlier node, then the earlier node; a disabled GIC or one
 * with a single reg range is passed by; names match up to a unit address only, the first node
 * of a name counts; a PSCI of its own function ids is not standard.
 */
static void board_choices(void)
{
	begin("");
	prop_cells("#address-cells", 1, 1);
	prop_cells("#size-cells", 1, 1);
	begin("timers");                        /* not "timer" */
	end();
	begin("timer@1");
	prop_cells("clock-frequency", 1, 1);
	end();
	begin("timer@2");
	end();
	begin("psci");
	prop_str("compatible", "arm,psci");
	prop_cells("cpu_on", 1, 0x95c1ba5e);
	end();
	begin("gic@a");                         /* later in the list */
	prop_str("compatible", "arm,cortex-a9-gic");
	prop_cells("reg", 4, 0xa000, 0x1000, 0xb000, 0x100);
	end();
	begin("gic@c");                         /* earlier, disabled */
	prop_str("compatible", "arm,cortex-a15-gic");
	prop_str("status", "disabled");
	prop_cells("reg", 4, 0xc000, 0x1000, 0xd000, 0x100);
	end();
	begin("gic@e");                         /* earlier, one range */
	prop_str("compatible", "arm,gic-400");
	prop_cells("reg", 2, 0xe000, 0x1000);
	end();
	begin("gic@f");                         /* earlier: the one */
	prop_list("compatible", "vendor,gic\0arm,gic-400");
	prop_cells("reg", 4, 0xf000, 0x1000, 0xf800, 0x100);
	end();
	begin("gic@10");                        /* as good, but later */
	prop_str("compatible", "arm,gic-400");
	prop_cells("reg", 4, 0x10000, 0x1000, 0x10800, 0x100);
	end();
	begin("serial@1");                      /* a compatible list without its last NUL: none */
	prop("compatible", "arm,pl011", 9);
	prop_cells("reg", 2, 0x1000, 0x100);
	end();
	end();
	finish();
	board_read();
	EXPECT(board.timer > 0 && strcmp(fdt_nodes[board.timer].name, "timer@1") == 0, "the first timer@...");
	EXPECT(board.psci > 0 && !board.psci_standard, "arm,psci alone has the firmware's own ids");
	EXPECT(board.gic > 0 && strcmp(fdt_nodes[board.gic].name, "gic@f") == 0 && board.gicreg[1].base == 0xf800,
	       "gic-400 with two ranges, enabled, wins: %s", board.gic > 0 ? fdt_nodes[board.gic].name : "none");
	EXPECT(board.uart == -1 && !fdt_compatible(fdt_path("/serial"), "arm,pl011"),
	       "no PL011: a compatible list without its last NUL is none, to fdt_compatible too");
	EXPECT(board.nmem == 0 && board.chosen == -1 && board.bootargs == NULL, "no RAM, no /chosen");
}

static void bad_blobs(void)
{
	virt_tree();
	EXPECT(fdt_path("/") == 0, "indexed");
	put32(blob + H_MAGIC, 0);
	EXPECT(fdt_scan(blob) == -1, "a bad magic number: -1");
	EXPECT(fdt_path("/") == -1 && fdt_find_compatible("virtio,mmio", -1) == -1, "and the index is empty");
	board_read();
	EXPECT(board.uart == -1 && board.gic == -1 && board.psci == -1 && board.chosen == -1 && board.nmem == 0 &&
	       board.bootargs == NULL, "and board_read finds nothing in it");
}

int main(void)
{
	unit_init();
	unit_reset = reset;
	unit_run("indexes-virt", indexes_virt);
	unit_run("devices", devices);
	unit_run("board-soc-cells-disabled-deep", board_shape);
	unit_run("too-many-nodes", too_many_nodes);
	unit_run("board-virt", board_virt);
	unit_run("board-soc-disabled-no-gic", board_soc);
	unit_run("board-gic-preference-names-psci", board_choices);
	unit_run("bad-blobs", bad_blobs);
	return unit_done();
}
