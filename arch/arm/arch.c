/*
 * arch.c - arch_init and arch_halt for 32-bit ARM.
 *
 * boot/arm/start.S already did the CPU work that must come before any
 * C (VFP, exception stacks and vectors, MMU and caches), so arch_init
 * only fits the early memory map to the RAM the device tree reports
 * and reads what poweroff needs from the device tree, before the
 * kernel may reuse the tree's memory.
 */
#include "arch.h"
#include "arm.h"
#include "bootinfo.h"
#include "mmu.h"

void arch_init(struct bootinfo *bi)
{
	psci_init((const void *)(uintptr_t)bi->dtb);
	mmu_map_ram(bi);
}

void arch_halt(void)
{
	__asm__ volatile("wfi" ::: "memory");
}
