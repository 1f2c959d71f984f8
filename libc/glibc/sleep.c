/*
 * sleep.c - sleeping parks the goroutine, not the thread.
 *
 * On bare metal newlib's sleep functions reach libc/newlib/syscalls.c, which
 * parks the calling goroutine. The host libc's would block the whole
 * thread, and with it every goroutine of its M, so the executable
 * defines its own: a definition in the program comes before the shared
 * libc's for every call the appliance makes. Before the scheduler runs
 * (a constructor), there is no goroutine to park: the thread sleeps.
 * Other blocking calls (read, poll, ...) still block the M.
 */
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include "rttime.h"
#include "runtime.h"

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (!req || req->tv_nsec < 0 || req->tv_nsec >= 1000000000 || req->tv_sec < 0) {
		errno = EINVAL;
		return -1;
	}
	if (!getg()) {
		int err = clock_nanosleep(CLOCK_MONOTONIC, 0, req, rem);
		if (err) {
			errno = err;
			return -1;
		}
		return 0;
	}
	gosleep(ns_of_timespec(req->tv_sec, req->tv_nsec));
	if (rem)
		*rem = (struct timespec){ 0, 0 };
	return 0;
}

int usleep(useconds_t us)
{
	struct timespec ts = { us / 1000000, (long)(us % 1000000) * 1000 };
	return nanosleep(&ts, NULL);
}

unsigned int sleep(unsigned int s)
{
	struct timespec ts = { (time_t)s, 0 };
	nanosleep(&ts, NULL);
	return 0;
}
