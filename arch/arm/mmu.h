/*
 * mmu.h - the ARMv7 short-descriptor first-level table the kernel runs on.
 *
 * The kernel is identity mapped with 1 MiB sections: RAM Normal
 * write-back cacheable, devices (everything below RAM on QEMU virt)
 * Device and execute-never, and two holes that fault: the first
 * megabyte (NULL) and everything above RAM. boot/arm/start.S builds
 * the early table with a default RAM window before any C runs (C may do
 * unaligned accesses, which fault while the MMU is off); mmu_map_ram()
 * later fits the RAM part to the memory the device tree reports.
 * Shared by assembly and C.
 */
#ifndef GORO_ARM_MMU_H
#define GORO_ARM_MMU_H

#define SECTION_SHIFT   20
#define SECTION_SIZE    (1 << SECTION_SHIFT)
#define L1_ENTRIES      4096            /* 4 GiB / 1 MiB */
#define L1_ALIGN        16384           /* TTBR0 needs a 16 KiB aligned table */

/* First-level section descriptor fields. */
#define SECT_TYPE       (1 << 1)        /* bits[1:0] = 0b10: section */
#define SECT_B          (1 << 2)
#define SECT_C          (1 << 3)
#define SECT_XN         (1 << 4)        /* execute never */
#define SECT_AP_KRW     (1 << 10)       /* AP = 0b001: PL1 read/write, PL0 none */
#define SECT_TEX(x)     ((x) << 12)
#define SECT_S          (1 << 16)       /* shareable */

/* Normal memory, inner and outer write-back write-allocate, shareable. */
#define SECT_NORMAL     (SECT_TYPE | SECT_TEX(1) | SECT_C | SECT_B | SECT_S | SECT_AP_KRW)
/* Shareable Device memory, never executed. */
#define SECT_DEVICE     (SECT_TYPE | SECT_B | SECT_XN | SECT_AP_KRW)
/* An invalid entry: any access faults ("translation fault (section)"). */
#define SECT_FAULT      0

/* TTBR0 walk attributes: inner/outer write-back write-allocate, inner shareable. */
#define TTBR_WALK_ATTRS 0x6a
/* DACR: domain 0 is a client (permissions are checked), the rest no access. */
#define DACR_CLIENT0    0x1

/* The early RAM window start.S maps before the device tree is read. */
#define EARLY_RAM_BASE  0x40000000
#define EARLY_RAM_SIZE  0x40000000

#ifndef __ASSEMBLER__
#include <stdint.h>

struct bootinfo;

/* The first-level table, in .bss, filled by start.S. */
extern uint32_t arm_l1_table[L1_ENTRIES];

/*
 * Remaps the RAM part of the identity map from bi->mem: sections that
 * hold usable RAM become Normal, every other section at or above the
 * lowest RAM address faults. Sections below RAM keep their Device
 * mapping, the first megabyte stays a hole.
 */
void mmu_map_ram(const struct bootinfo *bi);
#endif

#endif
