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
#include "lapic.h"
#include "pic.h"
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

extern const uint32_t trap_stubs[32];   /* trapentry.S */
extern const uint32_t pic_stubs[16];
extern char intr_stub_timer[], intr_stub_wake[], intr_stub_shootdown[], intr_stub_tlbdone[], intr_stub_spurious[];

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
	for (int v = 0; v < 32; v++)
		setgate(v, trap_stubs[v], SEL_KCODE, GATE_INTR32);
	setgate(T_DOUBLEFAULT, 0, SEL_DFTSS, GATE_TASK);
	for (int i = 0; i < 16; i++)    /* device lines, masked at the PICs until a goroutine waits */
		setgate(PIC_VECTOR_BASE + i, pic_stubs[i], SEL_KCODE, GATE_INTR32);
	setgate(T_TIMER, (uint32_t)(uintptr_t)intr_stub_timer, SEL_KCODE, GATE_INTR32);
	setgate(T_WAKE, (uint32_t)(uintptr_t)intr_stub_wake, SEL_KCODE, GATE_INTR32);
	setgate(T_SHOOTDOWN, (uint32_t)(uintptr_t)intr_stub_shootdown, SEL_KCODE, GATE_INTR32);
	setgate(T_TLBDONE, (uint32_t)(uintptr_t)intr_stub_tlbdone, SEL_KCODE, GATE_INTR32);
	setgate(T_SPURIOUS, (uint32_t)(uintptr_t)intr_stub_spurious, SEL_KCODE, GATE_INTR32);
	idt_load();
}

/* idt_load: every CPU shares the one table (the #DF gate names a selector each CPU's GDT resolves). */
void idt_load(void)
{
	lidt(idt, sizeof(idt) - 1);
}
