/*
 * pvh.S - the PVH entry: how QEMU's -kernel starts goro on amd64.
 *
 * QEMU (on -M pc through its PVH option ROM, on -M microvm through its
 * firmware) loads the ELF and, finding the Xen PHYS32_ENTRY note below,
 * jumps to pvh_entry32 in 32-bit protected mode, paging off, flat
 * segments, with ebx = physical address of a struct hvm_start_info.
 * From there: zero .bss, check for long mode, load the boot page tables
 * (early.S), enable PAE, EFER.LME (and EFER.NXE when the CPU has NX) and
 * paging, far-jump to 64-bit code, and call pvh_boot (entry.c), which
 * turns the start info into a struct bootinfo and calls kmain.
 */
#include "cpu.h"

#define XEN_ELFNOTE_PHYS32_ENTRY 18

/*
 * The note's payload is 8 bytes: QEMU reads a 64-bit value for an
 * ELF64 kernel. The linker script keeps the section 4-byte aligned.
 */
	.section .note.Xen, "a", @note
	.balign 4
	.long 2f - 1f                   /* name size, NUL included */
	.long 4f - 3f                   /* payload size */
	.long XEN_ELFNOTE_PHYS32_ENTRY
1:	.asciz "Xen"
2:	.balign 4
3:	.quad pvh_entry32
4:	.balign 4

	.section .text.entry, "ax"
	.code32
	.globl pvh_entry32
pvh_entry32:
	cli
	cld
	mov %ebx, %esi                  /* start info: cpuid clobbers ebx, stosl edi */

	/*
	 * Zero .bss, boot stack included, 4 bytes a store (both ends are
	 * page-aligned): under an emulator each turn of a rep costs alike.
	 */
	mov $bss_start, %edi
	mov $ebss, %ecx
	sub %edi, %ecx
	shr $2, %ecx
	xor %eax, %eax
	rep stosl

	mov $CPUID_EXT_MAX, %eax        /* is there an extended feature leaf? */
	cpuid
	cmp $CPUID_EXT_FEAT, %eax
	jb no_long_mode
	mov $CPUID_EXT_FEAT, %eax
	cpuid
	test $CPUID_EXT_EDX_LM, %edx
	jz no_long_mode
	mov %edx, %edi                  /* keep the feature bits for NX below */

	mov $boot_pml4, %eax
	mov %eax, %cr3
	mov %cr4, %eax
	or $CR4_PAE, %eax
	mov %eax, %cr4
	mov $MSR_EFER, %ecx
	rdmsr
	or $EFER_LME, %eax
	test $CPUID_EXT_EDX_NX, %edi
	jz 1f
	or $EFER_NXE, %eax              /* so later page tables may use the NX bit */
1:	wrmsr
	mov %cr0, %eax
	or $(CR0_PG | CR0_PE), %eax     /* paging on: long mode is now active */
	mov %eax, %cr0
	lgdt boot_gdtptr
	ljmp $SEL_KCODE, $pvh_entry64   /* a 64-bit code segment: leave compatibility mode */

/* Not an amd64 CPU: say so on COM1, then exit 2 the way machine_poweroff does. */
no_long_mode:
	mov $no_long_mode_msg, %esi
	mov $0x3f8, %dx
1:	lodsb
	test %al, %al
	jz 2f
	outb %al, %dx
	jmp 1b
2:	mov $exit_msg, %esi
	mov $0xe9, %dx                  /* the debug console the harness reads */
3:	lodsb
	test %al, %al
	jz 4f
	outb %al, %dx
	jmp 3b
4:	mov $2, %eax
	mov $0xf4, %dx                  /* isa-debug-exit */
	outl %eax, %dx
5:	cli
	hlt
	jmp 5b

	.code64
pvh_entry64:
	lea boot_stack_top(%rip), %rsp
	mov %esi, %ebx                  /* zero-extends: upper halves are undefined after the switch */
	call boot_cpu_setup
	mov %rbx, %rdi                  /* pvh_boot(start info physical address) */
	xor %ebp, %ebp                  /* frame-pointer walks stop here */
	call pvh_boot
6:	cli                             /* pvh_boot does not return */
	hlt
	jmp 6b

	.section .rodata
no_long_mode_msg:
	.asciz "goro: this CPU has no 64-bit long mode; use the 386 build\r\n"
exit_msg:
	.asciz "goro-exit: 2\n"
