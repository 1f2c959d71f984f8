/*
 * pl011.c - the ARM console: an ARM PL011 UART.
 *
 * The base is QEMU virt's UART0. The firmware-free -kernel boot leaves
 * it enabled; uart_init re-enables transmit and receive in case a loader
 * did not. Output is polled. Input is read by polling too (uart_getc
 * never waits), but the UART raises its interrupt while its receive
 * FIFO holds bytes (the receive interrupt, and the receive time-out for
 * fewer bytes than the FIFO's trigger level): a reader with nothing to
 * read waits for that line, the SPI the device tree's node gives
 * (runtime/console.c, intr.c).
 */
#include <stdint.h>
#include "platform.h"
#include "board.h"
#include "intr.h"

enum {
	PL011_BASE = 0x09000000,        /* QEMU virt: /pl011@9000000 */
	VIRT_UART_SPI = 1,              /* and its interrupt, if the device tree does not say */
	DR = 0x00, FR = 0x18, CR = 0x30, IMSC = 0x38,
	FR_RXFE = 1 << 4,               /* receive FIFO empty */
	FR_TXFF = 1 << 5,               /* transmit FIFO full */
	CR_UARTEN = 1 << 0, CR_TXE = 1 << 8, CR_RXE = 1 << 9,
	IMSC_RX = 1 << 4, IMSC_RT = 1 << 6,     /* receive, receive time-out */
};

static inline volatile uint32_t *reg(uint32_t off)
{
	return (volatile uint32_t *)(uintptr_t)(PL011_BASE + off);
}

static int spi = VIRT_UART_SPI, edge;  /* its interrupt, from the device tree */

/*
 * uart_spi reads the interrupts property of the device tree's console
 * PL011 (board.h; <type number flags>: an SPI's number is its GIC id less
 * 32), QEMU virt's SPI 1 (level) where there is none. At boot, as the
 * code that asks later (a reader, on a goroutine's stack) is small.
 */
static void uart_spi(void)
{
	uint32_t len;
	const uint8_t *p = fdt_prop(board.uart, FDT_INTERRUPTS, &len);
	if (p && len >= 12 && fdt_be32(p) == DT_IRQ_SPI) {
		spi = (int)fdt_be32(p + 4);
		edge = (fdt_be32(p + 8) & 0xf) == DT_IRQ_EDGE_RISING;
	}
}

void uart_init(void)
{
	*reg(CR) = CR_UARTEN | CR_TXE | CR_RXE;
	*reg(IMSC) = IMSC_RX | IMSC_RT;         /* the line stays disabled at the GIC until a reader waits */
	uart_spi();
}

void uart_putc(int c)
{
	for (int i = 0; i < 100000 && (*reg(FR) & FR_TXFF); i++)
		;
	*reg(DR) = (uint32_t)(unsigned char)c;
}

int uart_getc(void)
{
	if (*reg(FR) & FR_RXFE)
		return -1;
	return (int)(*reg(DR) & 0xff);  /* bits 8-11 are the byte's error flags */
}

/* uart_irq: the UART's SPI as a GIC id; its trigger goes to intr.c the first time. */
int uart_irq(void)
{
	static int told;
	if (!told) {
		intr_trigger(GIC_SPI_BASE + spi, edge);
		told = 1;
	}
	return GIC_SPI_BASE + spi;
}
