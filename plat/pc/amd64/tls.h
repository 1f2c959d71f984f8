/*
 * tls.h - the current goroutine on amd64: %fs:0.
 *
 * Each M (CPU) has a block of words, m->tls; IA32_FS_BASE points at it,
 * so tls[0] (the current g) is %fs:0 and the split-stack guard the
 * compiler's prologues compare against is %fs:0x70 (tls[14]). Nothing
 * may reload the %fs selector afterwards: in long mode that would reset
 * the base. Included by runtime.h (C) and by asm.S (the macros).
 */
#ifndef GORO_AMD64_TLS_H
#define GORO_AMD64_TLS_H

#define TLS_G           0       /* byte offset of the current g in m->tls */
#define TLS_CPU         16      /* byte offset of the CPU's number (include/machine.h) */
#define TLS_NINTR       24      /* interrupts this CPU has taken (trapentry.S counts, machine_halt reads) */

#ifdef __ASSEMBLER__

/* GET_G(%reg) loads the current g; SET_G(%reg) makes reg the current g. */
#define GET_G(reg)      movq %fs:TLS_G, reg
#define SET_G(reg)      movq reg, %fs:TLS_G
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
	__asm__ volatile("movq %%fs:0, %0" : "=r"(gp));
	return gp;
}

/* setg makes gp the current goroutine; only the switch code calls it. */
static inline void setg(G *gp)
{
	__asm__ volatile("movq %0, %%fs:0" : : "r"(gp) : "memory");
}

/* cpu_id: this CPU's number, from its per-CPU block (volatile: a goroutine may move between CPUs). */
static inline int cpu_id(void)
{
	int id;
	__asm__ volatile("movl %%fs:16, %0" : "=r"(id));
	return id;
}

/* setstackguard puts guard in the slot the split-stack prologues compare sp with (%fs:0x70). */
static inline void setstackguard(uintptr_t guard)
{
	__asm__ volatile("movq %0, %%fs:0x70" : : "r"(guard) : "memory");
}

/* tls_nintr: the interrupts this CPU has taken (TLS_NINTR: the trap entry counts them, machine_halt reads). */
static inline uint32_t tls_nintr(void)
{
	uint32_t n;
	__asm__ volatile("movl %%fs:24, %0" : "=r"(n) : : "memory");
	return n;
}

/* CPU_SPINWAIT, the same on both: spinwait.h. */
#include "spinwait.h"

#endif /* __ASSEMBLER__ */
#endif
