/*
 * trampoline16.S - where a started CPU begins: real mode, in a page below 1 MiB.
 *
 * A START-UP IPI with vector VV starts the CPU at cs = VV00, ip = 0,
 * paging and protection off. smp.c copies the bytes from trampoline16
 * to trampoline16_end to such a page (the only code that must live
 * below 1 MiB) and names the page in the IPI. The code works at any
 * page: it finds its own address from cs, points the GDT pointer at
 * the GDT beside it, enters 32-bit protected mode on that GDT's flat
 * segments and jumps into the kernel image, to ap_start32
 * (<arch>/trampoline.S), which does everything else. The selectors
 * are the kernel's (SEL_KCODE 0x08, SEL_KDATA 0x10) on both CPUs.
 *
 * It sits in .rodata: it is data to the kernel, run only as a copy.
 */
#include "x86.h"

	.section .rodata
	.balign 16
	.globl trampoline16, trampoline16_end
	.code16
trampoline16:
	cli                             /* nothing may interrupt: there is no IDT for real mode here */
	cld
	mov %cs, %ax
	mov %ax, %ds                    /* ds:0 = this page */
	movzwl %ax, %ebx
	shll $4, %ebx                   /* ebx = this page's physical address */
	leal (t16_gdt - trampoline16)(%ebx), %eax
	movl %eax, (t16_gdtr - trampoline16 + 2)        /* the GDT's base, at the pointer */
	lgdtl (t16_gdtr - trampoline16)
	movl %cr0, %eax
	orl $CR0_PE, %eax               /* protected mode (paging comes later) */
	movl %eax, %cr0
	ljmpl $0x08, $ap_start32        /* a 32-bit code segment, into the image */

	.balign 8
t16_gdt:
	.quad 0
	.quad 0x00cf9b000000ffff        /* 0x08: flat 4 GiB 32-bit code, ring 0, accessed */
	.quad 0x00cf93000000ffff        /* 0x10: flat 4 GiB data, writable, accessed */
t16_gdtr:
	.word t16_gdtr - t16_gdt - 1    /* limit */
	.long 0                         /* base: written above, once the page is known */
trampoline16_end:
#ifdef __x86_64__                       /* back to the file's default mode */
	.code64
#else
	.code32
#endif
