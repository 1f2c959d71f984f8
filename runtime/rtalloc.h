/*
 * rtalloc.h - the runtime's own small-object allocator (no libc).
 *
 * Goroutine records, channels and wait records come from here: size
 * classes from 16 bytes to 2 KiB, each at most a quarter bigger than a
 * request it serves (rtalloc.c), carved from pages of
 * one class each (spans) that go back to the system when all their
 * blocks are free (when the CPU idles, past a bound at once); bigger
 * requests go straight to SysAlloc. Memory is zeroed. Counted in
 * memstats.other_sys.
 */
#ifndef GORO_RTALLOC_H
#define GORO_RTALLOC_H

#include <stddef.h>

void *rtalloc(size_t n);
void rtfree(void *p);
/* rtalloc_scavenge: the CPU is about to idle: all-free pages past a bound go back to the system. */
void rtalloc_scavenge(void);
/* rtalloc_inuse: bytes handed out and not yet freed (blocks whole, large requests in pages). */
uintptr_t rtalloc_inuse(void);
/* rtalloc_size: the bytes rtalloc_inuse counts for a request of n bytes. */
uintptr_t rtalloc_size(size_t n);

#endif
