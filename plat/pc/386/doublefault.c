/*
 * doublefault.c - the double-fault task: report a #DF on a stack of its own.
 *
 * A #DF usually means the trap stubs could not push a frame (the stack
 * pointer was bad or hit a guard page), so no handler can run on the
 * faulting stack. Vector 8 is therefore a task gate: the CPU saves the
 * broken state into kernel_tss and switches to doublefault_tss, whose
 * own stack, CR3 and EIP lead here. The report is built from the state
 * the CPU saved, so pc/sp/registers are those of the faulting code.
 */
#include <stdint.h>
#include "x86.h"
#include "pc.h"
#include "fault.h"
#include "machine.h"
#include "trapframe.h"
#include "tss.h"

#define DOUBLEFAULT_STACK_SIZE 16384

struct tss doublefault_tss;
static uint8_t doublefault_stack[DOUBLEFAULT_STACK_SIZE] __attribute__((aligned(16)));

void doublefault_entry(void);           /* trapentry.S */
_Noreturn void doublefault_main(void);

/*
 * Fills the double-fault task's TSS. CR3 is copied from the current
 * one, so call it again whenever CR3 changes (paging_init, mmu_activate).
 */
void doublefault_init(void)
{
	struct tss *t = &doublefault_tss;

	t->cr3 = read_cr3();
	t->eip = (uint32_t)doublefault_entry;
	t->eflags = 0x2;                /* reserved bit 1; interrupts off */
	t->esp = (uint32_t)(doublefault_stack + sizeof(doublefault_stack));
	t->cs = SEL_KCODE;
	t->ss = t->ds = t->es = SEL_KDATA;
	t->fs = 0;
	t->gs = SEL_TLS;                /* the per-CPU block, so the report can find g */
	t->iomap = sizeof(struct tss);
}

/* Runs in the double-fault task; reports the state saved in kernel_tss. */
_Noreturn void doublefault_main(void)
{
	const struct tss *s = &kernel_tss;
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
