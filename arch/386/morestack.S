/*
 * morestack.S - the split-stack entry points the compiler's
 * prologues call on i386, and the resume path after a stack copy.
 *
 * A function compiled with -fsplit-stack starts with
 *     cmpl %gs:0x30, %esp            (frames >= 256: leal -N(%esp),%ecx; cmpl %gs:0x30,%ecx;
 *     jbe  slow                       fastcc functions use %eax as the scratch instead)
 *   body: ...
 *   slow: pushl $argbytes; pushl $frame
 *     calll __morestack              (return address R points at ...)
 *     retl                           (... this 1-byte ret; R + 1 is ...)
 *     jmp  body                      (... the "check passed" continuation)
 * At __morestack's entry: (%esp) = R, 4(%esp) = frame, 8(%esp) = arg
 * bytes, 12(%esp) = the function's return address; esp is 16-byte
 * aligned. Arguments are on the stack, except for fastcc (static)
 * functions: ecx, edx. newstack resumes at R + 1 with esp = entry + 12.
 * Like mcall and gogo, __morestack disables interrupts first thing (g0
 * runs with them off) and morestack_resume enables them as it returns
 * into the goroutine (include/machine.h).
 */
#include "asmoffsets.h"
#include "machine.h"

	.section .note.GNU-split-stack,"",@progbits
	.text

#define NONSPLIT_HEADROOM 0x4000

	.globl __morestack
	.type __morestack, @function
	.balign 16
__morestack:
	INTR_DISABLE                    /* to g0, which runs with interrupts off */
	pushl %eax                      /* a scratch register */
	GET_G(%eax)
	movl G_M(%eax), %eax            /* eax = m */
	movl %ebx, (M_MOREBUF+MB_EBX)(%eax)
	movl %ecx, (M_MOREBUF+MB_ECX)(%eax)
	movl %edx, (M_MOREBUF+MB_EDX)(%eax)
	movl %esi, (M_MOREBUF+MB_ESI)(%eax)
	movl %edi, (M_MOREBUF+MB_EDI)(%eax)
	movl %ebp, (M_MOREBUF+MB_EBP)(%eax)
	popl (M_MOREBUF+MB_EAX)(%eax)   /* the caller's eax; esp is back at R */
	movl %esp, (M_MOREBUF+MB_SP)(%eax)
	GET_G(%ecx)                     /* ecx = g */
	movl M_G0(%eax), %edx
	cmpl %edx, %ecx
	je 1f                           /* the scheduler stack itself overflowed */
	SET_G(%edx)                     /* to g0, as mcall does */
	movl G_STACKGUARD(%edx), %ebx
	movl %ebx, %gs:TLS_STACKGUARD
	movl (G_SCHED+GOBUF_SP)(%edx), %esp
	andl $-16, %esp
	subl $12, %esp                  /* 16-byte aligned once the argument is pushed */
	pushl %ecx                      /* newstack(g) */
	xorl %ebp, %ebp
	call newstack                   /* never returns */
	ud2
1:	call morestack_on_g0
	ud2
	.size __morestack, . - __morestack

/*
 * ld.lld sends here the prologues of split functions that call code
 * built without -fsplit-stack (on i386 it leaves their checks as they
 * are). Grant NONSPLIT_HEADROOM more: resume at R + 1 (popping R and
 * the two sizes) if sp - frame - headroom is above the guard, else grow.
 */
	.globl __morestack_non_split
	.type __morestack_non_split, @function
	.balign 16
__morestack_non_split:
	pushl %eax
	leal (4-NONSPLIT_HEADROOM)(%esp), %eax  /* sp at entry - headroom */
	subl 8(%esp), %eax                      /* - frame size */
	cmpl %gs:TLS_STACKGUARD, %eax
	popl %eax                               /* flags survive */
	jbe 1f
	addl $1, (%esp)                 /* to R + 1: the check passed ... */
	ret $8                          /* ... with the two sizes popped */
1:	addl $NONSPLIT_HEADROOM, 4(%esp)
	jmp __morestack
	.size __morestack_non_split, . - __morestack_non_split

/*
 * void morestack_resume(G *gp): on g0 after newstack moved gp's stack:
 * make gp current with its guard in the slot, put the continuation's
 * address just below the resume sp, restore the registers and ret.
 */
	.globl morestack_resume
	.type morestack_resume, @function
	.balign 16
morestack_resume:
	movl 4(%esp), %eax
	SET_G(%eax)
	movl G_STACKGUARD(%eax), %ecx
	movl %ecx, %gs:TLS_STACKGUARD
	movl G_M(%eax), %eax            /* eax = m */
	movl (M_MOREBUF+MB_SP)(%eax), %esp
	pushl (M_MOREBUF+MB_PC)(%eax)   /* ret below will pop it: esp ends at MB_SP */
	movl (M_MOREBUF+MB_EBX)(%eax), %ebx
	movl (M_MOREBUF+MB_ECX)(%eax), %ecx
	movl (M_MOREBUF+MB_EDX)(%eax), %edx
	movl (M_MOREBUF+MB_ESI)(%eax), %esi
	movl (M_MOREBUF+MB_EDI)(%eax), %edi
	movl (M_MOREBUF+MB_EBP)(%eax), %ebp
	movl (M_MOREBUF+MB_EAX)(%eax), %eax
	INTR_ENABLE                     /* from after the ret: the goroutine's */
	ret
	.size morestack_resume, . - morestack_resume

/*
 * __morestack_allocate_stack_space(size): a VLA or alloca that does not
 * fit above the guard; memory from the runtime's allocator, kept until
 * the caller returns (morestack_alloca, runtime/stack.c).
 */
	.globl __morestack_allocate_stack_space
	.type __morestack_allocate_stack_space, @function
	.balign 16
__morestack_allocate_stack_space:
	jmp morestack_alloca
	.size __morestack_allocate_stack_space, . - __morestack_allocate_stack_space
