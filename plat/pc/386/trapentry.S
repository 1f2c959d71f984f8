/*
 * trapentry.S - i386 trap entry stubs: exceptions 0-31 and the three
 * local APIC vectors (lapic.h), which are outside the trap_stubs table.
 *
 * Each vector has a tiny stub that makes the stack look the same for
 * every trap (a dummy error code where the CPU pushes none, then the
 * vector number) and jumps to trap_common, which saves the rest of
 * struct trapframe (trapframe.h) and calls trap_handler(tf) on a
 * 16-byte aligned stack. If trap_handler returns, the trap is resumed.
 * Vector 8 (#DF) is a task gate and never comes here; its task starts
 * at doublefault_entry below. An exception is reported on the CPU's
 * own fault stack, which its per-CPU block names (cpu_id(): %gs:TLS_CPU,
 * an index into fault_stack_tops); a block that names no CPU falls
 * back to CPU 0's.
 */
#include "lapic.h"
#include "trapframe.h"
#include "tls.h"
#include "smp.h"

/* A stub for a vector whose error code the CPU pushes itself. */
.macro TRAP_ERR vec
	.text
	.balign 16
trap_stub_\vec:
	pushl $\vec
	jmp trap_common
	.section .rodata
	.long trap_stub_\vec
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
	.long trap_stub_\vec
.endm

	/* trap_stubs[v] = the entry of vector v (the macros append to it). */
	.section .rodata
	.balign 4
	.globl trap_stubs
trap_stubs:
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

/* The interrupts the kernel takes: no error code, so a 0 goes in its place. */
.macro INTR name, vec
	.text
	.balign 16
	.globl \name
\name:
	pushl $0
	pushl $\vec
	jmp trap_common
.endm

	INTR intr_stub_timer, T_TIMER
	INTR intr_stub_wake, T_WAKE
	INTR intr_stub_spurious, T_SPURIOUS

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

	.bss
	.balign 16
fault_stack:
	.skip FAULT_STACK_SIZE
fault_stack_top:
