/*
 * mmu.c - the kernel's page tables on i386: PAE, 4 KiB pages, no-execute.
 *
 * The root is a 4-entry PDPT in the kernel image. mmu_init allocates
 * all four page directories up front, so the PDPT never changes: the
 * CPU reads PDPT entries only when CR3 is loaded, and a later change
 * would need a CR3 reload (a full TLB flush) to take effect. Page
 * tables are allocated on demand by mmu_map and never freed; no large
 * pages and no global pages, so a CR3 load flushes everything and
 * invlpg is exact for one page.
 *
 * Protection lives in the page-table entries only (directory entries
 * allow everything). Without the CPU's NX bit (see paging.c), pages
 * mapped without MMU_X are still executable; PTE_SW_EXEC records what
 * was asked for either way, so mmu_lookup reports the same on every CPU.
 *
 * An empty entry (P clear: the CPU ignores every other bit) holds the
 * caller's tag in bits 52-59, clear of any frame address. The entry
 * bits and the MMU_* encoding are amd64's too (plat/pc/pte.h).
 */
#include <stdint.h>
#include "platform.h"
#include "x86.h"
#include "pc.h"
#include "machine.h"
#include "lapic.h"
#include "pae.h"

/* The kernel's root table; CR3 holds its (identity) address once active. */
static uint64_t kernel_pdpt[PDPT_ENTRIES] __attribute__((aligned(32)));

/* Set by mmu_activate: from then on, entry changes need invlpg. */
static int mmu_active;

static uintptr_t ntables;       /* page directories and tables made (mmu_table_frames) */

void mmu_init(void)
{
	for (int i = 0; i < PDPT_ENTRIES; i++) {
		uint64_t pd = physpage_alloc();
		if (pd == 0)
			fatal("mmu_init: out of memory for page directories");
		kernel_pdpt[i] = pd | PTE_P;
	}
	ntables = PDPT_ENTRIES;
}

uintptr_t mmu_table_frames(void)
{
	return ntables;
}

/*
 * Stores a 64-bit entry with 32-bit writes so that the CPU's table
 * walker, which may read it at any moment, never sees a present entry
 * made of old and new halves: clear the low half (P) first, then write
 * the high half, then the new low half. x86 keeps the store order.
 */
static void pte_store(volatile uint64_t *e, uint64_t v)
{
	volatile uint32_t *half = (volatile uint32_t *)e;

	half[0] = 0;
	half[1] = (uint32_t)(v >> 32);
	half[0] = (uint32_t)v;
}

/* pde_for returns the directory entry for va, or NULL before mmu_init. */
static volatile uint64_t *pde_for(uintptr_t va)
{
	uint64_t pdpte = kernel_pdpt[PDPT_INDEX(va)];

	if (!(pdpte & PTE_P))
		return NULL;
	return (uint64_t *)phys_to_virt(pdpte & PTE_ADDR) + PD_INDEX(va);
}

/*
 * Returns the page-table entry for va, or NULL if no page table covers
 * it and alloc is 0 (or allocating one failed). A 2 MiB page there is a
 * fatal error, naming op: its pages never change.
 */
static volatile uint64_t *pte_for(uintptr_t va, int alloc, const char *op)
{
	volatile uint64_t *pde = pde_for(va);

	if (pde == NULL)
		return NULL;            /* before mmu_init */
	if (*pde & PTE_PS)
		fatal("%s: %p lies in a 2 MiB page of the direct map", op, (void *)va);
	if (!(*pde & PTE_P)) {
		uint64_t pt;
		if (!alloc || (pt = physpage_alloc()) == 0)
			return NULL;
		/* The directory entry allows everything; the PTE decides. */
		pte_store(pde, pt | PTE_W | PTE_P);
		ntables++;
	}
	return (uint64_t *)phys_to_virt(*pde & PTE_ADDR) + PT_INDEX(va);
}

/*
 * mmu_map_run (plat/platform.h): one directory lookup per page table,
 * then its entries in a row (the boot maps the image and the ends of
 * RAM this way); mmu_map is a run of one.
 */
int mmu_map_run(uintptr_t va, const uint64_t *pa, size_t n, unsigned prot)
{
	uint64_t bits = pte_prot_bits(prot, pae_nx) | PTE_P;

	for (size_t i = 0; i < n;) {
		uintptr_t v = va + i * PageSize;
		volatile uint64_t *pte = pte_for(v, 1, "mmu_map");
		if (pte == NULL) {
			while (i-- > 0)
				mmu_unmap(va + i * PageSize, 0);
			return -1;
		}
		for (unsigned k = PT_INDEX(v); k < PT_ENTRIES && i < n; k++, i++, pte++) {
			pte_store(pte, (pa[i] & PTE_ADDR) | bits);
			if (mmu_active)
				invlpg(va + i * PageSize);
		}
	}
	return 0;
}

int mmu_map(uintptr_t va, uint64_t pa, unsigned prot)
{
	return mmu_map_run(va, &pa, 1, prot);
}

int mmu_map_large(uintptr_t va, uint64_t pa, unsigned prot)
{
	volatile uint64_t *pde = pde_for(va);

	if (pde == NULL || mmu_active)
		fatal("mmu_map_large before mmu_init or after mmu_activate");
	if ((va | pa) & (MMU_LARGE - 1) || (pa & ~(uint64_t)PTE_ADDR))
		fatal("mmu_map_large: bad 2 MiB page va=%p pa=0x%llx", (void *)va, (unsigned long long)pa);
	if (*pde & PTE_P)
		fatal("mmu_map_large: %p is mapped already", (void *)va);
	pte_store(pde, pa | PTE_PS | pte_prot_bits(prot, pae_nx) | PTE_P);
	return 0;
}

uint64_t mmu_unmap(uintptr_t va, unsigned tag)
{
	volatile uint64_t *pte = pte_for(va, 0, "mmu_unmap");
	uint64_t old;

	if (pte == NULL)
		return MMU_NOPAGE;      /* no table: nowhere to keep the tag */
	old = *pte;
	pte_store(pte, pte_empty(tag));
	if (!(old & PTE_P))
		return MMU_NOPAGE;
	if (mmu_active)
		invlpg(va);
	return old & PTE_ADDR;
}

int mmu_lookup(uintptr_t va, uint64_t *pa, unsigned *prot, unsigned *tag)
{
	volatile uint64_t *pde = pde_for(va);

	if (pde && (*pde & (PTE_P | PTE_PS)) == (PTE_P | PTE_PS)) {
		int r = pte_lookup(*pde, pa, prot, tag);
		if (r && pa)
			*pa += va & (MMU_LARGE - 1) & ~(uintptr_t)(PageSize - 1);
		return r;
	}
	volatile uint64_t *pte = pte_for(va, 0, "mmu_lookup");
	return pte_lookup(pte ? *pte : 0, pa, prot, tag);
}

/*
 * Loading CR3 reads the PDPT entries and flushes the whole TLB. The
 * double-fault task switch loads CR3 from its TSS, so that copy is
 * refreshed too, or a #DF would run on the boot tables.
 */
void mmu_activate(void)
{
	write_cr3((uintptr_t)kernel_pdpt);
	mmu_active = 1;
	doublefault_init();
}

/* mmu_efer: no-execute where the tables use it; without NX there may be no EFER at all. */
uint64_t mmu_efer(void)
{
	return pae_nx ? EFER_NXE : 0;
}

/*
 * The 16550 UART and the debug devices are I/O ports; the one device in
 * memory is the local APIC (the timer), mapped uncached where it is.
 */
void platform_map_devices(struct bootinfo *bi)
{
	(void)bi;
	lapic_map();
}
