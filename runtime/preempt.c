/*
 * preempt.c - taking the CPU from a goroutine that keeps it, in the two
 * layers docs/smp.md describes.
 *
 * Each CPU's timer ticks every TICK_NS while it runs goroutines and calls
 * runtime_interrupted. A goroutine seen running at one tick and still
 * running at the next, 10 ms later (the M has started no other since:
 * m->nrun, as Go's sysmon watches schedtick), is preempted, so it is
 * preempted 10 to 20 ms after it started:
 *
 *   1. between two instructions, if it is stopped where that is safe
 *      (async_safe): the interrupt returns into asyncPreempt
 *      (arch/<cpu>/preempt.S), which saves every register and the FPU
 *      state on the goroutine's stack and yields (preempt_m);
 *   2. otherwise, as Go did from 1.2 to 1.13, by a request in the guard
 *      slot (StackPreempt): the goroutine's next prologue check fails,
 *      newstack calls preempt_at_check, and the goroutine is pushed into
 *      asyncPreempt at the check's "passed" path the same way.
 *
 * Safe means "in the appliance's own code": the pc (layer 1), or the
 * function whose check failed (layer 2), lies in preempt_text, the
 * appliance's objects, which the linker script places apart. Nothing
 * else is: not the runtime and the machine, so a goroutine is never
 * stopped holding a spin lock, inside __morestack or a stack copy, or
 * with a per-CPU pointer (getg()->m, the P) in a register that would be
 * stale on another CPU; and not the C library, which the runtime calls
 * too, with its locks held (a struct copy is a memcpy call). The caller
 * of a runtime function is no guide: the runtime's tail calls leave
 * functions that hold its locks returning straight into the appliance.
 * Between instructions a goroutine is also not stopped while it holds a
 * C library lock (g->preemptoff: a stdio callback into the appliance),
 * nor with too little stack below sp for asyncPreempt, nor ever under
 * asyncpreemptoff=1. A loop that calls only the runtime or the C library
 * is preempted when its own code is interrupted, or at its next
 * function's prologue.
 *
 * A preempted goroutine goes behind everything on the global queue, as
 * Go's gopreempt_m puts it; its stack is not shrunk there (its saved
 * registers may hold anything).
 */
/*
 * None of this file has the prologue check: runtime_interrupted runs on
 * the CPU's interrupt stack with the interrupted goroutine's guard in the
 * slot (perhaps StackPreempt), and preempt_at_check on g0. The pragma
 * comes first, so the inline functions the headers define are covered
 * too where the compiler keeps them out of line (sanitizer builds).
 */
#pragma clang attribute push (__attribute__((no_split_stack)), apply_to = function)
#include "machine.h"
#include "runtime.h"
#include "trace.h"

/* The appliance's own code (the linker script, linker/<arch>.ld or hosted.ld). */
extern char preempt_text_start[], preempt_text_end[];

enum {
	ForcePreemptNS = 10000000,      /* Go's forcePreemptNS: 10 ms on the CPU */
	PreemptMargin = 128,            /* bytes kept free below asyncPreempt's use */
};

static inline bool preemptible_pc(uintptr_t pc)
{
	return pc - (uintptr_t)preempt_text_start < (uintptr_t)(preempt_text_end - preempt_text_start);
}

/* room_below: can asyncPreempt, pushed at sp, run on gp's stack? */
static inline bool room_below(G *gp, uintptr_t sp)
{
	return sp <= gp->stackhi && sp >= gp->stacklo + PREEMPT_ROOM + PreemptMargin;
}

/* async_safe: may gp, interrupted at tf, be stopped right there? */
static bool async_safe(G *gp, const struct trapframe *tf)
{
	return !options.asyncpreemptoff && gp->preemptoff == 0 && preemptible_pc(TRAPFRAME_PC(tf)) &&
	       room_below(gp, TRAPFRAME_SP(tf));
}

/* request: gp's next prologue check enters newstack, which preempts it if it can (preempt_at_check). */
static void request(M *mp)
{
	mp->preemptreq = true;
	setstackguard(StackPreempt);
}

int runtime_interrupted(struct trapframe *tf, int tick)
{
	G *gp = getg();
	if (!gp || gp == gp->m->g0)
		return 0;
	if (fatal_reporting())
		return 1;       /* this CPU's own report: nothing may move or stop it */
	M *mp = gp->m;
	if (__atomic_load_n(&sched.stopping, __ATOMIC_RELAXED)) {
		/* A fatal report on another CPU: this one stops at once (schedule stops it) or at its next check. */
		uintptr_t *lr = TRAPFRAME_LRP(tf);
		if (async_safe(gp, tf) && preempt_push(&TRAPFRAME_PC(tf), &TRAPFRAME_SP(tf), lr))
			return 1;
		request(mp);
		return 1;
	}
	if (!tick)
		return 1;
	int64_t now = machine_nanotime();
	if (mp->nrun != mp->ticknrun) {
		mp->ticknrun = mp->nrun;        /* a goroutine this tick has not seen: its slice starts */
		mp->tickwhen = now;
		return 1;
	}
	if (now - mp->tickwhen < ForcePreemptNS - TICK_NS / 2)
		return 1;       /* (a tick early or late must not cost a whole slice more) */
	if (async_safe(gp, tf) && preempt_push(&TRAPFRAME_PC(tf), &TRAPFRAME_SP(tf), TRAPFRAME_LRP(tf))) {
		mp->npreempt[1]++;
		TRACE(TR_HOW(TrPreempt, 1), gp->goid, 0, 0);
		return 1;
	}
	request(mp);
	return 1;
}

/*
 * preempt_at_check is newstack's first step when a preemption was
 * requested: if the failed check's frame fits (it failed for the request,
 * not for want of stack) and its function is the appliance's, gp
 * continues into asyncPreempt from the check's "passed" path (never
 * returns). Otherwise the request is dropped (the next tick makes
 * another) and newstack goes on as for any failed check.
 */
void preempt_at_check(G *gp, uintptr_t *mb)
{
	M *mp = gp->m;
	mp->preemptreq = false;
	if (__atomic_load_n(&sched.stopping, __ATOMIC_RELAXED))
		stopped();      /* a fatal report on another CPU */
	uintptr_t sp = MB(mb, MB_SP);
	if (sp < gp->stacklo + StackGuard + 256 + mb_framesize(mb) || sp > gp->stackhi)
		return;         /* it needs more stack as well: grow now, preempt at a later tick */
	uintptr_t fn, lr;
	morestack_caller(mb, *(uintptr_t *)sp, &fn, &lr);     /* fn: an address in the function */
	morestack_passed(mb);
	if (preemptible_pc(fn) && room_below(gp, MB(mb, MB_SP)) &&
	    preempt_push(&MB(mb, MB_PC), &MB(mb, MB_SP), MB_LRP(mb))) {
		mp->npreempt[0]++;
		TRACE(TR_HOW(TrPreempt, 0), gp->goid, 0, 0);
	}
	morestack_resume(gp);
	throw("morestack_resume returned");
}

#pragma clang attribute pop
