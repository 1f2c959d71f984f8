/*
 * memlayout.h - the unit tests' address-space layout: they are a
 * platform of their own (tests/unit/run).
 *
 * Small regions, so that tests/unit/treap.c can keep a record of every
 * page of them and a page table in a plain array: 2048 pages of heap,
 * a gap that belongs to no region, 1024 pages of stacks. Nothing is
 * ever mapped there: kernel/mem.c only records the addresses and hands
 * them to the test's fake mmu_map.
 */
#ifndef GORO_MEMLAYOUT_H
#define GORO_MEMLAYOUT_H

#define DIRECTMAP_END   0x40000000ULL   /* "RAM" below it is in the direct map */
#define VM_HEAP_BASE    0x40000000ULL   /* 8 MiB */
#define VM_HEAP_END     0x40800000ULL
#define VM_STACK_BASE   0x41000000ULL   /* 4 MiB, 8 MiB of nothing below it */
#define VM_STACK_END    0x41400000ULL

/* NONSPLIT_CALL_ROOM: none: every function goro links has the split-stack check (plat/hosted/memlayout.h). */
#define NONSPLIT_CALL_ROOM      0

#endif
