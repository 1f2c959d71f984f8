/*
 * smp.h - starting the other CPUs of a PC, i386 and amd64: what smp.c,
 * the start-up code (trampoline16.S, then <arch>/trampoline.S) and the
 * trap entry share. Usable from assembly: the offsets below are checked
 * against the C struct in smp.c.
 *
 * A CPU started with INIT and START-UP IPIs runs trampoline16.S's copy
 * in a page below 1 MiB, in real mode; from there into 32-bit protected
 * mode in the kernel image (ap_start32, <arch>/trampoline.S), which
 * loads the CPU's own GDT and the boot CPU's control registers from
 * ap_boot (the kernel's own page tables; amd64: long mode), and calls
 * ap_main (smp.c) on the stack cpu_start was given.
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
 * Each CPU takes hardware interrupts (vectors 32 and up) on a stack of
 * its own, never on the goroutine it interrupts (include/machine.h):
 * intr_stack_tops[cpu_id()], CPU 0's in .bss, the others' set by
 * cpu_start. amd64 names it in the TSS (IST_INTR); i386's entry moves
 * there itself (trapentry.S, through TLS_INTRSTACK in the per-CPU
 * block). An interrupt never nests on it: handlers run with interrupts
 * off, and a fault inside one is reported on the fault stack.
 */
#define INTR_STACK_SIZE         16384

/*
 * The other CPUs' fault and interrupt stacks (cpustacks.c): stack k of
 * CPU cpu is CPU_STACK_SIZE bytes, mapped when first asked for, with an
 * unmapped guard of the same size below it. k is CPU_STACK_FAULT for
 * trapentry.S's, 1-3 for amd64's IST stacks (IST_DOUBLEFAULT, ...), 1
 * for i386's double-fault task, CPU_STACK_INTR for the interrupt stack.
 */
#define CPU_STACK_SIZE          16384
#define CPU_STACK_FAULT         0
#define CPU_STACK_INTR          4
#define CPU_STACK_SLOTS         5       /* per CPU in VM_CPUSTACKS (memlayout.h) */

/* struct ap_boot's byte offsets. */
#define AP_GDTR         6       /* lgdt's operand: the 16-bit limit, then the base */
#define AP_CR0          16
#define AP_CR3          24
#define AP_CR4          32
#define AP_EFER         40
#define AP_STACK        48
#define AP_ID           56

#ifndef __ASSEMBLER__
#include <stdint.h>

/*
 * What the next CPU to start needs before it can run C, filled in by
 * cpu_start for one CPU at a time (the next waits until this one has
 * reported in). Read in 32-bit code before paging: it is in the
 * kernel image, where physical and virtual addresses agree.
 */
struct ap_boot {
	uint16_t pad[3];
	uint16_t gdt_limit;     /* the CPU's own GDT: limit then base is lgdt's operand; */
	uint64_t gdt_base;      /* 32-bit code reads the base's low half (the image is below 4 GiB) */
	uint64_t cr0;           /* the boot CPU's: paging, write protect, caches on */
	uint64_t cr3;           /* the kernel's tables: below 4 GiB, 32-bit code loads it */
	uint64_t cr4;           /* the boot CPU's: PAE, SSE, ... */
	uint64_t efer;          /* the EFER value to load (mmu_efer), or 0: leave EFER alone */
	uint64_t stack;         /* ap_main's stack: the one cpu_start was given */
	uint64_t id;            /* the CPU's number */
};
extern struct ap_boot ap_boot;

/* trapentry.S: the top of each CPU's fault stack and interrupt stack, 0 for a CPU not started. */
extern uintptr_t fault_stack_tops[FAULT_STACKS];
extern uintptr_t intr_stack_tops[FAULT_STACKS];

/* cpustacks.c: the top of CPU cpu's (1..MAXCPU-1) stack k, mapped on the first call. */
uintptr_t cpu_stack(int cpu, int k);

/* trampoline16.S: the real-mode start, copied to the start-up page. */
extern const char trampoline16[], trampoline16_end[];

/* <arch>/trampoline.S: where trampoline16 jumps, in 32-bit protected mode with paging off. */
void ap_start32(void);

/* smp.c: a started CPU's first C, on ap_boot's stack; ends in fn(id) on stacktop. */
_Noreturn void ap_main(int id);

/* smp.c: the CPUs that have reported in (bit i: CPU i), and a fixed IPI to CPU id on vector. */
extern uint32_t cpus_upmask;
void cpu_ipi(int id, unsigned vector);

/*
 * tlb.c: a halted CPU is not interrupted for a shootdown; it flushes as
 * it leaves the halt. machine_halt calls tlb_halt_enter before its wait
 * and tlb_halt_exit after it, with interrupts off.
 */
void tlb_halt_enter(void);
void tlb_halt_exit(void);

/* timer.c: sleep until the next interrupt outside machine_halt, interrupts off before and after. */
void cpu_sleep(void);

/* <arch>/trampoline.S: ap_call switches to stacktop and calls fn(id) there; fn must not return. */
_Noreturn void ap_call(void (*fn)(int), int id, uintptr_t stacktop);
#endif

#endif
