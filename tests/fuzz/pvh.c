/*
 * pvh.c - fuzz target: the PVH start info's parser (boot/amd64/pvhinfo.h:
 * the start info, its memory map entries, the command line).
 *
 * The input is a window of loader memory and the start info's address
 * in it (bootinfo_check.h); the seeds are QEMU's own, for -M pc and
 * -M microvm, the window from the memory map to the start info's end.
 * The parser must read nothing outside the window however its
 * addresses and entry count lie, and hand kmain a well-formed bootinfo.
 *
 * FUZZ_BUILD: -Iboot/amd64
 */
#include "../../boot/amd64/pvhinfo.h"
#include "bootinfo_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bootmem m;
	uint64_t pa;
	uint8_t *mem = fuzz_window(data, size, &m, &pa);
	if (!mem)
		return 0;
	if (pvh_parse(&fuzz_bi, &m, pa) == 0)
		fuzz_check_bootinfo(&fuzz_bi, "pvh");
	free(mem);
	return 0;
}
