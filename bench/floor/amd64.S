/*
 * amd64.S - the boot-time floor for amd64 PVH (-M pc and -M microvm): a
 * kernel that powers off at once.
 *
 * An ELF64 with the Xen PHYS32_ENTRY note, as goro's (boot/amd64/pvh.S),
 * so QEMU loads it the same way; it exits from the 32-bit entry, before
 * long mode, as goro's machine_poweroff does (plat/pc/power.c):
 * "goro-exit: 0" on the debug console, then isa-debug-exit. tools/bench
 * reads its boot time as the least this path can take.
 */
#define XEN_ELFNOTE_PHYS32_ENTRY 18

	.section .note.Xen, "a", @note
	.balign 4
	.long 2f - 1f
	.long 4f - 3f
	.long XEN_ELFNOTE_PHYS32_ENTRY
1:	.asciz "Xen"
2:	.balign 4
3:	.quad _start
4:	.balign 4

	.section .text
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
