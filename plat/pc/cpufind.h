/*
 * cpufind.h - the CPUs a PC's firmware lists, i386 and amd64.
 *
 * Two tables may list them: ACPI's MADT (every PC of this century, QEMU's
 * pc, q35 and microvm) and, before it, the MultiProcessor Specification's
 * MP table (QEMU's microvm firmware writes one too, the only list when
 * ACPI is off: -M microvm,acpi=off). Each reader hands every enabled
 * CPU's local APIC ID to cpu_found, in the table's order; smp.c numbers
 * them (the boot CPU 0, the others from 1 in that order). Both are
 * read at platform_init, straight from memory (cpus_read_early), and
 * walked by cpus_init.
 */
#ifndef GORO_PC_CPUFIND_H
#define GORO_PC_CPUFIND_H

#include <stddef.h>
#include <stdint.h>
#include "bootinfo.h"          /* boot_le32: the tables' fields and signatures */

/* cpu_found records an enabled CPU, by local APIC ID (smp.c). */
void cpu_found(uint32_t apicid);

/*
 * acpi_read_early reads the MADT straight from memory, through the RSDP
 * at rsdp (0, or one that does not check out: searched for in the BIOS
 * areas), and keeps it, and the RSDP, for acpi_find_cpus. Returns 1 if
 * it kept a MADT, 0 if not (none, or one above 4 GiB).
 */
int acpi_read_early(uint64_t rsdp);

/*
 * acpi_find_cpus calls cpu_found for each enabled local APIC of the
 * MADT acpi_read_early kept or, if it kept none but found an RSDP, of
 * the one read now through the physical-memory window (tables above
 * 4 GiB). Returns a few words naming what it read, or NULL if there is
 * no valid RSDP or MADT.
 */
const char *acpi_find_cpus(void);

/*
 * mptable_read_early finds the MP floating pointer in the BIOS areas
 * and keeps it and its configuration table, read straight from memory,
 * for mptable_find_cpus.
 */
void mptable_read_early(void);

/*
 * mptable_find_cpus calls cpu_found for each enabled processor of the
 * MP table mptable_read_early kept. Returns a few words naming what it
 * read, or NULL if there is none.
 */
const char *mptable_find_cpus(void);

/* bios.c: low memory, read while it is one to one. */

/*
 * LOW_PHYS is where physical address pa (below 4 GiB) is read while the
 * low 4 GiB are mapped one to one: at pa itself. The unit test
 * (tests/unit/acpi.c) defines it first, to memory of its own.
 */
#ifndef LOW_PHYS
#define LOW_PHYS(pa) ((const uint8_t *)(uintptr_t)(pa))
#endif

/* low_read copies the n bytes at physical address pa (all below 4 GiB) to dst. */
static inline void low_read(void *dst, uint32_t pa, size_t n)
{
	const uint8_t *src = LOW_PHYS(pa);
	uint8_t *d = dst;

	/* a byte at a time: under an emulator, fewer blocks to translate than a memcpy */
#pragma clang loop vectorize(disable) interleave(disable) unroll(disable)
	for (size_t i = 0; i < n; i++)
		d[i] = src[i];
}

/*
 * bios_scan looks for the signature sig (n bytes: 4 or 8) on the
 * 16-byte boundaries of [lo, hi) and returns the first address where
 * ok(address) also holds, or 0 (acpi.c: the RSDP; mptable.c: the MP
 * floating pointer).
 */
uint32_t bios_scan(uint32_t lo, uint32_t hi, const char *sig, int n, int (*ok)(uint64_t pa));
/* bios_ebda is the extended BIOS data area's start as the BIOS data area names it, or 0. */
uint32_t bios_ebda(void);
/*
 * bios_sum adds up the n bytes at p (modulo 256): ACPI's and the MP
 * table's checksums make a valid structure's bytes sum to 0.
 */
uint8_t bios_sum(const void *p, size_t n);

/*
 * cpus_read_early, at platform_init, while the low 4 GiB are mapped one
 * to one, reads the tables that list the CPUs straight from memory and
 * keeps them for cpus_init: ACPI's MADT (acpi_read_early) or, if that
 * kept none, the MP table (mptable_read_early).
 */
static inline void cpus_read_early(uint64_t rsdp)
{
	if (!acpi_read_early(rsdp))
		mptable_read_early();   /* no MADT within reach: the MP table, if there is one */
}

#endif
