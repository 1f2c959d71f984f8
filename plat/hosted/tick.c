/*
 * tick.c - the hosted platform's preemption tick (include/machine.h,
 * "Interrupts while goroutines run").
 *
 * Each thread (CPU) has a second POSIX timer, periodic at TICK_NS, whose
 * signal (TickSignal) goes to that thread alone. Unlike the timer's
 * signal, it is never blocked outside machine_halt: it arrives wherever
 * the thread is, on the thread's signal stack, and the kernel saves and
 * restores every register and the FPU state around the handler, as a
 * machine's interrupt entry does. When it finds a goroutine running, the
 * handler hands the runtime the interrupted context as a trap frame
 * (runtime_interrupted) and writes back the pc and sp the runtime may
 * have redirected to asyncPreempt; the runtime leaves the scheduler (g0)
 * alone.
 *
 * Inside machine_halt the signal is blocked, so ticks never end a halt
 * and the thread sleeps on; a tick that stays pending is taken, and
 * ignored, once the halt returns to the scheduler. So that an idle
 * thread costs nothing, a halt that follows a tick which found no
 * goroutine running disarms the tick for its duration (hosted_tick_halt)
 * and arms it again as it returns (hosted_tick_resume). Only a halt
 * does: a thread that is not halted always ticks, whatever it runs next.
 */
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include "hosted.h"
#include "platform.h"
#include "machine.h"

static __thread timer_t ticker;         /* each thread (CPU) has its own */
static __thread int idleticks;          /* ticks in a row that found no goroutine */
static __thread int tickoff;            /* disarmed for this halt */

static void arm(long ns)
{
	struct itimerspec its = {
		.it_value = { ns / 1000000000, ns % 1000000000 },
		.it_interval = { ns / 1000000000, ns % 1000000000 },
	};
	timer_settime(ticker, 0, &its, NULL);
}

static void on_tick(int sig, siginfo_t *si, void *ctx)
{
	(void)sig, (void)si;
	greg_t *r = ((ucontext_t *)ctx)->uc_mcontext.gregs;
	struct trapframe tf = hosted_trapframe(ctx);
	if (!runtime_interrupted(&tf, 1)) {
		idleticks++;            /* the scheduler: the next halt stops the tick */
		return;
	}
	idleticks = 0;
	r[REG_RIP] = (greg_t)tf.rip;
	r[REG_RSP] = (greg_t)tf.rsp;
}

/* hosted_tick_init installs the tick's handler, once, before any thread has a ticker. */
void hosted_tick_init(void)
{
	struct sigaction sa = {
		.sa_sigaction = on_tick,
		.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART,
	};
	sigemptyset(&sa.sa_mask);
	sigaction(TickSignal, &sa, NULL);
}

/* hosted_tick starts the calling thread's tick (a thread with its signal stack). */
void hosted_tick(void)
{
	struct sigevent sev = {
		.sigev_notify = SIGEV_THREAD_ID,
		.sigev_signo = TickSignal,
	};
	sev._sigev_un._tid = gettid();  /* sigev_notify_thread_id, unnamed in this glibc */
	if (timer_create(CLOCK_MONOTONIC, &sev, &ticker) != 0)
		fatal("timer_create failed: no preemption tick");
	arm(TICK_NS);
}

/* hosted_tick_halt: the thread is about to halt: stop the tick if the last one found it idle. */
void hosted_tick_halt(void)
{
	if (idleticks > 0 && !tickoff) {
		arm(0);
		tickoff = 1;
	}
}

/* hosted_tick_resume: the thread has left a halt: tick again if the halt stopped it. */
void hosted_tick_resume(void)
{
	idleticks = 0;
	if (tickoff) {
		tickoff = 0;
		arm(TICK_NS);
	}
}
