/*
 * efimap.h - the UEFI memory map's parser (efimap.c).
 */
#ifndef GORO_EFIMAP_H
#define GORO_EFIMAP_H

#include <stdint.h>
#include "bootinfo.h"

/* The size of the UEFI spec's EFI_MEMORY_DESCRIPTOR; the firmware's stride may be larger. */
#define EFIMAP_DESC_MIN 40

/*
 * efimap_ranges sets bi's RAM ranges from the memory map GetMemoryMap
 * returned: size bytes at map, one descriptor every dsize bytes. Returns
 * the number of ranges, or -1 if dsize is smaller than a descriptor.
 */
int efimap_ranges(struct bootinfo *bi, const void *map, uint64_t size, uint64_t dsize);

#endif
