/*
 * time2 - time as channels: goro_after, goro_timer, goro_ticker, alone
 * and in chan_select, and goro_afterfunc, one mode per run (argv[1]).
 * Each check prints one line "ok: ..." or "FAIL: ..."; the exit status
 * is the number of failures. Times are checked only as orders of events with wide
 * margins (a deadline is never early; a value comes after what caused
 * it), never as durations a busy host could stretch.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "goro.h"
#include "../testing.h"

#define MS ((int64_t)1000000)

/* tryrecv: a value waiting in c, taken without waiting; true if there was one. */
static bool tryrecv(chan *c, int64_t *v)
{
	struct chan_case cs = { c, CHAN_RECV, v, false };
	return chan_select(&cs, 1, false) == 0;
}

/* --- goro_after ------------------------------------------------------------------- */

static void after(void)
{
	int64_t t0 = nanotime(), v = 0;
	chan *c = goro_after(20 * MS);
	CHECK(chan_cap(c) == 1, "after: its channel buffers one value");
	bool ok = chan_recv(c, &v);
	int64_t t1 = nanotime();
	CHECK(ok && v >= t0 + 20 * MS && v <= t1, "after: the value is the time it fired, 20 ms or more after the call");
	gosleep(10 * MS);
	CHECK(!tryrecv(c, &v), "after: it delivers once");
	chan_free(c);

	/* Unread, it neither blocks anything nor needs a reader: the value waits. */
	c = goro_after(1 * MS);
	gosleep(20 * MS);
	CHECK(chan_len(c) == 1 && tryrecv(c, &v), "after: fired and unread, the value waits in the buffer");
	chan_free(c);

	c = goro_after(0);
	ok = chan_recv(c, &v);
	CHECK(ok, "after: a duration of 0 fires at once");
	chan_free(c);

	/* Freed before they fire: nothing is sent to the freed channels, whose memory new ones reuse. */
	int before = goro_numgoroutine();
	chan *pend[100];
	for (int i = 0; i < 100; i++)
		pend[i] = goro_after((int64_t)(i % 10) * MS);
	for (int i = 0; i < 100; i++)
		chan_free(pend[i]);
	for (int i = 0; i < 100; i++)
		pend[i] = chan_make(sizeof(int64_t), 1);
	gosleep(20 * MS);
	int empty = 0;
	for (int i = 0; i < 100; i++) {
		empty += chan_len(pend[i]) == 0;
		chan_free(pend[i]);
	}
	CHECK(empty == 100 && goro_numgoroutine() == before,
	      "after: 100 freed before they fired: nothing sent after the free, no goroutine made");
}

/* --- select { case v := <-ch: ...; case <-time.After(d): ... } ------------------------- */

struct request { int64_t delay; long v; chan *reply; };

/* answer answers one request after its delay. */
static void answer(void *arg)
{
	struct request *r = arg;
	gosleep(r->delay);
	long v = r->v * 2;
	chan_send(r->reply, &v);
	free(r);
}

/* server answers each request on its reply channel after its delay (a negative delay: never). */
static void server(void *arg)
{
	chan *reqs = arg;
	struct request r;
	while (chan_recv(reqs, &r)) {
		if (r.delay < 0)
			continue;
		struct request *rp = malloc(sizeof *rp);
		*rp = r;
		go(answer, rp);
	}
}

/* ask sends v with delay to the server and waits for the answer or timeout: the answer, or -1. */
static long ask(chan *reqs, long v, int64_t delay, int64_t timeout, int64_t *firedat)
{
	chan *reply = chan_make(sizeof(long), 1);      /* buffered: a late answer does not block the server */
	struct request r = { delay, v, reply };
	chan_send(reqs, &r);
	long got = 0;
	int64_t when = 0;
	chan *to = goro_after(timeout);
	struct chan_case cs[2] = {
		{ reply, CHAN_RECV, &got, false },
		{ to, CHAN_RECV, &when, false },
	};
	int i = chan_select(cs, 2, true);
	chan_free(to);
	if (firedat)
		*firedat = when;
	if (i == 0) {
		chan_free(reply);
		return got;
	}
	return -1;      /* the reply channel may yet be sent to: left to the garbage (a test's few bytes) */
}

static void selectafter(void)
{
	chan *reqs = chan_make(sizeof(struct request), 0);
	go(server, reqs);
	int answered = 0;
	for (int i = 0; i < 50; i++)
		answered += ask(reqs, i, 0, 5000 * MS, NULL) == 2 * i;
	CHECK(answered == 50, "select: 50 answers that came at once won over a 5 s goro_after");
	int64_t t0 = nanotime(), fired = 0;
	long r = ask(reqs, 7, -1, 20 * MS, &fired);
	CHECK(r == -1 && fired >= t0 + 20 * MS, "select: with no answer, goro_after(20 ms) won, at 20 ms or later");
	int timeouts = 0;
	for (int i = 0; i < 10; i++)
		timeouts += ask(reqs, i, 5000 * MS, 5 * MS, NULL) == -1;
	CHECK(timeouts == 10, "select: 10 answers 5 s late lost to goro_after(5 ms)");
	/* A timeout in a loop with a value arriving between: both cases win, each as it should. */
	chan *ticks = chan_make(sizeof(long), 0);
	int gotv = 0, gott = 0;
	for (int i = 0; i < 20; i++) {
		long v;
		chan *to = goro_after(i % 2 ? 2 * MS : 5000 * MS);
		struct chan_case cs[2] = { { ticks, CHAN_RECV, &v, false }, { to, CHAN_RECV, NULL, false } };
		if (i % 2 == 0) {
			struct request rq = { 1 * MS, i, ticks };
			chan_send(reqs, &rq);
		}
		int w = chan_select(cs, 2, true);
		gotv += w == 0 && v == 2 * i && i % 2 == 0;
		gott += w == 1 && i % 2 == 1;
		chan_free(to);
	}
	CHECK(gotv == 10 && gott == 10, "select: alternating, 10 values beat a 5 s timeout and 10 waits hit a 2 ms one");
	chan_close(reqs);
}

/* --- a worker pool with timeouts ------------------------------------------------------- */

struct job { int id; int64_t work, timeout; };
struct result { int id; int timedout; };
enum { Workers = 8, Jobs = 400 };

/* worker does each job's work (a wait of job.work) unless job.timeout passes first. */
static void worker(void *arg)
{
	chan **io = arg;
	struct job j;
	while (chan_recv(io[0], &j)) {
		chan *done = goro_after(j.work);
		chan *to = goro_after(j.timeout);
		struct chan_case cs[2] = { { done, CHAN_RECV, NULL, false }, { to, CHAN_RECV, NULL, false } };
		struct result r = { j.id, chan_select(cs, 2, true) == 1 };
		chan_free(done);        /* one of them has not fired: freed pending */
		chan_free(to);
		chan_send(io[1], &r);
	}
}

static void pool(void)
{
	int before = goro_numgoroutine();
	chan *io[2] = { chan_make(sizeof(struct job), 0), chan_make(sizeof(struct result), Jobs) };
	for (int i = 0; i < Workers; i++)
		go(worker, io);
	/* One job in 4 would take 10 s and has a 2 ms timeout; the rest take 0 to 1 ms, with 10 s to do it. */
	for (int i = 0; i < Jobs; i++) {
		struct job j = { i, i % 4 == 3 ? 10000 * MS : (i % 2) * MS, i % 4 == 3 ? 2 * MS : 10000 * MS };
		chan_send(io[0], &j);
	}
	chan_close(io[0]);
	static char seen[Jobs];
	int right = 0, dup = 0;
	for (int i = 0; i < Jobs; i++) {
		struct result r;
		chan_recv(io[1], &r);
		dup += seen[r.id]++;
		right += r.timedout == (r.id % 4 == 3);
	}
	CHECK(right == Jobs && dup == 0, "pool: 400 jobs on 8 workers: the 100 slow ones timed out, the 300 quick ones did not");
	gosleep(5 * MS);
	CHECK(goro_numgoroutine() == before, "pool: the workers ended and their timers left no goroutine behind");
	chan_free(io[0]);
	chan_free(io[1]);
}

/* --- goro_timer ---------------------------------------------------------------------- */

static void timer(void)
{
	int64_t t0 = nanotime(), v = 0;
	goro_timer *t = goro_timer_new(10 * MS);
	bool ok = chan_recv(t->C, &v);
	CHECK(ok && v >= t0 + 10 * MS, "timer: C delivers the time, 10 ms or more after goro_timer_new");
	CHECK(!goro_timer_stop(t), "timer: stop after its value was received: false");
	CHECK(!goro_timer_reset(t, 5000 * MS), "timer: reset after it fired and was received: false");
	CHECK(goro_timer_stop(t), "timer: stop of a pending timer: true");
	gosleep(10 * MS);
	CHECK(!tryrecv(t->C, &v), "timer: stopped, nothing is delivered");
	CHECK(!goro_timer_stop(t), "timer: stop of a stopped timer: false");

	/* Fired but unread: stop drops the value and says it stopped it (Go 1.23). */
	CHECK(!goro_timer_reset(t, 1 * MS), "timer: reset of a stopped timer: false");
	gosleep(20 * MS);
	CHECK(chan_len(t->C) == 1, "timer: fired, its value waits unread");
	CHECK(goro_timer_stop(t), "timer: stop of a fired, unread timer: true");
	CHECK(chan_len(t->C) == 0 && !tryrecv(t->C, &v), "timer: ... and no stale value is left to receive");

	/* Reset of a pending timer moves it; only the new deadline delivers. */
	goro_timer_reset(t, 5000 * MS);
	t0 = nanotime();
	CHECK(goro_timer_reset(t, 10 * MS), "timer: reset of a pending timer: true");
	ok = chan_recv(t->C, &v);
	CHECK(ok && v >= t0 + 10 * MS, "timer: reset to 10 ms delivers then, once");
	gosleep(5 * MS);
	CHECK(!tryrecv(t->C, &v), "timer: ... and only once");

	/* Reset of a fired, unread timer: the stale value is dropped, the new one comes. */
	goro_timer_reset(t, 0);
	gosleep(5 * MS);
	t0 = nanotime();
	CHECK(goro_timer_reset(t, 10 * MS), "timer: reset of a fired, unread timer: true");
	ok = chan_recv(t->C, &v);
	CHECK(ok && v >= t0 + 10 * MS, "timer: ... the value received is the new one");
	goro_timer_free(t);

	goro_timer *z = goro_timer_new(-5);
	ok = chan_recv(z->C, &v);
	CHECK(ok, "timer: a negative duration fires at once");
	goro_timer_free(z);
	goro_timer *p = goro_timer_new(5000 * MS);
	goro_timer_free(p);
	CHECK(1, "timer: a pending timer is freed");
}

/* --- goro_afterfunc -------------------------------------------------------------------- */

static chan *afc;

/* afterf tells afc which goroutine it runs in. */
static void afterf(void *arg)
{
	int64_t id = goid();
	(void)arg;
	chan_send(afc, &id);
}

static void afterfunc(void)
{
	afc = chan_make(sizeof(int64_t), 100);
	int64_t t0 = nanotime(), id = 0;
	int before = goro_numgoroutine();
	goro_timer *t = goro_afterfunc(10 * MS, afterf, NULL);
	CHECK(t->C == NULL && goro_numgoroutine() == before, "afterfunc: no channel, and no goroutine until it fires");
	chan_recv(afc, &id);
	CHECK(id != goid() && nanotime() >= t0 + 10 * MS, "afterfunc: f runs in a goroutine of its own, 10 ms or more in");
	CHECK(!goro_timer_stop(t), "afterfunc: stop after f started: false");
	CHECK(!goro_timer_reset(t, 5000 * MS), "afterfunc: reset of a timer whose f started: false");
	CHECK(goro_timer_stop(t), "afterfunc: stop before f started: true");
	gosleep(5 * MS);
	CHECK(chan_len(afc) == 0, "afterfunc: stopped, f does not run");
	goro_timer_reset(t, 1 * MS);
	chan_recv(afc, &id);
	CHECK(1, "afterfunc: reset runs f again");
	/* Stopped as it falls due: true exactly when f never runs. */
	int agree = 0;
	for (int i = 0; i < 20; i++) {
		goro_timer_reset(t, (int64_t)(i % 4) * 300000);
		if (i % 2)
			gosleep((int64_t)(i % 3) * 300000);
		bool stopped = goro_timer_stop(t);
		gosleep(5 * MS);
		int ran = 0;
		while (chan_select(&(struct chan_case){ afc, CHAN_RECV, &id, false }, 1, false) == 0)
			ran++;
		agree += stopped ? ran == 0 : ran == 1;
	}
	CHECK(agree == 20, "afterfunc: 20 stops racing their deadline: true exactly when f did not run");
	goro_timer_free(t);
	chan_free(afc);
}

/* --- goro_ticker ---------------------------------------------------------------------- */

static void ticker(void)
{
	int64_t t0 = nanotime(), v = 0, last = t0;
	goro_ticker *tk = goro_ticker_new(2 * MS);
	int inorder = 1;
	for (int i = 1; i <= 10; i++) {
		chan_recv(tk->C, &v);
		inorder &= v > last;
		last = v;
	}
	CHECK(inorder && last >= t0 + 20 * MS, "ticker: 10 ticks of 2 ms, in order, the 10th 20 ms or more in");

	/* A slow receiver: the ticks that fall due while one waits unread are dropped. */
	gosleep(50 * MS);
	CHECK(chan_len(tk->C) == 1, "ticker: after 25 periods unread, one tick waits");
	int64_t stale = 0;
	tryrecv(tk->C, &stale);
	int64_t took = nanotime();
	chan_recv(tk->C, &v);
	/* (stale is some 48 ms old; a tick that had waited to be sent would be nearly as old) */
	CHECK(v > stale && v > took - 30 * MS, "ticker: the next tick is a fresh one, not a queued old one");
	int64_t t1 = nanotime();
	int n = 0;
	while (nanotime() - t1 < 40 * MS) {
		chan_recv(tk->C, &v);
		n++;
		if (n % 3 == 0)
			gosleep(7 * MS);        /* slow now and then */
	}
	int64_t t2 = nanotime();
	/* One tick may be waiting at t1; the rest fall due in (t1, t2]. */
	CHECK(n >= 1 && n <= (t2 - t1) / (2 * MS) + 2,
	      "ticker: with a slow receiver now and then, no more ticks than periods passed");

	goro_ticker_stop(tk);
	CHECK(chan_len(tk->C) == 0, "ticker: stop drops a tick unread");
	gosleep(10 * MS);
	CHECK(!tryrecv(tk->C, &v), "ticker: stopped, no tick comes in 5 periods");
	t0 = nanotime();
	goro_ticker_reset(tk, 5 * MS);
	chan_recv(tk->C, &v);
	int64_t a = v;
	chan_recv(tk->C, &v);
	CHECK(a >= t0 + 5 * MS && v > a, "ticker: reset starts it again, the first tick a period in");
	goro_ticker_free(tk);
}

/* --- stress: 100 timers stopped, reset and received from concurrently ------------------ */

enum { NT = 100, Hammers = 8, Rounds = 3000 };
static goro_timer *tms[NT];
static uint32_t arms[NT], trues[NT], got[NT];

/*
 * hammer picks timers at random and resets (a new arming), stops or
 * receives from them without waiting. Go 1.23's promise makes the count
 * exact: each arming ends either in a stop or reset that returns true
 * (it stopped it) or in one value received, never both, never neither.
 */
static void hammer(void *arg)
{
	waitgroup *wg = arg;
	uint32_t seed = (uint32_t)goid() * 2654435761u;
	for (int r = 0; r < Rounds; r++) {
		seed = seed * 1103515245 + 12345;
		int i = (seed >> 8) % NT;
		int64_t v;
		switch ((seed >> 20) % 4) {
		case 0:
			__atomic_add_fetch(&arms[i], 1, __ATOMIC_RELAXED);
			if (goro_timer_reset(tms[i], (int64_t)((seed >> 4) % 2000) * 1000))
				__atomic_add_fetch(&trues[i], 1, __ATOMIC_RELAXED);
			break;
		case 1:
			if (goro_timer_stop(tms[i]))
				__atomic_add_fetch(&trues[i], 1, __ATOMIC_RELAXED);
			break;
		default:
			if (tryrecv(tms[i]->C, &v))
				__atomic_add_fetch(&got[i], 1, __ATOMIC_RELAXED);
			if (r % 16 == 0)
				gosleep(100000);
		}
	}
	wg_done(wg);
}

static void stress(void)
{
	for (int i = 0; i < NT; i++) {
		tms[i] = goro_timer_new((int64_t)(i % 20) * 100000);
		arms[i] = 1;
	}
	waitgroup wg = { 0 };
	wg_add(&wg, Hammers);
	for (int i = 0; i < Hammers; i++)
		go(hammer, &wg);
	wg_wait(&wg);
	int exact = 0;
	uint32_t narms = 0, nstops = 0, ngot = 0;
	for (int i = 0; i < NT; i++) {
		if (goro_timer_stop(tms[i]))
			trues[i]++;
		exact += arms[i] == trues[i] + got[i];
		narms += arms[i];
		nstops += trues[i];
		ngot += got[i];
	}
	printf("stress: %u armings: %u stopped, %u received\n", narms, nstops, ngot);
	CHECK(exact == NT && nstops > 0 && ngot > 0,
	      "stress: 100 timers reset, stopped and received from by 8 goroutines: every arming stopped or received, exactly once");
	/* Each still works: reset to fire, receive one value, and no second. */
	int work = 0;
	for (int i = 0; i < NT; i++) {
		int64_t v;
		goro_timer_reset(tms[i], (int64_t)(i % 5) * MS);
		work += chan_recv(tms[i]->C, &v);
	}
	gosleep(10 * MS);
	for (int i = 0; i < NT; i++) {
		int64_t v;
		work -= tryrecv(tms[i]->C, &v);
		goro_timer_free(tms[i]);
	}
	CHECK(work == NT, "stress: afterwards each timer fires once more when reset, and is freed");
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "time";
	if (strcmp(mode, "time") == 0) {
		after();
		timer();
		afterfunc();
		ticker();
		selectafter();
	} else if (strcmp(mode, "stress") == 0) {
		stress();
		pool();
	} else if (strcmp(mode, "close") == 0) {
		chan_close(goro_after(MS));
	} else if (strcmp(mode, "freec") == 0) {
		chan_free(goro_timer_new(MS)->C);
	} else if (strcmp(mode, "afterfunc-nil") == 0) {
		goro_afterfunc(MS, NULL, NULL);
	} else if (strcmp(mode, "ticker0") == 0) {
		goro_ticker_new(0);
	} else if (strcmp(mode, "notticker") == 0) {
		goro_ticker_stop((goro_ticker *)goro_timer_new(MS));
	} else {
		printf("unknown mode %s\n", mode);
		return 100;
	}
	return failures;
}
