/*
 * soak.h - what the soak appliance's files share: the workers' stop
 * flag and counters, and how a check fails.
 *
 * Every worker runs rounds until soak_stopping() says the phase is
 * over, each round a bounded piece of work it checks itself (a sum, a
 * count, bytes compared); main stops them, waits for them, and only
 * then reads the figures, so no worker's memory is in them.
 */
#ifndef SOAK_H
#define SOAK_H

#include <stdint.h>
#include "goro.h"

/* What the workers did, for the report; atomic adds. */
struct soak_counts {
	uint64_t spawned;               /* churn: goroutines started and joined */
	uint64_t chanmsgs;              /* chan: values sent and received */
	uint64_t selects;               /* chan: selects run */
	uint64_t recursions;            /* stack: deepest calls made, summed */
	uint64_t timers;                /* timers: afters, ticks, timers and afterfuncs seen */
	uint64_t spins;                 /* preempt: spins ended */
	uint64_t mallocs;               /* malloc: blocks allocated and checked */
	uint64_t lo_msgs, lo_bytes;     /* loopback echo: messages, bytes echoed intact */
	uint64_t host_conns, host_bytes;/* the host's echo: connections ended, bytes echoed */
};
extern struct soak_counts counts;
extern int soak_port;

/* COUNT adds under a mutex: i386 has no 64-bit atomic add the compiler will inline */
#define COUNT(field, n) count_add(&counts.field, (n))
void count_add(uint64_t *c, uint64_t n);

/* soak_fail prints "soak: FAIL ..." and marks the run failed. */
void soak_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int soak_failures(void);
bool soak_stopping(void);

/* The workers (work.c, loop.c): each runs rounds until soak_stopping(). */
void work_churn(void *arg);
void work_chan(void *arg);
void work_stack(void *arg);
void work_timers(void *arg);
void work_spin(void *arg);
void work_malloc(void *arg);
void work_loopback(void *arg);

/* echo_serve echoes a connection's bytes back until its peer closes, counting them. */
uint64_t echo_serve(int fd);

#endif
