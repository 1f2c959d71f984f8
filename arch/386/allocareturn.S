/*
 * allocareturn.S - where a function that got heap memory for a VLA or
 * alloca returns to (i386).
 *
 * morestack_alloca (runtime/stack.c) gives code outside the appliance
 * heap blocks when a VLA or alloca does not fit above the guard, and
 * replaces the allocating function's return address with
 * alloca_return. When the function returns, this frees its blocks
 * (alloca_returned, which gives back the real return address) and
 * returns there, with the function's return registers (eax, edx; the
 * x87 st0, which the C code called here does not use) as they were.
 */
	.section .note.GNU-split-stack,"",@progbits
	.text

	.globl alloca_return
	.type alloca_return, @function
	.balign 16
alloca_return:                          /* esp = E = the function's fp + 8, 16-byte aligned */
	subl $4, %esp                   /* E - 4: the real return address goes here */
	pushl %eax                      /* E - 8 */
	pushl %edx                      /* E - 12 */
	leal 4(%esp), %ecx              /* E - 8: the returning function's fp */
	subl $20, %esp                  /* E - 32: the argument, 16-byte aligned */
	movl %ecx, (%esp)
	call alloca_returned            /* frees its blocks; eax = its return address */
	movl %eax, 28(%esp)             /* into E - 4 */
	addl $20, %esp
	popl %edx
	popl %eax
	ret                             /* to the real return address; esp = E */
	.size alloca_return, . - alloca_return
