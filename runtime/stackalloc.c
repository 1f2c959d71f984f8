/*
 * stackalloc.c - goroutine stacks: where they come from and go back to.
 *
 * As in the seed, stackalloc and stackfree run on the scheduler stack
 * (g0) only, where nothing grows. StackMin stacks are carved from
 * pages, two to a page, and kept on a per-M cache refilled from a
 * global pool; they have no guard page of their own (the prologue check
 * guards them). The pool gives pages whose two halves are both free
 * back to the system (pool_scavenge): down to PoolKeep stacks when the
 * CPU is about to idle (stack_scavenge), and past PoolMax at once, so a
 * busy program's bursts reuse their stacks instead of remapping them.
 * Stacks of a page or more come from the system with a guard page
 * below that faults (mem_alloc_guarded), and freed ones are kept per
 * power-of-two size up to a bound. On amd64, big stacks live at the top
 * of an address-space reservation and grow and shrink in place (see
 * there). The options (the seed's debug switches) and the statistics
 * live here too; runtime/stack.c moves stacks. docs/stacks.md has the
 * design.
 */
#include "goro.h"
#include "machine.h"
#include "runtime.h"
#include "stackalloc.h"

_Static_assert((StackMin & (StackMin - 1)) == 0, "StackMin is a power of two");
_Static_assert(StackMin < PageSize, "StackMin stacks are carved from pages");
_Static_assert(StackGuard + 512 <= StackMin, "StackMin leaves room above the guard");

enum {
	StackCacheBatch = 16,           /* StackMin stacks moved between an M's cache and the pool at once */
	StackCacheMax = 64,             /* an M's cache holds at most this many */
	PoolKeep = 256,                 /* StackMin stacks the pool keeps when the CPU idles */
	/* ... and at most, idle or not: 64 MiB of them (32-bit: 32 MiB) */
	PoolMax = (sizeof(uintptr_t) == 8 ? 64 << 20 : 32 << 20) / StackMin,
	StackClassKeep = 256 * 1024,    /* bytes of free stacks of one size kept (at least one stack) */
	/* bytes of free big stacks kept in all: a goroutine's whole growth to 16 MiB (32-bit: 8 MiB) */
	StackFreeKeep = sizeof(uintptr_t) == 8 ? 64 << 20 : 24 << 20,
	NumClasses = 8 * sizeof(uintptr_t),
};

#if UINTPTR_MAX > 0xffffffffu
#define DEFAULT_MAXSTACK (1L << 30)
#else
#define DEFAULT_MAXSTACK (256L << 20)
#endif

struct stackcounts stackstat;

static struct spinlock stacklock;       /* the pool, the free lists, stackstat.mapped */
static uintptr_t pool;                  /* free StackMin stacks, linked through their first word */
static uintptr_t npool;                 /* how many */
static uintptr_t poolscavenge = PoolMax;        /* npool at which pool_release scavenges */
static bool pooldirty;                  /* stacks came back since the last scavenge */
static uintptr_t freebig[NumClasses];   /* free stacks of 2^k bytes (k >= PageShift), likewise */
static uintptr_t freebig_bytes[NumClasses], freebig_total;

/*
 * Freed stacks under stackfaultonfree: made to fault, and remembered for
 * the fault report, oldest first. They are a quarantine, not a leak:
 * once they hold more than QuarantineMax bytes of address space, the
 * oldest go back to the system (stackdebug=1 says which; the bound is
 * the option stackquarantine), so a long run
 * keeps the protection for its most recent moves and never runs out.
 */
struct freedstack {
	uintptr_t lo, hi;
	int64_t goid;
};
static struct freedstack *freed;        /* a ring: freed[(freedhead + i) % capfreed], i < nfreed */
static int nfreed, capfreed, freedhead;
static uintptr_t quarantined;           /* bytes of address space the ring holds (guard pages too) */
/*
 * The default: a quarter of the stack region, at most 256 MiB. The page
 * tables of quarantined address space stay, and a stack that grows takes
 * fresh address space: on amd64 a quarter of the region (4 TiB) would
 * take page-table pages without bound (the soak, docs/soak.md, measured
 * 19,000 frames after 5 minutes); 256 MiB needs at most 128 of them.
 */
#define QuarantineDefault ((uintptr_t)(VM_STACK_END - VM_STACK_BASE) / 4 < ((uintptr_t)256 << 20) ? \
			   (uintptr_t)(VM_STACK_END - VM_STACK_BASE) / 4 : ((uintptr_t)256 << 20))
#define QuarantineMax (options.stack.quarantine ? options.stack.quarantine : QuarantineDefault)

static int log2of(uintptr_t n)
{
	return (int)(8 * sizeof(uintptr_t)) - 1 - __builtin_clzl(n);
}

void stack_init(void)
{
	if (options.stack.max == 0)
		options.stack.max = DEFAULT_MAXSTACK;
}

uintptr_t stack_maxsize(void)
{
	return options.stack.max;
}

/* --- allocation ------------------------------------------------------------------ */

/* sysstack: n bytes (a page multiple) from the system with a guard page below; returns lo. */
static uintptr_t sysstack(uintptr_t n)
{
	uintptr_t lo = (uintptr_t)mem_alloc_guarded(n, &memstats.stacks_sys);
	stack_mapped_add(n);
	return lo;
}

/*
 * pool_refill gives mp's cache StackCacheBatch StackMin stacks; stacklock
 * held. The pages the pool lacks for them come from one SysAlloc, not
 * one a page: a process's first goroutines cost one mapping (hosted, one
 * system call) instead of eight.
 */
static void pool_refill(M *mp)
{
	if (npool < StackCacheBatch) {
		enum { PerPage = PageSize / StackMin };
		uintptr_t n = (StackCacheBatch - npool + PerPage - 1) / PerPage * PageSize;
		uintptr_t lo = (uintptr_t)SysAlloc(n, &memstats.stacks_sys);
		stackstat.mapped += n;
		for (uintptr_t s = lo; s < lo + n; s += StackMin) {
			*(uintptr_t *)s = pool;
			pool = s;
			npool++;
		}
	}
	for (int i = 0; i < StackCacheBatch; i++) {
		uintptr_t s = pool;
		pool = *(uintptr_t *)s;
		npool--;
		*(uintptr_t *)s = mp->stackcache;
		mp->stackcache = s;
		mp->nstackcache++;
	}
}

/* merge joins two lists of stacks sorted by address. */
static uintptr_t merge(uintptr_t a, uintptr_t b)
{
	uintptr_t head = 0, *tail = &head;
	while (a && b) {
		uintptr_t *lower = a < b ? &a : &b;
		*tail = *lower;
		tail = (uintptr_t *)*lower;
		*lower = *(uintptr_t *)*lower;
	}
	*tail = a ? a : b;
	return head;
}

/* sort_stacks sorts the first n stacks of the list at *headp by address and returns the rest. */
static uintptr_t sort_stacks(uintptr_t *headp, uintptr_t n)
{
	if (n <= 1) {
		uintptr_t rest = *headp;
		if (n == 1) {
			rest = *(uintptr_t *)*headp;
			*(uintptr_t *)*headp = 0;
		}
		return rest;
	}
	uintptr_t a = *headp;
	uintptr_t b = sort_stacks(&a, n / 2);
	uintptr_t rest = sort_stacks(&b, n - n / 2);
	*headp = merge(a, b);
	return rest;
}

/*
 * pool_scavenge gives back (SysFree) the pages whose two StackMin
 * halves are both in the pool, until the pool holds keep stacks;
 * stacklock held. Sorting the pool by address puts a page's halves
 * side by side, and a run of such pages goes back in one call.
 * pool_release runs it past PoolMax, and next when the pool has
 * doubled from what this left (pages with one half in use stay), so
 * it costs O(log n) a stack, not a sort at every release.
 */
static void pool_scavenge(uintptr_t keep)
{
	uintptr_t n = npool;
	if (sort_stacks(&pool, n) != 0)
		throw("pool_scavenge: the pool holds more stacks than counted");
	uintptr_t *link = &pool;
	while (*link && npool > keep) {
		/* A run of whole pages, side by side: one SysFree. */
		uintptr_t lo = *link, hi = lo;
		while (hi == *link && hi % PageSize == 0 && *(uintptr_t *)hi == hi + StackMin &&
		       npool > keep) {
			*link = *(uintptr_t *)(hi + StackMin);
			npool -= 2;
			hi += PageSize;
		}
		if (hi == lo) {
			link = (uintptr_t *)lo;
			continue;
		}
		stackstat.mapped -= hi - lo;
		SysFree((void *)lo, hi - lo, &memstats.stacks_sys);
	}
	poolscavenge = 2 * npool > PoolMax ? 2 * npool : PoolMax;
	pooldirty = false;
}

/* pool_release moves half of mp's cache back to the pool; stacklock held. */
static void pool_release(M *mp)
{
	while (mp->nstackcache > StackCacheMax / 2) {
		uintptr_t s = mp->stackcache;
		mp->stackcache = *(uintptr_t *)s;
		mp->nstackcache--;
		*(uintptr_t *)s = pool;
		pool = s;
		npool++;
	}
	pooldirty = true;
	if (npool >= poolscavenge)
		pool_scavenge(PoolMax / 2);
}

/*
 * stack_scavenge: the CPU is about to idle: the pool gives back what
 * it holds past PoolKeep (if stacks came back since it last looked).
 */
void stack_scavenge(void)
{
	if (!pooldirty || npool <= PoolKeep)
		return;
	spin_lock(&stacklock);
	pool_scavenge(PoolKeep);
	spin_unlock(&stacklock);
}

/* page-rounded size of a stack of n bytes from the system (stackfromsystem, faultonfree, pinned) */
static uintptr_t pageround(uintptr_t n)
{
	return (n + PageSize - 1) & ~(uintptr_t)(PageSize - 1);
}

/*
 * stacksize_for: the size a stack of n bytes really gets: n, or whole
 * pages when every stack comes from the system (stackfromsystem,
 * stackfaultonfree), so that each can fault on its own.
 */
uintptr_t stacksize_for(uintptr_t n)
{
	return options.stack.fromsystem || options.stack.faultonfree ? pageround(n) : n;
}

/* stackalloc_raw returns lo of a fresh stack of n = stacksize_for(n) bytes (a power of two >= StackMin). */
uintptr_t stackalloc_raw(uintptr_t n)
{
	if (options.stack.fromsystem || options.stack.faultonfree)
		return sysstack(n);
	M *mp = getg()->m;
	if (n == StackMin) {
		if (!mp->stackcache) {
			spin_lock(&stacklock);
			pool_refill(mp);
			spin_unlock(&stacklock);
		}
		uintptr_t s = mp->stackcache;
		mp->stackcache = *(uintptr_t *)s;
		mp->nstackcache--;
		return s;
	}
	int k = log2of(n);
	spin_lock(&stacklock);
	uintptr_t s = freebig[k];
	if (s) {
		freebig[k] = *(uintptr_t *)s;
		freebig_bytes[k] -= n;
		freebig_total -= n;
		spin_unlock(&stacklock);
		return s;
	}
	spin_unlock(&stacklock);
	return sysstack(n);
}

/*
 * quarantine makes gp's old stack [lo, hi) fault and remembers it for
 * fault reports (stackfaultonfree); past QuarantineMax the oldest are
 * freed for reuse.
 */
static void quarantine(G *gp, uintptr_t lo, uintptr_t hi)
{
	SysFault((void *)(lo - PageSize), hi - lo + PageSize);
	spin_lock(&stacklock);
	stackstat.mapped -= hi - lo;
	if (nfreed == capfreed) {
		/* Straight from the system: newstack must not wait for rtalloc's lock, which the goroutine may hold. */
		int ncap = capfreed ? 2 * capfreed : PageSize / sizeof *freed;
		struct freedstack *nf = SysAlloc(ncap * sizeof *nf, &memstats.other_sys);
		for (int i = 0; i < nfreed; i++)
			nf[i] = freed[(freedhead + i) % capfreed];
		if (freed)
			SysFree(freed, capfreed * sizeof *freed, &memstats.other_sys);
		freed = nf;
		capfreed = ncap;
		freedhead = 0;
	}
	freed[(freedhead + nfreed++) % capfreed] = (struct freedstack){ lo, hi, gp->goid };
	quarantined += hi - lo + PageSize;
	while (quarantined > QuarantineMax && nfreed > 1) {
		struct freedstack old = freed[freedhead];
		freedhead = (freedhead + 1) % capfreed;
		nfreed--;
		quarantined -= old.hi - old.lo + PageSize;
		if (options.stack.debug >= 1)
			kprintf("stackfaultonfree: recycling the oldest freed stack [%p, %p) of goroutine %lld "
				"(the freed stacks hold more than %lu bytes)\n", (void *)old.lo, (void *)old.hi,
				(long long)old.goid, (unsigned long)QuarantineMax);
		spin_unlock(&stacklock);
		SysFree((void *)(old.lo - PageSize), old.hi - old.lo + PageSize, &memstats.stacks_sys);
		spin_lock(&stacklock);
	}
	spin_unlock(&stacklock);
}

/* stackfree_raw gives back gp's old stack [lo, hi). */
void stackfree_raw(G *gp, uintptr_t lo, uintptr_t hi, bool system)
{
	uintptr_t n = hi - lo;
	if (options.stack.faultonfree) {
		quarantine(gp, lo, hi);
		return;
	}
	if (options.stack.fromsystem || system) {
		SysFree((void *)(lo - PageSize), n + PageSize, &memstats.stacks_sys);
		stack_mapped_add(-n);
		return;
	}
	M *mp = getg()->m;
	if (n == StackMin) {
		*(uintptr_t *)lo = mp->stackcache;
		mp->stackcache = lo;
		if (++mp->nstackcache > StackCacheMax) {
			spin_lock(&stacklock);
			pool_release(mp);
			spin_unlock(&stacklock);
		}
		return;
	}
	int k = log2of(n);
	spin_lock(&stacklock);
	if ((freebig_bytes[k] + n <= StackClassKeep || !freebig[k]) && freebig_total + n <= StackFreeKeep) {
		*(uintptr_t *)lo = freebig[k];
		freebig[k] = lo;
		freebig_bytes[k] += n;
		freebig_total += n;
		spin_unlock(&stacklock);
		return;
	}
	stackstat.mapped -= n;
	spin_unlock(&stacklock);
	SysFree((void *)(lo - PageSize), n + PageSize, &memstats.stacks_sys);
}

/* --- big stacks: growing in place ------------------------------------------------ */

/*
 * On amd64 a stack of StackBig bytes or more lives at the top of an
 * address-space reservation BigRoom times its size, with only the stack
 * itself mapped: doubling maps the pages below it instead of copying,
 * halving gives them back (SysUnused), and the reserved, unmapped page
 * below the stack is its guard page. Nothing moves, so nothing is
 * relocated. Past its reservation a stack is copied to a new one, as
 * smaller stacks are. 32-bit machines have too little address space to
 * reserve, and stackfromsystem/stackfaultonfree want every stack to be
 * a separate allocation: they always copy.
 *
 * In G: resbase (the reservation's start, 0 for other stacks), and the
 * state below stacklo: [resbase, unusedlo) reserved, [unusedlo, stacklo)
 * SysUnused'ed, [stacklo, stackhi) mapped.
 */
enum { BigRoom = 16, BigFreeMax = 8 };
static struct bigstack bigfree[BigFreeMax];     /* free big stacks, with their mapped pages */
static int nbigfree;

bool bigstacks(void)
{
	return sizeof(uintptr_t) == 8 && !options.stack.fromsystem && !options.stack.faultonfree;
}

/*
 * big_extend maps [newlo, b->lo): first what was never mapped (the part
 * that can fail), then what was SysUnused'ed. False if out of memory,
 * with nothing changed.
 */
bool big_extend(struct bigstack *b, uintptr_t newlo)
{
	if (newlo >= b->lo)
		return true;
	if (newlo < b->unusedlo) {
		if (mem_map_try((void *)newlo, b->unusedlo - newlo, &memstats.stacks_sys) < 0)
			return false;
	}
	uintptr_t used = newlo > b->unusedlo ? newlo : b->unusedlo;
	if (used < b->lo)
		SysUsed((void *)used, b->lo - used);
	if (newlo < b->unusedlo)
		b->unusedlo = newlo;
	stack_mapped_add(b->lo - newlo);
	b->lo = newlo;
	return true;
}

void stack_mapped_add(uintptr_t n)
{
	spin_lock(&stacklock);
	stackstat.mapped += n;
	spin_unlock(&stacklock);
}

/* big_trim gives back the pages of [b->lo, newlo) (SysUnused): they become guard pages. */
void big_trim(struct bigstack *b, uintptr_t newlo)
{
	SysUnused((void *)b->lo, newlo - b->lo);
	stack_mapped_add(-(newlo - b->lo));
	b->lo = newlo;
}

/*
 * big_alloc gives a big stack of at least n bytes (resbase 0: out of
 * memory): a free one whose
 * reservation has room, with all the pages it still has mapped (a
 * goroutine that grew to 16 MiB and ended leaves a 16 MiB stack for the
 * next one), or a new reservation.
 */
struct bigstack big_alloc(uintptr_t n)
{
	struct bigstack b;
	spin_lock(&stacklock);
	for (int i = nbigfree - 1; i >= 0; i--) {
		if (bigfree[i].hi - bigfree[i].resbase >= n + PageSize) {
			b = bigfree[i];
			bigfree[i] = bigfree[--nbigfree];
			spin_unlock(&stacklock);
			if (b.hi - b.lo < n && !big_extend(&b, b.hi - n)) {
				big_free(b);
				return (struct bigstack){ 0 };
			}
			return b;
		}
	}
	spin_unlock(&stacklock);
	/* Room for doubling n BigRoom times over, and the guard page below. */
	uintptr_t room = (n * BigRoom < options.stack.max ? n * BigRoom : options.stack.max) + PageSize;
	if (room < n + PageSize)
		room = n + PageSize;
	b.resbase = (uintptr_t)SysReserve((void *)(uintptr_t)VM_STACK_BASE, room);
	b.hi = b.unusedlo = b.lo = b.resbase + room;
	if (!big_extend(&b, b.hi - n)) {
		SysFree((void *)b.resbase, b.hi - b.resbase, &memstats.stacks_sys);
		return (struct bigstack){ 0 };
	}
	return b;
}

/* big_free keeps a big stack for reuse (up to BigFreeMax and StackFreeKeep mapped bytes) or frees it. */
void big_free(struct bigstack b)
{
	spin_lock(&stacklock);
	uintptr_t kept = 0;
	for (int i = 0; i < nbigfree; i++)
		kept += bigfree[i].hi - bigfree[i].lo;
	if (bigstacks() && nbigfree < BigFreeMax && kept + (b.hi - b.lo) <= StackFreeKeep) {
		bigfree[nbigfree++] = b;
		spin_unlock(&stacklock);
		return;
	}
	stackstat.mapped -= b.hi - b.lo;
	spin_unlock(&stacklock);
	SysFree((void *)b.resbase, b.hi - b.resbase, &memstats.stacks_sys);
}

struct bigstack big_of(G *gp)
{
	return (struct bigstack){ gp->resbase, gp->unusedlo, gp->stacklo, gp->stackhi };
}

void setbounds(G *gp, uintptr_t lo, uintptr_t hi)
{
	gp->stacklo = lo;
	gp->stackhi = hi;
	gp->stackguard = lo + StackGuard;
}

/* onscheduler: stacks are allocated and freed on g0 only (as in the seed), where nothing grows. */
static void onscheduler(const char *what)
{
	G *g = getg();
	if (g != g->m->g0)
		throw(what);
}

void stackalloc(G *gp, uintptr_t n, bool pinned)
{
	onscheduler("stackalloc not on scheduler stack");
	uintptr_t lo;
	if (pinned) {
		uintptr_t asked = n;
		n = pageround(n);
		if (n < asked || n == 0)     /* go_pinned keeps sizes under maxstack */
			fatal("stackalloc: pinned stack of %lu bytes rounds to %lu",
			      (unsigned long)asked, (unsigned long)n);
		lo = sysstack(n);
	} else {
		if (aliasstacks() && n < PageSize)
			n = PageSize;   /* moved by remapping, a stack is whole pages (stackalias.c) */
		n = stacksize_for(n);
		lo = stackalloc_raw(n);
	}
	gp->pinned = pinned;
	setbounds(gp, lo, lo + n);
	if (options.stack.debug >= 1)
		kprintf("stackalloc %lu%s: [%p, %p)\n", (unsigned long)n, pinned ? " (pinned)" : "",
			(void *)gp->stacklo, (void *)gp->stackhi);
}

void stack_fixed(G *gp, uintptr_t lo, uintptr_t hi)
{
	gp->pinned = true;
	setbounds(gp, lo, hi);
	stack_mapped_add(hi - lo);
}

void stackfree(G *gp)
{
	onscheduler("stackfree not on scheduler stack");
	if (options.stack.debug >= 1)
		kprintf("stackfree [%p, %p)\n", (void *)gp->stacklo, (void *)gp->stackhi);
	if (gp->aliases)
		alias_release(gp);
	if (gp->resbase)
		big_free(big_of(gp));
	else
		stackfree_raw(gp, gp->stacklo, gp->stackhi, gp->pinned);
	gp->resbase = gp->unusedlo = 0;
	gp->stacklo = gp->stackhi = gp->stackguard = 0;
	gp->pinned = false;
}

/* stack_reusable: may a dead gp keep its stack for its next goroutine (a fresh first stack)? */
bool stack_reusable(G *gp)
{
	uintptr_t first = aliasstacks() ? PageSize : StackMin;
	return !gp->pinned && !gp->resbase && !gp->aliases && gp->stackhi - gp->stacklo == first;
}

/*
 * stack_inuse_add counts n more bytes of stack in use (n may be
 * "negative") into the running M's share, without a locked instruction:
 * every goroutine's start and end come here, and one shared counter
 * took a third of go-run-exit's time. Only the M itself writes its share
 * (runtime code is never preempted, so getg()->m stays its CPU's);
 * stack_inuse sums them. A goroutine started on one CPU may end on
 * another: a share alone means nothing, the sum (modulo 2^N) is exact.
 */
void stack_inuse_add(uintptr_t n)
{
	M *mp = getg()->m;
	__atomic_store_n(&mp->stackinuse, mp->stackinuse + n, __ATOMIC_RELAXED);
}

static uintptr_t stack_inuse(void)
{
	uintptr_t n = 0;
	for (int i = 0; i < MAXCPU; i++)
		if (allm[i])
			n += __atomic_load_n(&allm[i]->stackinuse, __ATOMIC_RELAXED);
	return n;
}

/* --- statistics and reports ------------------------------------------------------------ */

void goro_stackstats(struct goro_stackstats *st)
{
	spin_lock(&stacklock);
	*st = (struct goro_stackstats){
		.inuse = stack_inuse(),
		.mapped = stackstat.mapped,
		.grows = __atomic_load_n(&stackstat.grows, __ATOMIC_RELAXED),
		.shrinks = __atomic_load_n(&stackstat.shrinks, __ATOMIC_RELAXED),
		.bytes_copied = __atomic_load_n(&stackstat.copied, __ATOMIC_RELAXED),
		.relocated = __atomic_load_n(&stackstat.relocated, __ATOMIC_RELAXED),
		.aliased = __atomic_load_n(&stackstat.aliased, __ATOMIC_RELAXED),
	};
	spin_unlock(&stacklock);
}

void goro_stackbounds(uintptr_t *lo, uintptr_t *hi)
{
	G *gp = getg();
	*lo = gp->stacklo;
	*hi = gp->stackhi;
}

bool goro_onstack(const void *p, size_t n)
{
	G *gp = getg();
	uintptr_t lo = (uintptr_t)p, hi = lo + n;
	if (hi < lo)
		return false;
	if (lo >= gp->stacklo && hi <= gp->stackhi)
		return true;
	return gp->aliases && alias_holds(gp, lo) && alias_holds(gp, hi) &&
	       alias_translate(gp, hi) - alias_translate(gp, lo) == n;
}

void stack_printstats(void)
{
	if (!options.stack.printstats)
		return;
	struct goro_stackstats st;
	goro_stackstats(&st);
	kprintf("stackstats: inuse %lu B mapped %lu B aliased %lu B grows %llu shrinks %llu copied %llu B "
		"relocated %llu words\n", (unsigned long)st.inuse, (unsigned long)st.mapped,
		(unsigned long)st.aliased, (unsigned long long)st.grows,
		(unsigned long long)st.shrinks, (unsigned long long)st.bytes_copied,
		(unsigned long long)st.relocated);
}

/*
 * stack_describe tells a fault report if addr is in a stack freed under
 * stackfaultonfree=1 (the goroutine moved and something kept a pointer
 * to its old stack). Returns false if not.
 */
bool stack_describe(uintptr_t addr)
{
	for (int i = nfreed - 1; i >= 0; i--) {
		struct freedstack *f = &freed[(freedhead + i) % capfreed];
		if (addr >= f->lo - PageSize && addr < f->hi) {
			kprintf("the address is in the freed stack [%p, %p) of goroutine %lld "
				"(stackfaultonfree=1: it moved, and its old stack faults; "
				"a pointer to it outlived the move)\n",
				(void *)f->lo, (void *)f->hi, (long long)f->goid);
			return true;
		}
	}
	return false;
}
