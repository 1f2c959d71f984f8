/*
 * cpustacks.c - the fault and interrupt stacks of the CPUs beside CPU 0.
 *
 * Every CPU reports a fault on stacks of its own (trapentry.S's fault
 * stack; amd64's IST stacks, i386's double-fault task's) and takes its
 * interrupts on another (smp.h, INTR_STACK_SIZE). CPU 0's are
 * in .bss, as they are needed before there are page frames; the others'
 * are mapped from page frames only for the CPUs that start, in a region
 * of their own (VM_CPUSTACKS, memlayout.h): CPU_STACK_SLOTS stacks per
 * CPU, each with an unmapped guard below it, so a report that overruns
 * its stack faults instead of running over another. Only the boot CPU
 * calls this, in cpu_start, before the CPU runs: the new mappings need
 * no TLB shootdown.
 */
#include "smp.h"
#include "machine.h"
#include "platform.h"

_Static_assert(FAULT_STACKS == MAXCPU, "trapentry.S has a fault stack for each CPU");
_Static_assert((uint64_t)MAXCPU * CPU_STACK_SLOTS * 2 * CPU_STACK_SIZE <= 0x400000,
	       "the other CPUs' stacks fit the 4 MiB of VM_CPUSTACKS");
_Static_assert(INTR_STACK_SIZE == CPU_STACK_SIZE, "the other CPUs' interrupt stacks are cpustacks.c's");

uintptr_t cpu_stack(int cpu, int k)
{
	if (cpu < 1 || cpu >= MAXCPU || k < 0 || k >= CPU_STACK_SLOTS)
		fatal("cpu_stack: no stack %d of cpu %d", k, cpu);
	uintptr_t lo = VM_CPUSTACKS + ((uintptr_t)(cpu * CPU_STACK_SLOTS + k) * 2 + 1) * CPU_STACK_SIZE;
	if (mmu_lookup(lo, NULL, NULL, NULL))
		return lo + CPU_STACK_SIZE;     /* made already */
	for (uintptr_t va = lo; va < lo + CPU_STACK_SIZE; va += PageSize) {
		uint64_t pa = physpage_alloc();
		if (pa == 0 || mmu_map(va, pa, MMU_R | MMU_W) < 0)
			fatal("out of memory: cpu %d's stack %d (%lu of %lu pages free)", cpu, k,
			      (unsigned long)physmem_free_pages(), (unsigned long)physmem_total_pages());
	}
	return lo + CPU_STACK_SIZE;
}
