/*
 * pvh_start_info.c - the PVH entry's C half: the start info into a
 * struct bootinfo (pvhinfo.h parses it), then kmain.
 *
 * Everything the start info points to is read while the boot page
 * tables map the low 4 GiB, which is where QEMU puts it; the parser
 * reads nothing outside them, and ignores anything above.
 */
#include <stdint.h>
#include "platform.h"
#include "bootinfo.h"
#include "machine.h"
#include "pvhinfo.h"

static struct bootinfo pvh_bootinfo;

/*
 * pvh_boot is called by pvh.S in long mode on the boot stack with the
 * physical address of the start info; it never returns.
 */
_Noreturn void pvh_boot(uint64_t start_info_paddr);

_Noreturn void pvh_boot(uint64_t start_info_paddr)
{
	static const struct bootmem low4g = { 0, 0, 1ull << 32 };      /* the boot page tables' reach */
	if (pvh_parse(&pvh_bootinfo, &low4g, start_info_paddr) < 0) {
		uart_init();
		kprintf("goro: bad PVH start info at 0x%llx\n", (unsigned long long)start_info_paddr);
		machine_poweroff(EXIT_FATAL);
	}
	kmain(&pvh_bootinfo);
}
