/*
 * tls.h - the current goroutine on ARM: [TPIDRURO].
 *
 * Each M (CPU) has a block of words, m->tls. The CP15 register
 * TPIDRURO (read-only to user mode, unused by the kernel otherwise)
 * holds its address, so tls[0] (the current g) is [TPIDRURO] and the
 * split-stack guard the compiler's prologues compare against is
 * [TPIDRURO + 4] (tls[1]). Included by runtime.h (C) and by asm.S.
 */
#ifndef GORO_ARM_TLS_H
#define GORO_ARM_TLS_H

#define TLS_G           0       /* byte offset of the current g in m->tls */
#define TLS_CPU         8       /* byte offset of the CPU's number (include/machine.h) */

#ifdef __ASSEMBLER__

/* GET_TLS(reg): reg = &m->tls of this CPU. */
#define GET_TLS(reg)    mrc p15, 0, reg, c13, c0, 3
/* GET_G(reg): reg = the current g. */
#define GET_G(reg)      GET_TLS(reg); ldr reg, [reg, #TLS_G]
/* SET_G(reg, tmp): make reg the current g; tmp is clobbered. */
#define SET_G(reg, tmp) GET_TLS(tmp); str reg, [tmp, #TLS_G]
/*
 * INTR_ENABLE / INTR_DISABLE (include/machine.h): IRQs on as the switch
 * code enters a goroutine, off as it leaves one. FIQs are never used.
 */
#define INTR_ENABLE     cpsie i
#define INTR_DISABLE    cpsid i

#else

#include <stdint.h>

typedef struct G G;

/* getg returns the goroutine running on this CPU (g0 in the scheduler). */
static inline G *getg(void)
{
	G *gp;
	__asm__ volatile("mrc p15, 0, %0, c13, c0, 3\n\t"
	                 "ldr %0, [%0]" : "=r"(gp));
	return gp;
}

/* setg makes gp the current goroutine; only the switch code calls it. */
static inline void setg(G *gp)
{
	uintptr_t t;
	__asm__ volatile("mrc p15, 0, %0, c13, c0, 3\n\t"
	                 "str %1, [%0]" : "=&r"(t) : "r"(gp) : "memory");
}

/* cpu_id: this CPU's number, from its per-CPU block (volatile: a goroutine may move between CPUs). */
static inline int cpu_id(void)
{
	int id;
	__asm__ volatile("mrc p15, 0, %0, c13, c0, 3\n\t"
	                 "ldr %0, [%0, #8]" : "=r"(id));
	return id;
}

/* setstackguard puts guard in the slot the split-stack prologues compare sp with ([TPIDRURO + 4]). */
static inline void setstackguard(uintptr_t guard)
{
	uintptr_t t;
	__asm__ volatile("mrc p15, 0, %0, c13, c0, 3\n\t"
	                 "str %1, [%0, #4]" : "=&r"(t) : "r"(guard) : "memory");
}


#endif /* __ASSEMBLER__ */
#endif
