/*
 * mem.h - the kernel side of the Sys* contract (runtime/malloc.h):
 * setup, the non-fatal variants newlib's sbrk needs, and the fault
 * reports' "what is this address" answer.
 */
#ifndef GORO_MEM_H
#define GORO_MEM_H

#include <stdint.h>

struct bootinfo;

/* vm_init builds the kernel's address space and switches to it (kernel/vm.c). */
void vm_init(struct bootinfo *bi);

/* mem_init sets up the heap and stack regions; after vm_init. */
void mem_init(void);

/* mem_map_try is SysMap that returns -1 (mapping nothing) when out of physical memory. */
int mem_map_try(void *v, uintptr_t nbytes, uint64_t *stat);

/* mem_unmap undoes SysMap: the frames are freed, the range stays reserved. */
void mem_unmap(void *v, uintptr_t nbytes, uint64_t *stat);

/* mem_describe prints one line saying what addr belongs to (for fault reports). */
void mem_describe(uintptr_t addr);

#endif
