/*
 * trace.c - the execution trace (trace=1): a ring of events per CPU,
 * printed on the console at exit (docs/trace.md has the format and
 * tools/trace the viewer).
 *
 * Design: each CPU writes only its own ring, so recording takes no lock
 * and may run anywhere, an interrupt handler included. A slot is
 * claimed with one atomic add on the ring's count, which is only ever
 * raced by this CPU's own interrupts; the oldest events are overwritten
 * and the count says how many were lost. The rings are allocated once,
 * at boot, and only when trace=1: with the option off nothing exists
 * but the flag every TRACE site tests. The dump is text, a line per
 * event between marker lines, so that it travels on every platform's
 * console (UART, standard output) and survives being cut out of a log.
 */
#include "machine.h"
#include "runtime.h"
#include "trace.h"

enum { TraceRing = 65536 };     /* events per CPU: a power of two */

struct trace_ev {
	int64_t ts;             /* machine_nanotime */
	uint32_t kind;          /* Tr* | how << 24 */
	uint32_t b;
	int64_t g;
	uint64_t a;
};

struct trace_ring {
	struct trace_ev *ev;
	uint32_t n;             /* events ever claimed (wraps at 2^32: the lost count with it) */
};

bool trace_on;
static struct trace_ring rings[MAXCPU];
static int nrings;

void trace_init(void)
{
	if (!options.trace)
		return;
	nrings = cpu_count();
	uintptr_t size = (uintptr_t)TraceRing * sizeof(struct trace_ev);
	char *p = SysAlloc(size * (uintptr_t)nrings, &memstats.other_sys);
	for (int i = 0; i < nrings; i++)
		rings[i].ev = (struct trace_ev *)(p + size * (uintptr_t)i);
	__atomic_store_n(&trace_on, true, __ATOMIC_RELEASE);
}

__attribute__((no_split_stack)) void trace_rec(uint32_t kind, int64_t g, uint64_t a, uint32_t b)
{
	int id = cpu_id();
	if ((unsigned)id >= (unsigned)nrings)
		return;
	struct trace_ring *r = &rings[id];
	uint32_t i = __atomic_fetch_add(&r->n, 1, __ATOMIC_RELAXED) & (TraceRing - 1);
	struct trace_ev *e = &r->ev[i];
	e->ts = machine_nanotime();
	e->g = g;
	e->a = a;
	e->b = b;
	e->kind = kind;
}

static const char *const names[TrKinds] = {
	[TrCreate] = "create", [TrRun] = "run", [TrBlock] = "block", [TrUnblock] = "unblock",
	[TrYield] = "yield", [TrPreempt] = "preempt", [TrEnd] = "end", [TrGrow] = "grow",
	[TrShrink] = "shrink", [TrIntr] = "intr",
};
static const char *const preempthow[] = { "prologue", "async" };
static const char *const growhow[] = { "copy", "inplace", "remap" };
static const char *const shrinkhow[] = { "copy", "trim" };

static void dump_ev(int cpu, const struct trace_ev *e)
{
	uint32_t k = e->kind & 0xffffff, how = e->kind >> 24;
	if (k == 0 || k >= TrKinds)
		return;         /* a slot being written as recording stopped */
	kprintf("@ %lld %d %s", (long long)e->ts, cpu, names[k]);
	switch (k) {
	case TrCreate:
	case TrUnblock:
		kprintf(" %lld %lld\n", (long long)e->g, (long long)e->a);
		break;
	case TrBlock:
		kprintf(" %lld %s\n", (long long)e->g, e->a ? (const char *)(uintptr_t)e->a : "?");
		break;
	case TrPreempt:
		kprintf(" %lld %s\n", (long long)e->g, preempthow[how & 1]);
		break;
	case TrGrow:
	case TrShrink:
		kprintf(" %lld %llu %u %s\n", (long long)e->g, (unsigned long long)e->a, (unsigned)e->b,
			k == TrGrow ? growhow[how % 3] : shrinkhow[how & 1]);
		break;
	case TrIntr:
		kprintf(" %llu\n", (unsigned long long)e->a);
		break;
	default:
		kprintf(" %lld\n", (long long)e->g);
		break;
	}
}

void trace_dump(void)
{
	static uint32_t dumped;
	if (!options.trace || __atomic_exchange_n(&dumped, 1, __ATOMIC_SEQ_CST))
		return;
	__atomic_store_n(&trace_on, false, __ATOMIC_SEQ_CST);
	kprintf("goro-trace: begin 1 cpus %d ring %d\n", nrings, TraceRing);
	for (int c = 0; c < nrings; c++) {
		uint32_t n = __atomic_load_n(&rings[c].n, __ATOMIC_SEQ_CST);
		uint32_t kept = n < TraceRing ? n : TraceRing;
		kprintf("goro-trace: cpu %d events %u lost %u\n", c, (unsigned)kept, (unsigned)(n - kept));
		for (uint32_t i = n - kept; i != n; i++)
			dump_ev(c, &rings[c].ev[i & (TraceRing - 1)]);
	}
	kprintf("goro-trace: end\n");
}
