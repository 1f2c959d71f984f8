/*
 * gic.h - the GICv2 interrupt controller (distributor and CPU interface).
 *
 * arch/arm only. The kernel takes one interrupt, the generic timer's
 * PPI, and only inside machine_halt; gic.c routes an acknowledged
 * interrupt to the handler registered for it.
 */
#ifndef GORO_ARM_GIC_H
#define GORO_ARM_GIC_H

#include "fdt.h"

/*
 * gic_regs fills r[0] (distributor) and r[1] (CPU interface) from the
 * device tree's GICv2 node, QEMU virt's addresses where there is none.
 * dtb may be NULL.
 */
void gic_regs(const void *dtb, struct fdt_range r[2]);

/*
 * gic_init resets the GIC (every interrupt disabled, nothing pending)
 * and enables the distributor and this CPU's interface, letting every
 * priority through. Its registers must be mapped (platform_map_devices).
 */
void gic_init(const void *dtb);

/* gic_enable routes interrupt id (an SGI/PPI/SPI number) to fn, called with the IRQ acknowledged. */
void gic_enable(unsigned id, void (*fn)(void));

#endif
