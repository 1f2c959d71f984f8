/*
 * bootmap.S - i386's boot page tables, made by the assembler, not by
 * code (as amd64's boot/amd64/early.S): the kernel is linked at its
 * physical address, so their contents are known at link time and
 * paging_init only loads CR3.
 *
 * They map [0, 1 GiB) - DIRECTMAP_END, the direct map's end - one to
 * one with 2 MiB pages, read-write-execute: all the kernel touches
 * before vm_init's mmu_activate switches to its own tables (the low
 * 1 MiB, the image, the RAM the page allocator hands out, all below
 * the direct map's end). Anything above, e.g. 0xdead0000, is unmapped
 * from the start, so a wild pointer there faults even this early.
 * paging.c checks the size against DIRECTMAP_END.
 */
#include "pte.h"

	.data
	.balign 32
	.globl boot_pdpt
boot_pdpt:                      /* PAE's root: 4 x 1 GiB; an entry holds P and the address only */
	.long boot_pd + PTE_P, 0
	.fill 3, 8, 0

	.balign 4096
boot_pd:                        /* 512 x 2 MiB = 1 GiB, physical == virtual */
	.set .Lphys, 0
	.rept 512
	.long .Lphys | (PTE_P | PTE_W | PTE_PS), 0
	.set .Lphys, .Lphys + 0x200000
	.endr
