/*
 * panic.c - the runtime's ways to die: throw (fatal error), panic, and
 * the traceback of every goroutine that follows either.
 *
 *   panic: send on closed channel
 *
 *   goroutine 3 [running]:
 *   <frames>
 *
 *   goroutine 1 [chan receive]:
 *   <frames>
 *
 * then exit status 2. Frames come from runtime/traceback.c, which walks
 * frame pointers and names functions from the image's symbol table.
 */
#include <stdarg.h>
#include "arch.h"
#include "goro.h"
#include "kernel.h"
#include "runtime.h"
#include "traceback.h"

static const char *const statusnames[] = {
	[Gidle] = "idle",
	[Grunnable] = "runnable",
	[Grunning] = "running",
	[Gwaiting] = "waiting",
	[Gdead] = "dead",
};

static void traceback_g(G *gp, G *cur)
{
	const char *state = gp->status == Gwaiting && gp->waitreason ? gp->waitreason
			    : gp->status < nelem(statusnames) ? statusnames[gp->status] : "?";
	kprintf("goroutine %lld [%s]:\n", (long long)gp->goid, state);
	if (gp == cur) {
		/* The failing goroutine: from this very frame down through panic/throw. */
		traceback_frames((uintptr_t)traceback_g, (uintptr_t)__builtin_frame_address(0),
				 gp->stacklo, gp->stackhi);
	} else if (gp->status == Grunnable || gp->status == Gwaiting) {
		traceback_frames(gp->sched.pc, arch_gobuf_fp(&gp->sched), gp->stacklo, gp->stackhi);
	}
	kprintf("\n");
}

/* traceback_all prints cur (the failing goroutine, if any) first, then every live one. */
void traceback_all(G *cur)
{
	if (cur)
		traceback_g(cur, cur);
	traceback_others(cur);
}

/*
 * traceback_others walks allg once, oldest record first, as Go's
 * tracebackothers walks allgs: the cost is the records that exist
 * (live goroutines and a bounded number of dead ones), never the
 * goroutines that ever lived.
 */
void traceback_others(G *skip)
{
	for (G *gp = allg; gp; gp = gp->alllink)
		if (gp != skip && gp->status != Gdead && gp->status != Gidle)
			traceback_g(gp, NULL);
}

/* current returns the running goroutine, or NULL on a scheduler stack. */
static G *current(void)
{
	G *g = getg();
	if (!g || !g->m)
		return NULL;
	return g->m->curg == g ? g : NULL;
}

_Noreturn void throw(const char *msg)
{
	begin_fatal();
	kprintf("fatal error: %s\n\n", msg);
	traceback_all(current());
	kexit(EXIT_FATAL);
}

__attribute__((no_split_stack)) _Noreturn void panic(const char *fmt, ...)
{
	begin_fatal();
	va_list ap;
	va_start(ap, fmt);
	kprintf("panic: ");
	kvprintf(fmt, ap);
	kprintf("\n\n");
	va_end(ap);
	traceback_all(current());
	kexit(EXIT_FATAL);
}
