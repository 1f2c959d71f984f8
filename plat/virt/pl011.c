/*
 * pl011.c - the ARM console: an ARM PL011 UART, polled.
 *
 * The base is QEMU virt's UART0. The firmware-free -kernel boot leaves
 * it enabled; uart_init re-enables transmit in case a loader did not.
 */
#include <stdint.h>
#include "platform.h"

enum {
	PL011_BASE = 0x09000000,        /* QEMU virt: /pl011@9000000 */
	DR = 0x00, FR = 0x18, CR = 0x30,
	FR_TXFF = 1 << 5,               /* transmit FIFO full */
	CR_UARTEN = 1 << 0, CR_TXE = 1 << 8, CR_RXE = 1 << 9,
};

static inline volatile uint32_t *reg(uint32_t off)
{
	return (volatile uint32_t *)(uintptr_t)(PL011_BASE + off);
}

void uart_init(void)
{
	*reg(CR) = CR_UARTEN | CR_TXE | CR_RXE;
}

void uart_putc(int c)
{
	for (int i = 0; i < 100000 && (*reg(FR) & FR_TXFF); i++)
		;
	*reg(DR) = (uint32_t)(unsigned char)c;
}
