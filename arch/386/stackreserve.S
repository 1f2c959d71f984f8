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
 * frame record the slow path pushed and returns to the caller on the
 * new stack. The alloca then takes its memory
 * from the goroutine's stack.
 */
#include "asmoffsets.h"
#include "machine.h"

	.section .note.GNU-split-stack,"",@progbits
	.text

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
	ret
	.size __stack_reserve, . - __stack_reserve
