/*
 * entropy.c - machine_entropy on ARM: a value that differs from boot to
 * boot, for the runtime's random seed (include/machine.h). Not for
 * keys: it seeds select's choices and the scheduler's.
 *
 * The generic timer's virtual count (CNTVCT): at this point of the boot
 * it is the time the firmware and the boot took, different each run.
 */
#include <stdint.h>
#include "machine.h"

uint64_t machine_entropy(void)
{
	uint32_t lo, hi;
	__asm__ volatile("isb\n\tmrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi));
	return (uint64_t)hi << 32 | lo;
}
