/*
 * mmu.c - the mmu interface of plat/platform.h over Linux, for kernel/mem.c.
 *
 * kernel/mem.c implements the Sys* contract on top of mmu_map/mmu_unmap
 * one page at a time; the hosted platform reuses it unchanged by giving
 * it a page table made of the process's own address space. The heap and
 * stack regions (memlayout.h) are reserved at start as inaccessible
 * address space. A page is "mapped" when it can be read and written
 * (Linux backs it with zeroed memory when first touched) and "unmapped"
 * when any access faults and its memory has been given back.
 *
 * Design choice: unmapped pages are Linux guard markers
 * (madvise MADV_GUARD_INSTALL, Linux 6.13), not mprotect'ed ranges.
 * mprotect splits the kernel's mapping records (VMAs) at every change of
 * protection, and a process may have at most vm.max_map_count of them
 * (65530 by default): 100,000 goroutine stacks, each with a guard page
 * below it, would need 200,000. Guard markers live in the page table and
 * split nothing. A region is made accessible a chunk at a time, with
 * every page of the chunk guarded at once; mapping a page removes its
 * marker. Installing markers costs by the page, so chunks are small
 * (256 KiB: a stack's first pages do not pay for 2 MiB), and a run that
 * spans chunks not open yet opens them all in one call. Each region's
 * first chunk is opened by mmu_init, as Go readies its heap's first
 * arena before main: a process's first goroutine does not wait for the
 * host's first changes to a new mapping (10 to 25 us, measured).
 * On older kernels each page is mprotect'ed instead, which works until
 * the map count limit, then stops with a fatal error saying so.
 *
 * Each region keeps one word per page: the frame's address | MAPPED
 * while mapped, otherwise the tag mmu_unmap left (shifted past MAPPED).
 * Callers hold mem.c's lock; fault reports only read the words.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include "platform.h"
#include "machine.h"

#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102
#define MADV_GUARD_REMOVE 103
#endif

enum {
	ChunkShift = 18,                /* regions open 256 KiB at a time */
	MAPPED = 1,                     /* in a page word: the page is mapped */
};

struct hregion {
	uintptr_t lo, hi;
	uint64_t *page;         /* one word per page: frame | MAPPED, or tag << 1 */
	uint8_t *open;          /* one byte per chunk: accessible and guarded */
};

static struct hregion hregions[] = {
	{ VM_HEAP_BASE, VM_HEAP_END, NULL, NULL },
	{ VM_STACK_BASE, VM_STACK_END, NULL, NULL },
};

static int guards = 1;          /* 0: this kernel has no guard markers: mprotect */

static struct hregion *hregion_of(uintptr_t va)
{
	for (size_t i = 0; i < nelem(hregions); i++)
		if (va >= hregions[i].lo && va < hregions[i].hi)
			return &hregions[i];
	return NULL;
}

static void *anon(void *at, uintptr_t n, int prot, int flags)
{
	return mmap(at, n, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | flags, -1, 0);
}

/* syserr stops on a failed system call; out of mappings is the one expected failure. */
static _Noreturn void syserr(const char *call, uintptr_t va, uintptr_t n, int err)
{
	if (err == ENOMEM)
		fatal("out of memory: %s(%p, %lu): the process has as many memory mappings as "
		      "Linux allows (vm.max_map_count); kernels from 6.13 on need far fewer "
		      "(guard pages)", call, (void *)va, (unsigned long)n);
	fatal("%s(%p, %lu) failed: errno %d", call, (void *)va, (unsigned long)n, err);
}

/* reserve maps n bytes at at (prot), or dies naming what for. */
static void *reserve(uintptr_t at, uintptr_t n, int prot, const char *what)
{
	if (anon((void *)at, n, prot, MAP_FIXED_NOREPLACE) != (void *)at)
		fatal("cannot reserve [%p, %p) for %s: errno %d", (void *)at, (void *)(at + n),
		      what, errno);
	return (void *)at;
}

/*
 * open_chunks makes the chunks holding [va, end) accessible with every
 * page guarded: each stretch of chunks not open yet in one madvise and
 * one mprotect, so a big run costs two calls however many chunks it spans.
 */
static void open_chunks(struct hregion *r, uintptr_t va, uintptr_t end)
{
	uintptr_t c = (va - r->lo) >> ChunkShift, cend = (end - 1 - r->lo) >> ChunkShift;
	while (guards && c <= cend) {
		if (r->open[c]) {
			c++;
			continue;
		}
		uintptr_t s = c;
		while (c <= cend && !r->open[c])
			c++;
		char *lo = (char *)(r->lo + (s << ChunkShift));
		uintptr_t len = (c - s) << ChunkShift;
		/* Guard first, then allow access: no page is ever open unguarded. */
		if (madvise(lo, len, MADV_GUARD_INSTALL) != 0) {
			if (errno != EINVAL)
				syserr("madvise", (uintptr_t)lo, len, errno);
			guards = 0;     /* an older kernel: protect page by page from now on */
			return;
		}
		if (mprotect(lo, len, PROT_READ | PROT_WRITE) != 0)
			syserr("mprotect", (uintptr_t)lo, len, errno);
		memset(&r->open[s], 1, c - s);
	}
}

void mmu_init(void)
{
	uintptr_t rec = VM_RECORDS_BASE;
	for (size_t i = 0; i < nelem(hregions); i++) {
		struct hregion *r = &hregions[i];
		uintptr_t n = r->hi - r->lo, npage = n / PageSize * sizeof *r->page;
		reserve(r->lo, n, PROT_NONE, "a region");
		r->page = reserve(rec, npage, PROT_READ | PROT_WRITE, "page records");
		r->open = reserve(rec + npage, n >> ChunkShift, PROT_READ | PROT_WRITE, "page records");
		rec += npage + (((n >> ChunkShift) + PageSize - 1) & ~(uintptr_t)(PageSize - 1));
		open_chunks(r, r->lo, r->lo + PageSize);
	}
}

/* The host's kernel keeps the tables: none are goro's frames. */
uintptr_t mmu_table_frames(void)
{
	return 0;
}

int mmu_map(uintptr_t va, uint64_t pa, unsigned prot)
{
	struct hregion *r = hregion_of(va);
	if (!r)
		fatal("mmu_map(%p): outside the heap and stack regions", (void *)va);
	(void)prot;             /* pages are read-write and never executable */
	uint64_t *w = &r->page[(va - r->lo) / PageSize];
	if (!(*w & MAPPED)) {
		open_chunks(r, va, va + PageSize);
		int rc = guards ? madvise((void *)va, PageSize, MADV_GUARD_REMOVE)
				: mprotect((void *)va, PageSize, PROT_READ | PROT_WRITE);
		if (rc != 0)
			syserr(guards ? "madvise" : "mprotect", va, PageSize, errno);
	}
	*w = pa | MAPPED;
	return 0;
}

/*
 * mmu_map_run: a run's pages lose their guard markers in one madvise
 * per stretch not mapped yet, not one a page (a stack's growth maps
 * hundreds of pages at once).
 */
int mmu_map_run(uintptr_t va, const uint64_t *pa, size_t n, unsigned prot)
{
	struct hregion *r = hregion_of(va);
	uintptr_t end = va + n * PageSize;
	if (!r || end > r->hi || end < va)
		fatal("mmu_map_run(%p, %zu pages): outside the heap and stack regions", (void *)va, n);
	(void)prot;
	open_chunks(r, va, end);
	uint64_t *w = &r->page[(va - r->lo) / PageSize];
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && !(w[j] & MAPPED))
			j++;
		if (j > i) {
			uintptr_t lo = va + i * PageSize, len = (j - i) * PageSize;
			int rc = guards ? madvise((void *)lo, len, MADV_GUARD_REMOVE)
					: mprotect((void *)lo, len, PROT_READ | PROT_WRITE);
			if (rc != 0)
				syserr(guards ? "madvise" : "mprotect", lo, len, errno);
		}
		for (i = j; i < n && (w[i] & MAPPED); i++)
			;
	}
	for (size_t i = 0; i < n; i++)
		w[i] = pa[i] | MAPPED;
	return 0;
}

/* drop makes [va, va+len) fault again and gives its memory back: the next mapping starts from zeroes. */
static void drop(uintptr_t va, uintptr_t len)
{
	if (guards) {
		if (madvise((void *)va, len, MADV_GUARD_INSTALL) != 0)
			syserr("madvise", va, len, errno);
	} else if (anon((void *)va, len, PROT_NONE, MAP_FIXED) == MAP_FAILED) {
		syserr("mmap", va, len, errno);
	}
}

uint64_t mmu_unmap(uintptr_t va, unsigned tag)
{
	struct hregion *r = hregion_of(va);
	if (!r)
		return MMU_NOPAGE;
	uint64_t *w = &r->page[(va - r->lo) / PageSize];
	uint64_t old = *w;
	*w = (uint64_t)tag << 1;
	if (!(old & MAPPED))
		return MMU_NOPAGE;
	drop(va, PageSize);
	return old & ~(uint64_t)MAPPED;
}

/* mmu_unmap_run (plat/platform.h): one system call for each stretch of mapped pages. */
void mmu_unmap_run(uintptr_t va, size_t n, unsigned tag, uint64_t *pa)
{
	struct hregion *r = hregion_of(va);
	if (!r || n > (r->hi - va) / PageSize) {
		for (size_t i = 0; i < n; i++)
			pa[i] = mmu_unmap(va + i * PageSize, tag);
		return;
	}
	uint64_t *w = &r->page[(va - r->lo) / PageSize];
	for (size_t i = 0; i < n; i++) {
		pa[i] = w[i] & MAPPED ? w[i] & ~(uint64_t)MAPPED : MMU_NOPAGE;
		w[i] = (uint64_t)tag << 1;
	}
	for (size_t i = 0; i < n; i++) {
		size_t j = i;
		while (j < n && pa[j] != MMU_NOPAGE)
			j++;
		if (j > i)
			drop(va + i * PageSize, (j - i) * PageSize);
		i = j;
	}
}

int mmu_lookup(uintptr_t va, uint64_t *pa, unsigned *prot, unsigned *tag)
{
	struct hregion *r = hregion_of(va);
	uint64_t w = r ? r->page[(va - r->lo) / PageSize] : 0;
	if (!(w & MAPPED)) {
		if (tag)
			*tag = (unsigned)(w >> 1);
		return 0;
	}
	if (pa)
		*pa = w & ~(uint64_t)MAPPED;
	if (prot)
		*prot = MMU_R | MMU_W;
	return 1;
}

void mmu_activate(void)
{
}

/* vm_init: the hosted address space is the regions mmu_init reserves; there is no direct map. */
void vm_init(struct bootinfo *bi)
{
	(void)bi;
	mmu_init();
}
