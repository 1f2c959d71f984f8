/*
 * memlayout.h - i386 address-space layout.
 *
 * 4 GiB of address space must hold the direct map of RAM, the heap and
 * the stacks, so the direct map stops at 1 GiB: RAM above it is not
 * used. The top 256 MiB are left for device registers (LAPIC, IOAPIC).
 */
#ifndef GORO_MEMLAYOUT_H
#define GORO_MEMLAYOUT_H

#define DIRECTMAP_END   0x40000000UL    /* RAM below 1 GiB only */
#define VM_HEAP_BASE    0x40000000UL    /* 1.5 GiB heap region */
#define VM_HEAP_END     0xa0000000UL
#define VM_STACK_BASE   0xa0000000UL    /* 1.25 GiB stack region */
#define VM_STACK_END    0xf0000000UL

#endif
