/*
 * multiboot.c - turn the multiboot-1 info into the kernel's struct bootinfo.
 *
 * Everything is copied into a bootinfo in the kernel's own .bss, so
 * nothing after boot ever reads loader memory again (the memory issue
 * is then free to reuse it). The memory map (flags bit 6) is preferred;
 * without one, mem_lower/mem_upper give the classic two ranges.
 */
#include <stdint.h>
#include "bootinfo.h"
#include "platform.h"

enum {
	MBI_MEM = 1 << 0,        /* mem_lower / mem_upper valid */
	MBI_CMDLINE = 1 << 2,    /* cmdline valid */
	MBI_MMAP = 1 << 6,       /* mmap_addr / mmap_length valid */
	MMAP_AVAILABLE = 1,      /* memory map entry type: usable RAM */
};

/* The part of the multiboot-1 info structure we read. */
struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;          /* KiB below 1 MiB, KiB above 1 MiB */
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
};

/* One memory map entry; size counts the bytes after itself. */
struct multiboot_mmap {
	uint32_t size;
	uint64_t base;
	uint64_t len;
	uint32_t type;
} __attribute__((packed));

static struct bootinfo multiboot_bootinfo;

/* Adds every usable RAM range of the loader's memory map to bi. */
static void add_mmap(struct bootinfo *bi, const struct multiboot_info *mbi)
{
	uintptr_t p = mbi->mmap_addr;
	uintptr_t stop = p + mbi->mmap_length;

	while (p + sizeof(struct multiboot_mmap) <= stop) {
		const struct multiboot_mmap *e = (const struct multiboot_mmap *)p;
		if (e->type == MMAP_AVAILABLE)
			bootinfo_addmem(bi, e->base, e->len);
		p += e->size + sizeof(e->size);
	}
}

/*
 * Skips the first word of the loader's command line: QEMU (like GRUB)
 * puts the kernel's file name there, ahead of what the user typed.
 */
static const char *skip_kernel_name(const char *s)
{
	while (*s == ' ')
		s++;
	while (*s && *s != ' ')
		s++;
	while (*s == ' ')
		s++;
	return s;
}

/* Called by _start on the boot stack with .bss zeroed. */
_Noreturn void multiboot_main(const struct multiboot_info *mbi);

_Noreturn void multiboot_main(const struct multiboot_info *mbi)
{
	struct bootinfo *bi = &multiboot_bootinfo;

	bi->bootpath = "multiboot";
	if (mbi->flags & MBI_MMAP)
		add_mmap(bi, mbi);
	if (bi->nmem == 0 && (mbi->flags & MBI_MEM)) {
		bootinfo_addmem(bi, 0, (uint64_t)mbi->mem_lower * 1024);
		bootinfo_addmem(bi, 0x100000, (uint64_t)mbi->mem_upper * 1024);
	}
	if ((mbi->flags & MBI_CMDLINE) && mbi->cmdline)
		bootinfo_setcmdline(bi, skip_kernel_name((const char *)(uintptr_t)mbi->cmdline));
	kmain(bi);
}
