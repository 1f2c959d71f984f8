/*
 * uefi_bootinfo.c - the C half of the UEFI entry (uefi_entry.S).
 *
 * The assembly copies the loader's bootinfo into uefi_bootinfo before
 * anything else, so the kernel never reads loader memory after it. What
 * is left here is to make the copy self-contained: the one pointer in a
 * bootinfo (bootpath) still points into the loader, and the counts and
 * strings come from another program, so they are clamped.
 */
#include <stdint.h>
#include "bootinfo.h"
#include "platform.h"

struct bootinfo uefi_bootinfo;
const uint64_t bootinfo_size = sizeof(struct bootinfo);   /* the copy's length, for the assembly */

/* uefi_boot is called by uefi_entry.S with &uefi_bootinfo; it never returns. */
_Noreturn void uefi_boot(struct bootinfo *bi);

_Noreturn void uefi_boot(struct bootinfo *bi)
{
	bi->bootpath = "uefi";
	bi->cmdline[BOOT_CMDLINE - 1] = 0;
	if (bi->nmem < 0)
		bi->nmem = 0;
	if (bi->nmem > BOOT_MAXMEM)
		bi->nmem = BOOT_MAXMEM;
	kmain(bi);
}
