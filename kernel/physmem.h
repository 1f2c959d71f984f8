/*
 * physmem.h - the page-frame allocator: every free 4 KiB page of RAM.
 *
 * Built from the boot memory map minus what is already in use (the
 * kernel image, the DTB, the first MiB on x86, anything past the
 * direct map). Frames are reached through the direct map (virtual
 * address == physical address), so a free frame holds the link to the
 * next one: allocation and freeing are O(1) and need no metadata.
 */
#ifndef GORO_PHYSMEM_H
#define GORO_PHYSMEM_H

#include <stdint.h>

struct bootinfo;

/* physmem_init takes every usable frame of bi's memory map. */
void physmem_init(struct bootinfo *bi);

/* physpage_alloc returns a zeroed frame's physical address, or 0 if none is left. */
uint64_t physpage_alloc(void);

/* physpage_free gives back a frame from physpage_alloc. */
void physpage_free(uint64_t pa);

/* Counts, in pages: free now, and all the allocator ever managed. */
uintptr_t physmem_free_pages(void);
uintptr_t physmem_total_pages(void);

/* The direct map: where the kernel sees physical address pa. */
static inline void *phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

#endif
