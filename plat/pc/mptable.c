/*
 * mptable.c - the CPUs the MultiProcessor Specification's table lists.
 *
 * The MP floating pointer ("_MP_", 16 bytes, checksummed) lies in the
 * first KiB of the EBDA, the last KiB of base memory or the BIOS ROM;
 * it points at the configuration table ("PCMP"), whose processor
 * entries carry each CPU's local APIC ID and an enabled flag. The
 * entries are walked by the table's length, not its entry count:
 * QEMU's microvm firmware leaves the count 0. A floating pointer
 * naming one of the spec's default configurations (no table: two CPUs,
 * APIC IDs 0 and 1) is taken as that. The floating pointer and the
 * configuration table are copied whole into a buffer, then checked and
 * read there, at platform_init, straight from memory (bios.c: both lie
 * below 4 GiB; cpus_read_early reads the MP table only if ACPI's MADT
 * was not found); cpus_init walks what was kept.
 */
#include <stdint.h>
#include "cpufind.h"
#include "machine.h"

struct mpfloat {
	char sig[4];                    /* "_MP_" */
	uint32_t config;                /* the configuration table, or 0 */
	uint8_t length;                 /* in 16-byte units: 1 */
	uint8_t spec;
	uint8_t checksum;               /* length * 16 bytes sum to 0 */
	uint8_t feature[5];             /* feature[0] != 0: a default configuration, no table */
} __attribute__((packed));

struct mpconfig {
	char sig[4];                    /* "PCMP" */
	uint16_t length;                /* the base table, header included */
	uint8_t spec;
	uint8_t checksum;               /* length bytes sum to 0 */
	char oem[8];
	char product[12];
	uint32_t oemtable;
	uint16_t oemsize;
	uint16_t count;                 /* entries: unreliable, see above */
	uint32_t lapic;
	uint16_t extlength;
	uint8_t extchecksum;
	uint8_t reserved;
} __attribute__((packed));

_Static_assert(sizeof(struct mpfloat) == 16, "the MP floating pointer is 16 bytes");
_Static_assert(sizeof(struct mpconfig) == 44, "the MP configuration table header is 44 bytes");

enum {
	MP_PROCESSOR = 0,               /* 20 bytes: type, apic id, apic version, flags, ... */
	MP_PROCESSOR_LEN = 20,
	MP_OTHER_LEN = 8,               /* bus, I/O APIC, I/O and local interrupt entries */
	MP_LAST_TYPE = 4,
	MP_CPU_ENABLED = 1,             /* processor flags bit 0 */
};

#define BDA_BASEMEM_KIB 0x413           /* the BIOS data area's word: KiB of base memory */

/* The structure being read: a floating pointer (up to 255 x 16 bytes), a table (up to 64 KiB). */
static NOINIT uint8_t buf[65536] __attribute__((aligned(8)));

/* What mptable_read_early kept in buf: the table's length, or a default configuration. */
static uint32_t kept_len;
static int kept_default;

/* float_ok: an MP floating pointer at pa with its checksum right; it is left in buf. */
static int float_ok(uint64_t pa)
{
	const struct mpfloat *f = (const struct mpfloat *)buf;

	low_read(buf, (uint32_t)pa, sizeof *f);
	if (f->length < 1)
		return 0;
	uint32_t n = f->length * 16u;
	low_read(buf, (uint32_t)pa, n);
	return bios_sum(buf, n) == 0;
}

/* find_float searches where the spec says the floating pointer may be. */
static uint32_t find_float(void)
{
	uint32_t ebda = bios_ebda(), pa = 0;
	const uint8_t *w = LOW_PHYS(BDA_BASEMEM_KIB);

	if (ebda)
		pa = bios_scan(ebda, ebda + 1024, "_MP_", 4, float_ok);
	if (pa == 0) {
		uint32_t kib = (uint32_t)(w[0] | w[1] << 8);
		if (kib < 512 || kib > 640)
			kib = 640;              /* not set (microvm): the usual 640 KiB */
		uint32_t top = kib * 1024;
		pa = bios_scan(top - 1024, top, "_MP_", 4, float_ok);
	}
	if (pa == 0)
		pa = bios_scan(0xf0000, 0x100000, "_MP_", 4, float_ok);
	return pa;
}

void mptable_read_early(void)
{
	const struct mpconfig *c = (const struct mpconfig *)buf;
	const struct mpfloat *f = (const struct mpfloat *)buf;

	kept_len = 0;
	kept_default = 0;
	if (find_float() == 0)
		return;
	if (f->feature[0] != 0) {               /* find_float's accepted one, in buf */
		kept_default = 1;
		return;
	}
	uint32_t config = f->config;
	if (config == 0 || config > UINT32_MAX - sizeof buf)
		return;                         /* none, or a table that would run past 4 GiB */
	low_read(buf, config, sizeof *c);
	if (boot_le32(c->sig) != boot_le32("PCMP") || c->length < sizeof *c)
		return;
	uint32_t length = c->length;
	low_read(buf, config, length);
	if (bios_sum(buf, length) == 0)
		kept_len = length;
}

const char *mptable_find_cpus(void)
{
	if (kept_default) {
		cpu_found(0);
		cpu_found(1);
		return "the MP table's default configuration";
	}
	if (kept_len == 0)
		return NULL;
	for (uint32_t off = sizeof(struct mpconfig); off < kept_len;) {
		const uint8_t *e = buf + off;
		if (e[0] > MP_LAST_TYPE)
			break;                          /* unknown: its length is unknown too */
		uint32_t len = e[0] == MP_PROCESSOR ? MP_PROCESSOR_LEN : MP_OTHER_LEN;
		if (off + len > kept_len)
			break;
		if (e[0] == MP_PROCESSOR && (e[3] & MP_CPU_ENABLED))
			cpu_found(e[1]);
		off += len;
	}
	return "the MP table";
}
