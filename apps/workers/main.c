/*
 * workers - a pool of workers that give up on slow jobs: select with a
 * timeout, Go's
 *
 *	select {
 *	case v := <-done:       // the answer came in time
 *	case <-time.After(timeout):     // it did not: abandon the job
 *	}
 *
 *   make qemu APP=apps/workers
 *
 * main puts JOBS jobs on a channel; WORKERS goroutines take them one at
 * a time, start each job's work in a goroutine of its own and wait for
 * its answer or for TIMEOUT, whichever comes first. Jobs 4 and 9 take
 * twenty times the timeout, the others a hundredth of it, so the same
 * jobs time out on every run: the summary does not depend on timing.
 */
#include <stdio.h>
#include <stdlib.h>
#include "goro.h"

enum { JOBS = 12, WORKERS = 4 };
#define MS      1000000LL               /* nanoseconds */
#define TIMEOUT (200 * MS)

struct job {
	int id;
	int64_t cost;           /* how long the work takes */
	chan *done;             /* its answer: a long, with room for one */
	int refs;               /* the worker and the work: the last to let go frees it */
};

struct result {
	int id;
	long value;
	bool timedout;
};

static chan *jobs;              /* struct job * */
static chan *results;           /* struct result */

/*
 * Go's garbage collector frees an abandoned job once nobody refers to
 * it; in C the two goroutines that hold it count, and the last frees it.
 */
static void release(struct job *j)
{
	if (__atomic_sub_fetch(&j->refs, 1, __ATOMIC_ACQ_REL) == 0) {
		chan_free(j->done);
		free(j);
	}
}

/* work is the job itself: here, a square that takes j->cost to compute. */
static void work(void *arg)
{
	struct job *j = arg;
	gosleep(j->cost);
	long v = (long)j->id * j->id;
	chan_send(j->done, &v);         /* never waits, even if nobody listens any more */
	release(j);
}

static void worker(void *arg)
{
	(void)arg;
	struct job *j;
	while (chan_recv(jobs, &j)) {   /* Go's for j := range jobs */
		go(work, j);
		chan *timeout = goro_after(TIMEOUT);
		struct result r = { .id = j->id };
		struct chan_case cases[] = {
			{ .c = j->done, .dir = CHAN_RECV, .elem = &r.value },
			{ .c = timeout, .dir = CHAN_RECV },
		};
		r.timedout = chan_select(cases, 2, true) == 1;
		chan_free(timeout);     /* fired or not: no garbage collector here either */
		release(j);
		chan_send(results, &r);
	}
}

int main(void)
{
	jobs = chan_make(sizeof(struct job *), JOBS);
	results = chan_make(sizeof(struct result), 0);
	for (int i = 0; i < WORKERS; i++)
		go(worker, NULL);
	for (int id = 1; id <= JOBS; id++) {
		struct job *j = malloc(sizeof *j);
		int64_t cost = id == 4 || id == 9 ? 20 * TIMEOUT : TIMEOUT / 100;
		*j = (struct job){ id, cost, chan_make(sizeof(long), 1), 2 };
		chan_send(jobs, &j);
	}
	chan_close(jobs);               /* the workers' loops end once the jobs run out */

	/* The results come in the order the jobs end; keep them by id. */
	struct result all[JOBS + 1];
	for (int i = 0; i < JOBS; i++) {
		struct result r;
		chan_recv(results, &r);
		all[r.id] = r;
	}
	int late = 0;
	for (int id = 1; id <= JOBS; id++) {
		if (all[id].timedout) {
			printf("job %2d: timed out after %lld ms, abandoned\n", id, TIMEOUT / MS);
			late++;
		} else {
			printf("job %2d: %ld\n", id, all[id].value);
		}
	}
	printf("%d jobs, %d workers: %d answered, %d timed out\n", JOBS, WORKERS, JOBS - late, late);
	return 0;
}
