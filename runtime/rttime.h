/*
 * rttime.h - time for the runtime: nanotime, sleeping goroutines, timers
 * that run a function (the channels of goro_after, goro_timer, goro_ticker).
 */
#ifndef GORO_RTTIME_H
#define GORO_RTTIME_H

#include <stdbool.h>
#include <stdint.h>

int64_t nanotime(void);

/*
 * ns_of_timespec is sec seconds and nsec nanoseconds (sec >= 0,
 * 0 <= nsec < 10^9) in nanoseconds, saturated at INT64_MAX (292 years)
 * instead of wrapping: a longer sleep is a sleep that never ends.
 */
static inline int64_t ns_of_timespec(int64_t sec, long nsec)
{
	if (sec > (INT64_MAX - nsec) / 1000000000)
		return INT64_MAX;
	return sec * 1000000000 + nsec;
}

/* gosleep parks the calling goroutine for ns nanoseconds; ns <= 0 yields. */
void gosleep(int64_t ns);

/*
 * An entry of the timer heap. A goroutine's (G.timer: a sleep or a
 * select's deadline) has f NULL and arg the G, which timers_run readies
 * at when. Any other runs f(arg, now) at when, on the scheduler's stack
 * of the CPU that finds it due and without the heap's lock: f must not
 * block or park (a channel's timer does chan_trysend). With period > 0
 * it runs again every period; ticks a late run missed are dropped. The
 * zero value is a timer not in the heap.
 */
struct rtimer {
	int64_t when;                           /* nanotime to run at */
	int64_t period;                         /* > 0: run again every period ns */
	void (*f)(void *arg, int64_t now);      /* NULL: arg is a G to ready */
	void *arg;
	int32_t i;                              /* its index in the heap while there */
	uint32_t running;                       /* calls of f under way (timer_stop waits for them) */
};

/*
 * timer_start puts t, with f, arg and period, in the heap to run at
 * when (a nanotime; saturate, do not wrap). t must not be in the heap
 * already (a throw says so).
 */
void timer_start(struct rtimer *t, int64_t when, int64_t period,
		 void (*f)(void *arg, int64_t now), void *arg);
/*
 * timer_stop takes t out of the heap and says whether it was there
 * (pending). Before it returns, every run of f already begun has
 * returned, so t and what f uses may then be freed or reused. Called on
 * a goroutine (it yields while another CPU runs f).
 */
bool timer_stop(struct rtimer *t);

/*
 * timers_run readies at most budget goroutines whose sleep ended by
 * now, and runs the due timers of the other kind, in deadline order,
 * and returns the next deadline (perhaps already past), or 0 if none is
 * left. The scheduler sizes budget to the room in its local run queue,
 * so the woken never spill to the global queue and run in deadline
 * order; the rest stay due. Each timer run counts against budget.
 */
int64_t timers_run(int64_t now, int budget);

/*
 * A select with a deadline (chan_select_timeout): timer_select_arm puts
 * gp, parked in the select (called from the select's unlock, on g0), in
 * the heap until when; at when, timers_run readies it if no channel has
 * won the select (gp->selectdone). timer_select_disarm, called by gp
 * once awake, takes it out of the heap if it is still there and says
 * whether the timer won.
 */
struct G;
void timer_select_arm(struct G *gp, int64_t when);
bool timer_select_disarm(struct G *gp);

/* timers_pending: is any timer in the heap? (a racy peek, to skip the lock) */
bool timers_pending(void);

#endif
