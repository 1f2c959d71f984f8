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
 * The report of a goroutine that panics or throws runs on the
 * scheduler stack (Go's systemstack), never on what is left of the
 * goroutine's own.
 */
#include <stdarg.h>
#include "machine.h"
#include "goro.h"
#include "runtime.h"
#include "trace.h"
#include "traceback.h"

static const char *const statusnames[] = {
	[Gidle] = "idle",
	[Grunnable] = "runnable",
	[Grunning] = "running",
	[Gwaiting] = "waiting",
	[Gdead] = "dead",
};

/* gstate: what a goroutine's header says it is doing. */
static const char *gstate(G *gp)
{
	return gp->status == Gwaiting && gp->waitreason ? gp->waitreason
	       : gp->status < nelem(statusnames) ? statusnames[gp->status] : "?";
}

/* saved_sp_ok: is gp's saved sp on its stack (so its frames may be read)? */
static bool saved_sp_ok(G *gp)
{
	return gp->sched.sp >= gp->stacklo && gp->sched.sp <= gp->stackhi;
}

static void traceback_g(G *gp, G *cur)
{
	M *on = gp->status == Grunning ? gp->m : NULL;
	if (on && gp != cur && on->id != cpu_id()) {
		/* Running on another CPU: its saved context is old and its stack in use there. */
		kprintf("goroutine %lld [running on cpu %d]:\nits stack is in use on that CPU: not read\n\n",
			(long long)gp->goid, on->id);
		return;
	}
	kprintf("goroutine %lld [%s]:\n", (long long)gp->goid, gstate(gp));
	/* cur, the failing goroutine, is off its stack in mcall (report): its frames are saved too. */
	if (gp == cur || gp->status == Grunnable || gp->status == Gwaiting) {
		/* Only its own stack is read: a corrupt saved sp or frame record stops the walk. */
		if (!saved_sp_ok(gp))
			kprintf("traceback stopped: sp=%p is outside the stack [%p, %p)\n",
				(void *)gp->sched.sp, (void *)gp->stacklo, (void *)gp->stackhi);
		else
			traceback_frames(gp->sched.pc, gobuf_fp(&gp->sched), gp->stacklo, gp->stackhi);
	}
	kprintf("\n");
}

/* same_as: would gp's traceback print what rep's did, but for the fps? */
static bool same_as(G *gp, G *rep)
{
	if (gp->status != rep->status || gp->waitreason != rep->waitreason ||
	    (gp->status != Grunnable && gp->status != Gwaiting) || !saved_sp_ok(gp) || !saved_sp_ok(rep))
		return false;
	return traceback_same(gp->sched.pc, gobuf_fp(&gp->sched), gp->stacklo, gp->stackhi,
			      rep->sched.pc, gobuf_fp(&rep->sched), rep->stacklo, rep->stackhi);
}

/* print_same accounts for the goroutines lo..hi, whose frames are rep's. */
static void print_same(G *rep, int64_t lo, int64_t hi)
{
	if (hi < lo)
		return;
	if (lo == hi)
		kprintf("goroutine %lld [%s]: the same frames as goroutine %lld\n\n",
			(long long)lo, gstate(rep), (long long)rep->goid);
	else
		kprintf("goroutines %lld-%lld [%s]: the same frames as goroutine %lld (%lld goroutines)\n\n",
			(long long)lo, (long long)hi, gstate(rep), (long long)rep->goid,
			(long long)(hi - lo + 1));
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
 * goroutines that ever lived. Every live goroutine is accounted for,
 * but one whose state and frames are those of the goroutine printed
 * in full just before it is not printed again: consecutive ids like it
 * share one line ("goroutines 3-50001 [chan receive]: the same frames
 * as goroutine 2 (49999 goroutines)"). 50,000 tracebacks in full are
 * 10 MB: 15 minutes on a 115200-baud serial line.
 */
void traceback_others(G *skip)
{
	G *rep = NULL;                  /* the last goroutine printed in full */
	int64_t lo = 0, hi = -1;        /* ids like rep's, not printed yet */
	for (G *gp = allg; gp; gp = gp->alllink) {
		if (gp == skip || gp->status == Gdead || gp->status == Gidle)
			continue;
		if (rep && same_as(gp, rep)) {
			if (hi >= lo && gp->goid == hi + 1) {
				hi++;
			} else {
				print_same(rep, lo, hi);
				lo = hi = gp->goid;
			}
			continue;
		}
		if (rep)
			print_same(rep, lo, hi);
		lo = 0, hi = -1;
		traceback_g(gp, NULL);
		rep = gp;
	}
	if (rep)
		print_same(rep, lo, hi);
}

G *running_goroutine(void)
{
	G *g = getg();
	if (!g || !g->m)
		return NULL;
	return g->m->curg == g ? g : NULL;
}

/* The message a report starts with; one report runs at a time (begin_fatal). */
static struct {
	const char *prefix, *fmt;
	va_list *ap;
} fatalmsg;

void print_seed(void)
{
	if (fastrand_seed)
		kprintf("random seed %u (seed=%u repeats this run's choices)\n",
			(unsigned)fastrand_seed, (unsigned)fastrand_seed);
}

static void print_msg(void)
{
	va_list ap;
	kprintf("%s", fatalmsg.prefix);
	va_copy(ap, *fatalmsg.ap);
	kvprintf(fatalmsg.fmt, ap);
	va_end(ap);
	kprintf("\n");
	print_seed();
	kprintf("\n");
}

/* report_m runs on g0 (mcall from report): the message, then every goroutine, gp first. */
static void report_m(G *gp)
{
	print_msg();
	traceback_all(gp);
	trace_dump();
	kexit(EXIT_FATAL);
}

/*
 * report prints prefix, the message and every goroutine's traceback,
 * and exits 2. From a goroutine it moves to g0 first: the goroutine may
 * have no more stack than its prologue check guarantees, too little
 * for the report (which cannot grow it). ap stays valid there: the
 * goroutine's stack is not freed. mcall saves the goroutine's context,
 * so its traceback starts in report, as a parked goroutine's does in
 * gopark.
 */
static _Noreturn void report(const char *prefix, const char *fmt, va_list *ap)
{
	stoptheworld();
	fatalmsg.prefix = prefix;
	fatalmsg.fmt = fmt;
	fatalmsg.ap = ap;
	if (running_goroutine())
		mcall(report_m);
	print_msg();
	traceback_all(NULL);
	trace_dump();
	kexit(EXIT_FATAL);
}

static __attribute__((no_split_stack)) _Noreturn void reportf(const char *prefix, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(prefix, fmt, &ap);
}

_Noreturn void throw(const char *msg)
{
	begin_fatal();
	reportf("fatal error: ", "%s", msg);
}

__attribute__((no_split_stack)) _Noreturn void panic(const char *fmt, ...)
{
	begin_fatal();
	va_list ap;
	va_start(ap, fmt);
	report("panic: ", fmt, &ap);
}
