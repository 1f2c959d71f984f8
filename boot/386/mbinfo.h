/*
 * mbinfo.h - the multiboot-1 info into a struct bootinfo: the parser
 * alone, without the machine, so that it runs hosted as well (the fuzz
 * target tests/fuzz/multiboot.c includes it).
 *
 * It is all static functions, included by its one caller rather than
 * linked: the boot entry's bounds (the whole low 4 GiB, lo 0) are then
 * constants to the compiler, and the 64-bit checks against them that
 * cannot fail are dropped, which an emulator would otherwise translate
 * at every boot. The fuzz target includes it with bounds of its own.
 *
 * The loader's info, memory map and command line are reached only
 * through bootmem_at (bootinfo.h), which checks each address and length
 * against the memory the boot path can read: a pointer off the end of
 * it is ignored, never followed. Fields are read byte by byte, little
 * endian, so no address the loader gives need be aligned. The memory
 * map (flags bit 6) is preferred, read only if all of it lies in that
 * memory; without one, mem_lower/mem_upper give the classic two
 * ranges. Offsets into the map and the command line are 32-bit on
 * i386 (64-bit arithmetic there is several instructions each, which an
 * emulator translates at boot), each step checked against what is
 * left, so an entry's size field of up to 2^32-1 cannot wrap the walk.
 */
#ifndef GORO_MBINFO_H
#define GORO_MBINFO_H

#include <stdint.h>
#include "bootinfo.h"

enum {
	MBI_MEM = 1 << 0,        /* mem_lower / mem_upper valid */
	MBI_CMDLINE = 1 << 2,    /* cmdline valid */
	MBI_MMAP = 1 << 6,       /* mmap_addr / mmap_length valid */
	MMAP_AVAILABLE = 1,      /* memory map entry type: usable RAM */
};

/* The multiboot-1 info's fields read here: byte offsets, 4 bytes each. */
enum {
	MBI_FLAGS = 0, MBI_MEM_LOWER = 4, MBI_MEM_UPPER = 8, MBI_CMDLINE_ADDR = 16,
	MBI_MMAP_LENGTH = 44, MBI_MMAP_ADDR = 48, MBI_SIZE = 52,
};

/* A memory map entry: size (the bytes after itself), base, len, type. */
enum { ENT_SIZE = 0, ENT_BASE = 4, ENT_LEN = 12, ENT_TYPE = 20, ENT_BYTES = 24 };

/* Adds every usable RAM range of the loader's memory map [addr, addr+length) to bi. */
static void add_mmap(struct bootinfo *bi, const struct bootmem *m, uint32_t addr, uint32_t length)
{
	const uint8_t *map = bootmem_at(m, addr, length);
	if (map == 0)
		return;
	for (uint32_t off = 0; length - off >= ENT_BYTES;) {
		const uint8_t *e = map + off;
		if (boot_le32(e + ENT_TYPE) == MMAP_AVAILABLE)
			bootinfo_addmem(bi, boot_le64(e + ENT_BASE), boot_le64(e + ENT_LEN));
		uint32_t step = boot_le32(e + ENT_SIZE);
		if (step >= length - off - 4)
			return;                 /* the next entry would start past the map's end */
		off += step + 4;
	}
}

/*
 * Sets the command line at pa, skipping its first word: QEMU (like
 * GRUB) puts the kernel's file name there, ahead of what the user typed.
 * A string without its NUL ends where readable memory does.
 */
static void set_cmdline(struct bootinfo *bi, const struct bootmem *m, uint32_t pa)
{
	uint64_t room = bootmem_room(m, pa);
	size_t n = room > SIZE_MAX ? SIZE_MAX : (size_t)room, i = 0;
	const char *s = bootmem_at(m, pa, n);
	if (s == 0)
		return;
	while (i < n && s[i] == ' ')
		i++;
	while (i < n && s[i] && s[i] != ' ')
		i++;
	while (i < n && s[i] == ' ')
		i++;
	bootinfo_setcmdline_n(bi, s + i, n - i);
}

/*
 * Fills bi (zeroed by the caller) from the multiboot info at physical
 * address mbi, reading loader memory only inside m. Always inlined, so
 * that the caller's m is seen as constants.
 */
static inline __attribute__((always_inline))
void multiboot_parse(struct bootinfo *bi, const struct bootmem *m, uint64_t mbi)
{
	const uint8_t *h = bootmem_at(m, mbi, MBI_SIZE);
	bi->bootpath = "multiboot";
	if (h == 0)
		return;
	uint32_t flags = boot_le32(h + MBI_FLAGS);
	if (flags & MBI_MMAP)
		add_mmap(bi, m, boot_le32(h + MBI_MMAP_ADDR), boot_le32(h + MBI_MMAP_LENGTH));
	if (bi->nmem == 0 && (flags & MBI_MEM)) {
		bootinfo_addmem(bi, 0, (uint64_t)boot_le32(h + MBI_MEM_LOWER) * 1024);
		bootinfo_addmem(bi, 0x100000, (uint64_t)boot_le32(h + MBI_MEM_UPPER) * 1024);
	}
	if (flags & MBI_CMDLINE)
		set_cmdline(bi, m, boot_le32(h + MBI_CMDLINE_ADDR));
}

#endif
