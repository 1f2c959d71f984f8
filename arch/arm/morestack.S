/*
 * morestack.S - the split-stack entry points the compiler's
 * prologues call on ARM (ARM state), and the resume path after a copy.
 *
 * A function compiled with -fsplit-stack starts with
 *     push  {r4, r5}
 *     mrc   p15, 0, r4, c13, c0, 3     @ TPIDRURO
 *     mov   r5, sp                     @ frames >= 256: sub r5, sp, #N
 *     ldr   r4, [r4, #4]               @ the guard
 *     cmp   r4, r5
 *     blo   ok
 *     mov   r4, #frame
 *     mov   r5, #argbytes
 *     stmdb sp!, {lr}
 *     bl    __morestack                @ R = lr points at ...
 *     ldm   sp!, {lr}                  @ ... this; R + 12 is ...
 *     pop   {r4, r5}
 *     bx    lr
 * ok: pop   {r4, r5}                   @ ... the "check passed" continuation
 * At __morestack's entry sp (4 mod 8) points at {the function's lr,
 * r4, r5}. newstack resumes at R + 12 with sp = entry + 4 and lr = the
 * saved lr; the continuation pops r4 and r5 from the (copied) stack.
 * ip (r12) is free at a function's entry and carries m throughout.
 *
 * __morestack disables IRQs first thing, as mcall does: it leaves the
 * goroutine for g0 (include/machine.h). morestack_resume enables them
 * just before its final jump back into the goroutine; an IRQ taken
 * there finds ip still pointing at this CPU's m->morebuf, which nothing
 * in the handler touches.
 */
#include "asmoffsets.h"
#include "machine.h"

	.syntax unified
	.arm
	.section .note.GNU-split-stack,"",%progbits
	.text

#define NONSPLIT_HEADROOM 0x4000

	.globl	__morestack
	.type	__morestack, %function
	.balign	4
__morestack:
	INTR_DISABLE
	GET_TLS(ip)				@ ip = m (m->tls is at offset 0)
	add	ip, ip, #M_MOREBUF
	stm	ip, {r0-r11}
	str	sp, [ip, #MB_SP]
	str	lr, [ip, #MB_LR]
	add	r0, ip, #MB_D0
	vstm	r0, {d0-d15}
	sub	ip, ip, #M_MOREBUF		@ ip = m
	ldr	r0, [ip, #TLS_G]		@ r0 = g: newstack(g)
	ldr	r1, [ip, #M_G0]
	cmp	r0, r1
	beq	morestack_on_g0			@ the scheduler stack itself overflowed
	str	r1, [ip, #TLS_G]		@ to g0, as mcall does
	ldr	r2, [r1, #G_STACKGUARD]
	str	r2, [ip, #TLS_STACKGUARD]
	ldr	r2, [r1, #(G_SCHED+GOBUF_SP)]
	bic	r2, r2, #7
	mov	sp, r2
	mov	r11, #0
	bl	newstack			@ never returns
	udf	#0
	.size	__morestack, . - __morestack

/*
 * ld.lld sends here the prologues of split functions that call code
 * built without -fsplit-stack (on ARM it leaves their checks as they
 * are). Grant NONSPLIT_HEADROOM more: resume at R + 12 if
 * sp - frame - headroom is above the guard, else grow.
 */
	.globl	__morestack_non_split
	.type	__morestack_non_split, %function
	.balign	4
__morestack_non_split:
	GET_TLS(ip)
	ldr	ip, [ip, #TLS_STACKGUARD]
	sub	r5, sp, r4			@ r5 (arg bytes) is not needed
	sub	r5, r5, #NONSPLIT_HEADROOM
	cmp	ip, r5
	bhs	1f
	add	ip, lr, #12			@ the continuation ...
	ldr	lr, [sp], #4			@ ... with the function's lr and sp
	bx	ip
1:	add	r4, r4, #NONSPLIT_HEADROOM
	b	__morestack
	.size	__morestack_non_split, . - __morestack_non_split

/*
 * void morestack_resume(G *gp): on g0 after newstack moved gp's stack:
 * make gp current with its guard in the slot, restore the registers
 * from m->morebuf and continue at MB_PC with sp = MB_SP, lr = MB_LR,
 * IRQs enabled.
 */
	.globl	morestack_resume
	.type	morestack_resume, %function
	.balign	4
morestack_resume:
	GET_TLS(ip)
	str	r0, [ip, #TLS_G]
	ldr	r1, [r0, #G_STACKGUARD]
	str	r1, [ip, #TLS_STACKGUARD]
	add	ip, ip, #M_MOREBUF
	add	r0, ip, #MB_D0
	vldm	r0, {d0-d15}
	ldr	sp, [ip, #MB_SP]
	ldr	lr, [ip, #MB_LR]
	ldm	ip, {r0-r11}
	INTR_ENABLE
	ldr	pc, [ip, #MB_PC]
	.size	morestack_resume, . - morestack_resume
