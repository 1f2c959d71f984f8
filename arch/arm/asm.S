/*
 * asm.S - goroutine context switching on 32-bit ARM: gogo, gosave,
 * mcall, gostart, goexit (contracts in runtime/runtime.h).
 *
 * A Gobuf holds only sp, pc and lr (plus ret, ctxt, g): a goroutine is
 * switched out only inside mcall, which first pushes the AAPCS
 * callee-saved registers (r4-r11, d8-d15) on the goroutine's own stack,
 * so resuming it is "restore sp, jump to pc" where pc pops them and
 * returns from mcall like any call. r7 is the closure-context register
 * (as in the seed), r11 the frame pointer (ARM-state code). Stacks are
 * 8-byte aligned at every call. The current g is [TPIDRURO] (tls.h).
 * Offsets come from asmoffsets.h, checked in sys_arm.c.
 *
 * Goroutines run with IRQs enabled, the scheduler (g0) with them
 * disabled (include/machine.h): gogo enables them as it jumps into a
 * goroutine, mcall disables them first thing.
 *
 * mcall branches to fn rather than calling it with blx (fn never
 * returns): a call left unreturned would stay in the CPU's return
 * stack, and the resumed goroutine's returns would all be mispredicted
 * (runtime/proc.c's scheduler reaches gogo by tail calls likewise).
 */
#include "asmoffsets.h"
#include "machine.h"

	.syntax unified
	.arm
	@ split-stack safe (no prologue checks needed): keeps ld.lld from rewriting callers (docs/stacks.md)
	.section .note.GNU-split-stack,"",%progbits
	.text

/*
 * void gogo(Gobuf *buf)
 * Resume buf: g = buf->g, sp = buf->sp, lr = buf->lr, r0 = buf->ret,
 * r7 = buf->ctxt; clear sp/ret/ctxt/lr in buf; jump to buf->pc, with
 * IRQs enabled unless g is its M's g0 (the runtime resumes only
 * goroutines with gogo; a g0 is entered by mcall and __morestack, but
 * one resumed here would keep the scheduler's IRQs off). ip is free:
 * the resumed code is at a call's return or a function's entry.
 */
	.globl	gogo
	.type	gogo, %function
	.balign	4
gogo:
	ldr	r1, [r0, #GOBUF_G]
	ldr	r2, [r1, #G_M]			@ fault here, not later, if g is NULL
	ldr	r2, [r2, #M_G0]
	subs	ip, r1, r2			@ ip = 0: g is g0
	SET_G(r1, r2)
	ldr	r3, [r1, #G_STACKGUARD]		@ the prologue checks now compare with g's guard
	str	r3, [r2, #TLS_STACKGUARD]	@ (r2 = the tls block, left by SET_G)
	ldr	sp, [r0, #GOBUF_SP]
	ldr	lr, [r0, #GOBUF_LR]
	ldr	r7, [r0, #GOBUF_CTXT]		@ closure context
	ldr	r1, [r0, #GOBUF_PC]
	ldr	r3, [r0, #GOBUF_RET]
	mov	r2, #0				@ a used Gobuf holds no stale pointers
	str	r2, [r0, #GOBUF_SP]
	str	r2, [r0, #GOBUF_RET]
	str	r2, [r0, #GOBUF_CTXT]
	str	r2, [r0, #GOBUF_LR]
	mov	r0, r3				@ the value the resumed code "returns"
	cmp	ip, #0
	bxeq	r1				@ a g0: IRQs stay off
	INTR_ENABLE
	bx	r1
	.size	gogo, . - gogo

/*
 * void gosave(Gobuf *buf)
 * Record the caller's context: sp (unchanged by bl), pc = lr,
 * lr = ret = ctxt = 0, g = the current g. No callee-saved registers:
 * only for asm callers that expect that.
 */
	.globl	gosave
	.type	gosave, %function
	.balign	4
gosave:
	str	sp, [r0, #GOBUF_SP]
	str	lr, [r0, #GOBUF_PC]
	mov	r1, #0
	str	r1, [r0, #GOBUF_LR]
	str	r1, [r0, #GOBUF_RET]
	str	r1, [r0, #GOBUF_CTXT]
	GET_G(r1)
	str	r1, [r0, #GOBUF_G]
	bx	lr
	.size	gosave, . - gosave

/*
 * void mcall(void (*fn)(G *))
 * On goroutine g: push g's callee-saved registers on its stack, save
 * sp, the resume label and g in g->sched (its ret, ctxt and lr are 0
 * already: gogo cleared them), switch to g->m->g0 at the top of its
 * scheduler stack (g0->sched.sp, left unchanged) and enter fn(g), with
 * IRQs disabled from the first instruction on. fn must not return;
 * gogo(&g->sched) later returns from mcall in g.
 */
	.globl	mcall
	.type	mcall, %function
	.balign	4
mcall:
	INTR_DISABLE				@ from here on as the scheduler runs
	GET_G(r1)				@ r1 = g
	ldr	r2, [r1, #G_M]
	ldr	r2, [r2, #M_G0]			@ r2 = g->m->g0
	cmp	r1, r2
	beq	badmcall			@ already on g0: fatal (as if called by our caller)
	push	{r3-r11, lr}			@ r3 pads to 8 bytes; {r11, lr} is a frame record
	vpush	{d8-d15}
	str	sp, [r1, #(G_SCHED+GOBUF_SP)]
	adr	r3, 1f
	str	r3, [r1, #(G_SCHED+GOBUF_PC)]
	str	r1, [r1, #(G_SCHED+GOBUF_G)]
	SET_G(r2, r3)				@ now on g0 ...
	ldr	r4, [r2, #G_STACKGUARD]		@ ... whose guard the prologue checks use
	str	r4, [r3, #TLS_STACKGUARD]
	ldr	r3, [r2, #(G_SCHED+GOBUF_SP)]	@ ... and its stack top,
	bic	r3, r3, #7			@ 8-byte aligned for the call
	mov	sp, r3
	mov	r3, r0
	mov	r0, r1				@ fn(g)
	mov	r11, #0				@ g0's frame-pointer chain ends here
	adr	lr, 3f				@ the return address blx would set ...
	bx	r3				@ ... but a plain branch (see the top)
3:	bl	badmcall2			@ fn returned: fatal, never returns
	udf	#0
1:	@ gogo(&g->sched) lands here, on g's stack as mcall left it
	vpop	{d8-d15}
	pop	{r3-r11, pc}			@ returns to mcall's caller
	.size	mcall, . - mcall

/*
 * gostart: the FuncVal.fn of every goroutine (see gostartcallfn). Entered
 * by gogo with the FuncVal in r7 and lr = goexit. Calls fv->cfn(fv->arg)
 * on an 8-byte aligned stack with r11 = 0, so frame-pointer walks end
 * here, then branches to goexit.
 */
	.globl	gostart
	.type	gostart, %function
	.balign	4
gostart:
	mov	r4, lr				@ r4 is callee-saved: goexit survives the call
	bic	r0, sp, #7
	mov	sp, r0				@ 8-byte aligned, whatever the Gobuf's sp
	ldr	r0, [r7, #FUNCVAL_ARG]
	ldr	r1, [r7, #FUNCVAL_CFN]
	mov	r11, #0				@ end of the frame-pointer chain
	blx	r1
	bx	r4				@ to goexit, with no sp kept in a register
	.size	gostart, . - gostart

/*
 * goexit: the return address gostartcall installs (in lr) for a
 * goroutine's first frame; reached when gostart returns. Calls
 * goexit1(), which never returns.
 */
	.globl	goexit
	.type	goexit, %function
	.balign	4
goexit:
	bic	r0, sp, #7
	mov	sp, r0				@ aligned for the call
	bl	goexit1
	udf	#0
	.size	goexit, . - goexit
