/*
 * acpi.c - the CPUs ACPI lists: RSDP, RSDT or XSDT, then the MADT.
 *
 * Only what finding the CPUs needs is read, each structure checked
 * before it is believed (signature, length, checksum): the RSDP (from
 * the boot path, else searched for in the BIOS areas), the root table
 * it points at (the 64-bit XSDT from revision 2 on, else the RSDT),
 * and in it the MADT ("APIC"), whose processor local APIC (type 0) and
 * local x2APIC (type 9) entries name the CPUs. Every table is read
 * through the physical-memory window in small pieces, so nothing is
 * mapped for good and no table size needs a buffer to fit in.
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
#define MADT_ENTRIES    44              /* the header, the local APIC address and flags */
#define TABLE_MAX       (1u << 20)      /* longer is not a table, it is garbage */

enum {
	MADT_LAPIC = 0,                 /* acpi uid (1), apic id (1), flags (4) */
	MADT_X2APIC = 9,                /* reserved (2), x2apic id (4), flags (4), uid (4) */
	MADT_ENABLED = 1,               /* flags bit 0: usable now (bit 1, online capable, is not) */
};

static int same(const char *a, const char *b, int n)
{
	for (int i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* rsdp_ok: an RSDP at pa, its checksums right (the extended one from revision 2 on). */
static int rsdp_ok(uint64_t pa)
{
	struct rsdp r;

	if (pa == 0)
		return 0;
	phys_read(&r, pa, sizeof r);
	if (!same(r.sig, "RSD PTR ", 8) || !bios_sums_to_zero(pa, RSDP_V1_LEN))
		return 0;
	return r.revision < 2 || (r.length >= sizeof r && r.length < TABLE_MAX && bios_sums_to_zero(pa, r.length));
}

/* table_ok reads the header at pa into h and checks its signature, length and checksum. */
static int table_ok(uint64_t pa, const char *sig, struct sdt *h)
{
	if (pa == 0)
		return 0;
	phys_read(h, pa, sizeof *h);
	return same(h->sig, sig, 4) && h->length >= sizeof *h && h->length < TABLE_MAX &&
	       bios_sums_to_zero(pa, h->length);
}

/* find_table returns the address of the valid table sig the root table lists, or 0. */
static uint64_t find_table(const struct rsdp *r, const char *sig)
{
	int wide = r->revision >= 2 && r->xsdt != 0;    /* XSDT: 8-byte entries */
	uint64_t root = wide ? r->xsdt : r->rsdt;
	uint32_t esize = wide ? 8 : 4;
	struct sdt h;

	if (!table_ok(root, wide ? "XSDT" : "RSDT", &h))
		return 0;
	for (uint32_t off = sizeof h; off + esize <= h.length; off += esize) {
		uint64_t pa = 0;
		struct sdt t;
		phys_read(&pa, root + off, esize);      /* little-endian: a 4-byte entry fills the low half */
		if (table_ok(pa, sig, &t))
			return pa;
	}
	return 0;
}

/* madt_cpus hands each enabled local APIC of the MADT at pa (length len) to cpu_found. */
static void madt_cpus(uint64_t pa, uint32_t len)
{
	for (uint32_t off = MADT_ENTRIES; off + 2 <= len;) {
		uint8_t e[16] = { 0 };
		phys_read(e, pa + off, 2);
		uint8_t type = e[0], elen = e[1];
		if (elen < 2 || off + elen > len)
			break;                          /* a broken entry: trust nothing after it */
		phys_read(e, pa + off, elen < sizeof e ? elen : sizeof e);
		if (type == MADT_LAPIC && elen >= 8) {
			uint32_t flags = e[4] | e[5] << 8 | e[6] << 16 | (uint32_t)e[7] << 24;
			if (flags & MADT_ENABLED)
				cpu_found(e[3]);
		} else if (type == MADT_X2APIC && elen >= 16) {
			uint32_t id = e[4] | e[5] << 8 | e[6] << 16 | (uint32_t)e[7] << 24;
			uint32_t flags = e[8] | e[9] << 8 | e[10] << 16 | (uint32_t)e[11] << 24;
			if (flags & MADT_ENABLED)
				cpu_found(id);
		}
		off += elen;
	}
}

const char *acpi_find_cpus(uint64_t rsdp)
{
	struct rsdp r;
	struct sdt madt;
	const char *how = "ACPI's MADT (RSDP from the boot path)";

	if (!rsdp_ok(rsdp)) {
		uint64_t ebda = bios_ebda();
		rsdp = ebda ? bios_scan(ebda, ebda + 1024, "RSD PTR ", 8, rsdp_ok) : 0;
		if (rsdp == 0)
			rsdp = bios_scan(0xe0000, 0x100000, "RSD PTR ", 8, rsdp_ok);
		if (rsdp == 0)
			return NULL;
		how = "ACPI's MADT (RSDP found in the BIOS area)";
	}
	phys_read(&r, rsdp, sizeof r);
	uint64_t pa = find_table(&r, "APIC");
	if (pa == 0 || !table_ok(pa, "APIC", &madt))
		return NULL;
	madt_cpus(pa, madt.length);
	return how;
}
