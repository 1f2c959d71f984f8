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
 * While the low MiB is still mapped one to one (acpi_read_early, before
 * the kernel's page tables), a caller asks for the areas to be read
 * straight from memory instead ("direct"): the same search, no window.
 */
#include <stdint.h>
#include "cpufind.h"
#include "physwin.h"
#include "machine.h"

#define PAGE                    4096    /* a multiple of 16: no anchor straddles two pages */
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

uint32_t bios_ebda(int direct)
{
	uint16_t seg;

	if (direct)
		seg = *(const volatile uint16_t *)BDA_EBDA_SEGMENT;
	else
		phys_read(&seg, BDA_EBDA_SEGMENT, sizeof seg);
	uint32_t pa = (uint32_t)seg << 4;
	/* Anywhere else it is not an EBDA pointer: a firmware (UEFI, microvm's) that set none. */
	return pa >= 0x80000 && pa < 0xa0000 ? pa : 0;
}

/* sig32 reads 4 bytes of a signature as the little-endian word they make in memory. */
static uint32_t sig32(const char *s)
{
	return (uint32_t)(uint8_t)s[0] | (uint32_t)(uint8_t)s[1] << 8 |
	       (uint32_t)(uint8_t)s[2] << 16 | (uint32_t)(uint8_t)s[3] << 24;
}

/* anchor: the offset of the first 16-byte boundary of the len bytes at p (16-byte aligned) holding sig, or len. */
static uint32_t anchor(const volatile uint8_t *p, uint32_t len, const char *sig, int n)
{
	uint32_t w0 = sig32(sig), w1 = n == 8 ? sig32(sig + 4) : 0, off;

	/* a word at a time: under an emulator, fewer blocks to translate */
	for (off = 0; off + (uint32_t)n <= len; off += 16) {
		const volatile uint32_t *w = (const volatile uint32_t *)(p + off);
		if (w[0] == w0 && (n == 4 || w[1] == w1))
			return off;
	}
	return len;
}

uint32_t bios_scan(uint32_t lo, uint32_t hi, const char *sig, int n, int (*ok)(uint64_t pa), int direct)
{
	uint32_t at = (lo + 15) & ~15u;

	while (at < hi) {
		/* straight from memory, the rest of the area; through the window, the rest of at's page */
		uint32_t end = direct ? hi : (at | (PAGE - 1)) + 1;
		uint32_t len = (end < hi ? end : hi) - at;
		uint32_t off = anchor(direct ? (const volatile uint8_t *)(uintptr_t)at : phys_page(at), len, sig, n);
		if (!direct)
			phys_page_done();
		if (off == len) {
			at += (len + 15) & ~15u;        /* not here: the next page */
			continue;
		}
		if (ok(at + off))                       /* outside the page's hold on the window */
			return at + off;
		at += off + 16;
	}
	return 0;
}
