/*
 * memlayout.h - amd64 address-space layout.
 *
 * RAM is identity-mapped (the direct map) below DIRECTMAP_END; the
 * kernel image sits in it at 1 MiB. The heap and stack regions are far
 * above 4 GiB, so no 32-bit value (and no small integer) can be a
 * pointer into a stack: copying stacks relies on that (docs/stacks.md).
 * Past the direct map are one page, the window through which the
 * kernel reaches physical memory it does not map (firmware tables, the
 * CPUs' start-up code: plat/pc/physwin.c), and the fault and interrupt
 * stacks of the CPUs beside CPU 0 (plat/pc/cpustacks.c).
 */
#ifndef GORO_MEMLAYOUT_H
#define GORO_MEMLAYOUT_H

#define DIRECTMAP_END   0x0000004000000000ULL   /* 256 GiB of RAM at most */
#define VM_PHYSWIN      0x0000008000000000ULL   /* one page: physwin.c */
#define VM_CPUSTACKS    0x0000008000100000ULL   /* 4 MiB: the other CPUs' fault and interrupt stacks (cpustacks.c) */
#define VM_DEVMAP_BASE  0x0000008040000000ULL   /* 1 GiB: device registers, mapped uncached (kernel/dev.c) */
#define VM_DEVMAP_END   0x0000008080000000ULL
#define VM_HEAP_BASE    0x0000100000000000ULL   /* 16 TiB for SysReserve/SysAlloc */
#define VM_HEAP_END     0x0000200000000000ULL
#define VM_STACK_BASE   0x0000400000000000ULL   /* 16 TiB for stacks */
#define VM_STACK_END    0x0000500000000000ULL

/* NONSPLIT_CALL_ROOM: none: every function goro links has the split-stack check (plat/hosted/memlayout.h). */
#define NONSPLIT_CALL_ROOM      0

#endif
