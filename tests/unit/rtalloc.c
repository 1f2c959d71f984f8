/*
 * rtalloc.c - unit tests of the runtime's small-object allocator
 * (runtime/rtalloc.c): its size classes, and random sequences of
 * allocations and frees against a model of what is live.
 *
 * SysAlloc and SysFree are stubs over the host's aligned pages that
 * count what is out, so a case can check that a span goes back to the
 * system exactly when its class can spare it.
 */
#include "../../runtime/rtalloc.c"
#include "unit.h"

/* --- stubs ------------------------------------------------------------------- */

struct memstats memstats;
static long pages_out;          /* pages SysAlloc gave and SysFree has not taken back */

void *SysAlloc(uintptr_t n, uint64_t *stat)
{
	void *p = aligned_alloc(PageSize, n);
	if (!p)
		abort();
	memset(p, 0, n);        /* the contract: SysAlloc's memory is zero */
	*stat += n;
	pages_out += n / PageSize;
	return p;
}

void SysFree(void *v, uintptr_t n, uint64_t *stat)
{
	if ((uintptr_t)v % PageSize)
		FAILF("SysFree(%p): not a page", v);
	*stat -= n;
	pages_out -= n / PageSize;
	free(v);
}

void memclr(void *p, size_t n)
{
	memset(p, 0, n);
}

/* --- cases -------------------------------------------------------------------- */

/* Every request gets the smallest class that holds it, and none is more than a quarter over. */
static void size_classes(void)
{
	for (uint32_t c = 0; c < NClass; c++) {
		uintptr_t b = blocksize(c);
		EXPECT(b % 16 == 0, "class %u: %lu bytes, not a multiple of 16", c, (unsigned long)b);
		EXPECT(c == 0 || b > blocksize(c - 1), "class %u: %lu bytes, not above class %u's",
		       c, (unsigned long)b, c - 1);
		EXPECT((PageSize - SpanHeader) / b >= 1, "class %u: no block fits a span", c);
	}
	EXPECT(blocksize(NClass - 1) == 1u << MaxShift, "the last class is %lu bytes",
	       (unsigned long)blocksize(NClass - 1));
	for (size_t total = 1; total <= 1u << MaxShift; total++) {
		uint32_t c = class_of(total);
		REQUIRE(c < NClass, "class_of(%zu) = %u", total, c);
		EXPECT(blocksize(c) >= total, "class_of(%zu): %lu bytes", total, (unsigned long)blocksize(c));
		EXPECT(c == 0 || blocksize(c - 1) < total, "class_of(%zu) = %u: class %u holds it too",
		       total, c, c - 1);
		EXPECT(total <= 128 || blocksize(c) * 4 <= total * 5, "class_of(%zu): %lu bytes, over a quarter more",
		       total, (unsigned long)blocksize(c));
	}
	EXPECT(rtalloc_size(288) == 320, "a G-sized request (288 bytes) costs %lu", (unsigned long)rtalloc_size(288));
}

enum { Live = 2000 };
static struct { unsigned char *p; size_t n; unsigned char fill; } live[Live];

/* Random allocations and frees: blocks zeroed, apart, kept intact, counted; all back at the end. */
static void random_sequence(void)
{
	memset(live, 0, sizeof live);
	uintptr_t counted = 0;
	for (int step = 0; step < 200000; step++) {
		snprintf(unit_ctx, sizeof unit_ctx, "step %d", step);
		int i = (int)unit_below(Live);
		if (live[i].p) {
			for (size_t k = 0; k < live[i].n; k++)
				REQUIRE(live[i].p[k] == live[i].fill, "block of %zu bytes at %p changed at byte %zu",
					live[i].n, (void *)live[i].p, k);
			rtfree(live[i].p);
			counted -= rtalloc_size(live[i].n);
			live[i].p = NULL;
			continue;
		}
		size_t n = unit_below(8) == 0 ? 1 + unit_below(3 * PageSize) : 1 + unit_below(600);
		unsigned char *p = rtalloc(n);
		REQUIRE(((uintptr_t)p & 7) == 0, "rtalloc(%zu) = %p, not 8-aligned", n, (void *)p);
		for (size_t k = 0; k < n; k++)
			REQUIRE(p[k] == 0, "rtalloc(%zu): byte %zu is not zero", n, k);
		live[i].p = p;
		live[i].n = n;
		live[i].fill = (unsigned char)(step | 1);
		memset(p, live[i].fill, n);
		counted += rtalloc_size(n);
		REQUIRE(rtalloc_inuse() == counted, "inuse %lu, want %lu", (unsigned long)rtalloc_inuse(),
			(unsigned long)counted);
	}
	unit_ctx[0] = 0;
	for (int i = 0; i < Live; i++)
		if (live[i].p)
			rtfree(live[i].p);
	EXPECT(rtalloc_inuse() == 0, "inuse %lu after freeing everything", (unsigned long)rtalloc_inuse());
	rtalloc_scavenge();
	long kept = 0;
	for (uint32_t c = 0; c < NClass; c++)
		for (struct span *sp = classes[c].spans; sp; sp = sp->next)
			kept++;
	EXPECT(pages_out == kept, "%ld pages out, %ld spans kept", pages_out, kept);
	for (uint32_t c = 0; c < NClass; c++)
		EXPECT((classes[c].nfree * blocksize(c) <= ClassKeep + PageSize),
		       "class %u keeps %lu free bytes after scavenging", c,
		       (unsigned long)(classes[c].nfree * blocksize(c)));
}

/* rtfree of something rtalloc did not give stops with a fatal error naming it. */
static void bad_free(void)
{
	unsigned char *p = rtalloc(100);
	EXPECT_FATAL(rtfree(p + 16), "rtfree(*): not a block from rtalloc*");
	rtfree(p);
}

int main(void)
{
	unit_init();
	unit_run("classes", size_classes);
	unit_run("random-sequence", random_sequence);
	unit_run("bad-free", bad_free);
	return unit_done();
}
