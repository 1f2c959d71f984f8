/*
 * mmu.c - fits the boot identity map to the RAM the device tree reports.
 *
 * start.S maps a default 1 GiB RAM window before any C runs (see
 * mmu.h). Once bootinfo is known, every section from the lowest RAM
 * address up is made Normal if it holds RAM (or the kernel image) and
 * a fault otherwise, so a stray pointer past the end of RAM faults
 * instead of reading nothing. Entries that are live and change go
 * through break-before-make, as ARMv7 requires.
 */
#include "bootinfo.h"
#include "cpu.h"
#include "mmu.h"

uint32_t arm_l1_table[L1_ENTRIES]
	__attribute__((aligned(L1_ALIGN), section(".bss.pagetable")));

extern char text_start[], end[];        /* linker/arm.ld: the kernel image */

static int overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* True if the 1 MiB section at pa holds usable RAM or part of the kernel image. */
static int section_is_ram(const struct bootinfo *bi, uint64_t pa)
{
	for (int i = 0; i < bi->nmem; i++)
		if (overlaps(pa, SECTION_SIZE, bi->mem[i].base, bi->mem[i].len))
			return 1;
	return overlaps(pa, SECTION_SIZE, (uintptr_t)text_start,
	                (uintptr_t)end - (uintptr_t)text_start);
}

/* Writes entry i; a valid entry is cleared and its TLB entry dropped first. */
static void set_section(uint32_t i, uint32_t desc)
{
	uint32_t old = arm_l1_table[i];

	if (old == desc)
		return;
	if (old != SECT_FAULT) {
		arm_l1_table[i] = SECT_FAULT;
		dcache_clean_pou((uintptr_t)&arm_l1_table[i]);  /* visible to the table walker */
		dsb();
		tlb_invalidate_va((uintptr_t)i << SECTION_SHIFT);
		dsb();
	}
	arm_l1_table[i] = desc;
	dcache_clean_pou((uintptr_t)&arm_l1_table[i]);
	dsb();
}

void mmu_map_ram(const struct bootinfo *bi)
{
	uint64_t low = UINT64_MAX;

	for (int i = 0; i < bi->nmem; i++)
		if (bi->mem[i].base < low)
			low = bi->mem[i].base;
	if (bi->nmem == 0 || low >= ((uint64_t)L1_ENTRIES << SECTION_SHIFT))
		return;

	/* Section 0 stays the NULL hole whatever the RAM map says. */
	for (uint32_t i = (uint32_t)(low >> SECTION_SHIFT); i < L1_ENTRIES; i++) {
		uint64_t pa = (uint64_t)i << SECTION_SHIFT;
		if (i == 0)
			continue;
		set_section(i, section_is_ram(bi, pa) ? (uint32_t)pa | SECT_NORMAL : SECT_FAULT);
	}
	tlb_invalidate_all();
	bp_invalidate_all();
	dsb();
	isb();
}
