/*
 * mem.c - the Sys* contract on goro's own page tables.
 *
 * The address space above the direct map is split into regions (heap
 * and stacks, from memlayout.h). Each region is tiled by areas: free,
 * or reserved in one of four states (reserved, mapped, unused,
 * faulted), each remembering which call made it so, from where, and
 * for which statistic. The areas of a region live in a treap keyed by
 * address whose nodes also keep the largest free area below them, so
 * reserving (first fit), finding the area of an address and freeing
 * are all O(log n) however many stacks exist. A Sys* call on part of
 * an area splits it; freed neighbours merge.
 *
 * The same records answer the fault report's question "what is this
 * address?": a SysFault'ed range, a reserved but unmapped one, ...
 */
#include "platform.h"
#include "bootinfo.h"
#include "machine.h"

struct memstats memstats;

enum state {
	A_FREE,         /* not reserved */
	A_RESERVED,     /* SysReserve'd, never mapped */
	A_MAPPED,       /* backed by frames (SysAlloc, SysMap, SysUsed) */
	A_UNUSED,       /* SysUnused: frames returned, range kept */
	A_FAULT,        /* SysFault: frames returned, any access is reported */
	A_ALIAS,        /* SysMoveAlias: maps frames another range owns (and counts) */
};

static const char *const statenames[] = {
	[A_FREE] = "not reserved",
	[A_RESERVED] = "reserved but not mapped",
	[A_MAPPED] = "mapped",
	[A_UNUSED] = "returned by SysUnused (not mapped until SysUsed)",
	[A_FAULT] = "made to fault by SysFault",
	[A_ALIAS] = "an alias of a moved stack's pages (the pages are counted where the stack is now)",
};

struct area {
	uintptr_t base, len;
	struct area *left, *right;
	uintptr_t maxfree;      /* the largest free area's length in this subtree */
	uint32_t prio;          /* treap priority: a heap on prio, a search tree on base */
	uint8_t state;
	const char *op;         /* the Sys* call that set the state */
	uintptr_t pc;           /* where it was called from */
	uint64_t *stat;         /* the statistic the memory is counted in */
};

struct region {
	const char *name;
	uintptr_t lo, hi;
	struct area *root;
	uintptr_t reserved;     /* bytes not free */
};

static struct region regions[] = {
	{ "heap", VM_HEAP_BASE, VM_HEAP_END, NULL, 0 },
	{ "stack", VM_STACK_BASE, VM_STACK_END, NULL, 0 },
};
enum { HEAP, STACK };

static struct spinlock memlock;

static uintptr_t pgup(uintptr_t n)
{
	return (n + PageSize - 1) & ~(uintptr_t)(PageSize - 1);
}

static const char *statname(const uint64_t *stat)
{
	if (stat == &memstats.heap_sys)
		return "heap";
	if (stat == &memstats.stacks_sys)
		return "stacks";
	if (stat == &memstats.other_sys)
		return "other";
	return stat ? "unnamed statistic" : "no statistic";
}

/* oom reports exhausted memory or address space; called with memlock held. */
static _Noreturn void oom(const char *op, uintptr_t n, struct region *r, const char *what)
{
	fatal("out of memory: %s(%lu bytes) in the %s region: no %s left "
	      "(%lu of %lu pages free; %lu of %lu bytes of the region reserved)",
	      op, (unsigned long)n, r->name, what,
	      (unsigned long)physmem_free_pages(), (unsigned long)physmem_total_pages(),
	      (unsigned long)r->reserved, (unsigned long)(r->hi - r->lo));
}

/* --- area nodes ---------------------------------------------------------- */

/*
 * Area records live in pages of their own (physpage_alloc, counted in
 * other_sys), a header at the start of each. A page whose records are
 * all free goes back, but for one kept spare, so a burst of stacks
 * leaves no records behind. Called with memlock held.
 */
struct nodepage {
	struct nodepage *next, *prev;   /* on partial: pages with free records */
	struct area *free;              /* this page's free records */
	int nfree;
};
enum { NodesPerPage = (PageSize - sizeof(struct nodepage)) / sizeof(struct area) };
static struct nodepage *partial;
static int emptypages;                  /* pages on partial with every record free */

static struct area *page_nodes(struct nodepage *p)
{
	return (struct area *)(p + 1);
}

static void partial_unlink(struct nodepage *p)
{
	if (p->prev)
		p->prev->next = p->next;
	else
		partial = p->next;
	if (p->next)
		p->next->prev = p->prev;
}

static struct area *node_alloc(void)
{
	if (!partial) {
		uint64_t pa = physpage_alloc();
		if (!pa)
			oom("area record", PageSize, &regions[HEAP], "physical memory");
		memstats.other_sys += PageSize;
		struct nodepage *p = phys_to_virt(pa);
		*p = (struct nodepage){ 0 };
		for (int i = 0; i < NodesPerPage; i++) {
			page_nodes(p)[i].left = p->free;
			p->free = &page_nodes(p)[i];
		}
		p->nfree = NodesPerPage;
		partial = p;
		emptypages++;
	}
	struct nodepage *p = partial;
	if (p->nfree-- == NodesPerPage)
		emptypages--;
	struct area *a = p->free;
	p->free = a->left;
	if (!p->free)
		partial_unlink(p);
	static uint32_t seed = 2463534242u;     /* xorshift32 */
	seed ^= seed << 13, seed ^= seed >> 17, seed ^= seed << 5;
	*a = (struct area){ .prio = seed };
	return a;
}

static void node_free(struct area *a)
{
	struct nodepage *p = (struct nodepage *)((uintptr_t)a & ~(uintptr_t)(PageSize - 1));
	a->left = p->free;
	p->free = a;
	if (p->nfree++ == 0) {
		p->prev = NULL;
		p->next = partial;
		if (partial)
			partial->prev = p;
		partial = p;
	}
	if (p->nfree < NodesPerPage)
		return;
	if (emptypages == 0) {
		emptypages++;   /* the spare */
		return;
	}
	partial_unlink(p);
	for (size_t i = 0; i < PageSize / sizeof(uint64_t); i++)
		((volatile uint64_t *)p)[i] = 0;        /* frames are handed out zeroed */
	physpage_free((uintptr_t)p);    /* the direct map: virtual == physical */
	memstats.other_sys -= PageSize;
}

/* --- the treap --------------------------------------------------------------- */

static uintptr_t maxfree(const struct area *a)
{
	return a ? a->maxfree : 0;
}

/* fix recomputes a's maxfree from its own state and its children. */
static void fix(struct area *a)
{
	uintptr_t m = a->state == A_FREE ? a->len : 0;
	if (maxfree(a->left) > m)
		m = maxfree(a->left);
	if (maxfree(a->right) > m)
		m = maxfree(a->right);
	a->maxfree = m;
}

static struct area *insert(struct area *t, struct area *n)
{
	if (!t) {
		n->left = n->right = NULL;
		fix(n);
		return n;
	}
	if (n->base < t->base) {
		t->left = insert(t->left, n);
		if (t->left->prio > t->prio) {          /* rotate right */
			struct area *l = t->left;
			t->left = l->right;
			l->right = t;
			fix(t);
			t = l;
		}
	} else {
		t->right = insert(t->right, n);
		if (t->right->prio > t->prio) {         /* rotate left */
			struct area *r = t->right;
			t->right = r->left;
			r->left = t;
			fix(t);
			t = r;
		}
	}
	fix(t);
	return t;
}

/* join merges two treaps where every base in a is below every base in b. */
static struct area *join(struct area *a, struct area *b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	if (a->prio > b->prio) {
		a->right = join(a->right, b);
		fix(a);
		return a;
	}
	b->left = join(a, b->left);
	fix(b);
	return b;
}

/* erase unlinks the node whose base is base (it must exist). */
static struct area *erase(struct area *t, uintptr_t base)
{
	if (base < t->base)
		t->left = erase(t->left, base);
	else if (base > t->base)
		t->right = erase(t->right, base);
	else
		return join(t->left, t->right);
	fix(t);
	return t;
}

/* find returns the area holding addr (areas tile the region), or NULL outside it. */
static struct area *find(struct area *t, uintptr_t addr)
{
	while (t) {
		if (addr < t->base)
			t = t->left;
		else if (addr - t->base >= t->len)
			t = t->right;
		else
			return t;
	}
	return NULL;
}

/* fit returns the lowest free area at least n bytes long, or NULL. */
static struct area *fit(struct area *t, uintptr_t n)
{
	while (t && t->maxfree >= n) {
		if (maxfree(t->left) >= n)
			t = t->left;
		else if (t->state == A_FREE && t->len >= n)
			return t;
		else
			t = t->right;
	}
	return NULL;
}

/*
 * fit_above returns the lowest free area that holds n bytes at or above
 * addr (from max(base, addr)), or NULL.
 */
static struct area *fit_above(struct area *t, uintptr_t addr, uintptr_t n)
{
	if (!t || t->maxfree < n)
		return NULL;
	if (t->base < addr) {
		/* The left subtree lies wholly below addr. */
		if (t->state == A_FREE && t->base + t->len > addr && t->base + t->len - addr >= n)
			return t;
		return fit_above(t->right, addr, n);
	}
	struct area *a = fit_above(t->left, addr, n);
	if (a)
		return a;
	if (t->state == A_FREE && t->len >= n)
		return t;
	return fit(t->right, n);
}

/* --- areas ------------------------------------------------------------------- */

static struct region *region_of(uintptr_t addr)
{
	for (size_t i = 0; i < nelem(regions); i++)
		if (addr >= regions[i].lo && addr < regions[i].hi)
			return &regions[i];
	return NULL;
}

/* split_at makes an area begin at x, if x is inside one. */
static void split_at(struct region *r, uintptr_t x)
{
	struct area *a = find(r->root, x);
	if (!a || a->base == x)
		return;
	struct area *b = node_alloc();
	uint32_t prio = b->prio;
	*b = *a;
	b->prio = prio;
	b->base = x;
	b->len = a->base + a->len - x;
	r->root = erase(r->root, a->base);
	a->len = x - a->base;
	r->root = insert(r->root, a);
	r->root = insert(r->root, b);
}

/*
 * set_state gives [lo, hi) the state st (recording op, pc and stat),
 * splitting areas at the ends and merging free neighbours.
 */
static void set_state(struct region *r, uintptr_t lo, uintptr_t hi, enum state st,
		      const char *op, uintptr_t pc, uint64_t *stat)
{
	split_at(r, lo);
	split_at(r, hi);
	for (uintptr_t x = lo; x < hi;) {
		struct area *a = find(r->root, x);
		r->root = erase(r->root, a->base);
		if (a->state == A_FREE && st != A_FREE)
			r->reserved += a->len;
		else if (a->state != A_FREE && st == A_FREE)
			r->reserved -= a->len;
		a->state = st;
		a->op = op;
		a->pc = pc;
		a->stat = stat;
		r->root = insert(r->root, a);
		x = a->base + a->len;
	}
	if (st != A_FREE)
		return;
	/* Merge the free run around [lo, hi) into one area. */
	struct area *a = lo > r->lo ? find(r->root, lo - 1) : NULL;
	if (!a || a->state != A_FREE)
		a = find(r->root, lo);
	for (;;) {
		uintptr_t e = a->base + a->len;
		struct area *b = e < r->hi ? find(r->root, e) : NULL;
		if (!b || b->state != A_FREE)
			break;
		r->root = erase(r->root, b->base);
		r->root = erase(r->root, a->base);
		a->len += b->len;
		r->root = insert(r->root, a);
		node_free(b);
	}
}

/*
 * check_range stops with a fatal error unless [v, v+n) lies in one
 * region and every area in it is in one of the states in mask.
 */
static struct region *check_range(const char *op, uintptr_t v, uintptr_t n, unsigned mask)
{
	struct region *r = region_of(v);
	if (v & (PageSize - 1) || n == 0 || !r || n > r->hi - v)
		fatal("%s(%p, %lu): not a page-aligned range inside the heap or stack region",
		      op, (void *)v, (unsigned long)n);
	for (uintptr_t x = v; x < v + n;) {
		struct area *a = find(r->root, x);
		if (!(mask & (1u << a->state)))
			fatal("%s(%p, %lu): [%p, %p) is %s", op, (void *)v, (unsigned long)n,
			      (void *)a->base, (void *)(a->base + a->len), statenames[a->state]);
		x = a->base + a->len;
	}
	return r;
}

/*
 * mmu_shootdown (plat/platform.h): nothing, where invalidating a page's
 * translation on one CPU reaches every CPU (the PC defines its own).
 */
__attribute__((weak)) void mmu_shootdown(uintptr_t va, uintptr_t len)
{
	(void)va, (void)len;
}

/*
 * Runs of pages are mapped and unmapped up to RunMax at a time, their
 * frames kept in runframes (memlock guards it, and it keeps a
 * goroutine's stack slack free). Hosted, each run is a system call, and
 * a 16 MiB stack's growth maps 32 MiB.
 */
enum { RunMax = 512 };
static NOINIT uint64_t runframes[RunMax];

/*
 * mmu_unmap_run (plat/platform.h): mmu_unmap page by page, for a machine
 * that has nothing better.
 */
__attribute__((weak)) void mmu_unmap_run(uintptr_t va, size_t n, unsigned tag, uint64_t *pa)
{
	for (size_t i = 0; i < n; i++)
		pa[i] = mmu_unmap(va + i * PageSize, tag);
}

/*
 * unmap_pages frees the frames behind whatever of [v, v+n) is mapped, a
 * run at a time: the run is unmapped (mmu_unmap_run invalidates this
 * CPU's TLB), then forgotten by every other CPU (mmu_shootdown), and
 * only then are its frames freed, so no CPU can reach a frame through a
 * stale translation once it is someone else's. A page that was not
 * mapped needs no shootdown (a TLB caches no absent translation).
 * Called with memlock held, which also keeps the range from being given
 * out again before the shootdown is done.
 */
static void unmap_pages(uintptr_t v, uintptr_t n)
{
	for (uintptr_t off = 0; off < n;) {
		size_t np = (n - off + PageSize - 1) / PageSize, nf = 0;
		if (np > RunMax)
			np = RunMax;
		uintptr_t lo = 0, hi = 0;       /* the mapped pages' span in this run */
		mmu_unmap_run(v + off, np, 0, runframes);
		for (size_t i = 0; i < np; i++) {
			if (runframes[i] == MMU_NOPAGE)
				continue;
			if (nf == 0)
				lo = v + off + i * PageSize;
			hi = v + off + (i + 1) * PageSize;
			runframes[nf++] = runframes[i];
		}
		off += np * PageSize;
		if (nf == 0)
			continue;
		mmu_shootdown(lo, hi - lo);
		while (nf > 0)
			physpage_free(runframes[--nf]);
	}
}

/*
 * mmu_map_run (plat/platform.h): mmu_map page by page, for a machine
 * that has nothing better (the unit tests' fake one; every platform
 * has its own). A failure unmaps what the run mapped
 * (never used yet: no shootdown) and leaves the frames to the caller.
 */
__attribute__((weak)) int mmu_map_run(uintptr_t va, const uint64_t *pa, size_t n, unsigned prot)
{
	for (size_t i = 0; i < n; i++) {
		if (mmu_map(va + i * PageSize, pa[i], prot) == 0)
			continue;
		while (i-- > 0)
			mmu_unmap(va + i * PageSize, 0);
		return -1;
	}
	return 0;
}

/*
 * map_pages backs [v, v+n) with zeroed frames, a run at a time, each run
 * one mmu_map_run; on failure undoes its work and returns -1.
 */
static int map_pages(uintptr_t v, uintptr_t n)
{
	for (uintptr_t off = 0; off < n;) {
		size_t nf = 0;
		while (nf < RunMax && off + nf * PageSize < n) {
			if ((runframes[nf] = physpage_alloc()) == 0)
				break;
			nf++;
		}
		if (nf > 0 && mmu_map_run(v + off, runframes, nf, MMU_R | MMU_W) == 0) {
			off += nf * PageSize;
			continue;
		}
		while (nf > 0)
			physpage_free(runframes[--nf]);
		unmap_pages(v, off);
		return -1;
	}
	return 0;
}

/* --- the contract -------------------------------------------------------------- */

static bool seeded;              /* the regions' trees exist */

/*
 * seed makes each region's tree, one free area over all of it. The
 * first Sys* call does it (mem_lock): the boot needs no Sys* call, and
 * its time is what an emulator takes to translate the code it runs.
 */
static void seed(void)
{
	for (size_t i = 0; i < nelem(regions); i++) {
		struct area *a = node_alloc();
		a->base = regions[i].lo;
		a->len = regions[i].hi - regions[i].lo;
		a->state = A_FREE;
		regions[i].root = insert(NULL, a);
	}
	seeded = true;
}

/* mem_lock takes memlock, which every Sys* call holds while it reads or changes the records. */
static void mem_lock(void)
{
	spin_lock(&memlock);
	if (!seeded)
		seed();
}

/*
 * carve gives the first n bytes of the free area a (at least n long)
 * the state st and returns their address: a new record takes them, and
 * a keeps the rest and its place in the tree (no other area's base lies
 * between its old and its new one), so one insert does it all - its
 * path runs through a and every ancestor of a, whose maxfree it fixes.
 * That is all a first-fit reservation needs of set_state's general
 * splits and merges.
 */
static uintptr_t carve(struct region *r, struct area *a, uintptr_t n, enum state st,
		       const char *op, uintptr_t pc, uint64_t *stat)
{
	uintptr_t lo = a->base;
	if (n == a->len) {
		set_state(r, lo, lo + n, st, op, pc, stat);
		return lo;
	}
	struct area *b = node_alloc();
	b->base = lo;
	b->len = n;
	b->state = st;
	b->op = op;
	b->pc = pc;
	b->stat = stat;
	a->base = lo + n;
	a->len -= n;
	r->root = insert(r->root, b);
	r->reserved += n;
	return lo;
}

/* reserve takes n bytes of address space in r, at hint if that is free; 0 if none. */
static uintptr_t reserve(struct region *r, uintptr_t hint, uintptr_t n, enum state st,
			 const char *op, uintptr_t pc, uint64_t *stat)
{
	struct area *a = hint ? find(r->root, hint) : NULL;
	if (!a || a->state != A_FREE || n > a->base + a->len - hint) {
		a = fit(r->root, n);
		if (!a)
			return 0;
		hint = a->base;
	}
	if (hint == a->base)
		return carve(r, a, n, st, op, pc, stat);
	set_state(r, hint, hint + n, st, op, pc, stat);
	return hint;
}

/*
 * alloc: SysAlloc's work, with guard bytes (0 or a page) below the
 * mapped range given the state SysFault leaves, as if they had been
 * mapped and faulted: same records, same count, nothing mapped twice.
 * Returns the mapped range's start.
 */
static uintptr_t alloc(uintptr_t n, uintptr_t guard, uint64_t *stat, uintptr_t pc)
{
	n = pgup(n);
	if (n == 0)
		fatal("SysAlloc(0 bytes) from pc=%p", (void *)pc);
	struct region *r = &regions[stat == &memstats.stacks_sys ? STACK : HEAP];
	mem_lock();
	struct area *a = fit(r->root, guard + n);
	if (!a)
		oom("SysAlloc", guard + n, r, "address space");
	uintptr_t v = a->base;
	if (guard)
		carve(r, a, guard, A_FAULT, "mem_alloc_guarded", pc, stat);     /* a keeps n bytes at least */
	carve(r, a, n, A_MAPPED, "SysAlloc", pc, stat);
	if (map_pages(v + guard, n) < 0) {
		set_state(r, v, v + guard + n, A_FREE, NULL, 0, NULL);
		oom("SysAlloc", guard + n, r, "physical memory");
	}
	*stat += guard + n;
	spin_unlock(&memlock);
	return v + guard;
}

void *SysAlloc(uintptr_t n, uint64_t *stat)
{
	return (void *)alloc(n, 0, stat, (uintptr_t)__builtin_return_address(0));
}

void *mem_alloc_guarded(uintptr_t n, uint64_t *stat)
{
	return (void *)alloc(n, PageSize, stat, (uintptr_t)__builtin_return_address(0));
}

void SysFree(void *v, uintptr_t n, uint64_t *stat)
{
	n = pgup(n);
	mem_lock();
	struct region *r = check_range("SysFree", (uintptr_t)v, n, ~(1u << A_FREE));
	/* Uncount exactly what was counted: the bytes SysAlloc/SysMap gave this stat. */
	for (uintptr_t x = (uintptr_t)v; x < (uintptr_t)v + n;) {
		struct area *a = find(r->root, x);
		uintptr_t e = a->base + a->len < (uintptr_t)v + n ? a->base + a->len : (uintptr_t)v + n;
		if (a->state != A_RESERVED && a->stat != stat)
			fatal("SysFree(%p, %lu): [%p, %p) is counted in %s, not in %s",
			      v, (unsigned long)n, (void *)a->base, (void *)(a->base + a->len),
			      statname(a->stat), statname(stat));
		if (a->state != A_RESERVED)
			*stat -= e - x;
		x = e;
	}
	unmap_pages((uintptr_t)v, n);
	set_state(r, (uintptr_t)v, (uintptr_t)v + n, A_FREE, NULL, 0, NULL);
	spin_unlock(&memlock);
}

void *SysReserve(void *v, uintptr_t n)
{
	uintptr_t pc = (uintptr_t)__builtin_return_address(0);
	n = pgup(n);
	if (n == 0)
		fatal("SysReserve(0 bytes) from pc=%p", (void *)pc);
	struct region *r = region_of((uintptr_t)v);
	if (!r)
		r = &regions[HEAP];
	mem_lock();
	uintptr_t got = reserve(r, (uintptr_t)v & ~(uintptr_t)(PageSize - 1), n,
				A_RESERVED, "SysReserve", pc, NULL);
	if (!got)
		oom("SysReserve", n, r, "address space");
	spin_unlock(&memlock);
	return (void *)got;
}

int mem_map_try(void *v, uintptr_t n, uint64_t *stat)
{
	uintptr_t pc = (uintptr_t)__builtin_return_address(0);
	n = pgup(n);
	mem_lock();
	struct region *r = check_range("SysMap", (uintptr_t)v, n, 1u << A_RESERVED);
	if (map_pages((uintptr_t)v, n) < 0) {
		spin_unlock(&memlock);
		return -1;
	}
	set_state(r, (uintptr_t)v, (uintptr_t)v + n, A_MAPPED, "SysMap", pc, stat);
	*stat += n;
	spin_unlock(&memlock);
	return 0;
}

void SysMap(void *v, uintptr_t n, uint64_t *stat)
{
	if (mem_map_try(v, n, stat) < 0) {
		mem_lock();
		oom("SysMap", pgup(n), region_of((uintptr_t)v), "physical memory");
	}
}

/*
 * one_stat returns the statistic every area of [v, v+n) is counted in.
 * A range over areas of two statistics is a fatal error naming them: the
 * call would move pages from one count to the other. memlock held.
 */
static uint64_t *one_stat(const char *op, struct region *r, uintptr_t v, uintptr_t n)
{
	uint64_t *stat = find(r->root, v)->stat;
	for (uintptr_t x = v; x < v + n;) {
		struct area *a = find(r->root, x);
		if (a->stat != stat)
			fatal("%s(%p, %lu): [%p, %p) is counted in %s, the range's start in %s: "
			      "one call covers one statistic", op, (void *)v, (unsigned long)n,
			      (void *)a->base, (void *)(a->base + a->len), statname(a->stat), statname(stat));
		x = a->base + a->len;
	}
	return stat;
}

/*
 * drop_frames frees the frames behind [v, v+n) (every area in one of the
 * states in mask, all counted in one statistic) and gives the range the
 * state st, keeping that statistic. Called with memlock held.
 */
static struct region *drop_frames(const char *op, void *v, uintptr_t n, unsigned mask,
				  enum state st, uintptr_t pc)
{
	struct region *r = check_range(op, (uintptr_t)v, n, mask);
	uint64_t *stat = one_stat(op, r, (uintptr_t)v, n);
	unmap_pages((uintptr_t)v, n);
	set_state(r, (uintptr_t)v, (uintptr_t)v + n, st, op, pc, stat);
	return r;
}

void mem_unmap(void *v, uintptr_t n, uint64_t *stat)
{
	uintptr_t pc = (uintptr_t)__builtin_return_address(0);
	n = pgup(n);
	mem_lock();
	drop_frames("mem_unmap", v, n, 1u << A_MAPPED, A_RESERVED, pc);
	*stat -= n;
	spin_unlock(&memlock);
}

void SysUnused(void *v, uintptr_t n)
{
	uintptr_t pc = (uintptr_t)__builtin_return_address(0);
	n = pgup(n);
	mem_lock();
	drop_frames("SysUnused", v, n, 1u << A_MAPPED | 1u << A_UNUSED, A_UNUSED, pc);
	spin_unlock(&memlock);
}

void SysUsed(void *v, uintptr_t n)
{
	uintptr_t pc = (uintptr_t)__builtin_return_address(0);
	n = pgup(n);
	mem_lock();
	struct region *r = check_range("SysUsed", (uintptr_t)v, n,
				       1u << A_MAPPED | 1u << A_UNUSED);
	for (uintptr_t x = (uintptr_t)v; x < (uintptr_t)v + n;) {
		struct area *a = find(r->root, x);
		uintptr_t e = a->base + a->len < (uintptr_t)v + n ? a->base + a->len : (uintptr_t)v + n;
		if (a->state == A_UNUSED && map_pages(x, e - x) < 0)
			oom("SysUsed", n, r, "physical memory");
		uint64_t *stat = a->stat;
		set_state(r, x, e, A_MAPPED, "SysUsed", pc, stat);
		x = e;
	}
	spin_unlock(&memlock);
}

void *SysReserveAbove(void *v, uintptr_t n)
{
	uintptr_t pc = (uintptr_t)__builtin_return_address(0);
	n = pgup(n);
	struct region *r = region_of((uintptr_t)v);
	if (!r || n == 0)
		fatal("SysReserveAbove(%p, %lu): not a request inside the heap or stack region",
		      v, (unsigned long)n);
	uintptr_t above = pgup((uintptr_t)v);
	mem_lock();
	struct area *a = fit_above(r->root, above, n);
	uintptr_t got = 0;
	if (a) {
		got = a->base > above ? a->base : above;
		set_state(r, got, got + n, A_RESERVED, "SysReserveAbove", pc, NULL);
	}
	spin_unlock(&memlock);
	return (void *)got;
}

void SysMoveAlias(void *dst, void *src, uintptr_t n)
{
	uintptr_t pc = (uintptr_t)__builtin_return_address(0);
	n = pgup(n);
	mem_lock();
	struct region *rd = check_range("SysMoveAlias", (uintptr_t)dst, n, 1u << A_RESERVED);
	struct region *rs = check_range("SysMoveAlias", (uintptr_t)src, n, 1u << A_MAPPED);
	uint64_t *stat = one_stat("SysMoveAlias", rs, (uintptr_t)src, n);
	for (uintptr_t off = 0; off < n; off += PageSize) {
		uint64_t pa;
		unsigned prot;
		if (!mmu_lookup((uintptr_t)src + off, &pa, &prot, NULL))
			fatal("SysMoveAlias: %p is not mapped", (void *)((uintptr_t)src + off));
		if (mmu_map((uintptr_t)dst + off, pa, prot) < 0) {
			for (uintptr_t undo = 0; undo < off; undo += PageSize)
				mmu_unmap((uintptr_t)dst + undo, 0);
			mmu_shootdown((uintptr_t)dst, off);
			oom("SysMoveAlias", n, rd, "physical memory for page tables");
		}
	}
	/* The frames and their count move to dst; src only aliases them now. */
	set_state(rd, (uintptr_t)dst, (uintptr_t)dst + n, A_MAPPED, "SysMoveAlias", pc, stat);
	set_state(rs, (uintptr_t)src, (uintptr_t)src + n, A_ALIAS, "SysMoveAlias", pc, NULL);
	spin_unlock(&memlock);
}

void SysUnalias(void *v, uintptr_t n)
{
	uintptr_t pc = (uintptr_t)__builtin_return_address(0);
	n = pgup(n);
	mem_lock();
	struct region *r = check_range("SysUnalias", (uintptr_t)v, n, 1u << A_ALIAS);
	for (uintptr_t off = 0; off < n; off += PageSize)
		mmu_unmap((uintptr_t)v + off, 0);       /* the frames stay with their owner */
	mmu_shootdown((uintptr_t)v, n);                 /* before the range can be reserved again */
	set_state(r, (uintptr_t)v, (uintptr_t)v + n, A_RESERVED, "SysUnalias", pc, NULL);
	spin_unlock(&memlock);
}

void SysFault(void *v, uintptr_t n)
{
	uintptr_t pc = (uintptr_t)__builtin_return_address(0);
	n = pgup(n);
	mem_lock();
	drop_frames("SysFault", v, n, 1u << A_MAPPED | 1u << A_UNUSED | 1u << A_FAULT, A_FAULT, pc);
	spin_unlock(&memlock);
}

/* --- fault reports ------------------------------------------------------------------ */

static int in(uintptr_t a, const char *lo, const char *hi)
{
	return a >= (uintptr_t)lo && a < (uintptr_t)hi;
}

void mem_describe(uintptr_t addr)
{
	static const struct {
		const char *name;
		char *lo, *hi;
	} image[] = {
		{ "kernel text", text_start, etext },
		{ "kernel read-only data", rodata_start, erodata },
		{ "kernel data", data_start, edata },
		{ "kernel buffers left unzeroed at boot (NOINIT)", noinit_start, noinit_end },
		{ "guard page below goroutine 1's stack", mainstack_start, mainstack_lo },
		{ "stack of goroutine 1", mainstack_lo, mainstack_hi },
		{ "guard page above goroutine 1's stack", mainstack_hi, mainstack_end },
		{ "kernel bss", bss_start, ebss },
		{ "kernel function table", (char *)gosymtab, (char *)egosymtab },
	};
	for (size_t i = 0; i < nelem(image); i++) {
		if (in(addr, image[i].lo, image[i].hi)) {
			kprintf("the address is in the %s [%p, %p)\n", image[i].name,
				(void *)image[i].lo, (void *)image[i].hi);
			return;
		}
	}
	if (addr < PageSize) {
		kprintf("the address is in page 0 (a NULL pointer dereference)\n");
		return;
	}
	struct region *r = region_of(addr);
	if (r) {
		/*
		 * Another CPU may hold the lock a moment (a fault caused by the
		 * range it is unmapping: the shootdown reached this CPU first),
		 * or the fault came from inside this file on this CPU: wait a
		 * little, never for good.
		 */
		int64_t until = machine_nanotime() + 100000000;
		while (__atomic_exchange_n(&memlock.locked, 1, __ATOMIC_ACQUIRE)) {
			if (machine_nanotime() > until) {
				kprintf("the address is in the %s region (its records are locked)\n", r->name);
				return;
			}
			CPU_SPINWAIT();
		}
		struct area *a = r->root ? find(r->root, addr) : NULL;        /* none before the first Sys* call */
		if (!a || a->state == A_FREE)
			kprintf("the address is in the %s region but not reserved\n", r->name);
		else
			kprintf("the address is in [%p, %p), %s (%s; %s from pc=%p)\n",
				(void *)a->base, (void *)(a->base + a->len), statenames[a->state],
				statname(a->stat), a->op, (void *)a->pc);
		spin_unlock(&memlock);
		return;
	}
	if (bootinfo) {
		for (int i = 0; i < bootinfo->nmem; i++) {
			uint64_t lo = bootinfo->mem[i].base, hi = lo + bootinfo->mem[i].len;
			if (addr >= lo && addr < hi && addr < DIRECTMAP_END) {
				kprintf("the address is RAM in the direct map\n");
				return;
			}
		}
	}
	kprintf("the address is not in any range goro maps\n");
}
