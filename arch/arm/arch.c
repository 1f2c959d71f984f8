/*
 * arch.c - arch_init and arch_halt for 32-bit ARM.
 *
 * boot/arm/start.S already did the CPU work that must come before any
 * C (VFP, exception stacks and vectors, the early MMU map and caches),
 * so arch_init only reads what poweroff needs from the device tree.
 * The kernel's own page tables come later (mmu.c, through vm_init).
 */
#include "arch.h"
#include "arm.h"
#include "bootinfo.h"

void arch_init(struct bootinfo *bi)
{
	psci_init((const void *)(uintptr_t)bi->dtb);
}

void arch_halt(void)
{
	__asm__ volatile("wfi" ::: "memory");
}
