/*
 * multiboot.c - the multiboot-1 entry's C half: the info into the
 * kernel's struct bootinfo (mbinfo.h parses it), then kmain.
 *
 * Everything is copied into a bootinfo in the kernel's own .bss, so
 * nothing after boot ever reads loader memory again (the memory issue
 * is then free to reuse it). The loader leaves paging off: all of the
 * low 4 GiB can be read, and the parser reads nothing outside it.
 */
#include <stdint.h>
#include "bootinfo.h"
#include "mbinfo.h"
#include "platform.h"

static struct bootinfo multiboot_bootinfo;

/* Called by _start on the boot stack with .bss zeroed. */
_Noreturn void multiboot_main(uint32_t mbi);

_Noreturn void multiboot_main(uint32_t mbi)
{
	static const struct bootmem low4g = { 0, 0, 1ull << 32 };
	multiboot_parse(&multiboot_bootinfo, &low4g, mbi);
	kmain(&multiboot_bootinfo);
}
