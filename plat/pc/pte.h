/*
 * pte.h - the 64-bit page-table entry of i386 PAE and amd64 paging: its
 * hardware bits, the software bits goro keeps in it, and how a leaf
 * encodes mmu_map's protections and mmu_unmap's tags and answers
 * mmu_lookup, for both mmu.c files.
 *
 * PAE (3 levels) and amd64 (4 levels) walk differently but their
 * entries are laid out alike. Bits 9-11 and 52-62 are ignored by the
 * CPU in a present entry, and every bit but P in one that is not
 * present. goro uses bit 9 to record MMU_X (so lookups answer the same
 * on a CPU without NX) and bits 52-59 of an empty leaf for its tag.
 * Only the leaf decides a page's protection: entries above it allow
 * everything. The constants are plain hex so the boot assembly can
 * include this file too.
 */
#ifndef GORO_X86_PTE_H
#define GORO_X86_PTE_H

#define PTE_P           0x001           /* present */
#define PTE_W           0x002           /* writable (ring 0 too, with CR0.WP) */
#define PTE_PWT         0x008           /* PWT and PCD together select PAT entry 3: */
#define PTE_PCD         0x010           /* uncached (the power-on PAT) */
#define PTE_PS          0x080           /* in a PD entry (amd64: or PDPT): a 2 MiB (1 GiB) page */
#define PTE_SW_EXEC     0x200           /* bit 9, ignored by the CPU: mapped with MMU_X */
#define PTE_NX          0x8000000000000000      /* no-execute, with EFER.NXE on */
#define PTE_ADDR        0x000ffffffffff000      /* the frame or next table's address */
#define PTE_TAG_SHIFT   52              /* an empty leaf's tag: bits 52-59 */

#ifndef __ASSEMBLER__
#include <stdint.h>
#include "platform.h"

/*
 * pte_prot_bits is a mapped leaf's bits for prot besides P and the address.
 * nx is PTE_NX if the CPU enforces no-execute (EFER.NXE), else 0: then
 * bit 63 is reserved, and pages are executable whatever prot says.
 */
static inline uint64_t pte_prot_bits(unsigned prot, uint64_t nx)
{
	uint64_t bits = 0;

	if (prot & MMU_W)
		bits |= PTE_W;
	if (prot & MMU_DEV)
		bits |= PTE_PCD | PTE_PWT;      /* with the default PAT: uncached; never executable */
	if ((prot & MMU_X) && !(prot & MMU_DEV))
		bits |= PTE_SW_EXEC;
	else
		bits |= nx;
	return bits;
}

/* pte_empty is an empty leaf that holds tag (0..MMU_TAGMAX). */
static inline uint64_t pte_empty(unsigned tag)
{
	return (uint64_t)(tag & MMU_TAGMAX) << PTE_TAG_SHIFT;
}

/*
 * pte_lookup is mmu_lookup's answer (platform.h) for leaf e, 0 where there
 * is no leaf: for a present one 1, its frame and MMU_* protection; for
 * an empty one 0 and its tag. Any of pa, prot, tag may be NULL.
 */
static inline int pte_lookup(uint64_t e, uint64_t *pa, unsigned *prot, unsigned *tag)
{
	if (!(e & PTE_P)) {
		if (tag)
			*tag = (unsigned)(e >> PTE_TAG_SHIFT) & MMU_TAGMAX;
		return 0;
	}
	if (pa)
		*pa = e & PTE_ADDR;
	if (prot) {
		*prot = MMU_R;
		if (e & PTE_W)
			*prot |= MMU_W;
		if (e & PTE_SW_EXEC)
			*prot |= MMU_X;
		if (e & PTE_PCD)
			*prot |= MMU_DEV;
	}
	return 1;
}

#endif /* __ASSEMBLER__ */
#endif
