/*
 * intr.c - unit tests of device interrupts that wake goroutines
 * (runtime/intr.c): intr_wait claims a line and parks, the line is
 * armed and unmasked only once its waiter is parked, intr_pending
 * records a line, and intr_poll readies the armed waiter of every line
 * recorded, each once, and nothing else.
 *
 * Parking and readying are stubs: gopark marks the goroutine waiting
 * and runs the unlock step as park_m would, after an optional hook
 * that plays another CPU looking in between; goready records the woken
 * goroutine; intr_unmask records the line and may fire it at once, as a
 * line still raised does (hosted's does it from intr_unmask itself).
 */
#include "../../runtime/intr.c"
#include "unit.h"

/* The execution trace stays off: its recorder is never reached. */
bool trace_on;
void trace_rec(uint32_t kind, int64_t g, uint64_t a, uint32_t b)
{
	(void)kind, (void)g, (void)a, (void)b;
	FAILF("trace_rec called with the trace off");
}

/* --- stubs ------------------------------------------------------------------- */

__thread G *goro_g __attribute__((tls_model("local-exec")));    /* getg() (plat/hosted/tls.h) */
static M m;
static G g0, gs[MAXIRQ + 2];
static const char *parkreason;          /* the last gopark's reason */
static void (*park_hook)(void);         /* runs in gopark before the unlock step */
static int unmasks[MAXIRQ];             /* intr_unmask calls per line */
static int unmask_parked;               /* ... made while the waiter was not parked */
static bool unmask_fires;               /* intr_unmask finds the line raised: it fires */
static G *woken[MAXIRQ + 2];            /* goready's goroutines, in order */
static int nwoken;

void gopark(bool (*unlockf)(G *, void *), void *lock, const char *reason)
{
	G *gp = getg();
	parkreason = reason;
	gp->status = Gwaiting;
	gp->waitreason = reason;
	if (park_hook)
		park_hook();
	bool ok = unlockf(gp, lock);
	EXPECT(ok, "the unlock step said the goroutine runs on");
}

void goready(G *gp)
{
	EXPECT(gp->status == Gwaiting, "goready of goroutine %lld, which is not waiting", (long long)gp->goid);
	gp->status = Grunnable;
	REQUIRE(nwoken < (int)nelem(woken), "too many woken");
	woken[nwoken++] = gp;
}

void intr_unmask(int irq)
{
	REQUIRE(irq >= 0 && irq < MAXIRQ, "intr_unmask(%d)", irq);
	unmasks[irq]++;
	for (size_t i = 0; i < nelem(gs); i++)
		if (waiters[irq] == &gs[i] && gs[i].status != Gwaiting)
			unmask_parked++;
	if (unmask_fires)
		intr_pending(irq);
}

/* --- helpers ------------------------------------------------------------------------ */

static void reset(void)
{
	memset(pending, 0, sizeof pending);
	memset(waiters, 0, sizeof waiters);
	memset(armed, 0, sizeof armed);
	memset(unmasks, 0, sizeof unmasks);
	intr_summary = 0;
	nwaiting = 0;
	park_hook = NULL;
	unmask_fires = false;
	unmask_parked = 0;
	nwoken = 0;
	parkreason = NULL;
	m.g0 = &g0;
	g0.m = &m;
	for (size_t i = 0; i < nelem(gs); i++)
		gs[i] = (G){ .goid = (int64_t)i + 1, .status = Grunning, .m = &m };
	goro_g = &gs[0];
}

/* wait_as: goroutine gp waits for irq (returns once parked: nothing switches here). */
static void wait_as(G *gp, int irq)
{
	goro_g = gp;
	gp->status = Grunning;
	intr_wait(irq);
	goro_g = &gs[0];
}

/* --- cases ------------------------------------------------------------------------ */

static void wait_fire_ready(void)
{
	G *gp = &gs[1];
	wait_as(gp, 4);
	EXPECT(parkreason && strcmp(parkreason, "interrupt 4") == 0, "parked for \"%s\"", parkreason);
	EXPECT(unmasks[4] == 1 && unmask_parked == 0, "unmasked %d times, %d of them before parking",
	       unmasks[4], unmask_parked);
	EXPECT(intr_waiting() == 1, "intr_waiting %d", intr_waiting());
	EXPECT(!intr_ready(), "ready before the line fired");
	intr_poll();
	EXPECT(nwoken == 0, "a look before the line fired woke %d", nwoken);
	intr_pending(4);
	EXPECT(intr_ready(), "not ready after intr_pending");
	intr_poll();
	EXPECT(nwoken == 1 && woken[0] == gp, "woke %d goroutines", nwoken);
	EXPECT(!intr_ready() && intr_waiting() == 0, "after the poll: ready %d, waiting %d",
	       intr_ready(), intr_waiting());
	intr_poll();
	EXPECT(nwoken == 1, "a second look woke it again");
}

static void wait_again(void)
{
	G *gp = &gs[1];
	for (int round = 0; round < 3; round++) {
		wait_as(gp, 9);
		intr_pending(9);
		intr_poll();
	}
	EXPECT(nwoken == 3 && unmasks[9] == 3, "woken %d times, unmasked %d", nwoken, unmasks[9]);
}

static void stray_dropped(void)
{
	intr_pending(7);                /* nobody waits */
	intr_poll();
	EXPECT(nwoken == 0, "a stray interrupt woke %d", nwoken);
	wait_as(&gs[1], 7);
	intr_poll();
	EXPECT(nwoken == 0, "a stray recorded before the wait woke its waiter");
	intr_pending(7);
	intr_poll();
	EXPECT(nwoken == 1, "the line's own interrupt woke %d", nwoken);
}

/* Another CPU records a stray on the line and looks, while the waiter has claimed it but is not armed. */
static void look_between(void)
{
	intr_pending(5);
	intr_poll();
}

static void look_before_armed(void)
{
	park_hook = look_between;
	wait_as(&gs[1], 5);
	park_hook = NULL;
	EXPECT(nwoken == 0, "a look before the waiter was armed woke it");
	intr_poll();
	EXPECT(nwoken == 0, "the stray, looked at before the arming, woke the waiter after it");
	intr_pending(5);
	intr_poll();
	EXPECT(nwoken == 1, "woke %d", nwoken);
}

static void raised_when_unmasked(void)
{
	unmask_fires = true;
	wait_as(&gs[1], 0);
	intr_poll();
	EXPECT(nwoken == 1 && woken[0] == &gs[1], "a line raised at the unmask woke %d", nwoken);
}

static void two_waiters(void)
{
	wait_as(&gs[1], 4);
	EXPECT_FATAL(wait_as(&gs[2], 4),
		     "intr_wait: goroutine 3 waits for interrupt 4, which goroutine 2 already waits for");
}

static void bad_lines(void)
{
	EXPECT_FATAL(wait_as(&gs[1], -1), "intr_wait: interrupt -1: lines are 0-%d", MAXIRQ - 1);
	EXPECT_FATAL(wait_as(&gs[1], MAXIRQ), "intr_wait: interrupt %d: lines are 0-%d", MAXIRQ, MAXIRQ - 1);
	intr_pending(-1);               /* the handler's up-call ignores what is not a line */
	intr_pending(MAXIRQ);
	EXPECT(!intr_ready(), "a line out of range was recorded");
}

static void not_on_goroutine(void)
{
	goro_g = &g0;
	EXPECT_FATAL(intr_wait(3), "intr_wait: not on a goroutine");
}

/* Every line has a waiter; random sets of them fire between looks: each wakes once, only those. */
static void random_lines(void)
{
	bool fired[MAXIRQ];
	for (int irq = 0; irq < MAXIRQ; irq++)
		wait_as(&gs[irq], irq);
	for (int round = 0; round < 200; round++) {
		snprintf(unit_ctx, sizeof unit_ctx, "round %d", round);
		memset(fired, 0, sizeof fired);
		int n = (int)unit_below(20), want = 0;
		for (int i = 0; i < n; i++) {
			int irq = (int)unit_below(MAXIRQ);
			want += !fired[irq];
			fired[irq] = true;
			intr_pending(irq);
			if (unit_below(2))
				intr_pending(irq);      /* twice before a look: still one wake-up */
		}
		nwoken = 0;
		intr_poll();
		REQUIRE(nwoken == want, "woke %d, want %d", nwoken, want);
		for (int i = 0; i < nwoken; i++) {
			int irq = (int)(woken[i] - gs);
			REQUIRE(irq >= 0 && irq < MAXIRQ && fired[irq], "woke goroutine %lld, whose line did not fire",
				(long long)woken[i]->goid);
			fired[irq] = false;     /* each once */
			wait_as(&gs[irq], irq);
		}
	}
	EXPECT(intr_waiting() == MAXIRQ, "intr_waiting %d", intr_waiting());
}

int main(void)
{
	unit_init();
	unit_reset = reset;
	unit_run("wait-fire-ready", wait_fire_ready);
	unit_run("wait-again", wait_again);
	unit_run("stray-dropped", stray_dropped);
	unit_run("look-before-armed", look_before_armed);
	unit_run("raised-when-unmasked", raised_when_unmasked);
	unit_run("two-waiters", two_waiters);
	unit_run("bad-lines", bad_lines);
	unit_run("not-on-goroutine", not_on_goroutine);
	unit_run("random-lines", random_lines);
	return unit_done();
}
