/*
 * physwin.h - reading and writing physical memory the kernel does not
 * map, i386 and amd64: firmware tables (ACPI, the MP table, the BIOS
 * data area) and the page the other CPUs start in.
 *
 * The kernel's tables map RAM it may use, its image and its devices,
 * nothing else; firmware tables lie in reserved or ROM ranges, and on
 * i386 possibly above the direct map. One page of address space
 * (VM_PHYSWIN, memlayout.h) is mapped to each frame in turn.
 */
#ifndef GORO_PC_PHYSWIN_H
#define GORO_PC_PHYSWIN_H

#include <stddef.h>
#include <stdint.h>

/* phys_read copies n bytes at physical address pa into dst. */
void phys_read(void *dst, uint64_t pa, size_t n);

/* phys_write copies n bytes from src to physical address pa. */
void phys_write(uint64_t pa, const void *src, size_t n);

#endif
