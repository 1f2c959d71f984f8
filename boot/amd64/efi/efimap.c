/*
 * efimap.c - the UEFI memory map into bootinfo's RAM ranges: the parser
 * alone, without the firmware's headers, so that it runs hosted as well
 * (the fuzz target tests/fuzz/efimap.c compiles this file).
 *
 * RAM the firmware will not use again once boot services are gone
 * counts as usable: conventional memory, boot services code and data,
 * and loader code and data (this loader, the kernel image, the bootinfo
 * itself - the kernel reserves its image and copies the bootinfo before
 * reusing any of it). The UEFI map is finely chopped and not promised
 * to be sorted, so ranges are kept sorted and touching ones merged,
 * which makes BOOT_MAXMEM entries plenty.
 *
 * The map is the firmware's word, so it is read with care: descriptors
 * only whole inside the map, at the firmware's stride (DescriptorSize,
 * which may exceed the spec's struct, and which a stride of less than
 * one descriptor makes unusable), fields byte by byte at the spec's
 * offsets, and a range that would run past 2^64 cut at the last page
 * below it, so no end computed here wraps.
 */
#include "efimap.h"

/* EFI_MEMORY_DESCRIPTOR: UINT32 Type, padding, then UINT64s. */
enum { D_TYPE = 0, D_PHYS = 8, D_PAGES = 24 };
#define EFI_PAGE_SHIFT 12

/* EFI_MEMORY_TYPE values that are RAM once boot services are gone. */
enum {
	EfiLoaderCode = 1, EfiLoaderData = 2, EfiBootServicesCode = 3,
	EfiBootServicesData = 4, EfiConventionalMemory = 7,
};

static int usable(uint32_t type)
{
	switch (type) {
	case EfiConventionalMemory:
	case EfiBootServicesCode:
	case EfiBootServicesData:
	case EfiLoaderCode:
	case EfiLoaderData:
		return 1;
	}
	return 0;
}

static void remove_at(struct bootinfo *bi, int i)
{
	for (; i + 1 < bi->nmem; i++)
		bi->mem[i] = bi->mem[i + 1];
	bi->nmem--;
}

/*
 * Adds [base, base+len) (len > 0, base+len no more than 2^64-1) to
 * bi->mem, keeping it sorted and merging ranges that touch or overlap.
 * When all slots hold separate ranges, the smallest range (possibly the
 * new one) is dropped.
 */
static void add_range(struct bootinfo *bi, uint64_t base, uint64_t len)
{
	uint64_t end = base + len;
	int i, j, small;

	for (i = 0; i < bi->nmem && bi->mem[i].base + bi->mem[i].len < base; i++)
		;
	/* mem[i] is the first range that ends at or after base. */
	if (i < bi->nmem && bi->mem[i].base <= end) {
		struct memrange *m = &bi->mem[i];
		uint64_t mend = m->base + m->len;
		if (base < m->base)
			m->base = base;
		if (end > mend)
			mend = end;
		/* The grown range may now reach the ranges after it. */
		while (i + 1 < bi->nmem && bi->mem[i + 1].base <= mend) {
			uint64_t nend = bi->mem[i + 1].base + bi->mem[i + 1].len;
			if (nend > mend)
				mend = nend;
			remove_at(bi, i + 1);
		}
		m->len = mend - m->base;
		return;
	}
	if (bi->nmem == BOOT_MAXMEM) {
		small = 0;
		for (j = 1; j < bi->nmem; j++)
			if (bi->mem[j].len < bi->mem[small].len)
				small = j;
		if (bi->mem[small].len >= len)
			return;
		remove_at(bi, small);
		if (small < i)
			i--;
	}
	for (j = bi->nmem; j > i; j--)
		bi->mem[j] = bi->mem[j - 1];
	bi->mem[i].base = base;
	bi->mem[i].len = len;
	bi->nmem++;
}

int efimap_ranges(struct bootinfo *bi, const void *map, uint64_t size, uint64_t dsize)
{
	bi->nmem = 0;
	if (dsize < EFIMAP_DESC_MIN)
		return -1;
	for (uint64_t off = 0; off <= size && dsize <= size - off; off += dsize) {
		const uint8_t *d = (const uint8_t *)map + off;
		uint32_t type = (uint32_t)boot_le64(d + D_TYPE);
		uint64_t base = boot_le64(d + D_PHYS), pages = boot_le64(d + D_PAGES);
		uint64_t most = (UINT64_MAX - base) >> EFI_PAGE_SHIFT;  /* pages below 2^64 from base */
		if (pages > most)
			pages = most;
		if (usable(type) && pages > 0)
			add_range(bi, base, pages << EFI_PAGE_SHIFT);
	}
	return bi->nmem;
}
