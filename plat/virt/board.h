/*
 * board.h - what the virt platform reads of the device tree at boot,
 * found in one pass over fdt.c's index (board.c).
 */
#ifndef GORO_BOARD_H
#define GORO_BOARD_H

#include "bootinfo.h"
#include "fdt.h"

/* The nodes a boot reads, by node number of the index (fdt.h); -1: the tree has none. */
struct board {
	int chosen, cpus, psci, timer;  /* children of the root, by name ("/timer" is "timer" or "timer@...") */
	int psci_standard;              /* /psci is compatible with arm,psci-0.2 or arm,psci-1.0 */
	int uart;                       /* the console: the first enabled arm,pl011 with a reg */
	struct fdt_range uartreg;
	int gic;                        /* the GIC: the first enabled one with both reg ranges, by compatible (board.c) */
	struct fdt_range gicreg[2];     /* its distributor and CPU interface */
	const char *bootargs;           /* /chosen's, NUL-terminated inside the blob; NULL if none */
	int nmem;                       /* RAM: the non-empty reg ranges of the enabled device_type "memory" root children */
	struct fdt_range mem[BOOT_MAXMEM];
};

extern struct board board;

/*
 * board_read fills board anew from the index fdt_scan made (an empty
 * index: every field "none"); without a call (no device tree) the
 * fields are "none" too.
 */
void board_read(void);

#endif
