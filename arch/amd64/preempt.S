/*
 * preempt.S - asyncPreempt on amd64: where a preempted goroutine saves
 * itself (include/machine.h, "Interrupts while goroutines run").
 *
 * The goroutine was stopped between two instructions of appliance code
 * (or at a failed prologue check), and preempt_push (frame.h) made it
 * "call" here: its pc is the return address at rsp, above which 128
 * bytes of its red zone are left untouched. Nothing is assumed live or
 * dead: every integer register, the flags, and the x87/SSE state
 * (fxsave) are saved on its own stack, then mcall(preempt_m) gives up
 * the CPU. When the goroutine is resumed, on whichever CPU, mcall
 * returns here, everything is restored and "ret $128" returns to the
 * pc it was stopped at with the rsp it had there.
 */
#include "machine.h"

	.text
	.globl asyncPreempt
	.type asyncPreempt, @function
	.balign 16
asyncPreempt:
	pushfq                          /* the flags first: the code below changes them */
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, %rbp                 /* where the integer registers are; mcall keeps rbp */
	subq $512, %rsp                 /* the fxsave area, 16-byte aligned ... */
	andq $-16, %rsp                 /* ... which also aligns the call below */
	fxsave64 (%rsp)                 /* x87, MMX, XMM0-15, MXCSR */
	cld                             /* C code expects DF clear; the saved flags keep the goroutine's */
	leaq preempt_m(%rip), %rdi
	call mcall                      /* off the CPU; returns when it runs again */
	fxrstor64 (%rsp)
	movq %rbp, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	popfq
	ret $128                        /* to the stopped pc, then past the red zone preempt_push skipped */
	.size asyncPreempt, . - asyncPreempt
