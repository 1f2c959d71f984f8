/*
 * cpu.h - amd64 control registers, MSRs, CPUID and descriptor loads.
 *
 * The constants are plain hex so the boot assembly can include this
 * file too; the inline wrappers below them are C only. Prototypes at
 * the end are what the arch/amd64 files share among themselves (the
 * portable contract is kernel/arch.h).
 */
#ifndef GORO_AMD64_CPU_H
#define GORO_AMD64_CPU_H

#define CR0_PE          0x00000001      /* protected mode */
#define CR0_MP          0x00000002      /* wait/fwait honour TS */
#define CR0_EM          0x00000004      /* emulate x87: every FPU/SSE insn traps */
#define CR0_TS          0x00000008      /* task switched: next FPU insn traps */
#define CR0_NE          0x00000020      /* x87 errors as #MF, not via the PIC */
#define CR0_WP          0x00010000      /* read-only pages are read-only for ring 0 too */
#define CR0_PG          0x80000000      /* paging */

#define CR4_PAE         0x00000020      /* 64-bit page table entries (required for long mode) */
#define CR4_PGE         0x00000080      /* global pages */
#define CR4_OSFXSR      0x00000200      /* fxsave/fxrstor and SSE usable */
#define CR4_OSXMMEXCPT  0x00000400      /* unmasked SSE exceptions as #XM */
#define CR4_LA57        0x00001000      /* 5-level paging */

#define MSR_EFER        0xc0000080
#define EFER_SCE        0x00000001      /* syscall/sysret */
#define EFER_LME        0x00000100      /* long mode enable */
#define EFER_LMA        0x00000400      /* long mode active (read only) */
#define EFER_NXE        0x00000800      /* bit 63 of a page entry means no-execute */
#define MSR_FS_BASE     0xc0000100
#define MSR_GS_BASE     0xc0000101

#define CPUID_EXT_MAX   0x80000000      /* leaf: highest extended leaf */
#define CPUID_EXT_FEAT  0x80000001      /* leaf: extended features */
#define CPUID_EXT_EDX_NX 0x00100000     /* edx bit 20: no-execute pages */
#define CPUID_EXT_EDX_LM 0x20000000     /* edx bit 29: long mode */

/*
 * Page-table entry bits (every level; PS only in a PDPT or PD entry).
 * Bits 9-11 and 52-62 are ignored by the CPU in a present entry, and
 * every bit but P is ignored in an entry that is not present.
 */
#define PTE_P           0x001           /* present */
#define PTE_W           0x002           /* writable */
#define PTE_PWT         0x008           /* PWT and PCD together select PAT entry 3: */
#define PTE_PCD         0x010           /* uncached (the power-on PAT) */
#define PTE_PS          0x080           /* in a PDPT or PD: a 1 GiB or 2 MiB page */
#define PTE_NX          0x8000000000000000      /* no-execute, with EFER.NXE on */
#define PTE_ADDR        0x000ffffffffff000      /* the frame or next table's address */

#define MXCSR_DEFAULT   0x1f80          /* all SSE exceptions masked, round to nearest */

/* Segment selectors; the boot GDT and the kernel GDT (gdt.c) agree on them. */
#define SEL_KCODE       0x08
#define SEL_KDATA       0x10
#define SEL_TSS         0x18            /* a 16-byte descriptor: 0x18 and 0x20 */

/* Interrupt stack table slots (1-based, as the IDT gate encodes them). */
#define IST_DOUBLEFAULT 1
#define IST_NMI         2
#define IST_MACHINECHECK 3
#define IST_STACKSIZE   16384

/* Exception vectors the kernel treats specially. */
#define T_NMI           2
#define T_DOUBLEFAULT   8
#define T_PAGEFAULT     14
#define T_MACHINECHECK  18

#ifndef __ASSEMBLER__
#include <stdint.h>

static inline uint64_t read_cr0(void) { uint64_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline uint64_t read_cr2(void) { uint64_t v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline uint64_t read_cr3(void) { uint64_t v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline uint64_t read_cr4(void) { uint64_t v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static inline void write_cr0(uint64_t v) { __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory"); }
static inline void write_cr3(uint64_t v) { __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
static inline void write_cr4(uint64_t v) { __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory"); }

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

/* Operand of lgdt/lidt: a 16-bit limit (size - 1) then the linear base. */
struct descptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static inline void lgdt(const void *base, uint16_t limit)
{
	struct descptr p = { limit, (uint64_t)(uintptr_t)base };
	__asm__ volatile("lgdt %0" : : "m"(p) : "memory");
}

static inline void lidt(const void *base, uint16_t limit)
{
	struct descptr p = { limit, (uint64_t)(uintptr_t)base };
	__asm__ volatile("lidt %0" : : "m"(p) : "memory");
}

static inline void ltr(uint16_t sel)
{
	__asm__ volatile("ltr %0" : : "r"(sel) : "memory");
}

/* gdt.c: the kernel GDT with its TSS (and the IST stacks); reloads every segment. */
void gdt_init(void);
/* idt.c: one gate per vector, all pointing at trapentry.S's stubs. */
void idt_init(void);
/* fpu.c: x87 and SSE usable, in their default state. */
void fpu_init(void);

#endif /* __ASSEMBLER__ */
#endif
