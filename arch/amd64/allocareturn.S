/*
 * allocareturn.S - where a function that got heap memory for a VLA or
 * alloca returns to (amd64).
 *
 * morestack_alloca (runtime/stack.c) gives code outside the appliance
 * heap blocks when a VLA or alloca does not fit above the guard, and
 * replaces the allocating function's return address with
 * alloca_return. When the function returns, this frees its blocks
 * (alloca_returned, which gives back the real return address) and
 * returns there, with the function's return registers (rax, rdx,
 * xmm0, xmm1) as they were.
 */
	.section .note.GNU-split-stack,"",@progbits
	.text

	.globl alloca_return
	.type alloca_return, @function
	.balign 16
alloca_return:                          /* rsp = E = the function's fp + 16, 16-byte aligned */
	subq $8, %rsp                   /* E - 8: the real return address goes here */
	pushq %rax                      /* E - 16 */
	pushq %rdx                      /* E - 24 */
	subq $40, %rsp                  /* E - 64: xmm0, xmm1, 8 bytes of padding */
	movdqu %xmm0, (%rsp)
	movdqu %xmm1, 16(%rsp)
	leaq 48(%rsp), %rdi             /* E - 16: the returning function's fp */
	call alloca_returned            /* frees its blocks; rax = its return address */
	movq %rax, 56(%rsp)             /* into E - 8 */
	movdqu (%rsp), %xmm0
	movdqu 16(%rsp), %xmm1
	addq $40, %rsp
	popq %rdx
	popq %rax
	ret                             /* to the real return address; rsp = E */
	.size alloca_return, . - alloca_return
