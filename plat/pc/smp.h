/*
 * smp.h - what the other CPUs of a PC need of their own, i386 and
 * amd64: the stacks faults are reported on, shared by smp.c, the trap
 * entry and the per-arch tables. Usable from assembly.
 */
#ifndef GORO_PC_SMP_H
#define GORO_PC_SMP_H

/*
 * Each CPU reports an exception on a stack of its own: trapentry.S
 * switches to fault_stack_tops[cpu_id()], FAULT_STACKS entries (MAXCPU,
 * checked in cpustacks.c), CPU 0's in .bss, the others' set by cpu_start.
 */
#define FAULT_STACK_SIZE        16384
#define FAULT_STACKS            16

/*
 * The other CPUs' fault stacks (cpustacks.c): stack k of CPU cpu is
 * CPU_STACK_SIZE bytes, mapped when first asked for, with an unmapped
 * guard of the same size below it. k is CPU_STACK_FAULT for
 * trapentry.S's, 1-3 for amd64's IST stacks (IST_DOUBLEFAULT, ...), 1
 * for i386's double-fault task.
 */
#define CPU_STACK_SIZE          16384
#define CPU_STACK_FAULT         0
#define CPU_STACK_SLOTS         4       /* per CPU in VM_CPUSTACKS (memlayout.h) */

#ifndef __ASSEMBLER__
#include <stdint.h>

/* trapentry.S: the top of each CPU's fault stack, 0 for a CPU not started. */
extern uintptr_t fault_stack_tops[FAULT_STACKS];

/* cpustacks.c: the top of CPU cpu's (1..MAXCPU-1) stack k, mapped on the first call. */
uintptr_t cpu_stack(int cpu, int k);

#endif

#endif
