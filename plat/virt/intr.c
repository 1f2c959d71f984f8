/*
 * intr.c - device interrupt lines on ARM virt (include/machine.h, "Device
 * interrupts that wake goroutines"): the GIC's shared peripheral
 * interrupts (SPIs, ids 32 up to what the distributor implements, below
 * MAXIRQ), delivered to CPU 0.
 *
 * gic_init leaves every SPI disabled. intr_trigger, called when a driver
 * finds its device (before it resets and starts it), routes the line at
 * once, still disabled: CPU 0's interface and the trigger the device tree
 * gives. The GIC's configuration must be final before the device can
 * raise the line: QEMU's virt calls virtio-mmio's line a rising edge
 * while the device holds it high until InterruptACK, and a line made
 * edge-triggered after it rose has no edge to latch, so it is never
 * pending and the driver, which acknowledges only once interrupted, never
 * lowers it. Routed first, a rising edge is latched pending even while
 * the line is disabled, and a level that is high when it is enabled is
 * pending at once: either interrupts as soon as intr_unmask enables it,
 * on whichever CPU the waiting goroutine parked. A line nobody described
 * is routed level-sensitive at its first unmask.
 *
 * Its interrupt reaches arm_irq (gic.c), which has no handler registered
 * for it: it disables the line, records it (intr_pending) and ends it.
 */
#include <stdint.h>
#include "platform.h"
#include "gic.h"
#include "intr.h"
#include "machine.h"

enum { Unrouted, RoutedLevel, RoutedEdge };
static uint8_t state[MAXIRQ];           /* per line: routed yet, and with which trigger */

static void check_line(const char *what, int irq)
{
	if (irq < GIC_SPI_BASE || (unsigned)irq >= gic_lines() || irq >= MAXIRQ)
		fatal("%s: interrupt %d is not a device line of this GIC (SPIs 32-%u)", what, irq,
		      (gic_lines() < MAXIRQ ? gic_lines() : MAXIRQ) - 1);
}

void intr_trigger(int irq, int edge)
{
	check_line("intr_trigger", irq);
	uint8_t want = edge ? RoutedEdge : RoutedLevel;
	uint8_t st = __atomic_load_n(&state[irq], __ATOMIC_ACQUIRE);
	if (st == want)
		return;
	/* Reconfiguring a line that may be live could lose an edge: it is told once, before use. */
	if (st != Unrouted)
		fatal("intr_trigger: interrupt %d is routed %s-triggered already", irq,
		      st == RoutedEdge ? "edge" : "level");
	gic_spi_route((unsigned)irq, edge);
	__atomic_store_n(&state[irq], want, __ATOMIC_RELEASE);
}

void intr_unmask(int irq)
{
	check_line("intr_unmask", irq);
	if (__atomic_load_n(&state[irq], __ATOMIC_ACQUIRE) == Unrouted) {
		/* Nobody described it: level, routed by its one waiter (no two route it at once). */
		gic_spi_route((unsigned)irq, 0);
		__atomic_store_n(&state[irq], RoutedLevel, __ATOMIC_RELEASE);
	}
	gic_line_enable((unsigned)irq, 1);
}

void intr_mask(int irq)
{
	check_line("intr_mask", irq);
	gic_line_enable((unsigned)irq, 0);
}
