/*
 * console.c - the one console: bytes to the UART, "\n" as "\r\n"; and
 * bytes from it, "\r" (a terminal's Enter) and "\r\n" as "\n".
 *
 * kprintf and newlib's write() both end here, so the kernel's reports
 * and the appliance's stdout interleave in order on one serial line.
 * Input is read by runtime/console.c (one reader at a time), which waits
 * for the UART's receive line when there is nothing to read.
 */
#include "platform.h"
#include "machine.h"

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc((unsigned char)s[i]);
	}
}

void console_puts(const char *s)
{
	console_write(s, __builtin_strlen(s));
}

static bool after_cr;   /* the last byte given was a "\r" turned into "\n" */

int console_getc(void)
{
	int c = uart_getc();
	if (c == '\n' && after_cr) {
		after_cr = false;       /* the "\n" of a "\r\n": that line has ended */
		c = uart_getc();
	}
	if (c < 0)
		return c;               /* nothing yet (a "\n" may still follow a "\r") */
	after_cr = c == '\r';
	return after_cr ? '\n' : c;
}

int console_irq(void)
{
	return uart_irq();
}
