/*
 * stackreserve.S - room on the goroutine's stack for a VLA or alloca
 * (amd64).
 *
 * tools/stack-ir puts a call __stack_reserve(bytes) before every
 * dynamic alloca of appliance code. It is a prologue check asking for
 * a frame of that many bytes: if sp - bytes is above the guard it
 * returns at once; otherwise it enters __morestack exactly as a
 * compiled prologue does (r10 = frame size, r11 = argument bytes, the
 * call followed by a 1-byte ret), so newstack grows the stack
 * to fit and resumes at R + 1, which pops the frame record the slow
 * path pushed and checks again, on the new stack, before it returns to
 * the caller. The alloca then takes its memory from the goroutine's
 * stack.
 */
#include "asmoffsets.h"
#include "machine.h"

	.section .note.GNU-split-stack,"",@progbits
	/*
	 * A preemption request (StackPreempt in the guard slot) that came
	 * after this check passed would fail the compiler's own check of the
	 * VLA that follows, which then takes the VLA from the heap
	 * (__morestack_allocate_stack_space) instead of the stack. A tick
	 * that was pending while newstack ran on g0 comes in just where this
	 * resumes (R + 1), so this is no rare case: the code is among that a
	 * goroutine may be stopped in between any two instructions (the
	 * linker script puts .text.preemptible in preempt_text,
	 * runtime/preempt.c; it touches nothing but its own frame and the
	 * guard slot), and after newstack it checks again rather than
	 * returning, so a request made meanwhile preempts it here. Only one
	 * made in the few instructions between the last check and the VLA's
	 * (under asyncpreemptoff=1, or with a C library lock held) still
	 * sends that one VLA to the heap.
	 */
	.section .text.preemptible,"ax",@progbits

/* The largest frame size handed to newstack: bigger requests fail there as over maxstack. */
#define RESERVE_MAX 0x4000000000000000

/* void __stack_reserve(uintptr_t bytes) */
	.globl __stack_reserve
	.type __stack_reserve, @function
	.balign 16
__stack_reserve:
	movq %rsp, %r11                 /* r11 = sp - bytes ... */
	subq %rdi, %r11
	jb 1f                           /* ... which wrapped: far too big */
	cmpq %fs:TLS_STACKGUARD, %r11
	jbe 1f                          /* at or below the guard: grow */
	ret
1:	pushq %rbp                      /* a frame record: tracebacks name our caller */
	movq %rsp, %rbp
	movabsq $RESERVE_MAX, %r10      /* frame size = min(bytes, RESERVE_MAX) */
	cmpq %r10, %rdi
	cmovbq %rdi, %r10
	xorl %r11d, %r11d               /* no argument bytes */
	call __morestack                /* R: never returns here ... */
	ret                             /* (R, the 1-byte ret a prologue has) */
	popq %rbp                       /* ... newstack resumes at R + 1, sp just past R */
	jmp __stack_reserve             /* and checks again (rdi kept): see above */
	.size __stack_reserve, . - __stack_reserve
