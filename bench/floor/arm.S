/*
 * arm.S - the boot-time floor for ARM virt: a kernel that powers off at
 * once.
 *
 * An ELF linked where goro's is (0x40100000, above QEMU's copy of the
 * device tree), so QEMU loads it the same way; it leaves as goro's
 * machine_poweroff does (plat/virt/power.c): "goro-exit: 0" through
 * semihosting's SYS_WRITE0, then SYS_EXIT_EXTENDED. tools/bench reads
 * its boot time as the least this path can take.
 */
#define SYS_WRITE0                      0x04
#define SYS_EXIT_EXTENDED               0x20
#define ADP_STOPPED_APPLICATION_EXIT    0x20026

	.syntax unified
	.arm
	.section .text
	.globl _start
_start:
	mov	r0, #SYS_WRITE0
	adr	r1, msg
	svc	0x123456
	mov	r0, #SYS_EXIT_EXTENDED
	adr	r1, block
	svc	0x123456
1:	wfi
	b	1b

	.balign 4
block:	.long ADP_STOPPED_APPLICATION_EXIT, 0
msg:	.asciz "goro-exit: 0\n"
