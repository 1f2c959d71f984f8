/*
 * bios.c - low memory as the firmware left it, read straight from
 * memory: the legacy BIOS areas and the tables they lead to.
 *
 * Before UEFI, firmware left the roots of its tables (ACPI's RSDP, the
 * MP floating pointer) on a 16-byte boundary in one of a few places:
 * the first KiB of the extended BIOS data area, the last KiB of base
 * memory, the BIOS ROM at 0xe0000-0xfffff. All of it is read at
 * platform_init, while the low 4 GiB are still mapped one to one
 * (i386: paging not on yet; amd64: the boot tables), with plain loads:
 * no window to map a page at a time, and what is kept is copied out
 * then (acpi_read_early, mptable_read_early), so nothing later needs
 * these areas mapped. A hit counts only once the caller's check (a
 * checksum: both kinds of table use byte sums) accepts it.
 */
#include <stdint.h>
#include "cpufind.h"

#define BDA_EBDA_SEGMENT        0x40e   /* the BIOS data area's word: the EBDA's segment */

uint8_t bios_sum(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	/* a byte at a time: vectorized, its dozen blocks cost more to translate than they save */
#pragma clang loop vectorize(disable) interleave(disable) unroll(disable)
	for (size_t i = 0; i < n; i++)
		sum += b[i];
	return sum;
}

uint32_t bios_ebda(void)
{
	const uint8_t *w = LOW_PHYS(BDA_EBDA_SEGMENT);
	uint32_t pa = (uint32_t)(w[0] | w[1] << 8) << 4;

	/* Anywhere else it is not an EBDA pointer: a firmware (UEFI, microvm's) that set none. */
	return pa >= 0x80000 && pa < 0xa0000 ? pa : 0;
}

uint32_t bios_scan(uint32_t lo, uint32_t hi, const char *sig, int n, int (*ok)(uint64_t pa))
{
	uint32_t w0 = boot_le32(sig), w1 = n == 8 ? boot_le32(sig + 4) : 0;

	/* a word at a time: under an emulator, fewer blocks to translate */
	for (uint32_t at = (lo + 15) & ~15u; at + (uint32_t)n <= hi; at += 16) {
		const uint32_t *w = (const uint32_t *)LOW_PHYS(at);
		if (w[0] == w0 && (n == 4 || w[1] == w1) && ok(at))
			return at;
	}
	return 0;
}
