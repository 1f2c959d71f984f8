/*
 * preempt.S - asyncPreempt on amd64: where a preempted goroutine saves
 * itself (include/machine.h, "Interrupts while goroutines run").
 *
 * The goroutine was stopped between two instructions of appliance code
 * (or at a failed prologue check), and preempt_push (frame.h) made it
 * "call" here: its pc is the return address at rsp, above which 128
 * bytes of its red zone are left untouched. Nothing is assumed live or
 * dead: every integer register, the flags, and the x87/SSE state
 * (fxsave) are saved on its own stack, under a frame record {rbp, pc}
 * so that a traceback of it walks on into the stopped function. The C
 * code that runs next gets an empty x87 stack and SSE's default mode
 * (the stopped code may have been half-way through an x87 computation,
 * or have changed the rounding), then mcall(preempt_m) gives up the
 * CPU. When the goroutine is resumed, on whichever CPU, mcall returns
 * here, everything is restored and "ret $128" returns to the pc it was
 * stopped at with the rsp it had there.
 */
#include "machine.h"

	.text
	.globl asyncPreempt
	.type asyncPreempt, @function
	.balign 16
asyncPreempt:
	pushq %rbp                      /* a frame record {rbp, the stopped pc} */
	movq %rsp, %rbp                 /* mcall keeps rbp */
	pushfq                          /* the flags before anything changes them */
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	subq $512, %rsp                 /* the fxsave area, 16-byte aligned ... */
	andq $-16, %rsp                 /* ... which also aligns the call below */
	fxsave64 (%rsp)                 /* x87, MMX, XMM0-15, MXCSR */
	fninit                          /* an empty x87 stack for the C code ... */
	ldmxcsr preempt_mxcsr(%rip)     /* ... and SSE's default mode */
	cld                             /* C code expects DF clear; the saved flags keep the goroutine's */
	leaq preempt_m(%rip), %rdi
	call mcall                      /* off the CPU; returns when it runs again */
	fxrstor64 (%rsp)
	leaq -120(%rbp), %rsp           /* the flags and 14 registers */
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	popfq
	popq %rbp
	ret $128                        /* to the stopped pc, then past the red zone preempt_push skipped */
	.size asyncPreempt, . - asyncPreempt

	.section .rodata
	.balign 4
preempt_mxcsr:
	.long 0x1f80                    /* all SSE exceptions masked, round to nearest */
