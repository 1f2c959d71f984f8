/*
 * pae.h - the i386 PAE page-table format, shared by paging.c (the boot
 * map) and mmu.c (the kernel's tables).
 *
 * PAE translates a 32-bit address in three levels of 64-bit entries:
 * bits 31-30 pick one of the 4 entries of the page-directory-pointer
 * table (PDPT, the CR3 root), bits 29-21 one of 512 page-directory
 * entries (a 2 MiB page or a page table), bits 20-12 one of 512
 * page-table entries (a 4 KiB page). goro uses PAE rather than classic
 * 32-bit paging because only 64-bit entries have a no-execute bit. The
 * entries are amd64's: their bits are in plat/pc/pte.h.
 */
#ifndef GORO_386_PAE_H
#define GORO_386_PAE_H

#include <stdint.h>
#include "pte.h"

/* Every other bit of a PDPT entry is reserved: it holds P and the address only. */
#define PDPT_ENTRIES    4
#define PD_ENTRIES      512
#define PT_ENTRIES      512
#define PDPT_SHIFT      30
#define PD_SHIFT        21
#define PT_SHIFT        12
#define LARGE_PAGE      (1u << PD_SHIFT)

#define PDPT_INDEX(va)  (((uint32_t)(va) >> PDPT_SHIFT) & (PDPT_ENTRIES - 1))
#define PD_INDEX(va)    (((uint32_t)(va) >> PD_SHIFT) & (PD_ENTRIES - 1))
#define PT_INDEX(va)    (((uint32_t)(va) >> PT_SHIFT) & (PT_ENTRIES - 1))

/*
 * PTE_NX when the CPU enforces no-execute (paging_init set EFER.NXE),
 * else 0: without NXE bit 63 is reserved and setting it faults.
 */
extern uint64_t pae_nx;

#endif
