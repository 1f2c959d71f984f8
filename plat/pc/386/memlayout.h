/*
 * memlayout.h - i386 address-space layout.
 *
 * 4 GiB of address space must hold the direct map of RAM, the heap and
 * the stacks, so the direct map stops at 1 GiB: RAM above it is not
 * used. The top 256 MiB are left for device registers (LAPIC, IOAPIC)
 * and, at their start, the one-page window through which the kernel
 * reaches physical memory it does not map (firmware tables, the CPUs'
 * start-up code: plat/pc/physwin.c) and the fault and interrupt stacks
 * of the CPUs beside CPU 0 (plat/pc/cpustacks.c).
 */
#ifndef GORO_MEMLAYOUT_H
#define GORO_MEMLAYOUT_H

#define DIRECTMAP_END   0x40000000UL    /* RAM below 1 GiB only */
#define VM_HEAP_BASE    0x40000000UL    /* 1 GiB heap region */
#define VM_HEAP_END     0x80000000UL
#define VM_STACK_BASE   0x80000000UL    /* 1.75 GiB stack region: 100,000 goroutines */
#define VM_STACK_END    0xf0000000UL
#define VM_PHYSWIN      0xf0000000UL    /* one page: physwin.c */
#define VM_CPUSTACKS    0xf0100000UL    /* 4 MiB: the other CPUs' fault and interrupt stacks (cpustacks.c) */
#define VM_DEVMAP_BASE  0xf0800000UL    /* 120 MiB: device registers, mapped uncached (kernel/dev.c) */
#define VM_DEVMAP_END   0xf8000000UL

/* NONSPLIT_CALL_ROOM: none: every function goro links has the split-stack check (plat/hosted/memlayout.h). */
#define NONSPLIT_CALL_ROOM      0

#endif
