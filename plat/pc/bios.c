/*
 * bios.c - searching the legacy BIOS areas for a firmware table's anchor.
 *
 * Before UEFI, firmware left the roots of its tables (ACPI's RSDP, the
 * MP floating pointer) on a 16-byte boundary in one of a few places:
 * the first KiB of the extended BIOS data area, the last KiB of base
 * memory, the BIOS ROM at 0xe0000-0xfffff. The areas are searched in
 * place, through the physical-memory window a page at a time (copying
 * them out first ran 20,000 more loop turns under an emulator); a hit
 * counts only once the caller's check (a checksum: both kinds of table
 * use byte sums) accepts it, outside the page's hold on the window.
 * The search itself (bios_anchor) takes any bytes it can read: acpi.c
 * runs it on the areas directly too, before the kernel's page tables
 * (acpi_read_early).
 */
#include <stdint.h>
#include "cpufind.h"
#include "physwin.h"
#include "machine.h"

#define PAGE                    4096    /* a multiple of 16: no anchor straddles two pages */

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

uint32_t bios_ebda_at(uint16_t segment)
{
	uint32_t pa = (uint32_t)segment << 4;
	/* Anywhere else it is not an EBDA pointer: a firmware (UEFI, microvm's) that set none. */
	return pa >= 0x80000 && pa < 0xa0000 ? pa : 0;
}

uint64_t bios_ebda(void)
{
	uint16_t seg;

	phys_read(&seg, BDA_EBDA_SEGMENT, sizeof seg);
	return bios_ebda_at(seg);
}

/* sig32 reads 4 bytes of a signature as the little-endian word they make in memory. */
static uint32_t sig32(const char *s)
{
	return (uint32_t)(uint8_t)s[0] | (uint32_t)(uint8_t)s[1] << 8 |
	       (uint32_t)(uint8_t)s[2] << 16 | (uint32_t)(uint8_t)s[3] << 24;
}

size_t bios_anchor(const volatile uint8_t *p, size_t off, size_t len, const char *sig, int n)
{
	uint32_t w0 = sig32(sig), w1 = n == 8 ? sig32(sig + 4) : 0;

	/* a word at a time (p + off is 16-byte aligned): under an emulator, fewer blocks to translate */
	for (; off + (size_t)n <= len; off += 16) {
		const volatile uint32_t *w = (const volatile uint32_t *)(p + off);
		if (w[0] == w0 && (n == 4 || w[1] == w1))
			return off;
	}
	return len;
}

uint64_t bios_scan(uint64_t lo, uint64_t hi, const char *sig, int n, int (*ok)(uint64_t pa))
{
	uint64_t at = (lo + 15) & ~(uint64_t)15;

	while (at < hi) {
		uint64_t end = (at | (PAGE - 1)) + 1;   /* the rest of at's page in the area */
		size_t len = (size_t)((end < hi ? end : hi) - at);
		size_t off = bios_anchor(phys_page(at), 0, len, sig, n);
		phys_page_done();
		if (off == len) {
			at += (len + 15) & ~(size_t)15;  /* not in this page: the next */
			continue;
		}
		if (ok(at + off))                       /* the caller's check reads through the window */
			return at + off;
		at += off + 16;
	}
	return 0;
}
