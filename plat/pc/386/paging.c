/*
 * paging.c - turn on PAE paging (with no-execute where the CPU has it)
 * behind a boot identity map of low RAM.
 *
 * The kernel's real tables (mmu.c) are built later, by vm_init, from
 * frames the page allocator hands out; until mmu_activate switches to
 * them the CPU runs on this boot map: 2 MiB pages, one to one, over the
 * low 1 MiB, the kernel image and every usable RAM range below
 * DIRECTMAP_END (all the kernel touches before then), read-write-execute.
 * Everything else, e.g. 0xdead0000, is unmapped from the start, so a
 * wild pointer faults even this early. The CPU is put in PAE mode here,
 * once, so that mmu_activate is a plain CR3 load: switching between
 * classic and PAE paging would need paging off for a moment.
 */
#include <stdint.h>
#include "bootinfo.h"
#include "x86.h"
#include "pc.h"
#include "machine.h"
#include "pae.h"

uint64_t pae_nx;

/* The boot tables: one page directory covers [0, 1 GiB). */
static uint64_t boot_pdpt[PDPT_ENTRIES] __attribute__((aligned(32)));
static uint64_t boot_pd[PD_ENTRIES] __attribute__((aligned(4096)));

_Static_assert(DIRECTMAP_END <= (1ul << PDPT_SHIFT), "boot map covers one page directory");

/*
 * Maps [base, base+len), clipped to DIRECTMAP_END, with whole 2 MiB
 * pages: below DIRECTMAP_END in 32-bit arithmetic, one copy for the
 * three calls (each is translated under an emulator).
 */
static __attribute__((noinline)) void boot_map(uint64_t base, uint64_t len)
{
	if (base >= DIRECTMAP_END)
		return;
	uintptr_t hi = base + len > DIRECTMAP_END ? DIRECTMAP_END : (uintptr_t)(base + len);

	for (uintptr_t a = (uintptr_t)base & ~(uintptr_t)(LARGE_PAGE - 1); a < hi; a += LARGE_PAGE)
		boot_pd[PD_INDEX(a)] = a | PTE_PS | PTE_W | PTE_P;
}

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

/* Checks for PAE, builds the boot map for bi's RAM and turns paging on. */
void paging_init(const struct bootinfo *bi)
{
	uint32_t a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	if (!(d & CPUID1_EDX_PAE))
		fatal("cpu lacks PAE (physical address extension), which goro's page tables need");

	boot_map(0, 0x100000);
	boot_map((uintptr_t)kernel_start, (uintptr_t)(end - kernel_start));
	for (int i = 0; i < bi->nmem; i++)
		boot_map(bi->mem[i].base, bi->mem[i].len);
	boot_pdpt[0] = (uintptr_t)boot_pd | PTE_P;

	write_cr4(read_cr4() | CR4_PAE);
	enable_nx();
	write_cr3((uintptr_t)boot_pdpt);      /* loads the 4 PDPT entries */
	write_cr0(read_cr0() | CR0_PG | CR0_WP);
}
