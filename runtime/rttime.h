/*
 * rttime.h - time for the runtime: nanotime, sleeping goroutines.
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
 * timers_run readies at most budget goroutines whose sleep ended by
 * now, in deadline order, and returns the next deadline (perhaps
 * already past), or 0 if none is left. The scheduler sizes budget to
 * the room in its local run queue, so the woken never spill to the
 * global queue and run in deadline order; the rest stay due.
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

/* timers_pending: is any goroutine asleep? (a racy peek, to skip the lock) */
bool timers_pending(void);

#endif
