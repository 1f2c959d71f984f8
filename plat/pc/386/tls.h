/*
 * tls.h - the current goroutine on i386: %gs:0.
 *
 * Each M (CPU) has a block of words, m->tls. The GDT has a data segment
 * (SEL_TLS) whose base is that block and whose limit is its size; %gs
 * holds it, so tls[0] (the current g) is %gs:0 and the split-stack
 * guard the compiler's prologues compare against is %gs:0x30 (tls[12]).
 * Included by runtime.h (C) and by asm.S (the macros).
 */
#ifndef GORO_386_TLS_H
#define GORO_386_TLS_H

#define SEL_TLS         0x28    /* the GDT's TLS data segment (plat/pc/386/gdt.c) */
#define TLS_G           0       /* byte offset of the current g in m->tls */
#define TLS_CPU         8       /* byte offset of the CPU's number (include/machine.h) */
#define TLS_NINTR       12      /* interrupts this CPU has taken (trapentry.S counts, machine_halt reads) */
#define TLS_INTRSTACK   16      /* the top of this CPU's interrupt stack (tls_init, from intr_stack_tops) */
#define TLS_INTRSP      20      /* the interrupt entry's scratch: the interrupted esp (trapentry.S) */

#ifdef __ASSEMBLER__

/* GET_G(%reg) loads the current g; SET_G(%reg) makes reg the current g. */
#define GET_G(reg)      movl %gs:TLS_G, reg
#define SET_G(reg)      movl reg, %gs:TLS_G
/* INTR_ENABLE / INTR_DISABLE (include/machine.h): a goroutine runs with interrupts on, g0 with them off. */
#define INTR_ENABLE     sti
#define INTR_DISABLE    cli

#else

#include <stdint.h>

typedef struct G G;

/* getg returns the goroutine running on this CPU (g0 in the scheduler). */
static inline G *getg(void)
{
	G *gp;
	__asm__ volatile("movl %%gs:0, %0" : "=r"(gp));
	return gp;
}

/* setg makes gp the current goroutine; only the switch code calls it. */
static inline void setg(G *gp)
{
	__asm__ volatile("movl %0, %%gs:0" : : "r"(gp) : "memory");
}

/* cpu_id: this CPU's number, from its per-CPU block (volatile: a goroutine may move between CPUs). */
static inline int cpu_id(void)
{
	int id;
	__asm__ volatile("movl %%gs:8, %0" : "=r"(id));
	return id;
}

/* setstackguard puts guard in the slot the split-stack prologues compare sp with (%gs:0x30). */
static inline void setstackguard(uintptr_t guard)
{
	__asm__ volatile("movl %0, %%gs:0x30" : : "r"(guard) : "memory");
}

/* tls_nintr: the interrupts this CPU has taken (TLS_NINTR: the trap entry counts them, machine_halt reads). */
static inline uint32_t tls_nintr(void)
{
	uint32_t n;
	__asm__ volatile("movl %%gs:12, %0" : "=r"(n) : : "memory");
	return n;
}

/* CPU_SPINWAIT, the same on both: spinwait.h. */
#include "spinwait.h"

#endif /* __ASSEMBLER__ */
#endif
