/*
 * arm.h - what the ARM boot, trap and poweroff files share among themselves.
 *
 * Not part of the portable contract (that is include/machine.h); only
 * arch/arm and boot/arm include this.
 */
#ifndef GORO_ARM_ARM_H
#define GORO_ARM_ARM_H

#include <stdint.h>

struct trapframe;

/* boot/arm/dtb.c, called by start.S with the loader's r2: builds bootinfo, calls kmain. */
_Noreturn void arm_boot(uint32_t r2);

/* fault.c, called by every vector stub with the saved frame. */
void arm_trap(struct trapframe *tf);

/* gic.c, called by the IRQ vector with the interrupted context: acknowledges, handles and ends one interrupt. */
void arm_irq(struct trapframe *tf);

/* Set once poweroff has begun; a trap after that halts instead of reporting. */
extern volatile int arm_powering_off;

#endif
