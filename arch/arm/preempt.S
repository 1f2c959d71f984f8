/*
 * preempt.S - asyncPreempt on ARM: where a preempted goroutine saves
 * itself (include/machine.h, "Interrupts while goroutines run").
 *
 * The goroutine was stopped between two instructions of appliance code
 * (ARM state, never Thumb) or at a failed prologue check, and
 * preempt_push (frame.h) made it continue here with everything as it
 * was but sp 8 bytes lower: [sp] = its lr (lr itself is unchanged),
 * [sp + 4] = the pc it was stopped at. Nothing is assumed live or dead:
 * r0-r12, the flags (NZCV, Q, GE), d0-d31 and the FPSCR are saved on its
 * own stack, then mcall(preempt_m) gives up the CPU. When the goroutine
 * runs again, on whichever CPU, mcall returns here, everything is
 * restored, and two pops put back lr and the pc with sp where it was.
 *
 * A frame record {its r11, the stopped pc} links the stopped function
 * into the frame-pointer chain, so a traceback of the preempted
 * goroutine (from mcall's record) shows asyncPreempt, then the function
 * it stopped in, then that function's callers.
 */
#include "machine.h"

	.syntax unified
	.arm
	@ split-stack safe (no prologue checks needed): keeps ld.lld from rewriting callers (docs/stacks.md)
	.section .note.GNU-split-stack,"",%progbits
	.text

	.globl	asyncPreempt
	.type	asyncPreempt, %function
	.balign	4
asyncPreempt:
	push	{r0-r12}			@ sp = S - 52, S the pushed {lr, pc}
	mov	r4, sp				@ r4 = the saved registers (mcall keeps r4)
	ldr	r12, [r4, #56]			@ the stopped pc ([S + 4])
	push	{r11, r12}			@ a frame record: the stopped function's fp and pc
	mov	r11, sp
	mrs	r0, apsr			@ the flags, before anything below changes them
	vmrs	r1, fpscr
	bic	sp, sp, #7			@ 8-byte aligned for the d registers and the call
	push	{r0, r1}
	vpush	{d16-d31}
	vpush	{d0-d15}
	movw	r0, #:lower16:preempt_m
	movt	r0, #:upper16:preempt_m
	bl	mcall				@ off the CPU; returns when it runs again
	vpop	{d0-d15}
	vpop	{d16-d31}
	pop	{r0, r1}
	vmsr	fpscr, r1
	msr	APSR_nzcvqg, r0
	mov	sp, r4
	pop	{r0-r12}
	ldr	lr, [sp], #4			@ its lr ...
	ldr	pc, [sp], #4			@ ... and the stopped pc, with sp back where it was stopped
	.size	asyncPreempt, . - asyncPreempt
