/*
 * fpu.c - make the x87 (and SSE, when present) usable by kernel and appliance.
 *
 * There is one address space and no lazy FPU switching: the unit is
 * simply switched on and reset, and errors are reported as exceptions
 * (#MF, #XM) rather than through the legacy PIC line. Interrupts and
 * preemption save the unit's whole state with fxsave (trapentry.S,
 * arch/386/preempt.S), so goro needs a CPU that has it (every one since
 * the Pentium II); CR4.OSFXSR makes fxsave include the SSE registers.
 * The multiboot entry (boot/386/multiboot.S) has done the same before
 * any C ran, if the CPU has fxsave; this is the check that reports it
 * if not, and the state kmain continues with whichever loader ran.
 */
#include <stdint.h>
#include "x86.h"
#include "pc.h"
#include "machine.h"

void fpu_init(void)
{
	uint32_t a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	if (!(d & CPUID1_EDX_FXSR))
		fatal("this CPU has no fxsave/fxrstor: interrupts could not save the FPU state");
	write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
	__asm__ volatile("fninit");     /* default control word: all exceptions masked */

	write_cr4(read_cr4() | CR4_OSFXSR | ((d & CPUID1_EDX_SSE) ? CR4_OSXMMEXCPT : 0));
}
