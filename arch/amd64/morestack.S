/*
 * morestack.S - the split-stack entry points the compiler's
 * prologues call on amd64, and the resume path after a stack copy.
 *
 * A function compiled with -fsplit-stack starts with
 *     cmpq %fs:0x70, %rsp            (frames >= 256: lea -N(%rsp),%r11; cmpq %fs:0x70,%r11)
 *     jbe  slow
 *   body: ...
 *   slow: movl $frame, %r10d; movl $argbytes, %r11d
 *     call __morestack               (return address R points at ...)
 *     ret                            (... this 1-byte ret; R + 1 is ...)
 *     jmp  body                      (... the "check passed" continuation)
 * __morestack saves every register that may be live there (arguments,
 * callee-saved, the float argument registers) in m->morebuf, switches
 * to g0 and calls newstack(g), which copies the stack, relocates, and
 * calls morestack_resume(g) to continue at R + 1 on the new stack.
 * Like mcall and gogo, __morestack disables interrupts first thing (g0
 * runs with them off) and morestack_resume enables them as it jumps
 * back into the goroutine (include/machine.h).
 */
#include "asmoffsets.h"
#include "machine.h"

	.section .note.GNU-split-stack,"",@progbits
	.text

/* Headroom granted to callers of code built without the check (see __morestack_non_split). */
#define NONSPLIT_HEADROOM 0x4000

	.globl __morestack
	.type __morestack, @function
	.balign 16
__morestack:
	INTR_DISABLE                    /* to g0, which runs with interrupts off */
	pushq %rax                      /* a scratch register (8 bytes of the guard slack) */
	GET_G(%rax)
	movq G_M(%rax), %rax            /* rax = m */
	movq %rbx, (M_MOREBUF+MB_RBX)(%rax)
	movq %rcx, (M_MOREBUF+MB_RCX)(%rax)
	movq %rdx, (M_MOREBUF+MB_RDX)(%rax)
	movq %rsi, (M_MOREBUF+MB_RSI)(%rax)
	movq %rdi, (M_MOREBUF+MB_RDI)(%rax)
	movq %rbp, (M_MOREBUF+MB_RBP)(%rax)
	movq %r8, (M_MOREBUF+MB_R8)(%rax)
	movq %r9, (M_MOREBUF+MB_R9)(%rax)
	movq %r10, (M_MOREBUF+MB_R10)(%rax)
	movq %r11, (M_MOREBUF+MB_R11)(%rax)
	movq %r12, (M_MOREBUF+MB_R12)(%rax)
	movq %r13, (M_MOREBUF+MB_R13)(%rax)
	movq %r14, (M_MOREBUF+MB_R14)(%rax)
	movq %r15, (M_MOREBUF+MB_R15)(%rax)
	popq (M_MOREBUF+MB_RAX)(%rax)   /* the caller's rax; rsp is back at R */
	movdqu %xmm0, (M_MOREBUF+MB_XMM0+0*16)(%rax)
	movdqu %xmm1, (M_MOREBUF+MB_XMM0+1*16)(%rax)
	movdqu %xmm2, (M_MOREBUF+MB_XMM0+2*16)(%rax)
	movdqu %xmm3, (M_MOREBUF+MB_XMM0+3*16)(%rax)
	movdqu %xmm4, (M_MOREBUF+MB_XMM0+4*16)(%rax)
	movdqu %xmm5, (M_MOREBUF+MB_XMM0+5*16)(%rax)
	movdqu %xmm6, (M_MOREBUF+MB_XMM0+6*16)(%rax)
	movdqu %xmm7, (M_MOREBUF+MB_XMM0+7*16)(%rax)
	movq %rsp, (M_MOREBUF+MB_SP)(%rax)
	GET_G(%rdi)                     /* newstack(g) */
	movq M_G0(%rax), %rcx
	cmpq %rcx, %rdi
	je 1f                           /* the scheduler stack itself overflowed */
	SET_G(%rcx)                     /* to g0, as mcall does */
	movq G_STACKGUARD(%rcx), %rdx
	movq %rdx, %fs:TLS_STACKGUARD
	movq (G_SCHED+GOBUF_SP)(%rcx), %rsp
	andq $-16, %rsp
	xorl %ebp, %ebp
	call newstack                   /* never returns */
	ud2
1:	call morestack_on_g0            /* fatal; on the overflowing stack, inside the slack */
	ud2
	.size __morestack, . - __morestack

/*
 * ld.lld sends here (instead of __morestack) the prologues of split
 * functions that call functions from objects built without
 * -fsplit-stack; on amd64 it also replaces their small-frame check by
 * stc, so they come here on every call. Grant NONSPLIT_HEADROOM more:
 * if sp - r10 - headroom is still above the guard, resume at R + 1 at
 * once; otherwise grow with the headroom added to the frame size.
 */
	.globl __morestack_non_split
	.type __morestack_non_split, @function
	.balign 16
__morestack_non_split:
	GET_G(%r11)                     /* r11 (argument bytes) is not needed */
	testq %r11, %r11                /* no g yet: the start path, before the scheduler */
	jz 2f
	movl $1, G_NONSPLIT(%r11)       /* g calls code without the check: shrinks leave it room */
2:	leaq -NONSPLIT_HEADROOM(%rsp), %r11
	subq %r10, %r11
	cmpq %fs:TLS_STACKGUARD, %r11
	jbe 1f
	addq $1, (%rsp)                 /* return to R + 1: the check passed */
	ret
1:	addq $NONSPLIT_HEADROOM, %r10
	jmp __morestack
	.size __morestack_non_split, . - __morestack_non_split

/*
 * void morestack_resume(G *gp): on g0 after newstack moved gp's stack:
 * make gp current with its guard in the slot, restore the registers
 * from m->morebuf (already relocated) and continue at MB_PC with
 * rsp = MB_SP. r11 carries m to the end: the continuation does not
 * read it (it held the argument bytes).
 */
	.globl morestack_resume
	.type morestack_resume, @function
	.balign 16
morestack_resume:
	movq G_M(%rdi), %r11
	SET_G(%rdi)
	movq G_STACKGUARD(%rdi), %rax
	movq %rax, %fs:TLS_STACKGUARD
	movq (M_MOREBUF+MB_SP)(%r11), %rsp
	movdqu (M_MOREBUF+MB_XMM0+0*16)(%r11), %xmm0
	movdqu (M_MOREBUF+MB_XMM0+1*16)(%r11), %xmm1
	movdqu (M_MOREBUF+MB_XMM0+2*16)(%r11), %xmm2
	movdqu (M_MOREBUF+MB_XMM0+3*16)(%r11), %xmm3
	movdqu (M_MOREBUF+MB_XMM0+4*16)(%r11), %xmm4
	movdqu (M_MOREBUF+MB_XMM0+5*16)(%r11), %xmm5
	movdqu (M_MOREBUF+MB_XMM0+6*16)(%r11), %xmm6
	movdqu (M_MOREBUF+MB_XMM0+7*16)(%r11), %xmm7
	movq (M_MOREBUF+MB_RAX)(%r11), %rax
	movq (M_MOREBUF+MB_RBX)(%r11), %rbx
	movq (M_MOREBUF+MB_RCX)(%r11), %rcx
	movq (M_MOREBUF+MB_RDX)(%r11), %rdx
	movq (M_MOREBUF+MB_RSI)(%r11), %rsi
	movq (M_MOREBUF+MB_RDI)(%r11), %rdi
	movq (M_MOREBUF+MB_RBP)(%r11), %rbp
	movq (M_MOREBUF+MB_R8)(%r11), %r8
	movq (M_MOREBUF+MB_R9)(%r11), %r9
	movq (M_MOREBUF+MB_R10)(%r11), %r10
	movq (M_MOREBUF+MB_R12)(%r11), %r12
	movq (M_MOREBUF+MB_R13)(%r11), %r13
	movq (M_MOREBUF+MB_R14)(%r11), %r14
	movq (M_MOREBUF+MB_R15)(%r11), %r15
	INTR_ENABLE                     /* from after the jump: the goroutine's */
	jmp *(M_MOREBUF+MB_PC)(%r11)
	.size morestack_resume, . - morestack_resume

/*
 * __morestack_allocate_stack_space(size): the compiler calls it for a
 * VLA or alloca that does not fit above the guard; it must return
 * memory the caller keeps until it returns (sp is not moved): the
 * runtime's allocator gives it (morestack_alloca, runtime/stack.c).
 */
	.globl __morestack_allocate_stack_space
	.type __morestack_allocate_stack_space, @function
	.balign 16
__morestack_allocate_stack_space:
	jmp morestack_alloca
	.size __morestack_allocate_stack_space, . - __morestack_allocate_stack_space
