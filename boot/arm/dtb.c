/*
 * dtb.c - the ARM boot path's C half: device tree in, struct bootinfo out.
 *
 * start.S calls arm_boot with the MMU on and the loader's r2. The
 * device tree is at r2 if a loader followed the Linux protocol, else
 * where QEMU virt puts it for ELF kernels, the start of RAM. It is
 * indexed here, once (fdt_scan), and what the boot reads of it found in
 * one pass over the index (board_read, plat/virt/board.c): RAM comes
 * from the /memory nodes, the command line from /chosen/bootargs
 * (QEMU's -append), and the platform (plat/virt) takes its devices'
 * nodes from the same pass later. With no device
 * tree at all, QEMU virt's default 128 MiB at 0x40000000 is assumed and
 * the command line is empty.
 */
#include "arm.h"
#include "bootinfo.h"
#include "platform.h"
#include "board.h"
#include "fdt.h"
#include "mmu.h"

#define QEMU_VIRT_DTB   0x40000000u     /* QEMU's DTB address for ELF kernels */
#define DEFAULT_RAM     (128u << 20)    /* QEMU virt's default -m */
#define ADDR_LIMIT      (1ull << 32)    /* what the 32-bit MMU can map */

static struct bootinfo arm_bootinfo;

/* A valid device tree inside the early RAM window at r2 or QEMU's address, or NULL; its size in *size. */
static const void *find_dtb(uint32_t r2, uint32_t *size)
{
	const uint32_t candidates[] = { r2, QEMU_VIRT_DTB };

	for (unsigned i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
		uint32_t a = candidates[i];
		uint32_t room = (uint32_t)EARLY_RAM_BASE + (uint32_t)EARLY_RAM_SIZE - a;
		if (a < EARLY_RAM_BASE || room < 64 || (a & 3))
			continue;
		*size = fdt_totalsize((const void *)a);         /* 0: no valid header */
		if (*size != 0 && *size <= room)
			return (const void *)a;
	}
	return 0;
}

/* Adds the part of [base, base+size) the MMU can reach, keeping bi->mem sorted by base. */
static void add_ram(struct bootinfo *bi, uint64_t base, uint64_t size)
{
	uint64_t top = base + size;

	if (base >= ADDR_LIMIT)
		return;
	if (top > ADDR_LIMIT || top < base)
		top = ADDR_LIMIT;
	int n = bi->nmem;
	bootinfo_addmem(bi, base, top - base);
	if (bi->nmem == n)
		return;
	for (int i = n; i > 0 && bi->mem[i - 1].base > bi->mem[i].base; i--) {
		struct memrange t = bi->mem[i];
		bi->mem[i] = bi->mem[i - 1];
		bi->mem[i - 1] = t;
	}
}

_Noreturn void arm_boot(uint32_t r2)
{
	struct bootinfo *bi = &arm_bootinfo;
	uint32_t dtbsize;
	const void *dtb = find_dtb(r2, &dtbsize);

	bi->bootpath = "dtb";
	if (dtb && fdt_scan(dtb) >= 0) {        /* the index every later question looks in (fdt.h) */
		board_read();
		for (int i = 0; i < board.nmem; i++)
			add_ram(bi, board.mem[i].base, board.mem[i].size);
		bootinfo_setcmdline(bi, board.bootargs);
		bi->dtb = (uintptr_t)dtb;
		bi->dtbsize = dtbsize;
	}
	if (bi->nmem == 0)
		add_ram(bi, EARLY_RAM_BASE, DEFAULT_RAM);
	kmain(bi);
}
