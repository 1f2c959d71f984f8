/*
 * spinwait.h - the PC's CPU_SPINWAIT, which both tls.h (386, amd64)
 * include: what a spin-wait with interrupts off must still do here.
 */
#ifndef GORO_PC_SPINWAIT_H
#define GORO_PC_SPINWAIT_H

#include <stdint.h>

/*
 * CPU_SPINWAIT (include/machine.h): a CPU waiting for a spin lock with
 * interrupts off still answers a TLB shootdown (plat/pc/tlb.c), which
 * the lock's holder may be waiting for. (No pause: under QEMU's TCG it
 * leaves the CPU loop, and the other CPUs' interrupts, the shootdown's
 * answer among them, came some 15 times slower.)
 */
extern uint32_t tlb_pending;
void tlb_answer(void);
static inline void cpu_spinwait(void)
{
	if (__atomic_load_n(&tlb_pending, __ATOMIC_RELAXED))
		tlb_answer();
}
#define CPU_SPINWAIT()  cpu_spinwait()

#endif
