/*
 * cpufind.h - the CPUs a PC's firmware lists, i386 and amd64.
 *
 * Two tables may list them: ACPI's MADT (every PC of this century, QEMU's
 * pc, q35 and microvm) and, before it, the MultiProcessor Specification's
 * MP table (QEMU's microvm firmware writes one too, the only list when
 * ACPI is off: -M microvm,acpi=off). Each reader hands every enabled
 * CPU's local APIC ID to cpu_found, in the table's order; smp.c numbers
 * them (the boot CPU 0, the others from 1 in that order).
 */
#ifndef GORO_PC_CPUFIND_H
#define GORO_PC_CPUFIND_H

#include <stddef.h>
#include <stdint.h>

/* cpu_found records an enabled CPU, by local APIC ID (smp.c). */
void cpu_found(uint32_t apicid);

/*
 * acpi_read_early, at platform_init, while the low 4 GiB are mapped one
 * to one, reads the MADT straight from memory, through the RSDP at
 * rsdp (0, or one that does not check out: searched for in the BIOS
 * areas), and keeps it for acpi_find_cpus.
 */
void acpi_read_early(uint64_t rsdp);

/*
 * acpi_find_cpus calls cpu_found for each enabled local APIC of the
 * MADT acpi_read_early kept or, if it kept none, of the one read now
 * through the window, the RSDP found as acpi_read_early does. Returns
 * a few words naming what it read, or NULL if there is no valid RSDP
 * or MADT.
 */
const char *acpi_find_cpus(uint64_t rsdp);

/*
 * mptable_find_cpus finds the MP floating pointer in the BIOS areas
 * and calls cpu_found for each enabled processor of its table. Returns
 * a few words naming what it read, or NULL if there is none.
 */
const char *mptable_find_cpus(void);

/* bios.c: searching the legacy BIOS areas. */

/*
 * bios_scan looks for the signature sig (n bytes: 4 or 8) on the
 * 16-byte boundaries of [lo, hi) and returns the first address where
 * ok(address) also holds, or 0 (acpi.c: the RSDP; mptable.c: the MP
 * floating pointer). direct: the area is read straight from memory
 * (mapped one to one), not through the window.
 */
uint32_t bios_scan(uint32_t lo, uint32_t hi, const char *sig, int n, int (*ok)(uint64_t pa), int direct);
/* bios_ebda is the extended BIOS data area's start as the BIOS data area names it, or 0 (direct: as above). */
uint32_t bios_ebda(int direct);
/*
 * bios_sum adds up the n bytes at p (modulo 256): ACPI's and the MP
 * table's checksums make a valid structure's bytes sum to 0.
 */
uint8_t bios_sum(const void *p, size_t n);

#endif
