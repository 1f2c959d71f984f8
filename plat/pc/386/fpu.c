/*
 * fpu.c - make the x87 (and SSE, when present) usable by kernel and appliance.
 *
 * There is one address space and no lazy FPU switching: the unit is
 * simply switched on and reset, and errors are reported as exceptions
 * (#MF, #XM) rather than through the legacy PIC line.
 */
#include <stdint.h>
#include "x86.h"
#include "pc.h"

void fpu_init(void)
{
	uint32_t a, b, c, d;

	write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
	__asm__ volatile("fninit");     /* default control word: all exceptions masked */

	cpuid(1, &a, &b, &c, &d);
	if ((d & CPUID1_EDX_FXSR) && (d & CPUID1_EDX_SSE))
		write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
}
