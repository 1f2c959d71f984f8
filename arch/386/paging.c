/*
 * paging.c - the i386 boot page table: identity map with 4 MiB pages.
 *
 * One page directory of PSE large pages maps, one to one, the low
 * 1 MiB (BIOS data, VGA), the kernel image and every usable RAM range
 * below 4 GiB the boot path reported; nothing else. Addresses outside
 * RAM (e.g. 0xdead0000) stay unmapped, so a wild pointer or a broken
 * stack pointer faults instead of scribbling somewhere. RAM above
 * 4 GiB is not reachable with this format. Finer protection (guard
 * pages, page 0, read-only text) belongs to the memory subsystem.
 */
#include <stdint.h>
#include "bootinfo.h"
#include "cpu.h"
#include "kernel.h"

enum {
	PDE_P = 1 << 0,         /* present */
	PDE_W = 1 << 1,         /* writable */
	PDE_PS = 1 << 7,        /* 4 MiB page */
	LARGE_SHIFT = 22,
};

#define LARGE_SIZE (1ull << LARGE_SHIFT)
#define ADDR_LIMIT (1ull << 32)

extern char kernel_start[], kernel_end[];

/* The kernel's page directory (identity map); its address is CR3. */
uint32_t kernel_pagedir[1024] __attribute__((aligned(4096)));

/* Maps [base, base+len) (clipped to 4 GiB) with whole 4 MiB pages. */
static void map_identity(uint64_t base, uint64_t len)
{
	uint64_t lo = base & ~(LARGE_SIZE - 1);
	uint64_t hi = base + len;

	if (hi > ADDR_LIMIT)
		hi = ADDR_LIMIT;
	for (uint64_t a = lo; a < hi; a += LARGE_SIZE)
		kernel_pagedir[a >> LARGE_SHIFT] = (uint32_t)a | PDE_PS | PDE_W | PDE_P;
}

/* Builds the identity map for bi's RAM and turns paging on. */
void paging_init(const struct bootinfo *bi)
{
	uint32_t a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	if (!(d & CPUID1_EDX_PSE))
		fatal("cpu lacks 4 MiB pages (PSE); cannot enable paging");

	map_identity(0, 0x100000);
	map_identity((uintptr_t)kernel_start, (uintptr_t)(kernel_end - kernel_start));
	for (int i = 0; i < bi->nmem; i++)
		map_identity(bi->mem[i].base, bi->mem[i].len);

	write_cr4(read_cr4() | CR4_PSE);
	write_cr3((uint32_t)kernel_pagedir);
	write_cr0(read_cr0() | CR0_PG | CR0_WP);
}
