/*
 * acpi.c - the CPUs ACPI lists: RSDP, RSDT or XSDT, then the MADT.
 *
 * Only what finding the CPUs needs is read, each structure checked
 * before it is believed (signature, length, checksum): the RSDP (from
 * the boot path, else searched for in the BIOS areas), the root table
 * it points at (the 64-bit XSDT from revision 2 on, else the RSDT),
 * and in it the MADT ("APIC"), whose processor local APIC (type 0) and
 * local x2APIC (type 9) entries name the CPUs. A table is copied whole
 * into a buffer of this file's and checked and read there: under an
 * emulator, the boot's time is the code it translates, and reading
 * each field through the physical-memory window made three times as
 * much. The buffers bound what is read: a root table of 500 entries, a
 * MADT of 8,000 CPUs; longer ones are not believed.
 *
 * The tables are read early, by platform_init (acpi_read_early), while
 * the low 4 GiB are still one to one (i386: paging not on yet; amd64:
 * the boot tables), straight from memory: no window to map a page at a
 * time, and on i386 the RSDP, which multiboot does not hand over, is
 * looked for in the BIOS areas the same way (bios.c). cpus_init then
 * walks the MADT left in the buffer. Only if the RSDP found then leads
 * to tables out of that reach (above 4 GiB) does acpi_find_cpus read
 * them again, through the physical-memory window.
 */
#include <stdint.h>
#include "cpufind.h"
#include "physwin.h"
#include "machine.h"

struct rsdp {
	char sig[8];                    /* "RSD PTR " */
	uint8_t checksum;               /* the first 20 bytes sum to 0 */
	char oem[6];
	uint8_t revision;               /* 0: ACPI 1.0; 2 and up: the fields below exist */
	uint32_t rsdt;
	uint32_t length;
	uint64_t xsdt;
	uint8_t xchecksum;              /* all length bytes sum to 0 */
	uint8_t reserved[3];
} __attribute__((packed));

struct sdt {                            /* every system description table's header */
	char sig[4];
	uint32_t length;                /* header included */
	uint8_t revision;
	uint8_t checksum;               /* all length bytes sum to 0 */
	char oem[6];
	char oemtable[8];
	uint32_t oemrevision;
	uint32_t creator;
	uint32_t creatorrevision;
} __attribute__((packed));

_Static_assert(sizeof(struct rsdp) == 36, "the ACPI 2.0 RSDP is 36 bytes");
_Static_assert(sizeof(struct sdt) == 36, "a system description table header is 36 bytes");

#define RSDP_V1_LEN     20
#define RSDP_SIG        "RSD PTR "
/*
 * Where the BIOS leaves the RSDP: the EBDA's first KiB, else the BIOS
 * ROM at 0xe0000-0xfffff. The ROM's upper half is searched first:
 * BIOSes put it there (SeaBIOS at 0xf59d0), and under an emulator a
 * search from 0xe0000 up runs 4,000 turns more, 0.08 ms.
 */
#define EBDA_SEARCH     1024
#define ROM_UPPER       0xf0000
#define ROM_LOWER       0xe0000
#define ROM_HALF        0x10000

/* What verbose=1 says of where the RSDP came from. */
#define HOW_BOOTPATH    "ACPI's MADT (RSDP from the boot path)"
#define HOW_BIOS        "ACPI's MADT (RSDP found in the BIOS area)"
#define MADT_ENTRIES    44              /* the header, the local APIC address and flags */

enum {
	MADT_LAPIC = 0,                 /* acpi uid (1), apic id (1), flags (4) */
	MADT_X2APIC = 9,                /* reserved (2), x2apic id (4), flags (4), uid (4) */
	MADT_ENABLED = 1,               /* flags bit 0: usable now (bit 1, online capable, is not) */
};

/* The root table and the table read from it (only the boot CPU reads them, once; each is copied in first). */
static NOINIT uint8_t rootbuf[4096] __attribute__((aligned(8)));
static NOINIT uint8_t tablebuf[65536] __attribute__((aligned(8)));

/*
 * What acpi_read_early found: the MADT it left in tablebuf (its length,
 * or 0), whether it found an RSDP (rsdp_read holds it), and how.
 */
static uint32_t early_len;
static int early_rsdp;
static const char *early_how;

/* Reads go straight to memory (acpi_read_early), below DIRECT_END, instead of through the window. */
static int direct;
#define DIRECT_END      (1ull << 32)

/*
 * fetch copies the n bytes at physical address pa to dst, through the
 * window or, while direct, straight from memory; 0 if they are out of
 * its reach (direct, above 4 GiB).
 */
static __attribute__((noinline)) int fetch(void *dst, uint64_t pa, size_t n)
{
	if (!direct) {
		phys_read(dst, pa, n);
		return 1;
	}
	if (pa >= DIRECT_END || n > DIRECT_END - pa)
		return 0;
	low_read(dst, (uint32_t)pa, n);
	return 1;
}

/* The RSDP rsdp_ok accepted last: madt_read's start. */
static struct rsdp rsdp_read;

/* rsdp_ok: an RSDP at pa, its checksums right (the extended one, over its length, from revision 2 on). */
static int rsdp_ok(uint64_t pa)
{
	struct rsdp *r = &rsdp_read;

	if (pa == 0 || !fetch(r, pa, sizeof *r))
		return 0;
	if (boot_le32(r->sig) != boot_le32(RSDP_SIG) || boot_le32(r->sig + 4) != boot_le32(&RSDP_SIG[4]) ||
	    bios_sum(r, RSDP_V1_LEN) != 0)
		return 0;
	if (r->revision < 2)
		return 1;
	if (r->length < sizeof *r || r->length > sizeof tablebuf)
		return 0;
	return fetch(tablebuf, pa, r->length) && bios_sum(tablebuf, r->length) == 0;
}

/*
 * read_table copies the table at pa into buf (room bytes) if its
 * signature is sig and its length fits and its checksum holds, and
 * returns its length; 0 if not.
 */
static __attribute__((noinline)) uint32_t read_table(uint64_t pa, const char *sig, uint8_t *buf, uint32_t room)
{
	struct sdt h;

	if (pa == 0 || !fetch(&h, pa, sizeof h))
		return 0;
	if (boot_le32(h.sig) != boot_le32(sig) || h.length < sizeof h || h.length > room)
		return 0;
	uint32_t len = h.length;
	return fetch(buf, pa, len) && bios_sum(buf, len) == 0 ? len : 0;
}

/* madt_cpus hands each enabled local APIC of the MADT in buf (length len) to cpu_found. */
static void madt_cpus(const uint8_t *buf, uint32_t len)
{
	for (uint32_t off = MADT_ENTRIES; off + 2 <= len;) {
		const uint8_t *e = buf + off;
		uint8_t type = e[0], elen = e[1];
		if (elen < 2 || off + elen > len)
			break;                          /* a broken entry: trust nothing after it */
		if (type == MADT_LAPIC && elen >= 8 && (boot_le32(e + 4) & MADT_ENABLED))
			cpu_found(e[3]);
		else if (type == MADT_X2APIC && elen >= 16 && (boot_le32(e + 8) & MADT_ENABLED))
			cpu_found(boot_le32(e + 4));
		off += elen;
	}
}

/* madt_read copies into tablebuf the MADT the RSDP rsdp_ok accepted last leads to; its length, or 0. */
static uint32_t madt_read(void)
{
	const struct rsdp *r = &rsdp_read;
	int wide = r->revision >= 2 && r->xsdt != 0;    /* the XSDT: 8-byte entries */
	uint32_t esize = wide ? 8 : 4;
	uint32_t n = read_table(wide ? r->xsdt : r->rsdt, wide ? "XSDT" : "RSDT", rootbuf, sizeof rootbuf);
	for (uint32_t off = sizeof(struct sdt); off + esize <= n; off += esize) {
		uint64_t pa = boot_le32(rootbuf + off);
		if (wide)
			pa |= (uint64_t)boot_le32(rootbuf + off + 4) << 32;
		uint32_t len = read_table(pa, "APIC", tablebuf, sizeof tablebuf);
		if (len)
			return len;                     /* the first valid MADT the root lists */
	}
	return 0;
}

/* rsdp_search looks for the RSDP in the BIOS areas (bios.c: straight from memory); 0 if none checks out. */
static uint64_t rsdp_search(void)
{
	uint32_t ebda = bios_ebda(), pa = 0;

	if (ebda)
		pa = bios_scan(ebda, ebda + EBDA_SEARCH, RSDP_SIG, 8, rsdp_ok);
	if (pa == 0)
		pa = bios_scan(ROM_UPPER, ROM_UPPER + ROM_HALF, RSDP_SIG, 8, rsdp_ok);
	if (pa == 0)
		pa = bios_scan(ROM_LOWER, ROM_LOWER + ROM_HALF, RSDP_SIG, 8, rsdp_ok);
	return pa;
}

int acpi_read_early(uint64_t rsdp)
{
	direct = 1;
	early_how = HOW_BOOTPATH;
	if (!rsdp_ok(rsdp)) {
		rsdp = rsdp_search();
		early_how = HOW_BIOS;
	}
	early_rsdp = rsdp != 0;
	early_len = early_rsdp ? madt_read() : 0;
	direct = 0;
	return early_len != 0;
}

const char *acpi_find_cpus(void)
{
	uint32_t len = early_len;

	if (len == 0 && (!early_rsdp || (len = madt_read()) == 0))      /* through the window */
		return NULL;
	madt_cpus(tablebuf, len);
	return early_how;
}
