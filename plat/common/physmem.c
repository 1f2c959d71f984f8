/*
 * physmem.c - the page-frame allocator.
 *
 * Free RAM is kept in two forms. At boot it is a list of extents taken
 * from the memory map (minus the first MiB, the kernel image, the DTB
 * and anything past DIRECTMAP_END); frames are carved from the lowest
 * extent, so boot never writes to RAM it has not handed out (RAM above
 * the boot page tables' reach stays untouched until it is mapped).
 * Freed frames go on a stack linked through the frames themselves,
 * which the direct map makes reachable. Both operations are O(1).
 *
 * One lock guards both, so frames can be taken from any CPU.
 */
#include "bootinfo.h"
#include "machine.h"
#include "platform.h"

#define LOW_RESERVED    0x100000UL      /* the first MiB: BIOS, firmware, page 0 */

/*
 * [lo, hi), page-aligned. Every frame here is below DIRECTMAP_END, so
 * a uintptr_t holds its address: no 64-bit arithmetic on 32-bit
 * machines, whose physical addresses are 64-bit (PAE, LPAE) only above.
 */
struct extent {
	uintptr_t lo, hi;
};

static struct spinlock physlock;
static struct extent extents[BOOT_MAXMEM * 3];  /* each RAM range splits at most twice */
static int nextents;
static uintptr_t freestack;     /* physical address of the top freed frame, 0 if none */
static uintptr_t nfree, ntotal;

/*
 * add_extent records [lo, hi) minus each of the nholes holes, in order
 * of lo (frames are carved from the lowest first), and counts its pages
 * in ntotal. A few extents, each put in place as it comes: no sort.
 */
static void add_extent(uintptr_t lo, uintptr_t hi, const struct extent *holes, int nholes)
{
	if (lo >= hi)
		return;
	if (nholes == 0) {
		if (nextents < (int)nelem(extents)) {
			int j = nextents++;
			for (; j > 0 && extents[j - 1].lo > lo; j--)
				extents[j] = extents[j - 1];
			extents[j] = (struct extent){ lo, hi };
			ntotal += (hi - lo) / PageSize;
		}
		return;
	}
	uintptr_t rlo = holes[0].lo, rhi = holes[0].hi;
	if (rhi <= lo || rlo >= hi) {
		add_extent(lo, hi, holes + 1, nholes - 1);
		return;
	}
	if (rlo > lo)
		add_extent(lo, rlo, holes + 1, nholes - 1);
	if (rhi < hi)
		add_extent(rhi, hi, holes + 1, nholes - 1);
}

static uintptr_t pgdown(uintptr_t x)
{
	return x & ~(uintptr_t)(PageSize - 1);
}

static uintptr_t pgup(uintptr_t x)
{
	return pgdown(x + PageSize - 1);
}

void physmem_init(struct bootinfo *bi)
{
	/* What the boot left in RAM that must stay: the image and the DTB. */
	struct extent holes[] = {
		{ pgdown((uintptr_t)kernel_start), pgup((uintptr_t)end) },
		{ pgdown((uintptr_t)bi->dtb), bi->dtb ? pgup((uintptr_t)(bi->dtb + bi->dtbsize)) : 0 },
	};
	for (int i = 0; i < bi->nmem; i++) {
		uint64_t base = bi->mem[i].base, top = base + bi->mem[i].len;
		if (base >= DIRECTMAP_END)
			continue;
		uintptr_t lo = pgup((uintptr_t)base);
		uintptr_t hi = top > DIRECTMAP_END ? DIRECTMAP_END : pgdown((uintptr_t)top);
		if (lo < LOW_RESERVED)
			lo = LOW_RESERVED;
		add_extent(lo, hi, holes, (int)nelem(holes));
	}
	nfree = ntotal;
	if (ntotal == 0)
		fatal("physmem_init: no usable RAM in the boot memory map (%d ranges)", bi->nmem);
}

/*
 * zeropage clears a frame without calling memset: callers (sbrk on a
 * goroutine's stack, under the memory lock) run in the slack below the
 * stack guard, and newlib's memset has the split-stack check on ARM; a
 * growth there would take the memory lock again. This file is built
 * freestanding, so the loop is not turned back into a memset call.
 * 64 bytes a turn: under an emulator each turn costs a fixed part
 * besides its stores, and i386's compiler made 8 bytes a turn of it.
 */
static void zeropage(void *p)
{
	uint64_t *w = p;
	for (size_t i = 0; i < PageSize / sizeof *w; i += 8) {
		w[i] = 0, w[i + 1] = 0, w[i + 2] = 0, w[i + 3] = 0;
		w[i + 4] = 0, w[i + 5] = 0, w[i + 6] = 0, w[i + 7] = 0;
	}
}

uint64_t physpage_alloc(void)
{
	uintptr_t pa = 0;
	spin_lock(&physlock);
	if (freestack) {
		pa = freestack;
		freestack = *(uintptr_t *)phys_to_virt(pa);
	} else {
		for (int i = 0; i < nextents; i++) {
			if (extents[i].lo < extents[i].hi) {
				pa = extents[i].lo;
				extents[i].lo += PageSize;
				break;
			}
		}
	}
	if (pa)
		nfree--;
	spin_unlock(&physlock);
	if (pa)
		zeropage(phys_to_virt(pa));
	return pa;
}

/*
 * physpages_alloc: n frames in a row, from the untouched extents (freed
 * frames are a stack in no order): the lowest extent with n left.
 */
uint64_t physpages_alloc(size_t n)
{
	uintptr_t pa = 0;
	if (n == 0)
		return 0;
	spin_lock(&physlock);
	for (int i = 0; i < nextents; i++) {
		if ((extents[i].hi - extents[i].lo) / PageSize >= n) {
			pa = extents[i].lo;
			extents[i].lo += n * PageSize;
			nfree -= n;
			break;
		}
	}
	spin_unlock(&physlock);
	for (size_t i = 0; pa && i < n; i++)
		zeropage(phys_to_virt(pa + i * PageSize));
	return pa;
}

void physpage_free(uint64_t pa)
{
	if (pa & (PageSize - 1) || pa < LOW_RESERVED || pa >= DIRECTMAP_END)
		fatal("physpage_free: bad frame address 0x%llx", (unsigned long long)pa);
	spin_lock(&physlock);
	*(uintptr_t *)phys_to_virt(pa) = freestack;
	freestack = (uintptr_t)pa;
	nfree++;
	spin_unlock(&physlock);
}

uintptr_t physmem_free_pages(void)
{
	return nfree;
}

uintptr_t physmem_total_pages(void)
{
	return ntotal;
}
