/*
 * console.c - the one console: bytes to the UART, "\n" as "\r\n".
 *
 * kprintf and newlib's write() both end here, so the kernel's reports
 * and the appliance's stdout interleave in order on one serial line.
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
