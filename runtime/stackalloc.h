/*
 * stackalloc.h - what runtime/stack.c (moving stacks) uses of
 * runtime/stackalloc.c (allocating them): the options, the counts, and
 * stacks without a G attached. Internal to those two files.
 */
#ifndef GORO_STACKALLOC_H
#define GORO_STACKALLOC_H

#include <stdbool.h>
#include <stdint.h>
#include "runtime.h"

/* The stack options, read once (stack_init). */
struct stackopts {
	int debug;              /* stackdebug=0..4 */
	bool fromsystem;        /* stackfromsystem=1 */
	bool faultonfree;       /* stackfaultonfree=1 */
	bool copy;              /* copystack=1 (default) */
	bool printstats;        /* stackstats=1 */
	uintptr_t max;          /* maxstack= */
};
extern struct stackopts stackopt;

/* What goro_stackstats reports. */
struct stackcounts {
	uintptr_t inuse, mapped;
	uint64_t grows, shrinks, copied;
};
extern struct stackcounts stackstat;

/* stacksize_for: the size a stack of n bytes really gets (whole pages in the system modes). */
uintptr_t stacksize_for(uintptr_t n);
/* stackalloc_raw returns lo of a fresh stack of n = stacksize_for(n) bytes; stackfree_raw takes one back. */
uintptr_t stackalloc_raw(uintptr_t n);
void stackfree_raw(G *gp, uintptr_t lo, uintptr_t hi, bool system);
/* setbounds makes [lo, hi) gp's stack, with its guard. */
void setbounds(G *gp, uintptr_t lo, uintptr_t hi);

/*
 * Big stacks (amd64, StackBig and more): the top of an address-space
 * reservation; they grow and shrink in place. resbase is the
 * reservation's start; [resbase, unusedlo) was never mapped,
 * [unusedlo, lo) was given back by a shrink, [lo, hi) is the stack.
 */
enum { StackBig = 64 << 10 };
struct bigstack {
	uintptr_t resbase, unusedlo, lo, hi;
};
/* bigstacks: do big stacks grow in place here (64-bit, not stackfromsystem/stackfaultonfree)? */
bool bigstacks(void);
/* big_extend maps [newlo, b->lo); big_trim gives back [b->lo, newlo). */
void big_extend(struct bigstack *b, uintptr_t newlo);
void big_trim(struct bigstack *b, uintptr_t newlo);
/* big_alloc gives a big stack of at least n bytes; big_free takes one back; big_of is gp's. */
struct bigstack big_alloc(uintptr_t n);
void big_free(struct bigstack b);
struct bigstack big_of(G *gp);

#endif
