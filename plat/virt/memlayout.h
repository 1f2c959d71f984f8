/*
 * memlayout.h - ARM (QEMU virt) address-space layout.
 *
 * Device registers live below 0x40000000 and RAM starts there; RAM is
 * identity-mapped up to DIRECTMAP_END (1 GiB of RAM at most), and the
 * heap and stack regions take the rest of the 32-bit space.
 */
#ifndef GORO_MEMLAYOUT_H
#define GORO_MEMLAYOUT_H

#define DIRECTMAP_END   0x80000000UL    /* RAM in [0x40000000, 0x80000000) */
#define VM_HEAP_BASE    0x80000000UL    /* 768 MiB heap region */
#define VM_HEAP_END     0xb0000000UL
#define VM_STACK_BASE   0xb0000000UL    /* 1.25 GiB stack region: 100,000 goroutines */
#define VM_STACK_END    0xff000000UL
#define VM_DEVMAP_BASE  0xff000000UL    /* 15 MiB: device registers, mapped uncached (kernel/dev.c) */
#define VM_DEVMAP_END   0xfff00000UL

/* NONSPLIT_CALL_ROOM: none: every function goro links has the split-stack check (plat/hosted/memlayout.h). */
#define NONSPLIT_CALL_ROOM      0

#endif
