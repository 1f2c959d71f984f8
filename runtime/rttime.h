/*
 * rttime.h - time for the runtime: nanotime, sleeping goroutines.
 */
#ifndef GORO_RTTIME_H
#define GORO_RTTIME_H

#include <stdint.h>

int64_t nanotime(void);

/* gosleep parks the calling goroutine for ns nanoseconds; ns <= 0 yields. */
void gosleep(int64_t ns);

/*
 * timers_run readies goroutines whose sleep ended by now, in deadline
 * order (at most half a run queue's worth per call), and returns the
 * next deadline (perhaps already past), or 0 if none is left.
 */
int64_t timers_run(int64_t now);

#endif
