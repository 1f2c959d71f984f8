/*
 * timerheap.c - unit tests of the sleeping goroutines' heap
 * (runtime/time.c): gosleep pushes the calling G by deadline,
 * timers_run readies the due ones in deadline order, at most a budget
 * of them, and says when the next one is due.
 *
 * A sleep is never cancelled or moved, so the random sequences mix
 * sleeps of random lengths, equal deadlines and never-ending ones with
 * runs at random times and budgets, against a model: a sorted array of
 * deadlines. After every step the array is a binary min-heap and holds
 * exactly the sleepers the model has.
 *
 * A select's deadline (chan_select_timeout) is in the same heap: armed
 * once the select has parked, taken out by the select itself when a
 * channel woke it (timer_select_disarm, from any place in the heap),
 * and, when due, it readies the goroutine only if no channel won the
 * select first (selectdone). The last sequence mixes all of it.
 *
 * Parking and readying are stubs: goparkunlock checks the timers' lock
 * is held and lets it go, goready_tail records the woken goroutine.
 */
#include "../../runtime/time.c"
#include "unit.h"

/* One CPU here: no other to wake when the earliest deadline changes. */
void wakeidle(void)
{
}

/* --- stubs ------------------------------------------------------------------- */

__thread G *goro_g __attribute__((tls_model("local-exec")));    /* getg() (plat/hosted/tls.h) */
static int64_t now;             /* machine_nanotime */
static int nyield, nalloc;
static G *parked;               /* the last goroutine to park */
enum { MAXG = 1 << 14 };
static G *woken[MAXG];          /* goready_tail's goroutines, in order */
static int nwoken;

int64_t machine_nanotime(void)
{
	return now;
}

void gosched(void)
{
	nyield++;
}

void *rtalloc(size_t n)
{
	nalloc++;
	return calloc(1, n);
}

void rtfree(void *p)
{
	if (p)
		nalloc--;
	free(p);
}

void memmove_rt(void *dst, const void *src, size_t n)
{
	memmove(dst, src, n);
}

void goparkunlock(struct spinlock *lock, const char *reason)
{
	EXPECT(lock == &timerslock && lock->locked, "gosleep parked without the timers' lock held");
	EXPECT(strcmp(reason, "sleep") == 0, "gosleep parked for \"%s\"", reason);
	parked = getg();
	spin_unlock(lock);
}

void goready_tail(G *gp)
{
	EXPECT(timerslock.locked, "timers_run readied a goroutine without the timers' lock");
	EXPECT(gp->timer.when == 0, "a woken goroutine's deadline is still %lld", (long long)gp->timer.when);
	REQUIRE(nwoken < MAXG, "too many woken");
	woken[nwoken++] = gp;
}

/* --- helpers ------------------------------------------------------------------------ */

static G gs[MAXG];
static int64_t deadline[MAXG];  /* what each G of gs slept until, for the model */

static void reset(void)
{
	rtfree(heap);
	heap = NULL;
	nheap = capheap = 0;
	timerslock.locked = 0;
	now = 0;
	nyield = nalloc = 0;
	parked = NULL;
	nwoken = 0;
	memset(gs, 0, sizeof gs);
	goro_g = NULL;
}

/* sleep: gs[i] sleeps ns from now. */
static void sleep_g(int i, int64_t ns)
{
	goro_g = &gs[i];
	parked = NULL;
	gosleep(ns);
	goro_g = NULL;
	REQUIRE(parked == &gs[i], "gosleep(%lld) did not park the caller", (long long)ns);
	deadline[i] = gs[i].timer.when;
}

/* heap_ok: the array is a min-heap on when, of nheap entries within capheap. */
static void heap_ok(void)
{
	REQUIRE(nheap >= 0 && nheap <= capheap, "nheap %d, capheap %d", nheap, capheap);
	for (int i = 1; i < nheap; i++)
		REQUIRE(heap[(i - 1) / 2]->when <= heap[i]->when, "heap[%d].when %lld above its child heap[%d] %lld",
			(i - 1) / 2, (long long)heap[(i - 1) / 2]->when, i, (long long)heap[i]->when);
	EXPECT(timers_pending() == (nheap > 0), "timers_pending %d with %d asleep", timers_pending(), nheap);
	EXPECT(timerslock.locked == 0, "the timers' lock is held");
}

/* --- cases -------------------------------------------------------------------------------- */

static void nonpositive_sleep_yields(void)
{
	goro_g = &gs[0];
	gosleep(0);
	gosleep(-1);
	gosleep(INT64_MIN);
	EXPECT(nyield == 3, "%d yields for three sleeps of no time", nyield);
	EXPECT(parked == NULL && nheap == 0 && !timers_pending(), "a sleep of no time parked");
	EXPECT(timers_run(INT64_MAX, 10) == 0 && nwoken == 0, "timers_run with nothing asleep");
}

static void deadline_is_now_plus_ns(void)
{
	now = 1000;
	sleep_g(1, 500);
	EXPECT(gs[1].timer.when == 1500, "when %lld, want 1500", (long long)gs[1].timer.when);
	heap_ok();
	EXPECT(timers_run(1499, 10) == 1500 && nwoken == 0, "not due at 1499");
	EXPECT(timers_run(1500, 0) == 1500 && nwoken == 0, "a budget of 0 readies nothing");
	EXPECT(timers_run(1500, -1) == 1500 && nwoken == 0, "a negative budget readies nothing");
	EXPECT(timers_run(1500, 1) == 0 && nwoken == 1 && woken[0] == &gs[1], "due at 1500");
	EXPECT(gs[1].timer.when == 0 && nheap == 0 && !timers_pending(), "after waking");
	EXPECT(timers_run(INT64_MAX, 1) == 0 && nwoken == 1, "woken twice");
}

static void long_sleeps_saturate(void)
{
	now = 10;
	sleep_g(0, INT64_MAX);
	now = INT64_MAX - 5;
	sleep_g(1, 5);          /* exactly INT64_MAX */
	sleep_g(2, 6);          /* past it: saturated, not wrapped */
	sleep_g(3, INT64_MAX);
	now = INT64_MAX - 100;
	sleep_g(4, 1);
	for (int i = 0; i < 4; i++)
		EXPECT(gs[i].timer.when == INT64_MAX, "sleeper %d: when %lld, want INT64_MAX", i, (long long)gs[i].timer.when);
	heap_ok();
	EXPECT(timers_run(INT64_MAX - 1, 10) == INT64_MAX && nwoken == 1 && woken[0] == &gs[4],
	       "only the short sleep is due before INT64_MAX");
	EXPECT(timers_run(INT64_MAX, 10) == 0 && nwoken == 5, "all due at INT64_MAX");
}

static void wakes_in_deadline_order(void)
{
	enum { N = 1000 };
	for (int i = 0; i < N; i++)
		sleep_g(i, 1 + (int64_t)unit_below(10000));
	heap_ok();
	EXPECT(nheap == N, "%d asleep, want %d", nheap, N);
	EXPECT(timers_run(INT64_MAX, N + 5) == 0 && nwoken == N, "woke %d of %d", nwoken, N);
	static bool seen[N];
	memset(seen, 0, sizeof seen);
	for (int i = 0; i < nwoken; i++) {
		int k = woken[i] - gs;
		REQUIRE(k >= 0 && k < N && !seen[k], "woken[%d] is not a sleeper or woke twice", i);
		seen[k] = true;
		REQUIRE(i == 0 || deadline[woken[i - 1] - gs] <= deadline[k],
			"woken out of order: %lld then %lld", (long long)deadline[woken[i - 1] - gs],
			(long long)deadline[k]);
	}
}

static void budget_limits_and_rest_stay_due(void)
{
	for (int i = 0; i < 10; i++)
		sleep_g(i, 100 + 10 * (9 - i));         /* 190, 180, ..., 100 */
	now = 1000;
	EXPECT(timers_run(now, 3) == 130 && nwoken == 3, "a budget of 3: woke %d, next due is past", nwoken);
	EXPECT(woken[0] == &gs[9] && woken[1] == &gs[8] && woken[2] == &gs[7], "the earliest three first");
	EXPECT(timers_run(150, 100) == 160 && nwoken == 6, "due by 150: woke %d in all", nwoken);
	EXPECT(timers_run(now, 100) == 0 && nwoken == 10, "the rest");
	heap_ok();
}

static void equal_deadlines(void)
{
	for (int i = 0; i < 100; i++)
		sleep_g(i, i % 2 ? 50 : 70);
	heap_ok();
	EXPECT(timers_run(50, 1000) == 70 && nwoken == 50, "woke %d of the 50 due at 50", nwoken);
	for (int i = 0; i < nwoken; i++)
		EXPECT(deadline[woken[i] - gs] == 50, "woke one due at %lld", (long long)deadline[woken[i] - gs]);
	EXPECT(timers_run(70, 1000) == 0 && nwoken == 100, "the 70s");
}

static void heap_grows(void)
{
	for (int i = 0; i < 64; i++)
		sleep_g(i, 1000 - i);
	EXPECT(capheap == 64 && nalloc == 1, "64 sleepers: capacity %d, %d blocks", capheap, nalloc);
	sleep_g(64, 5);
	EXPECT(capheap == 128 && nalloc == 1, "65 sleepers: capacity %d, %d blocks (the old one freed)",
	       capheap, nalloc);
	EXPECT(heap[0] == &gs[64].timer, "the new earliest is not at the top");
	for (int i = 65; i < 1000; i++)
		sleep_g(i, 2000 + (i * 7919) % 1000);
	EXPECT(capheap == 1024 && nalloc == 1, "1000 sleepers: capacity %d", capheap);
	heap_ok();
	EXPECT(timers_run(INT64_MAX, 2000) == 0 && nwoken == 1000, "woke %d", nwoken);
	EXPECT(capheap == 1024, "the heap shrank");        /* it keeps its array */
}

/*
 * random_sleeps: sleeps and runs at random times against a model, a
 * sorted array of the deadlines asleep. timers_run must wake exactly
 * the first min(budget, due) of them, in order, and return the next.
 */
static void random_sleeps(void)
{
	static int64_t model[MAXG];
	static bool asleep[MAXG];
	int nmodel = 0, nextg = 0, runs = 0, maxasleep = 0;
	memset(asleep, 0, sizeof asleep);
	for (int step = 0; step < 20000; step++) {
		snprintf(unit_ctx, sizeof unit_ctx, "step %d", step);
		unsigned k = unit_below(100);
		if (k < 55 && nextg < MAXG) {   /* sleep: a short, long, equal, endless or no time */
			unsigned kind = unit_below(10);
			int64_t ns = kind < 5 ? (int64_t)unit_below(100) : kind < 8 ? (int64_t)unit_below(100000)
				: kind < 9 ? INT64_MAX - (int64_t)unit_below(3) : -(int64_t)unit_below(2);
			int i = nextg;
			if (ns <= 0) {
				int y = nyield;
				goro_g = &gs[i];
				gosleep(ns);
				goro_g = NULL;
				REQUIRE(nyield == y + 1, "gosleep(%lld) did not yield", (long long)ns);
				continue;
			}
			nextg++;
			sleep_g(i, ns);
			asleep[i] = true;
			int64_t w = ns > INT64_MAX - now ? INT64_MAX : now + ns;
			REQUIRE(gs[i].timer.when == w, "gosleep(%lld) at %lld: when %lld, want %lld", (long long)ns,
				(long long)now, (long long)gs[i].timer.when, (long long)w);
			int j = nmodel++;
			for (; j > 0 && model[j - 1] > w; j--)
				model[j] = model[j - 1];
			model[j] = w;
		} else {                        /* time passes; run the timers */
			now += unit_below(4) ? (int64_t)unit_below(200) : (int64_t)unit_below(50000);
			int budget = unit_below(10) ? (int)unit_below(8) : 1 << 20;
			int due = 0;
			while (due < nmodel && model[due] <= now)
				due++;
			int want = due < budget ? due : budget;
			nwoken = 0;
			int64_t next = timers_run(now, budget);
			runs++;
			REQUIRE(nwoken == want, "timers_run(%lld, %d) woke %d, want %d of %d asleep", (long long)now,
				budget, nwoken, want, nmodel);
			for (int i = 0; i < nwoken; i++) {
				int g = woken[i] - gs;
				REQUIRE(g >= 0 && g < nextg && asleep[g], "woke a goroutine that was not asleep");
				REQUIRE(deadline[g] == model[i], "woke the one due at %lld, want the one due at %lld",
					(long long)deadline[g], (long long)model[i]);
				asleep[g] = false;
			}
			memmove(model, model + want, (nmodel - want) * sizeof *model);
			nmodel -= want;
			REQUIRE(next == (nmodel ? model[0] : 0), "timers_run returned %lld, want %lld", (long long)next,
				(long long)(nmodel ? model[0] : 0));
		}
		heap_ok();
		REQUIRE(nheap == nmodel, "%d in the heap, the model has %d", nheap, nmodel);
		if (nmodel > maxasleep)
			maxasleep = nmodel;
	}
	unit_ctx[0] = 0;
	/* Who is in the heap is exactly who the model has asleep. */
	int n = 0;
	for (int i = 0; i < nextg; i++)
		n += asleep[i];
	EXPECT(n == nheap, "%d asleep, %d in the heap", n, nheap);
	for (int i = 0; i < nheap; i++)
		EXPECT(asleep[(G *)heap[i]->arg - gs], "the heap holds one that woke");
	EXPECT(runs > 5000 && maxasleep > 100, "a poor sequence: %d runs, at most %d asleep", runs, maxasleep);
}

/* --- selects with a deadline ------------------------------------------------------------ */

/* heap_index_ok: every entry knows its index. */
static void heap_index_ok(void)
{
	for (int i = 0; i < nheap; i++)
		REQUIRE(heap[i]->i == i, "heap[%d] says it is at %d", i, heap[i]->i);
}

static void select_deadline_fires(void)
{
	now = 10;
	timer_select_arm(&gs[0], 100);
	sleep_g(1, 200);
	heap_ok();
	heap_index_ok();
	EXPECT(timers_run(99, 10) == 100 && nwoken == 0, "not due at 99");
	EXPECT(timers_run(100, 10) == 210 && nwoken == 1 && woken[0] == &gs[0], "the select is due at 100");
	EXPECT(gs[0].selectdone == 1, "the deadline did not win the select");
	EXPECT(timer_select_disarm(&gs[0]), "disarm says a channel won");
	EXPECT(!gs[0].seltimer && nheap == 1, "after disarming: seltimer %d, %d in the heap", gs[0].seltimer, nheap);
	EXPECT(!timer_select_disarm(&gs[0]), "a second disarm says the deadline won again");
	heap_ok();
}

static void select_won_by_a_channel(void)
{
	timer_select_arm(&gs[0], 100);
	gs[0].selectdone = 1;           /* a channel won it, and readied it */
	EXPECT(timers_run(100, 10) == 0 && nwoken == 0, "the deadline readied a select a channel had won");
	EXPECT(!timer_select_disarm(&gs[0]), "disarm says the deadline won");
	heap_ok();
}

static void disarm_takes_it_out(void)
{
	for (int i = 0; i < 200; i++) {
		if (i % 3)
			sleep_g(i, 1000 + (int64_t)unit_below(1000));
		else
			timer_select_arm(&gs[i], 1000 + (int64_t)unit_below(1000));
	}
	for (int i = 0; i < 200; i += 3) {
		gs[i].selectdone = 1;
		EXPECT(!timer_select_disarm(&gs[i]), "select %d: disarm says the deadline won", i);
		heap_ok();
		heap_index_ok();
	}
	EXPECT(nheap == 133, "%d left in the heap, want the 133 sleepers", nheap);
	EXPECT(timers_run(INT64_MAX, 1000) == 0 && nwoken == 133, "woke %d", nwoken);
	for (int i = 0; i < nwoken; i++)
		EXPECT((woken[i] - gs) % 3 != 0, "woke select %d", (int)(woken[i] - gs));
}

/*
 * random_deadlines: sleeps, select deadlines armed, selects won by a
 * channel (then disarmed, at once or later) and runs, against a model:
 * the deadlines in the heap in order, each distinct (so a budget cuts
 * the order at one place). A run takes the first min(budget, due) out;
 * of those it readies the sleepers and the selects no channel won.
 */
static void random_deadlines(void)
{
	struct ent { int64_t w; int g; };
	static struct ent model[MAXG];
	static bool armed[MAXG], won[MAXG], fired[MAXG];
	int nmodel = 0, nextg = 0, runs = 0, disarms = 0, fires = 0, lost = 0;
	memset(armed, 0, sizeof armed);
	memset(won, 0, sizeof won);
	memset(fired, 0, sizeof fired);
	for (int step = 0; step < 20000; step++) {
		snprintf(unit_ctx, sizeof unit_ctx, "step %d", step);
		unsigned k = unit_below(100);
		if (k < 50 && nextg < MAXG) {   /* a sleep or a select's deadline, distinct from the rest */
			int i = nextg++;
			int64_t w = now + 1 + (int64_t)(unit_below(4) ? unit_below(300) : unit_below(100000));
			for (bool dup = true; dup;) {
				dup = false;
				for (int j = 0; j < nmodel; j++)
					if (model[j].w == w) {
						w++;
						dup = true;
					}
			}
			if (unit_below(2)) {
				sleep_g(i, w - now);
			} else {
				timer_select_arm(&gs[i], w);
				armed[i] = true;
			}
			REQUIRE(gs[i].timer.when == w, "when %lld, want %lld", (long long)gs[i].timer.when, (long long)w);
			int j = nmodel++;
			for (; j > 0 && model[j - 1].w > w; j--)
				model[j] = model[j - 1];
			model[j] = (struct ent){ w, i };
		} else if (k < 65) {            /* a channel wins an armed select; it disarms now or later */
			if (nmodel == 0)
				continue;
			int i = model[unit_below(nmodel)].g;
			if (!armed[i] || won[i])
				continue;
			gs[i].selectdone = 1;
			won[i] = true;
			if (unit_below(2)) {
				REQUIRE(!timer_select_disarm(&gs[i]), "disarm of select %d won by a channel says fired", i);
				armed[i] = false;
				disarms++;
				for (int j = 0; j < nmodel; j++)
					if (model[j].g == i) {
						memmove(model + j, model + j + 1, (nmodel - j - 1) * sizeof *model);
						nmodel--;
						break;
					}
			}
		} else if (k < 67) {            /* selects won earlier disarm */
			for (int i = 0; i < nextg; i++)
				if (armed[i] && won[i]) {
					REQUIRE(!timer_select_disarm(&gs[i]), "late disarm of select %d says fired", i);
					armed[i] = false;
					disarms++;
					for (int j = 0; j < nmodel; j++)
						if (model[j].g == i) {
							memmove(model + j, model + j + 1, (nmodel - j - 1) * sizeof *model);
							nmodel--;
							break;
						}
				}
		} else {                        /* time passes; run the timers */
			now += unit_below(4) ? (int64_t)unit_below(200) : (int64_t)unit_below(50000);
			int budget = unit_below(10) ? (int)unit_below(8) : 1 << 20;
			int due = 0;
			while (due < nmodel && model[due].w <= now)
				due++;
			int popped = due < budget ? due : budget;
			nwoken = 0;
			int64_t next = timers_run(now, budget);
			runs++;
			int w = 0;
			for (int j = 0; j < popped; j++) {
				int g = model[j].g;
				if (armed[g] && won[g]) {       /* out of the heap, not readied: its disarm says so */
					lost++;
					continue;
				}
				REQUIRE(w < nwoken && woken[w] == &gs[g], "run at %lld: woken[%d] is not %d, due at %lld",
					(long long)now, w, g, (long long)model[j].w);
				w++;
				if (armed[g]) {
					REQUIRE(gs[g].selectdone == 1, "select %d readied without winning it", g);
					REQUIRE(timer_select_disarm(&gs[g]), "disarm of select %d says a channel won", g);
					armed[g] = false;
					fired[g] = true;
					fires++;
				}
			}
			REQUIRE(nwoken == w, "timers_run woke %d, want %d", nwoken, w);
			memmove(model, model + popped, (nmodel - popped) * sizeof *model);
			nmodel -= popped;
			REQUIRE(next == (nmodel ? model[0].w : 0), "timers_run returned %lld, want %lld", (long long)next,
				(long long)(nmodel ? model[0].w : 0));
		}
		heap_ok();
		heap_index_ok();
		REQUIRE(nheap == nmodel, "%d in the heap, the model has %d", nheap, nmodel);
		for (int j = 0; j < nmodel; j++) {
			int g = model[j].g;
			REQUIRE(heap[gs[g].timer.i] == &gs[g].timer, "%d is not where it says in the heap", g);
		}
	}
	unit_ctx[0] = 0;
	EXPECT(runs > 3000 && disarms > 500 && fires > 500 && lost > 100,
	       "a poor sequence: %d runs, %d disarms, %d deadlines that won, %d that lost", runs, disarms, fires, lost);
}

int main(void)
{
	unit_init();
	unit_reset = reset;
	unit_run("nonpositive-sleep-yields", nonpositive_sleep_yields);
	unit_run("deadline-is-now-plus-ns", deadline_is_now_plus_ns);
	unit_run("long-sleeps-saturate", long_sleeps_saturate);
	unit_run("wakes-in-deadline-order", wakes_in_deadline_order);
	unit_run("budget-limits-and-rest-stay-due", budget_limits_and_rest_stay_due);
	unit_run("equal-deadlines", equal_deadlines);
	unit_run("heap-grows", heap_grows);
	unit_run("random-sleeps", random_sleeps);
	unit_run("select-deadline-fires", select_deadline_fires);
	unit_run("select-won-by-a-channel", select_won_by_a_channel);
	unit_run("disarm-takes-it-out", disarm_takes_it_out);
	unit_run("random-deadlines", random_deadlines);
	reset();
	return unit_done();
}
