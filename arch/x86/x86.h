/*
 * x86.h - what i386 and amd64 share: control-register, EFER and CPUID
 * bits, the exception vectors, and inline wrappers for the privileged
 * instructions (control registers, MSRs, CPUID, invlpg, descriptor
 * table loads).
 *
 * The wrappers are pointer-width (uintptr_t), so one definition serves
 * both: a control register and a descriptor table's base are 32 bits on
 * i386 and 64 on amd64. The constants are plain hex so assembly can
 * include this file too; the wrappers below them are C only. Each
 * arch's cpu.h includes it and adds what only that arch has.
 */
#ifndef GORO_X86_H
#define GORO_X86_H

#define CR0_PE          0x00000001      /* protected mode */
#define CR0_MP          0x00000002      /* wait/fwait honour TS */
#define CR0_EM          0x00000004      /* emulate x87: every FPU/SSE insn traps */
#define CR0_TS          0x00000008      /* task switched: next FPU insn traps */
#define CR0_NE          0x00000020      /* x87 errors as #MF, not via the PIC */
#define CR0_WP          0x00010000      /* read-only pages are read-only for ring 0 too */
#define CR0_PG          0x80000000      /* paging */

#define CR4_PAE         0x00000020      /* 64-bit page table entries (the NX bit; required for long mode) */
#define CR4_PGE         0x00000080      /* global pages */
#define CR4_OSFXSR      0x00000200      /* fxsave/fxrstor and SSE usable */
#define CR4_OSXMMEXCPT  0x00000400      /* unmasked SSE exceptions as #XM */

#define MSR_EFER        0xc0000080      /* extended feature enables */
#define EFER_NXE        0x00000800      /* bit 63 of a 64-bit page entry means no-execute */

#define CPUID1_EDX_PAE  0x00000040      /* leaf 1, edx bit 6: PAE paging */
#define CPUID1_EDX_FXSR 0x01000000      /* edx bit 24: fxsave/fxrstor */
#define CPUID1_EDX_SSE  0x02000000      /* edx bit 25: SSE */
#define CPUID_EXT_MAX   0x80000000      /* leaf: highest extended leaf */
#define CPUID_EXT_FEAT  0x80000001      /* leaf: extended features */
#define CPUID_EXT_EDX_NX 0x00100000     /* edx bit 20: no-execute pages */
#define CPUID_EXT_EDX_LM 0x20000000     /* edx bit 29: long mode */

/* Exception vectors the kernel treats specially. */
#define T_NMI           2
#define T_DOUBLEFAULT   8
#define T_INVALIDTSS    10
#define T_GENERALPROT   13
#define T_PAGEFAULT     14
#define T_MACHINECHECK  18

#ifndef __ASSEMBLER__
#include <stdint.h>

static inline uintptr_t read_cr0(void) { uintptr_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline uintptr_t read_cr2(void) { uintptr_t v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline uintptr_t read_cr3(void) { uintptr_t v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline uintptr_t read_cr4(void) { uintptr_t v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static inline void write_cr0(uintptr_t v) { __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory"); }
static inline void write_cr3(uintptr_t v) { __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
static inline void write_cr4(uintptr_t v) { __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory"); }

#define EFLAGS_IF       0x200           /* interrupts enabled */

/* irq_save disables interrupts and returns the flags they had; irq_restore puts IF back as it was. */
static inline uintptr_t irq_save(void)
{
	uintptr_t f;
	__asm__ volatile("pushf; pop %0; cli" : "=r"(f) : : "memory");
	return f;
}

static inline void irq_restore(uintptr_t f)
{
	if (f & EFLAGS_IF)
		__asm__ volatile("sti" : : : "memory");
}

/* invlpg drops the TLB's translation of the page holding va (and cached walks to it). */
static inline void invlpg(uintptr_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
}

static inline void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

/* Operand of lgdt/lidt (and sgdt/sidt): a 16-bit limit (size - 1) then the linear base. */
struct descptr {
	uint16_t limit;
	uintptr_t base;
} __attribute__((packed));

static inline void lgdt(const void *base, uint16_t limit)
{
	struct descptr p = { limit, (uintptr_t)base };
	__asm__ volatile("lgdt %0" : : "m"(p) : "memory");
}

static inline void lidt(const void *base, uint16_t limit)
{
	struct descptr p = { limit, (uintptr_t)base };
	__asm__ volatile("lidt %0" : : "m"(p) : "memory");
}

static inline void ltr(uint16_t sel)
{
	__asm__ volatile("ltr %0" : : "r"(sel) : "memory");
}

#endif /* __ASSEMBLER__ */
#endif
