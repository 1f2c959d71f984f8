/*
 * stackalias.c - moving a stack by remapping its pages (i386 and ARM).
 *
 * Copying a stack means finding every pointer into it. C has no stack
 * maps, so copying treats every word whose value lies in the live stack
 * as a pointer; with 32-bit addresses an ordinary data word (a hash, a
 * float, text) can have such a value and would be altered. So on 32-bit
 * machines, in the default mode, no stack is ever copied:
 *
 *   - a goroutine starts on one page with a guard page below it;
 *   - to grow, its pages are moved, not copied, to the top of a new,
 *     larger reservation above the old one (SysMoveAlias), and fresh
 *     pages are mapped below them. The old addresses stay mapped to
 *     the same frames as an alias, so every pointer into the old place
 *     (a &local passed down, a saved register, a channel waiter's
 *     element) still reaches the same memory. Nothing is guessed and
 *     no data word is rewritten;
 *   - only what the CPU will load into sp must move to the new place:
 *     sp itself, and the frame-pointer chain (epilogues restore sp from
 *     the frame pointer). goro builds all C code with frame pointers, so
 *     that chain is walked exactly;
 *   - a reservation has room below the stack, so the next doublings map
 *     pages in place, as amd64's big stacks do;
 *   - a stack pointer the program kept and restores later (the end of
 *     a VLA's scope) may put sp back in an alias: memory is the same, and
 *     since aliases lie below the stack, the next prologue check fails
 *     and newstack moves sp and the frame chain to the stack itself;
 *   - shrinking gives back the stack's lowest pages in place, and the
 *     same pages of every alias stop being mapped;
 *   - when the goroutine parks, aliases nothing points into any more
 *     are given back (alias_collect); the rest go when it ends.
 *
 * The cost is address space (about twice the deepest stack, plus the
 * room) and one page per goroutine instead of 2 KiB. docs/stacks.md has
 * the design and the measurements.
 */
#include "machine.h"
#include "runtime.h"
#include "stackalloc.h"

/* A place gp's stack moved from: [lo, end) still maps its top end - lo bytes. */
struct stackalias {
	struct stackalias *next;
	uintptr_t base;         /* the whole old range to free: [base, end) */
	uintptr_t lo, end;      /* the part still mapped, as an alias */
};

enum {
	AliasRoom = 4,                  /* a new reservation holds AliasRoom times the new stack, */
	AliasRoomFrom = 64 << 10,       /* from this size; twice below it (many small stacks) */
};

static struct spinlock aliaslock;
static struct stackalias *freealiases;

bool aliasstacks(void)
{
	return sizeof(uintptr_t) == 4 && options.stack.copy && !options.stack.fromsystem && !options.stack.faultonfree;
}

static void aliased_add(uintptr_t n)
{
	__atomic_add_fetch(&stackstat.aliased, n, __ATOMIC_RELAXED);
}

/* alias_new takes a record from a page-sized pool (never rtalloc: gp may hold its lock). */
static struct stackalias *alias_new(void)
{
	spin_lock(&aliaslock);
	if (!freealiases) {
		struct stackalias *a = SysAlloc(PageSize, &memstats.other_sys);
		for (size_t i = 0; i < PageSize / sizeof *a; i++) {
			a[i].next = freealiases;
			freealiases = &a[i];
		}
	}
	struct stackalias *a = freealiases;
	freealiases = a->next;
	spin_unlock(&aliaslock);
	return a;
}

static void alias_put(struct stackalias *a)
{
	spin_lock(&aliaslock);
	a->next = freealiases;
	freealiases = a;
	spin_unlock(&aliaslock);
}

/* alias_translate: where the memory at v is in gp's stack itself (v if it is not in an alias). */
uintptr_t alias_translate(G *gp, uintptr_t v)
{
	if (v >= gp->stacklo && v <= gp->stackhi)
		return v;
	for (struct stackalias *a = gp->aliases; a; a = a->next)
		if (v >= a->lo && v <= a->end)
			return v + (gp->stackhi - a->end);
	return v;
}

/* alias_holds: is v in one of gp's aliases? */
bool alias_holds(G *gp, uintptr_t v)
{
	for (struct stackalias *a = gp->aliases; a; a = a->next)
		if (v >= a->lo && v <= a->end)
			return true;
	return false;
}

/*
 * alias_fixframes moves what will be loaded into sp to gp's stack
 * itself: the saved sp and frame pointer in morebuf mb, and every saved
 * frame pointer on the chain from there. Returns how many words changed.
 */
int alias_fixframes(G *gp, uintptr_t *mb)
{
	int n = 0;
	uintptr_t *sp = &mb[MB_SP / sizeof(uintptr_t)], *fpreg = &mb[MB_FP / sizeof(uintptr_t)];
	uintptr_t t = alias_translate(gp, *sp);
	n += t != *sp;
	*sp = t;
	t = alias_translate(gp, *fpreg);
	n += t != *fpreg;
	*fpreg = t;
	/* Frame records are {caller's fp, return address} on every arch; fps rise toward stackhi. */
	for (uintptr_t fp = *fpreg; fp >= *sp && fp <= gp->stackhi - 2 * sizeof(uintptr_t) &&
	     fp % sizeof(uintptr_t) == 0;) {
		uintptr_t *rec = (uintptr_t *)fp;
		t = alias_translate(gp, rec[0]);
		if (t != rec[0]) {
			if (options.stack.debug >= 3)
				kprintf("\tframe %p: saved fp %p -> %p\n", (void *)fp, (void *)rec[0], (void *)t);
			rec[0] = t;
			n++;
		}
		if (t <= fp)
			break;
		fp = t;
	}
	return n;
}

/* map_below maps [lo, hi) of a reservation for gp's stack, or reports the overflow. */
static void map_below(G *gp, uintptr_t *mb, uintptr_t lo, uintptr_t hi, uintptr_t newsize)
{
	if (lo < hi && mem_map_try((void *)lo, hi - lo, &memstats.stacks_sys) < 0)
		stack_oom(gp, mb, newsize);
}

/*
 * alias_move gives gp (running, stopped at a failed check; registers in
 * mb) a stack of newsize bytes by moving its pages to the top of a new
 * reservation above the old one, with room to double in place below.
 * Call alias_fixframes after.
 */
void alias_move(G *gp, uintptr_t *mb, uintptr_t newsize)
{
	uintptr_t oldlo = gp->stacklo, oldhi = gp->stackhi, oldsize = oldhi - oldlo;
	uintptr_t factor = newsize < AliasRoomFrom ? 2 : AliasRoom;
	uintptr_t room = newsize <= options.stack.max / factor ? newsize * factor : options.stack.max;
	if (room < newsize)
		room = newsize;
	uintptr_t res = (uintptr_t)SysReserveAbove((void *)oldhi, room + PageSize);
	if (!res)       /* nothing above: anywhere (an alias may then lie above the stack) */
		res = (uintptr_t)SysReserveAbove((void *)(uintptr_t)VM_STACK_BASE, room + PageSize);
	if (!res) {
		room = newsize;
		res = (uintptr_t)SysReserveAbove((void *)(uintptr_t)VM_STACK_BASE, room + PageSize);
	}
	if (!res) {
		begin_fatal();
		kprintf("runtime: goroutine %lld stack cannot grow to %lu bytes: no stack address space left\n",
			(long long)gp->goid, (unsigned long)newsize);
		kprintf("fatal error: stack overflow\n\n");
		morestack_traceback(gp, mb);
		kexit(EXIT_FATAL);
	}
	uintptr_t hi = res + PageSize + room, lo = hi - newsize;
	/* The fresh pages first: if they cannot be had, nothing has moved yet. */
	map_below(gp, mb, lo, hi - oldsize, newsize);
	SysMoveAlias((void *)(hi - oldsize), (void *)oldlo, oldsize);
	struct stackalias *a = alias_new();
	a->base = gp->resbase ? gp->resbase : oldlo - PageSize;     /* a first stack: its guard page */
	a->lo = oldlo;
	a->end = oldhi;
	aliased_add(oldsize);
	a->next = gp->aliases;
	gp->aliases = a;
	if (options.stack.debug >= 1)
		kprintf("movestack goroutine %lld [%p %p)/%lu -> [%p %p)/%lu by remapping\n", (long long)gp->goid,
			(void *)oldlo, (void *)oldhi, (unsigned long)oldsize, (void *)lo, (void *)hi,
			(unsigned long)newsize);
	stack_mapped_add(newsize - oldsize);
	gp->resbase = res;
	gp->unusedlo = lo;
	setbounds(gp, lo, hi);
}

/*
 * alias_trim: gp's stack keeps only its top keep bytes (a shrink in
 * place): the pages of every alias beyond them stop being mapped, so no
 * alias outlives the frames it shows.
 */
void alias_trim(G *gp, uintptr_t keep)
{
	for (struct stackalias *a = gp->aliases; a; a = a->next) {
		if (a->end - a->lo > keep) {
			SysUnalias((void *)a->lo, a->end - keep - a->lo);
			aliased_add(-(a->end - keep - a->lo));
			a->lo = a->end - keep;
		}
	}
}

/* alias_free unmaps alias a and gives its address space back. */
static void alias_free(struct stackalias *a)
{
	if (a->lo < a->end)
		SysUnalias((void *)a->lo, a->end - a->lo);
	aliased_add(-(a->end - a->lo));
	SysFree((void *)a->base, a->end - a->base, &memstats.stacks_sys);
	alias_put(a);
}

/* mark notes which of the aliases live[0..n) w points into (or just past). */
static void mark(uintptr_t w, struct stackalias **live, bool *seen, int n)
{
	for (int i = 0; i < n; i++)
		if (w >= live[i]->lo && w <= live[i]->end)
			seen[i] = true;
}

/*
 * alias_collect gives back the aliases nothing points into any more.
 * gp is parked (on g0, mp parking it). What may point into an alias is
 * what may point into a stack at all (the rule for C code): gp's own
 * stack and saved registers, its channel waiters' elements and the lock
 * it parks with. Those are read, never changed: a data word that looks
 * like an alias address only keeps that alias a while longer.
 */
void alias_collect(G *gp, M *mp)
{
	enum { Max = 32 };
	struct stackalias *live[Max];
	bool seen[Max] = { false };
	int n = 0;
	for (struct stackalias *a = gp->aliases; a && n < Max; a = a->next)
		live[n++] = a;
	for (uintptr_t *w = (uintptr_t *)gp->sched.sp; w < (uintptr_t *)gp->stackhi; w++)
		mark(*w, live, seen, n);
	mark((uintptr_t)gp->sched.ctxt, live, seen, n);
	mark(gp->sched.ret, live, seen, n);
	mark((uintptr_t)mp->waitlock, live, seen, n);
	for (Sudog *sg = gp->waiting; sg; sg = sg->waitlink)
		mark((uintptr_t)sg->elem, live, seen, n);
	struct stackalias **pa = (struct stackalias **)&gp->aliases;
	for (int i = 0; i < n; i++) {
		struct stackalias *a = *pa;     /* == live[i]: the list in order */
		if (seen[i]) {
			pa = &a->next;
			continue;
		}
		*pa = a->next;
		if (options.stack.debug >= 1)
			kprintf("stackalias goroutine %lld: nothing points into [%p, %p) any more: freed\n",
				(long long)gp->goid, (void *)a->lo, (void *)a->end);
		alias_free(a);
	}
}

/* alias_release frees every place gp's stack moved from (it ended, or is being freed). */
void alias_release(G *gp)
{
	for (struct stackalias *a = gp->aliases, *next; a; a = next) {
		next = a->next;
		alias_free(a);
	}
	gp->aliases = NULL;
}

/* alias_describe tells a fault report whether addr is in a stack alias of a live goroutine. */
bool alias_describe(G *gp, uintptr_t addr)
{
	for (struct stackalias *a = gp->aliases; a; a = a->next) {
		if (addr >= a->base && addr < a->end) {
			kprintf("the address is in [%p, %p), where goroutine %lld's stack was before it moved; "
				"[%p, %p) still shows its top\n", (void *)a->base, (void *)a->end,
				(long long)gp->goid, (void *)a->lo, (void *)a->end);
			return true;
		}
	}
	return false;
}
