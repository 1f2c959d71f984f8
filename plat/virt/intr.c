/*
 * intr.c - device interrupt lines on ARM virt (include/machine.h, "Device
 * interrupts that wake goroutines"): the GIC's shared peripheral
 * interrupts (SPIs, ids 32 up to what the distributor implements, below
 * MAXIRQ), delivered to CPU 0.
 *
 * gic_init leaves every SPI disabled. intr_unmask routes a line to CPU
 * 0's interface with the trigger its driver read from the device tree
 * (intr_trigger; level unless it said edge), the first time, and enables
 * it at the distributor, on whichever CPU the waiting goroutine parked.
 * Its interrupt reaches arm_irq (gic.c), which has no handler registered
 * for it: it disables the line, records it (intr_pending) and ends it.
 * A level-triggered line still asserted when it is enabled again is
 * pending at the distributor at once, and an edge that came while it was
 * disabled stays pending there: either interrupts as soon as it is
 * enabled.
 */
#include <stdint.h>
#include "platform.h"
#include "gic.h"
#include "intr.h"
#include "machine.h"

enum { Unrouted, Level, Edge, RoutedLevel, RoutedEdge };
static uint8_t state[MAXIRQ];           /* per line: its trigger, and whether it is routed yet */

static void check_line(const char *what, int irq)
{
	if (irq < GIC_SPI_BASE || (unsigned)irq >= gic_lines() || irq >= MAXIRQ)
		fatal("%s: interrupt %d is not a device line of this GIC (SPIs 32-%u)", what, irq,
		      (gic_lines() < MAXIRQ ? gic_lines() : MAXIRQ) - 1);
}

void intr_trigger(int irq, int edge)
{
	check_line("intr_trigger", irq);
	__atomic_store_n(&state[irq], edge ? Edge : Level, __ATOMIC_RELAXED);
}

void intr_unmask(int irq)
{
	check_line("intr_unmask", irq);
	uint8_t st = __atomic_load_n(&state[irq], __ATOMIC_RELAXED);
	if (st < RoutedLevel) {
		/* Only ever the line's one waiter gets here: no two route it at once. */
		gic_spi_route((unsigned)irq, st == Edge);
		__atomic_store_n(&state[irq], st == Edge ? RoutedEdge : RoutedLevel, __ATOMIC_RELAXED);
	}
	gic_line_enable((unsigned)irq, 1);
}

void intr_mask(int irq)
{
	check_line("intr_mask", irq);
	gic_line_enable((unsigned)irq, 0);
}
