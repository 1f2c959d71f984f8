/*
 * entry.c - the C halves of amd64's two boot entries, PVH (pvh.S) and
 * UEFI (uefi_entry.S): each turns what its loader handed over into the
 * struct bootinfo and calls kmain.
 *
 * A boot comes in by one entry, so one struct bootinfo serves both. Two
 * were 64 KiB more bss (the command line's buffer) for every boot to
 * zero and QEMU to load, and took the image past 2 MiB: a huge page
 * more for the host to clear.
 */
#include <stdint.h>
#include "platform.h"
#include "bootinfo.h"
#include "machine.h"
#include "pvhinfo.h"

/* The boot's bootinfo: PVH's parsed start info, or the UEFI loader's copied in by uefi_entry.S. */
struct bootinfo amd64_bootinfo;
const uint64_t bootinfo_size = sizeof(struct bootinfo);   /* uefi_entry.S's copy's length */

/*
 * pvh_boot is called by pvh.S in long mode on the boot stack with the
 * physical address of the start info; it never returns. Everything the
 * start info points to is read while the boot page tables map the low
 * 4 GiB, which is where QEMU puts it; the parser (pvhinfo.h) reads
 * nothing outside them, and ignores anything above.
 */
_Noreturn void pvh_boot(uint64_t start_info_paddr);

_Noreturn void pvh_boot(uint64_t start_info_paddr)
{
	static const struct bootmem low4g = { 0, 0, 1ull << 32 };      /* the boot page tables' reach */
	if (pvh_parse(&amd64_bootinfo, &low4g, start_info_paddr) < 0) {
		uart_init();
		kprintf("goro: bad PVH start info at 0x%llx\n", (unsigned long long)start_info_paddr);
		machine_poweroff(EXIT_FATAL);
	}
	kmain(&amd64_bootinfo);
}

/*
 * uefi_boot is called by uefi_entry.S with &amd64_bootinfo, the loader's
 * bootinfo already copied in, so the kernel never reads loader memory
 * after it; it never returns. What is left is to make the copy
 * self-contained: the one pointer in a bootinfo (bootpath) still points
 * into the loader, and the counts and strings come from another
 * program, so they are clamped.
 */
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
