/*
 * bios.c - searching the legacy BIOS areas for a firmware table's anchor.
 *
 * Before UEFI, firmware left the roots of its tables (ACPI's RSDP, the
 * MP floating pointer) on a 16-byte boundary in one of a few places:
 * the first KiB of the extended BIOS data area, the last KiB of base
 * memory, the BIOS ROM at 0xe0000-0xfffff. The areas are read through
 * the physical-memory window a page at a time; a hit counts only once
 * the caller's check (a checksum: both kinds of table use byte sums)
 * accepts it.
 */
#include <stdint.h>
#include "cpufind.h"
#include "physwin.h"
#include "machine.h"

#define BDA_EBDA_SEGMENT        0x40e   /* the BIOS data area's word: the EBDA's segment */
#define CHUNK                   4096    /* a multiple of 16: no anchor straddles two */

static uint8_t chunk[CHUNK];            /* only the boot CPU searches, once */

int bios_sums_to_zero(uint64_t pa, uint32_t n)
{
	uint8_t buf[64], sum = 0;

	while (n > 0) {
		uint32_t k = n < sizeof buf ? n : sizeof buf;
		phys_read(buf, pa, k);
		/* a byte at a time: vectorized, its dozen blocks cost more to translate than they save */
#pragma clang loop vectorize(disable) interleave(disable) unroll(disable)
		for (uint32_t i = 0; i < k; i++)
			sum += buf[i];
		pa += k;
		n -= k;
	}
	return sum == 0;
}

uint64_t bios_ebda(void)
{
	uint16_t seg;

	phys_read(&seg, BDA_EBDA_SEGMENT, sizeof seg);
	uint64_t pa = (uint64_t)seg << 4;
	/* Anywhere else it is not an EBDA pointer: a firmware (UEFI, microvm's) that set none. */
	return pa >= 0x80000 && pa < 0xa0000 ? pa : 0;
}

uint64_t bios_scan(uint64_t lo, uint64_t hi, const char *sig, int n, int (*ok)(uint64_t pa))
{
	for (uint64_t at = lo & ~(uint64_t)15; at < hi; at += CHUNK) {
		size_t len = hi - at < CHUNK ? (size_t)(hi - at) : CHUNK;
		phys_read(chunk, at, len);
		for (size_t off = 0; off + (size_t)n <= len; off += 16) {
			if (chunk[off] != (uint8_t)sig[0])
				continue;       /* nearly every place: one compare a turn */
			int i = 1;
			while (i < n && chunk[off + i] == (uint8_t)sig[i])
				i++;
			if (i == n && ok(at + off))
				return at + off;
		}
	}
	return 0;
}
