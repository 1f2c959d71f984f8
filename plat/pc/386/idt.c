/*
 * idt.c - the i386 interrupt descriptor table.
 *
 * Vectors 0-31 (CPU exceptions), 32-47 (the legacy PICs' lines) and the
 * local APIC's timer, wake-up, shootdown and spurious vectors go to the
 * stubs in trapentry.S through interrupt gates (interrupts stay off
 * inside a handler), except #DF, which is a task gate to the
 * double-fault task. The table has room for all 256
 * vectors; ones nobody installed are not present, so raising one
 * reports "segment not present" naming the vector.
 */
#include <stdint.h>
#include "x86.h"
#include "pc.h"
#include "trapframe.h"

enum {
	GATE_INTR32 = 0x8e,     /* present, ring 0, 32-bit interrupt gate */
	GATE_TASK = 0x85,       /* present, ring 0, task gate */
};

struct gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t zero;
	uint8_t type;
	uint16_t offset_hi;
} __attribute__((packed));

/* trapentry.S: every stub's vector and entry */
struct stub {
	uint32_t vector;
	uint32_t entry;
};
extern const struct stub idt_stubs[], idt_stubs_end[];

static struct gate idt[256] __attribute__((aligned(8)));

static void setgate(int vec, uint32_t offset, uint16_t selector, uint8_t type)
{
	idt[vec].offset_lo = offset & 0xffff;
	idt[vec].selector = selector;
	idt[vec].zero = 0;
	idt[vec].type = type;
	idt[vec].offset_hi = offset >> 16;
}

/* Installs the exception and interrupt vectors and loads the IDT. */
void idt_init(void)
{
	/* one loop, not one call per kind of stub: each copy of setgate is translated at boot */
	for (const struct stub *s = idt_stubs; s < idt_stubs_end; s++)
		setgate(s->vector, s->entry, SEL_KCODE, GATE_INTR32);
	setgate(T_DOUBLEFAULT, 0, SEL_DFTSS, GATE_TASK);  /* over vector 8's unused stub */
	idt_load();
}

/* idt_load: every CPU shares the one table (the #DF gate names a selector each CPU's GDT resolves). */
void idt_load(void)
{
	lidt(idt, sizeof(idt) - 1);
}
