/*
 * smp.c - the hosted platform's CPUs: threads (include/machine.h, "CPUs").
 *
 * As a Linux process a CPU is a thread: cpu_start makes one, with what
 * every CPU of the machine has, its own: a signal stack for the fault
 * handlers, a timer whose signal goes to it alone, the per-CPU block
 * (its goro_g and goro_cpu thread variables). cpu_wake sends that
 * thread the timer's signal, which ends its machine_halt (sigsuspend)
 * or, blocked while it runs, stays pending so that its next halt
 * returns at once: no wake-up is lost.
 *
 * How many CPUs: GORO_CPUS (plat/hosted/run -smp N sets it), as QEMU's
 * -smp does for the machine; without it, the CPUs the process may run
 * on. At most MAXCPU.
 */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "hosted.h"
#include "platform.h"

static int ncpus = 1;
static pid_t tids[MAXCPU];

/* What a new thread runs, and the flag it raises once it is a CPU. */
static struct cpustart {
	void (*fn)(int);
	uintptr_t stacktop;
	int up;
} starts[MAXCPU];

void cpus_init(struct bootinfo *bi)
{
	(void)bi;
	const char *s = getenv("GORO_CPUS");
	if (s) {
		char *end;
		long n = strtol(s, &end, 10);
		if (*s == 0 || *end != 0 || n < 1 || n > MAXCPU)
			fatal("GORO_CPUS=%s: want a number of CPUs in [1, %d]", s, MAXCPU);
		ncpus = (int)n;
	} else {
		cpu_set_t set;
		if (sched_getaffinity(0, sizeof set, &set) == 0)
			ncpus = CPU_COUNT(&set);
		if (ncpus > MAXCPU)
			ncpus = MAXCPU;
		if (ncpus < 1)
			ncpus = 1;
	}
	tids[0] = gettid();
}

int cpu_count(void)
{
	return ncpus;
}

/* cpu_thread is a new CPU's thread: its own signal stack, timer and per-CPU block, then fn on stacktop. */
static void *cpu_thread(void *arg)
{
	int id = (int)(intptr_t)arg;
	static __thread uintptr_t boot_tls[TLS_WORDS];
	struct cpustart *st = &starts[id];
	tids[id] = gettid();
	hosted_altstack();
	hosted_timer();
	hosted_tick();
	tls_init(boot_tls, id);
	__atomic_store_n(&st->up, 1, __ATOMIC_RELEASE);
	hosted_call_on(st->stacktop, st->fn, id);       /* onto the runtime's stack for this CPU */
}

void cpu_start(int id, void (*fn)(int id), uintptr_t stacktop)
{
	if (id < 1 || id >= ncpus)
		fatal("cpu_start: no cpu %d (the process has %d)", id, ncpus);
	starts[id] = (struct cpustart){ fn, stacktop, 0 };
	pthread_attr_t attr;
	pthread_t t;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);   /* only until it moves to stacktop */
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &attr, cpu_thread, (void *)(intptr_t)id) != 0)
		fatal("cpu %d: no thread for it", id);
	pthread_attr_destroy(&attr);
	int64_t deadline = machine_nanotime() + 1000000000;
	while (!__atomic_load_n(&starts[id].up, __ATOMIC_ACQUIRE)) {
		if (machine_nanotime() > deadline)
			fatal("cpu %d did not start within 1 s", id);
		sched_yield();
	}
}

void cpu_wake(int id)
{
	syscall(SYS_tgkill, getpid(), tids[id], TimerSignal);
}

/* cpu_tlb_shared: yes: Linux keeps every thread's view of the address space coherent. */
int cpu_tlb_shared(void)
{
	return 1;
}
