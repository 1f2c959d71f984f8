/*
 * power.c - machine_poweroff for ARM: semihosting, then PSCI, then wfi.
 *
 * Under QEMU -semihosting the status goes out twice: as the line
 * "goro-exit: N" on the semihosting console (the harness, qemu/run,
 * reads it from there, as it reads the debugcon port on x86), then as
 * SYS_EXIT_EXTENDED's code, which ends QEMU with that exact status.
 * Without -semihosting the first "svc 0x123456" reaches our own SVC
 * vector, and arm_trap (fault.c) continues here with PSCI SYSTEM_OFF
 * (QEMU exits 0; psci.c makes the call).
 */
#include "platform.h"
#include "arm.h"
#include "cpu.h"
#include "psci.h"

#define SYS_WRITE0                      0x04
#define SYS_EXIT_EXTENDED               0x20
#define ADP_STOPPED_APPLICATION_EXIT    0x20026

volatile int arm_powering_off;

/* One semihosting call: op in r0, its argument block or string in r1. Returns r0. */
static uint32_t semihost(uint32_t op, const void *arg)
{
	register uint32_t r0 __asm__("r0") = op;
	register uint32_t r1 __asm__("r1") = (uint32_t)(uintptr_t)arg;
	/* ARM state, immediate SEMIHOST_SVC_ARM; lr is clobbered if it traps. */
	__asm__ volatile("svc 0x123456" : "+r"(r0) : "r"(r1) : "lr", "memory");
	return r0;
}

_Noreturn void machine_poweroff(int status)
{
	static char digits[5];                  /* the status in decimal, a newline and a NUL, from the end */
	static uint32_t block[2];
	uint32_t code = (uint32_t)status & 0xff;        /* as a process's status: exit(-1) is 255 */
	char *d = digits + sizeof digits - 1;  /* its NUL stays */
	uint32_t v = code;

	arm_powering_off = 1;
	*--d = '\n';
	do
		*--d = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	semihost(SYS_WRITE0, "goro-exit: ");   /* no libc: poweroff must work from anywhere */
	semihost(SYS_WRITE0, d);
	block[0] = ADP_STOPPED_APPLICATION_EXIT;
	block[1] = code;
	semihost(SYS_EXIT_EXTENDED, block);
	psci_poweroff();
}
