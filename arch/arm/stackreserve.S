/*
 * stackreserve.S - room on the goroutine's stack for a VLA or alloca
 * (ARM). ARM's clang emits no check for these at all.
 *
 * tools/stack-ir puts a call __stack_reserve(bytes) before every
 * dynamic alloca of appliance code. It is a prologue check asking for
 * a frame of that many bytes, laid out as a compiled prologue
 * (morestack.S): push {r4, r5}, compare, and on failure r4 = frame
 * size, r5 = argument bytes, lr pushed, bl __morestack, then the
 * three-instruction slow-path tail, so newstack grows the
 * stack to fit and resumes at R + 12 with lr restored, which pops
 * r4, r5 and returns to the caller on the new stack. The alloca then
 * takes its memory from the goroutine's stack.
 */
#include "asmoffsets.h"
#include "machine.h"

	.syntax unified
	.arm
	.section .note.GNU-split-stack,"",%progbits
	.text

/* The largest frame size handed to newstack: bigger requests fail there as over maxstack. */
#define RESERVE_MAX 0x40000000

@ void __stack_reserve(uintptr_t bytes): bytes in r0
	.globl	__stack_reserve
	.type	__stack_reserve, %function
	.balign	4
__stack_reserve:
	push	{r4, r5}			@ as a prologue: __morestack finds them above lr
	GET_TLS(r4)
	ldr	r4, [r4, #TLS_STACKGUARD]	@ r4 = the guard
	subs	r5, sp, r0			@ r5 = sp - bytes; carry clear if it wrapped
	bcc	1f				@ far too big
	cmp	r4, r5
	blo	2f				@ guard < sp - bytes: it fits
1:	mov	r4, #RESERVE_MAX		@ frame size = min(bytes, RESERVE_MAX)
	cmp	r0, r4
	movlo	r4, r0
	mov	r5, #0				@ no argument bytes
	stmdb	sp!, {lr}
	bl	__morestack			@ R = lr: never returns here
	ldm	sp!, {lr}			@ R, R + 4, R + 8: a prologue's slow-path tail
	pop	{r4, r5}
	bx	lr
2:	pop	{r4, r5}			@ R + 12: newstack resumes here, lr = our return address
	bx	lr
	.size	__stack_reserve, . - __stack_reserve
