/*
 * cpusetup.S - ARMv7-A set-up steps every core runs once, from its
 * first instructions: the boot CPU (boot/arm/start.S) and each CPU
 * started later (plat/virt/secondary.S).
 *
 * Plain subroutines without a stack: they run before a core has one
 * (and with its MMU and caches off), so they use only the registers
 * each names and return through lr. r11 is never touched: the callers
 * keep what they carry across these calls there.
 */
#include "cpu.h"

	.syntax unified
	.arm
	.text

/*
 * arm_vfp_enable: VFP/NEON usable: full access for cp10/cp11 (CPACR),
 * the unit on (FPEXC.EN), and FPSCR cleared (round to nearest, no
 * flush-to-zero, no traps). Uses r0.
 */
	.globl	arm_vfp_enable
	.type	arm_vfp_enable, %function
arm_vfp_enable:
	mrc	p15, 0, r0, c1, c0, 2		@ CPACR
	orr	r0, r0, #CPACR_CP10_11
	mcr	p15, 0, r0, c1, c0, 2
	isb					@ CPACR must take effect before the vmsr below
	mov	r0, #FPEXC_EN
	vmsr	fpexc, r0
	mov	r0, #0
	vmsr	fpscr, r0
	bx	lr
	.size	arm_vfp_enable, . - arm_vfp_enable

/*
 * arm_core_join: after its data cache is invalidated, a core forgets
 * what its TLB, instruction cache and branch predictors hold from
 * before, then joins coherency (Cortex-A15: ACTLR.SMP, ignored if not
 * writable) before its caches and MMU go on. Uses r0.
 */
	.globl	arm_core_join
	.type	arm_core_join, %function
arm_core_join:
	mov	r0, #0
	mcr	p15, 0, r0, c8, c7, 0		@ TLBIALL: this core's TLB
	mcr	p15, 0, r0, c7, c5, 0		@ ICIALLU
	mcr	p15, 0, r0, c7, c5, 6		@ BPIALL
	dsb
	isb
	mrc	p15, 0, r0, c1, c0, 1		@ ACTLR
	tst	r0, #ACTLR_SMP
	orreq	r0, r0, #ACTLR_SMP
	mcreq	p15, 0, r0, c1, c0, 1
	isb
	bx	lr
	.size	arm_core_join, . - arm_core_join

/*
 * arm_leave_hyp: from Hyp mode, return to lr in SVC mode with A, I and
 * F masked, leaving PL1 the machine: no traps to Hyp (HCR, HSTR, HCPTR
 * cleared) and the physical timer and counter usable (CNTHCTL),
 * virtual time equal to physical (CNTVOFF = 0), so that every core
 * sees one virtual count. Uses r0, r1.
 */
	.globl	arm_leave_hyp
	.type	arm_leave_hyp, %function
arm_leave_hyp:
	mov	r0, #0
	mcr	p15, 4, r0, c1, c1, 0		@ HCR: no virtualization traps or routing
	mcr	p15, 4, r0, c1, c1, 3		@ HSTR: no cp15 traps
	mrc	p15, 4, r0, c1, c1, 2		@ HCPTR
	bic	r0, r0, #(3 << 10)		@ TCP10, TCP11: VFP/NEON not trapped
	bic	r0, r0, #(1 << 15)		@ TASE: Advanced SIMD not trapped
	bic	r0, r0, #(1 << 20)		@ TTA: trace registers not trapped
	bic	r0, r0, #(1 << 31)		@ TCPAC: CPACR accesses not trapped
	mcr	p15, 4, r0, c1, c1, 2
	mrc	p15, 4, r0, c14, c1, 0		@ CNTHCTL
	orr	r0, r0, #3			@ PL1PCTEN, PL1PCEN: PL1 may use the physical timer
	mcr	p15, 4, r0, c14, c1, 0
	mov	r0, #0
	mov	r1, #0
	mcrr	p15, 4, r0, r1, c14		@ CNTVOFF = 0
	mrs	r0, cpsr
	bic	r0, r0, #PSR_MODE_MASK
	orr	r0, r0, #(PSR_MODE_SVC | PSR_I | PSR_F)
	orr	r0, r0, #PSR_A
	msr	spsr_cxsf, r0			@ SPSR_hyp: the mode to return to
	msr	elr_hyp, lr			@ ELR_hyp: where to return
	isb
	eret
	.size	arm_leave_hyp, . - arm_leave_hyp

/*
 * arm_dcache_invalidate_local: invalidate the data caches private to
 * this core, every level up to the Level of Unification Inner
 * Shareable, by set/way (the ARMv7 ARM's sequence), discarding them.
 * Every core does this before it turns its caches on, the boot CPU
 * too. The shared levels are left alone, as Linux leaves them: they may
 * hold other cores' dirty lines, or a loader's that ran with caches on
 * (the image and the device tree it wrote, which the boot protocol has
 * it clean to memory; discarding them first would lose them). Under
 * QEMU a cortex-a15's shared L2 is 32,768 set/way operations, a third
 * of a millisecond of every boot.
 *
 * Uses r0-r10 and no stack; keeps r11.
 */
	.globl	arm_dcache_invalidate_local
	.type	arm_dcache_invalidate_local, %function
arm_dcache_invalidate_local:
	mrc	p15, 1, r0, c0, c0, 1		@ CLIDR
	ands	r3, r0, #0x00e00000		@ LoUIS, bits [23:21]
	mov	r3, r3, lsr #20			@ r3 = LoUIS * 2
	b	dcache_invalidate_levels
	.size	arm_dcache_invalidate_local, . - arm_dcache_invalidate_local

/* dcache_invalidate_levels: r0 = CLIDR, r3 = 2 * the number of levels from level 1 (0: none). */
	.type	dcache_invalidate_levels, %function
dcache_invalidate_levels:
	cmp	r3, #0
	beq	9f				@ nothing to do
	mov	r10, #0				@ r10 = level * 2 (the CSSELR encoding)
5:	add	r2, r10, r10, lsr #1		@ level * 3
	mov	r1, r0, lsr r2
	and	r1, r1, #7			@ cache type at this level
	cmp	r1, #2
	blt	8f				@ no data or unified cache here
	mcr	p15, 2, r10, c0, c0, 0		@ CSSELR: select this level's data cache
	isb					@ so CCSIDR reads the selected cache
	mrc	p15, 1, r1, c0, c0, 0		@ CCSIDR
	and	r2, r1, #7
	add	r2, r2, #4			@ r2 = log2(line bytes): the set field's shift
	ldr	r4, =0x3ff
	ands	r4, r4, r1, lsr #3		@ r4 = ways - 1
	clz	r5, r4				@ r5 = the way field's shift
	ldr	r7, =0x7fff
	ands	r7, r7, r1, lsr #13		@ r7 = sets - 1
6:	mov	r9, r4				@ for each set (r7), each way (r9)
7:	orr	r6, r10, r9, lsl r5
	orr	r6, r6, r7, lsl r2
	mcr	p15, 0, r6, c7, c6, 2		@ DCISW
	subs	r9, r9, #1
	bge	7b
	subs	r7, r7, #1
	bge	6b
8:	add	r10, r10, #2
	cmp	r3, r10
	bgt	5b
9:	mov	r10, #0
	mcr	p15, 2, r10, c0, c0, 0		@ CSSELR back to level 0
	dsb
	isb
	bx	lr
	.size	dcache_invalidate_levels, . - dcache_invalidate_levels

	.ltorg
