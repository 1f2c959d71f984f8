/*
 * work.c - the soak's in-guest workers: goroutine churn, channel and
 * select storms, stack growth and shrink, timers and tickers, spinning
 * goroutines that only preemption interrupts, malloc and free.
 *
 * Each runs rounds until the phase ends; a round is bounded in count
 * (never in time: no check here depends on how fast anything runs) and
 * checks what it did, failing the run on any difference. Each worker
 * is handed the phase's wait group and leaves it when it stops.
 */
#include <stdlib.h>
#include <string.h>
#include "goro.h"
#include "soak.h"

/* --- churn: batches of short goroutines, each adding its share ------------- */

struct churn {
	waitgroup wg;
	uint32_t sum;
};

static void churn_one(void *arg)
{
	struct churn *c = arg;
	uint32_t v = goro_rand() % 1000;
	if (v & 1)
		gosched();
	__atomic_add_fetch(&c->sum, v + 1, __ATOMIC_RELAXED);
	wg_done(&c->wg);
}

void work_churn(void *arg)
{
	while (!soak_stopping()) {
		struct churn *c = calloc(1, sizeof *c);   /* shared with the batch: not on a moving stack */
		int n = 16 + (int)(goro_rand() % 64);
		wg_add(&c->wg, n);
		for (int i = 0; i < n; i++)
			go(churn_one, c);
		wg_wait(&c->wg);
		if (c->sum < (uint32_t)n)
			soak_fail("churn: %d goroutines added %u, want at least %d", n, c->sum, n);
		COUNT(spawned, n);
		free(c);
	}
	wg_done(arg);
}

/* --- chan: producers select among three channels, consumers select back ---- */

enum { PRODUCERS = 3, CONSUMERS = 2, PERPRODUCER = 500 };

struct storm {
	chan *c[3];                     /* unbuffered, one slot, sixteen slots */
	waitgroup prod, cons;
	mutex mu;                       /* over the counts (no 64-bit atomics on i386) */
	uint64_t sent, got, sentsum, gotsum, selects;
};

static void add(struct storm *s, uint64_t *sent, uint64_t *sum, uint64_t v)
{
	mutex_lock(&s->mu);
	if (sent) {
		(*sent)++;
		*sum += v;
	}
	s->selects++;
	mutex_unlock(&s->mu);
}

static void producer(void *arg)
{
	struct storm *s = arg;
	for (uint64_t i = 1; i <= PERPRODUCER; i++) {
		uint64_t v = i * 7919 + goro_rand() % 7;
		struct chan_case cs[3];
		for (int k = 0; k < 3; k++)
			cs[k] = (struct chan_case){ s->c[k], CHAN_SEND, &v, false };
		chan_select(cs, 3, true);
		add(s, &s->sent, &s->sentsum, v);
	}
	wg_done(&s->prod);
}

static void consumer(void *arg)
{
	struct storm *s = arg;
	chan *c[3] = { s->c[0], s->c[1], s->c[2] };
	int open = 3;
	while (open > 0) {
		uint64_t v = 0;
		struct chan_case cs[3];
		for (int k = 0; k < 3; k++)
			cs[k] = (struct chan_case){ c[k], CHAN_RECV, &v, false };
		/* a timeout case now and then: the select's timer, made and dropped */
		int k = chan_select_timeout(cs, 3, (int64_t)(goro_rand() % 2000000) + 1);
		if (k < 0 || !cs[k].ok) {
			add(s, NULL, NULL, 0);
			if (k >= 0) {
				c[k] = NULL;    /* closed and drained: never ready again */
				open--;
			}
			continue;
		}
		add(s, &s->got, &s->gotsum, v);
	}
	wg_done(&s->cons);
}

void work_chan(void *arg)
{
	while (!soak_stopping()) {
		struct storm *s = calloc(1, sizeof *s);
		s->c[0] = chan_make(sizeof(uint64_t), 0);
		s->c[1] = chan_make(sizeof(uint64_t), 1);
		s->c[2] = chan_make(sizeof(uint64_t), 16);
		wg_add(&s->prod, PRODUCERS);
		wg_add(&s->cons, CONSUMERS);
		for (int i = 0; i < PRODUCERS; i++)
			go(producer, s);
		for (int i = 0; i < CONSUMERS; i++)
			go(consumer, s);
		wg_wait(&s->prod);
		for (int k = 0; k < 3; k++)
			chan_close(s->c[k]);
		wg_wait(&s->cons);
		if (s->got != s->sent || s->gotsum != s->sentsum || s->sent != PRODUCERS * PERPRODUCER)
			soak_fail("chan: sent %llu (sum %llu), received %llu (sum %llu)",
				  (unsigned long long)s->sent, (unsigned long long)s->sentsum,
				  (unsigned long long)s->got, (unsigned long long)s->gotsum);
		COUNT(chanmsgs, s->got);
		COUNT(selects, s->selects);
		for (int k = 0; k < 3; k++)
			chan_free(s->c[k]);
		free(s);
	}
	wg_done(arg);
}

/*
 * --- stack: deep recursion with big frames, then a park to shrink ----------
 *
 * Every value kept on the stack is below 2^31 and every frame byte below
 * 0x80: on i386 and ARM in the copying modes (stackfaultonfree=1) a
 * 32-bit word that lies in a live stack is relocated as if it were a
 * pointer (docs/stacks.md, "What conservative relocation can get
 * wrong"), and no such word lies in those machines' stack regions.
 */

static uint32_t next(uint32_t seed)
{
	return (seed * 1103515245u + 12345u) & 0x7fffffff;
}

static uint8_t byte(uint32_t seed, size_t i)
{
	return (uint8_t)((seed + i) & 0x7f);
}

static uint32_t __attribute__((noinline)) deep(int n, uint32_t seed)
{
	volatile uint8_t frame[200];    /* volatile: the frame is really there */
	for (size_t i = 0; i < sizeof frame; i++)
		frame[i] = byte(seed, i);
	uint32_t r = n > 0 ? deep(n - 1, next(seed)) : seed;
	for (size_t i = 0; i < sizeof frame; i += 37)
		if (frame[i] != byte(seed, i))
			soak_fail("stack: a frame at depth %d changed across the calls below it", n);
	return r ^ frame[n % sizeof frame];
}

/* deep's result computed without recursion, to check it against. */
static uint32_t flat(int n, uint32_t seed)
{
	uint32_t seeds[4096 + 1];
	seeds[0] = seed;
	for (int i = 1; i <= n; i++)
		seeds[i] = next(seeds[i - 1]);
	uint32_t r = seeds[n];
	for (int i = n; i >= 0; i--)
		r ^= byte(seeds[n - i], (size_t)(i % 200));
	return r;
}

void work_stack(void *arg)
{
	while (!soak_stopping()) {
		int n = (int)(goro_rand() % 4096);
		uint32_t seed = goro_rand() & 0x7fffffff;
		uint32_t got = deep(n, seed), want = flat(n, seed);
		if (got != want)
			soak_fail("stack: depth %d gave %x, want %x", n, got, want);
		COUNT(recursions, (uint64_t)n);
		gosleep(1000000);       /* parked: the stack may shrink back */
	}
	wg_done(arg);
}

/* --- timers: after, ticker, stop/reset, afterfunc ------------------------- */

static void fired(void *arg)
{
	chan_send((chan *)arg, NULL);
}

void work_timers(void *arg)
{
	while (!soak_stopping()) {
		int64_t v;
		chan *a = goro_after((int64_t)(goro_rand() % 2000000));
		chan_recv(a, &v);
		chan_free(a);

		goro_ticker *tk = goro_ticker_new(500000);
		for (int i = 0; i < 3; i++)
			chan_recv(tk->C, &v);
		goro_ticker_free(tk);

		goro_timer *t = goro_timer_new(1000000000);    /* a second: stopped long before */
		if (!goro_timer_stop(t))
			soak_fail("timers: a pending timer's stop said it was not pending");
		goro_timer_reset(t, (int64_t)(goro_rand() % 1000000));
		chan_recv(t->C, &v);
		goro_timer_free(t);

		chan *done = chan_make(0, 4);
		goro_timer *af[4];
		for (int i = 0; i < 4; i++)
			af[i] = goro_afterfunc((int64_t)(goro_rand() % 1000000), fired, done);
		for (int i = 0; i < 4; i++)
			chan_recv(done, NULL);
		for (int i = 0; i < 4; i++)
			goro_timer_free(af[i]);
		chan_free(done);
		COUNT(timers, 1 + 3 + 1 + 4);
	}
	wg_done(arg);
}

/* --- preempt: spins that call nothing for a while ------------------------ */

void work_spin(void *arg)
{
	while (!soak_stopping()) {
		volatile uint32_t x = goro_rand();
		/* a bounded count of iterations, no call: only preemption takes the CPU */
		for (uint32_t i = 0; i < 20000000; i++)
			x = x * 1664525u + 1013904223u;
		COUNT(spins, 1);
		gosleep(1000000);
	}
	wg_done(arg);
}

/* --- malloc: blocks of many sizes, filled, checked, freed ----------------- */

enum { SLOTS = 64 };

static void fill(uint8_t *p, size_t n, uint32_t seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 131);
}

static int intact(const uint8_t *p, size_t n, uint32_t seed)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (uint8_t)(seed + i * 131))
			return 0;
	return 1;
}

void work_malloc(void *arg)
{
	struct slot { uint8_t *p; size_t n; uint32_t seed; };
	struct slot *s = calloc(SLOTS, sizeof *s);
	while (!soak_stopping()) {
		for (int op = 0; op < 2000; op++) {
			struct slot *x = &s[goro_rand() % SLOTS];
			if (x->p) {
				if (!intact(x->p, x->n, x->seed))
					soak_fail("malloc: a block of %zu bytes changed", x->n);
				free(x->p);
				x->p = NULL;
			}
			uint32_t r = goro_rand();
			x->n = r % 16 == 0 ? 65536 + r % 200000 : 1 + r % 2048;
			x->seed = goro_rand();
			x->p = malloc(x->n);
			if (!x->p) {
				soak_fail("malloc: %zu bytes: out of memory", x->n);
				continue;
			}
			fill(x->p, x->n, x->seed);
			COUNT(mallocs, 1);
		}
		for (int i = 0; i < SLOTS; i++) {
			if (s[i].p && !intact(s[i].p, s[i].n, s[i].seed))
				soak_fail("malloc: a block of %zu bytes changed", s[i].n);
			free(s[i].p);
			s[i].p = NULL;
		}
		gosched();
	}
	free(s);
	wg_done(arg);
}
