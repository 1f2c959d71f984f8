/*
 * early.S - what both amd64 boot entries share: the early page tables,
 * the boot GDT, the boot stack, and boot_cpu_setup.
 *
 * The page tables are built by the assembler, not by code: they map the
 * first 4 GiB 1:1 with 2 MiB pages (one PML4 entry, one PDPT with four
 * entries, four page directories), and since the kernel is linked at its
 * physical address their contents are known at link time. So the 32-bit
 * PVH entry and the 64-bit UEFI entry just load CR3 with the same tables.
 * They are writable and executable everywhere; they stay in use until
 * mmu_activate (plat/pc/amd64/mmu.c) switches to the kernel's own tables,
 * so everything touched before that must lie below 4 GiB.
 */
#include "cpu.h"
#include "pte.h"

	.data
	.balign 4096
	.globl boot_pml4
boot_pml4:                      /* 512 GiB per entry: only the first is used */
	.quad boot_pdpt + (PTE_P | PTE_W)
	.fill 511, 8, 0

	.balign 4096
	.globl boot_pdpt
boot_pdpt:                      /* 1 GiB per entry: four page directories */
	.quad boot_pd + 0x0000 + (PTE_P | PTE_W)
	.quad boot_pd + 0x1000 + (PTE_P | PTE_W)
	.quad boot_pd + 0x2000 + (PTE_P | PTE_W)
	.quad boot_pd + 0x3000 + (PTE_P | PTE_W)
	.fill 508, 8, 0

	.balign 4096
	.globl boot_pd
boot_pd:                        /* 2048 x 2 MiB = 4 GiB, physical == virtual */
	.set .Lphys, 0
	.rept 2048
	.quad .Lphys | (PTE_P | PTE_W | PTE_PS)
	.set .Lphys, .Lphys + 0x200000
	.endr

/*
 * The boot GDT: null, 64-bit kernel code, kernel data. The selectors
 * match the kernel GDT (plat/pc/amd64/gdt.c), which adds the TSS later.
 * boot_gdtptr is the 10-byte lgdt operand; 32-bit code's lgdt reads
 * only its first 6 bytes, which is fine since the GDT is below 4 GiB.
 */
	.section .rodata
	.balign 16
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff        /* SEL_KCODE: present, ring 0, code, L=1 */
	.quad 0x00cf92000000ffff        /* SEL_KDATA: present, ring 0, data, writable */
boot_gdt_end:
	.balign 8
	.globl boot_gdtptr
boot_gdtptr:
	.word boot_gdt_end - boot_gdt - 1
	.quad boot_gdt

mxcsr_default:
	.long MXCSR_DEFAULT

/* The 16 KiB stack kmain runs on; in .bss, so each entry zeroes .bss first. */
	.bss
	.balign 4096
	.globl boot_stack, boot_stack_top
boot_stack:
	.skip 16384
boot_stack_top:

/*
 * boot_cpu_setup: called in long mode on the boot stack with the boot
 * page tables loaded. Loads the boot GDT, reloads every segment
 * register, makes x87 and SSE usable (compiled C may use SSE for
 * plain copies, so this happens before any C runs), and sets CR0.WP
 * (PVH enters with it off, UEFI firmware with it on) so that read-only
 * pages bind the kernel too whichever loader ran. Clobbers rax.
 */
	.text
	.globl boot_cpu_setup
boot_cpu_setup:
	lgdt boot_gdtptr(%rip)
	pushq $SEL_KCODE                /* far return: reloads cs from the new GDT */
	leaq 1f(%rip), %rax
	pushq %rax
	lretq
1:	mov $SEL_KDATA, %eax
	mov %eax, %ds
	mov %eax, %es
	mov %eax, %ss
	xor %eax, %eax
	mov %eax, %fs                   /* fs/gs bases are set later through their MSRs */
	mov %eax, %gs
	mov %cr0, %rax
	and $~(CR0_EM | CR0_TS), %rax   /* FPU and SSE instructions run, not trap */
	or $(CR0_MP | CR0_NE | CR0_WP), %rax        /* native x87 errors; ring 0 obeys read-only */
	mov %rax, %cr0
	mov %cr4, %rax
	or $(CR4_OSFXSR | CR4_OSXMMEXCPT), %rax     /* SSE on, SSE errors as #XM */
	mov %rax, %cr4
	fninit
	ldmxcsr mxcsr_default(%rip)
	ret
