/*
 * entropy.c - machine_entropy on x86: a value that differs from boot to
 * boot, for the runtime's random seed (include/machine.h). Not for
 * keys: it seeds select's choices and the scheduler's.
 *
 * RDRAND where CPUID says the CPU has it (it may fail transiently: a
 * few tries, as Intel's guide says); otherwise, and on failure, the
 * time-stamp counter, whose value at this point differs per boot.
 */
#include <stdint.h>
#include "machine.h"
#include "x86.h"

#define CPUID1_ECX_RDRAND       (1u << 30)

static int rdrand32(uint32_t *v)
{
	unsigned char ok;
	__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok) : : "cc");
	return ok;
}

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

uint64_t machine_entropy(void)
{
	uint32_t a, b, c, d;
	cpuid(1, &a, &b, &c, &d);
	if (c & CPUID1_ECX_RDRAND) {
		uint32_t lo, hi;
		for (int try = 0; try < 10; try++)
			if (rdrand32(&lo) && rdrand32(&hi))
				return (uint64_t)hi << 32 | lo;
	}
	return rdtsc();
}
