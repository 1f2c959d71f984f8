/*
 * trapentry.S - i386 trap entry stubs: exceptions 0-31, the legacy PICs'
 * sixteen lines (32-47) and the local APIC's vectors (lapic.h). Each
 * stub's macro appends its vector and entry to one table, idt_stubs,
 * which idt_init walks in a single loop.
 *
 * Each exception has a tiny stub that makes the stack look the same for
 * every trap (a dummy error code where the CPU pushes none, then the
 * vector number) and jumps to trap_common, which saves the rest of
 * struct trapframe (trapframe.h) and calls trap_handler(tf) on a
 * 16-byte aligned stack. If trap_handler returns, the trap is resumed.
 * Vector 8 (#DF) is a task gate and never comes here; its task starts
 * at doublefault_entry below. An exception is reported on the CPU's
 * own fault stack, which its per-CPU block names (cpu_id(): %gs:TLS_CPU,
 * an index into fault_stack_tops); a block that names no CPU falls back
 * to CPU 0's.
 *
 * A hardware interrupt (vectors 32 and up, the INTR stubs) may stop a
 * goroutine between any two instructions (include/machine.h,
 * "Interrupts while goroutines run"), and a goroutine's stack may be
 * small, so it is handled on the CPU's own interrupt stack. i386 has
 * no IST: a ring-0 interrupt pushes eflags, cs and eip (12 bytes) on
 * the stack it interrupts, and the stub moves to the interrupt stack
 * right after, keeping the interrupted esp in the per-CPU block for a
 * moment (TLS_INTRSP) and then in the frame (TF_ESP, always valid for
 * an interrupt). intr_common saves every register and the x87/SSE state
 * (fxsave; the handler gets a clean one), counts the interrupt
 * (TLS_NINTR, for machine_halt), and calls trap_handler(tf). The
 * return honours a changed TF_EIP and TF_ESP (runtime_interrupted's
 * preempt_push lowers esp by 4 and stores the return pc there): the
 * iret frame is built on the target stack just below TF_ESP, then
 * everything is restored and iret pops it. So an interrupt writes at
 * most 16 bytes below a goroutine's sp: the CPU's 12, or 12 below the
 * 4 of a preempt_push; docs/stacks.md counts them in the guard's slack.
 * As on amd64, the split-stack guard slot is 0 while the handler runs
 * (its stack is not the goroutine's) and is put back afterwards,
 * unless the handler wrote a preemption request there (StackPreempt).
 */
#include "asmoffsets.h"
#include "lapic.h"
#include "trapframe.h"
#include "tls.h"
#include "smp.h"

/*
 * An interrupt's frame on the interrupt stack: a struct trapframe at
 * INTR_FRAME below the top (16-byte aligned), the saved guard slot and
 * the 512-byte fxsave area (16-byte aligned) below it.
 */
#define INTR_FRAME      (TF_SIZE + 4)
#define INTR_GUARD      0
#define INTR_FXSAVE     16
#define INTR_SAVE       (INTR_FXSAVE + 512)

/* A stub for a vector whose error code the CPU pushes itself. */
.macro TRAP_ERR vec
	.text
	.balign 16
trap_stub_\vec:
	pushl $\vec
	jmp trap_common
	.section .rodata
	.long \vec, trap_stub_\vec
.endm

/* A stub for a vector without an error code: push a 0 in its place. */
.macro TRAP_NOERR vec
	.text
	.balign 16
trap_stub_\vec:
	pushl $0
	pushl $\vec
	jmp trap_common
	.section .rodata
	.long \vec, trap_stub_\vec
.endm

	/* idt_stubs: pairs (vector, entry), one for each stub (the macros append to it). */
	.section .rodata
	.balign 4
	.globl idt_stubs
idt_stubs:
	TRAP_NOERR 0            /* divide error */
	TRAP_NOERR 1            /* debug */
	TRAP_NOERR 2            /* nmi */
	TRAP_NOERR 3            /* breakpoint */
	TRAP_NOERR 4            /* overflow */
	TRAP_NOERR 5            /* bound range */
	TRAP_NOERR 6            /* invalid opcode */
	TRAP_NOERR 7            /* device not available */
	TRAP_ERR   8            /* double fault (unused: task gate) */
	TRAP_NOERR 9            /* coprocessor segment overrun */
	TRAP_ERR   10           /* invalid tss */
	TRAP_ERR   11           /* segment not present */
	TRAP_ERR   12           /* stack fault */
	TRAP_ERR   13           /* general protection */
	TRAP_ERR   14           /* page fault */
	TRAP_NOERR 15
	TRAP_NOERR 16           /* x87 fault */
	TRAP_ERR   17           /* alignment check */
	TRAP_NOERR 18           /* machine check */
	TRAP_NOERR 19           /* simd fault */
	TRAP_NOERR 20           /* virtualization */
	TRAP_ERR   21           /* control protection */
	TRAP_NOERR 22
	TRAP_NOERR 23
	TRAP_NOERR 24
	TRAP_NOERR 25
	TRAP_NOERR 26
	TRAP_NOERR 27
	TRAP_NOERR 28
	TRAP_ERR   29           /* vmm communication */
	TRAP_ERR   30           /* security */
	TRAP_NOERR 31

/*
 * A stub for a hardware interrupt: off the interrupted stack at once
 * (flags, eip, cs are the CPU's 12 bytes there), the vector into the
 * frame on the interrupt stack, and on to intr_common.
 */
.macro INTR name, vec
	.text
	.balign 16
	.globl \name
\name:
	movl %esp, %gs:TLS_INTRSP
	movl %gs:TLS_INTRSTACK, %esp
	movl $\vec, (TF_VECTOR - INTR_FRAME)(%esp)
	jmp intr_common
	.section .rodata
	.long \vec, \name
.endm

	INTR intr_stub_timer, T_TIMER
	INTR intr_stub_wake, T_WAKE
	INTR intr_stub_shootdown, T_SHOOTDOWN
	INTR intr_stub_tlbdone, T_TLBDONE
	INTR intr_stub_spurious, T_SPURIOUS

	/* the legacy PICs' lines (pic.h, intr.c) */
	.irp vec, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47
	INTR pic_stub_\vec, \vec
	.endr

	.section .rodata
	.globl idt_stubs_end
idt_stubs_end:

	.text
	.balign 16
trap_common:
	pushal                          /* eax..edi (TF_EDI..TF_EAX) */
	pushl %ds                       /* segment selectors, gs lowest */
	pushl %es
	pushl %fs
	pushl %gs
	movl $SEL_KDATA, %eax           /* the kernel's data segments */
	movl %eax, %ds
	movl %eax, %es
	cld                             /* C expects the direction flag clear */
	movl %esp, %esi                 /* esi (callee-saved) = the frame */
	cmpl $32, TF_VECTOR(%esi)       /* an exception is reported and never returns: */
	jae 2f
	movl %gs:TLS_CPU, %eax          /* report it on this CPU's own stack (a goroutine's may be 2 KiB) */
	cmpl $FAULT_STACKS, %eax
	jb 1f
	xorl %eax, %eax                 /* no CPU's number: CPU 0's stack */
1:	movl fault_stack_tops(,%eax,4), %esp
	testl %esp, %esp
	jnz 2f
	movl fault_stack_tops, %esp     /* a CPU without one (cannot be): CPU 0's */
2:	andl $-16, %esp                 /* align for the call */
	subl $12, %esp
	pushl %esi
	call trap_handler               /* trap_handler(tf) */
	movl %esi, %esp
	popl %gs
	popl %fs
	popl %es
	popl %ds
	popal
	addl $8, %esp                   /* drop vector and error code */
	iret

/*
 * intr_common: a hardware interrupt, on this CPU's interrupt stack,
 * whose top esp is; the frame's vector is in place, the interrupted
 * esp (the CPU's eip, cs, eflags at it) in TLS_INTRSP.
 */
	.balign 16
intr_common:
	subl $INTR_FRAME, %esp          /* esp = the frame */
	movl %eax, TF_EAX(%esp)
	movl %ecx, TF_ECX(%esp)
	movl %gs:TLS_INTRSP, %eax
	movl (%eax), %ecx
	movl %ecx, TF_EIP(%esp)
	movl 4(%eax), %ecx
	movl %ecx, TF_CS(%esp)
	movl 8(%eax), %ecx
	movl %ecx, TF_EFLAGS(%esp)
	addl $12, %eax                  /* the interrupted esp, before the CPU's pushes */
	movl %eax, TF_ESP(%esp)
	movl %eax, TF_ESP_PUSHA(%esp)
	movl %ss, %ecx
	movl %ecx, TF_SS(%esp)
	movl $0, TF_ERR(%esp)
	movl %edx, TF_EDX(%esp)
	movl %ebx, TF_EBX(%esp)
	movl %ebp, TF_EBP(%esp)
	movl %esi, TF_ESI(%esp)
	movl %edi, TF_EDI(%esp)
	movl %ds, %ecx
	movl %ecx, TF_DS(%esp)
	movl %es, %ecx
	movl %ecx, TF_ES(%esp)
	movl %fs, %ecx
	movl %ecx, TF_FS(%esp)
	movl %gs, %ecx
	movl %ecx, TF_GS(%esp)
	movl $SEL_KDATA, %eax           /* the kernel's data segments */
	movl %eax, %ds
	movl %eax, %es
	cld                             /* C expects the direction flag clear */
	incl %gs:TLS_NINTR
	movl %esp, %esi                 /* esi (callee-saved) = the frame */
	subl $INTR_SAVE, %esp
	fxsave INTR_FXSAVE(%esp)        /* x87, MMX, XMM0-7, MXCSR */
	fninit                          /* the handler's own: an empty x87 stack */
	movl %gs:TLS_STACKGUARD, %eax
	movl %eax, INTR_GUARD(%esp)
	movl $0, %gs:TLS_STACKGUARD     /* no prologue check fails on this stack */
	xorl %ebp, %ebp                 /* frame-pointer walks stop at the interrupt */
	subl $12, %esp                  /* 16-byte aligned once the argument is pushed */
	pushl %esi
	call trap_handler               /* trap_handler(tf) */
	addl $16, %esp
	movl %gs:TLS_STACKGUARD, %eax
	testl %eax, %eax
	jnz 1f                          /* the handler asked for a preemption: keep it */
	movl INTR_GUARD(%esp), %eax
	movl %eax, %gs:TLS_STACKGUARD
1:	fxrstor INTR_FXSAVE(%esp)
	/* The iret frame goes on the stack to return to, just below its esp. */
	movl TF_ESP(%esi), %eax
	subl $12, %eax
	movl TF_EIP(%esi), %ecx
	movl %ecx, (%eax)
	movl TF_CS(%esi), %ecx
	movl %ecx, 4(%eax)
	movl TF_EFLAGS(%esi), %ecx
	movl %ecx, 8(%eax)
	movl %eax, %gs:TLS_INTRSP
	movl %esi, %esp
	popl %gs
	popl %fs
	popl %es
	popl %ds
	popal                           /* every register but esp */
	movl %gs:TLS_INTRSP, %esp
	iret

/*
 * The double-fault task's first instruction. The CPU has switched
 * stacks and registers, pushed the (always 0) error code and set
 * CR0.TS (which would make the report's first x87 instruction trap).
 */
	.globl doublefault_entry
	.type doublefault_entry, @function
doublefault_entry:
	clts                            /* undo the task switch's CR0.TS */
	andl $-16, %esp
	xorl %ebp, %ebp                 /* a fresh frame-pointer chain */
	call doublefault_main           /* never returns */
1:	hlt
	jmp 1b
	.size doublefault_entry, . - doublefault_entry

/*
 * The stacks exceptions are reported on (interrupts return: they stay
 * where they came): CPU 0's here, the others' set by cpu_start.
 */
	.data
	.balign 4
	.globl fault_stack_tops
fault_stack_tops:
	.long fault_stack_top
	.fill FAULT_STACKS - 1, 4, 0

/*
 * The stacks each CPU takes its interrupts on (tls_init puts the top in
 * its per-CPU block, TLS_INTRSTACK): CPU 0's here, the others' set by
 * cpu_start.
 */
	.globl intr_stack_tops
intr_stack_tops:
	.long intr_stack_top
	.fill FAULT_STACKS - 1, 4, 0

	/* Written before they are read: NOINIT's section (include/machine.h), not zeroed at boot. */
	.section .bss.noinit, "aw", @nobits
	.balign 16
fault_stack:
	.skip FAULT_STACK_SIZE
fault_stack_top:
	.balign 4096
intr_stack:
	.skip INTR_STACK_SIZE
intr_stack_top:
