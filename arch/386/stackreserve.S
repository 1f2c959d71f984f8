/*
 * stackreserve.S - room on the goroutine's stack for a VLA or alloca
 * (i386).
 *
 * tools/stack-ir puts a call __stack_reserve(bytes) before every
 * dynamic alloca of appliance code. It is a prologue check asking for
 * a frame of that many bytes: if sp - bytes is above the guard it
 * returns at once; otherwise it enters __morestack exactly as a
 * compiled prologue does (argument bytes and frame size pushed, the
 * call followed by a 1-byte ret), so newstack grows the stack
 * to fit and resumes at R + 1 with the two sizes popped, which pops the
 * frame record the slow path pushed and checks again, on the new stack,
 * before it returns to the caller. The alloca then takes its memory
 * from the goroutine's stack.
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
#define RESERVE_MAX 0x40000000

/* void __stack_reserve(uintptr_t bytes) (cdecl: bytes at 4(%esp)) */
	.globl __stack_reserve
	.type __stack_reserve, @function
	.balign 16
__stack_reserve:
	movl 4(%esp), %ecx              /* ecx = bytes */
	movl %esp, %eax                 /* eax = sp - bytes ... */
	subl %ecx, %eax
	jb 1f                           /* ... which wrapped: far too big */
	cmpl %gs:TLS_STACKGUARD, %eax
	jbe 1f                          /* at or below the guard: grow */
	ret
1:	pushl %ebp                      /* a frame record: tracebacks name our caller */
	movl %esp, %ebp
	cmpl $RESERVE_MAX, %ecx         /* frame size = min(bytes, RESERVE_MAX) */
	jb 2f
	movl $RESERVE_MAX, %ecx
2:	pushl $0                        /* no argument bytes */
	pushl %ecx                      /* the frame size */
	call __morestack                /* R: never returns here ... */
	ret                             /* (R, the 1-byte ret a prologue has) */
	popl %ebp                       /* ... newstack resumes at R + 1, the sizes popped */
	jmp __stack_reserve             /* and checks again (bytes still at 4(%esp)): see above */
	.size __stack_reserve, . - __stack_reserve
