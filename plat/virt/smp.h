/*
 * smp.h - starting the CPUs beside the boot CPU on ARM virt: the record
 * a CPU starts from, shared by smp.c and secondary.S.
 *
 * cpu_start (smp.c) fills one struct cpu_boot per CPU and hands its
 * address to PSCI CPU_ON as the context id; the new CPU finds it in r0
 * at secondary_entry (secondary.S), with its MMU and caches off, and
 * reads from it everything it must not compute: CPU 0's translation
 * regime and system control register, its own exception-mode stacks,
 * the stack and function it goes on to. The CB_* offsets are what the
 * assembly uses; the C side checks them against the struct at build
 * time.
 */
#ifndef GORO_VIRT_SMP_H
#define GORO_VIRT_SMP_H

/* CPUs this platform starts at most: GICv2 addresses 8 CPU interfaces. */
#define VIRT_MAXCPU     8

/* Each started CPU's exception-mode stacks, as start.S gives CPU 0. */
#define CPU_FAULT_STACK 8192    /* abort and undefined modes: fault reports print from here */
#define CPU_INTR_STACK  4096    /* IRQ and FIQ modes */

#define CB_TTBR0        0       /* 64 bits, read with ldrd */
#define CB_TTBCR        8
#define CB_MAIR0        12
#define CB_MAIR1        16
#define CB_SCTLR        20
#define CB_VBAR         24
#define CB_FIQ_SP       28
#define CB_IRQ_SP       32
#define CB_ABT_SP       36
#define CB_UND_SP       40
#define CB_STACKTOP     44
#define CB_FN           48
#define CB_ID           52
#define CB_SIZE         64      /* one cache line of its own (aligned as much) */

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The start record of one CPU. The fields up to id are written by the
 * boot CPU before CPU_ON and cleaned to memory, where the new CPU reads
 * them with its caches off; stage is written by both, and only once the
 * new CPU's MMU and caches are on (coherent from then on).
 */
struct cpu_boot {
	uint64_t ttbr0;         /* the kernel's tables, as CPU 0's TTBR0 holds them */
	uint32_t ttbcr;         /* CPU 0's TTBCR, MAIR0, MAIR1, SCTLR and VBAR */
	uint32_t mair0;
	uint32_t mair1;
	uint32_t sctlr;
	uint32_t vbar;
	uint32_t fiq_sp;        /* the tops of this CPU's exception-mode stacks */
	uint32_t irq_sp;
	uint32_t abt_sp;
	uint32_t und_sp;
	uint32_t stacktop;      /* cpu_start's stacktop: secondary_main, then fn, run there */
	void (*fn)(int id);     /* called with id, never returns */
	int32_t id;             /* goro's number for this CPU */
	uint32_t mpidr;         /* its affinity (the device tree's reg), for messages */
	uint32_t stage;         /* CPU_* below: how far it got, for a report if it never comes */
} __attribute__((aligned(CB_SIZE)));

enum {
	CPU_OFF,                /* not asked to start */
	CPU_ASKED,              /* CPU_ON is being made */
	CPU_RUNS_C,             /* it runs secondary_main: its MMU and caches are on */
	CPU_UP,                 /* its GIC and timer are set up: cpu_start may return */
};

_Static_assert(offsetof(struct cpu_boot, ttbr0) == CB_TTBR0, "CB_TTBR0");
_Static_assert(offsetof(struct cpu_boot, ttbcr) == CB_TTBCR, "CB_TTBCR");
_Static_assert(offsetof(struct cpu_boot, mair0) == CB_MAIR0, "CB_MAIR0");
_Static_assert(offsetof(struct cpu_boot, mair1) == CB_MAIR1, "CB_MAIR1");
_Static_assert(offsetof(struct cpu_boot, sctlr) == CB_SCTLR, "CB_SCTLR");
_Static_assert(offsetof(struct cpu_boot, vbar) == CB_VBAR, "CB_VBAR");
_Static_assert(offsetof(struct cpu_boot, fiq_sp) == CB_FIQ_SP, "CB_FIQ_SP");
_Static_assert(offsetof(struct cpu_boot, irq_sp) == CB_IRQ_SP, "CB_IRQ_SP");
_Static_assert(offsetof(struct cpu_boot, abt_sp) == CB_ABT_SP, "CB_ABT_SP");
_Static_assert(offsetof(struct cpu_boot, und_sp) == CB_UND_SP, "CB_UND_SP");
_Static_assert(offsetof(struct cpu_boot, stacktop) == CB_STACKTOP, "CB_STACKTOP");
_Static_assert(offsetof(struct cpu_boot, fn) == CB_FN, "CB_FN");
_Static_assert(offsetof(struct cpu_boot, id) == CB_ID, "CB_ID");
_Static_assert(sizeof(struct cpu_boot) == CB_SIZE, "CB_SIZE");

/* secondary.S: where CPU_ON starts a CPU, r0 = its struct cpu_boot. */
void secondary_entry(void);

/*
 * secondary_main: the new CPU's C, with its MMU on, on cb->stacktop:
 * its per-CPU block, timer and GIC, then it reports in (stage CPU_UP)
 * and returns, and secondary.S calls cb->fn(cb->id) on a fresh stack.
 */
void secondary_main(struct cpu_boot *cb);

/* secondary_returned: cb->fn returned, which it must not: a fatal error. */
_Noreturn void secondary_returned(struct cpu_boot *cb);

/* timer.c: the calling CPU's deadline timer off and its tick on, as timer_init leaves CPU 0's. */
void timer_cpu_init(void);

/* timer.c: is the calling CPU (an interrupt handler of it) inside machine_halt's wait? */
bool timer_halting(void);

#endif /* __ASSEMBLER__ */
#endif
