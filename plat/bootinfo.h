/*
 * bootinfo.h - what every boot path hands the kernel.
 *
 * Each boot entry (multiboot on 386, PVH and UEFI on amd64, the DTB on
 * ARM) translates its own format into this one struct before calling
 * kmain, so nothing after boot/ knows how the machine was started.
 * The struct lives in memory the kernel image owns (or, for UEFI, in
 * loader memory the kernel copies from before touching anything else).
 */
#ifndef GORO_BOOTINFO_H
#define GORO_BOOTINFO_H

#include <stdint.h>

#define BOOT_MAXMEM     64      /* usable RAM ranges kept; extra ones are dropped */
#define BOOT_CMDLINE    65536   /* bytes of command line kept, NUL included */

struct memrange {
	uint64_t base;          /* physical address of the first byte */
	uint64_t len;           /* bytes */
};

struct bootinfo {
	const char *bootpath;               /* "multiboot", "pvh", "uefi", "dtb" */
	char cmdline[BOOT_CMDLINE];         /* runtime options [-- args], NUL-terminated */
	uint64_t cmdlinelen;                /* bytes the boot path carried; more than
	                                       BOOT_CMDLINE - 1: cut, a fatal error */
	int nmem;                           /* entries used in mem[] */
	struct memrange mem[BOOT_MAXMEM];   /* usable RAM, as the firmware reported it */
	uint64_t dtb;                       /* ARM: physical address of the DTB, else 0 */
	uint64_t dtbsize;                   /* and its size in bytes */
	uint64_t rsdp;                      /* x86: physical address of ACPI's RSDP where the
	                                       boot path names it (PVH, UEFI), else 0 */
	const char *memnote;                /* said after each RAM range under verbose=1, or NULL */
	const char *(*cpunote)(void);       /* said after the RAM under verbose=1: how cpus_init
	                                       found the CPUs (formatted only then), or NULL */
	int argc;                           /* hosted: the process's own arguments, */
	char **argv;                        /* after the command line's in main's argv */
};

/* Appends a usable RAM range; ranges past BOOT_MAXMEM are dropped. */
static inline void bootinfo_addmem(struct bootinfo *bi, uint64_t base, uint64_t len)
{
	if (bi->nmem < BOOT_MAXMEM && len > 0) {
		bi->mem[bi->nmem].base = base;
		bi->mem[bi->nmem].len = len;
		bi->nmem++;
	}
}

/*
 * Copies a NUL-terminated command line into bi->cmdline and records its
 * whole length in bi->cmdlinelen. What does not fit is cut here, and
 * options_parse stops the boot naming the limit: it is never silently lost.
 */
static inline void bootinfo_setcmdline(struct bootinfo *bi, const char *s)
{
	uint64_t i = 0;
	if (s)
		for (; s[i]; i++)
			if (i < BOOT_CMDLINE - 1)
				bi->cmdline[i] = s[i];
	bi->cmdline[i < BOOT_CMDLINE - 1 ? i : BOOT_CMDLINE - 1] = 0;
	bi->cmdlinelen = i;
}

#endif
