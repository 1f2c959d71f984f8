/*
 * acpi.c - unit tests of how a PC's CPUs are found in what the firmware
 * left in memory (plat/pc/acpi.c, mptable.c, bios.c): ACPI's tables and
 * the MP table read early, straight from memory, the RSDP and the MP
 * floating pointer searched for in the BIOS areas; ACPI's tables read
 * again through the physical-memory window when out of that reach.
 *
 * Physical memory is this process's own. Straight from memory
 * (LOW_PHYS, defined here first) an address is read where it is, so the
 * tables are built in a region mapped below 4 GiB (the early read's
 * reach), or on the heap, above it, for the window to read; except for
 * the low MiB, which is a fake of this file's (the BIOS data area, an
 * EBDA, the ROM), where the searches look. The window is a stub over
 * the process's memory that counts its reads.
 */
#include <stdint.h>

static const uint8_t *low_phys(uint64_t pa);
#define LOW_PHYS(pa) low_phys(pa)

#include "../../plat/pc/acpi.c"
#include "../../plat/pc/bios.c"
#include "../../plat/pc/mptable.c"
#include "unit.h"
#include <sys/mman.h>

#define LOW_BASE        0x20000000ul    /* a region below 4 GiB: acpi_read_early reaches it */
#define LOW_SIZE        (1u << 20)
#define FAKE_EBDA       0x9fc00u        /* in the fake low MiB */

static uint8_t *low;                    /* LOW_BASE, mapped */
static uint8_t lowmib[1 << 20];         /* what the window shows of physical [0, 1 MiB) */
static int window_reads;                /* reads through the window since the case began */
static uint32_t found[16];              /* cpu_found's APIC IDs, in order */
static int nfound;

/* Physical memory: the fake low MiB, else the process's memory at that address. */
static const uint8_t *low_phys(uint64_t pa)
{
	return pa < sizeof lowmib ? lowmib + pa : (const uint8_t *)(uintptr_t)pa;
}

/* The window: the same memory, its reads counted. */
void phys_read(void *dst, uint64_t pa, size_t n)
{
	window_reads++;
	memcpy(dst, low_phys(pa), n);
}

void cpu_found(uint32_t apicid)
{
	if (nfound < (int)(sizeof found / sizeof found[0]))
		found[nfound++] = apicid;
}

static void reset(void)
{
	memset(low, 0, LOW_SIZE);
	memset(lowmib, 0, sizeof lowmib);
	window_reads = nfound = 0;
	early_len = 0;                  /* nothing kept from an earlier case */
	early_rsdp = 0;
	kept_len = 0;
	kept_default = 0;
}

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t pa_of(const uint8_t *p) { return (uint64_t)(uintptr_t)p; }

/* rsdp_at writes an RSDP at p: revision 0 naming rsdt, or 2 naming xsdt too; its checksums right. */
static void rsdp_at(uint8_t *p, int revision, uint32_t rsdt, uint64_t xsdt)
{
	memset(p, 0, 36);
	memcpy(p, "RSD PTR ", 8);
	p[15] = (uint8_t)revision;
	put32(p + 16, rsdt);
	put32(p + 20, 36);
	put64(p + 24, xsdt);
	p[8] = (uint8_t)-bios_sum(p, 20);
	if (revision >= 2)
		p[32] = (uint8_t)-bios_sum(p, 36);
}

/* table_at starts a table at p: its signature, its header's length. */
static void table_at(uint8_t *p, const char *sig)
{
	memset(p, 0, 36);
	memcpy(p, sig, 4);
	put32(p + 4, 36);
}

/* table_add appends n bytes to the table at p. */
static void table_add(uint8_t *p, const void *bytes, uint32_t n)
{
	uint32_t len = get32(p + 4);
	memcpy(p + len, bytes, n);
	put32(p + 4, len + n);
}

/* table_sum makes the table's bytes sum to 0. */
static void table_sum(uint8_t *p)
{
	p[9] = 0;
	p[9] = (uint8_t)-bios_sum(p, get32(p + 4));
}

/* root_at writes an RSDT (esize 4) or XSDT (8) at p listing the n tables at pas. */
static void root_at(uint8_t *p, int esize, const uint64_t *pas, int n)
{
	table_at(p, esize == 8 ? "XSDT" : "RSDT");
	for (int i = 0; i < n; i++)
		table_add(p, &pas[i], (uint32_t)esize);       /* little endian: the low 4 or all 8 bytes */
	table_sum(p);
}

/* madt_at starts a MADT at p: the header, the local APIC's address and flags. */
static void madt_at(uint8_t *p)
{
	uint8_t lapic_flags[8] = { 0x00, 0x00, 0xe0, 0xfe, 1, 0, 0, 0 };
	table_at(p, "APIC");
	table_add(p, lapic_flags, sizeof lapic_flags);
}

static void madt_lapic(uint8_t *p, uint8_t id, int enabled)
{
	uint8_t e[8] = { MADT_LAPIC, 8, id, id, (uint8_t)(enabled ? 1 : 2), 0, 0, 0 };
	table_add(p, e, sizeof e);
}

static void madt_x2apic(uint8_t *p, uint32_t id, int enabled)
{
	uint8_t e[16] = { MADT_X2APIC, 16 };
	put32(e + 4, id);
	put32(e + 8, enabled ? 1 : 0);
	table_add(p, e, sizeof e);
}

/* expect_found checks cpu_found's IDs against want[0..n). */
static void expect_found(const uint32_t *want, int n)
{
	char got[256] = "";
	for (int i = 0; i < nfound; i++)
		snprintf(got + strlen(got), sizeof got - strlen(got), " %u", found[i]);
	EXPECT(nfound == n, "%d CPUs found (%s), want %d", nfound, got, n);
	for (int i = 0; i < n && i < nfound; i++)
		EXPECT(found[i] == want[i], "CPU %d: APIC ID %u, want %u (found:%s)", i, found[i], want[i], got);
}

/* A valid ACPI 1.0 set below 4 GiB: RSDP -> RSDT -> a FACP and the MADT. */
static uint64_t acpi1_low(void)
{
	uint8_t *rsdp = low, *rsdt = low + 0x100, *facp = low + 0x200, *madt = low + 0x400;
	uint64_t pas[2] = { pa_of(facp), pa_of(madt) };

	table_at(facp, "FACP");
	table_sum(facp);
	madt_at(madt);
	madt_lapic(madt, 0, 1);
	madt_lapic(madt, 1, 0);         /* disabled: not a CPU to start */
	madt_lapic(madt, 2, 1);
	table_sum(madt);
	root_at(rsdt, 4, pas, 2);
	rsdp_at(rsdp, 0, (uint32_t)pa_of(rsdt), 0);
	return pa_of(rsdp);
}

static void early_rsdt(void)
{
	uint64_t rsdp = acpi1_low();
	static const uint32_t want[] = { 0, 2 };

	EXPECT(acpi_read_early(rsdp) == 1, "the early read kept no MADT");
	const char *how = acpi_find_cpus();
	EXPECT(how && strcmp(how, HOW_BOOTPATH) == 0, "how: %s", how ? how : "(none)");
	expect_found(want, 2);
	EXPECT(window_reads == 0, "%d reads through the window: the early read found the MADT", window_reads);
}

static void early_xsdt_x2apic(void)
{
	uint8_t *rsdp = low, *xsdt = low + 0x100, *madt = low + 0x400;
	uint64_t pas[1] = { pa_of(madt) };
	static const uint32_t want[] = { 0, 300 };

	madt_at(madt);
	madt_lapic(madt, 0, 1);
	madt_x2apic(madt, 300, 1);
	madt_x2apic(madt, 301, 0);
	table_sum(madt);
	root_at(xsdt, 8, pas, 1);
	rsdp_at(rsdp, 2, 0, pa_of(xsdt));
	acpi_read_early(pa_of(rsdp));
	EXPECT(acpi_find_cpus() != NULL, "no MADT found");
	expect_found(want, 2);
	EXPECT(window_reads == 0, "%d reads through the window", window_reads);
}

/* A MADT above 4 GiB is out of the early read's reach: acpi_find_cpus reads it through the window. */
static void madt_above_4g(void)
{
	uint8_t *rsdp = low, *xsdt = low + 0x100;
	uint8_t *madt = malloc(4096);
	static const uint32_t want[] = { 0, 1 };

	REQUIRE(madt != NULL, "malloc");
	if (pa_of(madt) < DIRECT_END) {
		free(madt);
		REQUIRE(0, "the heap is below 4 GiB here: this case needs memory above it");
	}
	uint64_t pas[1] = { pa_of(madt) };
	madt_at(madt);
	madt_lapic(madt, 0, 1);
	madt_lapic(madt, 1, 1);
	table_sum(madt);
	root_at(xsdt, 8, pas, 1);
	rsdp_at(rsdp, 2, 0, pa_of(xsdt));
	EXPECT(acpi_read_early(pa_of(rsdp)) == 0, "the early read kept a MADT it cannot reach");
	EXPECT(early_len == 0, "the early read kept a MADT of %u bytes it cannot reach", early_len);
	EXPECT(window_reads == 0, "the early read went through the window");
	const char *how = acpi_find_cpus();
	EXPECT(how && strcmp(how, HOW_BOOTPATH) == 0, "how: %s", how ? how : "(none)");
	expect_found(want, 2);
	EXPECT(window_reads > 0, "the MADT was not read through the window");
	free(madt);
}

static void bad_checksum(void)
{
	uint64_t rsdp = acpi1_low();

	low[0x400 + 9]++;               /* the MADT's checksum */
	EXPECT(acpi_read_early(rsdp) == 0, "the early read kept a MADT whose bytes do not sum to 0");
	EXPECT(acpi_find_cpus() == NULL, "a MADT whose bytes do not sum to 0 was believed");
	EXPECT(nfound == 0, "%d CPUs found", nfound);
}

/*
 * bios_acpi writes, in the fake low MiB, an ACPI 1.0 RSDP at rsdp whose
 * RSDT (at 0xf6000) lists a MADT (at 0xf7000) naming one CPU, apicid;
 * then acpi_read_early(boot_rsdp) must find it there, straight from
 * memory, and acpi_find_cpus walk it.
 */
static void bios_acpi(uint32_t rsdp, uint64_t boot_rsdp, uint32_t apicid)
{
	uint64_t pas[1] = { 0xf7000 };

	madt_at(lowmib + 0xf7000);
	madt_lapic(lowmib + 0xf7000, (uint8_t)apicid, 1);
	table_sum(lowmib + 0xf7000);
	root_at(lowmib + 0xf6000, 4, pas, 1);
	rsdp_at(lowmib + rsdp, 0, 0xf6000, 0);
	EXPECT(acpi_read_early(boot_rsdp) == 1, "the early read kept no MADT");
	const char *how = acpi_find_cpus();
	EXPECT(how && strcmp(how, HOW_BIOS) == 0, "how: %s", how ? how : "(none)");
	expect_found(&apicid, 1);
	EXPECT(window_reads == 0, "%d reads through the window", window_reads);
}

/* The boot path's RSDP is broken; the search finds a good one in the BIOS ROM's upper half. */
static void bad_rsdp_checksum_then_bios(void)
{
	uint64_t bad = acpi1_low();

	low[8]++;                       /* the boot path's RSDP: its checksum off */
	put16(lowmib + BDA_EBDA_SEGMENT, FAKE_EBDA >> 4);
	bios_acpi(0xf5810, bad, 7);
}

/* The ROM's upper half is searched first, then the lower: an RSDP there is found too. */
static void rsdp_in_e_segment(void)
{
	bios_acpi(0xe1000, 0, 3);
}

static void broken_entry(void)
{
	uint8_t *rsdp = low, *rsdt = low + 0x100, *madt = low + 0x400;
	uint64_t pas[1] = { pa_of(madt) };
	uint8_t broken[2] = { MADT_LAPIC, 1 };  /* a length under 2: nothing after it can be trusted */
	static const uint32_t want[] = { 4 };

	madt_at(madt);
	madt_lapic(madt, 4, 1);
	table_add(madt, broken, sizeof broken);
	madt_lapic(madt, 5, 1);
	table_sum(madt);
	root_at(rsdt, 4, pas, 1);
	rsdp_at(rsdp, 0, (uint32_t)pa_of(rsdt), 0);
	acpi_read_early(pa_of(rsdp));
	EXPECT(acpi_find_cpus() != NULL, "the MADT was not read");
	expect_found(want, 1);
}

static void root_too_long(void)
{
	uint8_t *rsdp = low, *rsdt = low + 0x100, *madt = low + 0x8000;
	uint64_t pas[1] = { pa_of(madt) };

	madt_at(madt);
	madt_lapic(madt, 0, 1);
	table_sum(madt);
	root_at(rsdt, 4, pas, 1);
	put32(rsdt + 4, sizeof rootbuf + 4);    /* longer than the buffer: not believed */
	table_sum(rsdt);
	rsdp_at(rsdp, 0, (uint32_t)pa_of(rsdt), 0);
	acpi_read_early(pa_of(rsdp));
	EXPECT(acpi_find_cpus() == NULL, "a root table longer than rootbuf was read");
	EXPECT(nfound == 0, "%d CPUs found", nfound);
}

/* mp_table writes an MP floating pointer at fpa and, if config, its table there: CPUs 0 and 1 enabled, 2 not. */
static void mp_table(uint32_t fpa, uint32_t config, uint8_t feature0)
{
	uint8_t *f = lowmib + fpa;

	memcpy(f, "_MP_", 4);
	put32(f + 4, config);
	f[8] = 1;                       /* 16 bytes */
	f[11] = feature0;
	f[10] = (uint8_t)-bios_sum(f, 16);
	if (config == 0)
		return;
	uint8_t *c = lowmib + config;
	uint8_t cpu[3][20] = { { MP_PROCESSOR, 0, 0x14, 3 }, { MP_PROCESSOR, 1, 0x14, 1 },
			       { MP_PROCESSOR, 2, 0x14, 0 } };
	uint8_t bus[8] = { 1, 0, 'I', 'S', 'A' };
	uint16_t len = sizeof(struct mpconfig);
	memset(c, 0, sizeof(struct mpconfig));
	memcpy(c, "PCMP", 4);
	for (int i = 0; i < 3; i++, len += 20)
		memcpy(c + len, cpu[i], 20);
	memcpy(c + len, bus, 8);
	len += 8;
	put16(c + 4, len);
	c[7] = (uint8_t)-bios_sum(c, len);
}

static void mptable(void)
{
	static const uint32_t want[] = { 0, 1 };

	put16(lowmib + BDA_EBDA_SEGMENT, FAKE_EBDA >> 4);
	mp_table(0xf5a00, 0xf6000, 0);
	mptable_read_early();
	const char *how = mptable_find_cpus();
	EXPECT(how && strcmp(how, "the MP table") == 0, "how: %s", how ? how : "(none)");
	expect_found(want, 2);
}

static void mptable_in_ebda(void)
{
	static const uint32_t want[] = { 0, 1 };

	put16(lowmib + BDA_EBDA_SEGMENT, FAKE_EBDA >> 4);
	mp_table(FAKE_EBDA + 0x40, 0xf6000, 0);
	mptable_read_early();
	EXPECT(mptable_find_cpus() != NULL, "no MP table found in the EBDA");
	expect_found(want, 2);
}

static void mptable_default_config(void)
{
	static const uint32_t want[] = { 0, 1 };

	mp_table(0xf5a00, 0, 5);        /* a default configuration: two CPUs, no table */
	mptable_read_early();
	const char *how = mptable_find_cpus();
	EXPECT(how && strstr(how, "default"), "how: %s", how ? how : "(none)");
	expect_found(want, 2);
}

static void mptable_bad_checksum(void)
{
	mp_table(0xf5a00, 0xf6000, 0);
	lowmib[0xf6000 + 7]++;
	mptable_read_early();
	EXPECT(mptable_find_cpus() == NULL, "a configuration table whose bytes do not sum to 0 was believed");
	EXPECT(nfound == 0, "%d CPUs found", nfound);
}

static void none(void)
{
	cpus_read_early(0);
	EXPECT(mptable_find_cpus() == NULL, "an MP table found in an empty BIOS area");
	EXPECT(acpi_find_cpus() == NULL, "ACPI's tables found in an empty BIOS area");
	EXPECT(nfound == 0, "%d CPUs found", nfound);
}

/* Both tables there: cpus_read_early keeps ACPI's and leaves the MP table unread. */
static void madt_before_mptable(void)
{
	uint64_t rsdp = acpi1_low();

	mp_table(0xf5a00, 0xf6000, 0);
	cpus_read_early(rsdp);
	EXPECT(acpi_find_cpus() != NULL, "the MADT was not kept");
	EXPECT(mptable_find_cpus() == NULL, "the MP table was read as well as the MADT");
}

/* No RSDP anywhere: cpus_read_early reads the MP table. */
static void mptable_without_acpi(void)
{
	static const uint32_t want[] = { 0, 1 };

	mp_table(0xf5a00, 0xf6000, 0);
	cpus_read_early(0);
	EXPECT(acpi_find_cpus() == NULL, "ACPI's tables found where there are none");
	EXPECT(mptable_find_cpus() != NULL, "the MP table was not read");
	expect_found(want, 2);
}

int main(void)
{
	low = mmap((void *)LOW_BASE, LOW_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (low != (uint8_t *)LOW_BASE) {
		fprintf(stderr, "acpi: cannot map the region at %#lx below 4 GiB\n", LOW_BASE);
		return 1;
	}
	unit_init();
	unit_reset = reset;
	unit_run("early-rsdt", early_rsdt);
	unit_run("early-xsdt-x2apic", early_xsdt_x2apic);
	unit_run("madt-above-4g-through-window", madt_above_4g);
	unit_run("bad-madt-checksum", bad_checksum);
	unit_run("bad-rsdp-then-bios-area", bad_rsdp_checksum_then_bios);
	unit_run("rsdp-in-e-segment", rsdp_in_e_segment);
	unit_run("broken-madt-entry", broken_entry);
	unit_run("root-table-too-long", root_too_long);
	unit_run("mptable-rom", mptable);
	unit_run("mptable-ebda", mptable_in_ebda);
	unit_run("mptable-default-config", mptable_default_config);
	unit_run("mptable-bad-checksum", mptable_bad_checksum);
	unit_run("none", none);
	unit_run("madt-before-mptable", madt_before_mptable);
	unit_run("mptable-without-acpi", mptable_without_acpi);
	return unit_done();
}
