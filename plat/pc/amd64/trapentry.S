/*
 * trapentry.S - the amd64 trap entry: one stub per vector, one common path.
 *
 * Each of the 256 stubs is 16 bytes apart (idt.c computes a vector's
 * handler as trap_stubs + 16 * vector, so no address table is needed).
 * A stub pushes 0 where the CPU pushes no error code, then its vector
 * number, and jumps to trap_common, which completes a struct trapframe
 * (trapframe.h: the offsets used here are checked against the C struct)
 * and calls trap_dispatch(tf). If trap_dispatch returns, the registers
 * are restored from the frame and iretq resumes the interrupted code
 * (at the rip and rsp in the frame, which the handler may have changed:
 * runtime_interrupted's preempt_push). All gates are interrupt gates,
 * so interrupts are off in here.
 *
 * An exception is reported on the CPU's own fault stack, which its
 * per-CPU block names (cpu_id(): %fs:TLS_CPU, an index into
 * fault_stack_tops); a block that names no CPU falls back to CPU 0's.
 *
 * A hardware interrupt (vectors 32 and up) may stop a goroutine between
 * any two instructions (include/machine.h, "Interrupts while goroutines
 * run"). The CPU has already switched to this CPU's interrupt stack
 * (the TSS's IST_INTR, idt.c), so nothing is written on the goroutine's
 * stack. Besides the integer registers the entry saves the x87/SSE
 * state (fxsave64; the handler's C code may use SSE registers) and
 * gives the handler a clean one, and it counts the interrupt in the
 * per-CPU block (TLS_NINTR, for machine_halt). The split-stack guard
 * slot holds the interrupted goroutine's guard, which the handler's
 * stack is not: it is 0 while the handler runs, so no prologue check
 * in the handler's code fails, and is put back afterwards unless the
 * handler wrote a request there itself (StackPreempt).
 */
#include "asmoffsets.h"
#include "cpu.h"
#include "trapframe.h"
#include "tls.h"
#include "smp.h"

/* Below an interrupt's frame: the guard slot's value, then the 512-byte fxsave area (16-byte aligned). */
#define INTR_GUARD      0
#define INTR_FXSAVE     16
#define INTR_SAVE       (INTR_FXSAVE + 512)

/* Vectors for which the CPU pushes an error code itself. */
#define HAS_ERRCODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
                        (v) == 21 || (v) == 29 || (v) == 30)

	.text
	.balign 16
	.globl trap_stubs
trap_stubs:
	.set .Lvector, 0
	.rept 256
	.if !HAS_ERRCODE(.Lvector)
	pushq $0                        /* dummy error code: uniform frame */
	.endif
	pushq $.Lvector
	jmp trap_common
	.org trap_stubs + 16 * (.Lvector + 1), 0xcc  /* pad with int3; fails if a stub outgrows 16 bytes */
	.set .Lvector, .Lvector + 1
	.endr
	.globl trap_stubs_end
trap_stubs_end:

/*
 * trap_common: rsp points at the vector the stub pushed, above it the
 * error code and the CPU's rip, cs, rflags, rsp, ss.
 */
	.balign 16
trap_common:
	sub $TF_VECTOR, %rsp            /* room for the registers, cr2, pad */
	mov %rax, TF_RAX(%rsp)
	mov %rbx, TF_RBX(%rsp)
	mov %rcx, TF_RCX(%rsp)
	mov %rdx, TF_RDX(%rsp)
	mov %rsi, TF_RSI(%rsp)
	mov %rdi, TF_RDI(%rsp)
	mov %rbp, TF_RBP(%rsp)
	mov %r8, TF_R8(%rsp)
	mov %r9, TF_R9(%rsp)
	mov %r10, TF_R10(%rsp)
	mov %r11, TF_R11(%rsp)
	mov %r12, TF_R12(%rsp)
	mov %r13, TF_R13(%rsp)
	mov %r14, TF_R14(%rsp)
	mov %r15, TF_R15(%rsp)
	mov %cr2, %rax                  /* a nested fault would overwrite it */
	mov %rax, TF_CR2(%rsp)
	movq $0, TF_PAD(%rsp)
	cld                             /* the C ABI wants DF clear */
	xor %ebp, %ebp                  /* frame-pointer walks stop at the trap */
	mov %rsp, %rdi                  /* trap_dispatch(tf); the CPU aligned rsp to 16 */
	cmpq $32, TF_VECTOR(%rsp)
	jae intr_common                 /* a hardware interrupt */
	/* An exception is reported and never returns: on this CPU's own stack (a goroutine's may be 2 KiB). */
	movl %fs:TLS_CPU, %eax
	cmpl $FAULT_STACKS, %eax
	jb 1f
	xorl %eax, %eax                 /* no CPU's number: CPU 0's stack */
1:	lea fault_stack_tops(%rip), %rcx
	mov (%rcx,%rax,8), %rsp
	test %rsp, %rsp
	jnz 2f
	mov (%rcx), %rsp                /* a CPU without one (cannot be): CPU 0's */
2:	call trap_dispatch
	jmp trap_return

/*
 * intr_common: a hardware interrupt, on this CPU's interrupt stack; rdi
 * and rsp = the frame (16-byte aligned, so is the fxsave area below).
 */
intr_common:
	incl %fs:TLS_NINTR
	sub $INTR_SAVE, %rsp
	fxsave64 INTR_FXSAVE(%rsp)      /* x87, MMX, XMM0-15, MXCSR */
	fninit                          /* the handler's own: an empty x87 stack ... */
	ldmxcsr intr_mxcsr(%rip)        /* ... and SSE's default mode */
	mov %fs:TLS_STACKGUARD, %rax
	mov %rax, INTR_GUARD(%rsp)
	movq $0, %fs:TLS_STACKGUARD     /* no prologue check fails on this stack */
	call trap_dispatch
	mov %fs:TLS_STACKGUARD, %rax
	test %rax, %rax
	jnz 1f                          /* the handler asked for a preemption: keep it */
	mov INTR_GUARD(%rsp), %rax
	mov %rax, %fs:TLS_STACKGUARD
1:	fxrstor64 INTR_FXSAVE(%rsp)
	add $INTR_SAVE, %rsp

	.globl trap_return
trap_return:                            /* rsp = a struct trapframe to resume */
	mov TF_RAX(%rsp), %rax
	mov TF_RBX(%rsp), %rbx
	mov TF_RCX(%rsp), %rcx
	mov TF_RDX(%rsp), %rdx
	mov TF_RSI(%rsp), %rsi
	mov TF_RDI(%rsp), %rdi
	mov TF_RBP(%rsp), %rbp
	mov TF_R8(%rsp), %r8
	mov TF_R9(%rsp), %r9
	mov TF_R10(%rsp), %r10
	mov TF_R11(%rsp), %r11
	mov TF_R12(%rsp), %r12
	mov TF_R13(%rsp), %r13
	mov TF_R14(%rsp), %r14
	mov TF_R15(%rsp), %r15
	add $TF_RIP, %rsp               /* drop registers, vector and error code */
	iretq

/*
 * The stacks exceptions are reported on (interrupts return: they stay
 * where they came): CPU 0's here, the others' set by cpu_start.
 */
	.data
	.balign 8
	.globl fault_stack_tops
fault_stack_tops:
	.quad fault_stack_top
	.fill FAULT_STACKS - 1, 8, 0

/*
 * The stacks each CPU takes its interrupts on (idt.c's IST_INTR, set in
 * its TSS by gdt.c): CPU 0's here, the others' set by cpu_start.
 */
	.globl intr_stack_tops
intr_stack_tops:
	.quad intr_stack_top
	.fill FAULT_STACKS - 1, 8, 0

	.section .rodata
	.balign 4
intr_mxcsr:
	.long MXCSR_DEFAULT

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
