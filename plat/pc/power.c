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
 * reports, and must not depend on kprintf working; it leaves in two
 * string instructions (rep outsb): no loop of port writes for an
 * emulator to translate.
 */
#include <stdint.h>
#include "platform.h"
#include "io.h"

#define DEBUGCON_PORT   0xe9
#define DEBUGEXIT_PORT  0xf4

/* debugcon_write sends the n bytes at s in one string instruction (rep outsb). */
static void debugcon_write(const char *s, unsigned int n)
{
	__asm__ volatile("rep outsb" : "+S"(s), "+c"(n) : "d"(DEBUGCON_PORT) : "memory");
}

_Noreturn void machine_poweroff(int status)
{
	unsigned int code = (unsigned int)status & 0xff;        /* as a process's status */
	char digits[4], *d = digits + sizeof digits;            /* code in decimal and a newline, from the end */
	unsigned int v = code;

	__asm__ volatile("cli");
	*--d = '\n';
	do
		*--d = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	debugcon_write("goro-exit: ", sizeof "goro-exit: " - 1);
	debugcon_write(d, (unsigned int)(digits + sizeof digits - d));
	outl(DEBUGEXIT_PORT, code);
	for (;;)
		__asm__ volatile("cli; hlt");
}
