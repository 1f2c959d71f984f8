/*
 * multiboot.c - fuzz target: the multiboot-1 info's parser
 * (boot/386/mbinfo.h: the info struct, the memory map, the command line).
 *
 * The input is a window of loader memory and the info's address in it
 * (bootinfo_check.h); the seed is QEMU's own info, memory map and
 * command line for a multiboot kernel, the command line moved next to
 * the rest to keep the window small. The parser must read nothing
 * outside the window however its pointers, lengths and entry sizes lie,
 * and hand kmain a well-formed bootinfo.
 *
 * FUZZ_BUILD: -Iboot/386
 */
#include "../../boot/386/mbinfo.h"
#include "bootinfo_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bootmem m;
	uint64_t pa;
	uint8_t *mem = fuzz_window(data, size, &m, &pa);
	if (!mem)
		return 0;
	multiboot_parse(&fuzz_bi, &m, pa);
	fuzz_check_bootinfo(&fuzz_bi, "multiboot");
	free(mem);
	return 0;
}
