/*
 * memlayout.h - the hosted address-space layout (replaces the arch's).
 *
 * kernel/mem.c hands out address space from a heap and a stack region;
 * as a Linux process those are two ranges reserved at fixed addresses
 * when the process starts (plat/hosted/mmu.c), far above 4 GiB like amd64's,
 * and in the part of the address space that no sanitizer runtime uses.
 * There is no direct map: "RAM" is a pool of frames the process holds
 * for accounting (plat/hosted/physmem.c), and the page records of the
 * regions (plat/hosted/mmu.c) have a range of their own. All of it is at
 * fixed addresses, away from where Linux places mappings, so an address
 * an appliance or test assumes unmapped (0x7f0000000000) stays so.
 */
#ifndef GORO_MEMLAYOUT_H
#define GORO_MEMLAYOUT_H

#define DIRECTMAP_END   0x0ULL                  /* nothing is identity-mapped */
#define VM_HEAP_BASE    0x0000200000000000ULL   /* 256 GiB for SysReserve/SysAlloc */
#define VM_HEAP_END     0x0000204000000000ULL
#define VM_STACK_BASE   0x0000300000000000ULL   /* 256 GiB for stacks */
#define VM_STACK_END    0x0000304000000000ULL
#define VM_FRAMES_BASE  0x0000280000000000ULL   /* the frame pool: at most 64 GiB */
#define VM_RECORDS_BASE 0x0000290000000000ULL   /* mmu.c's page records */

/*
 * NONSPLIT_CALL_ROOM: the stack a call into code without the split-stack
 * check may use: the host's C library. ld.lld makes such a caller's
 * entry check ask for 16 KiB more (__morestack_non_split); a shrink must
 * leave that much free below a parked goroutine's sp, or its next call
 * into the C library after the yield runs off the stack.
 */
#define NONSPLIT_CALL_ROOM      (16 * 1024)

#endif
