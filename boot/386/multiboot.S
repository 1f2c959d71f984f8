/*
 * multiboot.S - i386 entry from a multiboot-1 loader (QEMU -kernel, GRUB).
 *
 * The loader leaves us in 32-bit protected mode, flat segments, paging
 * and interrupts off, eax = magic, ebx = the multiboot info. The image
 * is an ELF, so the header carries no address fields: the loader takes
 * the load addresses from the program headers. All this code does is
 * check the magic, zero .bss, switch the FPU on, switch to the boot
 * stack and hand the info to C (multiboot_main), which builds the
 * struct bootinfo.
 */
#include "x86.h"

#define MB_MAGIC        0x1BADB002      /* header magic */
#define MB_PAGE_ALIGN   (1 << 0)        /* load modules on page boundaries */
#define MB_MEMORY_INFO  (1 << 1)        /* we want mem_* and the memory map */
#define MB_FLAGS        (MB_PAGE_ALIGN | MB_MEMORY_INFO)
#define MB_BOOT_MAGIC   0x2BADB002      /* what the loader leaves in eax */

#define BOOT_STACK_SIZE 16384

	.section .multiboot, "a"
	.balign 4
multiboot_header:
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)    /* checksum: the three words sum to 0 */

	.section .text.boot, "ax"
	.code32
	.globl _start
	.type _start, @function
_start:
	cli
	cld
	cmpl $MB_BOOT_MAGIC, %eax
	jne not_multiboot               /* not a multiboot loader: stay silent */

	/*
	 * Zero .bss, 4 bytes a store (both ends are page-aligned): under an
	 * emulator each turn of a rep costs alike, and stosb took 0.6 ms.
	 * ebx (the info pointer) is left alone.
	 */
	movl $bss_start, %edi
	movl $ebss, %ecx
	subl %edi, %ecx
	shrl $2, %ecx
	xorl %eax, %eax
	rep stosl
	/*
	 * x87 and SSE on before any C runs, as amd64's entry does: an
	 * emulator keys its translated code on these CR0 and CR4 bits, so
	 * code run before they change is translated again after (kstart's
	 * first boot stamp, here). fpu_init, first in platform_init, does it
	 * again and is the one to report a CPU without fxsave (left alone
	 * here: CR4.OSFXSR would fault on it). cpuid clobbers ebx, the info
	 * pointer: esi keeps it meanwhile.
	 */
	movl %ebx, %esi
	movl $1, %eax
	cpuid
	testl $CPUID1_EDX_FXSR, %edx
	jz 2f                           /* no fxsave: fpu_init reports it */
	movl %cr0, %eax
	andl $~(CR0_EM | CR0_TS), %eax  /* FPU and SSE instructions run, not trap */
	orl $(CR0_MP | CR0_NE), %eax    /* native x87 errors */
	movl %eax, %cr0
	fninit                          /* default control word: all exceptions masked */
	movl %cr4, %eax
	orl $CR4_OSFXSR, %eax           /* fxsave saves the SSE registers too */
	testl $CPUID1_EDX_SSE, %edx
	jz 1f
	orl $CR4_OSXMMEXCPT, %eax       /* SSE errors as #XM */
1:	movl %eax, %cr4
2:	movl %esi, %ebx

	movl $boot_stack_top, %esp
	xorl %ebp, %ebp                 /* end of the frame-pointer chain */
	pushl $0                        /* keep esp 16-byte aligned at the call */
	pushl $0
	pushl $0
	pushl %ebx                      /* multiboot_main(info) */
	call multiboot_main             /* never returns */

not_multiboot:
	hlt
	jmp not_multiboot
	.size _start, . - _start

	.section .bss
	.balign 16
	.globl boot_stack, boot_stack_top
boot_stack:
	.skip BOOT_STACK_SIZE
boot_stack_top:
