/*
 * vm.c - the kernel's address space, built once at boot.
 *
 * The kernel image is mapped with its real permissions (text read and
 * execute, read-only data and the function table read-only, data, bss
 * and goroutine 1's stack read-write, never executable; the stack's
 * guard pages not at all), all RAM below DIRECTMAP_END is mapped at its
 * own address read-write and never executable (the direct map page
 * tables and free frames are reached through), and page 0 stays unmapped so a NULL
 * dereference faults. The direct map takes 2 MiB pages wherever a whole
 * aligned one is RAM clear of the image and page 0, 4 KiB pages at the
 * ends: 256 MiB is 128 entries instead of 65,536 (the boot's time, and
 * the TLB's reach). Everything else is mapped on demand by the Sys*
 * calls in kernel/mem.c. The boot page tables are dropped for these.
 */
#include "platform.h"
#include "bootinfo.h"
#include "machine.h"

static _Noreturn void no_table(uintptr_t va)
{
	fatal("out of memory: no page-table page for %p while building the kernel's "
	      "address space (%lu of %lu pages free)", (void *)va,
	      (unsigned long)physmem_free_pages(), (unsigned long)physmem_total_pages());
}

/*
 * vm_map_identity (platform.h) maps in runs (mmu_map_run: one table
 * walk for many pages). One copy, not one inlined per call: under an
 * emulator each is translated.
 */
__attribute__((noinline)) void vm_map_identity(uintptr_t lo, uintptr_t hi, unsigned prot)
{
	uint64_t pa[64];

	while (lo < hi) {
		size_t n = 0;
		for (; n < nelem(pa) && lo + n * PageSize < hi; n++)
			pa[n] = lo + n * PageSize;
		if (mmu_map_run(lo, pa, n, prot) < 0)
			no_table(lo);
		lo += n * PageSize;
	}
}

/*
 * map_ram maps [lo, hi) (page-aligned, below DIRECTMAP_END, so in
 * uintptr_t: no 64-bit arithmetic on 32-bit machines) read-write at its
 * own address, in 2 MiB pages where they fit. One copy for vm_init's
 * two calls.
 */
static __attribute__((noinline)) void map_ram(uintptr_t lo, uintptr_t hi)
{
	uintptr_t a = lo;

	while (a < hi) {
		if ((a & (MMU_LARGE - 1)) == 0 && hi - a >= MMU_LARGE) {
			if (mmu_map_large(a, a, MMU_R | MMU_W) < 0)
				no_table(a);
			a += MMU_LARGE;
		} else {
			/* 4 KiB pages up to the next 2 MiB boundary or hi */
			uintptr_t end = (a | (MMU_LARGE - 1)) + 1;
			if (end > hi)
				end = hi;
			vm_map_identity(a, end, MMU_R | MMU_W);
			a = end;
		}
	}
}

/*
 * The image's parts and their protection, mapped in one loop (one call
 * site, not seven: under an emulator each is code to translate). Each
 * part by its own bounds: their order differs (linker/<arch>.ld).
 */
static const struct {
	const char *lo, *hi;
	unsigned prot;
} image[] = {
	{ text_start, etext, MMU_R | MMU_X },
	{ rodata_start, erodata, MMU_R },
	{ data_start, edata, MMU_R | MMU_W },
	{ noinit_start, noinit_end, MMU_R | MMU_W },    /* NOINIT's buffers */
	{ bss_start, ebss, MMU_R | MMU_W },
	{ mainstack_lo, mainstack_hi, MMU_R | MMU_W },  /* goroutine 1's stack; its guard pages stay unmapped */
	{ gosymtab, end, MMU_R },                       /* the function table */
};

void vm_init(struct bootinfo *bi)
{
	mmu_init();

#pragma clang loop unroll(disable)
	for (size_t i = 0; i < nelem(image); i++)
		vm_map_identity((uintptr_t)image[i].lo, (uintptr_t)image[i].hi, image[i].prot);

	/* The direct map: all RAM but page 0 and the image. */
	for (int i = 0; i < bi->nmem; i++) {
		uint64_t base = bi->mem[i].base, top = base + bi->mem[i].len;
		if (base >= DIRECTMAP_END)
			continue;
		uintptr_t lo = ((uintptr_t)base + PageSize - 1) & ~(uintptr_t)(PageSize - 1);
		uintptr_t hi = top > DIRECTMAP_END ? DIRECTMAP_END : (uintptr_t)top & ~(uintptr_t)(PageSize - 1);
		if (lo < PageSize)
			lo = PageSize;
		uintptr_t ks = (uintptr_t)kernel_start, ke = (uintptr_t)end;
		map_ram(lo, hi < ks ? hi : lo > ks ? lo : ks);          /* below the image */
		map_ram(lo > ke ? lo : ke < hi ? ke : hi, hi);          /* above it */
	}

	platform_map_devices(bi);
	mmu_activate();
}
