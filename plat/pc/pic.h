/*
 * pic.h - the legacy 8259 interrupt controllers, i386 and amd64: silenced at
 * boot, their lines then unmasked one by one for the goroutines that wait.
 *
 * The BIOS leaves the PICs delivering the timer and friends on vectors
 * 8-15, which are CPU exception vectors in protected and long mode: an
 * unmasked timer tick would look like a double fault. pic_disable moves
 * them to vectors 32-47 and masks every line, so nothing arrives until
 * a goroutine waits for a line (intr.c unmasks it), and then only on CPU
 * 0, whose local APIC takes the master's output (lapic.c).
 * On machines without PICs (-M microvm may have none) the writes go
 * nowhere.
 */
#ifndef GORO_X86_PIC_H
#define GORO_X86_PIC_H

#include "io.h"

#define PIC1_CMD        0x20
#define PIC1_DATA       0x21
#define PIC2_CMD        0xa0
#define PIC2_DATA       0xa1
#define PIC_VECTOR_BASE 32      /* IRQ n arrives as vector 32 + n */

static inline void pic_disable(void)
{
	outb(PIC1_CMD, 0x11);                   /* ICW1: initialise, ICW4 follows */
	io_wait();
	outb(PIC2_CMD, 0x11);
	io_wait();
	outb(PIC1_DATA, PIC_VECTOR_BASE);       /* ICW2: vector base */
	io_wait();
	outb(PIC2_DATA, PIC_VECTOR_BASE + 8);
	io_wait();
	outb(PIC1_DATA, 0x04);                  /* ICW3: slave on IRQ 2 */
	io_wait();
	outb(PIC2_DATA, 0x02);                  /* ICW3: slave identity 2 */
	io_wait();
	outb(PIC1_DATA, 0x01);                  /* ICW4: 8086 mode */
	io_wait();
	outb(PIC2_DATA, 0x01);
	io_wait();
	outb(PIC1_DATA, 0xff);                  /* mask every line */
	outb(PIC2_DATA, 0xff);
}

/*
 * The lines as device interrupts (plat/pc/intr.c): pic_lines is how many
 * the PICs give (16, or 0 on a machine without them); pic_interrupt
 * handles one of their vectors (32-47) and returns 1, or returns 0 for
 * any other vector.
 */
int pic_lines(void);
int pic_interrupt(unsigned vector);

#endif
