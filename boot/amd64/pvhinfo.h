/*
 * pvhinfo.h - the PVH start info into a struct bootinfo: the parser
 * alone, without the machine, so that it runs hosted as well (the fuzz
 * target tests/fuzz/pvh.c includes it).
 *
 * It is all static functions, included by its one caller rather than
 * linked, as mbinfo.h is on i386: the boot entry's bounds are then
 * constants to the compiler, which drops the checks that cannot fail.
 *
 * The layout is the Xen public interface QEMU follows
 * (arch-x86/hvm/start_info.h). Only what goro needs is read: the command
 * line, ACPI's RSDP address (if the loader filled it in) and, from
 * version 1 on, the memory map, of which RAM (type 1) is kept. A
 * version-0 start info has no memory map; QEMU always passes version 1,
 * so that case boots with no RAM ranges rather than guessing. Every
 * address in it is followed only through bootmem_at (bootinfo.h), which
 * checks it, with its length, against the memory the boot path can
 * read; fields are read byte by byte, so nothing need be aligned.
 */
#ifndef GORO_PVHINFO_H
#define GORO_PVHINFO_H

#include <stdint.h>
#include "bootinfo.h"

#define HVM_START_MAGIC         0x336ec578
#define HVM_MEMMAP_TYPE_RAM     1

/* struct hvm_start_info's fields read here: byte offsets. */
enum {
	SI_MAGIC = 0, SI_VERSION = 4, SI_CMDLINE = 24, SI_RSDP = 32,
	SI_MEMMAP = 40, SI_MEMMAP_ENTRIES = 48, SI_SIZE = 56,
};

/* struct hvm_memmap_entry: addr, size, type, reserved. */
enum { ME_ADDR = 0, ME_SIZE = 8, ME_TYPE = 16, ME_BYTES = 24 };

/*
 * Fills bi (zeroed by the caller) from the start info at physical
 * address si, reading loader memory only inside m. Returns 0, or -1 if
 * there is no start info there (outside m, or a bad magic). Always
 * inlined, so that the caller's m is seen as constants.
 */
static inline __attribute__((always_inline))
int pvh_parse(struct bootinfo *bi, const struct bootmem *m, uint64_t si)
{
	const uint8_t *h = bootmem_at(m, si, SI_SIZE);
	bi->bootpath = "pvh";
	if (h == 0 || boot_le32(h + SI_MAGIC) != HVM_START_MAGIC)
		return -1;
	uint64_t cmdline = boot_le64(h + SI_CMDLINE);
	uint64_t room = bootmem_room(m, cmdline);
	const char *s = bootmem_at(m, cmdline, room);
	if (s)
		bootinfo_setcmdline_n(bi, s, room);
	bi->rsdp = boot_le64(h + SI_RSDP);   /* checked where it is read (plat/pc/acpi.c) */
	uint32_t n = boot_le32(h + SI_MEMMAP_ENTRIES);
	const uint8_t *e = bootmem_at(m, boot_le64(h + SI_MEMMAP), (uint64_t)n * ME_BYTES);
	if (boot_le32(h + SI_VERSION) >= 1 && e)
		for (uint32_t i = 0; i < n; i++, e += ME_BYTES)
			if (boot_le32(e + ME_TYPE) == HVM_MEMMAP_TYPE_RAM)
				bootinfo_addmem(bi, boot_le64(e + ME_ADDR), boot_le64(e + ME_SIZE));
	return 0;
}

#endif
