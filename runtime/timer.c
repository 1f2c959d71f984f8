/*
 * timer.c - time as channels: goro_after, goro_timer and goro_ticker
 * (Go's time.After, time.NewTimer, time.NewTicker), and goro_afterfunc
 * (time.AfterFunc).
 *
 * Each is a runtime timer (runtime/time.c) whose function, sendtime,
 * does what Go's sendTime does: a send that never blocks on a channel
 * of one buffered int64_t, the time it fired. It runs on the scheduler's
 * stack, so no goroutine exists per timer, and a value nobody reads
 * waits in the buffer (a ticker's next ticks are dropped meanwhile, as
 * Go drops them for a slow receiver). Stop and Reset follow Go 1.23:
 * once they return, no value of the old setting can be received (the
 * timer is out of the heap, its running send has ended, and the buffer
 * is drained), and a value drained counts as a timer stopped before it
 * was received. A timer's calls take its own mutex, so Stop and Reset
 * may race from several goroutines. An afterfunc timer has no channel:
 * its function starts f in a new goroutine (newproc, which the
 * scheduler's stack may call), as Go's goFunc does.
 */
#include "goro.h"
#include "machine.h"
#include "rtalloc.h"
#include "rttime.h"
#include "runtime.h"

/* struct timerchan: a goro_timer or goro_ticker, which is its first member, and its runtime timer. */
struct timerchan {
	goro_timer pub;         /* pub.C: the channel (goro_ticker has the same layout) */
	struct rtimer rt;
	mutex mu;               /* stop, reset and free, one at a time */
	bool ticker;
	void (*fn)(void *);     /* goro_afterfunc's f (and fnarg), or NULL: a channel's timer */
	void *fnarg;
};

/* sendtime is the timer's f: the time it fired, if the channel has room (a receiver or the buffer). */
static void sendtime(void *arg, int64_t now)
{
	struct timerchan *t = arg;
	chan_trysend(t->pub.C, &now);
}

/* startfunc is an afterfunc timer's f: fn(fnarg) in a goroutine of its own. */
static void startfunc(void *arg, int64_t now)
{
	struct timerchan *t = arg;
	(void)now;
	newproc(t->fn, t->fnarg);
}

/* deadline: ns from now, saturated (ns <= 0: now, so it fires at the scheduler's next look). */
static int64_t deadline(int64_t ns)
{
	int64_t now = nanotime();
	if (ns <= 0)
		return now;
	return ns > INT64_MAX - now ? INT64_MAX : now + ns;
}

/* arm puts t in the heap for ns from now, with its function. */
static void arm(struct timerchan *t, int64_t ns, int64_t period)
{
	timer_start(&t->rt, deadline(ns), period, t->fn ? startfunc : sendtime, t);
}

static struct timerchan *newtimer(int64_t ns, int64_t period, bool freewith)
{
	struct timerchan *t = rtalloc(sizeof *t);
	t->pub.C = chan_make(sizeof(int64_t), 1);
	t->ticker = period > 0;
	chan_settimer(t->pub.C, t, freewith);
	arm(t, ns, period);
	return t;
}

/* drain takes a value waiting in t's channel, if one is; true if it did. */
static bool drain(struct timerchan *t)
{
	if (!t->pub.C)
		return false;   /* an afterfunc timer's */
	struct chan_case cs = { t->pub.C, CHAN_RECV, NULL, false };
	return chan_select(&cs, 1, false) == 0;
}

/* stop: t is out of the heap, no send of it runs, its channel is empty; true if that stopped a value. */
static bool stop(struct timerchan *t)
{
	bool pending = timer_stop(&t->rt);
	return drain(t) || pending;
}

chan *goro_after(int64_t ns)
{
	return newtimer(ns, 0, true)->pub.C;
}

void timerchan_free(void *timer)
{
	struct timerchan *t = timer;
	timer_stop(&t->rt);
	rtfree(t);
}

goro_timer *goro_timer_new(int64_t ns)
{
	return &newtimer(ns, 0, false)->pub;
}

goro_timer *goro_afterfunc(int64_t ns, void (*f)(void *), void *arg)
{
	if (!f)
		panic("goro_afterfunc: nil func");
	struct timerchan *t = rtalloc(sizeof *t);
	t->fn = f;
	t->fnarg = arg;
	arm(t, ns, 0);
	return &t->pub;
}

static struct timerchan *timerof(goro_timer *pub, bool ticker, const char *call)
{
	struct timerchan *t = (struct timerchan *)pub;
	if (!t || t->ticker != ticker)
		panic("%s: %s", call, !t ? "nil timer" : ticker ? "not a goro_ticker" : "not a goro_timer");
	return t;
}

bool goro_timer_stop(goro_timer *pub)
{
	struct timerchan *t = timerof(pub, false, "goro_timer_stop");
	mutex_lock(&t->mu);
	bool stopped = stop(t);
	mutex_unlock(&t->mu);
	return stopped;
}

bool goro_timer_reset(goro_timer *pub, int64_t ns)
{
	struct timerchan *t = timerof(pub, false, "goro_timer_reset");
	mutex_lock(&t->mu);
	bool active = stop(t);
	arm(t, ns, 0);
	mutex_unlock(&t->mu);
	return active;
}

static void freetimer(struct timerchan *t)
{
	mutex_lock(&t->mu);
	timer_stop(&t->rt);
	if (t->pub.C) {
		chan_settimer(t->pub.C, NULL, false);
		chan_free(t->pub.C);
	}
	mutex_unlock(&t->mu);
	rtfree(t);
}

void goro_timer_free(goro_timer *pub)
{
	freetimer(timerof(pub, false, "goro_timer_free"));
}

goro_ticker *goro_ticker_new(int64_t period)
{
	if (period <= 0)
		panic("non-positive interval for goro_ticker_new");
	return (goro_ticker *)&newtimer(period, period, false)->pub;
}

void goro_ticker_stop(goro_ticker *pub)
{
	struct timerchan *t = timerof((goro_timer *)pub, true, "goro_ticker_stop");
	mutex_lock(&t->mu);
	stop(t);
	mutex_unlock(&t->mu);
}

void goro_ticker_reset(goro_ticker *pub, int64_t period)
{
	if (period <= 0)
		panic("non-positive interval for goro_ticker_reset");
	struct timerchan *t = timerof((goro_timer *)pub, true, "goro_ticker_reset");
	mutex_lock(&t->mu);
	stop(t);
	arm(t, period, period);
	mutex_unlock(&t->mu);
}

void goro_ticker_free(goro_ticker *pub)
{
	freetimer(timerof((goro_timer *)pub, true, "goro_ticker_free"));
}
