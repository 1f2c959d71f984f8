/*
 * cpu.h - i386 control registers, descriptor-table loads and CPUID.
 *
 * Tiny inline wrappers so C code never needs ad-hoc asm for these, plus
 * the prototypes the 386 files share among themselves (not part of the
 * portable arch.h contract).
 */
#ifndef GORO_386_CPU_H
#define GORO_386_CPU_H

#include <stdint.h>

#define CR0_MP  (1u << 1)       /* monitor coprocessor: wait/fwait honour TS */
#define CR0_EM  (1u << 2)       /* emulate x87: every FPU insn traps */
#define CR0_TS  (1u << 3)       /* task switched: next FPU insn traps */
#define CR0_NE  (1u << 5)       /* report x87 errors as #MF, not via the PIC */
#define CR0_WP  (1u << 16)      /* read-only pages are read-only for ring 0 too */
#define CR0_PG  (1u << 31)      /* paging */

#define CR4_PAE         (1u << 5)       /* PAE paging: 64-bit entries, NX bit */
#define CR4_OSFXSR      (1u << 9)       /* fxsave/fxrstor and SSE usable */
#define CR4_OSXMMEXCPT  (1u << 10)      /* SSE exceptions as #XM */

#define CPUID1_EDX_PAE  (1u << 6)
#define CPUID1_EDX_FXSR (1u << 24)
#define CPUID1_EDX_SSE  (1u << 25)
#define CPUIDX_MAXLEAF  0x80000000u     /* eax: highest extended leaf */
#define CPUIDX_FEATURES 0x80000001u     /* extended feature flags */
#define CPUIDX_EDX_NX   (1u << 20)      /* no-execute page bit */

#define MSR_EFER        0xc0000080u     /* extended feature enables */
#define EFER_NXE        (1u << 11)      /* honour the NX bit in PAE entries */

static inline uint32_t read_cr0(void) { uint32_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr2(void) { uint32_t v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr3(void) { uint32_t v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline uint32_t read_cr4(void) { uint32_t v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static inline void write_cr0(uint32_t v) { __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory"); }
static inline void write_cr3(uint32_t v) { __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
static inline void write_cr4(uint32_t v) { __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory"); }

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

/* Drops the TLB entry (and cached walk) for the page holding va. */
static inline void invlpg(uintptr_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static inline void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

/* Pointer operand of lgdt/lidt. */
struct descptr {
	uint16_t limit;
	uint32_t base;
} __attribute__((packed));

static inline void lidt(const void *base, uint16_t limit)
{
	struct descptr p = { limit, (uint32_t)(uintptr_t)base };
	__asm__ volatile("lidt %0" : : "m"(p));
}

static inline void ltr(uint16_t sel)
{
	__asm__ volatile("ltr %0" : : "r"(sel));
}

/* gdt.c */
void gdt_init(void);
/* doublefault.c: the #DF task's TSS; needs the final CR3. */
void doublefault_init(void);
/* idt.c */
void idt_init(void);
/* paging.c: PAE mode on, with an identity map of low RAM until mmu_activate. */
struct bootinfo;
void paging_init(const struct bootinfo *bi);
/* fpu.c */
void fpu_init(void);

#endif
