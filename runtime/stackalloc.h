/*
 * stackalloc.h - what runtime/stack.c (moving stacks) uses of
 * runtime/stackalloc.c (allocating them): the counts, and
 * stacks without a G attached. Internal to those two files.
 */
#ifndef GORO_STACKALLOC_H
#define GORO_STACKALLOC_H

#include <stdbool.h>
#include <stdint.h>
#include "runtime.h"

/* What goro_stackstats reports. */
struct stackcounts {
	/* (The bytes in use are counted per M: stack_inuse_add.) */
	uintptr_t mapped;
	/* Counted by every CPU with atomics: 8-byte aligned, so 32-bit CPUs do them inline. */
	_Alignas(8) uint64_t grows;
	_Alignas(8) uint64_t shrinks;
	_Alignas(8) uint64_t copied;
	_Alignas(8) uint64_t relocated; /* words changed by conservative relocation */
	uintptr_t aliased;      /* bytes of old places of moved stacks still mapped (stackalias.c) */
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
/* big_extend maps [newlo, b->lo) (false: out of memory, nothing mapped); big_trim gives back [b->lo, newlo). */
bool big_extend(struct bigstack *b, uintptr_t newlo);
void big_trim(struct bigstack *b, uintptr_t newlo);
/* big_alloc gives a big stack of at least n bytes; big_free takes one back; big_of is gp's. */
struct bigstack big_alloc(uintptr_t n);
void big_free(struct bigstack b);
struct bigstack big_of(G *gp);

/* stack_mapped_add counts n more (or fewer) bytes of stack mapped. */
void stack_mapped_add(uintptr_t n);

/* The per-arch facts of the prologue protocol (MB_*, mb_framesize, ...): include/machine.h. */

/* morestack_traceback prints gp, stopped at a failed prologue check (registers in mb), then the others. */
void morestack_traceback(G *gp, uintptr_t *mb);
/* stack_oom reports that gp's stack cannot get the memory to grow to newsize: a stack overflow. */
_Noreturn void stack_oom(G *gp, uintptr_t *mb, uintptr_t newsize);

/*
 * Stacks that move by remapping, not copying (32-bit machines in the
 * default mode; runtime/stackalias.c).
 */
bool aliasstacks(void);
uintptr_t alias_translate(G *gp, uintptr_t v);
bool alias_holds(G *gp, uintptr_t v);
int alias_fixframes(G *gp, uintptr_t *mb);
void alias_move(G *gp, uintptr_t *mb, uintptr_t newsize);
void alias_trim(G *gp, uintptr_t keep);
void alias_release(G *gp);
void alias_collect(G *gp, M *mp);
bool alias_describe(G *gp, uintptr_t addr);

#endif
