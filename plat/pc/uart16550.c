/*
 * uart16550.c - the x86 console: a 16550 UART at COM1 (I/O port 0x3f8).
 *
 * Polled output only: the kernel never needs console interrupts, and a
 * polled UART still works inside a fault report. 115200 8N1, FIFOs on.
 */
#include <stdint.h>
#include "platform.h"
#include "io.h"

enum {
	COM1 = 0x3f8,
	THR = 0, DLL = 0, IER = 1, DLM = 1, FCR = 2, LCR = 3, MCR = 4, LSR = 5,
	LCR_DLAB = 0x80, LCR_8N1 = 0x03,
	LSR_THRE = 0x20,        /* transmit holding register empty */
};

void uart_init(void)
{
	outb(COM1 + IER, 0);            /* no interrupts */
	outb(COM1 + LCR, LCR_DLAB);     /* expose the divisor latch */
	outb(COM1 + DLL, 1);            /* 115200 / 1 */
	outb(COM1 + DLM, 0);
	outb(COM1 + LCR, LCR_8N1);
	outb(COM1 + FCR, 0x07);         /* enable and clear both FIFOs */
	outb(COM1 + MCR, 0x03);         /* DTR, RTS */
}

void uart_putc(int c)
{
	/* Bounded wait: a missing UART must not hang a fault report forever. */
	for (int i = 0; i < 100000 && !(inb(COM1 + LSR) & LSR_THRE); i++)
		;
	outb(COM1 + THR, (uint8_t)c);
}
