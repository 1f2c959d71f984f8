/*
 * 386.S - the boot-time floor for i386 multiboot: a kernel that powers
 * off at once.
 *
 * tools/bench boots it with the same QEMU command as goro (qemu/run) and
 * reads its time as the least a boot on this path can take: QEMU's own
 * start, the firmware, loading a multiboot ELF, the power-off. goro's
 * boot time is judged against it. It leaves the way goro's
 * machine_poweroff does (plat/pc/power.c): "goro-exit: 0" on the debug
 * console, then isa-debug-exit.
 */
#define MB_MAGIC        0x1BADB002
#define MB_FLAGS        0x3             /* page-aligned modules, the memory map: goro's */

	.section .text
	.balign 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.code32
	.globl _start
_start:
	cli
	mov $msg, %esi
	mov $0xe9, %dx
1:	lodsb
	test %al, %al
	jz 2f
	outb %al, %dx
	jmp 1b
2:	xor %eax, %eax
	mov $0xf4, %dx
	outl %eax, %dx
3:	hlt
	jmp 3b

msg:	.asciz "goro-exit: 0\n"
