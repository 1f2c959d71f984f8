/*
 * efimap.c - fuzz target: the UEFI memory map as the loader hands it to
 * the kernel (boot/amd64/efi/efimap.c: descriptors at the firmware's
 * stride into bootinfo's sorted, merged RAM ranges).
 *
 * The input is the descriptor stride (2 bytes, little endian) and the
 * map GetMemoryMap returned, in a buffer of exactly its size. Checked:
 * nothing is read outside the map, the ranges are sorted, separate (not
 * even touching), non-empty and below 2^64, and - whenever the usable
 * RAM makes no more than BOOT_MAXMEM separate ranges, so nothing had to
 * be dropped - exactly the union of the usable descriptors, as a plain
 * sort-and-merge computes it here.
 *
 * FUZZ_BUILD: -Iboot/amd64/efi
 */
#include "../../boot/amd64/efi/efimap.c"
#include "bootinfo_check.h"

struct iv {
	uint64_t base, end;     /* end inclusive: a range may end at 2^64-1 */
};

static int bybase(const void *a, const void *b)
{
	const struct iv *x = a, *y = b;
	return x->base < y->base ? -1 : x->base > y->base;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	uint64_t dsize = data[0] | (uint64_t)data[1] << 8;
	size -= 2;
	uint8_t *map = malloc(size ? size : 1);
	memcpy(map, data + 2, size);
	memset(&fuzz_bi, 0, sizeof fuzz_bi);
	fuzz_bi.bootpath = "uefi";
	int n = efimap_ranges(&fuzz_bi, map, size, dsize);
	if (dsize < EFIMAP_DESC_MIN) {
		FUZZ_CHECK(n == -1 && fuzz_bi.nmem == 0, "a stride of %lu was read", (unsigned long)dsize);
		free(map);
		return 0;
	}
	FUZZ_CHECK(n == fuzz_bi.nmem, "returned %d, %d ranges", n, fuzz_bi.nmem);
	fuzz_check_bootinfo(&fuzz_bi, "uefi");
	const struct memrange *r = fuzz_bi.mem;
	for (int i = 0; i < n; i++) {
		FUZZ_CHECK(r[i].len - 1 <= UINT64_MAX - r[i].base, "range %d runs past 2^64", i);
		FUZZ_CHECK(i == 0 || r[i - 1].base + r[i - 1].len < r[i].base, "ranges %d and %d touch or are unsorted",
			   i - 1, i);
	}

	/* The reference: every usable descriptor's pages, sorted and merged. */
	size_t nd = size / dsize, k = 0, m = 0;
	struct iv *iv = malloc((nd ? nd : 1) * sizeof *iv);
	for (size_t i = 0; i < nd; i++) {
		const uint8_t *d = map + i * dsize;
		uint64_t base = boot_le64(d + D_PHYS), pages = boot_le64(d + D_PAGES);
		uint64_t most = (UINT64_MAX - base) >> EFI_PAGE_SHIFT;
		if (pages > most)
			pages = most;
		if (usable((uint32_t)boot_le64(d + D_TYPE)) && pages > 0)
			iv[k++] = (struct iv){ base, base + (pages << EFI_PAGE_SHIFT) - 1 };
	}
	qsort(iv, k, sizeof *iv, bybase);
	for (size_t i = 0; i < k; i++) {
		if (m > 0 && iv[i].base <= iv[m - 1].end + 1 && iv[m - 1].end != UINT64_MAX) {
			if (iv[i].end > iv[m - 1].end)
				iv[m - 1].end = iv[i].end;
		} else if (m > 0 && iv[m - 1].end == UINT64_MAX) {
			;       /* already reaches the top */
		} else {
			iv[m++] = iv[i];
		}
	}
	if (m <= BOOT_MAXMEM) {
		FUZZ_CHECK((size_t)n == m, "%d ranges, want %zu", n, m);
		for (size_t i = 0; i < m; i++)
			FUZZ_CHECK(r[i].base == iv[i].base && r[i].base + r[i].len - 1 == iv[i].end,
				   "range %zu is [%#llx, +%#llx), want [%#llx, %#llx]", i,
				   (unsigned long long)r[i].base, (unsigned long long)r[i].len,
				   (unsigned long long)iv[i].base, (unsigned long long)iv[i].end);
	}
	free(iv);
	free(map);
	return 0;
}
