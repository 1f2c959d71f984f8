/*
 * gdt.c - the kernel GDT and its TSS, whose interrupt stack table gives
 * the faults that can strike on a broken stack a stack of their own.
 *
 * Long mode ignores segment bases and limits, so the GDT only has to
 * name a 64-bit code segment, a data segment and the TSS. The TSS is
 * used for one thing: IST entries. A double fault (IST1), an NMI (IST2)
 * and a machine check (IST3) switch to their own 16 KiB stack whatever
 * rsp held, so a fault taken with rsp pointing nowhere still reaches
 * the report. The selectors equal the boot GDT's (boot/amd64/early.S).
 */
#include <stdint.h>
#include "cpu.h"
#include "pc.h"

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

static struct tss tss __attribute__((aligned(16)));

/* The three IST stacks; the top of each is 16-byte aligned as the ABI wants. */
static uint8_t ist_stack[3][IST_STACKSIZE] __attribute__((aligned(4096)));

/* null, kernel code, kernel data, and the TSS's two slots. */
static uint64_t gdt[5] __attribute__((aligned(16)));

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

/*
 * gdt_init loads the kernel GDT, reloads cs with a far return and the
 * data segment registers, and loads the task register. Called once:
 * ltr marks the TSS busy, so a second ltr would fault.
 */
void gdt_init(void)
{
	tss.ist[IST_DOUBLEFAULT - 1] = (uint64_t)(uintptr_t)&ist_stack[0][IST_STACKSIZE];
	tss.ist[IST_NMI - 1] = (uint64_t)(uintptr_t)&ist_stack[1][IST_STACKSIZE];
	tss.ist[IST_MACHINECHECK - 1] = (uint64_t)(uintptr_t)&ist_stack[2][IST_STACKSIZE];
	tss.iomap_base = sizeof tss;

	gdt[0] = 0;
	gdt[SEL_KCODE / 8] = GDT_KCODE;
	gdt[SEL_KDATA / 8] = GDT_KDATA;
	tss_descriptor(&gdt[SEL_TSS / 8], (uint64_t)(uintptr_t)&tss, sizeof tss - 1);

	lgdt(gdt, sizeof gdt - 1);
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
