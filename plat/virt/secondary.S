/*
 * secondary.S - where a CPU started by PSCI CPU_ON begins (cpu_start,
 * smp.c): it is made what boot/arm/start.S made CPU 0, then runs C.
 *
 * PSCI enters here in ARM state at the physical address of
 * secondary_entry, with the MMU and caches off, interrupts masked, in
 * SVC mode (Hyp mode if the machine has EL2), and r0 = the context id:
 * the address of this CPU's struct cpu_boot (smp.h). The image is
 * identity-mapped, so that address, every symbol here and the stacks in
 * .bss mean the same with the MMU off and on.
 *
 * Nothing is computed that CPU 0 already decided: the translation
 * regime (MAIR, TTBCR, TTBR0: the kernel's own tables, not the boot
 * ones start.S built), SCTLR and VBAR are copied from the record, which
 * cpu_start read from CPU 0's registers. Until the MMU is on, memory is
 * Strongly-ordered and uncached: only aligned word loads from the
 * record (cleaned to memory by cpu_start), no stack, no C. The caches
 * private to this core are invalidated before they go on; the shared
 * levels are left alone, other cores' dirty lines are there.
 */
#include "cpu.h"
#include "smp.h"

	.syntax unified
	.arm
	.text

	.globl	secondary_entry
	.type	secondary_entry, %function
	.balign	4
secondary_entry:
	mov	r11, r0				@ r11 = this CPU's struct cpu_boot, until C (then r4)

	/* SVC mode with IRQ, FIQ and asynchronous aborts masked, as CPU 0. */
	mrs	r0, cpsr
	and	r1, r0, #PSR_MODE_MASK
	cmp	r1, #PSR_MODE_HYP
	bne	1f
	bl	arm_leave_hyp			@ started in Hyp mode: continue at 1f in SVC mode
1:	cpsid	aif, #PSR_MODE_SVC

	bl	arm_vfp_enable			@ VFP/NEON usable (arch/arm/cpusetup.S)

	/*
	 * This CPU's exception-mode stacks. Loaded into r0 before each mode
	 * switch: r11 is banked in FIQ mode.
	 */
	ldr	r0, [r11, #CB_FIQ_SP]
	cps	#PSR_MODE_FIQ
	mov	sp, r0
	cps	#PSR_MODE_SVC
	ldr	r0, [r11, #CB_IRQ_SP]
	cps	#PSR_MODE_IRQ
	mov	sp, r0
	cps	#PSR_MODE_SVC
	ldr	r0, [r11, #CB_ABT_SP]
	cps	#PSR_MODE_ABT
	mov	sp, r0
	cps	#PSR_MODE_SVC
	ldr	r0, [r11, #CB_UND_SP]
	cps	#PSR_MODE_UND
	mov	sp, r0
	cps	#PSR_MODE_SVC

	ldr	r0, [r11, #CB_VBAR]
	mcr	p15, 0, r0, c12, c0, 0		@ VBAR: the vectors CPU 0 uses (SCTLR.V comes clear below)

	/* Forget what this core's own caches, TLBs and predictors hold from before. */
	bl	arm_dcache_invalidate_local	@ up to LoUIS only (arch/arm/cpusetup.S); keeps r11
	bl	arm_core_join			@ TLB, I-cache, predictors forgotten; coherency joined

	/* The translation regime CPU 0 runs under: the same memory types, TTBCR, tables. */
	ldr	r0, [r11, #CB_MAIR0]
	mcr	p15, 0, r0, c10, c2, 0		@ MAIR0
	ldr	r0, [r11, #CB_MAIR1]
	mcr	p15, 0, r0, c10, c2, 1		@ MAIR1
	mov	r0, #0
	mcr	p15, 0, r0, c13, c0, 1		@ CONTEXTIDR: ASID 0, as CPU 0's
	ldr	r0, [r11, #CB_TTBCR]
	mcr	p15, 0, r0, c2, c0, 2		@ TTBCR: long descriptors (EAE) before TTBR0's 64-bit form
	isb
	ldrd	r0, r1, [r11, #CB_TTBR0]	@ r0 = low word, r1 = high word
	mcrr	p15, 0, r0, r1, c2		@ TTBR0, 64 bits: the kernel's first-level table, ASID 0
	isb

	/*
	 * CPU 0's SCTLR: MMU, caches and branch prediction on, alignment
	 * checks off, vectors at VBAR. The next fetch is the same address:
	 * the code is identity-mapped in the kernel's tables.
	 */
	ldr	r0, [r11, #CB_SCTLR]
	mcr	p15, 0, r0, c1, c0, 0		@ SCTLR
	isb

	/* C from here on, on the stack cpu_start gave; secondary_main returns once reported in. */
	mov	r4, r11				@ r4 = the record: callee-saved, and r11 is fp from here
	ldr	sp, [r4, #CB_STACKTOP]
	mov	fp, #0				@ end of the frame-pointer chain
	mov	lr, #0
	mov	r0, r4
	bl	secondary_main

	/* fn(id) on the same stack from its top: secondary_main's frame is done with. */
	ldr	r0, [r4, #CB_ID]
	ldr	r1, [r4, #CB_FN]
	ldr	sp, [r4, #CB_STACKTOP]
	mov	fp, #0
	blx	r1				@ never returns
	mov	r0, r4
	bl	secondary_returned		@ a fatal error if it does
	.size	secondary_entry, . - secondary_entry
