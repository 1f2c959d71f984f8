/*
 * bootinfo_check.h - what the boot-information targets share: loader
 * memory made of the input, and the checks of the struct bootinfo a
 * boot path's parser fills.
 *
 * An input is a header and a window of physical memory: the window's
 * physical address (4 bytes, little endian), the address of the
 * loader's structure (4 bytes), then the window's bytes. The window is
 * copied to a buffer of exactly its size, so the sanitizer sees any
 * read outside it; the parser reaches it only through a struct bootmem.
 */
#ifndef GORO_FUZZ_BOOTINFO_CHECK_H
#define GORO_FUZZ_BOOTINFO_CHECK_H

#include "bootinfo.h"
#include "fuzz.h"

static struct bootinfo fuzz_bi;         /* 64 KiB: not on the stack */

/* fuzz_window: the input's window as boot memory in *m, its structure's address in *pa; NULL if too short. */
static uint8_t *fuzz_window(const uint8_t *data, size_t size, struct bootmem *m, uint64_t *pa)
{
	if (size < 8)
		return NULL;
	uint32_t lo = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
		      (uint32_t)data[3] << 24;
	*pa = (uint32_t)data[4] | (uint32_t)data[5] << 8 | (uint32_t)data[6] << 16 | (uint32_t)data[7] << 24;
	size_t n = size - 8;
	uint8_t *mem = malloc(n ? n : 1);
	memcpy(mem, data + 8, n);
	*m = (struct bootmem){ (uintptr_t)mem, lo, (uint64_t)lo + n };
	memset(&fuzz_bi, 0, sizeof fuzz_bi);
	return mem;
}

/* fuzz_check_bootinfo: what kmain may count on, whatever the loader handed over. */
static void fuzz_check_bootinfo(const struct bootinfo *bi, const char *path)
{
	FUZZ_CHECK(bi->bootpath && strcmp(bi->bootpath, path) == 0, "bootpath");
	FUZZ_CHECK(bi->nmem >= 0 && bi->nmem <= BOOT_MAXMEM, "%d RAM ranges", bi->nmem);
	for (int i = 0; i < bi->nmem; i++)
		FUZZ_CHECK(bi->mem[i].len > 0, "RAM range %d is empty", i);
	size_t kept = bi->cmdlinelen < BOOT_CMDLINE - 1 ? bi->cmdlinelen : BOOT_CMDLINE - 1;
	FUZZ_CHECK(strnlen(bi->cmdline, BOOT_CMDLINE) == kept, "command line of %zu bytes, %llu carried",
		   strnlen(bi->cmdline, BOOT_CMDLINE), (unsigned long long)bi->cmdlinelen);
}

#endif
