/*
 * uart16550.c - the x86 console: a 16550 UART at COM1 (I/O port 0x3f8).
 *
 * Output is polled: a polled UART still works inside a fault report.
 * Input is read by polling the line status too (uart_getc never waits),
 * but the UART raises COM1's line, ISA IRQ 4, while its receive FIFO
 * holds bytes (the received-data interrupt, with the FIFO's trigger at
 * one byte, and the character time-out): a reader with nothing to read
 * waits for that line (runtime/console.c, intr.c). OUT2 gates the UART's
 * interrupt onto the ISA bus on a PC. 115200 8N1, FIFOs on.
 */
#include <stdint.h>
#include "platform.h"
#include "io.h"
#include "pic.h"

enum {
	COM1 = 0x3f8,
	COM1_IRQ = 4,
	THR = 0, RBR = 0, DLL = 0, IER = 1, DLM = 1, FCR = 2, LCR = 3, MCR = 4, LSR = 5,
	LCR_DLAB = 0x80, LCR_8N1 = 0x03,
	IER_RX = 0x01,          /* received data available (and the FIFO's time-out) */
	MCR_DTR = 0x01, MCR_RTS = 0x02, MCR_OUT2 = 0x08,
	LSR_DR = 0x01,          /* data ready: the receive FIFO holds a byte */
	LSR_THRE = 0x20,        /* transmit holding register empty */
};

void uart_init(void)
{
	outb(COM1 + IER, 0);            /* no interrupts while it is set up */
	outb(COM1 + LCR, LCR_DLAB);     /* expose the divisor latch */
	outb(COM1 + DLL, 1);            /* 115200 / 1 */
	outb(COM1 + DLM, 0);
	outb(COM1 + LCR, LCR_8N1);
	outb(COM1 + FCR, 0x07);         /* enable and clear both FIFOs; receive trigger at 1 byte */
	outb(COM1 + MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
	outb(COM1 + IER, IER_RX);       /* the line stays masked at the PIC until a reader waits */
}

void uart_putc(int c)
{
	/* Bounded wait: a missing UART must not hang a fault report forever. */
	for (int i = 0; i < 100000 && !(inb(COM1 + LSR) & LSR_THRE); i++)
		;
	outb(COM1 + THR, (uint8_t)c);
}

int uart_getc(void)
{
	uint8_t lsr = inb(COM1 + LSR);
	if (!(lsr & LSR_DR) || lsr == 0xff)     /* 0xff: no UART answers there */
		return -1;
	return inb(COM1 + RBR);
}

/* COM1's line, where the PICs can deliver it. */
int uart_irq(void)
{
	return pic_lines() > COM1_IRQ ? COM1_IRQ : -1;
}
