/*
 * gic.h - the GICv2 interrupt controller (distributor and CPU interface).
 *
 * plat/virt only. Interrupts are taken while goroutines run and inside
 * machine_halt (include/machine.h): the generic timers' PPIs (timer.c:
 * the deadline and the tick), the wake-up SGI (smp.c) and the device
 * lines (SPIs) goroutines wait for (intr.c); gic.c routes an
 * acknowledged interrupt to the handler registered for it, or masks a
 * device line and records it for the runtime.
 */
#ifndef GORO_ARM_GIC_H
#define GORO_ARM_GIC_H

#include "fdt.h"
#include <stdint.h>

struct trapframe;

/*
 * gic_locate fills r[0] (distributor) and r[1] (CPU interface) from the
 * device tree's GICv2 node (its index, fdt.h), QEMU virt's addresses
 * where there is none, for platform_map_devices to map, and keeps them
 * for gic_init.
 */
void gic_locate(struct fdt_range r[2]);

/*
 * gic_init resets the GIC (every interrupt disabled, nothing pending)
 * and enables the distributor and this CPU's interface, letting every
 * priority through, at the addresses gic_locate found, which
 * platform_map_devices has mapped.
 */
void gic_init(void);

/*
 * gic_cpu_init sets up the calling CPU, one started after the boot CPU:
 * its CPU interface as gic_init does CPU 0's, and its own copy of each
 * SGI and PPI gic_enable registered (the timer's, the wake-up SGI).
 */
void gic_cpu_init(void);

/*
 * gic_enable routes interrupt id (an SGI/PPI/SPI number) to fn, called
 * with the IRQ acknowledged and the interrupted context (vectors.S), and
 * enables it on this CPU. Called on the boot CPU before the others start
 * (gic_cpu_init copies the table).
 */
void gic_enable(unsigned id, void (*fn)(struct trapframe *tf));

/* gic_taken: how many interrupts this CPU has taken (any but spurious ones). */
uint32_t gic_taken(void);

/*
 * Device lines (SPIs, ids 32 and up), for intr.c: gic_lines is how many
 * interrupt ids the distributor implements; gic_spi_route sends SPI id
 * to CPU 0 at the priority every interrupt has, level-sensitive or edge
 * (edge 1) triggered, and must be called while it is disabled and before
 * its device can raise it (an edge line configured while high is never
 * pending), on any CPU but not in a handler (it takes a spin lock);
 * gic_line_enable enables it (on 1) or disables it at the distributor.
 */
unsigned gic_lines(void);
void gic_spi_route(unsigned id, int edge);
void gic_line_enable(unsigned id, int on);

/*
 * gic_send_sgi raises SGI sgi (0-15) on CPU cpu (goro's number), after a
 * barrier that makes the sender's earlier writes visible first. The CPU
 * must have set up its GIC (gic_init, gic_cpu_init); else a fatal error.
 */
void gic_send_sgi(int cpu, unsigned sgi);

#endif
