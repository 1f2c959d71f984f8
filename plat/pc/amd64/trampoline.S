/*
 * trampoline.S - an amd64 CPU's way from trampoline16.S to C (ap_main).
 *
 * trampoline16 left the CPU in 32-bit protected mode on flat segments,
 * paging off, at ap_start32 in the image (physical == virtual). Long
 * mode is entered as the boot entry does it (boot/amd64/pvh.S), but
 * straight onto the kernel's own page tables and this CPU's own GDT
 * (built by cpu_start; the kernel's selectors): load the GDT, CR4 with
 * PAE, CR3, EFER.LME (and NXE, as the boot CPU), then CR0 with paging,
 * which activates long mode and the caches (INIT left CR0.CD and NW
 * set); a far jump to the GDT's 64-bit code segment leaves
 * compatibility mode. CR3 must be below 4 GiB for the 32-bit load
 * (cpu_start checks). CR4.PCIDE may only be set in long mode, so CR4
 * is loaded without it first, whole afterwards. Everything reads
 * ap_boot by its physical address, which is its virtual one too.
 */
#include "cpu.h"
#include "smp.h"

#define CR4_PCIDE       0x00020000      /* process-context identifiers: long mode only */

	.text
	.code32
	.globl ap_start32
	.type ap_start32, @function
ap_start32:
	movl $SEL_KDATA, %eax           /* flat data (trampoline16's GDT): ds still has real mode's base */
	movl %eax, %ds
	lgdt ap_boot + AP_GDTR          /* this CPU's own GDT (32-bit lgdt: the base's low half) */
	movl $SEL_KDATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs                  /* fs's base is set by tls_init (ap_main) */
	movl %eax, %gs

	movl ap_boot + AP_CR4, %eax
	andl $~CR4_PCIDE, %eax
	movl %eax, %cr4                 /* PAE (long mode needs it), SSE as the boot CPU */
	movl ap_boot + AP_CR3, %eax
	movl %eax, %cr3                 /* the kernel's PML4 */
	movl $MSR_EFER, %ecx
	movl ap_boot + AP_EFER, %eax    /* LME, and NXE if the tables use it */
	movl ap_boot + AP_EFER + 4, %edx
	wrmsr
	movl ap_boot + AP_CR0, %eax
	movl %eax, %cr0                 /* paging on: long mode is active (compatibility mode) */
	ljmp $SEL_KCODE, $ap_start64    /* a 64-bit code segment: leave compatibility mode */

	.code64
ap_start64:
	movq ap_boot + AP_CR4(%rip), %rax
	movq %rax, %cr4                 /* the whole of the boot CPU's CR4 */
	movq ap_boot + AP_STACK(%rip), %rsp     /* the stack cpu_start was given */
	movl ap_boot + AP_ID(%rip), %edi        /* ap_main(id) */
	xorl %ebp, %ebp                 /* the frame-pointer chain ends here */
	andq $-16, %rsp                 /* 16-byte aligned at the call */
	call ap_main                    /* never returns */
	ud2
	.size ap_start32, . - ap_start32

/* ap_call(fn, id, stacktop): fn(id) on the stack that ends at stacktop; fn never returns. */
	.globl ap_call
	.type ap_call, @function
ap_call:
	movq %rdx, %rsp                 /* stacktop: the caller's frame is gone */
	andq $-16, %rsp                 /* 16-byte aligned at the call */
	xorl %ebp, %ebp                 /* the frame-pointer chain ends here */
	movq %rdi, %rax
	movl %esi, %edi                 /* fn(id) */
	call *%rax
	ud2                             /* fn returned: it must not (reported as invalid opcode) */
	.size ap_call, . - ap_call
