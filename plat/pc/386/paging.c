/*
 * paging.c - turn on PAE paging (with no-execute where the CPU has it)
 * on the boot map.
 *
 * The kernel's real tables (mmu.c) are built later, by vm_init, from
 * frames the page allocator hands out; until mmu_activate switches to
 * them the CPU runs on the boot map (bootmap.S): 2 MiB pages, one to
 * one, over [0, DIRECTMAP_END), made by the assembler. The CPU is put
 * in PAE mode here, once, so that mmu_activate is a plain CR3 load:
 * switching between classic and PAE paging would need paging off for
 * a moment.
 */
#include <stdint.h>
#include "x86.h"
#include "pc.h"
#include "machine.h"
#include "pae.h"

uint64_t pae_nx;

/* bootmap.S: the root of the boot map; its page directory, 2 MiB pages, covers [0, DIRECTMAP_END). */
extern uint64_t boot_pdpt[PDPT_ENTRIES];

_Static_assert(DIRECTMAP_END == (uintptr_t)PD_ENTRIES * LARGE_PAGE, "the boot map covers the direct map");

/*
 * Sets pae_nx and EFER.NXE if the CPU has the no-execute bit. Without
 * it, pages the kernel maps no-execute stay executable (the tables can
 * not say otherwise) and only the software record in each entry knows.
 */
static void enable_nx(void)
{
	uint32_t a, b, c, d;

	cpuid(CPUID_EXT_MAX, &a, &b, &c, &d);
	if (a < CPUID_EXT_FEAT)
		return;
	cpuid(CPUID_EXT_FEAT, &a, &b, &c, &d);
	if (!(d & CPUID_EXT_EDX_NX))
		return;
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	pae_nx = PTE_NX;
}

/* Checks for PAE and turns paging on, on the boot map. */
void paging_init(void)
{
	uint32_t a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	if (!(d & CPUID1_EDX_PAE))
		fatal("cpu lacks PAE (physical address extension), which goro's page tables need");

	write_cr4(read_cr4() | CR4_PAE);
	enable_nx();
	write_cr3((uintptr_t)boot_pdpt);      /* loads the 4 PDPT entries */
	write_cr0(read_cr0() | CR0_PG | CR0_WP);
}
