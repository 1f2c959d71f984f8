/*
 * mmu.c - the kernel's page tables on 32-bit ARM (plat/platform.h).
 *
 * Format: ARMv7 long descriptors (LPAE), chosen over the short format
 * because every table is then one 4 KiB page from physpage_alloc (the
 * short format's 1 KiB second-level tables would need a sub-allocator),
 * and because it has a real read-only AP encoding and XN at every level
 * without domains. TTBR0 covers all 4 GiB (T0SZ = 0): a 4-entry first
 * level, whose page is mostly unused, then 512-entry second and third
 * levels. Descriptors are 64 bits, written with one strd, which LPAE
 * makes single-copy atomic, so the walker never sees half an entry.
 * The early map of boot/arm/start.S uses the same format, so switching
 * to these tables is a TTBR0 write, never a TTBCR.EAE change.
 *
 * Memory types come from MAIR0 (mmu.h): RAM is Normal write-back,
 * Inner Shareable; devices are Strongly-ordered and execute-never.
 * Permissions: AP[2] clear is read/write, set is read-only, PL1 only;
 * XN and PXN both set for no-execute.
 *
 * Maintenance (ARMv7-A ARM, "TLB maintenance" and "Ordering of
 * translation table changes"): walks are cacheable, so a table write
 * only needs a DSB before the walker may see it - plus a clean to the
 * Point of Unification on a CPU whose ID_MMFR3 says walks do not snoop
 * the data cache. Invalid entries are never held in a TLB, so filling
 * an empty entry needs no TLB invalidation; emptying or changing a
 * valid one does (TLBIMVAAIS, BPIALLIS, DSB, ISB), and a valid entry is
 * changed break-before-make: emptied and invalidated, then rewritten.
 *
 * Tables are never freed: an address range, once covered, keeps its
 * third-level table (the heap and stack regions are reused). The direct
 * map of RAM is made of 2 MiB second-level blocks (mmu_map_large), which
 * never change after vm_init.
 */
#include "platform.h"
#include "bootinfo.h"
#include "cpu.h"
#include "board.h"
#include "fdt.h"
#include "gic.h"
#include "machine.h"
#include "mmu.h"
#include "intr.h"

static uint64_t root_pa;                /* the first level: 4 entries in a page of its own */
static uintptr_t ntables;               /* table pages made, the root included (mmu_table_frames) */
static int clean_table_writes;          /* walks do not see the data cache: clean each write */

static uint64_t *table_at(uint64_t pa)
{
	return (uint64_t *)phys_to_virt(pa & PTE_ADDR_MASK);
}

/* Writes one descriptor in a single 64-bit access, visible to the walker on return. */
static void write_entry(uint64_t *entry, uint64_t desc)
{
	uint32_t lo = (uint32_t)desc, hi = (uint32_t)(desc >> 32);

	/* strd needs an even/odd register pair: pin lo/hi to r2/r3. */
	register uint32_t r2 __asm__("r2") = lo;
	register uint32_t r3 __asm__("r3") = hi;
	__asm__ volatile("strd %1, %2, [%0]" :: "r"(entry), "r"(r2), "r"(r3) : "memory");
	if (clean_table_writes)
		dcache_clean_pou((uintptr_t)entry);
	dsb_ish();
}

/* Drops every TLB and predictor entry for the page at va (after its entry changed). */
static void flush_va(uintptr_t va)
{
	tlb_invalidate_va(va);
	bp_invalidate_all();
	dsb_ish();
	isb();
}

static unsigned index_of(uintptr_t va, int shift)
{
	return (unsigned)(va >> shift) & (TABLE_ENTRIES - 1);
}

/* The second-level entry for va in the kernel's tables, or NULL if no table covers va. */
static uint64_t *find_l2(uintptr_t va)
{
	uint64_t l1 = table_at(root_pa)[va >> L1_SHIFT];
	if ((l1 & (PTE_VALID | PTE_TABLE)) != (PTE_VALID | PTE_TABLE))
		return NULL;
	return &table_at(l1)[index_of(va, L2_SHIFT)];
}

/* is_block: a valid second-level entry that maps 2 MiB itself (the direct map). */
static int is_block(uint64_t l2)
{
	return (l2 & (PTE_VALID | PTE_TABLE)) == PTE_VALID;
}

/*
 * The third-level entry for va in the kernel's tables, or NULL if no
 * table covers va. A block there is a fatal error, naming op: its pages
 * never change.
 */
static uint64_t *find_pte(uintptr_t va, const char *op)
{
	uint64_t *l2 = find_l2(va);
	if (l2 && is_block(*l2))
		fatal("%s: %p lies in a 2 MiB block of the direct map", op, (void *)va);
	if (l2 == NULL || (*l2 & (PTE_VALID | PTE_TABLE)) != (PTE_VALID | PTE_TABLE))
		return NULL;
	return &table_at(*l2)[index_of(va, L3_SHIFT)];
}

void mmu_init(void)
{
	root_pa = physpage_alloc();
	if (root_pa == 0)
		fatal("mmu_init: no memory for the first-level table");
	ntables = 1;
	clean_table_writes = ID_MMFR3_COHWALK(read_id_mmfr3()) == 0;
}

uintptr_t mmu_table_frames(void)
{
	return ntables;
}

/* The descriptor of a page mapping pa with prot (MMU_*). */
static uint64_t page_desc(uint64_t pa, unsigned prot)
{
	uint64_t desc = (pa & PTE_ADDR_MASK) | PTE_PAGE | PTE_AF;
	uint64_t noexec = (uint64_t)(PTE_HI_XN | PTE_HI_PXN) << 32;

	if (prot & MMU_DEV)
		desc |= PTE_ATTR(ATTR_DEVICE) | noexec;
	else {
		desc |= PTE_ATTR(ATTR_NORMAL) | PTE_SH_INNER;
		if (!(prot & MMU_X))
			desc |= noexec;
	}
	if (!(prot & MMU_W))
		desc |= PTE_AP_RO;
	return desc;
}

/*
 * table_below returns the table the table entry points to, first
 * making one (zeroed, then linked) if the entry is empty; NULL when
 * there is no page for it. A table, once linked, stays (it waits,
 * empty, for the next mapping in its range), so a failure further down
 * leaves nothing mapped that was not.
 * Not inlined: one copy for mmu_map_run and mmu_map_large, as an
 * emulator translates each copy.
 */
static __attribute__((noinline)) uint64_t *table_below(uint64_t *entry)
{
	if (!(*entry & PTE_VALID)) {
		uint64_t pa = physpage_alloc();
		if (pa == 0)
			return NULL;
		write_entry(entry, pa | PTE_TABLE | PTE_VALID);
		ntables++;
	}
	return table_at(*entry);
}

/* pte_make returns the third-level entry for va, making the tables on the way; NULL without a page for one. */
static uint64_t *pte_make(uintptr_t va)
{
	uint64_t *l2 = table_below(&table_at(root_pa)[va >> L1_SHIFT]);
	if (l2 == NULL)
		return NULL;
	l2 += index_of(va, L2_SHIFT);
	if (is_block(*l2))
		fatal("mmu_map: %p lies in a 2 MiB block of the direct map", (void *)va);
	uint64_t *l3 = table_below(l2);
	return l3 ? l3 + index_of(va, L3_SHIFT) : NULL;
}

/* set_pte points the entry pte (va's) at desc; the caller ends with an isb. */
static void set_pte(uint64_t *pte, uintptr_t va, uint64_t desc)
{
	uint64_t old = *pte;

	if (old == desc)
		return;
	if (old & PTE_VALID) {
		/* Break before make: no moment where two translations could both be cached. */
		write_entry(pte, 0);
		flush_va(va);
	}
	write_entry(pte, desc);
}

/*
 * mmu_map_run (plat/platform.h): one walk per third-level table, then
 * its entries in a row, and one isb for the run (the boot maps the
 * image and the ends of RAM, hundreds of pages, this way); mmu_map is
 * a run of one.
 */
int mmu_map_run(uintptr_t va, const uint64_t *pa, size_t n, unsigned prot)
{
	for (size_t i = 0; i < n;) {
		uintptr_t v = va + i * PageSize;
		uint64_t *pte = pte_make(v);
		if (pte == NULL) {
			while (i-- > 0)
				mmu_unmap(va + i * PageSize, 0);
			isb();
			return -1;
		}
		for (unsigned k = index_of(v, L3_SHIFT); k < TABLE_ENTRIES && i < n; k++, i++, pte++)
			set_pte(pte, va + i * PageSize, page_desc(pa[i], prot));
	}
	isb();
	return 0;
}

int mmu_map(uintptr_t va, uint64_t pa, unsigned prot)
{
	return mmu_map_run(va, &pa, 1, prot);
}

/*
 * A block's descriptor is a page's with bit 1 clear (the same attribute
 * bits); filling an empty entry needs no TLB maintenance.
 */
int mmu_map_large(uintptr_t va, uint64_t pa, unsigned prot)
{
	if ((va | pa) & (MMU_LARGE - 1))
		fatal("mmu_map_large: bad 2 MiB block va=%p pa=0x%llx", (void *)va, (unsigned long long)pa);
	uint64_t *l2 = table_below(&table_at(root_pa)[va >> L1_SHIFT]);
	if (l2 == NULL)
		return -1;
	l2 += index_of(va, L2_SHIFT);
	if (*l2 & PTE_VALID)
		fatal("mmu_map_large: %p is mapped already", (void *)va);
	write_entry(l2, page_desc(pa, prot) & ~(uint64_t)PTE_TABLE);
	return 0;
}

uint64_t mmu_unmap(uintptr_t va, unsigned tag)
{
	uint64_t *pte = find_pte(va, "mmu_unmap");

	if (pte == NULL)
		return MMU_NOPAGE;
	uint64_t old = *pte;
	write_entry(pte, (uint64_t)(tag & PTE_TAG_MASK) << PTE_TAG_SHIFT);
	if (!(old & PTE_VALID))
		return MMU_NOPAGE;
	flush_va(va);
	return old & PTE_ADDR_MASK;
}

int mmu_lookup(uintptr_t va, uint64_t *pa, unsigned *prot, unsigned *tag)
{
	uint64_t *l2 = root_pa ? find_l2(va) : NULL;
	uint64_t *pte = l2 && is_block(*l2) ? l2 : root_pa ? find_pte(va, "mmu_lookup") : NULL;
	uint64_t e = pte ? *pte : 0;
	uint64_t off = pte == l2 ? va & (MMU_LARGE - 1) & ~(uintptr_t)(PageSize - 1) : 0;

	if (!(e & PTE_VALID)) {
		if (tag)
			*tag = (unsigned)(e >> PTE_TAG_SHIFT) & PTE_TAG_MASK;
		return 0;
	}
	if (pa)
		*pa = (e & PTE_ADDR_MASK) + off;
	if (prot) {
		unsigned p = MMU_R;
		if (!(e & PTE_AP_RO))
			p |= MMU_W;
		if (!(e & ((uint64_t)PTE_HI_XN << 32)))
			p |= MMU_X;
		if ((e & PTE_ATTR_MASK) == PTE_ATTR(ATTR_DEVICE))
			p |= MMU_DEV;
		*prot = p;
	}
	return 1;
}

/*
 * mmu_activate: the kernel's tables replace the boot ones. Both map the
 * running code and stack at the same addresses, so TTBR0 can change
 * with the MMU on; TLBIALLIS then drops every entry of the old tables.
 * Refuses (fatal, while the console still works) if this very code,
 * the vectors or the stack lie outside the text and data vm_init maps
 * (plat/common/vm.c): comparisons, where looking each up in the new
 * tables cost the boot about 130 instructions to translate.
 */
void mmu_activate(void)
{
	extern char arm_vectors[];
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0);

	if ((uintptr_t)mmu_activate - (uintptr_t)text_start >= (uintptr_t)(etext - text_start) ||
	    (uintptr_t)arm_vectors - (uintptr_t)text_start >= (uintptr_t)(etext - text_start) ||
	    sp - 1 - (uintptr_t)data_start >= (uintptr_t)(ebss - data_start))
		fatal("mmu_activate: the kernel's code, vectors and stack (pc=%p vectors=%p sp=%p) are "
		      "not all in the text [%p, %p) and data [%p, %p) the new tables map",
		      (void *)(uintptr_t)mmu_activate, (void *)arm_vectors, (void *)sp,
		      (void *)text_start, (void *)etext, (void *)data_start, (void *)ebss);

	dsb_ish();                      /* every table write done */
	write_ttbr0_64(root_pa);        /* ASID 0 */
	isb();
	tlb_invalidate_all();
	bp_invalidate_all();
	dsb_ish();
	isb();
}

/*
 * map_device maps the pages of [base, base+size) identity as device
 * memory; a range not below 4 GiB is left alone. One copy for the three
 * calls: under an emulator each is translated.
 */
static __attribute__((noinline)) void map_device(uint64_t base, uint64_t size)
{
	if (size == 0 || base + size > 0x100000000ull - PageSize || base + size < base)
		return;
	uintptr_t lo = (uintptr_t)base & ~(uintptr_t)(PageSize - 1);
	uintptr_t hi = ((uintptr_t)(base + size) + PageSize - 1) & ~(uintptr_t)(PageSize - 1);
	vm_map_identity(lo, hi, MMU_R | MMU_W | MMU_DEV);
}

/* QEMU virt's address, for when there is no device tree to read. */
#define VIRT_PL011_BASE         0x09000000u
#define VIRT_PL011_SIZE         0x1000u

/*
 * platform_map_devices: the console UART and the GIC's distributor and CPU
 * interface (gic.c finds them), from the device tree, QEMU virt's
 * addresses where it says nothing.
 */
void platform_map_devices(struct bootinfo *bi)
{
	struct fdt_range uart = { VIRT_PL011_BASE, VIRT_PL011_SIZE };
	struct fdt_range gic[2];

	(void)bi;
	if (board.uart >= 0)
		uart = board.uartreg;
	gic_locate(gic);
	map_device(uart.base, uart.size);
	map_device(gic[0].base, gic[0].size);
	map_device(gic[1].base, gic[1].size);
}
