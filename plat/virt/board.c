/*
 * board.c - what the virt platform reads of the device tree at boot, in
 * one pass over fdt.c's index.
 *
 * A boot needs a dozen facts of the tree: RAM, the command line, the
 * console PL011, the GIC, the timer's and PSCI's nodes, the CPUs. Asked
 * one query at a time (fdt_path, fdt_find_compatible, fdt_regs, ...),
 * each query's code and each call between them was more for an
 * emulator to translate at boot, a fifth of ARM's boot. board_read
 * looks at each node once instead, by name (the root's children) and by
 * compatible, and the code that uses a node reads its properties in
 * place (fdt.h's inline readers). fdt.c's queries stay for what is
 * asked after the boot, virtio transports at their first use.
 */
#include <stddef.h>
#include "board.h"

struct board board = {
	.chosen = -1, .cpus = -1, .psci = -1, .timer = -1, .uart = -1, .gic = -1,
};

/* The root's children the boot reads, by name (up to a unit address: "timer" is "timer@..." too). */
static const struct {
	const char *name;
	int *node;
} byname[] = {
	{ "chosen", &board.chosen }, { "cpus", &board.cpus }, { "psci", &board.psci }, { "timer", &board.timer },
};

/*
 * The compatibles the boot looks for, in their order of preference: the
 * PL011, then the GICs goro drives (the earlier compatible wins, then the
 * earlier node), then the standard PSCI function ids.
 */
enum { C_PL011, C_GIC, C_GIC_LAST = C_GIC + 3, C_PSCI, C_PSCI_LAST = C_PSCI + 1, NCOMPAT };
static const char *const compats[NCOMPAT] = {
	[C_PL011] = "arm,pl011",
	[C_GIC] = "arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a7-gic", "arm,cortex-a9-gic",
	[C_PSCI] = "arm,psci-0.2", "arm,psci-1.0",
};

/* 1 if name is word, or word followed by a unit address ('@...'). */
static int name_is(const char *name, const char *word)
{
	while (*word && *name == *word)
		name++, word++;
	return *word == 0 && (*name == 0 || *name == '@');
}

void board_read(void)
{
	int gicrank = NCOMPAT;

	board.chosen = board.cpus = board.psci = board.timer = board.uart = board.gic = -1;
	board.psci_standard = board.nmem = 0;
	board.bootargs = NULL;

	for (int i = 1; i < fdt_nnodes; i++) {
		int rank = fdt_compatible_rank(i, compats, NCOMPAT);
		if (fdt_nodes[i].parent == 0) {
			/* one loop, not four copies of it: each copy would be translated */
#pragma clang loop unroll(disable)
			for (unsigned k = 0; k < sizeof byname / sizeof byname[0]; k++)
				if (*byname[k].node < 0 && name_is(fdt_nodes[i].name, byname[k].name))
					*byname[k].node = i;
			if (board.psci == i)
				board.psci_standard = rank >= C_PSCI && rank <= C_PSCI_LAST;
			if (fdt_prop_is(i, FDT_DEVICE_TYPE, "memory") && fdt_enabled(i)) {
				struct fdt_range *r = board.mem + board.nmem;
				int k = fdt_regs(i, r, BOOT_MAXMEM - board.nmem), kept = 0;
				for (int j = 0; j < k; j++)     /* an empty range is no RAM: left out */
					if (r[j].size)
						r[kept++] = r[j];
				board.nmem += kept;
			}
		}
		if (rank > C_GIC_LAST || !fdt_enabled(i))
			continue;
		struct fdt_range r[2];
		int n = fdt_regs(i, r, 2);
		if (rank == C_PL011 && board.uart < 0 && n >= 1) {
			board.uart = i;
			board.uartreg = r[0];
		} else if (rank >= C_GIC && rank < gicrank && n == 2) {
			board.gic = i;
			board.gicreg[0] = r[0];
			board.gicreg[1] = r[1];
			gicrank = rank;
		}
	}
	uint32_t len;
	const char *args = fdt_prop(board.chosen, FDT_BOOTARGS, &len);
	for (uint32_t i = 0; args && i < len; i++)
		if (args[i] == 0) {             /* a string ends inside the value, or it is none */
			board.bootargs = args;
			break;
		}
}
