/*
 * fpu.c - x87 and SSE on, in their default state.
 *
 * Appliance code uses floating point (newlib's printf %f) and the
 * compiler uses SSE registers even for plain copies, so both units must
 * work before any C runs: the boot entry (boot/amd64/early.S) already
 * enabled them. fpu_init does it again in C for platform_init, so the state
 * kmain continues with does not depend on which loader ran, and resets
 * the control words. CR4.OSFXSR makes fxsave include the SSE registers:
 * an interrupt saves the whole state with it (trapentry.S), as does
 * asyncPreempt (arch/amd64/preempt.S); exceptions, which never return,
 * save none.
 */
#include <stdint.h>
#include "cpu.h"
#include "pc.h"

void fpu_init(void)
{
	uint32_t mxcsr = MXCSR_DEFAULT;

	write_cr0((read_cr0() & ~(uint64_t)(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	__asm__ volatile("fninit");
	__asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
}
