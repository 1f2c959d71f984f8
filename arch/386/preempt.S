/*
 * preempt.S - asyncPreempt on i386: where a preempted goroutine saves
 * itself (include/machine.h, "Interrupts while goroutines run").
 *
 * The goroutine was stopped between two instructions of appliance code
 * (or at a failed prologue check), and preempt_push (frame.h) made it
 * "call" here: its pc is the return address at esp, just below the esp
 * it had (i386 has no red zone). Nothing is assumed live or dead: every
 * integer register, the flags and the x87/SSE state (fxsave) are saved
 * on its own stack, under a frame record {ebp, pc} so that a traceback
 * of it walks on into the stopped function. The C code that runs next
 * gets an empty x87 stack in its default mode (fninit: the stopped code
 * may have been half-way through an x87 computation; SSE's mode is left
 * alone, as goro's i386 code is built without SSE and the CPU may have
 * none), then mcall(preempt_m) gives up the CPU. When the goroutine is resumed, on whichever CPU,
 * mcall returns here, everything is restored and ret returns to the pc
 * it was stopped at with the esp it had there.
 *
 * Below the esp it is pushed at it uses PREEMPT_ROOM bytes (frame.h).
 */
#include "asmoffsets.h"
#include "machine.h"

	/* split-stack safe (no prologue check: it runs where it was pushed, within PREEMPT_ROOM) */
	.section .note.GNU-split-stack,"",@progbits
	.text
	.globl asyncPreempt
	.type asyncPreempt, @function
	.balign 16
asyncPreempt:
	pushl %ebp                      /* a frame record {ebp, the stopped pc} */
	movl %esp, %ebp
	pushfl                          /* the flags before anything changes them */
	pushal                          /* eax ecx edx ebx, esp (ignored), ebp ebx esi edi */
	subl $512, %esp                 /* the fxsave area, 16-byte aligned ... */
	andl $-16, %esp                 /* ... which also aligns the call below */
	fxsave (%esp)                   /* x87, MMX, XMM0-7, MXCSR */
	fninit                          /* an empty x87 stack for the C code */
	cld                             /* C code expects DF clear; the saved flags keep the goroutine's */
	subl $16, %esp
	movl $preempt_m, (%esp)         /* mcall(preempt_m), esp 16-byte aligned at the call */
	call mcall                      /* off the CPU; returns when it runs again (ebp kept) */
	addl $16, %esp
	fxrstor (%esp)
	leal -36(%ebp), %esp            /* the pushal area */
	popal
	popfl
	popl %ebp
	ret                             /* to the stopped pc, esp as it was there */
	.size asyncPreempt, . - asyncPreempt
