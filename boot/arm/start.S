/*
 * start.S - the ARM entry point: QEMU virt "-kernel" with an ELF image.
 *
 * QEMU jumps to the ELF entry in SVC mode with the MMU and caches off
 * and interrupts masked. For ELF images it does not pass the device
 * tree in r2 (that is the Linux protocol; r2 is 0): it copies the 1 MiB
 * DTB to the start of RAM, 0x40000000, when the image leaves room -
 * hence the 0x40100000 link address. Another loader may pass the DTB
 * in r2 the Linux way, so r2 is handed on and boot/arm/dtb.c tries both.
 * With virtualization=on QEMU enters in Hyp mode instead; the kernel
 * leaves it for SVC at once and never uses Hyp.
 *
 * Order matters. VFP goes on first (newlib and clang use its registers
 * anywhere). No C runs before the MMU is on: with the MMU off all
 * memory is Strongly-ordered, where the unaligned accesses compiled C
 * and newlib's Thumb-2 string routines make would fault. So the early
 * identity map is built here, in assembly, with a default RAM window,
 * in the long-descriptor format the kernel keeps using (arch/arm/mmu.h);
 * mmu_activate later replaces it with the kernel's page tables.
 */
#include "cpu.h"
#include "mmu.h"

#define BOOT_STACK_SIZE  16384  /* SVC: kmain and everything it calls */
#define FAULT_STACK_SIZE 8192   /* abort and undefined modes: fault reports print from here */
#define INTR_STACK_SIZE  4096   /* IRQ and FIQ modes */

	.syntax unified
	.arm

	.section .text.boot, "ax"
	.globl	_start
	.type	_start, %function
_start:
	mov	r11, r2				@ the loader's r2 (maybe the DTB); r11 survives until arm_boot

	/*
	 * Only core 0 boots. Other cores that a loader sends here too sleep
	 * for good; goro starts its CPUs itself, powered off until PSCI
	 * CPU_ON sends each to plat/virt/secondary.S.
	 */
	mrc	p15, 0, r0, c0, c0, 5		@ MPIDR
	ldr	r1, =0x00ffffff			@ affinity levels 0-2
	tst	r0, r1
	bne	park

	/* SVC mode with IRQ, FIQ and asynchronous aborts masked. */
	mrs	r0, cpsr
	and	r1, r0, #PSR_MODE_MASK
	cmp	r1, #PSR_MODE_HYP
	bne	1f
	bl	arm_leave_hyp			@ entered in Hyp mode: continue at 1f in SVC mode (arch/arm/cpusetup.S)
1:	cpsid	aif, #PSR_MODE_SVC

	bl	arm_vfp_enable			@ VFP/NEON usable (arch/arm/cpusetup.S)

	/*
	 * Zero .bss: it holds the early page tables and every stack. Both
	 * ends are page aligned: 128 bytes a turn, in four stores of eight
	 * registers (r11, the loader's r2, is kept). Under an emulator each
	 * turn costs about what its stores do plus a fixed part; 32 bytes a
	 * turn took a third of a millisecond for 400 KiB.
	 */
	ldr	r0, =bss_start
	ldr	r1, =ebss
	mov	r2, #0
	mov	r3, #0
	mov	r4, #0
	mov	r5, #0
	mov	r6, #0
	mov	r7, #0
	mov	r8, #0
	mov	r9, #0
2:	stmia	r0!, {r2-r9}
	stmia	r0!, {r2-r9}
	stmia	r0!, {r2-r9}
	stmia	r0!, {r2-r9}
	cmp	r0, r1
	blo	2b

	/* A stack for each exception mode, so a fault with a broken sp still reports. */
	cps	#PSR_MODE_ABT
	ldr	sp, =abt_stack_top
	cps	#PSR_MODE_UND
	ldr	sp, =und_stack_top
	cps	#PSR_MODE_IRQ
	ldr	sp, =irq_stack_top
	cps	#PSR_MODE_FIQ
	ldr	sp, =fiq_stack_top
	cps	#PSR_MODE_SVC
	ldr	sp, =boot_stack_top

	ldr	r0, =arm_vectors
	mcr	p15, 0, r0, c12, c0, 0		@ VBAR: our vector table (SCTLR.V is cleared below)

	/*
	 * The early identity map, long descriptors (.bss is zero, so every
	 * entry not written here is a fault):
	 *   [0, 2 MiB)                         fault (NULL)
	 *   [2 MiB, EARLY_RAM_BASE)            Strongly-ordered, execute-never: 2 MiB blocks
	 *   [EARLY_RAM_BASE, +EARLY_RAM_SIZE)  Normal write-back: one 1 GiB block
	 *   above                              fault
	 */
	ldr	r0, =boot_l2_low
	ldr	r2, =(PTE_BLOCK | PTE_ATTR(ATTR_DEVICE) | PTE_AF)
	ldr	r5, =(PTE_HI_XN | PTE_HI_PXN)	@ r5: every block's high word
	mov	r1, #1				@ r1 = block number; block 0 stays the NULL hole
3:	orr	r4, r2, r1, lsl #L2_SHIFT	@ r4: the block's low word, its address | attributes
	add	r6, r0, r1, lsl #3
	strd	r4, r5, [r6]
	add	r1, r1, #1
	cmp	r1, #TABLE_ENTRIES
	blo	3b

	ldr	r0, =boot_l1_table
	ldr	r4, =boot_l2_low
	orr	r4, r4, #(PTE_TABLE | PTE_VALID)
	mov	r5, #0
	strd	r4, r5, [r0]			@ entry 0: [0, 1 GiB) through boot_l2_low
	ldr	r4, =(EARLY_RAM_BASE | PTE_BLOCK | PTE_ATTR(ATTR_NORMAL) | PTE_SH_INNER | PTE_AF)
	strd	r4, r5, [r0, #8]		@ entry 1: the RAM window

	/* Forget whatever caches, TLBs and predictors hold from before reset. */
	bl	arm_dcache_invalidate_local	@ this core's levels (arch/arm/cpusetup.S)
	bl	arm_core_join			@ TLB, I-cache, predictors forgotten; coherency joined

	/*
	 * The translation regime: long descriptors, TTBR0 for all of 4 GiB,
	 * cacheable walks, memory types from MAIR0 (see mmu.h). Domains do
	 * not exist in this format: DACR is ignored.
	 */
	ldr	r0, =MAIR0_VALUE
	mcr	p15, 0, r0, c10, c2, 0		@ MAIR0
	mov	r0, #0
	mcr	p15, 0, r0, c10, c2, 1		@ MAIR1: unused
	mcr	p15, 0, r0, c13, c0, 1		@ CONTEXTIDR
	ldr	r0, =TTBCR_VALUE
	mcr	p15, 0, r0, c2, c0, 2		@ TTBCR
	ldr	r0, =boot_l1_table
	mov	r1, #0
	mcrr	p15, 0, r0, r1, c2		@ TTBR0, 64 bits: the table's address, ASID 0
	dsb					@ the table writes are complete before the walker may read
	isb

	/* MMU, caches and branch prediction on; unaligned access allowed, low vectors via VBAR. */
	mrc	p15, 0, r0, c1, c0, 0		@ SCTLR
	ldr	r1, =(SCTLR_A | SCTLR_V | SCTLR_EE | SCTLR_TRE | SCTLR_AFE | SCTLR_TE)
	bic	r0, r0, r1
	ldr	r1, =(SCTLR_M | SCTLR_C | SCTLR_Z | SCTLR_I)
	orr	r0, r0, r1
	mcr	p15, 0, r0, c1, c0, 0
	isb					@ identity map: the next fetch is the same address

	/* C from here on: read the device tree into bootinfo and call kmain. */
	mov	fp, #0				@ end of the frame-pointer chain
	mov	lr, #0
	mov	r0, r11
	bl	arm_boot
park:	wfi
	b	park
	.size	_start, . - _start

	.ltorg

/*
 * The stacks, 8-byte aligned as the AAPCS wants, first in .bss
 * (linker/arm.ld). The idle exception stacks sit below the boot stack:
 * an overflow of it runs through them (harmless while no exception is
 * in progress) and then below .bss, never into the page table. A real
 * guard page needs page-granular mappings.
 */
	.section .bss.stacks, "aw", %nobits
	.balign	16
fiq_stack:
	.space	INTR_STACK_SIZE
fiq_stack_top:
irq_stack:
	.space	INTR_STACK_SIZE
irq_stack_top:
abt_stack:
	.space	FAULT_STACK_SIZE
abt_stack_top:
und_stack:
	.space	FAULT_STACK_SIZE
und_stack_top:
	.globl	boot_stack, boot_stack_top
boot_stack:
	.space	BOOT_STACK_SIZE
boot_stack_top:

/*
 * The early translation tables (mmu.h): the first level (4 entries,
 * 32-byte aligned as TTBR0 requires with T0SZ = 0) and the second-level
 * table for [0, 1 GiB). After mmu_activate nothing uses them.
 */
	.section .bss.pagetable, "aw", %nobits
	.balign	4096
	.globl	boot_l2_low, boot_l1_table
boot_l2_low:
	.space	TABLE_ENTRIES * 8
boot_l1_table:
	.space	L1_ENTRIES * 8
