/*
 * memmap.c - the last firmware call: final memory map and ExitBootServices.
 *
 * The map handed to the kernel must be the one ExitBootServices
 * accepted, so the map is read, boot services are left with its key,
 * and only then is it translated into bootinfo (no firmware call in
 * between). RAM the firmware will not use again once boot services
 * are gone counts as usable: conventional memory, boot services code
 * and data, and loader code and data (this loader, the kernel image,
 * the bootinfo itself - the kernel reserves its image and copies the
 * bootinfo before reusing any of it). The UEFI map is finely chopped
 * and not promised to be sorted, so ranges are kept sorted and
 * touching ones merged, which makes BOOT_MAXMEM entries plenty.
 */
#include "loader.h"

static int usable(UINT32 type)
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
 * Adds [base, base+len) to bi->mem, keeping it sorted and merging
 * ranges that touch or overlap. When all slots hold separate ranges,
 * the smallest range (possibly the new one) is dropped.
 */
static void add_range(struct bootinfo *bi, UINT64 base, UINT64 len)
{
	UINT64 end = base + len;
	int i, j, small;

	for (i = 0; i < bi->nmem && bi->mem[i].base + bi->mem[i].len < base; i++)
		;
	/* mem[i] is the first range that ends at or after base. */
	if (i < bi->nmem && bi->mem[i].base <= end) {
		struct memrange *m = &bi->mem[i];
		UINT64 mend = m->base + m->len;
		if (base < m->base)
			m->base = base;
		if (end > mend)
			mend = end;
		/* The grown range may now reach the ranges after it. */
		while (i + 1 < bi->nmem && bi->mem[i + 1].base <= mend) {
			UINT64 nend = bi->mem[i + 1].base + bi->mem[i + 1].len;
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

EFI_STATUS exit_boot_services(EFI_HANDLE self, struct bootinfo *bi)
{
	EFI_MEMORY_DESCRIPTOR *map = NULL;
	UINTN cap = 0, size, key, dsize;
	UINT32 dversion;
	EFI_STATUS st;
	int tries;
	UINTN off;

	/*
	 * The map changes whenever memory is allocated (including the
	 * buffer for it), and ExitBootServices refuses a stale key; retry
	 * with a fresh map. After a failed ExitBootServices only memory
	 * services may be used, so nothing is printed on that path.
	 */
	for (tries = 0; tries < 8; tries++) {
		size = cap;
		st = uefi_call_wrapper(BS->GetMemoryMap, 5, &size, map, &key, &dsize, &dversion);
		if (st == EFI_BUFFER_TOO_SMALL) {
			if (map)
				uefi_call_wrapper(BS->FreePool, 1, map);
			cap = size + 16 * dsize;
			st = uefi_call_wrapper(BS->AllocatePool, 3, EfiLoaderData, cap, (void **)&map);
			if (EFI_ERROR(st))
				return st;
			continue;
		}
		if (EFI_ERROR(st))
			return st;
		st = uefi_call_wrapper(BS->ExitBootServices, 2, self, key);
		if (st == EFI_SUCCESS)
			break;
	}
	if (EFI_ERROR(st))
		return st;

	bi->nmem = 0;
	for (off = 0; off + dsize <= size; off += dsize) {
		EFI_MEMORY_DESCRIPTOR *d = (EFI_MEMORY_DESCRIPTOR *)((UINT8 *)map + off);
		if (usable(d->Type) && d->NumberOfPages > 0)
			add_range(bi, d->PhysicalStart, d->NumberOfPages * EFI_PAGE_SIZE);
	}
	return EFI_SUCCESS;
}

static const CHAR16 *type_name(UINT32 type)
{
	static const CHAR16 *names[] = {
		L"reserved", L"loader code", L"loader data", L"boot services code",
		L"boot services data", L"runtime services code", L"runtime services data",
		L"conventional", L"unusable", L"ACPI reclaim", L"ACPI NVS",
		L"memory-mapped I/O", L"memory-mapped I/O port space", L"PAL code",
		L"persistent",
	};
	return type < sizeof(names) / sizeof(names[0]) ? names[type] : L"other";
}

void print_ranges_at(UINT64 lo, UINT64 hi)
{
	EFI_MEMORY_DESCRIPTOR *map, *d;
	UINTN n, key, dsize, i;
	UINT32 dversion;
	int found = 0;

	map = LibMemoryMap(&n, &key, &dsize, &dversion);
	if (map == NULL) {
		Print(TAG L"  (cannot read the memory map)\n");
		return;
	}
	for (i = 0; i < n; i++) {
		UINT64 s, e;
		d = (EFI_MEMORY_DESCRIPTOR *)((UINT8 *)map + i * dsize);
		s = d->PhysicalStart;
		e = s + d->NumberOfPages * EFI_PAGE_SIZE;
		if (s < hi && e > lo) {
			Print(TAG L"  0x%lx-0x%lx %s\n", s, e, type_name(d->Type));
			found = 1;
		}
	}
	if (!found)
		Print(TAG L"  (no RAM there at all)\n");
	FreePool(map);
}
