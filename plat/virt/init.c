/*
 * init.c - platform_init for 32-bit ARM (machine_halt is timer.c's: it
 * keeps the tick).
 *
 * boot/arm/start.S already did the CPU work that must come before any
 * C (VFP, exception stacks and vectors, the early MMU map and caches),
 * so platform_init only reads what PSCI needs (poweroff, starting CPUs)
 * from the device tree. The timer and the GIC are set up by timer_init
 * (timer.c, gic.c), the other CPUs found by cpus_init (smp.c). The
 * kernel's own page tables come later (mmu.c, through vm_init).
 */
#include "platform.h"
#include "arm.h"
#include "psci.h"
#include "bootinfo.h"

void platform_init(struct bootinfo *bi)
{
	uart_init();
	(void)bi;
	psci_init();
}
