/*
 * runtime.h - the goroutine runtime's core types: Gobuf, G, M, P.
 *
 * The shapes follow the Go runtime of 2013-2014 (the seeds): a Gobuf is
 * the whole saved context of a goroutine that is not running, and
 * gogo/gosave/mcall/gostartcall are the only ways to switch. C code has
 * callee-saved registers that Go code did not, so a goroutine is only
 * ever switched out inside mcall, which pushes them on the goroutine's
 * own stack before saving sp: a Gobuf still needs only sp and pc.
 *
 * Offsets used by assembly are checked at build time (asmoffsets.h).
 */
#ifndef GORO_RUNTIME_H
#define GORO_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "machine.h"
#include "rttime.h"

typedef struct Gobuf Gobuf;
typedef struct G G;
typedef struct M M;
typedef struct P P;
typedef struct Sudog Sudog;
typedef struct FuncVal FuncVal;

/*
 * FuncVal: a closure. fn is entered with the FuncVal in the context
 * register. For goroutines fn is gostart (asm), which calls cfn(arg)
 * with the C calling convention and returns into goexit.
 */
struct FuncVal {
	void (*fn)(void);
	void (*cfn)(void *);
	void *arg;
};

enum Gstatus {
	Gidle,          /* just allocated */
	Grunnable,      /* on a run queue */
	Grunning,       /* on a CPU */
	Gwaiting,       /* parked: in a channel, select, sleep, lock ... */
	Gdead,          /* finished, on a free list */
};

struct G {
	Gobuf sched;            /* the saved context when not running */
	uintptr_t stacklo;      /* the stack is [stacklo, stackhi) */
	uintptr_t stackhi;
	uintptr_t stackguard;   /* stacklo + StackGuard: the prologue check's limit (docs/stacks.md) */
	M *m;                   /* the M running it, while running */
	int64_t goid;
	uint32_t status;        /* enum Gstatus */
	uint32_t nonsplit;      /* hosted: it has called code without the check (glibc): shrinks keep NONSPLIT_CALL_ROOM */
	const char *waitreason; /* why it is Gwaiting */
	G *schedlink;           /* run queue / free list link */
	FuncVal startfv;        /* what it runs */
	void *param;            /* passed from the waker to the woken (e.g. the Sudog) */
	Sudog *waiting;         /* the Sudogs it is queued with (channel, select): elems may point into its stack */
	uint32_t selectdone;    /* select: set once one case won */
	G *alllink;             /* on allg: the next (newer) record */
	bool pinned;            /* its stack never moves (go_pinned, main) */
	uintptr_t resbase;      /* a big stack's address-space reservation (runtime/stackalloc.h), or 0 */
	uintptr_t unusedlo;     /* ... and the lowest page of it given back by a shrink */
	void *allocas;          /* VLA/alloca blocks that did not fit on its stack (runtime/stack.c) */
	void *aliases;          /* 32-bit: the places its stack moved from, still mapped (runtime/stackalias.c) */
	G *allprev;             /* on allg: the previous (older) record */
	uint32_t preemptoff;    /* the C library locks it holds (newlib: locks.c); > 0: not to be
				   preempted between two instructions, nor may it end */
	void *libc;             /* the C library's state for it (newlib: its struct _reent), made on
				   first use, freed by libc_goexit before the G can be reused; or NULL */
	struct rtimer timer;    /* its entry in the timer heap: a sleep's or a select's deadline (runtime/time.c) */
	bool seltimer;          /* in the heap for a select's deadline (chan_select_timeout), not a sleep */
	bool timerfired;        /* ... and the deadline, not a channel, won the select */
	uint32_t stackhold;     /* > 0: its stack stays where it is (goro_stackhold): no shrink, no copy */
	void *once;             /* the innermost goro_once_do whose f it runs (runtime/once.c), or NULL */
};

enum { MOREBUF_WORDS = 48 };

/* An M is a CPU running goroutines; g0 is its scheduler stack. */
struct M {
	uintptr_t tls[TLS_WORDS];       /* the per-CPU block (include/machine.h): tls[0] is the current g */
	G *g0;                  /* runs the scheduler (mcall targets) */
	G *curg;                /* the goroutine it runs, or NULL */
	P *p;
	int id;
	M *alllink;
	bool (*waitunlockf)(G *, void *);       /* gopark: run on g0 after parking ... */
	void *waitlock;                         /* ... on this; or, unlockf NULL, a spin lock to release */
	uint32_t fastrand;
	/*
	 * morebuf: __morestack saves the registers live at a failed prologue
	 * check here (layout MB_* in arch asmoffsets.h), newstack relocates
	 * them with the stack, morestack_resume restores them.
	 */
	uintptr_t morebuf[MOREBUF_WORDS] __attribute__((aligned(16)));
	uintptr_t stackcache;   /* free StackMin stacks, linked through their first word */
	int nstackcache;
	uint32_t wakeups;       /* times this M's CPU left machine_halt (runtime/cpus.c) */
	bool spinning;          /* looking for work to steal, counted in sched.nmspinning */
	uint64_t nrun;          /* goroutines this M has run (execute): per-CPU counts, goro_cpustats */
	/* Preemption (runtime/preempt.c): written by this CPU's interrupts and scheduler only. */
	uint64_t ticknrun;      /* nrun at the tick that saw the running goroutine first ... */
	int64_t tickwhen;       /* ... and when */
	bool preemptreq;        /* the guard slot holds StackPreempt: the next prologue check yields */
	uint64_t npreempt[2] __attribute__((aligned(8)));       /* goroutines preempted: [0] at a prologue check, [1] between instructions */
	uintptr_t stackinuse;   /* this M's share of the stack bytes in use (stack_inuse_add), modulo 2^N */
};

enum { RunqSize = 256 };

/* A P holds what one M needs to run goroutines: a run queue, free Gs. */
struct P {
	int id;
	M *m;
	uint32_t runqhead;      /* runq[head % size] is next; updated atomically (steal) */
	uint32_t runqtail;
	G *runq[RunqSize];
	G *runnext;             /* runs next, before runq (a woken partner) */
	G *gfree;               /* dead Gs with stacks, for reuse */
	int gfreecnt;
	uint32_t schedtick;     /* schedule() calls: every 61st looks at the global queue first */
	Sudog *sudogcache;      /* free Sudogs, for channel waits without the allocator's lock */
	int nsudogcache;
};

/* A Sudog is a G waiting in a channel's queue (or several, for select). */
struct Sudog {
	G *g;
	uint32_t *selectdone;   /* select: &g->selectdone, else NULL */
	Sudog *next, *prev;     /* in the channel's wait queue */
	void *elem;             /* data element: may point into g's stack */
	struct chan *c;
	int caseidx;            /* select: which case */
	bool success;           /* receive: a value (not a close) arrived */
	Sudog *waitlink;        /* g->waiting list */
};

/* The global scheduler state. */
struct Sched {
	struct spinlock lock;
	G *runqhead, *runqtail; /* the global run queue */
	int runqsize;
	G *gfree;               /* global free Gs */
	int gfreecnt;
	int64_t goidgen __attribute__((aligned(8)));
	uint32_t idlemask;      /* bit i: CPU i has found nothing to run and halts (proc.c: idle) */
	uint32_t idlegen;       /* counts CPUs leaving the idle set: the deadlock check's witness */
	int ngsys;              /* runtime-internal goroutines (not counted for deadlock) */
	int nmspinning;         /* CPUs looking for work to steal; wakep wakes a CPU only if none is */
	int stopping;           /* a fatal report has begun: the other CPUs stop (stoptheworld) */
};
extern struct Sched sched;

/*
 * allg: every G record that exists, oldest first (tracebacks, deadlock
 * detection): the live goroutines and a bounded number of dead ones
 * kept for reuse (runtime/proc.c frees the rest).
 */
extern G *allg;
extern M m0;
extern G g0_m0;

/* Switching (gogo, mcall, gostartcall, ...) and getg/setg: include/machine.h. */
/* gostartcallfn is gostartcall(buf, fv->fn, fv) (runtime/sys.c). */
void gostartcallfn(Gobuf *buf, FuncVal *fv);
/*
 * gobuf_fp gives the frame pointer a traceback of a goroutine that is
 * not running starts from, with pc = buf->pc: the frame record mcall
 * left on its stack (MCALL_FRAME in asmoffsets.h), or 0 for one that
 * has not started (pc = gostart).
 */
uintptr_t gobuf_fp(const Gobuf *buf);
/* running_goroutine: the goroutine this CPU runs, or NULL on a scheduler stack or at boot (panic.c). */
G *running_goroutine(void);

/* --- options (runtime/options.c) --- */

/*
 * The runtime options, by name in code, so a misspelt one fails the
 * build; the command-line parser fills them before anything else runs
 * (an unknown name on the command line is a fatal error at boot). The
 * initializer in options.c holds the defaults, its table the names,
 * ranges and help.
 */
struct options {
	int verbose;                    /* verbose=1: the boot information before main */
	int seed;                       /* seed=N: the random seed (0: one from the machine) */
	int procs;                      /* procs=N: CPUs that run the runtime (0: every one) */
	bool asyncpreemptoff;           /* asyncpreemptoff=1: preempt only at prologue checks */
	int net;                        /* net=0: no interface on the network card (net/lwip reads it) */
	const char *net_ip;             /* ip=A.B.C.D/N: a static address (NULL: DHCP) */
	const char *net_gw;             /* gw=A.B.C.D: with ip=, the gateway (NULL: none) */
	int trace;                      /* trace=1: record the execution trace, print it at exit (trace.c) */
	bool printmemstats;             /* memstats=1: the memory figures at exit (runtime/memstats.c) */
	struct stackopts {
		int debug;              /* stackdebug=0..4 */
		bool fromsystem;        /* stackfromsystem=1 */
		bool faultonfree;       /* stackfaultonfree=1 */
		bool copy;              /* copystack=1 (default) */
		bool printstats;        /* stackstats=1 */
		uintptr_t max;          /* maxstack= (0: the arch's default) */
		uintptr_t quarantine;   /* stackquarantine= (0: the default) */
	} stack;
};
extern struct options options;
/*
 * options_parse reads the runtime options from cmdline (len bytes as
 * the boot path carried it) into options and returns main's argv: the
 * appliance's name, the words after "--", then the nextra words of extra.
 */
char **options_parse(const char *cmdline, uint64_t len, int nextra, char **extra, int *argcp);

/* --- scheduler (runtime/proc.c) --- */

void schedinit(void);
/* newproc starts fn(arg) in a new goroutine (a StackMin stack) on the current P. */
G *newproc(void (*fn)(void *), void *arg);
/* newproc1 is newproc with a first stack of stacksize bytes; pinned: it never moves. */
G *newproc1(void (*fn)(void *), void *arg, uintptr_t stacksize, bool pinned);
/* gcounts: goroutines alive now (running, runnable, waiting) and dead G records kept for reuse. */
void gcounts(int *live, int *dead);
/* sudogs_cached: free Sudogs the Ps keep for reuse, all Ps together (read racily: a figure). */
int sudogs_cached(void);
/*
 * gopark parks the current goroutine; unlockf(gp, lock) runs on g0 after
 * the switch (if it returns false, gp runs on at once). With unlockf
 * NULL, lock, if not NULL, is a spin lock to release then.
 */
void gopark(bool (*unlockf)(G *, void *), void *lock, const char *reason);
/* goparkunlock parks the current goroutine and releases lock once it is off the CPU. */
void goparkunlock(struct spinlock *lock, const char *reason);
/* goready makes gp runnable (it runs next on this P). */
void goready(G *gp);
/* goready_tail makes gp runnable behind everything already queued (keeps wake order). */
void goready_tail(G *gp);
void gosched(void);
_Noreturn void goexit1(void);
/* once_goexit: gp ends inside goro_once_do's f: those onces are done, their waiters go on (runtime/once.c). */
void once_goexit(G *gp);
/* libc_init: the C library's own start before main (libc/<libc>/): constructors, exit reports. */
void libc_init(void);
/*
 * libc_goexit: the calling goroutine ends (goexit1, still on its stack):
 * the C library frees what it kept for it (gp->libc) and clears it.
 */
void libc_goexit(void);
/*
 * libc_heapstats: the C library's heap, its mallinfo: bytes handed out
 * by malloc and not freed (inuse), and the bytes its arena holds.
 */
void libc_heapstats(size_t *inuse, size_t *arena);
/* memstats_print prints the memory figures if memstats=1 (runtime/memstats.c). */
void memstats_print(void);
/* cpus_start starts the CPUs beside CPU 0 (procs=), one M each (runtime/cpus.c). */
void cpus_start(void);
extern int ncpu;
/* allm: the Ms, by CPU number; allm[0] is m0. */
extern M *allm[MAXCPU];
/* mstart_cpu runs the scheduler on the calling CPU, whose M is mp and P p (runtime/cpus.c); never returns. */
_Noreturn void mstart_cpu(M *mp, P *p);
/* procs_init makes the P of each CPU up to n and links them to allm (before the CPUs start). */
P *proc_p(int id);
/* wakep: work became runnable: wake an idle CPU to take it, unless one is already looking. */
void wakep(void);
/* wakeidle: the earliest timer changed: wake an idle CPU to arm its timer again. */
void wakeidle(void);
/* stoptheworld: a fatal report has begun here: the other CPUs halt at their next scheduling point. */
void stoptheworld(void);
/* stopped: the world is stopping: this CPU (on g0) halts for good. */
_Noreturn void stopped(void);
/* preempt_m: asyncPreempt's mcall (runtime/proc.c); preempt_at_check: newstack's, for a request (runtime/preempt.c). */
void preempt_m(G *gp);
void preempt_at_check(G *gp, uintptr_t *mb);
/*
 * Device interrupts (runtime/intr.c): intr_wait parks the calling
 * goroutine until line irq has fired (include/machine.h); intr_ready is
 * the scheduler's cheap look (one load), intr_poll readies the waiters of
 * the lines that fired, intr_waiting counts the goroutines waiting (a
 * machine where one waits is not deadlocked).
 */
void intr_wait(int irq);
extern uint32_t intr_summary;
static inline bool intr_ready(void)
{
	return __atomic_load_n(&intr_summary, __ATOMIC_RELAXED) != 0;
}
void intr_poll(void);
int intr_waiting(void);
/* mstart runs main as goroutine 1 and enters the scheduler on the boot CPU. */
_Noreturn void mstart(int (*main)(int, char **), int argc, char **argv);

/* --- channels (runtime/chan.c) and their timers (runtime/timer.c) --- */

/*
 * chan_trysend sends elem on c only if a receiver waits or the buffer
 * has room, and says whether it did; it never parks, so the scheduler's
 * stack may call it (a timer's f). A closed c throws: the channels it
 * serves cannot be closed (chan_close panics for a timer's).
 */
bool chan_trysend(struct chan *c, const void *elem);
/*
 * chan_settimer marks c as the channel timer sends to: chan_close then
 * panics; chan_free frees the timer with it (timerchan_free) if
 * freewith, else panics (the timer's owner frees both).
 */
void chan_settimer(struct chan *c, void *timer, bool freewith);
/* timerchan_free stops timer (goro_after's) and frees it, not its channel. */
void timerchan_free(void *timer);

/* --- stacks (runtime/stackalloc.c: allocation; runtime/stack.c: growing, shrinking) --- */

/*
 * The stack sizes, in one place. A goroutine starts on StackMin bytes
 * and grows by copying (docs/stacks.md). The prologue checks compare sp
 * with stacklo + StackGuard: below it there is room for a frame under
 * 256 bytes that is not compared exactly, for functions without the
 * check (variadic ones, asm, the kernel's system-call paths) and for
 * __morestack's own pushes. main runs on a pinned StackMain stack, so
 * its locals may be shared with the goroutines it starts.
 */
enum { StackMin = 2048, StackGuard = 1024, StackMain = 256 * 1024 };
/* StackPreempt in the guard slot fails every prologue check: a preemption request (runtime/preempt.c). */
#define StackPreempt    ((uintptr_t)-1314)
/* stack_init reads the stack options (after the command line is parsed). */
void stack_init(void);
/* stack_maxsize: the largest stack a goroutine may have (maxstack=), pinned ones included. */
uintptr_t stack_maxsize(void);
/* stackalloc gives gp a stack of n bytes (pinned: page-rounded, never moves); stackfree takes it back. */
void stackalloc(G *gp, uintptr_t n, bool pinned);
/* stack_fixed makes [lo, hi), a stack the image holds (goroutine 1's), gp's: pinned, never freed. */
void stack_fixed(G *gp, uintptr_t lo, uintptr_t hi);
void stackfree(G *gp);
/* stack_reusable: may a dead gp keep its stack for its next goroutine? */
bool stack_reusable(G *gp);
/*
 * stack_inuse_add counts n bytes of stack as held by a live goroutine
 * (n may be "negative"): when one starts or ends (proc.c) and when its
 * stack grows or shrinks (stack.c); allocation itself counts nothing.
 */
void stack_inuse_add(uintptr_t n);
/* stack_release frees what a goroutine that ended kept besides its stack (alloca blocks). */
void stack_release(G *gp);
/* newstack: __morestack's runtime half, on g0 (arch/<cpu>/morestack.S); never returns. */
void newstack(G *gp);
/* morestack_resume continues gp from m->morebuf after newstack (arch/<cpu>/morestack.S). */
void morestack_resume(G *gp);
/* shrinkstack halves gp's stack if it uses under a quarter; gp is off the CPU, mp the M parking it. */
void shrinkstack(G *gp, M *mp);
/* stack_scavenge: the CPU is about to idle: free StackMin stacks past a bound go back to the system. */
void stack_scavenge(void);
/* stack_printstats prints the statistics if stackstats=1. */
void stack_printstats(void);
/* stack_describe: fault reports: is addr in a stack freed under stackfaultonfree=1? */
bool stack_describe(uintptr_t addr);

/* --- fatal errors (runtime/panic.c) --- */

_Noreturn void throw(const char *msg);
void traceback_all(G *cur);
/* traceback_others prints every live goroutine but skip (already printed). */
void traceback_others(G *skip);

/* memmove and memclr of the runtime's own (it does not call libc). */
void memmove_rt(void *dst, const void *src, size_t n);
void memclr(void *p, size_t n);

/*
 * Cheap xorshift random for select and fairness, per M. Every M's state
 * derives from one seed a run prints in its fatal reports: seed=N makes
 * a run repeat the choices of the one that printed N.
 */
uint32_t fastrand(void);
extern uint32_t fastrand_seed;          /* 1..2^31-1, set before main runs */
/* fastrand_init seeds mp from fastrand_seed and its id. */
void fastrand_init(M *mp);
/* print_seed: a fatal report's line naming the seed, once there is one. */
void print_seed(void);

#endif
