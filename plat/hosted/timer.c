/*
 * timer.c - time on the hosted platform: the machine.h timer contract over
 * CLOCK_MONOTONIC, a POSIX timer and a signal.
 *
 * The scheduler, idle, arms the timer for its next deadline and calls
 * machine_halt, as on bare metal. The signal plays the timer interrupt: it
 * is blocked while goroutines and the scheduler run and unblocked only
 * inside machine_halt (sigsuspend), so it never interrupts runtime code,
 * and a deadline that passes between arming and halting leaves the
 * signal pending: sigsuspend returns at once and nothing is lost. Its
 * handler does nothing; the scheduler looks at its timers itself. The
 * timer signals the thread that set it up (SIGEV_THREAD_ID): the M that
 * halts is the one woken. Like every handler here it runs on the
 * thread's signal stack, never on the stack the halt was called on.
 */
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include "hosted.h"
#include "platform.h"
#include "machine.h"

static int64_t boottime;        /* CLOCK_MONOTONIC at timer_init */
static __thread timer_t timer;    /* each thread (CPU) has its own */
static sigset_t haltmask;       /* the signal mask inside machine_halt: the timer's signal open */


static int64_t monotonic(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void on_timer(int sig)
{
	(void)sig;
}

void timer_init(struct bootinfo *bi)
{
	(void)bi;
	boottime = monotonic();

	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, TimerSignal);
	sigprocmask(SIG_BLOCK, &block, &haltmask);
	sigdelset(&haltmask, TimerSignal);
	sigaddset(&haltmask, TickSignal);       /* ticks never end a halt (tick.c) */
	sigdelset(&haltmask, IntrSignal);       /* a device line's (intr.c) does, and comes anywhere */
	/*
	 * On the signal stack: a CPU may halt on a goroutine's stack (a
	 * second panicking CPU waits there for the first one's report), and
	 * the kernel's signal frame (a kilobyte and more with the vector
	 * registers) would run off a 2 KiB stack into its neighbour.
	 */
	struct sigaction sa = { .sa_handler = on_timer, .sa_flags = SA_ONSTACK };
	sigemptyset(&sa.sa_mask);
	sigaction(TimerSignal, &sa, NULL);
	hosted_timer();
	hosted_tick_init();
	hosted_tick();
	hosted_intr_init();
}

/*
 * hosted_timer creates the calling thread's timer, whose signal goes to
 * that thread only (SIGEV_THREAD_ID): the CPU that halts is the one its
 * timer wakes. Threads started later inherit the blocked signal.
 */
void hosted_timer(void)
{
	struct sigevent sev = {
		.sigev_notify = SIGEV_THREAD_ID,
		.sigev_signo = TimerSignal,
	};
	sev._sigev_un._tid = gettid();  /* sigev_notify_thread_id, unnamed in this glibc */
	if (timer_create(CLOCK_MONOTONIC, &sev, &timer) != 0)
		fatal("timer_create failed: no timer for the scheduler");
}

/* Hosted there is no reset: the boot clock starts at its first read (kstart's). */
uint64_t boot_clock(void)
{
	static int64_t zero;
	if (zero == 0)
		zero = monotonic();
	return (uint64_t)(monotonic() - zero);
}

uint64_t boot_clock_hz(void)
{
	return 1000000000;
}

int64_t machine_nanotime(void)
{
	return monotonic() - boottime;
}

void machine_timer_set(int64_t deadline)
{
	struct itimerspec its = { 0 };
	if (deadline != 0) {
		/* saturated: a deadline 292 years out must not wrap into the past */
		int64_t at = deadline > INT64_MAX - boottime ? INT64_MAX : boottime + deadline;
		if (at <= 0)
			at = 1;         /* in the past: fire at once (0 would disarm) */
		its.it_value.tv_sec = at / 1000000000;
		its.it_value.tv_nsec = at % 1000000000;
	}
	timer_settime(timer, TIMER_ABSTIME, &its, NULL);
}

void machine_halt(void)
{
	hosted_tick_halt();
	sigsuspend(&haltmask);
	hosted_tick_resume();
}
