/*
 * arch.h - the narrow interface between the portable kernel and a CPU.
 *
 * Everything in kernel/ and runtime/ reaches the machine only through
 * the functions below. Each architecture implements them under
 * arch/<arch>/ (x86 code both 386 and amd64 use lives in arch/x86/).
 * This header is the one place that documents the contract.
 */
#ifndef GORO_ARCH_H
#define GORO_ARCH_H

#include <stdint.h>
#include <stddef.h>

struct bootinfo;
struct trapframe;               /* defined by arch/<arch>/trapframe.h */

/*
 * arch_init sets up the CPU for the kernel: descriptor tables, trap
 * vectors (with separate stacks for faults on the fault path), the
 * FPU/SIMD unit so appliance code may use floating point, and the
 * early page tables if the boot path did not. Called once from kmain
 * after the console works; traps are reported from then on.
 */
void arch_init(struct bootinfo *bi);

/*
 * arch_poweroff stops the machine with an exit status the QEMU harness
 * can read back exactly (x86: the debugcon line "goro-exit: N" then
 * isa-debug-exit; ARM: semihosting SYS_EXIT_EXTENDED, then PSCI).
 * On hardware without those devices it halts with interrupts off.
 */
_Noreturn void arch_poweroff(int status);

/* arch_halt waits for the next interrupt (hlt / wfi). */
void arch_halt(void);

/*
 * arch_dumpregs prints the general registers saved in a trap frame,
 * a few per line, for the fault report.
 */
void arch_dumpregs(const struct trapframe *tf);

/* Console UART: kernel/uart16550.c on x86, kernel/pl011.c on ARM. */
void uart_init(void);
void uart_putc(int c);

#endif
