/*
 * mmu.c - the amd64 page tables: the kernel's one 4-level address space.
 *
 * Four levels of 512 eight-byte entries (PML4, PDPT, PD, PT), 4 KiB
 * pages, but for the direct map of RAM, which vm_init maps in 2 MiB
 * pages (a PD entry with PS: mmu_map_large) and which never changes
 * after; every other leaf is a PT entry. No global pages, so reloading
 * CR3 flushes every translation. Table pages come from physpage_alloc and are reached
 * through the direct map; once made they are never freed (an empty
 * table waits for the next mapping in its range). Entries above the
 * leaf are present, writable and executable: x86 combines the levels
 * (writable only if every level says so, no-execute if any level says
 * so), so the leaf alone decides a page's protection.
 *
 * An empty leaf holds its software tag in bits 52-59, which the CPU
 * ignores while P is clear. A mapped leaf records MMU_X in bit 9
 * (ignored by the CPU) so lookups answer the same on a CPU without NX,
 * where such pages can only be mapped executable. The entry format and
 * that encoding are i386 PAE's too (plat/pc/pte.h).
 *
 * Nothing here locks: callers serialize (one CPU for now; SMP will
 * also need TLB shootdowns).
 */
#include "platform.h"
#include "cpu.h"
#include "machine.h"
#include "lapic.h"
#include "pc.h"
#include "pte.h"

#define LEVELS          4               /* PML4 = level 3 ... PT = level 0 */
#define INDEX_BITS      9               /* 512 entries a table */
#define PAGE_SHIFT      12

static uint64_t root_pa;                /* the PML4's physical address; 0 before mmu_init */
static uint64_t nx_bit;                 /* PTE_NX if EFER.NXE is on, else 0 (no NX on this CPU) */
static int tables_active;               /* CR3 holds root_pa: mapping changes need invlpg */
static uintptr_t ntables;               /* table pages made (mmu_table_frames) */

static uint64_t *table_at(uint64_t pa)
{
	return phys_to_virt(pa);
}

/* index_at returns va's entry number in the table of the given level. */
static unsigned index_at(uintptr_t va, int level)
{
	return (va >> (PAGE_SHIFT + INDEX_BITS * level)) & ((1u << INDEX_BITS) - 1);
}

/* is_canonical: 4-level paging translates only addresses whose bits 63..47 are all equal. */
static int is_canonical(uintptr_t va)
{
	return (uintptr_t)((intptr_t)(va << 16) >> 16) == va;
}

/*
 * leaf_entry returns the leaf entry for va: a PT entry, or a 2 MiB
 * page's PD entry (then *large is set, if large is not NULL); NULL if a
 * table on the way is missing.
 */
static uint64_t *leaf_entry(uintptr_t va, int *large)
{
	uint64_t *table = table_at(root_pa);
	for (int level = LEVELS - 1; level > 0; level--) {
		uint64_t e = table[index_at(va, level)];
		if (!(e & PTE_P))
			return NULL;
		if (level == 1 && (e & PTE_PS)) {
			if (large)
				*large = 1;
			return &table[index_at(va, level)];
		}
		table = table_at(e & PTE_ADDR);
	}
	if (large)
		*large = 0;
	return &table[index_at(va, 0)];
}

/* in_large_page: changing a page inside a 2 MiB page (the direct map, never changed) is a bug. */
static _Noreturn void in_large_page(const char *op, uintptr_t va)
{
	fatal("%s: %p lies in a 2 MiB page of the direct map", op, (void *)va);
}

/*
 * leaf_entry_make is leaf_entry creating the missing tables, down to
 * the table at level last (0: a PT entry, 1: a PD entry for a 2 MiB
 * page). NULL when memory runs out; the tables it linked before that
 * stay, empty, as every table does (they wait for the next mapping).
 * A fresh table is zeroed (no entry present) before it is linked, and
 * an entry that was not present is never cached by the TLB or the
 * paging-structure caches, so linking needs no invalidation.
 * Not inlined: one copy for mmu_map_run and mmu_map_large, as an
 * emulator translates each copy.
 */
static __attribute__((noinline)) uint64_t *leaf_entry_make(uintptr_t va, int last)
{
	uint64_t *table = table_at(root_pa);
	for (int level = LEVELS - 1; level > last; level--) {
		uint64_t *e = &table[index_at(va, level)];
		if (!(*e & PTE_P)) {
			uint64_t pa = physpage_alloc();
			if (pa == 0)
				return NULL;
			ntables++;
			*e = pa | PTE_W | PTE_P;
		} else if (level == 1 && (*e & PTE_PS)) {
			in_large_page("mmu_map", va);
		}
		table = table_at(*e & PTE_ADDR);
	}
	return &table[index_at(va, last)];
}

void mmu_init(void)
{
	uint32_t a, b, c, d;

	if (root_pa)
		fatal("mmu_init called twice");
	if (read_cr4() & CR4_LA57)
		fatal("mmu_init: 5-level paging is on; goro builds 4-level tables");
	/* The boot entries turn NX on where the CPU has it; make sure of it. */
	cpuid(CPUID_EXT_MAX, &a, &b, &c, &d);
	if (a >= CPUID_EXT_FEAT) {
		cpuid(CPUID_EXT_FEAT, &a, &b, &c, &d);
		if (d & CPUID_EXT_EDX_NX)
			wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	}
	/* Without NX (old CPUs only), bit 63 is reserved: every page stays executable. */
	nx_bit = (rdmsr(MSR_EFER) & EFER_NXE) ? PTE_NX : 0;
	root_pa = physpage_alloc();
	if (root_pa == 0)
		fatal("mmu_init: no memory for the root page table");
	ntables = 1;
}

uintptr_t mmu_table_frames(void)
{
	return ntables;
}

/*
 * mmu_map_run (plat/platform.h): one walk per page table, then its
 * entries in a row (the boot maps the image and the ends of RAM, a
 * thousand pages, this way); mmu_map is a run of one. A 2 MiB table
 * covers addresses with the same high bits, so its first page's check
 * of va covers the rest.
 */
int mmu_map_run(uintptr_t va, const uint64_t *pa, size_t n, unsigned prot)
{
	uint64_t bits = PTE_P | pte_prot_bits(prot, nx_bit);

	if (root_pa == 0)
		fatal("mmu_map before mmu_init");
	for (size_t i = 0; i < n;) {
		uintptr_t v = va + i * PageSize;
		if (v & (PageSize - 1) || !is_canonical(v))
			fatal("mmu_map: bad page va=%p", (void *)v);
		uint64_t *pte = leaf_entry_make(v, 0);
		if (pte == NULL) {
			while (i-- > 0)
				mmu_unmap(va + i * PageSize, 0);
			return -1;
		}
		for (unsigned k = index_at(v, 0); k < (1u << INDEX_BITS) && i < n; k++, i++, pte++) {
			if (pa[i] & ((PageSize - 1) | ~(uint64_t)PTE_ADDR))
				fatal("mmu_map: bad page va=%p pa=0x%llx", (void *)(va + i * PageSize),
				      (unsigned long long)pa[i]);
			*pte = pa[i] | bits;
			if (tables_active)
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
	if (root_pa == 0 || tables_active)
		fatal("mmu_map_large before mmu_init or after mmu_activate");
	if ((va | pa) & (MMU_LARGE - 1) || !is_canonical(va) || (pa & ~(uint64_t)PTE_ADDR))
		fatal("mmu_map_large: bad 2 MiB page va=%p pa=0x%llx", (void *)va, (unsigned long long)pa);
	uint64_t *pde = leaf_entry_make(va, 1);
	if (pde == NULL)
		return -1;
	if (*pde & PTE_P)
		fatal("mmu_map_large: %p is mapped already", (void *)va);
	*pde = pa | PTE_PS | PTE_P | pte_prot_bits(prot, nx_bit);
	return 0;
}

uint64_t mmu_unmap(uintptr_t va, unsigned tag)
{
	if (root_pa == 0)
		fatal("mmu_unmap before mmu_init");
	if (va & (PageSize - 1) || tag > MMU_TAGMAX)
		fatal("mmu_unmap: bad va=%p or tag=%u", (void *)va, tag);
	int large = 0;
	uint64_t *pte = is_canonical(va) ? leaf_entry(va, &large) : NULL;
	if (pte == NULL)
		return MMU_NOPAGE;              /* no table: nothing mapped, no room for a tag */
	if (large)
		in_large_page("mmu_unmap", va);
	uint64_t old = *pte;
	*pte = pte_empty(tag);
	if (!(old & PTE_P))
		return MMU_NOPAGE;
	if (tables_active)
		invlpg(va);
	return old & PTE_ADDR;
}

/*
 * va may lie anywhere in its page; *pa is the page's frame. Safe to call
 * at any time, even before mmu_init (nothing is mapped then), as fault
 * reports do.
 */
int mmu_lookup(uintptr_t va, uint64_t *pa, unsigned *prot, unsigned *tag)
{
	int large = 0;
	uint64_t *pte = root_pa && is_canonical(va) ? leaf_entry(va, &large) : NULL;
	int r = pte_lookup(pte ? *pte : 0, pa, prot, tag);

	if (r && large && pa)
		*pa += va & (MMU_LARGE - 1) & ~(uintptr_t)(PageSize - 1);
	return r;
}

/*
 * require_in stops with a report, rather than a triple fault after the
 * switch, unless [va, va+len) lies in [lo, hi), a range of the image
 * that vm_init maps (plat/common/vm.c) with the access the CPU needs.
 */
static void require_in(uintptr_t va, uintptr_t len, const char *lo, const char *hi, const char *what)
{
	if (va < (uintptr_t)lo || va + len > (uintptr_t)hi)
		fatal("mmu_activate: %s at %p is outside [%p, %p), where the new tables map it", what,
		      (void *)va, (void *)lo, (void *)hi);
}

void mmu_activate(void)
{
	struct descptr idtr, gdtr;
	uintptr_t sp;

	if (root_pa == 0)
		fatal("mmu_activate before mmu_init");
	__asm__ volatile("sidt %0; sgdt %1" : "=m"(idtr), "=m"(gdtr));
	__asm__ volatile("mov %%rsp, %0" : "=r"(sp));
	require_in((uintptr_t)mmu_activate, 1, text_start, etext, "the running code");
	require_in(sp - 1, 1, data_start, ebss, "the current stack");
	require_in(idtr.base, idtr.limit + 1u, data_start, ebss, "the IDT");
	require_in(gdtr.base, gdtr.limit + 1u, data_start, ebss, "the GDT");   /* written: busy and accessed bits */

	/*
	 * goro never sets a global bit, but firmware may have left global
	 * entries in the TLB: clearing CR4.PGE flushes the whole TLB, global
	 * entries and every PCID's included, and keeps it that way. Loading
	 * CR3 then starts every walk from the new root.
	 */
	write_cr4(read_cr4() & ~(uint64_t)CR4_PGE);
	write_cr3(root_pa);
	write_cr0(read_cr0() | CR0_WP);         /* read-only pages bind ring 0 too */
	tables_active = 1;
}

/* mmu_efer: long mode, and no-execute where the tables use it. */
uint64_t mmu_efer(void)
{
	return EFER_LME | (nx_bit ? EFER_NXE : 0);
}

/*
 * On x86 the console (COM1), the debug console and the exit device are
 * all I/O ports, which paging does not cover. The one device in memory
 * is the local APIC (the timer), mapped uncached where it is.
 */
void platform_map_devices(struct bootinfo *bi)
{
	(void)bi;
	lapic_map();
}
