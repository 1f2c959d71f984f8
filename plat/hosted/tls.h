/*
 * tls.h - the current goroutine on the hosted platform: a thread variable.
 *
 * The hosted platform's part of include/machine.h's "current g". On the
 * PC, amd64's per-CPU block is %fs:0 (plat/pc/amd64/tls.h); as a Linux
 * process, glibc owns %fs (it points at the thread's control block), so
 * the current g is a __thread variable of the executable instead: one
 * per thread, that is, per M. The executable's own thread variables sit
 * at a fixed offset from %fs known at link time (the local-exec model),
 * so getg/setg and the GET_G/SET_G macros arch/amd64/asm.S uses are
 * still one instruction: movq %fs:goro_g@tpoff.
 */
#ifndef GORO_HOSTED_TLS_H
#define GORO_HOSTED_TLS_H

/*
 * TLS_G: where the current g sits in m->tls on bare metal; runtime/sys.c
 * checks it. Hosted, m->tls is unused (the g is goro_g), so the
 * layout it describes holds trivially.
 */
#define TLS_G           0

#ifdef __ASSEMBLER__

/* GET_G(%reg) loads the current g; SET_G(%reg) makes reg the current g. */
#define GET_G(reg)      movq %fs:goro_g@tpoff, reg
#define SET_G(reg)      movq reg, %fs:goro_g@tpoff
/* INTR_ENABLE / INTR_DISABLE (include/machine.h): nothing hosted, where signals play interrupts and arrive anywhere. */
#define INTR_ENABLE
#define INTR_DISABLE

#else

#include <stdint.h>

typedef struct G G;

/* The current goroutine of this thread, and the number of the CPU it stands for (plat/hosted/tls.c). */
extern __thread G *goro_g __attribute__((tls_model("local-exec")));
extern __thread int goro_cpuid __attribute__((tls_model("local-exec")));

/*
 * getg returns the goroutine running on this thread (g0 in the
 * scheduler). Inline assembly, as on bare metal, so every call reads
 * %fs afresh: the value changes under the compiler's feet in mcall/gogo.
 */
static inline G *getg(void)
{
	G *gp;
	__asm__ volatile("movq %%fs:goro_g@tpoff, %0" : "=r"(gp));
	return gp;
}

/* setg makes gp the current goroutine; only the switch code calls it. */
static inline void setg(G *gp)
{
	__asm__ volatile("movq %0, %%fs:goro_g@tpoff" : : "r"(gp) : "memory");
}

/* cpu_id: the number of the CPU this thread stands for. */
static inline int cpu_id(void)
{
	return goro_cpuid;
}

/*
 * setstackguard puts guard in the slot the split-stack prologues compare
 * sp with: %fs:0x70, which glibc's thread control block reserves for
 * split stacks (tcbhead_t.__private_ss), as on bare metal.
 */
static inline void setstackguard(uintptr_t guard)
{
	__asm__ volatile("movq %0, %%fs:0x70" : : "r"(guard) : "memory");
}



#endif /* __ASSEMBLER__ */
#endif
