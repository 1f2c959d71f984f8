/*
 * gdt.c - each CPU's GDT and TSS, whose interrupt stack table gives the
 * faults that can strike on a broken stack a stack of their own.
 *
 * Long mode ignores segment bases and limits, so a GDT only has to name
 * a 64-bit code segment, a data segment and the TSS. The TSS is used
 * for one thing: IST entries. A double fault (IST1), an NMI (IST2) and
 * a machine check (IST3) switch to their own 16 KiB stack whatever rsp
 * held, so a fault taken with rsp pointing nowhere still reaches the
 * report; every hardware interrupt (IST4) switches to the CPU's
 * interrupt stack (intr_stack_tops, smp.h), so it never runs on the
 * goroutine it stops. Every CPU has its own GDT, TSS and IST stacks (a busy TSS
 * cannot be shared, and two CPUs faulting at once must not share a
 * stack); the IDT is shared. CPU 0's stacks are in .bss, as its tables
 * are loaded before there are page frames; the other CPUs' are mapped
 * when they start (cpustacks.c). The selectors equal the boot GDT's
 * (boot/amd64/early.S) and the start-up code's (trampoline16.S).
 */
#include <stdint.h>
#include "cpu.h"
#include "pc.h"
#include "machine.h"
#include "smp.h"

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];                /* stacks for traps from rings 1-3: unused */
	uint64_t reserved1;
	uint64_t ist[7];                /* ist[n - 1] is the top of IST stack n */
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;            /* at the limit or past it: no I/O bitmap */
} __attribute__((packed));

_Static_assert(sizeof(struct tss) == 104, "the 64-bit TSS is 104 bytes");

/* One CPU's tables: null, kernel code, kernel data, and the TSS's two slots; the TSS. */
struct cputables {
	uint64_t gdt[5];
	struct tss tss __attribute__((aligned(16)));
};

static struct cputables tables[MAXCPU] __attribute__((aligned(16)));

/* CPU 0's three IST stacks; the top of each is 16-byte aligned as the ABI wants. */
static NOINIT uint8_t ist_stack[3][IST_STACKSIZE] __attribute__((aligned(4096)));

_Static_assert(IST_STACKSIZE == CPU_STACK_SIZE, "the other CPUs' IST stacks are cpustacks.c's");

/* CPU 0's per-CPU block until kstart's tls_init: zeroed, so cpu_id() is 0 and getg() NULL. */
static uintptr_t boot_tls[TLS_WORDS];

#define GDT_KCODE       0x00af9a000000ffffull   /* present, ring 0, code, L=1 */
#define GDT_KDATA       0x00cf92000000ffffull   /* present, ring 0, data, writable */

/* tss_descriptor encodes the 16-byte system descriptor of an available 64-bit TSS. */
static void tss_descriptor(uint64_t *d, uint64_t base, uint32_t limit)
{
	d[0] = (limit & 0xffff)
	     | (base & 0xffffff) << 16
	     | 0x89ull << 40                    /* present, ring 0, type 9 */
	     | (uint64_t)(limit >> 16 & 0xf) << 48
	     | (base >> 24 & 0xff) << 56;
	d[1] = base >> 32;
}

/* gdt_build: tls is unused here (the fs base MSR holds the per-CPU block: tls.c). */
void gdt_build(int cpu, uintptr_t *tls)
{
	struct cputables *t = &tables[cpu];

	(void)tls;
	if (cpu < 0 || cpu >= MAXCPU)
		fatal("gdt_build: no cpu %d", cpu);
	t->tss = (struct tss){ .iomap_base = sizeof t->tss };
	for (int ist = IST_DOUBLEFAULT; ist <= IST_MACHINECHECK; ist++)         /* 1, 2, 3 */
		t->tss.ist[ist - 1] = cpu == 0 ? (uint64_t)(uintptr_t)&ist_stack[ist - 1][IST_STACKSIZE]
					       : cpu_stack(cpu, ist);
	t->tss.ist[IST_INTR - 1] = intr_stack_tops[cpu];
	if (!intr_stack_tops[cpu])
		fatal("gdt_build: cpu %d has no interrupt stack", cpu);

	t->gdt[0] = 0;
	t->gdt[SEL_KCODE / 8] = GDT_KCODE;
	t->gdt[SEL_KDATA / 8] = GDT_KDATA;
	tss_descriptor(&t->gdt[SEL_TSS / 8], (uint64_t)(uintptr_t)&t->tss, sizeof t->tss - 1);
}

const void *gdt_table(int cpu, uint16_t *limit)
{
	*limit = sizeof tables[cpu].gdt - 1;
	return tables[cpu].gdt;
}

/*
 * gdt_load loads CPU cpu's GDT, reloads cs with a far return and the
 * data segment registers, and loads the task register.
 */
void gdt_load(int cpu)
{
	lgdt(tables[cpu].gdt, sizeof tables[cpu].gdt - 1);
	__asm__ volatile(
		"pushq %[cs]\n\t"               /* far return to the next line: new cs */
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"mov %[ds], %%ds\n\t"
		"mov %[ds], %%es\n\t"
		"mov %[ds], %%ss"
		: : [cs] "i"(SEL_KCODE), [ds] "r"((uint32_t)SEL_KDATA) : "rax", "memory");
	ltr(SEL_TSS);
}

void gdt_init(void)
{
	wrmsr(MSR_FS_BASE, (uint64_t)(uintptr_t)boot_tls);     /* a fault report may read it */
	gdt_build(0, boot_tls);
	gdt_load(0);
}
