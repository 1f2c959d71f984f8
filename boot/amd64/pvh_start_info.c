/*
 * pvh_start_info.c - turns the PVH start info into a struct bootinfo and calls kmain.
 *
 * The layout below is the Xen public interface QEMU follows
 * (arch-x86/hvm/start_info.h). Only what goro needs is read: the command
 * line, ACPI's RSDP address (if the loader filled it in) and, from
 * version 1 on, the memory map, of which RAM (type 1) is kept. A
 * version-0 start info has no memory map; QEMU always passes version 1,
 * so that case boots with no RAM ranges rather than guessing.
 * Everything it points to is read while the boot page tables map the
 * low 4 GiB, which is where QEMU puts it; anything above is ignored.
 */
#include <stdint.h>
#include "platform.h"
#include "bootinfo.h"
#include "machine.h"

#define HVM_START_MAGIC         0x336ec578
#define HVM_MEMMAP_TYPE_RAM     1
#define BOOT_MAPPED_LIMIT       0x100000000ull  /* the boot page tables' reach */

struct hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;         /* NUL-terminated, or 0 */
	uint64_t rsdp_paddr;            /* ACPI's RSDP, or 0: the kernel searches */
	uint64_t memmap_paddr;          /* version >= 1 */
	uint32_t memmap_entries;        /* version >= 1 */
	uint32_t reserved;
};

struct hvm_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};

static struct bootinfo pvh_bootinfo;

/* mapped tells whether [paddr, paddr+len) can be read under the boot page tables. */
static int mapped(uint64_t paddr, uint64_t len)
{
	return paddr != 0 && paddr < BOOT_MAPPED_LIMIT && len <= BOOT_MAPPED_LIMIT - paddr;
}

/*
 * pvh_boot is called by pvh.S in long mode on the boot stack with the
 * physical address of the start info; it never returns.
 */
_Noreturn void pvh_boot(uint64_t start_info_paddr);

_Noreturn void pvh_boot(uint64_t start_info_paddr)
{
	struct bootinfo *bi = &pvh_bootinfo;
	const struct hvm_start_info *si = (const void *)(uintptr_t)start_info_paddr;

	bi->bootpath = "pvh";
	if (!mapped(start_info_paddr, sizeof *si) || si->magic != HVM_START_MAGIC) {
		uart_init();
		kprintf("goro: bad PVH start info at 0x%llx\n", (unsigned long long)start_info_paddr);
		machine_poweroff(EXIT_FATAL);
	}
	if (mapped(si->cmdline_paddr, 1))
		bootinfo_setcmdline(bi, (const char *)(uintptr_t)si->cmdline_paddr);
	bi->rsdp = si->rsdp_paddr;      /* checked where it is read (plat/pc/acpi.c) */
	if (si->version >= 1 &&
	    mapped(si->memmap_paddr, (uint64_t)si->memmap_entries * sizeof(struct hvm_memmap_entry))) {
		const struct hvm_memmap_entry *e = (const void *)(uintptr_t)si->memmap_paddr;
		for (uint32_t i = 0; i < si->memmap_entries; i++)
			if (e[i].type == HVM_MEMMAP_TYPE_RAM)
				bootinfo_addmem(bi, e[i].addr, e[i].size);
	}
	kmain(bi);
}
