/*
 * gdt.c - each i386 CPU's global descriptor table.
 *
 * Flat 4 GiB ring-0 code and data segments (paging does all the
 * protection), the CPU's TSS, its double-fault task's TSS, and the TLS
 * segment %gs holds: its base is the CPU's per-CPU block (m->tls, see
 * tls.h), its limit the block's size. Every CPU has its own table, as
 * the TLS segment's base differs from CPU to CPU and a busy TSS cannot
 * be shared; the selectors are the same in all (SEL_* in trapframe.h,
 * SEL_TLS in tls.h), as the trap stubs, the IDT's task gate and the
 * double-fault TSS name them directly, and each CPU's GDTR makes them
 * its own. tls_init finds the table to change through sgdt.
 */
#include <stdint.h>
#include "x86.h"
#include "pc.h"
#include "machine.h"
#include "trapframe.h"
#include "tss.h"
#include "smp.h"

enum {
	ACC_CODE = 0x9a,        /* present, ring 0, code, execute/read */
	ACC_DATA = 0x92,        /* present, ring 0, data, read/write */
	ACC_TSS = 0x89,         /* present, ring 0, 32-bit TSS, available */
	FLG_4K32 = 0xc,         /* 4 KiB granularity, 32-bit segment */
	FLG_BYTE = 0x0,         /* byte granularity (system segments) */
	FLG_BYTE32 = 0x4,       /* byte granularity, 32-bit segment */
};

extern char boot_stack_top[];

/* One CPU's table: null, code, data, TSS, double-fault TSS, TLS; and its TSS. */
struct cputables {
	uint64_t gdt[6];
	struct tss tss;
};

static struct cputables tables[MAXCPU] __attribute__((aligned(8)));

/* CPU 0's TLS segment's block until tls_init: zeroed, so getg() is NULL and cpu_id() 0. */
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

/* desc_base decodes a descriptor's 32-bit base. */
static uint32_t desc_base(uint64_t d)
{
	return (uint32_t)((d >> 16) & 0xffffff) | (uint32_t)(d >> 56) << 24;
}

/* current_gdt is the table the calling CPU's GDTR names: its own. */
static uint64_t *current_gdt(void)
{
	struct descptr p;

	__asm__ volatile("sgdt %0" : "=m"(p));
	return (uint64_t *)p.base;
}

void gdt_build(int cpu, uintptr_t *tls)
{
	if (cpu < 0 || cpu >= MAXCPU)
		fatal("gdt_build: no cpu %d", cpu);
	struct cputables *t = &tables[cpu];
	uint64_t *gdt = t->gdt;

	gdt[0] = 0;
	gdt[SEL_KCODE >> 3] = segdesc(0, 0xfffff, ACC_CODE, FLG_4K32);
	gdt[SEL_KDATA >> 3] = segdesc(0, 0xfffff, ACC_DATA, FLG_4K32);
	gdt[SEL_TSS >> 3] = segdesc((uint32_t)&t->tss, sizeof(struct tss) - 1, ACC_TSS, FLG_BYTE);
	gdt[SEL_DFTSS >> 3] = segdesc((uint32_t)doublefault_tss(cpu), sizeof(struct tss) - 1, ACC_TSS, FLG_BYTE);
	gdt[SEL_TLS >> 3] = segdesc((uint32_t)tls, TLS_WORDS * sizeof(uintptr_t) - 1, ACC_DATA, FLG_BYTE32);

	/* Only used once ring 3 exists: the stack a trap from there lands on. The rest stays 0 (.bss). */
	t->tss.ss0 = SEL_KDATA;
	t->tss.iomap = sizeof(struct tss);
	t->tss.esp0 = cpu == 0 ? (uint32_t)boot_stack_top : (uint32_t)fault_stack_tops[cpu];
}

const void *gdt_table(int cpu, uint16_t *limit)
{
	*limit = sizeof tables[cpu].gdt - 1;
	return tables[cpu].gdt;
}

/* Loads CPU cpu's GDT, reloads every segment register, and loads TR. */
void gdt_load(int cpu)
{
	lgdt(tables[cpu].gdt, sizeof tables[cpu].gdt - 1);
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

void gdt_init(void)
{
	boot_tls[TLS_INTRSTACK / sizeof(uintptr_t)] = intr_stack_tops[0];
	gdt_build(0, boot_tls);
	gdt_load(0);
}

/* kernel_tss_here is the calling CPU's TSS: the one its GDT names (a double fault saved the state there). */
const struct tss *kernel_tss_here(void)
{
	return (const struct tss *)desc_base(current_gdt()[SEL_TSS >> 3]);
}

/*
 * tls_init makes block this CPU's: rewrites the SEL_TLS descriptor's
 * base in this CPU's GDT and reloads %gs, which caches the descriptor,
 * so %gs:0 is block[0] from now on. The block also tells the interrupt
 * entry where this CPU's interrupt stack is (TLS_INTRSTACK, trapentry.S).
 */
void tls_init(uintptr_t *block, int cpu)
{
	block[TLS_CPU / sizeof(uintptr_t)] = (uintptr_t)cpu;
	block[TLS_INTRSTACK / sizeof(uintptr_t)] = intr_stack_tops[cpu];
	if (!intr_stack_tops[cpu])
		fatal("tls_init: cpu %d has no interrupt stack", cpu);
	current_gdt()[SEL_TLS >> 3] = segdesc((uint32_t)block, TLS_WORDS * sizeof(uintptr_t) - 1, ACC_DATA, FLG_BYTE32);
	__asm__ volatile("mov %0, %%gs" : : "r"(SEL_TLS) : "memory");
}
