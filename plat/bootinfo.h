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

#include <stddef.h>
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
	                                       boot path names it (PVH, UEFI), else 0 (i386's
	                                       platform_init may then find it) */
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
 * Copies a command line into bi->cmdline and records its whole length
 * in bi->cmdlinelen: the string at s up to its NUL or its first max
 * bytes, whichever comes first (a loader's string may run to the end of
 * the memory it can be read in). What does not fit is cut here, and
 * options_parse stops the boot naming the limit: it is never silently lost.
 */
static inline void bootinfo_setcmdline_n(struct bootinfo *bi, const char *s, size_t max)
{
	size_t i = 0;
	if (s)
		for (; i < max && s[i]; i++)
			if (i < BOOT_CMDLINE - 1)
				bi->cmdline[i] = s[i];
	bi->cmdline[i < BOOT_CMDLINE - 1 ? i : BOOT_CMDLINE - 1] = 0;
	bi->cmdlinelen = i;
}

/* The same for a NUL-terminated string the boot path owns. */
static inline void bootinfo_setcmdline(struct bootinfo *bi, const char *s)
{
	bootinfo_setcmdline_n(bi, s, SIZE_MAX);
}

/*
 * Loader memory as a boot path reads it: the physical range [lo, hi),
 * seen at virtual address base + (pa - lo). A parser of the loader's
 * structures reads only through bootmem_at, so every address the loader
 * hands over is checked against the range before it is followed (on the
 * machine the range is what the boot page tables map; a fuzz target
 * makes it its input).
 */
struct bootmem {
	uintptr_t base;         /* where lo is seen */
	uint64_t lo, hi;        /* physical, hi exclusive */
};

/*
 * A loader's or the firmware's field at any alignment, little endian
 * (every boot path's structures are, and ACPI's and the MP table's),
 * read a byte at a time: nothing they hand over need be aligned. On
 * x86 the compiler makes it one load, so signatures are compared a
 * word at a time with it too.
 */
static inline uint32_t boot_le32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static inline uint64_t boot_le64(const void *p)
{
	return boot_le32(p) | (uint64_t)boot_le32((const uint8_t *)p + 4) << 32;
}

/* [pa, pa+n) inside m, as a pointer; NULL if any of it is outside (or pa is 0). */
static inline const void *bootmem_at(const struct bootmem *m, uint64_t pa, uint64_t n)
{
	if (pa == 0 || pa < m->lo || pa > m->hi || n > m->hi - pa)
		return 0;
	return (const void *)(m->base + (uintptr_t)(pa - m->lo));
}

/* Bytes readable at pa inside m (0 if pa is outside). */
static inline uint64_t bootmem_room(const struct bootmem *m, uint64_t pa)
{
	return pa == 0 || pa < m->lo || pa >= m->hi ? 0 : m->hi - pa;
}

#endif
