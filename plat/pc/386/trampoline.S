/*
 * trampoline.S - an i386 CPU's way from trampoline16.S to C (ap_main).
 *
 * trampoline16 left the CPU in 32-bit protected mode on flat segments,
 * paging off, at ap_start32 in the image (physical == virtual). Here it
 * loads its own GDT (built by cpu_start: the kernel's selectors, its
 * TSSes and a TLS segment on its own per-CPU block, so %gs and cpu_id()
 * are right from the first C instruction), takes the boot CPU's CR4
 * (PAE, SSE), EFER (NXE, when the tables use it) and CR3, then CR0,
 * which turns paging on with the kernel's tables and the caches on
 * (INIT left CR0.CD and NW set). Everything until then reads ap_boot by
 * its physical address. Then onto ap_boot's stack and into ap_main.
 */
#include "x86.h"
#include "trapframe.h"
#include "tls.h"
#include "smp.h"

	.text
	.code32
	.globl ap_start32
	.type ap_start32, @function
ap_start32:
	movl $SEL_KDATA, %eax           /* flat data (trampoline16's GDT): ds still has real mode's base */
	movl %eax, %ds
	lgdt ap_boot + AP_GDTR          /* this CPU's own GDT */
	ljmp $SEL_KCODE, $1f            /* cs from it */
1:	movl $SEL_KDATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs                  /* unused: null, as on the boot CPU */
	movl $SEL_TLS, %eax
	movl %eax, %gs                  /* the per-CPU block cpu_start made: TLS_CPU = id */

	movl ap_boot + AP_CR4, %eax
	movl %eax, %cr4                 /* PAE before paging; SSE as the boot CPU */
	movl ap_boot + AP_EFER, %eax
	testl %eax, %eax
	jz 2f                           /* no NX: EFER may not even exist */
	movl $MSR_EFER, %ecx
	xorl %edx, %edx
	wrmsr
2:	movl ap_boot + AP_CR3, %eax
	movl %eax, %cr3                 /* the kernel's PDPT (its entries are read when paging starts) */
	movl ap_boot + AP_CR0, %eax
	movl %eax, %cr0                 /* paging and the caches on; this code is mapped where it runs */

	movl ap_boot + AP_STACK, %esp   /* the stack cpu_start was given (mapped only now) */
	movl ap_boot + AP_ID, %eax
	xorl %ebp, %ebp                 /* the frame-pointer chain ends here */
	subl $12, %esp                  /* 16-byte aligned at the call */
	pushl %eax
	call ap_main                    /* ap_main(id): never returns */
3:	cli
	hlt
	jmp 3b
	.size ap_start32, . - ap_start32

/* ap_call(fn, id, stacktop): fn(id) on the stack that ends at stacktop; fn never returns. */
	.globl ap_call
	.type ap_call, @function
ap_call:
	movl 4(%esp), %eax              /* fn */
	movl 8(%esp), %ecx              /* id */
	movl 12(%esp), %esp             /* stacktop: the caller's frame is gone */
	andl $-16, %esp
	xorl %ebp, %ebp                 /* the frame-pointer chain ends here */
	subl $12, %esp                  /* 16-byte aligned at the call */
	pushl %ecx
	call *%eax
	ud2                             /* fn returned: it must not (reported as invalid opcode) */
	.size ap_call, . - ap_call
