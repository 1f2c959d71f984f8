/*
 * idt.c - the interrupt descriptor table: every vector to its stub.
 *
 * All 256 gates are interrupt gates (interrupts stay off in the
 * handler) into trapentry.S, whose stubs sit 16 bytes apart, so the
 * table is computed rather than listed. The faults that may hit with a
 * broken stack (double fault, NMI, machine check) name an IST slot so
 * the CPU switches to a known-good stack (gdt.c) before pushing. So do
 * the hardware interrupts, vectors 32 and up, with a slot of their own
 * (IST_INTR): they may stop a goroutine anywhere, and are taken on the
 * CPU's interrupt stack, never on the goroutine's small one.
 */
#include <stdint.h>
#include "cpu.h"
#include "pc.h"

struct gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;                    /* 0, or the IST slot to switch to */
	uint8_t type;                   /* present, DPL, gate type */
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
};

_Static_assert(sizeof(struct gate) == 16, "a long-mode gate is 16 bytes");

#define GATE_INTERRUPT  0x8e            /* present, ring 0, 64-bit interrupt gate */
#define STUB_SIZE       16              /* trapentry.S's stub spacing */

extern char trap_stubs[];               /* trapentry.S: 256 stubs; .org fixes the spacing */

static struct gate idt[256] __attribute__((aligned(16)));

/* The IST slot each exception runs on, 0 for the current stack; the hardware interrupts, 32 and up, run on IST_INTR. */
static const uint8_t ist_exception[32] = {
	[T_DOUBLEFAULT] = IST_DOUBLEFAULT,
	[T_NMI] = IST_NMI,
	[T_MACHINECHECK] = IST_MACHINECHECK,
};

void idt_init(void)
{
	for (int v = 0; v < 256; v++) {
		uint64_t h = (uint64_t)(uintptr_t)(trap_stubs + STUB_SIZE * v);
		idt[v] = (struct gate){
			.offset_lo = h & 0xffff,
			.selector = SEL_KCODE,
			.ist = v < 32 ? ist_exception[v] : IST_INTR,   /* a table, not a switch: fewer blocks to translate */
			.type = GATE_INTERRUPT,
			.offset_mid = h >> 16 & 0xffff,
			.offset_hi = h >> 32,
		};
	}
	idt_load();
}

/* idt_load: every CPU shares the one table; its interrupts and faults are per CPU below it. */
void idt_load(void)
{
	lidt(idt, sizeof idt - 1);
}
