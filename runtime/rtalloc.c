/*
 * rtalloc.c - size-class free lists over SysAlloc (see rtalloc.h).
 *
 * Small blocks live in spans: pages of one size class each, with a
 * header at the start of the page that lists the span's free blocks.
 * A class keeps the spans that have a free block on a list, so
 * allocation and freeing are O(1). A span whose blocks are all free
 * goes back to the system (SysFree) when the CPU is about to idle
 * (rtalloc_scavenge), as long as its class keeps ClassKeep bytes of
 * free blocks without it, and at once past ClassMax. So the records of
 * a burst of goroutines (G, Sudog) return after it, and a busy program
 * that frees and allocates in bursts reuses its pages instead of
 * remapping them every time.
 *
 * Every block carries a one-word header naming its class (or, for a
 * large block, its page count with the top bit set), so rtfree needs
 * no size.
 */
#include "machine.h"
#include "rtalloc.h"
#include "runtime.h"

/*
 * Size classes: multiples of 16 bytes up to 128, then four to each
 * doubling (160, 192, 224, 256, 320, ...) up to 2 KiB, so no block is
 * more than a quarter bigger than its request: a G (288 bytes and its
 * header) takes 320, where the next power of two, 512, made parked
 * goroutines cost 250 bytes more each.
 */
enum {
	MaxShift = 11,          /* 2 KiB: one to a span */
	NClass = 8 + 4 * (MaxShift - 7),
	SpanHeader = 64,        /* bytes at the start of a span's page; keeps blocks 16-aligned */
	ClassKeep = 64 * 1024,  /* free bytes a class keeps when the CPU idles */
	ClassMax = 4 << 20,     /* ... and at most, idle or not */
	LargeBit = 1u << 31,
	SpanMagic = 0x5350414e, /* "SPAN" */
};

struct block {
	struct block *next;
};

struct span {
	struct span *next, *prev;       /* on its class's list while it has a free block */
	struct block *free;
	uint32_t nfree, nblocks;
	uint32_t cls;
	uint32_t magic;
};
_Static_assert(sizeof(struct span) <= SpanHeader, "span header fits");

struct sizeclass {
	struct span *spans;     /* spans with a free block */
	uintptr_t nfree;        /* free blocks in all of them */
	bool dirty;             /* a span became all free since the last scavenge */
};

static struct spinlock rtlock;
static struct sizeclass classes[NClass];
static uintptr_t inuse;         /* bytes of blocks handed out and not freed, headers and rounding included */

static uintptr_t blocksize(uint32_t c)
{
	if (c < 8)
		return (uintptr_t)(c + 1) * 16;
	uint32_t k = 7 + (c - 8) / 4;           /* a block of 2^k to 2^(k+1) bytes */
	return ((uintptr_t)1 << k) + ((uintptr_t)((c - 8) % 4 + 1) << (k - 2));
}

static void span_link(struct sizeclass *sc, struct span *sp)
{
	sp->prev = NULL;
	sp->next = sc->spans;
	if (sc->spans)
		sc->spans->prev = sp;
	sc->spans = sp;
}

static void span_unlink(struct sizeclass *sc, struct span *sp)
{
	if (sp->prev)
		sp->prev->next = sp->next;
	else
		sc->spans = sp->next;
	if (sp->next)
		sp->next->prev = sp->prev;
	sp->next = sp->prev = NULL;
}

/* span_release takes an all-free span off its class, for SysFree; rtlock held. */
static void span_release(struct sizeclass *sc, struct span *sp)
{
	span_unlink(sc, sp);
	sc->nfree -= sp->nblocks;
	sp->magic = 0;
}

/* span_new makes a page of free blocks of class c and lists it; rtlock held. */
static struct span *span_new(uint32_t c)
{
	struct span *sp = SysAlloc(PageSize, &memstats.other_sys);
	uintptr_t size = blocksize(c);
	sp->cls = c;
	sp->magic = SpanMagic;
	for (uintptr_t a = (uintptr_t)sp + SpanHeader; a + size <= (uintptr_t)sp + PageSize; a += size) {
		struct block *b = (struct block *)a;
		b->next = sp->free;
		sp->free = b;
		sp->nblocks++;
	}
	sp->nfree = sp->nblocks;
	classes[c].nfree += sp->nblocks;
	span_link(&classes[c], sp);
	return sp;
}

/* class_of: the smallest size class that holds total bytes, header included (at most 1 << MaxShift). */
static uint32_t class_of(size_t total)
{
	if (total <= 128)
		return total <= 16 ? 0 : (uint32_t)(total - 1) / 16;
	uint32_t k = 31 - (uint32_t)__builtin_clz((uint32_t)total - 1);    /* 2^k < total <= 2^(k+1) */
	uint32_t step = 1u << (k - 2);
	return 8 + 4 * (k - 7) + ((uint32_t)total - (1u << k) + step - 1) / step - 1;
}

void *rtalloc(size_t n)
{
	size_t total = n + sizeof(uintptr_t);   /* the header */
	if (total > (1u << MaxShift)) {
		size_t pages = (total + PageSize - 1) / PageSize;
		uintptr_t *h = SysAlloc(pages * PageSize, &memstats.other_sys);
		h[0] = LargeBit | pages;
		__atomic_add_fetch(&inuse, pages * PageSize, __ATOMIC_RELAXED);
		return h + 1;
	}
	uint32_t c = class_of(total);
	struct sizeclass *sc = &classes[c];
	spin_lock(&rtlock);
	struct span *sp = sc->spans ? sc->spans : span_new(c);
	struct block *b = sp->free;
	sp->free = b->next;
	sc->nfree--;
	if (--sp->nfree == 0)
		span_unlink(sc, sp);
	__atomic_add_fetch(&inuse, blocksize(c), __ATOMIC_RELAXED);
	spin_unlock(&rtlock);
	uintptr_t *h = (uintptr_t *)b;
	memclr(h, blocksize(c));
	h[0] = (uintptr_t)c;
	return h + 1;
}

void rtfree(void *p)
{
	if (!p)
		return;
	uintptr_t *h = (uintptr_t *)p - 1;
	uintptr_t c = h[0];
	if (c & LargeBit) {
		__atomic_sub_fetch(&inuse, (c & ~(uintptr_t)LargeBit) * PageSize, __ATOMIC_RELAXED);
		SysFree(h, (c & ~(uintptr_t)LargeBit) * PageSize, &memstats.other_sys);
		return;
	}
	struct span *sp = (struct span *)((uintptr_t)h & ~(uintptr_t)(PageSize - 1));
	if (c >= NClass || sp->magic != SpanMagic || sp->cls != c)
		fatal("rtfree(%p): not a block from rtalloc (header %lx, span class %u)", p,
		      (unsigned long)c, (unsigned)(sp->magic == SpanMagic ? sp->cls : ~0u));
	struct sizeclass *sc = &classes[c];
	struct block *b = (struct block *)h;
	spin_lock(&rtlock);
	b->next = sp->free;
	sp->free = b;
	sc->nfree++;
	__atomic_sub_fetch(&inuse, blocksize(c), __ATOMIC_RELAXED);
	if (sp->nfree++ == 0)
		span_link(sc, sp);
	bool release = false;
	if (sp->nfree == sp->nblocks) {
		sc->dirty = true;
		release = (sc->nfree - sp->nblocks) * blocksize(c) >= ClassMax;
	}
	if (release)
		span_release(sc, sp);
	spin_unlock(&rtlock);
	if (release)
		SysFree(sp, PageSize, &memstats.other_sys);
}

uintptr_t rtalloc_size(size_t n)
{
	size_t total = n + sizeof(uintptr_t);
	if (total > (1u << MaxShift))
		return (total + PageSize - 1) / PageSize * PageSize;
	return blocksize(class_of(total));
}

uintptr_t rtalloc_inuse(void)
{
	return __atomic_load_n(&inuse, __ATOMIC_RELAXED);
}

/*
 * rtalloc_scavenge: the CPU is about to idle: each class gives back
 * its spans whose blocks are all free while it keeps ClassKeep bytes of
 * free blocks without them. It looks only at classes that freed a whole
 * span since it last looked.
 */
void rtalloc_scavenge(void)
{
	for (uint32_t c = 0; c < NClass; c++) {
		struct sizeclass *sc = &classes[c];
		if (!sc->dirty)
			continue;
		struct span *gone = NULL, *sp, *next;
		spin_lock(&rtlock);
		sc->dirty = false;
		for (sp = sc->spans; sp && sc->nfree * blocksize(c) > ClassKeep; sp = next) {
			next = sp->next;
			if (sp->nfree != sp->nblocks || (sc->nfree - sp->nblocks) * blocksize(c) < ClassKeep)
				continue;
			span_release(sc, sp);
			sp->next = gone;        /* freed below, without the lock */
			gone = sp;
		}
		spin_unlock(&rtlock);
		for (sp = gone; sp; sp = next) {
			next = sp->next;
			SysFree(sp, PageSize, &memstats.other_sys);
		}
	}
}
