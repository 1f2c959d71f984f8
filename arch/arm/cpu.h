/*
 * cpu.h - ARMv7-A processor modes, status bits and CP15 accessors.
 *
 * Shared by assembly and C: the constants are plain #defines, the
 * accessors are static inline and hidden from the assembler. Every
 * CP15 register the kernel touches is named here once, so the magic
 * coprocessor numbers appear nowhere else.
 */
#ifndef GORO_ARM_CPU_H
#define GORO_ARM_CPU_H

/* CPSR/SPSR mode field and bits. */
#define PSR_MODE_MASK   0x1f
#define PSR_MODE_USR    0x10
#define PSR_MODE_FIQ    0x11
#define PSR_MODE_IRQ    0x12
#define PSR_MODE_SVC    0x13
#define PSR_MODE_MON    0x16
#define PSR_MODE_ABT    0x17
#define PSR_MODE_HYP    0x1a
#define PSR_MODE_UND    0x1b
#define PSR_MODE_SYS    0x1f
#define PSR_T           (1 << 5)        /* Thumb state */
#define PSR_F           (1 << 6)        /* FIQ masked */
#define PSR_I           (1 << 7)        /* IRQ masked */
#define PSR_A           (1 << 8)        /* asynchronous abort masked */

/* SCTLR bits. */
#define SCTLR_M         (1 << 0)        /* MMU enable */
#define SCTLR_A         (1 << 1)        /* alignment checking */
#define SCTLR_C         (1 << 2)        /* data cache enable */
#define SCTLR_Z         (1 << 11)       /* branch prediction enable */
#define SCTLR_I         (1 << 12)       /* instruction cache enable */
#define SCTLR_V         (1 << 13)       /* high vectors (0xffff0000) */
#define SCTLR_EE        (1 << 25)       /* big-endian exceptions */
#define SCTLR_TRE       (1 << 28)       /* TEX remap */
#define SCTLR_AFE       (1 << 29)       /* access flag enable */
#define SCTLR_TE        (1 << 30)       /* exceptions in Thumb state */

#define ACTLR_SMP       (1 << 6)        /* Cortex-A15: take part in coherency */
#define CPACR_CP10_11   (0xf << 20)     /* full access to VFP/NEON */
#define FPEXC_EN        (1 << 30)       /* VFP/NEON enable */

/* Exception vector numbers: the vector's offset in the table / 4. */
#define VEC_RESET       0
#define VEC_UNDEF       1
#define VEC_SVC         2
#define VEC_PABORT      3
#define VEC_DABORT      4
#define VEC_HYP         5               /* unused outside Hyp mode */
#define VEC_IRQ         6
#define VEC_FIQ         7

/* The semihosting call: "svc 0x123456" in ARM state, "svc 0xab" in Thumb. */
#define SEMIHOST_SVC_ARM        0x123456
#define SEMIHOST_SVC_THUMB      0xab

#ifndef __ASSEMBLER__
#include <stdint.h>

#define CP15_READ(name, op1, crn, crm, op2)                                   \
	static inline uint32_t name(void)                                     \
	{                                                                     \
		uint32_t v;                                                   \
		__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 \
		                 : "=r"(v));                                  \
		return v;                                                     \
	}

CP15_READ(read_sctlr, 0, c1, c0, 0)
CP15_READ(read_dfsr, 0, c5, c0, 0)
CP15_READ(read_ifsr, 0, c5, c0, 1)
CP15_READ(read_dfar, 0, c6, c0, 0)
CP15_READ(read_ifar, 0, c6, c0, 2)
CP15_READ(read_ttbcr, 0, c2, c0, 2)
CP15_READ(read_vbar, 0, c12, c0, 0)
CP15_READ(read_id_mmfr3, 0, c0, c1, 7)
CP15_READ(read_mpidr, 0, c0, c0, 5)
CP15_READ(read_mair0, 0, c10, c2, 0)
CP15_READ(read_mair1, 0, c10, c2, 1)
CP15_READ(read_ctr, 0, c0, c0, 1)

/* MPIDR's affinity levels 2-0 (Aff2:Aff1:Aff0): the core's address, as the device tree's cpu reg. */
#define MPIDR_AFF_MASK          0x00ffffffu
/* CTR.DminLine (bits 19:16): log2 of the smallest data cache line in words. */
#define CTR_DMINLINE_BYTES(v)   (4u << (((v) >> 16) & 0xf))

/* ID_MMFR3.CohWalk (bits 23:20): nonzero if table walks see the data cache. */
#define ID_MMFR3_COHWALK(v)     (((v) >> 20) & 0xf)

/* TTBR0 in its 64-bit (long-descriptor) form: table address and ASID. */
static inline uint64_t read_ttbr0_64(void)
{
	uint32_t lo, hi;
	__asm__ volatile("mrrc p15, 0, %0, %1, c2" : "=r"(lo), "=r"(hi));
	return (uint64_t)hi << 32 | lo;
}

static inline void write_ttbr0_64(uint64_t v)
{
	__asm__ volatile("mcrr p15, 0, %0, %1, c2"
	                 :: "r"((uint32_t)v), "r"((uint32_t)(v >> 32)) : "memory");
}

/*
 * The generic timer, virtual view: CNTFRQ (the counter's rate, set by
 * firmware), CNTVCT (the 64-bit count), CNTV_CVAL (the compare value)
 * and CNTV_CTL (enable, mask, status).
 */
#define CNTV_CTL_ENABLE         (1 << 0)
#define CNTV_CTL_IMASK          (1 << 1)
#define CNTV_CTL_ISTATUS        (1 << 2)

CP15_READ(read_cntfrq, 0, c14, c0, 0)

/* The isb keeps the read in program order: counter reads may otherwise run early. */
static inline uint64_t read_cntvct(void)
{
	uint32_t lo, hi;
	__asm__ volatile("isb; mrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi) :: "memory");
	return (uint64_t)hi << 32 | lo;
}

static inline void write_cntv_cval(uint64_t v)
{
	__asm__ volatile("mcrr p15, 3, %0, %1, c14"
	                 :: "r"((uint32_t)v), "r"((uint32_t)(v >> 32)) : "memory");
}

static inline void write_cntv_ctl(uint32_t v)
{
	__asm__ volatile("mcr p15, 0, %0, c14, c3, 1; isb" :: "r"(v) : "memory");
}

/*
 * The physical view: CNTPCT (the count, equal to CNTVCT with CNTVOFF 0),
 * CNTP_CVAL and CNTP_CTL (the same bits as CNTV_CTL): the non-secure
 * physical timer's in Non-secure PL1, the secure one's in Secure PL1.
 */
static inline uint64_t read_cntpct(void)
{
	uint32_t lo, hi;
	__asm__ volatile("isb; mrrc p15, 0, %0, %1, c14" : "=r"(lo), "=r"(hi) :: "memory");
	return (uint64_t)hi << 32 | lo;
}

static inline void write_cntp_cval(uint64_t v)
{
	__asm__ volatile("mcrr p15, 2, %0, %1, c14; isb"
	                 :: "r"((uint32_t)v), "r"((uint32_t)(v >> 32)) : "memory");
}

static inline void write_cntp_ctl(uint32_t v)
{
	__asm__ volatile("mcr p15, 0, %0, c14, c2, 1; isb" :: "r"(v) : "memory");
}

/* Wait for an interrupt without taking it (for halting forever with IRQs masked). */
static inline void wfi(void) { __asm__ volatile("wfi" ::: "memory"); }

static inline void dsb(void) { __asm__ volatile("dsb sy" ::: "memory"); }
/* A DSB for the Inner Shareable domain: enough for table writes and TLB maintenance. */
static inline void dsb_ish(void) { __asm__ volatile("dsb ish" ::: "memory"); }
static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }

/* Invalidate the whole unified TLB on every core in the Inner Shareable domain. */
static inline void tlb_invalidate_all(void)
{
	__asm__ volatile("mcr p15, 0, %0, c8, c3, 0" :: "r"(0) : "memory");  /* TLBIALLIS */
}

/* Invalidate the TLB entries for one virtual address, all ASIDs, Inner Shareable. */
static inline void tlb_invalidate_va(uintptr_t va)
{
	__asm__ volatile("mcr p15, 0, %0, c8, c3, 3" :: "r"(va & ~0xfffu) : "memory"); /* TLBIMVAAIS */
}

/* Invalidate branch predictors, Inner Shareable. */
static inline void bp_invalidate_all(void)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c1, 6" :: "r"(0) : "memory");  /* BPIALLIS */
}

/* Clean the data cache line holding va to the Point of Coherency: memory, as a core with its caches off reads it. */
static inline void dcache_clean_poc(uintptr_t va)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c10, 1" :: "r"(va) : "memory"); /* DCCMVAC */
}

/* Clean the data cache line holding va to the Point of Unification. */
static inline void dcache_clean_pou(uintptr_t va)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c11, 1" :: "r"(va) : "memory"); /* DCCMVAU */
}
#endif

#endif
