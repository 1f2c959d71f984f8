/*
 * acpi.c - where ACPI's tables start, from the firmware's configuration table.
 *
 * On UEFI the RSDP is not in the legacy BIOS area the kernel could
 * search (there may be no such area at all): the firmware lists it in
 * the system table's configuration table, under the ACPI 2.0 GUID (an
 * RSDP with the XSDT) or, on old firmware, the ACPI 1.0 one. The
 * kernel reads the tables themselves (plat/pc/acpi.c); the loader
 * only hands over the address, in bi->rsdp.
 */
#include "loader.h"

/* find_table returns the configuration table entry filed under guid, or NULL. */
static void *find_table(EFI_SYSTEM_TABLE *systab, EFI_GUID guid)
{
	for (UINTN i = 0; i < systab->NumberOfTableEntries; i++)
		if (CompareGuid(&systab->ConfigurationTable[i].VendorGuid, &guid) == 0)
			return systab->ConfigurationTable[i].VendorTable;
	return NULL;
}

void find_rsdp(EFI_SYSTEM_TABLE *systab, struct bootinfo *bi)
{
	void *rsdp = find_table(systab, (EFI_GUID)ACPI_20_TABLE_GUID);

	if (rsdp == NULL)
		rsdp = find_table(systab, (EFI_GUID)ACPI_TABLE_GUID);
	bi->rsdp = (UINT64)(UINTN)rsdp;
}
