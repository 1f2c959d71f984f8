/*
 * gdt.c - the i386 global descriptor table.
 *
 * Flat 4 GiB ring-0 code and data segments (paging does all the
 * protection), the kernel's TSS, the double-fault task's TSS, and the
 * TLS segment %gs holds: its base is the current CPU's per-CPU block
 * (m->tls, see tls.h), its limit the block's size. The selectors are
 * fixed (SEL_* in trapframe.h, SEL_TLS in tls.h) because the trap stubs
 * and the double-fault TSS name them directly.
 */
#include <stdint.h>
#include "x86.h"
#include "pc.h"
#include "machine.h"
#include "trapframe.h"
#include "tss.h"

enum {
	ACC_CODE = 0x9a,        /* present, ring 0, code, execute/read */
	ACC_DATA = 0x92,        /* present, ring 0, data, read/write */
	ACC_TSS = 0x89,         /* present, ring 0, 32-bit TSS, available */
	FLG_4K32 = 0xc,         /* 4 KiB granularity, 32-bit segment */
	FLG_BYTE = 0x0,         /* byte granularity (system segments) */
	FLG_BYTE32 = 0x4,       /* byte granularity, 32-bit segment */
};

extern char boot_stack_top[];

struct tss kernel_tss;
static uint64_t gdt[6] __attribute__((aligned(8)));

/* The TLS segment's block until tls_init: zeroed, so getg() is NULL. */
static uintptr_t boot_tls[TLS_WORDS];

/* Encodes one segment descriptor; limit is in the granularity's units. */
static uint64_t segdesc(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
	uint64_t d = 0;
	d |= limit & 0xffff;
	d |= (uint64_t)(base & 0xffffff) << 16;
	d |= (uint64_t)access << 40;
	d |= (uint64_t)((limit >> 16) & 0xf) << 48;
	d |= (uint64_t)(flags & 0xf) << 52;
	d |= (uint64_t)(base >> 24) << 56;
	return d;
}

/* Loads the GDT, reloads every segment register, and loads TR. */
void gdt_init(void)
{
	gdt[0] = 0;
	gdt[SEL_KCODE >> 3] = segdesc(0, 0xfffff, ACC_CODE, FLG_4K32);
	gdt[SEL_KDATA >> 3] = segdesc(0, 0xfffff, ACC_DATA, FLG_4K32);
	gdt[SEL_TSS >> 3] = segdesc((uint32_t)&kernel_tss, sizeof(struct tss) - 1, ACC_TSS, FLG_BYTE);
	gdt[SEL_DFTSS >> 3] = segdesc((uint32_t)&doublefault_tss, sizeof(struct tss) - 1, ACC_TSS, FLG_BYTE);
	gdt[SEL_TLS >> 3] = segdesc((uint32_t)boot_tls, sizeof(boot_tls) - 1, ACC_DATA, FLG_BYTE32);

	/* Only used once ring 3 exists: the stack a trap from there lands on. */
	kernel_tss.ss0 = SEL_KDATA;
	kernel_tss.esp0 = (uint32_t)boot_stack_top;
	kernel_tss.iomap = sizeof(struct tss);

	lgdt(gdt, sizeof(gdt) - 1);
	__asm__ volatile(
		"ljmp %0, $1f\n"        /* reload cs */
		"1:\n\t"
		"mov %1, %%ds\n\t"
		"mov %1, %%es\n\t"
		"mov %1, %%ss\n\t"
		"mov %2, %%fs\n\t"      /* fs unused: null, so a stray use faults */
		"mov %3, %%gs"          /* the per-CPU block */
		: : "i"(SEL_KCODE), "r"(SEL_KDATA), "r"(0), "r"(SEL_TLS) : "memory");
	ltr(SEL_TSS);
}

/*
 * tls_init makes block this CPU's: rewrites the SEL_TLS descriptor's
 * base and reloads %gs, which caches the descriptor, so %gs:0 is
 * block[0] from now on.
 */
void tls_init(uintptr_t *block, int cpu)
{
	block[TLS_CPU / sizeof(uintptr_t)] = (uintptr_t)cpu;
	gdt[SEL_TLS >> 3] = segdesc((uint32_t)block, TLS_WORDS * sizeof(uintptr_t) - 1, ACC_DATA, FLG_BYTE32);
	__asm__ volatile("mov %0, %%gs" : : "r"(SEL_TLS) : "memory");
}
