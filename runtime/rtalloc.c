/*
 * rtalloc.c - size-class free lists over SysAlloc (see rtalloc.h).
 *
 * Every block carries a one-word header naming its class (or, for a
 * large block, its page count with the top bit set), so rtfree needs
 * no size. Small blocks are never returned to the system: they are
 * reused, which keeps counts of free pages steady across bursts.
 */
#include "kernel.h"
#include "lock.h"
#include "malloc.h"
#include "rtalloc.h"
#include "runtime.h"

enum {
	MinShift = 4,           /* 16 bytes */
	MaxShift = 11,          /* 2 KiB */
	NClass = MaxShift - MinShift + 1,
	ChunkSize = 64 * 1024,
	LargeBit = 1u << 31,
};

struct block {
	struct block *next;
};

static struct spinlock rtlock;
static struct block *freelist[NClass];
static char *chunk, *chunkend;

/* carve takes n bytes from the current chunk, getting a new one if needed. */
static void *carve(size_t n)
{
	if ((size_t)(chunkend - chunk) < n) {
		chunk = SysAlloc(ChunkSize, &mstats.other_sys);
		chunkend = chunk + ChunkSize;
	}
	void *p = chunk;
	chunk += n;
	return p;
}

void *rtalloc(size_t n)
{
	size_t total = n + sizeof(uintptr_t);   /* the header */
	if (total > (1u << MaxShift)) {
		size_t pages = (total + PageSize - 1) / PageSize;
		uintptr_t *h = SysAlloc(pages * PageSize, &mstats.other_sys);
		h[0] = LargeBit | pages;
		return h + 1;
	}
	int c = 0;
	while ((1u << (c + MinShift)) < total)
		c++;
	spin_lock(&rtlock);
	struct block *b = freelist[c];
	if (b)
		freelist[c] = b->next;
	else
		b = carve(1u << (c + MinShift));
	spin_unlock(&rtlock);
	uintptr_t *h = (uintptr_t *)b;
	memclr(h, 1u << (c + MinShift));
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
		SysFree(h, (c & ~(uintptr_t)LargeBit) * PageSize, &mstats.other_sys);
		return;
	}
	if (c >= NClass)
		fatal("rtfree(%p): not a block from rtalloc (header %lx)", p, (unsigned long)c);
	struct block *b = (struct block *)h;
	spin_lock(&rtlock);
	b->next = freelist[c];
	freelist[c] = b;
	spin_unlock(&rtlock);
}
