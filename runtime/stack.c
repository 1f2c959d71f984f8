/*
 * stack.c - moving goroutine stacks: growth by copying, shrinking.
 *
 * As in the Go runtime of 2014 (the second seed), for C code. Every
 * goroutine starts on a StackMin stack; runtime and appliance code is
 * compiled with -fsplit-stack, so each function's prologue compares sp
 * with the per-CPU guard slot (tls.h), which holds the running
 * goroutine's stackguard = stacklo + StackGuard. When the check fails,
 * __morestack (arch/<cpu>/morestack.S) saves the registers live at the
 * check in m->morebuf and calls newstack(g) on g0. newstack copies the
 * used part of the stack to one twice the size and relocates every
 * pointer into it (or, for a big stack on amd64, maps the pages below
 * it), then resumes the goroutine where the check would have passed. A
 * parked goroutine using under a quarter of its stack is moved to one
 * half the size (shrinkstack). docs/stacks.md has the design; in short,
 * what is relocated:
 *
 *   - words of the copied stack, and the saved integer registers, whose
 *     value lies in the live part of the old stack, [sp, stackhi]: C has
 *     no stack maps, so a value that looks like a pointer into the live
 *     stack is one (on amd64 stacks sit where no 32-bit value can point;
 *     on 32-bit machines a data word can be mistaken, docs/stacks.md);
 *   - precisely: the channel waiters' element pointers (g->waiting),
 *     the lock a parking goroutine hands to the scheduler (m->waitlock),
 *     the saved sp, alloca blocks' sp.
 *
 * Allocation is runtime/stackalloc.c's.
 */
#include "goro.h"
#include "machine.h"
#include "rtalloc.h"
#include "runtime.h"
#include "stackalloc.h"
#include "symtab.h"
#include "trace.h"
#include "traceback.h"

/* --- copying ------------------------------------------------------------------------ */

/*
 * A VLA or alloca block that did not fit on its goroutine's stack
 * (morestack_alloca). The memory handed out follows the record, which
 * is 16-byte aligned within what rtalloc gave.
 */
struct allocablock {
	struct allocablock *next;
	uintptr_t sp;                   /* the allocating function's frame pointer: relocated with the stack */
	uintptr_t ret;                  /* its return address, if it now returns through alloca_return; else 0 */
	void *mem;                      /* what rtalloc gave */
} __attribute__((aligned(16)));

/* A move of a stack: words whose value is in [lo, lo + span] are moved by delta. */
struct move {
	uintptr_t lo, span, delta;
	uint64_t relocated;     /* stack words changed by the conservative scan */
};

/* moved is w as it reads after the move: moved by delta if it points into the live stack. */
static inline uintptr_t moved(uintptr_t w, uintptr_t lo, uintptr_t span, uintptr_t delta)
{
	return w - lo <= span ? w + delta : w;
}

static inline void adjust(struct move *mv, uintptr_t *p)
{
	uintptr_t w = moved(*p, mv->lo, mv->span, mv->delta);
	if (options.stack.debug >= 3 && w != *p)
		kprintf("\tadjust %p: %p -> %p\n", (void *)p, (void *)*p, (void *)w);
	*p = w;
}

/*
 * copy_words copies n words from src to dst, relocating as mv says (the
 * hot loop), and counts the words it changed in mv->relocated.
 */
static void copy_words(uintptr_t *dst, const uintptr_t *src, uintptr_t n, struct move *mv)
{
	uintptr_t lo = mv->lo, span = mv->span, delta = mv->delta;
	uint64_t changed = 0;
	if (options.stack.debug >= 3) {
		for (uintptr_t i = 0; i < n; i++) {
			if (options.stack.debug >= 4)
				kprintf("\tread %p: %p\n", (void *)&src[i], (void *)src[i]);
			dst[i] = src[i];
			adjust(mv, &dst[i]);
			changed += dst[i] != src[i];
		}
		mv->relocated += changed;
		return;
	}
	/*
	 * Four words a turn: those the CPU's quick test (frame.h) clears are
	 * copied as they are, the others relocated exactly.
	 */
	uintptr_t i = 0;
	for (; i + 4 <= n; i += 4) {
		if (__builtin_expect(words4_unrelocated(&src[i], lo, span), 1)) {
			dst[i] = src[i];
			dst[i + 1] = src[i + 1];
			dst[i + 2] = src[i + 2];
			dst[i + 3] = src[i + 3];
			continue;
		}
		for (int k = 0; k < 4; k++) {
			dst[i + k] = moved(src[i + k], lo, span, delta);
			changed += dst[i + k] != src[i + k];
		}
	}
	for (; i < n; i++) {
		dst[i] = moved(src[i], lo, span, delta);
		changed += dst[i] != src[i];
	}
	mv->relocated += changed;
}

/* debug_frames logs the frame-pointer chain of the stack being moved (stackdebug>=2). */
static void debug_frames(uintptr_t fp, uintptr_t lo, uintptr_t hi)
{
	for (int n = 0; fp >= lo && fp + 2 * sizeof(uintptr_t) <= hi && n < 10000; n++) {
		uintptr_t *rec = (uintptr_t *)fp;      /* {caller's fp, return address} on every arch */
		kprintf("\tframe fp=%p ret=%p\n", (void *)fp, (void *)rec[1]);
		if (rec[0] <= fp)
			break;
		fp = rec[0];
	}
}

/*
 * copystack moves gp's stack, whose live part starts at sp, to a new
 * stack of newsize bytes: copies [sp, stackhi) to the top of it,
 * relocates pointers into the live part (see the top of the file), and
 * frees the old stack. Returns the move (for the caller's registers).
 * mb: the registers of a goroutine growing (for the report if memory
 * runs out), or NULL.
 */
static struct move copystack(G *gp, uintptr_t sp, uintptr_t newsize, uintptr_t fp, uintptr_t *mb)
{
	uintptr_t oldlo = gp->stacklo, oldhi = gp->stackhi;
	uintptr_t used = oldhi - sp;
	newsize = stacksize_for(newsize);
	struct bigstack old = big_of(gp), big = { 0 };
	uintptr_t newlo, newhi;
	if (bigstacks() && newsize >= StackBig) {
		big = big_alloc(newsize);
		if (!big.resbase) {
			if (mb)
				stack_oom(gp, mb, newsize);
			fatal("out of memory: a stack of %lu bytes", (unsigned long)newsize);
		}
		newlo = big.lo, newhi = big.hi;
		newsize = newhi - newlo;
	} else {
		newlo = stackalloc_raw(newsize), newhi = newlo + newsize;
	}
	struct move mv = { .lo = sp, .span = used, .delta = newhi - oldhi };
	if (options.stack.debug >= 1)
		kprintf("copystack gp=%p goroutine %lld [%p %p %p)/%lu -> [%p %p %p)/%lu\n", (void *)gp,
			(long long)gp->goid, (void *)oldlo, (void *)sp, (void *)oldhi, (unsigned long)(oldhi - oldlo),
			(void *)newlo, (void *)(newhi - used), (void *)newhi, (unsigned long)newsize);
	if (options.stack.debug >= 2)
		debug_frames(fp, sp, oldhi);
	copy_words((uintptr_t *)(newhi - used), (const uintptr_t *)sp, used / sizeof(uintptr_t), &mv);
	/* The runtime's records that point into the stack: channel waiters' elements. */
	for (Sudog *sg = gp->waiting; sg; sg = sg->waitlink)
		adjust(&mv, (uintptr_t *)&sg->elem);
	for (struct allocablock *b = gp->allocas; b; b = b->next)
		adjust(&mv, &b->sp);
	__atomic_add_fetch(&stackstat.copied, used, __ATOMIC_RELAXED);        /* counts from every CPU */
	__atomic_add_fetch(&stackstat.relocated, mv.relocated, __ATOMIC_RELAXED);
	if (options.stack.debug >= 1 && mv.relocated)
		kprintf("copystack goroutine %lld: %llu words relocated because their values lay in the stack "
			"(pointers, or data that looked like them: not provable without stack maps)\n",
			(long long)gp->goid, (unsigned long long)mv.relocated);
	stack_inuse_add(newsize - (oldhi - oldlo));
	setbounds(gp, newlo, newhi);
	gp->resbase = big.resbase;
	gp->unusedlo = big.unusedlo;
	if (old.resbase)
		big_free(old);
	else
		stackfree_raw(gp, oldlo, oldhi, false);
	return mv;
}

/* --- growing ------------------------------------------------------------------------ */

/*
 * morestack_traceback prints gp, stopped at a failed prologue check,
 * and then every other goroutine. The function that asked for more is
 * at its entry: its return address is still on the stack (x86) or in
 * lr (ARM), which traceback_trap reads from an entry pc.
 */
void morestack_traceback(G *gp, uintptr_t *mb)
{
	uintptr_t sp = MB(mb, MB_SP), contsp = morestack_continuation_sp(sp);
	/* The word at sp (x86: the return address; ARM: the function's own lr), if sp is in the stack. */
	uintptr_t at = alias_translate(gp, sp), top = 0;
	if (at >= gp->stacklo && at + sizeof(uintptr_t) <= gp->stackhi)
		top = *(uintptr_t *)sp;
	uintptr_t off, r, lr;
	morestack_caller(mb, top, &r, &lr);
	uintptr_t entry = symtab_lookup(r, &off) ? r - off : r;
	kprintf("goroutine %lld [running]:\n", (long long)gp->goid);
	traceback_trap(entry, contsp, lr, MB(mb, MB_FP), gp->stacklo, gp->stackhi);
	kprintf("\n");
	traceback_others(gp);
}

void morestack_on_g0(void);
void morestack_on_g0(void)
{
	throw("morestack on g0: the scheduler stack overflowed");
}

/*
 * Variable-length arrays and alloca outside the appliance, on x86: when
 * one would cross the guard, the compiler calls
 * __morestack_allocate_stack_space(n) and uses the memory it returns
 * until the function returns, without moving sp. Appliance code never
 * gets here (tools/stack-ir reserves stack before each VLA and alloca);
 * newlib's *scanf does (its alloca for %m, once per call). ARM's clang
 * emits no such call.
 *
 * morestack_alloca (the asm entry jumps here, on the goroutine's stack)
 * takes the block from the runtime's allocator, 16-byte aligned
 * (max_align_t), and records it on the goroutine with the allocating
 * function's frame pointer. The block lives until that function
 * returns: its return address is replaced by alloca_return
 * (arch/<cpu>/allocareturn.S), which calls alloca_returned to free the
 * function's blocks and then returns where the function would have. A
 * loop calling such a function runs in constant memory. Blocks of
 * frames that are gone anyway (below a later caller's frame, e.g. left
 * by longjmp) are freed at the next allocation, the rest when the
 * goroutine ends. newlib and goro are built with frame pointers; a
 * caller without a frame record (not found where its frame pointer
 * says) keeps its blocks until one of those.
 */
static void free_allocas(G *gp, uintptr_t below)
{
	for (struct allocablock **pb = (struct allocablock **)&gp->allocas, *b; (b = *pb);) {
		if (b->sp < below) {
			*pb = b->next;
			rtfree(b->mem);
		} else {
			pb = &b->next;
		}
	}
}

#if FRAME_MORESTACK_ALLOCA
void alloca_return(void);
void *morestack_alloca(uintptr_t n);
uintptr_t alloca_returned(uintptr_t fp);

/* has_frame_record: fp, above sp on gp's stack, holds {caller's fp, a return address into code}. */
static bool has_frame_record(G *gp, uintptr_t fp, uintptr_t sp)
{
	if (fp % sizeof(uintptr_t) != 0 || fp < sp || fp >= gp->stackhi - 2 * sizeof(uintptr_t))
		return false;
	uintptr_t ret = ((uintptr_t *)fp)[1];
	return ret == (uintptr_t)alloca_return || symtab_lookup(ret, NULL) != NULL;
}

void *morestack_alloca(uintptr_t n)
{
	G *gp = getg();
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
	uintptr_t fp = *(uintptr_t *)sp;        /* our frame record's saved fp: the allocating function's */
	free_allocas(gp, fp);
	if (n > (uintptr_t)-1 / 2)
		throw("alloca: size out of range");
	void *mem = rtalloc(sizeof(struct allocablock) + 15 + n);
	struct allocablock *b = (struct allocablock *)(((uintptr_t)mem + 15) & ~(uintptr_t)15);
	b->mem = mem;
	b->sp = fp;
	b->ret = 0;
	if (has_frame_record(gp, fp, sp)) {
		uintptr_t *slot = (uintptr_t *)fp + 1;         /* its return address */
		if (*slot != (uintptr_t)alloca_return) {
			b->ret = *slot;
			*slot = (uintptr_t)alloca_return;
		}
	}
	b->next = gp->allocas;
	gp->allocas = b;
	return b + 1;
}

/*
 * alloca_returned: the function with frame pointer fp returned through
 * alloca_return. Frees its blocks (and any of deeper frames) and returns
 * the return address it had.
 */
uintptr_t alloca_returned(uintptr_t fp)
{
	G *gp = getg();
	uintptr_t ret = 0;
	for (struct allocablock *b = gp->allocas; b; b = b->next)
		if (b->sp == fp && b->ret)
			ret = b->ret;
	if (!ret) {
		begin_fatal();
		kprintf("runtime: alloca_return with fp=%p: no alloca block of that frame\n", (void *)fp);
		throw("alloca_return: lost the return address");
	}
	free_allocas(gp, fp + 1);
	return ret;
}
#endif

/* stack_release frees what a goroutine that ended kept besides its stack. */
void stack_release(G *gp)
{
	free_allocas(gp, UINTPTR_MAX);
}

/* alias_fixallocas: heap alloca blocks name their frames by frame pointer, which moved too. */
static void alias_fixallocas(G *gp)
{
	for (struct allocablock *b = gp->allocas; b; b = b->next)
		b->sp = alias_translate(gp, b->sp);
}

/*
 * resume_passed continues gp where its prologue check would have let it
 * through (morestack.S), from the entry sp in morebuf; never returns.
 */
static _Noreturn void resume_passed(G *gp, uintptr_t *mb)
{
	morestack_passed(mb);
	morestack_resume(gp);
	throw("morestack_resume returned");
}

/*
 * stack_oom: gp's stack cannot have the memory to grow to newsize. As
 * in Go, that is a stack overflow, reported with the goroutine that
 * asked, not an out-of-memory error from deep inside the allocator.
 */
_Noreturn void stack_oom(G *gp, uintptr_t *mb, uintptr_t newsize)
{
	begin_fatal();
	kprintf("runtime: goroutine %lld stack of %lu bytes cannot grow to %lu bytes: out of memory\n",
		(long long)gp->goid, (unsigned long)(gp->stackhi - gp->stacklo), (unsigned long)newsize);
	kprintf("fatal error: stack overflow\n\n");
	morestack_traceback(gp, mb);
	kexit(EXIT_FATAL);
}

/*
 * newstack runs on g0 (called by __morestack): gp's registers are in
 * gp->m->morebuf. Moves gp to a bigger stack and resumes it; never
 * returns. Fatal if gp's stack may not move or would pass maxstack.
 */
void newstack(G *gp)
{
	M *mp = gp->m;
	uintptr_t *mb = mp->morebuf;
	if (mp->preemptreq)
		preempt_at_check(gp, mb);       /* returns if it must grow first, or may not be preempted here */
	uintptr_t framesize = mb_framesize(mb);
	if (aliasstacks() && alias_holds(gp, MB(mb, MB_SP))) {
		/*
		 * sp was restored into a place the stack moved from (a VLA's
		 * scope ended): the same memory. Move sp and the frame chain to
		 * the stack itself; if there is room there, that is all.
		 */
		uintptr_t from = MB(mb, MB_SP);
		alias_fixframes(gp, mb);
		alias_fixallocas(gp);
		if (options.stack.debug >= 1)
			kprintf("newstack goroutine %lld: sp %p was in a place its stack moved from; now %p\n",
				(long long)gp->goid, (void *)from, (void *)MB(mb, MB_SP));
		if (MB(mb, MB_SP) - framesize >= gp->stacklo + StackGuard + 256)
			resume_passed(gp, mb);
	}
	uintptr_t sp = MB(mb, MB_SP);
	uintptr_t oldlo = gp->stacklo, oldhi = gp->stackhi, oldsize = oldhi - oldlo;
	if (sp < oldlo || sp > oldhi) {
		/* throw starts the report: a begin_fatal here would make throw's look like a nested failure. */
		kprintf("runtime: newstack sp=%p stack=[%p, %p)\n", (void *)sp, (void *)oldlo, (void *)oldhi);
		throw("newstack: sp outside the goroutine's stack");
	}
	uintptr_t used = oldhi - sp;
	if (gp->pinned || !options.stack.copy) {
		begin_fatal();
		kprintf("goroutine %lld stack overflow: sp=%p frame=%lu stack=[%p, %p) (%s)\n",
			(long long)gp->goid, (void *)sp, (unsigned long)framesize, (void *)oldlo, (void *)oldhi,
			gp->pinned ? "a pinned stack never moves" : "copystack=0");
		kprintf("fatal error: stack overflow\n\n");
		morestack_traceback(gp, mb);
		kexit(EXIT_FATAL);
	}
	uintptr_t newsize = oldsize * 2;
	while (newsize - used < framesize + StackGuard + 256 && newsize <= options.stack.max)
		newsize *= 2;
	if (newsize > options.stack.max) {
		begin_fatal();
		kprintf("runtime: goroutine stack exceeds %lu-byte limit\n", (unsigned long)options.stack.max);
		kprintf("fatal error: stack overflow\n\n");
		morestack_traceback(gp, mb);
		kexit(EXIT_FATAL);
	}
	if (gp->stackhold && !aliasstacks() && !(gp->resbase && oldhi - newsize >= gp->resbase + PageSize)) {
		/* Held (goro_stackhold): growing in place or by remapping keeps every address; a copy would not. */
		begin_fatal();
		kprintf("goroutine %lld stack overflow: sp=%p frame=%lu stack=[%p, %p) (held by goro_stackhold: "
			"growing to %lu bytes would move it; hold with more room)\n",
			(long long)gp->goid, (void *)sp, (unsigned long)framesize, (void *)oldlo, (void *)oldhi,
			(unsigned long)newsize);
		kprintf("fatal error: stack overflow\n\n");
		morestack_traceback(gp, mb);
		kexit(EXIT_FATAL);
	}
	if (gp->resbase && oldhi - newsize >= gp->resbase + PageSize) {
		/* A stack in a reservation with room below: map it, nothing moves. */
		struct bigstack b = big_of(gp);
		if (!big_extend(&b, oldhi - newsize))
			stack_oom(gp, mb, newsize);
		if (options.stack.debug >= 1)
			kprintf("growstack in place goroutine %lld [%p %p)/%lu -> [%p %p)/%lu\n", (long long)gp->goid,
				(void *)oldlo, (void *)oldhi, (unsigned long)oldsize, (void *)b.lo, (void *)oldhi,
				(unsigned long)newsize);
		gp->unusedlo = b.unusedlo;
		setbounds(gp, b.lo, oldhi);
		stack_inuse_add(newsize - oldsize);
		TRACE(TR_HOW(TrGrow, 1), gp->goid, oldsize, newsize);
	} else if (aliasstacks()) {
		/* 32-bit: the pages move to a new reservation, nothing is copied or guessed (stackalias.c). */
		alias_move(gp, mb, newsize);
		alias_fixframes(gp, mb);
		alias_fixallocas(gp);
		stack_inuse_add(newsize - oldsize);
		TRACE(TR_HOW(TrGrow, 2), gp->goid, oldsize, gp->stackhi - gp->stacklo);
	} else {
		struct move mv = copystack(gp, sp, newsize, MB(mb, MB_FP), mb);
		for (int i = 0; i < MB_NINT; i++)
			adjust(&mv, &mb[i]);
		MB(mb, MB_SP) = sp + mv.delta;
		TRACE(TR_HOW(TrGrow, 0), gp->goid, oldsize, gp->stackhi - gp->stacklo);
	}
	__atomic_add_fetch(&stackstat.grows, 1, __ATOMIC_RELAXED);
	resume_passed(gp, mb);
}

/* --- holding -------------------------------------------------------------------------- */

void __stack_reserve(uintptr_t bytes);

/*
 * goro_stackhold: as goro.h says. The room is made first, with the same
 * check a VLA's reservation makes (__stack_reserve, below this frame):
 * the stack may move now, before the caller has handed out any address
 * in it. A pinned stack is not asked for room it may not have: it never
 * moves anyway. From then on shrinkstack leaves it alone (and, 32-bit, the
 * places it moved from stay mapped) and newstack refuses to copy it.
 */
void goro_stackhold(size_t room)
{
	G *gp = getg();
	if (room && !gp->pinned)        /* a pinned stack never moves: its room is what it has */
		__stack_reserve(room);
	gp->stackhold++;
}

void goro_stackrelease(void)
{
	G *gp = getg();
	if (gp->stackhold == 0)
		throw("goro_stackrelease without goro_stackhold");
	gp->stackhold--;
}

/* --- shrinking ---------------------------------------------------------------------- */

/*
 * shrinkstack moves gp, which is not running (parked or descheduled,
 * on g0), to a stack half the size if it uses less than a quarter of
 * its stack (...unless it shrinks anyway). First it gives back the
 * places its stack moved from that nothing points into (32-bit). The lock it is parking with (m->waitlock) may be on its
 * stack (select's), and is relocated with it.
 */
enum { AliasScanMax = 16 << 10 };       /* a park reads at most this much stack for alias_collect... */

void shrinkstack(G *gp, M *mp)
{
	if (gp->stackhold)
		return;         /* held: its old places too may still be pointed at from elsewhere */
	uintptr_t size = gp->stackhi - gp->stacklo;
	uintptr_t used = gp->stackhi - gp->sched.sp;
	if (gp->aliases && gp->sched.sp >= gp->stacklo && gp->sched.sp <= gp->stackhi &&
	    (used <= AliasScanMax || used < size / 4))
		alias_collect(gp, mp);
	if (gp->pinned || !options.stack.copy || stacksize_for(size / 2) >= size || used >= size / 4)
		return;
	/*
	 * A goroutine that has called code without the check (hosted: glibc,
	 * through __morestack_non_split) may be parked inside such a caller:
	 * its calls after the yield still get the room the entry asked for.
	 */
	if (NONSPLIT_CALL_ROOM && gp->nonsplit && size / 2 - used < NONSPLIT_CALL_ROOM + StackGuard)
		return;
	bool alias = aliasstacks();
	if (alias && (size / 2 < PageSize || !gp->resbase || gp->sched.sp < gp->stacklo))
		return;         /* a first page never shrinks; sp in an alias is left alone */
	if (options.stack.debug >= 1)
		kprintf("shrinkstack goroutine %lld: %lu of %lu bytes used\n", (long long)gp->goid,
			(unsigned long)used, (unsigned long)size);
	if (gp->resbase && (alias || size / 2 >= StackBig)) {
		/* A big stack: give back its lower half, nothing moves. */
		struct bigstack b = big_of(gp);
		if (alias)
			alias_trim(gp, size / 2);
		big_trim(&b, gp->stackhi - size / 2);
		setbounds(gp, b.lo, gp->stackhi);
		stack_inuse_add(-(size / 2));
		TRACE(TR_HOW(TrShrink, 1), gp->goid, size, gp->stackhi - gp->stacklo);
	} else {
		struct move mv = copystack(gp, gp->sched.sp, size / 2, gobuf_fp(&gp->sched), NULL);
		gp->sched.sp += mv.delta;
		adjust(&mv, (uintptr_t *)&mp->waitlock);
		TRACE(TR_HOW(TrShrink, 0), gp->goid, size, gp->stackhi - gp->stacklo);
	}
	__atomic_add_fetch(&stackstat.shrinks, 1, __ATOMIC_RELAXED);
}

