/*
 * memmap.c - the last firmware call: final memory map and ExitBootServices.
 *
 * The map handed to the kernel must be the one ExitBootServices
 * accepted, so the map is read, boot services are left with its key,
 * and only then is it translated into bootinfo (no firmware call in
 * between): efimap.c says which RAM counts as usable and how the map's
 * ranges are kept.
 */
#include "loader.h"
#include "efimap.h"

EFI_STATUS exit_boot_services(EFI_HANDLE self, struct bootinfo *bi)
{
	EFI_MEMORY_DESCRIPTOR *map = NULL;
	UINTN cap = 0, size, key, dsize;
	UINT32 dversion;
	EFI_STATUS st;
	int tries;

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

	if (efimap_ranges(bi, map, size, dsize) < 0)
		return EFI_INCOMPATIBLE_VERSION;       /* a descriptor stride too small to read */
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
