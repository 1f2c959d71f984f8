/*
 * sync2 - goro_once, goro_rwmutex and goro_cond, one mode per run
 * (argv[1]): their semantics, then stress from many goroutines. Each
 * check prints one line "ok: ..." or "FAIL: ..."; the exit status is
 * the number of failures. Where a check needs a goroutine to be parked
 * first, it waits until the primitive's own record shows it queued
 * (the runtime's fields goro.h declares), not for a length of time.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "goro.h"
#include "../testing.h"

#define MS ((int64_t)1000000)

/* UNTIL(cond) tests cond every 100 us, for at most 10 s: true once it holds. */
#define UNTIL(cond) ({                                          \
		int64_t until_t0_ = nanotime();                 \
		bool until_ok_;                                 \
		while (!(until_ok_ = (cond)) && nanotime() - until_t0_ < 10000 * MS) \
			gosleep(100000);                        \
		until_ok_;                                      \
	})

static void *peek(void *const *p)
{
	return __atomic_load_n((void **)p, __ATOMIC_ACQUIRE);
}

/* --- goro_once -------------------------------------------------------------------- */

static goro_once once1;
static int ran1, sawran;
static waitgroup oncewg;

static void slowinit(void *arg)
{
	(void)arg;
	gosleep(10 * MS);               /* the others arrive meanwhile and must wait */
	__atomic_add_fetch(&ran1, 1, __ATOMIC_RELAXED);
}

static void oncer(void *arg)
{
	(void)arg;
	goro_once_do(&once1, slowinit, NULL);
	if (__atomic_load_n(&ran1, __ATOMIC_RELAXED) == 1)
		__atomic_add_fetch(&sawran, 1, __ATOMIC_RELAXED);      /* returned only after f had */
	wg_done(&oncewg);
}

static goro_once once2, once3, once4;
static int ran2, ran3, returned;
static chan *gate;

/* exiting is once2's f: it waits at the gate, then ends its goroutine. */
static void exiting(void *arg)
{
	(void)arg;
	ran2++;
	chan_recv(gate, NULL);
	goexit();
}

/* inner_exit is once3's f: it runs once2's inside it. */
static void inner_exit(void *arg)
{
	(void)arg;
	ran3++;
	goro_once_do(&once2, exiting, NULL);
}

static void nested(void *arg)
{
	(void)arg;
	goro_once_do(&once3, inner_exit, NULL);
	panic("once: goexit inside two onces returned");
}

static void caller(void *arg)
{
	goro_once *o = arg;
	goro_once_do(o, o == &once2 ? exiting : inner_exit, NULL);
	__atomic_add_fetch(&returned, 1, __ATOMIC_RELEASE);
}

/* recursive is once4's f: it calls once4 again (a panic, not a wait forever). */
static void recursive(void *arg)
{
	(void)arg;
	goro_once_do(&once4, recursive, NULL);
}

static void once(void)
{
	wg_add(&oncewg, 100);
	for (int i = 0; i < 100; i++)
		go(oncer, NULL);
	wg_wait(&oncewg);
	CHECK(ran1 == 1 && sawran == 100, "once: 100 goroutines at once: f ran once, and each returned after it had");
	goro_once_do(&once1, slowinit, NULL);
	CHECK(ran1 == 1, "once: a later call does not run f");

	/* An f that ends its goroutine (goexit), inside another once's f: both done (Go's deferred unlock). */
	gate = chan_make(0, 0);
	go(nested, NULL);
	bool inside = UNTIL(__atomic_load_n(&ran2, __ATOMIC_ACQUIRE) == 1);
	for (int i = 0; i < 20; i++)
		go(caller, i % 2 ? &once2 : &once3);
	bool waited = UNTIL(peek(&once2.m.head) != NULL && peek(&once3.m.head) != NULL);
	CHECK(inside && waited && returned == 0 && !once2.done && !once3.done,
	      "once: while f runs, callers of its once and of the once around it wait");
	chan_close(gate);
	bool back = UNTIL(__atomic_load_n(&returned, __ATOMIC_ACQUIRE) == 20);
	CHECK(back && ran2 == 1 && ran3 == 1 && once2.done && once3.done,
	      "once: f calls goexit: both onces are done, their 20 waiters return, neither f runs again");
}

/* --- goro_rwmutex --------------------------------------------------------------------- */

static goro_rwmutex rw;
static char events[16];
static int nevents;
static mutex evmu;

static void event(char c)
{
	mutex_lock(&evmu);
	events[nevents++] = c;
	mutex_unlock(&evmu);
}

static void rwwriter(void *arg)
{
	goro_rwmutex_lock(&rw);
	event(*(char *)arg);
	goro_rwmutex_unlock(&rw);
}

static void rwreader(void *arg)
{
	goro_rwmutex_rlock(&rw);
	event(*(char *)arg);
	goro_rwmutex_runlock(&rw);
}

static void rwmutex(void)
{
	goro_rwmutex_rlock(&rw);
	goro_rwmutex_rlock(&rw);
	CHECK(goro_rwmutex_tryrlock(&rw) && !goro_rwmutex_trylock(&rw),
	      "rwmutex: three readers hold it at once; a writer's trylock fails");
	goro_rwmutex_runlock(&rw);
	goro_rwmutex_runlock(&rw);
	goro_rwmutex_runlock(&rw);
	CHECK(goro_rwmutex_trylock(&rw) && !goro_rwmutex_tryrlock(&rw) && !goro_rwmutex_trylock(&rw),
	      "rwmutex: free, a writer's trylock takes it; then readers and writers are kept out");
	goro_rwmutex_unlock(&rw);

	/* Writer preference: a reader holds it, a writer waits: a new reader waits behind the writer. */
	static char W = 'W', R = 'R', W2 = 'w', R2 = 'r';
	goro_rwmutex_rlock(&rw);
	go(rwwriter, &W);
	bool queued = UNTIL(peek(&rw.whead) != NULL);
	CHECK(queued && !goro_rwmutex_tryrlock(&rw), "rwmutex: a writer waits for a reader; then tryrlock fails");
	go(rwreader, &R);
	queued = UNTIL(peek(&rw.rhead) != NULL);
	CHECK(queued && nevents == 0, "rwmutex: a new reader waits behind the waiting writer");
	goro_rwmutex_runlock(&rw);
	UNTIL(__atomic_load_n(&nevents, __ATOMIC_ACQUIRE) == 2);
	CHECK(nevents == 2 && events[0] == 'W' && events[1] == 'R',
	      "rwmutex: the last reader out lets the writer in, then the reader");

	/* A writer's unlock lets the readers that waited in before the next writer. */
	nevents = 0;
	goro_rwmutex_lock(&rw);
	go(rwreader, &R);
	queued = UNTIL(peek(&rw.rhead) != NULL);
	void *first = peek(&rw.rhead);
	go(rwreader, &R2);
	queued &= UNTIL(peek(&rw.rhead) != first);      /* the second waiter goes in front */
	go(rwwriter, &W2);
	queued &= UNTIL(peek(&rw.whead) != NULL);
	goro_rwmutex_unlock(&rw);
	UNTIL(__atomic_load_n(&nevents, __ATOMIC_ACQUIRE) == 3);
	CHECK(queued && nevents == 3 && events[2] == 'w',
	      "rwmutex: a writer's unlock lets the two waiting readers in before the waiting writer");
}

/* 1000 goroutines: 900 readers, 100 writers; a writer never overlaps anyone, readers overlap each other. */
enum { Readers = 900, Writers = 100, Iters = 40 };
static goro_rwmutex hrw;
static int32_t inreaders, inwriters, maxreaders;
static uint32_t overlaps;
static long shared, reads;
static waitgroup hwg;

static void hreader(void *arg)
{
	(void)arg;
	for (int i = 0; i < Iters; i++) {
		goro_rwmutex_rlock(&hrw);
		int32_t n = __atomic_add_fetch(&inreaders, 1, __ATOMIC_ACQ_REL);
		if (__atomic_load_n(&inwriters, __ATOMIC_ACQUIRE))
			__atomic_add_fetch(&overlaps, 1, __ATOMIC_RELAXED);
		int32_t m = __atomic_load_n(&maxreaders, __ATOMIC_RELAXED);
		while (n > m && !__atomic_compare_exchange_n(&maxreaders, &m, n, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
			;
		__atomic_add_fetch(&reads, shared >= 0, __ATOMIC_RELAXED);
		if (i % 4 == 0)
			gosched();      /* hold it across a switch: other readers come in */
		__atomic_sub_fetch(&inreaders, 1, __ATOMIC_ACQ_REL);
		goro_rwmutex_runlock(&hrw);
	}
	wg_done(&hwg);
}

static void hwriter(void *arg)
{
	(void)arg;
	for (int i = 0; i < Iters; i++) {
		goro_rwmutex_lock(&hrw);
		if (__atomic_add_fetch(&inwriters, 1, __ATOMIC_ACQ_REL) != 1 ||
		    __atomic_load_n(&inreaders, __ATOMIC_ACQUIRE))
			__atomic_add_fetch(&overlaps, 1, __ATOMIC_RELAXED);
		long s = shared;        /* a plain read-modify-write: only a writer's lock keeps it exact */
		if (i % 3 == 0)
			gosched();
		shared = s + 1;
		__atomic_sub_fetch(&inwriters, 1, __ATOMIC_ACQ_REL);
		goro_rwmutex_unlock(&hrw);
	}
	wg_done(&hwg);
}

static void rwstress(void)
{
	wg_add(&hwg, Readers + Writers);
	for (int i = 0; i < Readers + Writers; i++)
		go(i % 10 == 5 ? hwriter : hreader, NULL);
	wg_wait(&hwg);
	printf("rwstress: at most %d readers at once\n", maxreaders);
	CHECK(overlaps == 0 && shared == (long)Writers * Iters && reads == (long)Readers * Iters,
	      "rwstress: 900 readers and 100 writers, 40 turns each: no writer overlapped anyone, 4000 writes exact");
	CHECK(maxreaders > 1, "rwstress: readers held it together");
	CHECK(goro_rwmutex_trylock(&hrw), "rwstress: free again afterwards");
}

/* --- goro_cond --------------------------------------------------------------------- */

static mutex cmu;
static goro_cond cv = { .L = &cmu };
static int woke, generation;

static void cwaiter(void *arg)
{
	waitgroup *wg = arg;
	mutex_lock(&cmu);
	int gen = generation;
	while (generation == gen)
		goro_cond_wait(&cv);
	woke++;
	mutex_unlock(&cmu);
	wg_done(wg);
}

/* waiting: how many goroutines wait on c: tickets handed out (each under L) and not yet notified. */
static int waiting(goro_cond *c)
{
	mutex_lock(c->L);
	int n = (int)(c->wait - c->notify);
	mutex_unlock(c->L);
	return n;
}

static void cond(void)
{
	goro_cond_signal(&cv);
	goro_cond_broadcast(&cv);
	CHECK(1, "cond: signal and broadcast with no waiter return");

	waitgroup wg = { 0 };
	wg_add(&wg, 10);
	for (int i = 0; i < 10; i++)
		go(cwaiter, &wg);
	bool all = UNTIL(waiting(&cv) == 10);
	/* One signal with the condition changed: exactly one waiter is woken, and it goes. */
	mutex_lock(&cmu);
	generation++;
	mutex_unlock(&cmu);
	goro_cond_signal(&cv);
	bool one = UNTIL(__atomic_load_n(&woke, __ATOMIC_ACQUIRE) == 1);
	gosleep(10 * MS);
	mutex_lock(&cmu);
	int w = woke;
	mutex_unlock(&cmu);
	CHECK(all && one && w == 1, "cond: of 10 waiters, one signal wakes exactly one");
	goro_cond_broadcast(&cv);
	wg_wait(&wg);
	CHECK(woke == 10, "cond: broadcast wakes the other 9");
}

/* A bounded queue on one mutex and two conds: 8 producers, 8 consumers, 20000 values. */
enum { QCap = 4, Producers = 8, Per = 2500 };
static mutex qmu;
static goro_cond notfull = { .L = &qmu }, notempty = { .L = &qmu };
static long q[QCap];
static int qhead, qlen, qdone;
static long qsum, qcount;

static void producer(void *arg)
{
	long base = (long)(intptr_t)arg * Per;
	for (long i = 1; i <= Per; i++) {
		mutex_lock(&qmu);
		while (qlen == QCap)
			goro_cond_wait(&notfull);
		q[(qhead + qlen++) % QCap] = base + i;
		goro_cond_signal(&notempty);
		mutex_unlock(&qmu);
	}
	mutex_lock(&qmu);
	qdone++;
	goro_cond_broadcast(&notempty);
	mutex_unlock(&qmu);
}

static void consumer(void *arg)
{
	waitgroup *wg = arg;
	for (;;) {
		mutex_lock(&qmu);
		while (qlen == 0 && qdone < Producers)
			goro_cond_wait(&notempty);
		if (qlen == 0) {
			mutex_unlock(&qmu);
			break;
		}
		long v = q[qhead];
		qhead = (qhead + 1) % QCap;
		qlen--;
		qsum += v;
		qcount++;
		goro_cond_signal(&notfull);
		mutex_unlock(&qmu);
	}
	wg_done(wg);
}

static void condstress(void)
{
	waitgroup wg = { 0 };
	wg_add(&wg, Producers);
	for (int i = 0; i < Producers; i++) {
		go(producer, (void *)(intptr_t)i);
		go(consumer, &wg);
	}
	wg_wait(&wg);
	long n = (long)Producers * Per;
	CHECK(qcount == n && qsum == n * (n + 1) / 2,
	      "condstress: 8 producers and 8 consumers through a 4-slot queue on two conds: 20000 values, each once");
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "sync";
	if (strcmp(mode, "sync") == 0) {
		once();
		rwmutex();
		cond();
	} else if (strcmp(mode, "stress") == 0) {
		rwstress();
		condstress();
	} else if (strcmp(mode, "unlock") == 0) {
		goro_rwmutex_unlock(&rw);
	} else if (strcmp(mode, "runlock") == 0) {
		goro_rwmutex_lock(&rw);
		goro_rwmutex_runlock(&rw);
	} else if (strcmp(mode, "oncerec") == 0) {
		goro_once_do(&once4, recursive, NULL);
	} else if (strcmp(mode, "nolock") == 0) {
		goro_cond c = { 0 };
		goro_cond_wait(&c);
	} else {
		printf("unknown mode %s\n", mode);
		return 100;
	}
	return failures;
}
