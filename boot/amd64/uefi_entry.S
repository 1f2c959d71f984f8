/*
 * uefi_entry.S - the kernel's entry from the UEFI loader (boot/amd64/efi).
 *
 * The contract the loader relies on, exactly:
 *   jump to the ELF's e_entry (efi_kernel_entry) in 64-bit long mode,
 *   4-level paging that identity-maps the kernel image and the bootinfo,
 *   interrupts disabled (after ExitBootServices), rdi = physical address
 *   of a fully filled struct bootinfo in loader memory, any stack.
 *   The kernel's PT_LOAD segments must already be at their physical
 *   addresses (p_paddr), .bss need not be zeroed, and the kernel image
 *   must be mapped executable and writable by the loader's page tables.
 *   The entry never returns.
 * Here: switch to the kernel's boot stack, zero .bss (the bootinfo lies
 * outside the image, so it survives), copy the bootinfo into
 * amd64_bootinfo while the loader's page tables are still live (they may
 * map it above 4 GiB, which the boot page tables do not), enable NX if
 * the CPU has it, switch to the kernel's own page tables and GDT, and
 * call uefi_boot (entry.c) with the kernel's copy.
 */
#include "cpu.h"

	.section .text.entry, "ax"
	.code64
	.globl efi_kernel_entry
efi_kernel_entry:
	cli
	cld
	mov %rdi, %rbx                  /* the loader's bootinfo: stosq/movsb need rdi */
	lea boot_stack_top(%rip), %rsp

	lea bss_start(%rip), %rdi       /* zero .bss, boot stack included, */
	lea ebss(%rip), %rcx            /* 8 bytes a store (both ends are page-aligned) */
	sub %rdi, %rcx
	shr $3, %rcx
	xor %eax, %eax
	rep stosq

	mov %rbx, %rsi                  /* amd64_bootinfo = *loader's bootinfo */
	lea amd64_bootinfo(%rip), %rdi
	mov bootinfo_size(%rip), %rcx
	rep movsb

	mov $CPUID_EXT_MAX, %eax        /* NX present? then allow it in page tables */
	cpuid
	cmp $CPUID_EXT_FEAT, %eax
	jb 1f
	mov $CPUID_EXT_FEAT, %eax
	cpuid
	test $CPUID_EXT_EDX_NX, %edx
	jz 1f
	mov $MSR_EFER, %ecx
	rdmsr
	or $EFER_NXE, %eax
	wrmsr
1:
	lea boot_pml4(%rip), %rax       /* the kernel's own page tables (early.S) */
	mov %rax, %cr3
	call boot_cpu_setup             /* GDT, segments, x87/SSE */
	lea amd64_bootinfo(%rip), %rdi
	xor %ebp, %ebp                  /* frame-pointer walks stop here */
	call uefi_boot
2:	cli                             /* uefi_boot does not return */
	hlt
	jmp 2b
