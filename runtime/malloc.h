/*
 * malloc.h - the runtime's memory contract: the Sys* functions.
 *
 * As in the Go runtime, everything the runtime allocates comes from
 * these few calls, implemented once per platform (kernel/mem.c on bare
 * metal, over goro's own page tables). Sizes are rounded up to whole
 * pages; addresses must be page-aligned. Every byte handed out is
 * accounted to a statistic the caller names (&mstats.heap_sys, ...):
 * the stack statistic also selects the stack region of the address
 * space, so stacks and heap never share addresses.
 *
 * SysAlloc obtains a large chunk of zeroed memory from the system,
 * typically on the order of a hundred kilobytes or a megabyte.
 *
 * SysFree returns it unconditionally; this is only used if an
 * out-of-memory error has been detected midway through an allocation,
 * or by stack code that wants the memory gone (stackfromsystem).
 *
 * SysReserve reserves address space without allocating memory. If the
 * pointer passed to it is non-NULL, the caller wants the reservation
 * there, but SysReserve can still choose another location if that one
 * is unavailable.
 *
 * SysMap maps previously reserved address space for use (zeroed).
 *
 * SysUnused notifies the system that the contents of the memory region
 * are no longer needed: goro frees its pages at once but keeps the
 * range reserved; touching it before SysUsed faults.
 *
 * SysUsed notifies the system that the region is needed again: it is
 * backed by fresh zeroed pages.
 *
 * SysFault marks an (already SysAlloc'd) region to fault if accessed;
 * the fault report names the range and who marked it. Used only for
 * debugging the runtime (stackfaultonfree).
 *
 * Beyond Go's contract, for stacks that move without being copied on
 * 32-bit machines (docs/stacks.md, "Moving by remapping"):
 *
 * SysReserveAbove reserves like SysReserve, at the lowest free address
 * at or above v in v's region, and returns NULL (not a fatal error) if
 * there is none.
 *
 * SysMoveAlias moves the pages of the mapped range src to the reserved
 * range dst without copying: dst maps the same frames and is counted as
 * src was, and src keeps mapping them as an alias (counted nowhere), so
 * both addresses reach the same memory.
 *
 * SysUnalias ends an alias: the range is reserved again, and the frames
 * stay with the range that owns them.
 *
 * Running out of physical memory or address space is not a NULL
 * return: it is "fatal error: out of memory" with the request and the
 * counts, exit status 2. Misuse (freeing what was never allocated,
 * mapping what was never reserved) is a fatal error naming the range.
 */
#ifndef GORO_MALLOC_H
#define GORO_MALLOC_H

#include <stdint.h>
#include "arch.h"      /* PageSize */

/* Bytes obtained from the system, per user (Go's mstats *_sys fields). */
struct mstats {
	uint64_t heap_sys;      /* the appliance heap (newlib's sbrk arena) */
	uint64_t stacks_sys;    /* goroutine stacks */
	uint64_t other_sys;     /* everything else the runtime allocates */
};
extern struct mstats mstats;

void *SysAlloc(uintptr_t nbytes, uint64_t *stat);
void  SysFree(void *v, uintptr_t nbytes, uint64_t *stat);
void  SysUnused(void *v, uintptr_t nbytes);
void  SysUsed(void *v, uintptr_t nbytes);
void  SysMap(void *v, uintptr_t nbytes, uint64_t *stat);
void *SysReserve(void *v, uintptr_t nbytes);
void  SysFault(void *v, uintptr_t nbytes);
void *SysReserveAbove(void *v, uintptr_t nbytes);
void  SysMoveAlias(void *dst, void *src, uintptr_t nbytes);
void  SysUnalias(void *v, uintptr_t nbytes);

#endif
