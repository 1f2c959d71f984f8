/*
 * vectors.S - the ARM exception vector table and trap entry stubs.
 *
 * Each exception arrives in its own mode (UND, ABT, IRQ, FIQ) with its
 * own banked stack, set up by boot/arm/start.S, and its stub builds a
 * struct trapframe (trapframe.h) there - never on the interrupted
 * stack, so a trap taken with a broken sp still reports. SVC is the
 * exception: it is taken in SVC mode, on the very stack that may be
 * broken, so its stub moves to the undefined-mode stack first. (On
 * QEMU with -semihosting the "svc 0x123456" of machine_poweroff never gets
 * here: QEMU intercepts it.)
 *
 * trap_common then records the interrupted mode's banked sp and lr by
 * briefly switching to that mode, and calls arm_trap(tf) (fault.c). If
 * arm_trap returns, the frame is restored and the trapped code resumes
 * at tf->pc with tf->cpsr; that is only sound for traps taken from
 * another mode than the one the stub runs in.
 *
 * IRQ is not a fault: goroutines run with IRQs unmasked, in SVC mode
 * (include/machine.h, "Interrupts while goroutines run"), and the
 * scheduler takes them inside machine_halt. trap_irq builds the same
 * frame on the IRQ mode's own stack, saves every VFP/NEON register
 * around the C handler, runs it with the guard slot at 0 and returns to
 * what the frame then says: the handler may have redirected a goroutine
 * to asyncPreempt (a new pc and sp). IRQ mode masks IRQs, so its banked
 * sp and lr are never in use when one arrives.
 */
#include "asmoffsets.h"
#include "cpu.h"
#include "tls.h"
#include "trapframe.h"

	.syntax unified
	.arm

/* VBAR ignores the low 5 bits: the table must be 32-byte aligned. */
	.section .text.vectors, "ax"
	.balign	32
	.globl	arm_vectors
arm_vectors:
	b	trap_reset			@ 0x00 reset (never taken through VBAR)
	b	trap_undef			@ 0x04 undefined instruction
	b	trap_svc			@ 0x08 supervisor call
	b	trap_pabort			@ 0x0c prefetch abort
	b	trap_dabort			@ 0x10 data abort
	b	trap_hyp			@ 0x14 hyp trap (unused outside Hyp mode)
	b	trap_irq			@ 0x18 IRQ
	b	trap_fiq			@ 0x1c FIQ

/*
 * A stub for an exception taken in its own mode: lr minus adjust is the
 * pc to report or resume; save r0-r12 and it, then trap_common.
 */
.macro trap_entry name, vector, adjust
	.type	\name, %function
\name:
	sub	lr, lr, #\adjust
	sub	sp, sp, #TF_SIZE
	stmia	sp, {r0-r12}
	str	lr, [sp, #TF_PC]
	mov	r0, #\vector
	b	trap_common
	.size	\name, . - \name
.endm

	.text
	trap_entry trap_reset,  VEC_RESET,  0
	trap_entry trap_pabort, VEC_PABORT, 4	@ lr = faulting instruction + 4
	trap_entry trap_dabort, VEC_DABORT, 8	@ lr = faulting instruction + 8
	trap_entry trap_hyp,    VEC_HYP,    0
	trap_entry trap_fiq,    VEC_FIQ,    4

/*
 * IRQ: lr_irq is the interrupted instruction + 4, spsr_irq its cpsr.
 *
 * The frame (trapframe.h) gets r0-r12, the resume pc, the cpsr and the
 * interrupted mode's banked sp and lr; a Thumb pc gets bit 0 set, which
 * tells preempt_push (frame.h) not to redirect it. Below the frame go
 * d0-d31 and the FPSCR: the handler's C code may use any of them.
 *
 * The guard slot ([TPIDRURO + 4]) describes the interrupted stack, not
 * this one, and the runtime's functions the handler calls are
 * split-stack checked: it reads 0 while the handler runs (every check
 * passes). On the way out it gets back what it held, or the request
 * the handler left there (runtime_interrupted's StackPreempt) if it was
 * a goroutine's guard; where it was 0 (the scheduler, a fatal report)
 * it stays 0. TPIDRURO is set (tls_init) before IRQs are ever unmasked.
 *
 * Then the frame's sp and lr go back into the interrupted mode's
 * registers and the pc and cpsr into lr and spsr: the handler may have
 * changed the pc and sp (preempt_push).
 */
	.type	trap_irq, %function
trap_irq:
	sub	lr, lr, #4			@ the instruction to resume at
	sub	sp, sp, #TF_SIZE
	stmia	sp, {r0-r12}
	mrs	r4, spsr			@ r4 = the interrupted cpsr
	tst	r4, #PSR_T
	orrne	lr, lr, #1			@ Thumb: bit 0 of the pc says so
	str	lr, [sp, #TF_PC]
	str	r4, [sp, #TF_CPSR]
	mov	r0, #VEC_IRQ
	str	r0, [sp, #TF_VECTOR]

	/* The interrupted mode's banked sp and lr (SVC, or abort/undef in a report's halt). */
	and	r5, r4, #PSR_MODE_MASK
	cmp	r5, #PSR_MODE_USR
	moveq	r5, #PSR_MODE_SYS		@ user registers, reached from System mode
	orr	r5, r5, #(PSR_I | PSR_F)	@ stay masked while in the other mode
	mrs	r6, cpsr			@ r6 = IRQ mode, to come back
	msr	cpsr_c, r5
	mov	r2, sp
	mov	r3, lr
	msr	cpsr_c, r6
	str	r2, [sp, #TF_SP]
	str	r3, [sp, #TF_LR]

	/* The VFP/NEON state, then the handler with the guard slot at 0. */
	mov	r4, sp				@ r4 = the frame (callee-saved, as r5-r8 below)
	vmrs	r0, fpscr
	push	{r0, r1}			@ the FPSCR, and a word keeping sp 8-byte aligned
	vpush	{d16-d31}
	vpush	{d0-d15}
	GET_TLS(r5)				@ r5 = this CPU's per-CPU block
	ldr	r6, [r5, #TLS_STACKGUARD]	@ r6 = the interrupted code's guard
	mov	r0, #0
	str	r0, [r5, #TLS_STACKGUARD]
	mov	r0, r4
	bl	arm_irq				@ acknowledge, handle, end the interrupt
	ldr	r0, [r5, #TLS_STACKGUARD]	@ what the handler left: 0 or a request
	cmp	r6, #0
	cmpne	r0, #0
	moveq	r0, r6				@ either is 0: the interrupted code's own
	str	r0, [r5, #TLS_STACKGUARD]
	vpop	{d0-d15}
	vpop	{d16-d31}
	pop	{r0, r1}
	vmsr	fpscr, r0

	/* Back to the interrupted mode, with the sp and lr the frame now holds. */
	ldr	r0, [sp, #TF_CPSR]
	ldr	r2, [sp, #TF_SP]
	ldr	r3, [sp, #TF_LR]
	and	r5, r0, #PSR_MODE_MASK
	cmp	r5, #PSR_MODE_USR
	moveq	r5, #PSR_MODE_SYS
	orr	r5, r5, #(PSR_I | PSR_F)
	mrs	r6, cpsr
	msr	cpsr_c, r5
	mov	sp, r2
	mov	lr, r3
	msr	cpsr_c, r6
	msr	spsr_cxsf, r0
	ldr	lr, [sp, #TF_PC]
	bic	lr, lr, #1			@ the state is the spsr's T bit, not the pc's bit 0
	ldmia	sp, {r0-r12}
	add	sp, sp, #TF_SIZE
	movs	pc, lr				@ cpsr = spsr_irq
	.size	trap_irq, . - trap_irq

/* Undefined instruction: lr is the instruction's address + 4 in ARM state, + 2 in Thumb (any width). */
	.type	trap_undef, %function
trap_undef:
	sub	sp, sp, #TF_SIZE
	stmia	sp, {r0-r12}
	mrs	r0, spsr
	tst	r0, #PSR_T
	subeq	lr, lr, #4
	subne	lr, lr, #2
	str	lr, [sp, #TF_PC]
	mov	r0, #VEC_UNDEF
	b	trap_common
	.size	trap_undef, . - trap_undef

/*
 * Supervisor call: arrives in SVC mode. Build the frame on the
 * undefined-mode stack instead; lr_svc and spsr_svc stay banked and
 * are fetched after r0-r12 are safe. pc is the instruction after svc.
 */
	.type	trap_svc, %function
trap_svc:
	cps	#PSR_MODE_UND
	sub	sp, sp, #TF_SIZE
	stmia	sp, {r0-r12}
	cps	#PSR_MODE_SVC
	mov	r0, lr				@ lr_svc: the return address
	mrs	r4, spsr			@ spsr_svc: the interrupted cpsr
	cps	#PSR_MODE_UND
	str	r0, [sp, #TF_PC]
	mov	r0, #VEC_SVC
	b	trap_common_cpsr
	.size	trap_svc, . - trap_svc

/*
 * trap_common: r0 = vector, the frame at sp holds r0-r12 and pc.
 * trap_common_cpsr: the same with r4 = the interrupted cpsr.
 * Scratch registers are r0-r7 only: r8-r12 are banked in FIQ mode.
 */
	.type	trap_common, %function
trap_common:
	mrs	r4, spsr			@ the interrupted cpsr
trap_common_cpsr:
	str	r0, [sp, #TF_VECTOR]
	str	r4, [sp, #TF_CPSR]

	/* The interrupted mode's banked sp and lr: switch there and copy them. */
	and	r5, r4, #PSR_MODE_MASK
	cmp	r5, #PSR_MODE_USR
	moveq	r5, #PSR_MODE_SYS		@ user registers, reached from System mode
	mrs	r6, cpsr			@ r6 = our own cpsr, to come back
	and	r7, r6, #PSR_MODE_MASK
	cmp	r5, r7
	bne	1f
	add	r4, sp, #TF_SIZE		@ trapped in our own mode: sp before the frame;
	mov	r7, lr				@ lr was overwritten by the exception (except for svc)
	b	3f
1:	cmp	r5, #PSR_MODE_HYP
	cmpne	r5, #PSR_MODE_MON
	bne	2f
	mov	r4, #0				@ Hyp and Monitor registers are out of reach
	mov	r7, #0
	b	3f
2:	orr	r5, r5, #(PSR_I | PSR_F)	@ stay masked while in the other mode
	msr	cpsr_c, r5
	mov	r4, sp
	mov	r7, lr
	msr	cpsr_c, r6
3:	str	r4, [sp, #TF_SP]
	str	r7, [sp, #TF_LR]

	/* arm_trap(tf) on an 8-byte aligned stack; r4 (callee-saved) keeps the frame. */
	mov	r4, sp
	bic	sp, sp, #7
	mov	r0, r4
	bl	arm_trap
	mov	sp, r4

	/* Resume at tf->pc in tf->cpsr; movs pc, lr copies spsr into cpsr. */
	ldr	r0, [sp, #TF_CPSR]
	msr	spsr_cxsf, r0
	ldr	lr, [sp, #TF_PC]
	ldmia	sp, {r0-r12}
	add	sp, sp, #TF_SIZE
	movs	pc, lr
	.size	trap_common, . - trap_common
