/*
 * mmu.h - the ARMv7 long-descriptor (LPAE) translation tables.
 *
 * Shared by assembly and C. The kernel translates with the
 * long-descriptor format from the first instruction that runs with the
 * MMU on: TTBCR.EAE = 1, T0SZ = 0 (TTBR0 covers all 4 GiB, TTBR1 is
 * disabled), three levels - a 4-entry first level (1 GiB each), then
 * 512-entry tables of 2 MiB blocks and of 4 KiB pages - with 64-bit
 * descriptors and memory types taken from MAIR0. Using one format from
 * boot to shutdown means TTBCR never changes while the MMU is on.
 *
 * boot/arm/start.S builds the early tables (1 GiB and 2 MiB blocks)
 * before any C runs; mmu.c builds the kernel's page-granular tables
 * and mmu_activate switches TTBR0 to them.
 */
#ifndef GORO_ARM_MMU_H
#define GORO_ARM_MMU_H

/* Address bits each level translates: VA[31:30], VA[29:21], VA[20:12]. */
#define L1_SHIFT        30
#define L2_SHIFT        21
#define L3_SHIFT        12
#define L1_ENTRIES      4               /* the first level with T0SZ = 0 */
#define TABLE_ENTRIES   512             /* levels 2 and 3: one 4 KiB page */
#define L2_BLOCK_SIZE   (1 << L2_SHIFT) /* 2 MiB */

/*
 * Descriptor fields, low word (bits 31:0). Bit 0 set: valid. Bit 1:
 * at levels 1-2 set for a table and clear for a block; at level 3 it
 * must be set for a page (clear is reserved and faults).
 */
#define PTE_VALID       (1 << 0)
#define PTE_TABLE       (1 << 1)
#define PTE_BLOCK       PTE_VALID                       /* levels 1-2 */
#define PTE_PAGE        (PTE_VALID | PTE_TABLE)         /* level 3 */
#define PTE_ATTR(i)     ((i) << 2)      /* AttrIndx: a byte of MAIR0/MAIR1 */
#define PTE_ATTR_MASK   (7 << 2)
#define PTE_AP_USER     (1 << 6)        /* AP[1]: PL0 may access too (never used) */
#define PTE_AP_RO       (1 << 7)        /* AP[2]: read-only */
#define PTE_SH_INNER    (3 << 8)        /* Inner Shareable (ignored for Device) */
#define PTE_AF          (1 << 10)       /* access flag: clear would fault on first use */
#define PTE_NG          (1 << 11)       /* not global (ASID-tagged; never used) */

/* High word (bits 63:32) of a descriptor. */
#define PTE_HI_PXN      (1 << (53 - 32))        /* privileged execute-never */
#define PTE_HI_XN       (1 << (54 - 32))        /* execute-never */

/*
 * The software tag of an invalid entry (bit 0 clear: the CPU ignores
 * every other bit): bits 9:2.
 */
#define PTE_TAG_SHIFT   2
#define PTE_TAG_MASK    0xff

/*
 * Memory types: AttrIndx 0 is Normal, inner and outer write-back
 * write-allocate (MAIR byte 0xff); AttrIndx 1 is Strongly-ordered
 * (0x00), for device registers. MAIR1 is unused.
 */
#define ATTR_NORMAL     0
#define ATTR_DEVICE     1
#define MAIR0_VALUE     0x000000ff

/*
 * TTBCR: EAE (long descriptors), EPD1 (no TTBR1 walks), and TTBR0
 * walks Inner Shareable, inner and outer write-back write-allocate,
 * so the walker reads tables through the caches. T0SZ = T1SZ = 0.
 */
#define TTBCR_VALUE     (0x80000000 | (1 << 23) | (3 << 12) | (1 << 10) | (1 << 8))

/*
 * The early RAM window start.S maps before the device tree is read:
 * one Normal 1 GiB block, the first-level entry 1.
 */
#define EARLY_RAM_BASE  0x40000000
#define EARLY_RAM_SIZE  0x40000000

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Bits 39:12 of a table, page or (rounded) block descriptor: the output address. */
#define PTE_ADDR_MASK   0x000000fffffff000ull

/* The early tables start.S builds (in .bss; unused after mmu_activate). */
extern uint64_t boot_l1_table[L1_ENTRIES];
extern uint64_t boot_l2_low[TABLE_ENTRIES];
#endif

#endif
