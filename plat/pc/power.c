/*
 * power.c - machine_poweroff for both x86 architectures (machine_halt,
 * which the tick shapes, is timer.c's).
 *
 * QEMU's x86 machines have no power-off port goro can count on, so the
 * exit status leaves through two debug devices: the line
 * "goro-exit: <status>" on the debug console (port 0xe9, which the
 * harness reads from a file: the exact status), then the status on
 * isa-debug-exit (port 0xf4), which ends QEMU with (status << 1) | 1.
 * The status is cut to its low 8 bits first, as a process's is (exit(-1)
 * is 255): the harness reads a number 0-255, never a sign.
 * Without those devices (real hardware) the CPU halts with interrupts
 * off. The line is formatted by hand: this runs at the end of fault
 * reports, and must not depend on kprintf working.
 */
#include <stdint.h>
#include "platform.h"
#include "io.h"

#define DEBUGCON_PORT   0xe9
#define DEBUGEXIT_PORT  0xf4

static void debugcon_puts(const char *s)
{
	while (*s)
		outb(DEBUGCON_PORT, (uint8_t)*s++);
}

/* debugcon_putuint writes u in decimal. */
static void debugcon_putuint(unsigned int u)
{
	char digits[12];
	int n = 0;

	do
		digits[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	while (n > 0)
		outb(DEBUGCON_PORT, (uint8_t)digits[--n]);
}

_Noreturn void machine_poweroff(int status)
{
	unsigned int code = (unsigned int)status & 0xff;        /* as a process's status */

	__asm__ volatile("cli");
	debugcon_puts("goro-exit: ");
	debugcon_putuint(code);
	debugcon_puts("\n");
	outl(DEBUGEXIT_PORT, code);
	for (;;)
		__asm__ volatile("cli; hlt");
}
