/*
 * cpus.c - the CPUs beside the boot CPU: one M each, started before main.
 *
 * procs=N (Go's GOMAXPROCS) CPUs run the runtime, by default every CPU
 * the machine has (cpu_count). CPU 0 starts the others through the
 * machine contract (cpu_start): each gets an M, with its per-CPU block
 * and a g0 on a scheduler stack of its own, and reports in.
 *
 * Not yet done: the scheduler runs goroutines on CPU 0 only. Until it
 * runs them everywhere, the other CPUs idle in machine_halt and count
 * the times they leave it; the boot wakes each once (cpu_wake) and waits
 * to see it answer, so that starting a CPU and waking one are exercised
 * on every platform from the first boot on.
 */
#include "machine.h"
#include "rttime.h"
#include "runtime.h"

enum { G0StackSize = 16 * 1024 };

int ncpu = 1;                           /* CPUs running the runtime (procs=) */
static M mcpu[MAXCPU];                  /* their Ms; CPU 0's is m0 */
static G g0cpu[MAXCPU];
static uint32_t reported;               /* CPUs that have reached cpuidle */

/* cpuidle is where CPU id starts (cpu_start): its M, then halting and counting wake-ups. */
static _Noreturn void cpuidle(int id)
{
	M *mp = &mcpu[id];
	tls_init(mp->tls, id);
	setg(mp->g0);
	setstackguard(mp->g0->stackguard);
	__atomic_add_fetch(&reported, 1, __ATOMIC_RELEASE);
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
	ncpu = options.procs ? options.procs : found;
	if (ncpu > found)
		fatal("runtime option procs=%d: the machine has %d CPU%s", ncpu, found, found == 1 ? "" : "s");
	for (int id = 1; id < ncpu; id++) {
		M *mp = &mcpu[id];
		G *g0 = &g0cpu[id];
		mp->id = id;
		mp->g0 = g0;
		fastrand_init(mp);
		g0->m = mp;
		g0->status = Grunning;
		g0->stacklo = (uintptr_t)SysAlloc(G0StackSize, &mstats.other_sys);
		g0->stackhi = g0->stacklo + G0StackSize;
		g0->stackguard = g0->stacklo + StackGuard;
		cpu_start(id, cpuidle, g0->stackhi);
		await_wakeup(id);
		if (options.verbose)
			kprintf("goro: cpu %d up, answers wake-ups (idle: goroutines run on cpu 0)\n", id);
	}
}
