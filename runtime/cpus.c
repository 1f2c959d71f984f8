/*
 * cpus.c - the CPUs beside the boot CPU: one M each, started before main.
 *
 * procs=N (Go's GOMAXPROCS) CPUs run the runtime, by default every CPU
 * the machine has (cpu_count). CPU 0 starts the others through the
 * machine contract (cpu_start): each gets an M, with its per-CPU block
 * and a g0 on a scheduler stack of its own, and reports in.
 *
 * Each runs the scheduler (mstart_cpu): it takes goroutines from its P,
 * the global queue and, spinning, other Ps, and halts when there are
 * none. Only where the machine keeps every CPU's TLB coherent when a
 * page is unmapped (cpu_tlb_shared): elsewhere (the PC, until it sends
 * shootdown IPIs) a stale translation on one CPU would reach memory
 * another has reused, so the other CPUs start and then only idle.
 *
 * The boot wakes each once (cpu_wake) and waits to see it leave
 * machine_halt, so that a CPU that cannot be woken is a clear error at
 * boot, not a goroutine that never runs.
 */
#include "machine.h"
#include "rttime.h"
#include "runtime.h"

/* A CPU's scheduler stack: as large as CPU 0's boot stack on every platform (hosted's is 64 KiB). */
enum { G0StackSize = 64 * 1024 };

int ncpu = 1;                           /* CPUs running goroutines */
static bool shared;                     /* may goroutines run on every CPU (cpu_tlb_shared)? */
static M mcpu[MAXCPU];                  /* their Ms; CPU 0's is m0 */
static G g0cpu[MAXCPU];

/*
 * cpumain is where CPU id starts (cpu_start): its M, then the
 * scheduler; or, where goroutines may not run on it, halting for good
 * and counting the wake-ups it is sent.
 */
static _Noreturn void cpumain(int id)
{
	M *mp = &mcpu[id];
	tls_init(mp->tls, id);
	if (shared)
		mstart_cpu(mp, proc_p(id));
	setg(mp->g0);
	setstackguard(mp->g0->stackguard);
	for (;;) {
		machine_halt();
		__atomic_add_fetch(&mp->wakeups, 1, __ATOMIC_RELEASE);
	}
}

/* await_wakeup: wake CPU id and wait (a second at most) for it to leave machine_halt. */
static void await_wakeup(int id)
{
	M *mp = &mcpu[id];
	uint32_t before = __atomic_load_n(&mp->wakeups, __ATOMIC_ACQUIRE);
	int64_t deadline = nanotime() + 1000000000;
	cpu_wake(id);
	while (__atomic_load_n(&mp->wakeups, __ATOMIC_ACQUIRE) == before)
		if (nanotime() > deadline)
			fatal("cpu %d did not answer a wake-up within 1 s", id);
}

void cpus_start(void)
{
	int found = cpu_count();
	int procs = options.procs ? options.procs : found;
	if (procs > found)
		fatal("runtime option procs=%d: the machine has %d CPU%s", procs, found, found == 1 ? "" : "s");
	shared = cpu_tlb_shared();
	if (shared) {
		ncpu = procs;
		for (int id = 1; id < ncpu; id++)
			proc_p(id);     /* every P exists before any CPU looks for work to steal */
	}
	for (int id = 1; id < procs; id++) {
		M *mp = &mcpu[id];
		G *g0 = &g0cpu[id];
		mp->id = id;
		mp->g0 = g0;
		fastrand_init(mp);
		g0->m = mp;
		g0->status = Grunning;
		g0->stacklo = (uintptr_t)SysAlloc(G0StackSize, &memstats.other_sys);
		g0->stackhi = g0->stacklo + G0StackSize;
		g0->stackguard = g0->stacklo + StackGuard;
		cpu_start(id, cpumain, g0->stackhi);
		await_wakeup(id);
		if (options.verbose)
			kprintf("goro: cpu %d up, answers wake-ups%s\n", id,
				shared ? "" : " (idle: this machine's TLB invalidation does not reach other CPUs yet)");
	}
}
