/*
 * intr.c - device interrupt lines on the PC (include/machine.h, "Device
 * interrupts that wake goroutines"), i386 and amd64: the ISA IRQs 0-15,
 * through the two legacy 8259 PICs, delivered to CPU 0.
 *
 * pic_disable (pic.h) put the PICs' lines on vectors 32-47 and masked
 * every one; the boot CPU's local APIC takes the master PIC's output on
 * LINT0 as ExtINT (virtual wire mode, lapic.c), the other CPUs' do not,
 * so a line interrupts CPU 0 only. A line is unmasked in the PIC's
 * mask register when a goroutine waits for it (intr_unmask); its
 * interrupt masks it again, ends it at the PIC (an ExtINT interrupt is
 * never in service at the local APIC, which wants no EOI) and records it
 * (intr_pending). The ISA lines are edge-triggered, and a PIC latches an
 * edge in its request register even while the line is masked: a device
 * that raised its line between the driver's last look and the unmask
 * interrupts as soon as the line is unmasked.
 *
 * IRQ 2 is the cascade from the slave PIC: it is unmasked, as a line, with
 * the first slave line (8-15) a goroutine waits for, never waited for
 * itself. IRQ 7 and 15 may be spurious (a request withdrawn before the
 * CPU acknowledged it): the in-service register says, and a spurious one
 * gets no EOI (15: the master's, for the cascade, only).
 *
 * A machine without PICs (QEMU's microvm with pic=off) reads its mask
 * register as 0xff whatever was written: then there are no lines
 * (pic_lines 0) and the console's reader looks every 10 ms instead.
 * Routing the lines through the I/O APIC instead is for machines that
 * need it.
 */
#include <stdint.h>
#include "platform.h"
#include "io.h"
#include "machine.h"
#include "pic.h"

#define PIC_EOI         0x20    /* OCW2: non-specific end of interrupt */
#define PIC_READ_ISR    0x0b    /* OCW3: the next read of the command port is the in-service register */
#define PIC_CASCADE     2
#define PIC_LINES       16

/*
 * The two mask registers, master's in the low byte; a set bit masks.
 * Written by intr_unmask/intr_mask on any CPU and by the handler on CPU
 * 0, without a lock: each changes its bit atomically, writes the mask
 * out, and writes it again while the shadow has changed meanwhile, so
 * the registers end up as the last change left the shadow.
 */
static uint16_t shadow = 0xffff;
static int present = -1;                /* the PICs answer: 1; none: 0; not looked yet: -1 */

static void write_masks(uint16_t m)
{
	for (;;) {
		outb(PIC1_DATA, (uint8_t)m);
		outb(PIC2_DATA, (uint8_t)(m >> 8));
		uint16_t now = __atomic_load_n(&shadow, __ATOMIC_SEQ_CST);
		if (now == m)
			return;
		m = now;
	}
}

static void mask_set(int irq)
{
	write_masks(__atomic_or_fetch(&shadow, (uint16_t)(1u << irq), __ATOMIC_SEQ_CST));
}

static void mask_clear(int irq)
{
	uint16_t bits = (uint16_t)(1u << irq);
	if (irq >= 8)
		bits |= 1u << PIC_CASCADE;
	write_masks(__atomic_and_fetch(&shadow, (uint16_t)~bits, __ATOMIC_SEQ_CST));
}

/*
 * pic_lines: how many lines the PICs give, 16, or 0 without PICs. The
 * test writes a pattern into the slave's mask register, where the masked
 * cascade keeps it from reaching the CPU, and reads it back.
 */
int pic_lines(void)
{
	if (present < 0) {
		outb(PIC2_DATA, 0xa5);
		int ok = inb(PIC2_DATA) == 0xa5;
		outb(PIC2_DATA, (uint8_t)(__atomic_load_n(&shadow, __ATOMIC_SEQ_CST) >> 8));
		present = ok;
	}
	return present ? PIC_LINES : 0;
}

static void check_line(const char *what, int irq)
{
	if (irq < 0 || irq >= PIC_LINES || irq == PIC_CASCADE)
		fatal("%s: the PC has no interrupt line %d (ISA IRQs 0-15 but 2, the cascade)", what, irq);
	if (!pic_lines())
		fatal("%s: interrupt %d: this PC has no 8259 interrupt controllers", what, irq);
}

void intr_unmask(int irq)
{
	check_line("intr_unmask", irq);
	mask_clear(irq);
}

void intr_mask(int irq)
{
	check_line("intr_mask", irq);
	mask_set(irq);
}

/* in_service: is irq in service at its PIC (not a spurious 7 or 15)? */
static int in_service(int irq)
{
	uint16_t port = irq < 8 ? PIC1_CMD : PIC2_CMD;
	outb(port, PIC_READ_ISR);
	return inb(port) & (1u << (irq % 8));
}

/*
 * pic_interrupt handles vector, one of the PICs' (32-47), on CPU 0 and
 * returns 1, or returns 0 for any other vector. The line is masked, the
 * interrupt ended at the PIC (the slave's too for lines 8-15), and the
 * runtime told: no lock, no allocation, nothing else.
 */
int pic_interrupt(unsigned vector)
{
	if (vector < PIC_VECTOR_BASE || vector >= PIC_VECTOR_BASE + PIC_LINES)
		return 0;
	int irq = (int)(vector - PIC_VECTOR_BASE);
	if ((irq == 7 || irq == 15) && !in_service(irq)) {
		if (irq == 15)
			outb(PIC1_CMD, PIC_EOI);        /* the master did see the cascade */
		return 1;
	}
	mask_set(irq);
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
	intr_pending(irq);
	return 1;
}
