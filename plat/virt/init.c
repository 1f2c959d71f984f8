/*
 * init.c - platform_init and machine_halt for 32-bit ARM.
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
	psci_init((const void *)(uintptr_t)bi->dtb);
}

/*
 * machine_halt: wfi with IRQs still masked - it wakes on a pending
 * interrupt all the same, so one that arrived after the caller decided
 * to wait is not lost - then unmask just long enough for the IRQ to be
 * taken (the isb makes the unmasking take effect before the mask
 * returns) and return with IRQs masked, as everywhere else.
 */
void machine_halt(void)
{
	__asm__ volatile(
		"wfi\n\t"
		"cpsie i\n\t"
		"isb\n\t"
		"cpsid i"
		::: "memory");
}
