/*
 * treap.c - unit tests of kernel/mem.c: the area records behind the
 * Sys* calls (per region, a treap keyed by address with a heap on
 * priority, each node knowing the largest free area below it), their
 * splits and merges, the pages of records, and mem_describe.
 *
 * Every call goes through a wrapper that predicts its result from a
 * model keeping each page's state, operation and statistic in an array,
 * and the cases check the whole structure against the model: the areas
 * tile each region in address order (a search tree), priorities never
 * rise downwards (a heap), maxfree is right at every node, no two free
 * areas touch, each area's pages say what the model says, find gives
 * each address its area, the page table maps exactly the mapped pages
 * (each with a frame of its own), and frames, statistics and record
 * pages add up. Besides cases for each call, its splits and merges,
 * its fatal errors and running out of space, frames and records, two
 * random sequences of 4000 calls (a fixed seed) are checked after
 * every call.
 *
 * The machine under kernel/mem.c is faked: frames come from a static
 * pool that can be made to run out, the page table is an array over
 * the small regions of tests/unit/memlayout.h, whose mmu_map can be
 * made to fail, and the kernel image is five pages of this program's
 * data.
 */
#include "../../kernel/mem.c"
#include "unit.h"

#include <stdbool.h>

/* --- the machine: frames, page table, kernel image, boot information ------ */

enum { NFRAMES = 4096 };
static char frames[NFRAMES][PageSize] __attribute__((aligned(PageSize)));
static bool frame_used[NFRAMES];
static int frame_stack[NFRAMES], nframe_stack;  /* free frames, the next on top */
static int frames_inuse;
static int frames_limit;                        /* physpage_alloc fails past this many */

static int frame_index(uint64_t pa)
{
	uintptr_t lo = (uintptr_t)frames;
	if (pa < lo || pa >= lo + sizeof frames || (pa - lo) % PageSize)
		return -1;
	return (int)((pa - lo) / PageSize);
}

uint64_t physpage_alloc(void)
{
	if (frames_inuse >= frames_limit || nframe_stack == 0)
		return 0;
	int i = frame_stack[--nframe_stack];
	frame_used[i] = true;
	frames_inuse++;
	return (uintptr_t)frames[i];
}

void physpage_free(uint64_t pa)
{
	int i = frame_index(pa);
	if (i < 0 || !frame_used[i]) {
		FAILF("physpage_free(%#llx): not an allocated frame", (unsigned long long)pa);
		return;
	}
	for (size_t k = 0; k < PageSize; k++) {
		if (frames[i][k]) {
			FAILF("physpage_free(%#llx): byte %zu is not zero (frames are handed out zeroed)",
			      (unsigned long long)pa, k);
			break;
		}
	}
	frame_used[i] = false;
	frames_inuse--;
	frame_stack[nframe_stack++] = i;
}

uintptr_t physmem_free_pages(void)
{
	return frames_limit - frames_inuse;
}

uintptr_t physmem_total_pages(void)
{
	return frames_limit;
}

/* The page table: one entry per page from the heap region's start to the stack region's end. */
#define SPAN_LO ((uintptr_t)VM_HEAP_BASE)
enum { NPAGES = (VM_STACK_END - VM_HEAP_BASE) / PageSize };
static struct pte {
	bool mapped;
	uint64_t pa;
	unsigned prot, tag;
} ptes[NPAGES];
static int mmu_maps_left;       /* >= 0: so many more mmu_map calls succeed, then they fail */

static struct pte *pte_of(const char *fn, uintptr_t va)
{
	if (va % PageSize || !region_of(va)) {
		FAILF("%s(%#lx): not a page of the heap or stack region", fn, (unsigned long)va);
		return NULL;
	}
	return &ptes[(va - SPAN_LO) / PageSize];
}

int mmu_map(uintptr_t va, uint64_t pa, unsigned prot)
{
	struct pte *e = pte_of("mmu_map", va);
	if (!e)
		return -1;
	if (mmu_maps_left == 0)
		return -1;      /* as if a table page could not be allocated */
	if (mmu_maps_left > 0)
		mmu_maps_left--;
	EXPECT(!e->mapped, "mmu_map(%#lx) over a mapped page", (unsigned long)va);
	EXPECT(prot == (MMU_R | MMU_W), "mmu_map(%#lx) with prot %u, want MMU_R|MMU_W", (unsigned long)va, prot);
	*e = (struct pte){ true, pa, prot, 0 };
	return 0;
}

uint64_t mmu_unmap(uintptr_t va, unsigned tag)
{
	struct pte *e = pte_of("mmu_unmap", va);
	if (!e)
		return MMU_NOPAGE;
	uint64_t pa = e->mapped ? e->pa : MMU_NOPAGE;
	*e = (struct pte){ false, 0, 0, tag };
	return pa;
}

int mmu_lookup(uintptr_t va, uint64_t *pa, unsigned *prot, unsigned *tag)
{
	struct pte *e = pte_of("mmu_lookup", va);
	if (!e || !e->mapped) {
		if (tag)
			*tag = e ? e->tag : 0;
		return 0;
	}
	if (pa)
		*pa = e->pa;
	if (prot)
		*prot = e->prot;
	return 1;
}

/*
 * The kernel image: a page each of text, read-only data, data, NOINIT's buffers, bss,
 * goroutine 1's lower guard, its stack, its upper guard and the function
 * table, in bare metal's order (linker/<arch>.ld).
 */
__asm__(".pushsection .data.unit_image, \"aw\"\n"
	"\t.balign 4096\n"
	"\t.globl text_start, etext, rodata_start, erodata, data_start, edata, bss_start, ebss, end\n"
	"\t.globl mainstack_start, mainstack_lo, mainstack_hi, mainstack_end\n"
	"\t.globl noinit_start, noinit_end, gosymtab, egosymtab\n"
	"text_start:\n\t.skip 4096\n"
	"etext:\nrodata_start:\n\t.skip 4096\n"
	"erodata:\ndata_start:\n\t.skip 4096\n"
	"edata:\nnoinit_start:\n\t.skip 4096\n"
	"noinit_end:\nbss_start:\n\t.skip 4096\n"
	"ebss:\nmainstack_start:\n\t.skip 4096\n"
	"mainstack_lo:\n\t.skip 4096\n"
	"mainstack_hi:\n\t.skip 4096\n"
	"mainstack_end:\ngosymtab:\n\t.skip 4096\n"
	"egosymtab:\nend:\n"
	"\t.popsection\n");

static struct bootinfo bootinfo0;
struct bootinfo *bootinfo = &bootinfo0;
#define RAM_LO 0x20000000u      /* bootinfo's one RAM range: [512 MiB, 768 MiB), away from this program */
#define RAM_HI 0x30000000u

/* --- the model: every page's state, operation and statistic ---------------- */

enum { OUTSIDE = 0xff };        /* a page between the regions */
static struct mpage {
	uint8_t state;
	const char *op;
	uint64_t *stat;
} model[NPAGES];
static uint64_t unnamed_sys;    /* a statistic kernel/mem.c has no name for */
static struct memstats want;      /* what memstats must say, but for the record pages in other_sys */
static uint64_t want_unnamed;

static struct mpage *mp(uintptr_t va)
{
	return &model[(va - SPAN_LO) / PageSize];
}

static uint64_t *want_of(uint64_t *stat)
{
	if (stat == &memstats.heap_sys)
		return &want.heap_sys;
	if (stat == &memstats.stacks_sys)
		return &want.stacks_sys;
	if (stat == &memstats.other_sys)
		return &want.other_sys;
	if (stat == &unnamed_sys)
		return &want_unnamed;
	FAILF("a statistic the test does not know");
	longjmp(unit_case_jmp, 1);
}

static void model_set(uintptr_t lo, uintptr_t n, int st, const char *op, uint64_t *stat)
{
	for (uintptr_t x = lo; x < lo + n; x += PageSize)
		*mp(x) = (struct mpage){ st, op, stat };
}

/* model_free: are the n bytes (whole pages) at lo all free and inside r? */
static bool model_free(struct region *r, uintptr_t lo, uintptr_t n)
{
	if (lo < r->lo || lo > r->hi || n > r->hi - lo)
		return false;
	for (uintptr_t x = lo; x < lo + n; x += PageSize)
		if (mp(x)->state != A_FREE)
			return false;
	return true;
}

/* model_fit: the lowest page at or above from where n free bytes of r begin, or 0. */
static uintptr_t model_fit(struct region *r, uintptr_t from, uintptr_t n)
{
	uintptr_t run = 0;
	for (uintptr_t x = from < r->lo ? r->lo : from; x < r->hi; x += PageSize) {
		run = mp(x)->state == A_FREE ? run + PageSize : 0;
		if (run >= n)
			return x + PageSize - run;
	}
	return 0;
}

/*
 * machine_nanotime: mem_describe waits a while for a lock another CPU
 * holds, never for good; here each look at the clock is 10 ms later.
 */
int64_t machine_nanotime(void)
{
	static int64_t t;
	return t += 10000000;
}

/* kprintf notes whether the records were locked (mem_describe's prints). */
static int locked_at_print;

static void note_lock(void)
{
	locked_at_print = memlock.locked;
}

/* reset_unseeded: everything as at boot, before the first Sys* call made the regions' trees. */
static void reset_unseeded(void)
{
	for (size_t i = 0; i < nelem(regions); i++) {
		regions[i].root = NULL;
		regions[i].reserved = 0;
	}
	partial = NULL;
	emptypages = 0;
	memlock.locked = 0;
	memstats = (struct memstats){ 0 };
	memset(frames, 0, sizeof frames);
	memset(frame_used, 0, sizeof frame_used);
	for (int i = 0; i < NFRAMES; i++)
		frame_stack[i] = NFRAMES - 1 - i;
	nframe_stack = NFRAMES;
	frames_inuse = 0;
	frames_limit = NFRAMES;
	memset(ptes, 0, sizeof ptes);
	mmu_maps_left = -1;
	bootinfo0.nmem = 0;
	bootinfo_addmem(&bootinfo0, RAM_LO, RAM_HI - RAM_LO);
	for (uintptr_t x = SPAN_LO; x < VM_STACK_END; x += PageSize)
		*mp(x) = (struct mpage){ region_of(x) ? A_FREE : OUTSIDE, NULL, NULL };
	want = (struct memstats){ 0 };
	unnamed_sys = want_unnamed = 0;
	seeded = false;
	unit_kprintf_hook = note_lock;
}

static void reset(void)
{
	reset_unseeded();
	mem_lock();             /* as the first Sys* call does: the regions' trees made */
	spin_unlock(&memlock);
}

/* --- the check ------------------------------------------------------------------ */

static struct area *areas[NPAGES];      /* in address order, both regions */
static int nareas;
static int frame_seen[NFRAMES], seen_gen;

struct walk {
	struct region *r;
	uintptr_t next;         /* where the next area must begin */
	bool prevfree;
	uintptr_t reserved;
	int mapped;             /* pages with a frame of their own */
};

static bool opeq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static void check_pages(struct area *a, struct walk *w)
{
	for (uintptr_t x = a->base; x < a->base + a->len; x += PageSize) {
		struct mpage *m = mp(x);
		struct pte *e = &ptes[(x - SPAN_LO) / PageSize];
		REQUIRE(m->state == a->state && opeq(m->op, a->op) && m->stat == a->stat,
			"page %#lx: area [%#lx, %#lx) says state %d op %s stat %p, the model %d %s %p",
			(unsigned long)x, (unsigned long)a->base, (unsigned long)(a->base + a->len),
			a->state, a->op ? a->op : "-", (void *)a->stat,
			m->state, m->op ? m->op : "-", (void *)m->stat);
		bool wantmap = a->state == A_MAPPED || a->state == A_ALIAS;
		REQUIRE(e->mapped == wantmap, "page %#lx (state %d) is %smapped", (unsigned long)x,
			a->state, e->mapped ? "" : "not ");
		if (a->state == A_MAPPED) {
			int f = frame_index(e->pa);
			REQUIRE(f >= 0 && frame_used[f], "page %#lx maps %#llx, not an allocated frame",
				(unsigned long)x, (unsigned long long)e->pa);
			REQUIRE(frame_seen[f] != seen_gen, "page %#lx maps frame %#llx, which another page has too",
				(unsigned long)x, (unsigned long long)e->pa);
			frame_seen[f] = seen_gen;
			w->mapped++;
		}
	}
}

/* walk checks t's subtree in order and returns its largest free area. */
static uintptr_t walk(struct area *t, struct walk *w, uint32_t maxprio, int depth)
{
	if (!t)
		return 0;
	REQUIRE(depth < 256, "the treap is over 256 deep (a cycle?)");
	REQUIRE(t->prio <= maxprio, "area at %#lx: priority %u above its parent's %u",
		(unsigned long)t->base, t->prio, maxprio);
	uintptr_t m = walk(t->left, w, t->prio, depth + 1);
	REQUIRE(t->base == w->next, "an area at %#lx where the next should begin at %#lx",
		(unsigned long)t->base, (unsigned long)w->next);
	REQUIRE(t->len > 0 && t->len % PageSize == 0 && t->len <= w->r->hi - t->base,
		"area at %#lx: length %#lx", (unsigned long)t->base, (unsigned long)t->len);
	REQUIRE(t->state <= A_ALIAS, "area at %#lx: state %d", (unsigned long)t->base, t->state);
	REQUIRE(!(t->state == A_FREE && w->prevfree), "free areas touch at %#lx: they should have merged",
		(unsigned long)t->base);
	REQUIRE(t->state == A_FREE ? !t->op && !t->stat && !t->pc : t->op && t->pc,
		"area at %#lx (state %d): op %s pc %#lx", (unsigned long)t->base, t->state,
		t->op ? t->op : "NULL", (unsigned long)t->pc);
	w->prevfree = t->state == A_FREE;
	w->next = t->base + t->len;
	if (t->state != A_FREE)
		w->reserved += t->len;
	REQUIRE(nareas < NPAGES, "more areas than pages");
	areas[nareas++] = t;
	check_pages(t, w);
	if (t->state == A_FREE && t->len > m)
		m = t->len;
	uintptr_t rm = walk(t->right, w, t->prio, depth + 1);
	if (rm > m)
		m = rm;
	REQUIRE(t->maxfree == m, "area at %#lx: maxfree %#lx, its subtree's largest free area is %#lx",
		(unsigned long)t->base, (unsigned long)t->maxfree, (unsigned long)m);
	return m;
}

/* check_lookup: find(addr) gives the area areas[i]. */
static void check_lookup(struct region *r, uintptr_t addr, int i)
{
	struct area *a = find(r->root, addr);
	REQUIRE(a == areas[i], "find(%#lx) gives the area at %#lx, want [%#lx, %#lx)", (unsigned long)addr,
		a ? (unsigned long)a->base : 0ul, (unsigned long)areas[i]->base,
		(unsigned long)(areas[i]->base + areas[i]->len));
}

/*
 * check: everything holds. lookups: also find every page (at a random
 * byte of it), beyond the ends and a random byte of each area.
 */
static void check(bool lookups)
{
	REQUIRE(memlock.locked == 0, "memlock is held");
	nareas = 0;
	seen_gen++;
	int mapped = 0;
	for (size_t ri = 0; ri < nelem(regions); ri++) {
		struct region *r = &regions[ri];
		struct walk w = { r, r->lo, false, 0, 0 };
		int first = nareas;
		walk(r->root, &w, UINT32_MAX, 0);
		REQUIRE(w.next == r->hi, "the %s region's areas end at %#lx, not at its end %#lx", r->name,
			(unsigned long)w.next, (unsigned long)r->hi);
		REQUIRE(r->reserved == w.reserved, "the %s region counts %#lx bytes reserved, its areas %#lx",
			r->name, (unsigned long)r->reserved, (unsigned long)w.reserved);
		mapped += w.mapped;
		REQUIRE(find(r->root, r->lo - 1) == NULL && find(r->root, r->hi) == NULL,
			"find outside the %s region gives an area", r->name);
		for (int i = first; i < nareas; i++) {
			struct area *a = areas[i];
			check_lookup(r, a->base, i);
			check_lookup(r, a->base + a->len - 1, i);
			check_lookup(r, a->base + unit_below(a->len), i);
			if (!lookups)
				continue;
			for (uintptr_t x = a->base; x < a->base + a->len; x += PageSize)
				check_lookup(r, x + unit_below(PageSize), i);
		}
	}
	/* Frames: one per mapped page, the rest hold area records. */
	int recpages = frames_inuse - mapped;
	REQUIRE(recpages >= 1, "%d frames in use for %d mapped pages", frames_inuse, mapped);
	int freerecs = 0, empty = 0;
	struct nodepage *prev = NULL;
	for (struct nodepage *p = partial; p; prev = p, p = p->next) {
		REQUIRE(p->prev == prev, "the list of record pages has a wrong back link");
		REQUIRE(frame_index((uintptr_t)p) >= 0 && frame_used[frame_index((uintptr_t)p)],
			"a page of records at %p is not an allocated frame", (void *)p);
		REQUIRE(p->nfree > 0 && p->nfree <= NodesPerPage, "a page of records with %d free", p->nfree);
		int n = 0;
		for (struct area *a = p->free; a; a = a->left)
			n++;
		REQUIRE(n == p->nfree, "a page of records says %d free and lists %d", p->nfree, n);
		freerecs += p->nfree;
		empty += p->nfree == NodesPerPage;
	}
	REQUIRE(empty == emptypages && empty <= 1, "%d pages of records entirely free, emptypages %d (at most 1 kept)",
		empty, emptypages);
	REQUIRE(freerecs == recpages * NodesPerPage - nareas,
		"%d pages of records (%d records each) for %d areas, %d free records listed",
		recpages, (int)NodesPerPage, nareas, freerecs);
	/* Statistics: the calls' counts, and each page counted once, where it says. */
	uint64_t bypage[4] = { 0 };
	uint64_t *stats[4] = { &memstats.heap_sys, &memstats.stacks_sys, &memstats.other_sys, &unnamed_sys };
	for (uintptr_t x = SPAN_LO; x < VM_STACK_END; x += PageSize) {
		struct mpage *m = mp(x);
		if (m->state != A_MAPPED && m->state != A_UNUSED && m->state != A_FAULT)
			continue;
		for (int i = 0; i < 4; i++)
			if (m->stat == stats[i])
				bypage[i] += PageSize;
	}
	REQUIRE(memstats.heap_sys == want.heap_sys && memstats.stacks_sys == want.stacks_sys &&
		unnamed_sys == want_unnamed && memstats.other_sys == want.other_sys + (uint64_t)recpages * PageSize,
		"statistics heap %llu stacks %llu other %llu unnamed %llu, want %llu %llu %llu+%d pages of records %llu",
		(unsigned long long)memstats.heap_sys, (unsigned long long)memstats.stacks_sys,
		(unsigned long long)memstats.other_sys, (unsigned long long)unnamed_sys,
		(unsigned long long)want.heap_sys, (unsigned long long)want.stacks_sys,
		(unsigned long long)want.other_sys, recpages, (unsigned long long)want_unnamed);
	REQUIRE(bypage[0] == want.heap_sys && bypage[1] == want.stacks_sys &&
		bypage[2] == want.other_sys && bypage[3] == want_unnamed,
		"pages counted in heap %llu stacks %llu other %llu unnamed %llu bytes, the statistics %llu %llu %llu %llu",
		(unsigned long long)bypage[0], (unsigned long long)bypage[1],
		(unsigned long long)bypage[2], (unsigned long long)bypage[3],
		(unsigned long long)want.heap_sys, (unsigned long long)want.stacks_sys,
		(unsigned long long)want.other_sys, (unsigned long long)want_unnamed);
}

/* areas_are: the region r is exactly these areas (base, length in pages, state), then the rest free. */
struct want_area {
	uintptr_t base;
	int pages, state;
};
static void areas_are(struct region *r, const struct want_area *wa, int n)
{
	check(false);
	int i = 0, first = r == &regions[HEAP] ? 0 : -1;
	if (first < 0)
		for (first = 0; areas[first]->base < r->lo; first++)
			;
	for (; i < n; i++) {
		struct area *a = areas[first + i];
		REQUIRE(a->base == wa[i].base && a->len == (uintptr_t)wa[i].pages * PageSize &&
			a->state == wa[i].state,
			"area %d of the %s region is [%#lx, %#lx) state %d, want [%#lx, %#lx) state %d", i,
			r->name, (unsigned long)a->base, (unsigned long)(a->base + a->len), a->state,
			(unsigned long)wa[i].base, (unsigned long)(wa[i].base + wa[i].pages * PageSize),
			wa[i].state);
	}
	uintptr_t end = n ? wa[n - 1].base + wa[n - 1].pages * PageSize : r->lo;
	if (end < r->hi) {
		struct area *a = areas[first + i++];
		REQUIRE(a->base == end && a->len == r->hi - end && a->state == A_FREE,
			"the %s region does not end in one free area from %#lx", r->name, (unsigned long)end);
	}
	REQUIRE(first + i == nareas || areas[first + i]->base >= r->hi,
		"the %s region has more areas than %d", r->name, i);
}

/* --- the calls, with what the model expects of them --------------------------- */

static uintptr_t bytes(uintptr_t pages)        /* pages' worth of bytes, sometimes short of the last page */
{
	return pages * PageSize - (unit_below(2) ? unit_below(PageSize) : 0);
}

static uintptr_t do_alloc(uintptr_t n, uint64_t *stat)
{
	struct region *r = &regions[stat == &memstats.stacks_sys ? STACK : HEAP];
	uintptr_t at = model_fit(r, r->lo, pgup(n));
	if (!at) {
		EXPECT_FATAL(SysAlloc(n, stat), "out of memory: SysAlloc(%lu bytes) in the %s region: no address space left (*",
			     (unsigned long)pgup(n), r->name);
		memlock.locked = 0;
		return 0;
	}
	uintptr_t v = (uintptr_t)SysAlloc(n, stat);
	REQUIRE(v == at, "SysAlloc(%#lx) gave %#lx, want %#lx (the lowest fit)", (unsigned long)n,
		(unsigned long)v, (unsigned long)at);
	model_set(v, pgup(n), A_MAPPED, "SysAlloc", stat);
	*want_of(stat) += pgup(n);
	return v;
}

/* do_alloc_guarded: mem_alloc_guarded, as SysAlloc of a page more whose first page SysFault took. */
static uintptr_t do_alloc_guarded(uintptr_t n, uint64_t *stat)
{
	struct region *r = &regions[stat == &memstats.stacks_sys ? STACK : HEAP];
	uintptr_t at = model_fit(r, r->lo, PageSize + pgup(n));
	if (!at) {
		EXPECT_FATAL(mem_alloc_guarded(n, stat), "out of memory: SysAlloc(%lu bytes) in the %s region: "
			     "no address space left (*", (unsigned long)(PageSize + pgup(n)), r->name);
		memlock.locked = 0;
		return 0;
	}
	uintptr_t v = (uintptr_t)mem_alloc_guarded(n, stat);
	REQUIRE(v == at + PageSize, "mem_alloc_guarded(%#lx) gave %#lx, want %#lx (a page above the lowest fit)",
		(unsigned long)n, (unsigned long)v, (unsigned long)(at + PageSize));
	model_set(at, PageSize, A_FAULT, "mem_alloc_guarded", stat);
	model_set(v, pgup(n), A_MAPPED, "SysAlloc", stat);
	*want_of(stat) += PageSize + pgup(n);
	return v;
}

static uintptr_t do_reserve(uintptr_t hint, uintptr_t n)
{
	struct region *r = region_of(hint) ? region_of(hint) : &regions[HEAP];
	uintptr_t h = hint & ~(uintptr_t)(PageSize - 1);
	uintptr_t at = region_of(hint) && model_free(r, h, pgup(n)) ? h : model_fit(r, r->lo, pgup(n));
	if (!at) {
		EXPECT_FATAL(SysReserve((void *)hint, n),
			     "out of memory: SysReserve(%lu bytes) in the %s region: no address space left (*",
			     (unsigned long)pgup(n), r->name);
		memlock.locked = 0;
		return 0;
	}
	uintptr_t v = (uintptr_t)SysReserve((void *)hint, n);
	REQUIRE(v == at, "SysReserve(%#lx, %#lx) gave %#lx, want %#lx", (unsigned long)hint,
		(unsigned long)n, (unsigned long)v, (unsigned long)at);
	model_set(v, pgup(n), A_RESERVED, "SysReserve", NULL);
	return v;
}

static uintptr_t do_reserve_above(uintptr_t v, uintptr_t n)
{
	struct region *r = region_of(v);
	uintptr_t at = model_fit(r, pgup(v), pgup(n));
	uintptr_t got = (uintptr_t)SysReserveAbove((void *)v, n);
	REQUIRE(got == at, "SysReserveAbove(%#lx, %#lx) gave %#lx, want %#lx", (unsigned long)v,
		(unsigned long)n, (unsigned long)got, (unsigned long)at);
	if (got)
		model_set(got, pgup(n), A_RESERVED, "SysReserveAbove", NULL);
	return got;
}

static void do_map(uintptr_t v, uintptr_t n, uint64_t *stat)
{
	SysMap((void *)v, n, stat);
	model_set(v, pgup(n), A_MAPPED, "SysMap", stat);
	*want_of(stat) += pgup(n);
}

static void do_free(uintptr_t v, uintptr_t n, uint64_t *stat)
{
	for (uintptr_t x = v; x < v + pgup(n); x += PageSize)
		if (mp(x)->state != A_RESERVED)
			*want_of(stat) -= PageSize;
	SysFree((void *)v, n, stat);
	model_set(v, pgup(n), A_FREE, NULL, NULL);
}

static void do_unused(uintptr_t v, uintptr_t n)
{
	uint64_t *stat = mp(v)->stat;
	SysUnused((void *)v, n);
	model_set(v, pgup(n), A_UNUSED, "SysUnused", stat);
}

static void do_used(uintptr_t v, uintptr_t n)
{
	SysUsed((void *)v, n);
	for (uintptr_t x = v; x < v + pgup(n); x += PageSize)
		model_set(x, PageSize, A_MAPPED, "SysUsed", mp(x)->stat);
}

static void do_fault(uintptr_t v, uintptr_t n)
{
	uint64_t *stat = mp(v)->stat;
	SysFault((void *)v, n);
	model_set(v, pgup(n), A_FAULT, "SysFault", stat);
}

static void do_unmap(uintptr_t v, uintptr_t n, uint64_t *stat)
{
	mem_unmap((void *)v, n, stat);
	model_set(v, pgup(n), A_RESERVED, "mem_unmap", mp(v)->stat);
	*want_of(stat) -= pgup(n);
}

static void do_move(uintptr_t dst, uintptr_t src, uintptr_t n)
{
	uint64_t *stat = mp(src)->stat;
	SysMoveAlias((void *)dst, (void *)src, n);
	for (uintptr_t off = 0; off < pgup(n); off += PageSize) {
		struct pte *d = &ptes[(dst + off - SPAN_LO) / PageSize], *s = &ptes[(src + off - SPAN_LO) / PageSize];
		REQUIRE(d->mapped && s->mapped && d->pa == s->pa,
			"after SysMoveAlias(%#lx, %#lx, %#lx) page %#lx maps %#llx and its alias %#lx %#llx",
			(unsigned long)dst, (unsigned long)src, (unsigned long)n, (unsigned long)(dst + off),
			(unsigned long long)d->pa, (unsigned long)(src + off), (unsigned long long)s->pa);
	}
	model_set(dst, pgup(n), A_MAPPED, "SysMoveAlias", stat);
	model_set(src, pgup(n), A_ALIAS, "SysMoveAlias", NULL);
}

static void do_unalias(uintptr_t v, uintptr_t n)
{
	SysUnalias((void *)v, n);
	model_set(v, pgup(n), A_RESERVED, "SysUnalias", NULL);
}

static uintptr_t heap_lo(int page)
{
	return VM_HEAP_BASE + (uintptr_t)page * PageSize;
}

static uintptr_t stack_lo(int page)
{
	return VM_STACK_BASE + (uintptr_t)page * PageSize;
}

/* --- cases ------------------------------------------------------------------------ */

static void init_one_free_area_per_region(void)
{
	check(true);
	for (size_t i = 0; i < nelem(regions); i++) {
		struct region *r = &regions[i];
		struct area *a = r->root;
		REQUIRE(a && !a->left && !a->right && a->base == r->lo && a->len == r->hi - r->lo &&
			a->state == A_FREE && a->maxfree == a->len && r->reserved == 0,
			"the %s region does not start as one free area", r->name);
	}
	EXPECT(region_of(VM_HEAP_END) == NULL && region_of(VM_STACK_BASE - 1) == NULL &&
	       region_of(VM_HEAP_BASE - 1) == NULL && region_of(VM_STACK_END) == NULL,
	       "an address outside the regions is in one");
	EXPECT(memstats.other_sys == PageSize, "other_sys %llu after the first Sys* call's set-up, want one page of records",
	       (unsigned long long)memstats.other_sys);
}

static void alloc_first_fit(void)
{
	uintptr_t a = do_alloc(3 * PageSize, &memstats.heap_sys);
	uintptr_t b = do_alloc(3 * PageSize, &memstats.heap_sys);
	uintptr_t c = do_alloc(3 * PageSize, &memstats.heap_sys);
	EXPECT(a == heap_lo(0) && b == heap_lo(3) && c == heap_lo(6), "three allocations not side by side from the start");
	do_free(b, 3 * PageSize, &memstats.heap_sys);
	uintptr_t d = do_alloc(1, &memstats.heap_sys);             /* the lowest hole */
	uintptr_t e = do_alloc(3 * PageSize, &memstats.heap_sys);  /* the hole has 2 pages left */
	uintptr_t f = do_alloc(2 * PageSize, &memstats.heap_sys);  /* they fit */
	EXPECT(d == heap_lo(3) && e == heap_lo(9) && f == heap_lo(4), "first fit: %#lx %#lx %#lx",
	       (unsigned long)d, (unsigned long)e, (unsigned long)f);
	areas_are(&regions[HEAP], (struct want_area[]){
		{ heap_lo(0), 3, A_MAPPED }, { heap_lo(3), 1, A_MAPPED }, { heap_lo(4), 2, A_MAPPED },
		{ heap_lo(6), 3, A_MAPPED }, { heap_lo(9), 3, A_MAPPED } }, 5);
	EXPECT(memstats.heap_sys == 12 * PageSize, "heap_sys %llu, want 12 pages", (unsigned long long)memstats.heap_sys);
}

static void alloc_rounds_up_and_picks_region(void)
{
	EXPECT(do_alloc(1, &memstats.heap_sys) == heap_lo(0), "1 byte");
	EXPECT(do_alloc(PageSize + 1, &memstats.other_sys) == heap_lo(1), "a page and a byte");
	EXPECT(do_alloc(PageSize, &unnamed_sys) == heap_lo(3), "a statistic of the caller's");
	EXPECT(do_alloc(2 * PageSize - 1, &memstats.stacks_sys) == stack_lo(0), "stacks come from the stack region");
	EXPECT(memstats.heap_sys == PageSize && unnamed_sys == PageSize && memstats.stacks_sys == 2 * PageSize,
	       "the statistics count whole pages");
	check(true);
}

static void free_splits_and_merges(void)
{
	uintptr_t v = do_alloc(8 * PageSize, &memstats.heap_sys);
	do_free(v + 2 * PageSize, 3 * PageSize, &memstats.heap_sys);
	areas_are(&regions[HEAP], (struct want_area[]){
		{ heap_lo(0), 2, A_MAPPED }, { heap_lo(2), 3, A_FREE }, { heap_lo(5), 3, A_MAPPED } }, 3);
	do_free(v, 2 * PageSize, &memstats.heap_sys);              /* merges with the hole after it */
	areas_are(&regions[HEAP], (struct want_area[]){
		{ heap_lo(0), 5, A_FREE }, { heap_lo(5), 3, A_MAPPED } }, 2);
	do_free(v + 6 * PageSize, PageSize, &memstats.heap_sys);   /* a hole in the middle of the last */
	areas_are(&regions[HEAP], (struct want_area[]){
		{ heap_lo(0), 5, A_FREE }, { heap_lo(5), 1, A_MAPPED }, { heap_lo(6), 1, A_FREE },
		{ heap_lo(7), 1, A_MAPPED } }, 4);
	do_free(v + 7 * PageSize, PageSize, &memstats.heap_sys);   /* merges both ways: the hole and the rest */
	areas_are(&regions[HEAP], (struct want_area[]){
		{ heap_lo(0), 5, A_FREE }, { heap_lo(5), 1, A_MAPPED } }, 2);
	do_free(v + 5 * PageSize, PageSize, &memstats.heap_sys);   /* and the region is one area again */
	areas_are(&regions[HEAP], NULL, 0);
	EXPECT(regions[HEAP].root->maxfree == VM_HEAP_END - VM_HEAP_BASE, "maxfree after the merges");
}

static void states_split_areas(void)
{
	uintptr_t v = do_alloc(6 * PageSize, &memstats.stacks_sys);
	do_fault(v + 2 * PageSize, PageSize);
	do_unused(v + 4 * PageSize, 2 * PageSize);
	areas_are(&regions[STACK], (struct want_area[]){
		{ stack_lo(0), 2, A_MAPPED }, { stack_lo(2), 1, A_FAULT }, { stack_lo(3), 1, A_MAPPED },
		{ stack_lo(4), 2, A_UNUSED } }, 4);
	do_fault(v + PageSize, 4 * PageSize);                   /* across mapped, faulted, mapped, unused */
	areas_are(&regions[STACK], (struct want_area[]){
		{ stack_lo(0), 1, A_MAPPED }, { stack_lo(1), 1, A_FAULT }, { stack_lo(2), 1, A_FAULT },
		{ stack_lo(3), 1, A_FAULT }, { stack_lo(4), 1, A_FAULT }, { stack_lo(5), 1, A_UNUSED } }, 6);
	do_used(v + 5 * PageSize, PageSize);
	do_used(v, PageSize);
	EXPECT(memstats.stacks_sys == 6 * PageSize, "SysFault, SysUnused and SysUsed changed the statistic");
	do_free(v, 6 * PageSize, &memstats.stacks_sys);
	areas_are(&regions[STACK], NULL, 0);
}

static void reserve_at_hint_or_first_fit(void)
{
	EXPECT(do_reserve(heap_lo(10), 2 * PageSize) == heap_lo(10), "a free hint");
	EXPECT(do_reserve(heap_lo(20) + 123, PageSize) == heap_lo(20), "an unaligned hint");
	EXPECT(do_reserve(heap_lo(10), PageSize) == heap_lo(0), "a hint taken: first fit");
	EXPECT(do_reserve(heap_lo(9), 2 * PageSize) == heap_lo(1), "a hint whose range runs into a reserved one");
	EXPECT(do_reserve(heap_lo(18), 3 * PageSize) == heap_lo(3), "a hint that does not fit before the next");
	EXPECT(do_reserve(stack_lo(7), PageSize) == stack_lo(7), "a hint in the stack region");
	EXPECT(do_reserve(VM_HEAP_END + PageSize, PageSize) == heap_lo(6), "a hint between the regions: the heap");
	EXPECT(do_reserve(0, PageSize) == heap_lo(7), "no hint");
	EXPECT(do_reserve(heap_lo(2047), PageSize) == heap_lo(2047), "the region's last page");
	EXPECT(do_reserve(heap_lo(2047), 2 * PageSize) == heap_lo(8), "past the region's end: first fit");
	check(true);
}

static void map_unmap_free_reservation(void)
{
	uintptr_t v = do_reserve(0, 8 * PageSize);
	do_map(v + 2 * PageSize, 4 * PageSize, &memstats.heap_sys);
	EXPECT(memstats.heap_sys == 4 * PageSize, "SysMap counts what it maps");
	do_unmap(v + 3 * PageSize, 2 * PageSize, &memstats.heap_sys);
	areas_are(&regions[HEAP], (struct want_area[]){
		{ heap_lo(0), 2, A_RESERVED }, { heap_lo(2), 1, A_MAPPED }, { heap_lo(3), 2, A_RESERVED },
		{ heap_lo(5), 1, A_MAPPED }, { heap_lo(6), 2, A_RESERVED } }, 5);
	EXPECT(memstats.heap_sys == 2 * PageSize, "mem_unmap uncounts");
	do_map(v + 3 * PageSize, PageSize, &memstats.heap_sys);    /* mapped again */
	do_free(v, 8 * PageSize, &memstats.heap_sys);             /* uncounts the mapped pages only */
	EXPECT(memstats.heap_sys == 0, "SysFree of the reservation leaves heap_sys %llu",
	       (unsigned long long)memstats.heap_sys);
	areas_are(&regions[HEAP], NULL, 0);
}

static void reserve_above(void)
{
	do_reserve(stack_lo(4), 4 * PageSize);
	EXPECT(do_reserve_above(stack_lo(1), PageSize) == stack_lo(1), "free at the address");
	EXPECT(do_reserve_above(stack_lo(1) + 1, PageSize) == stack_lo(2), "an unaligned address rounds up");
	EXPECT(do_reserve_above(stack_lo(3), 2 * PageSize) == stack_lo(8), "one page free, then a reservation");
	EXPECT(do_reserve_above(stack_lo(5), PageSize) == stack_lo(10), "inside a reservation: the next free page above");
	EXPECT(do_reserve_above(stack_lo(1020), 8 * PageSize) == 0, "nothing above: NULL");
	EXPECT(do_reserve_above(stack_lo(1023) + 1, PageSize) == 0, "from the region's end: NULL");
	EXPECT(do_reserve_above(stack_lo(1020), 4 * PageSize) == stack_lo(1020), "up to the region's end");
	check(true);
}

static void move_alias_unalias(void)
{
	uintptr_t src = do_alloc(4 * PageSize, &memstats.stacks_sys);
	uintptr_t dst = do_reserve_above(src + 16 * PageSize, 6 * PageSize);
	int used = frames_inuse;
	do_move(dst, src, 4 * PageSize);
	EXPECT(frames_inuse == used, "SysMoveAlias took frames");
	EXPECT(memstats.stacks_sys == 4 * PageSize, "SysMoveAlias changed the count");
	areas_are(&regions[STACK], (struct want_area[]){
		{ stack_lo(0), 4, A_ALIAS }, { stack_lo(4), 12, A_FREE }, { stack_lo(16), 4, A_MAPPED },
		{ stack_lo(20), 2, A_RESERVED } }, 4);
	do_unalias(src, 4 * PageSize);
	EXPECT(frames_inuse == used, "SysUnalias freed frames");
	do_map(dst + 4 * PageSize, 2 * PageSize, &memstats.stacks_sys);   /* the moved stack grows */
	do_free(dst, 6 * PageSize, &memstats.stacks_sys);
	do_free(src, 4 * PageSize, &memstats.stacks_sys);
	areas_are(&regions[STACK], NULL, 0);
	EXPECT(memstats.stacks_sys == 0, "stacks_sys %llu at the end", (unsigned long long)memstats.stacks_sys);
}

static void records_go_back(void)
{
	int records0 = frames_inuse;
	enum { N = 1000 };
	static uintptr_t v[N];
	for (int i = 0; i < N; i++)
		v[i] = do_alloc(PageSize, &memstats.stacks_sys);  /* side by side: one area each */
	check(false);
	int pages = frames_inuse - N;
	EXPECT(pages >= (N + 2 + NodesPerPage - 1) / NodesPerPage, "%d pages hold %d records", pages, N + 2);
	for (int i = N - 1; i > 0; i--) {                        /* free in a random order */
		int j = unit_below(i + 1);
		uintptr_t t = v[i];
		v[i] = v[j], v[j] = t;
	}
	for (int i = 0; i < N; i++) {
		do_free(v[i], PageSize, &memstats.stacks_sys);
		if (i % 97 == 0)
			check(false);
	}
	check(true);
	EXPECT(frames_inuse <= 3, "%d pages of records left (%d at the start), want at most 3: two records and a spare",
	       frames_inuse, records0);
	EXPECT(nareas == 2, "%d areas left", nareas);
}

/*
 * DESCRIBE: mem_describe(addr) prints the line the pattern makes; about
 * an address in a region, holding the records' lock while it prints
 * (what it read is what it says), and letting it go after.
 */
#define DESCRIBE(addr, ...) do {                                                \
		unit_out_clear();                                               \
		locked_at_print = -1;                                           \
		mem_describe(addr);                                             \
		EXPECT_OUT(__VA_ARGS__);                                        \
		EXPECT(locked_at_print == (region_of(addr) != NULL),            \
		       "mem_describe(%#lx) printed with the lock %s", (unsigned long)(addr), \
		       locked_at_print ? "held" : "free");                      \
		EXPECT(memlock.locked == 0, "mem_describe kept the lock");      \
	} while (0)

static void describe_states(void)
{
	uintptr_t m = do_alloc(2 * PageSize, &memstats.heap_sys);
	DESCRIBE(m + PageSize + 7, "the address is in [%p, %p), mapped (heap; SysAlloc from pc=0x*)\n",
		 (void *)m, (void *)(m + 2 * PageSize));
	uintptr_t r = do_reserve(0, 3 * PageSize);
	DESCRIBE(r, "the address is in [%p, %p), reserved but not mapped (no statistic; SysReserve from pc=0x*)\n",
		 (void *)r, (void *)(r + 3 * PageSize));
	do_map(r + PageSize, PageSize, &memstats.other_sys);
	DESCRIBE(r + PageSize, "the address is in [%p, %p), mapped (other; SysMap from pc=0x*)\n",
		 (void *)(r + PageSize), (void *)(r + 2 * PageSize));
	DESCRIBE(r + 3 * PageSize - 1, "the address is in [%p, %p), reserved but not mapped (no statistic; SysReserve from pc=0x*)\n",
		 (void *)(r + 2 * PageSize), (void *)(r + 3 * PageSize));
	do_unmap(r + PageSize, PageSize, &memstats.other_sys);
	DESCRIBE(r + PageSize, "the address is in [%p, %p), reserved but not mapped (other; mem_unmap from pc=0x*)\n",
		 (void *)(r + PageSize), (void *)(r + 2 * PageSize));
	uintptr_t u = do_alloc(PageSize, &unnamed_sys);
	do_unused(u, PageSize);
	DESCRIBE(u, "the address is in [%p, %p), returned by SysUnused (not mapped until SysUsed) "
		 "(unnamed statistic; SysUnused from pc=0x*)\n", (void *)u, (void *)(u + PageSize));
	do_used(u, PageSize);
	DESCRIBE(u, "the address is in [%p, %p), mapped (unnamed statistic; SysUsed from pc=0x*)\n",
		 (void *)u, (void *)(u + PageSize));
	uintptr_t s = do_alloc(4 * PageSize, &memstats.stacks_sys);
	do_fault(s, PageSize);
	DESCRIBE(s, "the address is in [%p, %p), made to fault by SysFault (stacks; SysFault from pc=0x*)\n",
		 (void *)s, (void *)(s + PageSize));
	uintptr_t g = do_alloc_guarded(2 * PageSize, &memstats.stacks_sys);
	DESCRIBE(g - 1, "the address is in [%p, %p), made to fault by SysFault (stacks; mem_alloc_guarded from pc=0x*)\n",
		 (void *)(g - PageSize), (void *)g);
	DESCRIBE(g, "the address is in [%p, %p), mapped (stacks; SysAlloc from pc=0x*)\n",
		 (void *)g, (void *)(g + 2 * PageSize));
	uintptr_t d = do_reserve_above(s, 3 * PageSize);
	do_move(d, s + PageSize, 3 * PageSize);
	DESCRIBE(s + 2 * PageSize, "the address is in [%p, %p), an alias of a moved stack's pages (the pages are "
		 "counted where the stack is now) (no statistic; SysMoveAlias from pc=0x*)\n",
		 (void *)(s + PageSize), (void *)(s + 4 * PageSize));
	DESCRIBE(d, "the address is in [%p, %p), mapped (stacks; SysMoveAlias from pc=0x*)\n",
		 (void *)d, (void *)(d + 3 * PageSize));
	do_unalias(s + PageSize, 3 * PageSize);
	DESCRIBE(s + PageSize, "the address is in [%p, %p), reserved but not mapped (no statistic; SysUnalias from pc=0x*)\n",
		 (void *)(s + PageSize), (void *)(s + 4 * PageSize));
	DESCRIBE(heap_lo(2000), "the address is in the heap region but not reserved\n");
	DESCRIBE(VM_STACK_END - 1, "the address is in the stack region but not reserved\n");
	check(true);
}

/*
 * The boot makes no Sys* call, so the regions have no records until the
 * first: a fault report still names the region, and that call makes them.
 */
static void regions_made_at_first_call(void)
{
	reset_unseeded();
	REQUIRE(!regions[HEAP].root && !regions[STACK].root && memstats.other_sys == 0,
		"records before any Sys* call");
	DESCRIBE(heap_lo(0), "the address is in the heap region but not reserved\n");
	DESCRIBE(stack_lo(1), "the address is in the stack region but not reserved\n");
	uintptr_t a = do_alloc(PageSize, &memstats.heap_sys);
	EXPECT(a == heap_lo(0), "the first allocation at %#lx, want the region's start", (unsigned long)a);
	REQUIRE(regions[HEAP].root && regions[STACK].root, "no records after the first Sys* call");
	check(true);
}

static void describe_elsewhere(void)
{
	static const struct {
		const char *name;
		char *lo, *hi;
	} image[] = {
		{ "kernel text", text_start, etext },
		{ "kernel read-only data", rodata_start, erodata },
		{ "kernel data", data_start, edata },
		{ "kernel buffers left unzeroed at boot (NOINIT)", noinit_start, noinit_end },
		{ "kernel bss", bss_start, ebss },
		{ "guard page below goroutine 1's stack", mainstack_start, mainstack_lo },
		{ "stack of goroutine 1", mainstack_lo, mainstack_hi },
		{ "guard page above goroutine 1's stack", mainstack_hi, mainstack_end },
		{ "kernel function table", (char *)gosymtab, (char *)egosymtab },
	};
	for (size_t i = 0; i < nelem(image); i++) {
		DESCRIBE((uintptr_t)image[i].lo, "the address is in the %s [%p, %p)\n", image[i].name,
			 (void *)image[i].lo, (void *)image[i].hi);
		DESCRIBE((uintptr_t)image[i].hi - 1, "the address is in the %s [%p, %p)\n", image[i].name,
			 (void *)image[i].lo, (void *)image[i].hi);
	}
	DESCRIBE((uintptr_t)end, "the address is not in any range goro maps\n");
	DESCRIBE(0, "the address is in page 0 (a NULL pointer dereference)\n");
	DESCRIBE(PageSize - 1, "the address is in page 0 (a NULL pointer dereference)\n");
	DESCRIBE(RAM_LO, "the address is RAM in the direct map\n");
	DESCRIBE(RAM_HI - 1, "the address is RAM in the direct map\n");
	DESCRIBE(RAM_HI, "the address is not in any range goro maps\n");
	DESCRIBE(VM_HEAP_END, "the address is not in any range goro maps\n");
	DESCRIBE(VM_STACK_BASE - 1, "the address is not in any range goro maps\n");
	bootinfo = NULL;        /* before the boot information is kept */
	DESCRIBE(RAM_LO, "the address is not in any range goro maps\n");
	bootinfo = &bootinfo0;
	/* A fault inside kernel/mem.c: the records are locked, and mem_describe waits 100 ms at most. */
	memlock.locked = 1;
	unit_out_clear();
	mem_describe(heap_lo(1));
	EXPECT_OUT("the address is in the heap region (its records are locked)\n");
	EXPECT(memlock.locked == 1, "mem_describe let go of a lock it did not take");
	memlock.locked = 0;
}

static void misuse_is_fatal(void)
{
	uintptr_t h = do_alloc(2 * PageSize, &memstats.heap_sys);
	uintptr_t r = do_reserve(0, 2 * PageSize);
	uintptr_t s = do_alloc(PageSize, &memstats.stacks_sys);
	void *hp = (void *)h, *rp = (void *)r;
#define FATAL(stmt, ...) do { EXPECT_FATAL(stmt, __VA_ARGS__); memlock.locked = 0; check(false); } while (0)
	FATAL(SysFree((void *)heap_lo(100), PageSize, &memstats.heap_sys),
	      "SysFree(%p, 4096): [%p, %p) is not reserved", (void *)heap_lo(100), (void *)heap_lo(4),
	      (void *)VM_HEAP_END);
	FATAL(SysFree(hp, 5 * PageSize, &memstats.heap_sys),       /* mapped, reserved, then free */
	      "SysFree(%p, 20480): [%p, %p) is not reserved", hp, (void *)(r + 2 * PageSize), (void *)VM_HEAP_END);
	FATAL(SysFree((void *)h, PageSize, &memstats.stacks_sys),
	      "SysFree(%p, 4096): [%p, %p) is counted in heap, not in stacks", hp, hp, (void *)(h + 2 * PageSize));
	FATAL(SysFree((void *)(h + 1), PageSize, &memstats.heap_sys),
	      "SysFree(%p, 4096): not a page-aligned range inside the heap or stack region", (void *)(h + 1));
	FATAL(SysFree(hp, 0, &memstats.heap_sys),
	      "SysFree(%p, 0): not a page-aligned range inside the heap or stack region", hp);
	FATAL(SysMap((void *)(VM_HEAP_END - PageSize), 2 * PageSize, &memstats.heap_sys),
	      "SysMap(%p, 8192): not a page-aligned range inside the heap or stack region", (void *)(VM_HEAP_END - PageSize));
	FATAL(SysMap((void *)VM_HEAP_END, PageSize, &memstats.heap_sys),
	      "SysMap(%p, 4096): not a page-aligned range inside the heap or stack region", (void *)VM_HEAP_END);
	FATAL(SysMap(hp, PageSize, &memstats.heap_sys), "SysMap(%p, 4096): [%p, %p) is mapped", hp, hp,
	      (void *)(h + 2 * PageSize));
	FATAL(SysMap(rp, 3 * PageSize, &memstats.heap_sys), "SysMap(%p, 12288): [%p, %p) is not reserved", rp,
	      (void *)(r + 2 * PageSize), (void *)VM_HEAP_END);
	FATAL(SysUsed(rp, PageSize), "SysUsed(%p, 4096): [%p, %p) is reserved but not mapped", rp, rp,
	      (void *)(r + 2 * PageSize));
	FATAL(SysUnused(rp, PageSize), "SysUnused(%p, 4096): [%p, %p) is reserved but not mapped", rp, rp,
	      (void *)(r + 2 * PageSize));
	FATAL(SysFault(rp, PageSize), "SysFault(%p, 4096): [%p, %p) is reserved but not mapped", rp, rp,
	      (void *)(r + 2 * PageSize));
	FATAL(mem_unmap(rp, PageSize, &memstats.heap_sys), "mem_unmap(%p, 4096): [%p, %p) is reserved but not mapped",
	      rp, rp, (void *)(r + 2 * PageSize));
	FATAL(SysUnalias(hp, PageSize), "SysUnalias(%p, 4096): [%p, %p) is mapped", hp, hp, (void *)(h + 2 * PageSize));
	FATAL(SysMoveAlias(hp, (void *)s, PageSize), "SysMoveAlias(%p, 4096): [%p, %p) is mapped", hp, hp,
	      (void *)(h + 2 * PageSize));
	FATAL(SysMoveAlias(rp, rp, PageSize), "SysMoveAlias(%p, 4096): [%p, %p) is reserved but not mapped", rp, rp,
	      (void *)(r + 2 * PageSize));
	FATAL(SysAlloc(0, &memstats.heap_sys), "SysAlloc(0 bytes) from pc=0x*");
	FATAL(SysReserve(NULL, 0), "SysReserve(0 bytes) from pc=0x*");
	FATAL(SysReserveAbove((void *)VM_HEAP_END, PageSize),
	      "SysReserveAbove(%p, 4096): not a request inside the heap or stack region", (void *)VM_HEAP_END);
	FATAL(SysReserveAbove(hp, 0), "SysReserveAbove(%p, 0): not a request inside the heap or stack region", hp);
	/* One call, one statistic: a range over two would move pages between counts. */
	uintptr_t o1 = do_alloc(PageSize, &memstats.heap_sys), o2 = do_alloc(PageSize, &memstats.other_sys);
	if (o2 == o1 + PageSize) {
		FATAL(SysUnused((void *)o1, 2 * PageSize), "SysUnused(%p, 8192): [%p, %p) is counted in other, "
		      "the range's start in heap: one call covers one statistic", (void *)o1, (void *)o2,
		      (void *)(o2 + PageSize));
		FATAL(SysFault((void *)o1, 2 * PageSize), "SysFault(%p, 8192): [%p, %p) is counted in other, "
		      "the range's start in heap: one call covers one statistic", (void *)o1, (void *)o2,
		      (void *)(o2 + PageSize));
	} else {
		FAILF("the other statistic's page is at %p, not after the heap's at %p", (void *)o2, (void *)o1);
	}
	do_free(o1, PageSize, &memstats.heap_sys);
	do_free(o2, PageSize, &memstats.other_sys);
#undef FATAL
	do_unused(h, PageSize);         /* the misuse changed nothing: these still work */
	do_free(h, 2 * PageSize, &memstats.heap_sys);
	do_free(r, 2 * PageSize, &memstats.heap_sys);
	do_free(s, PageSize, &memstats.stacks_sys);
	check(true);
}

static void out_of_address_space(void)
{
	uintptr_t heap = VM_HEAP_END - VM_HEAP_BASE, stack = VM_STACK_END - VM_STACK_BASE;
	EXPECT_FATAL(SysAlloc(heap + 1, &memstats.heap_sys),
		     "out of memory: SysAlloc(%lu bytes) in the heap region: no address space left "
		     "(%d of %d pages free; 0 of %lu bytes of the region reserved)",
		     (unsigned long)(heap + PageSize), NFRAMES - frames_inuse, NFRAMES, (unsigned long)heap);
	memlock.locked = 0;
	EXPECT(do_alloc(heap, &memstats.heap_sys) == VM_HEAP_BASE, "the whole heap region");
	/* Fragments: every other page of the stack region. */
	static uintptr_t v[1024];
	for (int i = 0; i < 1024; i++)
		v[i] = do_alloc(PageSize, &memstats.stacks_sys);
	for (int i = 0; i < 1024; i += 2)
		do_free(v[i], PageSize, &memstats.stacks_sys);
	check(false);
	EXPECT_FATAL(SysAlloc(2 * PageSize, &memstats.stacks_sys),
		     "out of memory: SysAlloc(8192 bytes) in the stack region: no address space left "
		     "(* of %d pages free; %lu of %lu bytes of the region reserved)",
		     NFRAMES, (unsigned long)stack / 2, (unsigned long)stack);
	memlock.locked = 0;
	EXPECT_FATAL(SysReserve(NULL, PageSize), "out of memory: SysReserve(4096 bytes) in the heap region: "
		     "no address space left (*; %lu of %lu bytes of the region reserved)",
		     (unsigned long)heap, (unsigned long)heap);
	memlock.locked = 0;
	EXPECT(do_reserve_above(VM_STACK_BASE, 2 * PageSize) == 0, "SysReserveAbove of 2 pages among 1-page holes");
	EXPECT(do_alloc(PageSize, &memstats.stacks_sys) == VM_STACK_BASE, "a page still fits in the first hole");
	check(true);
}

static void out_of_frames(void)
{
	uintptr_t keep = do_alloc(PageSize, &memstats.heap_sys);
	int used = frames_inuse;
	frames_limit = used + 3;
	EXPECT_FATAL(SysAlloc(5 * PageSize, &memstats.heap_sys),
		     "out of memory: SysAlloc(20480 bytes) in the heap region: no physical memory left "
		     "(3 of %d pages free; 4096 of %lu bytes of the region reserved)",
		     used + 3, (unsigned long)(VM_HEAP_END - VM_HEAP_BASE));
	memlock.locked = 0;
	EXPECT(frames_inuse == used, "a failed SysAlloc kept %d frames", frames_inuse - used);
	check(true);            /* the range is free again, merged, nothing counted */

	uintptr_t r = do_reserve(0, 5 * PageSize);
	EXPECT(mem_map_try((void *)r, 5 * PageSize, &memstats.heap_sys) == -1, "mem_map_try past the frames");
	EXPECT(frames_inuse == used, "a failed mem_map_try kept %d frames", frames_inuse - used);
	check(false);
	EXPECT_FATAL(SysMap((void *)r, 4 * PageSize, &memstats.heap_sys),
		     "out of memory: SysMap(16384 bytes) in the heap region: no physical memory left (3 of *");
	memlock.locked = 0;
	check(false);
	do_map(r, 3 * PageSize, &memstats.heap_sys);             /* what there is, fits */
	EXPECT(mem_map_try((void *)(r + 3 * PageSize), PageSize, &memstats.heap_sys) == -1, "no frame left");
	do_unused(r, 3 * PageSize);
	frames_limit = frames_inuse + 2;
	EXPECT_FATAL(SysUsed((void *)r, 3 * PageSize),
		     "out of memory: SysUsed(12288 bytes) in the heap region: no physical memory left (2 of *");
	memlock.locked = 0;
	check(false);           /* still unused: SysUsed undid its partial mapping */

	/* mmu_map failing (no page for a table) undoes as running out of frames does. */
	frames_limit = NFRAMES;
	used = frames_inuse;
	mmu_maps_left = 2;
	EXPECT_FATAL(SysAlloc(4 * PageSize, &memstats.heap_sys),
		     "out of memory: SysAlloc(16384 bytes) in the heap region: no physical memory left (*");
	memlock.locked = 0;
	EXPECT(frames_inuse == used, "a failed SysAlloc kept %d frames", frames_inuse - used);
	check(false);
	mmu_maps_left = -1;
	uintptr_t s = do_alloc(3 * PageSize, &memstats.stacks_sys);
	uintptr_t d = do_reserve_above(VM_STACK_BASE, 3 * PageSize);
	mmu_maps_left = 1;
	EXPECT_FATAL(SysMoveAlias((void *)d, (void *)s, 3 * PageSize),
		     "out of memory: SysMoveAlias(12288 bytes) in the stack region: no physical memory for page tables left (*");
	memlock.locked = 0;
	mmu_maps_left = -1;
	check(false);           /* the destination is unmapped again */
	do_move(d, s, 3 * PageSize);
	do_unalias(s, 3 * PageSize);
	do_free(d, 3 * PageSize, &memstats.stacks_sys);
	do_free(keep, PageSize, &memstats.heap_sys);
	check(true);
}

static volatile int nreserved;

static void out_of_frames_for_records(void)
{
	frames_limit = frames_inuse;    /* the records' page has room for some more, then none */
	nreserved = 0;
	EXPECT_FATAL(for (;; nreserved++) SysReserve(NULL, PageSize),
		     "out of memory: area record(4096 bytes) in the heap region: no physical memory left "
		     "(0 of %d pages free; %d of %lu bytes of the region reserved)",
		     frames_inuse, (NodesPerPage - 2) * PageSize, (unsigned long)(VM_HEAP_END - VM_HEAP_BASE));
	memlock.locked = 0;
	EXPECT(nreserved == NodesPerPage - 2, "%d reservations before the records ran out, want %d",
	       nreserved, (int)NodesPerPage - 2);
	for (int i = 0; i < nreserved; i++)
		model_set(heap_lo(i), PageSize, A_RESERVED, "SysReserve", NULL);
	check(true);
	frames_limit = NFRAMES;
	do_free(heap_lo(0), 4 * PageSize, &memstats.heap_sys);
	EXPECT(do_reserve(0, PageSize) == heap_lo(0), "after freeing, a reservation works");
	check(true);
}

/*
 * random_ops: steps random calls, each on a range the model says is
 * valid for it, sizes up to maxpages; everything checked after each.
 */
static uint64_t *const randstats[] = { &memstats.heap_sys, &memstats.stacks_sys, &memstats.other_sys, &unnamed_sys };

/*
 * pick: a random run of pages of r in one of the states in mask.
 * samestat: its pages that are not just reserved are counted in one
 * statistic (SysUnused, SysFault, mem_unmap and SysMoveAlias refuse a
 * range over two: misuse_is_fatal checks that).
 */
static bool pick(struct region *r, unsigned mask, bool samestat, uintptr_t *lo, uintptr_t *hi)
{
	uintptr_t npages = (r->hi - r->lo) / PageSize, start = unit_below(npages), x = 0;
	uintptr_t i;
	for (i = 0; i < npages; i++) {
		x = r->lo + (start + i) % npages * PageSize;
		if (mask & 1u << mp(x)->state)
			break;
	}
	if (i == npages)
		return false;
	uint64_t *stat = mp(x)->state == A_RESERVED ? NULL : mp(x)->stat;
#define FITS(y) (mask & 1u << mp(y)->state && (!samestat || mp(y)->state == A_RESERVED || !stat || \
					       mp(y)->stat == stat))
	uintptr_t a = x, b = x + PageSize;
	while (a > r->lo && FITS(a - PageSize)) {
		a -= PageSize;
		if (!stat && mp(a)->state != A_RESERVED)
			stat = mp(a)->stat;
	}
	while (b < r->hi && FITS(b)) {
		if (!stat && mp(b)->state != A_RESERVED)
			stat = mp(b)->stat;
		b += PageSize;
	}
#undef FITS
	/* A random part of the run, at most 64 pages long. */
	uintptr_t n = (b - a) / PageSize;
	uintptr_t len = 1 + unit_below(n < 64 ? n : 64);
	*lo = a + unit_below(n - len + 1) * PageSize;
	*hi = *lo + len * PageSize;
	return true;
}

static uintptr_t randpages(uintptr_t maxpages)
{
	uintptr_t k = unit_below(100);
	uintptr_t n = k < 70 ? 1 + unit_below(8) : k < 95 ? 1 + unit_below(64) : 1 + unit_below(600);
	return n < maxpages ? n : maxpages;
}

static void random_ops(int steps, uintptr_t maxpages)
{
	int counts[12] = { 0 };
	for (int step = 0; step < steps; step++) {
		struct region *r = &regions[unit_below(3) ? HEAP : STACK];
		uintptr_t lo, hi, n = randpages(maxpages);
		unsigned k = unit_below(100);
		int op = k < 14 ? 0 : k < 22 ? 1 : k < 26 ? 2 : k < 36 ? 3 : k < 58 ? 4 : k < 64 ? 5 : k < 70 ? 6 :
			k < 75 ? 7 : k < 80 ? 8 : k < 90 ? 9 : 10;
		snprintf(unit_ctx, sizeof unit_ctx, "step %d, operation %d", step, op);
		switch (op) {
		case 0: {       /* SysAlloc, or with a guard page (mem_alloc_guarded) */
			uint64_t *stat = randstats[unit_below(4)];
			if (unit_below(4))
				do_alloc(bytes(n), stat);
			else
				do_alloc_guarded(bytes(n), stat);
			break;
		}
		case 1: {       /* SysReserve: no hint, one in a region, one between them */
			unsigned h = unit_below(4);
			uintptr_t hint = h == 0 ? 0 : h == 3 ? VM_HEAP_END + unit_below(VM_STACK_BASE - VM_HEAP_END)
				: r->lo + unit_below(r->hi - r->lo);
			do_reserve(hint, bytes(n));
			break;
		}
		case 2:         /* SysReserveAbove */
			do_reserve_above(r->lo + unit_below(r->hi - r->lo), bytes(n));
			break;
		case 3:         /* SysMap */
			if (!pick(r, 1u << A_RESERVED, false, &lo, &hi))
				continue;
			do_map(lo, bytes((hi - lo) / PageSize), randstats[unit_below(4)]);
			break;
		case 4: {       /* SysFree */
			if (!pick(r, 1u << A_RESERVED | 1u << A_MAPPED | 1u << A_UNUSED | 1u << A_FAULT, true, &lo, &hi))
				continue;
			uint64_t *stat = NULL;
			for (uintptr_t x = lo; x < hi && !stat; x += PageSize)
				if (mp(x)->state != A_RESERVED)
					stat = mp(x)->stat;
			do_free(lo, bytes((hi - lo) / PageSize), stat ? stat : randstats[unit_below(4)]);
			break;
		}
		case 5:         /* SysUnused */
			if (!pick(r, 1u << A_MAPPED | 1u << A_UNUSED, true, &lo, &hi))
				continue;
			do_unused(lo, bytes((hi - lo) / PageSize));
			break;
		case 6:         /* SysUsed: areas of any statistics */
			if (!pick(r, 1u << A_MAPPED | 1u << A_UNUSED, false, &lo, &hi))
				continue;
			do_used(lo, bytes((hi - lo) / PageSize));
			break;
		case 7:         /* SysFault */
			if (!pick(r, 1u << A_MAPPED | 1u << A_UNUSED | 1u << A_FAULT, true, &lo, &hi))
				continue;
			do_fault(lo, bytes((hi - lo) / PageSize));
			break;
		case 8:         /* mem_unmap */
			if (!pick(r, 1u << A_MAPPED, true, &lo, &hi))
				continue;
			do_unmap(lo, bytes((hi - lo) / PageSize), mp(lo)->stat);
			break;
		case 9: {       /* SysMoveAlias, to a reservation in either region */
			uintptr_t dlo, dhi;
			if (!pick(r, 1u << A_MAPPED, true, &lo, &hi) ||
			    !pick(&regions[unit_below(2)], 1u << A_RESERVED, false, &dlo, &dhi))
				continue;
			uintptr_t len = (hi - lo < dhi - dlo ? hi - lo : dhi - dlo) / PageSize;
			do_move(dlo, lo, bytes(len));
			break;
		}
		case 10:        /* SysUnalias */
			if (!pick(r, 1u << A_ALIAS, false, &lo, &hi))
				continue;
			do_unalias(lo, bytes((hi - lo) / PageSize));
			break;
		}
		counts[op]++;
		if (unit_case_failed)
			longjmp(unit_case_jmp, 1);
		check(step % 64 == 0);
	}
	unit_ctx[0] = 0;
	/* Every byte of a few areas finds its area. */
	check(false);
	uintptr_t budget = 1 << 20;
	for (int t = 0; t < 16 && budget > 0; t++) {
		int i = unit_below(nareas);
		struct region *r = region_of(areas[i]->base);
		for (uintptr_t x = areas[i]->base; x < areas[i]->base + areas[i]->len && budget > 0; x++, budget--)
			check_lookup(r, x, i);
	}
	for (int op = 0; op <= 10; op++)
		EXPECT(counts[op] > steps / 100, "operation %d ran only %d times", op, counts[op]);
	/* Undo it all: aliases first, then whatever is reserved. */
	for (uintptr_t x = SPAN_LO; x < VM_STACK_END; x += PageSize)
		if (mp(x)->state == A_ALIAS)
			do_unalias(x, PageSize);
	for (uintptr_t x = SPAN_LO; x < VM_STACK_END; x += PageSize)
		if (mp(x)->state != A_FREE && mp(x)->state != OUTSIDE)
			do_free(x, PageSize, mp(x)->state == A_RESERVED ? &memstats.heap_sys : mp(x)->stat);
	check(true);
	EXPECT(nareas == 2 && memstats.heap_sys == 0 && memstats.stacks_sys == 0 && unnamed_sys == 0 &&
	       frames_inuse <= 3 && memstats.other_sys == (uint64_t)frames_inuse * PageSize,
	       "after freeing everything: %d areas, %d frames in use", nareas, frames_inuse);
}

static void random_ops_mixed(void)
{
	random_ops(4000, 600);
}

static void random_ops_small(void)
{
	random_ops(4000, 3);    /* many small areas: deep treaps, many record pages */
}

int main(void)
{
	unit_init();
	unit_reset = reset;
	unit_run("init-one-free-area-per-region", init_one_free_area_per_region);
	unit_run("regions-made-at-first-call", regions_made_at_first_call);
	unit_run("alloc-first-fit", alloc_first_fit);
	unit_run("alloc-rounds-up-and-picks-region", alloc_rounds_up_and_picks_region);
	unit_run("free-splits-and-merges", free_splits_and_merges);
	unit_run("states-split-areas", states_split_areas);
	unit_run("reserve-at-hint-or-first-fit", reserve_at_hint_or_first_fit);
	unit_run("map-unmap-free-reservation", map_unmap_free_reservation);
	unit_run("reserve-above", reserve_above);
	unit_run("move-alias-unalias", move_alias_unalias);
	unit_run("records-go-back", records_go_back);
	unit_run("describe-states", describe_states);
	unit_run("describe-elsewhere", describe_elsewhere);
	unit_run("misuse-is-fatal", misuse_is_fatal);
	unit_run("out-of-address-space", out_of_address_space);
	unit_run("out-of-frames", out_of_frames);
	unit_run("out-of-frames-for-records", out_of_frames_for_records);
	unit_run("random-ops-mixed", random_ops_mixed);
	unit_run("random-ops-small", random_ops_small);
	return unit_done();
}
