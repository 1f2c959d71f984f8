/*
 * doublefault.c - the double-fault task: report a #DF on a stack of its own.
 *
 * A #DF usually means the trap stubs could not push a frame (the stack
 * pointer was bad or hit a guard page), so no handler can run on the
 * faulting stack. Vector 8 is therefore a task gate: the CPU saves the
 * broken state into its TSS and switches to its double-fault task,
 * whose own stack, CR3 and EIP lead here. Each CPU has its own such
 * task (the gate's selector resolves in each CPU's GDT) with its own
 * stack: CPU 0's in .bss, the others' mapped when they start. The
 * report is built from the state the CPU saved, so pc/sp/registers are
 * those of the faulting code.
 */
#include <stdint.h>
#include "x86.h"
#include "pc.h"
#include "fault.h"
#include "machine.h"
#include "trapframe.h"
#include "tss.h"
#include "smp.h"

#define DOUBLEFAULT_STACK_SIZE 16384
#define CPU_STACK_DOUBLEFAULT   1       /* the other CPUs' stack slot (cpustacks.c) */

_Static_assert(DOUBLEFAULT_STACK_SIZE == CPU_STACK_SIZE, "the other CPUs' #DF stacks are cpustacks.c's");

static struct tss dftss[MAXCPU];
static NOINIT uint8_t doublefault_stack[DOUBLEFAULT_STACK_SIZE] __attribute__((aligned(16)));

void doublefault_entry(void);           /* trapentry.S */
_Noreturn void doublefault_main(void);

/*
 * doublefault_tss fills CPU cpu's double-fault TSS and returns it. CR3
 * is copied from the current one: call it again whenever CR3 changes.
 * One copy for its callers (each inlined copy is translated at boot).
 */
__attribute__((noinline)) struct tss *doublefault_tss(int cpu)
{
	struct tss *t = &dftss[cpu];

	t->cr3 = read_cr3();
	t->eip = (uint32_t)doublefault_entry;
	t->eflags = 0x2;                /* reserved bit 1; interrupts off */
	t->esp = cpu == 0 ? (uint32_t)(doublefault_stack + sizeof(doublefault_stack))
			  : (uint32_t)cpu_stack(cpu, CPU_STACK_DOUBLEFAULT);
	t->cs = SEL_KCODE;
	t->ss = t->ds = t->es = SEL_KDATA;
	t->fs = 0;
	t->gs = SEL_TLS;                /* the CPU's per-CPU block, so the report can find g */
	t->iomap = sizeof(struct tss);
	return t;
}

/* doublefault_init refreshes CPU 0's CR3 (after paging_init, after mmu_activate: before any other CPU runs). */
void doublefault_init(void)
{
	(void)doublefault_tss(0);
}

/* Runs in the double-fault task; reports the state saved in the CPU's own TSS. */
_Noreturn void doublefault_main(void)
{
	const struct tss *s = kernel_tss_here();
	struct trapframe tf = {
		.gs = s->gs, .fs = s->fs, .es = s->es, .ds = s->ds,
		.edi = s->edi, .esi = s->esi, .ebp = s->ebp, .esp_pusha = s->esp,
		.ebx = s->ebx, .edx = s->edx, .ecx = s->ecx, .eax = s->eax,
		.vector = T_DOUBLEFAULT, .err = 0,
		.eip = s->eip, .cs = s->cs, .eflags = s->eflags,
		.esp = s->esp, .ss = s->ss,
	};
	struct faultinfo fi;

	x86_faultinfo(&fi, T_DOUBLEFAULT, 0, read_cr2());
	fi.pc = tf.eip;
	fi.sp = tf.esp;
	fault_report(&fi, &tf);
}
