/*
 * timer.c - time on x86, i386 and amd64: the TSC for machine_nanotime, the
 * local APIC timer in one-shot mode for machine_timer_set.
 *
 * Neither rate is architectural. Where CPUID states the TSC's rate
 * exactly (leaf 0x15 with the crystal's rate, or a hypervisor's
 * 0x40000010) that is used; otherwise both are measured at once against
 * the 8254's fixed 1.193182 MHz clock, quickly: one window of a
 * millisecond or more between two PIT edges, each edge timed by a poll
 * that ran undisturbed (a poll the host stretched by descheduling QEMU,
 * or the first run of new code under an emulator, is not trusted: the
 * next edge is taken). The window opens at the start of platform_init
 * (timer_calibration_start: the PIT and the TSC need no mapping) and
 * stays open while the machine is set up, the address space is built
 * and cpus_init searches for the CPUs (timer_finish closes it), so the
 * boot does not wait for it at all under QEMU, not for 30 ms of
 * windows as it once did. That rate is good to a few hundred parts per
 * million. The TSC's rate is then refined
 * once, from CPU 0's timer interrupt a second or more later, over the
 * whole span since the first edge: the PIT keeps counting (it wraps
 * every 55 ms; the quick rate tells how many times), so the rate is
 * good to about a part per million from then on. The clock (base and
 * rate) is replaced whole, continuous at the switch: nanotime neither
 * jumps nor runs back. Without a PIT (QEMU's microvm can leave it out)
 * the TSC's rate is the nominal one of leaf 0x16 or, failing that, one
 * second of the CMOS clock's update flag (up to two seconds of boot).
 * The APIC timer is measured against the TSC: from timer_init (its
 * registers mapped) to timer_finish, at least a quarter of a
 * millisecond, alongside the PIT window; without one, over 1 ms of its
 * own. Its rate only places interrupts, which the handler checks
 * against the TSC.
 * The TSC is taken to run at a constant rate (invariant TSC on any CPU
 * of the last fifteen years; QEMU's TCG follows the host's).
 *
 * Tick counts become nanoseconds, and nanoseconds APIC ticks, through a
 * fixed-point ratio (struct ratio, plat/common/ratio.h) whose product
 * splits into two 32x32->64 multiplies: exact floor arithmetic, no
 * 128-bit type, cheap on i386.
 *
 * Each CPU's APIC timer serves two requests at once (include/machine.h,
 * "Time, timer and halt"): the deadline the scheduler asks for
 * (machine_timer_set) and, while the CPU runs goroutines, a tick every
 * TICK_NS for preemption, which the handler passes up to the runtime
 * (runtime_interrupted). The count is armed for whichever comes first.
 * Switching goroutines costs the timer nothing: the tick runs on by
 * itself while the CPU is busy. Only a halt that outlasts a tick stops
 * it (machine_halt starts it again when the halt ends), so an idle CPU
 * takes no interrupt at all.
 *
 * The APIC timer counts a duration, not up to a TSC value, and its
 * interrupt cannot be recalled once raised: a request replaced or
 * cancelled after its count ran out (with interrupts off, so still
 * pending) comes in anyway, and a count can end a hair before the TSC
 * says the deadline is due. So the interrupt handler compares the time
 * with the deadline and the tick, and counts the rest if it came early:
 * the wake-up for a deadline is never lost (machine_halt may still
 * return before the deadline for another reason; callers re-check the
 * time, as they must).
 *
 * Each CPU has its own APIC timer, and so its own deadline and tick;
 * the rates are the boot CPU's measurement (every CPU's APIC counts the
 * same bus clock, and the TSCs run together), so the other CPUs only set
 * their APIC up (timer_init_cpu). The wake-up one CPU sends another
 * (cpu_wake, vector T_WAKE) is handled here too: it ends a halt, or,
 * taken while a goroutine runs, goes to the runtime as well.
 *
 * Interrupts are enabled inside machine_halt and while goroutines run
 * (include/machine.h, "Interrupts while goroutines run"); the trap entry
 * takes them on the CPU's own interrupt stack and saves every register
 * and the FPU state around the handler (trapentry.S).
 */
#include <stdbool.h>
#include <stdint.h>
#include "platform.h"
#include "x86.h"
#include "io.h"
#include "machine.h"
#include "lapic.h"
#include "pic.h"
#include "pit.h"
#include "ratio.h"
#include "smp.h"

#define PIT_WINDOW              (PIT_HZ / 1000) /* 1 ms of PIT ticks */
#define PIT_POLLS_PER_TICK      1000            /* reads per PIT tick before giving up: no PIT */
#define POLL_SLACK              3               /* polls over 3x the shortest were disturbed */
#define PIT_EDGE_RETRIES        64              /* disturbed edges skipped before one is taken as it is */
#define REFINE_AFTER            1               /* seconds from the first edge to the refinement */
#define REFINE_WITHIN           4               /* seconds the quick rate counts the PIT's wraps over */

/* The measured rates, for reports and tests. */
uint64_t x86_tsc_hz, x86_lapic_hz;
const char *x86_timer_calibration;      /* how they were found */

/* Counters for tests: timer interrupts taken, and those that came early (every CPU's). */
uint64_t timer_interrupts, timer_early;

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/*
 * The clock: nanotime = base_ns + ns_per_tsc(TSC - base_tsc). The
 * refinement publishes a second one whole (clocks[1]); readers load the
 * pointer once, so they never mix the two.
 */
struct clock {
	uint64_t base_tsc;
	int64_t base_ns;
	struct ratio ns_per_tsc;        /* TSC ticks -> ns */
};
static struct clock clocks[2];
static const struct clock *clk = &clocks[0];
static struct ratio lapic_per_ns;       /* ns -> APIC timer ticks */

/* The quick calibration's first edge, which the refinement measures from while pending. */
static struct refine {
	bool pending;
	uint16_t pit;
	uint64_t tsc;
} refine;

/* Each CPU's timer, written by that CPU alone, with interrupts off (its scheduler or its handler). */
struct cputimer {
	int64_t deadline;       /* machine_timer_set's, 0 if none */
	int64_t nexttick;       /* the next tick, 0 while the tick is stopped (a long halt) */
	bool halting;           /* in machine_halt's wait */
	bool missed;            /* an interrupt cpu_sleep took that the next halt must not sleep through */
	uint32_t quiet;         /* interrupts that concerned this file alone: they do not end a halt */
};
static struct cputimer cputimers[MAXCPU];

static void tick_start(struct cputimer *c);

/*
 * pit_edge polls until the PIT's count has fallen at least n below
 * from, and returns that count and, in *t, the TSC just before the read
 * that saw it: the edge lies within that poll, so *t estimates it alike
 * at both ends of a window. The polls around the edge must have been
 * undisturbed (from the start of the one before to the end of the one
 * that saw it, at most POLL_SLACK times two of the shortest reads); if
 * not, the next edge is taken (on a busy host a vCPU is often
 * interrupted: each edge gets the whole budget again), and after
 * PIT_EDGE_RETRIES of them the next as it is (the refinement a second
 * later corrects the rate). Returns -1 if the
 * count never gets there (a read takes far longer than 1/1000 of a PIT
 * tick): no PIT. One copy for its three callers: under an emulator each
 * copy is translated.
 */
static __attribute__((noinline)) int pit_edge(uint16_t from, uint16_t n, uint16_t *count, uint64_t *t)
{
	long polls = 0;
	int disturbed = 0;
	uint64_t prev = rdtsc(), tsc, after, shortest = UINT64_MAX;
	uint16_t c;

	for (;;) {
		if (++polls > PIT_POLLS_PER_TICK * ((long)n + 1))
			return -1;
		tsc = rdtsc();
		c = pit_read();
		after = rdtsc();
		if (after - tsc < shortest)
			shortest = after - tsc;
		if ((uint16_t)(from - c) >= n) {
			if (after - prev <= POLL_SLACK * 2 * shortest || ++disturbed > PIT_EDGE_RETRIES)
				break;
			from = c;       /* disturbed: the next edge, with a budget of its own */
			n = 1;
			polls = 0;
		}
		prev = tsc;
	}
	*count = c;
	*t = tsc;
	return 0;
}

/* lapic_sample reads the APIC timer's count and, in *t, the TSC at the middle of that (slow) read. */
static uint32_t lapic_sample(uint64_t *t)
{
	uint64_t a = rdtsc();
	uint32_t n = lapic_timer_count();
	uint64_t b = rdtsc();

	*t = a + (b - a) / 2;
	return n;
}

/*
 * The PIT window: opened at a first edge by timer_calibration_start,
 * at the start of platform_init, closed by timer_finish at the end of
 * cpus_init, PIT_WINDOW ticks later at the least. The machine's set-up,
 * building the address space, the timer's set-up and the search for
 * the CPUs (milliseconds under QEMU) fill the window instead of a wait.
 * The APIC timer's samples (l0 at lt0) are taken by timer_init, once
 * it is mapped.
 */
static struct window {
	bool open;
	uint16_t c0;
	uint64_t t0, lt0;
	uint32_t l0;
} win;

#define APIC_SPAN_MIN           4000    /* the APIC's span at least 1/4000 s (a quarter of a ms) */

/* WRAP_GUARD: TSC ticks after which the PIT (55 ms a turn) may have wrapped, for any TSC over 400 MHz. */
#define WRAP_GUARD              (20ull * 1000 * 1000)

/* pit_window_open starts the window at a PIT edge; -1 without a PIT. */
static int pit_window_open(void)
{
	pit_start();
	if (pit_edge(pit_read(), 1, &win.c0, &win.t0) < 0)
		return -1;
	win.open = true;
	return 0;
}

/* apic_span_open starts the APIC timer counting from its top, and takes its first sample. */
static void apic_span_open(void)
{
	lapic_timer_start(UINT32_MAX);
	win.l0 = lapic_sample(&win.lt0);
}

/*
 * pit_window_close ends the window at the first edge at least
 * PIT_WINDOW ticks after its start and sets the TSC's rate from it,
 * then the APIC timer's from its span (a quarter of a ms at least),
 * and arms the refinement from the window's first edge. A window that
 * may have seen the PIT wrap starts again.
 */
static void pit_window_close(void)
{
	uint16_t c, c1;
	uint64_t t1, lt1;
	uint32_t l1;

	if (rdtsc() - win.t0 > WRAP_GUARD && pit_window_open() < 0)
		fatal("timer: the PIT stopped counting");
	c = pit_read();
	/* An edge, never a count already past: the next change, or the one PIT_WINDOW on. */
	if ((uint16_t)(win.c0 - c) >= PIT_WINDOW ? pit_edge(c, 1, &c1, &t1) < 0 :
	    pit_edge(win.c0, PIT_WINDOW, &c1, &t1) < 0)
		fatal("timer: the PIT stopped counting");
	win.open = false;
	x86_tsc_hz = (t1 - win.t0) * PIT_HZ / (uint16_t)(win.c0 - c1);
	while (rdtsc() - win.lt0 < x86_tsc_hz / APIC_SPAN_MIN)
		;
	l1 = lapic_sample(&lt1);
	/* The APIC timer (the bus clock / 16) is slower than the TSC: the product fits. */
	x86_lapic_hz = (((uint64_t)(win.l0 - l1) << 32) / (lt1 - win.lt0)) * x86_tsc_hz >> 32;
	x86_timer_calibration = "pit";
	refine = (struct refine){ true, win.c0, win.t0 };
}

/*
 * The TSC's rate as CPUID states it exactly, or 0: leaf 0x15 with the
 * crystal's rate filled in (Intel since Skylake), or the timing leaf
 * a hypervisor may offer (0x40000010: TSC kHz). *how names the leaf.
 */
static uint64_t tsc_hz_cpuid(const char **how)
{
	uint32_t a, b, c, d, max;

	cpuid(0, &max, &b, &c, &d);
	if (max >= 0x15 && max < 0x40000000) {
		cpuid(0x15, &a, &b, &c, &d);    /* TSC = crystal (ecx) * ebx / eax */
		if (a && b && c) {
			*how = "cpuid 0x15";
			return (uint64_t)c * b / a;
		}
	}
	cpuid(1, &a, &b, &c, &d);
	if (c & (1u << 31)) {                   /* running under a hypervisor */
		cpuid(0x40000000, &a, &b, &c, &d);
		if (a >= 0x40000010 && a < 0x40010000) {
			cpuid(0x40000010, &a, &b, &c, &d);
			if (a) {
				*how = "cpuid 0x40000010";
				return (uint64_t)a * 1000;
			}
		}
	}
	return 0;
}

/* The processor's nominal base frequency (leaf 0x16, MHz), which is the TSC's on Intel, or 0. */
static uint64_t tsc_hz_nominal(void)
{
	uint32_t a, b, c, d, max;

	cpuid(0, &max, &b, &c, &d);
	if (max < 0x16 || max >= 0x40000000)
		return 0;
	cpuid(0x16, &a, &b, &c, &d);
	return (uint64_t)(a & 0xffff) * 1000000;
}

/* The CMOS clock's "update in progress" flag, set once a second. */
static int rtc_updating(void)
{
	outb(0x70, 0x0a);                       /* status register A */
	return inb(0x71) & 0x80;
}

/*
 * tsc_hz_rtc times one second between two rises of the update flag
 * (up to two seconds of boot). Returns 0 if the flag never rises.
 */
static uint64_t tsc_hz_rtc(void)
{
	const uint64_t limit = 20000000000ull;  /* TSC ticks: seconds on any real CPU */
	uint64_t start = rdtsc(), t[2];

	for (int i = 0; i < 2; i++) {
		while (rtc_updating())
			if (rdtsc() - start > limit)
				return 0;
		while (!rtc_updating())
			if (rdtsc() - start > limit)
				return 0;
		t[i] = rdtsc();
	}
	return t[1] - t[0];
}

/* calibrate_lapic measures the APIC timer against the TSC (whose rate is known) over 1 ms. */
static void calibrate_lapic(void)
{
	uint64_t t0, t1;
	uint32_t l0, l1;

	lapic_timer_start(UINT32_MAX);
	(void)lapic_sample(&t0);                /* once unmeasured: the first run is translated */
	l0 = lapic_sample(&t0);
	while (rdtsc() - t0 < x86_tsc_hz / 1000)
		;
	l1 = lapic_sample(&t1);
	x86_lapic_hz = (uint64_t)(l0 - l1) * x86_tsc_hz / (t1 - t0);
}

/* How timer_calibration_start found the TSC's rate, if a CPUID leaf stated it. */
static const char *tsc_exact;

/*
 * timer_calibration_start, at the start of platform_init: the TSC's rate
 * from CPUID if a leaf states it exactly, else the PIT window opens
 * (the PIT and the TSC need no mapping; timer_finish closes it).
 */
void timer_calibration_start(void)
{
	if ((x86_tsc_hz = tsc_hz_cpuid(&tsc_exact)) == 0)
		(void)pit_window_open();
}

/*
 * calibrate finds both rates, best source first: an exact CPUID leaf,
 * the PIT (which measures both at once: its window, open since
 * platform_init, and the APIC's span, which starts here, are left open
 * for timer_finish), the nominal frequency, the CMOS clock.
 */
static void calibrate(void)
{
	const char *how = tsc_exact;

	if (x86_tsc_hz == 0) {
		if (win.open) {
			apic_span_open();
			return;
		}
		if ((x86_tsc_hz = tsc_hz_nominal()) != 0)
			how = "cpuid 0x16";
		else if ((x86_tsc_hz = tsc_hz_rtc()) != 0)
			how = "rtc";
		else
			fatal("timer: no PIT, no TSC rate in CPUID, no CMOS clock: cannot measure time");
	}
	x86_timer_calibration = how;
	calibrate_lapic();
}

/* timer_start: the rates known, the clock starts and the boot CPU's timer with it. */
static void timer_start(void)
{
	lapic_timer_start(0);
	if (x86_tsc_hz < 1000000 || x86_lapic_hz < 10000)
		fatal("timer: implausible rates: TSC %llu Hz, APIC timer %llu Hz (%s)",
		      (unsigned long long)x86_tsc_hz, (unsigned long long)x86_lapic_hz,
		      x86_timer_calibration);
	clocks[0].ns_per_tsc = ratio_init(NSEC_PER_SEC, x86_tsc_hz);
	lapic_per_ns = ratio_init(x86_lapic_hz, NSEC_PER_SEC);
	lapic_timer_enable();
	clocks[0].base_tsc = rdtsc();
	/*
	 * The boot CPU's first tick, TICK_NS after the clock's zero, which
	 * is now: arm's count for it, without reading the clock back (one
	 * 64-bit product instead of tick_start's two, for an emulator to
	 * translate at boot). No deadline is set yet.
	 */
	cputimers[0].nexttick = TICK_NS;
	lapic_timer_start((uint32_t)(1 + ratio_apply(lapic_per_ns, TICK_NS)));
}

/*
 * timer_init measures the rates, or starts the APIC's span beside the
 * PIT window that timer_finish closes: until then time cannot be read
 * (pc.h).
 */
void timer_init(struct bootinfo *bi)
{
	(void)bi;
	lapic_init();
	calibrate();
	if (!win.open)
		timer_start();
}

void timer_finish(void)
{
	if (!win.open)
		return;
	pit_window_close();
	timer_start();
}

/* timer_init_cpu sets up the calling CPU's APIC and timer, at the rates timer_init measured. */
void timer_init_cpu(void)
{
	lapic_init();
	lapic_timer_start(0);
	lapic_timer_enable();
	tick_start(&cputimers[cpu_id()]);
}

uint64_t boot_clock(void)
{
	return rdtsc();
}

uint64_t boot_clock_hz(void)
{
	return x86_tsc_hz;
}

/*
 * A TSC read just before a new clock's base (on another CPU, around the
 * switch) counts as the base itself: time never runs back.
 */
int64_t machine_nanotime(void)
{
	const struct clock *k = __atomic_load_n(&clk, __ATOMIC_ACQUIRE);
	uint64_t d = rdtsc() - k->base_tsc;

	if ((int64_t)d < 0)
		d = 0;
	return k->base_ns + (int64_t)ratio_apply(k->ns_per_tsc, d);
}

/*
 * clock_refine measures the TSC's rate again over the span since the
 * quick calibration's first edge, once that is a second or more, and
 * publishes a clock at that rate, continuous with the old one now.
 * CPU 0, from its timer interrupt (interrupts off). The quick rate
 * counts the PIT's wraps over the span (the nearest count to its
 * estimate); past REFINE_WITHIN seconds an error of its could miscount
 * them, so the span starts again from a new edge. A result more than
 * 0.25% off the quick rate is not believed (the quick one stays): at
 * most REFINE_WITHIN seconds, one wrap more or less is 0.55% off.
 */
static void clock_refine(void)
{
	uint64_t span = rdtsc() - refine.tsc, t, ticks, est;
	uint16_t c, low;

	if (span < REFINE_AFTER * x86_tsc_hz)
		return;
	if (span > REFINE_WITHIN * x86_tsc_hz) {
		if (pit_edge(pit_read(), 1, &refine.pit, &refine.tsc) < 0)
			refine.pending = false;
		return;
	}
	refine.pending = false;
	if (pit_edge(pit_read(), 1, &c, &t) < 0)
		return;
	span = t - refine.tsc;
	est = span * PIT_HZ / x86_tsc_hz;               /* < 2^64: span is a few seconds */
	low = (uint16_t)(refine.pit - c);
	ticks = est - (uint16_t)(est - low);            /* est rounded down to ... low (mod 2^16) */
	if ((uint16_t)(est - low) >= 0x8000)
		ticks += 0x10000;                       /* ... or up: the nearer */
	uint64_t hz = span * PIT_HZ / ticks;
	if (hz < x86_tsc_hz - x86_tsc_hz / 400 || hz > x86_tsc_hz + x86_tsc_hz / 400)
		return;
	const struct clock *o = clk;
	struct clock *n = &clocks[1];
	n->base_tsc = rdtsc();
	n->base_ns = o->base_ns + (int64_t)ratio_apply(o->ns_per_tsc, n->base_tsc - o->base_tsc);
	n->ns_per_tsc = ratio_init(NSEC_PER_SEC, hz);
	x86_tsc_hz = hz;
	x86_timer_calibration = "pit, refined";
	__atomic_store_n(&clk, n, __ATOMIC_RELEASE);
}

/*
 * arm starts the APIC's count for the earlier of the deadline and the
 * next tick: at least one APIC tick (a time in the past interrupts at
 * once), at most the 32-bit counter's range (a far deadline wakes
 * early and is re-armed); with neither, the count stops.
 */
static void arm(struct cputimer *c, int64_t now)
{
	int64_t when = c->deadline;
	uint64_t n = 1;

	if (c->nexttick && (when == 0 || c->nexttick < when))
		when = c->nexttick;
	if (when == 0) {
		lapic_timer_start(0);
		return;
	}
	if (when > now)
		n += ratio_apply(lapic_per_ns, (uint64_t)(when - now));
	lapic_timer_start(n > UINT32_MAX ? UINT32_MAX : (uint32_t)n);
}

/* tick_start: this CPU ticks from now on (timer_init, leaving a long halt). */
static void tick_start(struct cputimer *c)
{
	int64_t now = machine_nanotime();
	c->nexttick = now + TICK_NS;
	arm(c, now);
}

void machine_timer_set(int64_t when)
{
	struct cputimer *c = &cputimers[cpu_id()];
	c->deadline = when;
	arm(c, machine_nanotime());
}

/*
 * machine_halt sleeps until the next interrupt with interrupts enabled
 * for the wait only. sti takes effect after the next instruction, so an
 * interrupt already pending, or arriving between sti and hlt, is taken
 * inside hlt's wait and wakes it: none is lost between the caller's
 * decision to sleep and the sleep. The handler runs (trap entry), iret
 * resumes at cli, and the caller gets interrupts disabled back, as on
 * every scheduler path.
 *
 * An interrupt that concerned this file alone (a tick, a count re-armed
 * for a deadline still ahead, the spurious vector: cputimer.quiet) does
 * not end the wait: it halts again. Any other, whoever handles it (a
 * wake-up, a deadline reached, a device), does: the entry counts every
 * interrupt in the per-CPU block (TLS_NINTR), and the wait ends when
 * more were taken than were quiet. A tick that finds the CPU halted
 * stops the tick (timer_interrupt); the tick starts again here, when the
 * halt ends, so a CPU halted for long takes no interrupt at all, and a
 * short halt costs the timer nothing.
 */
void machine_halt(void)
{
	struct cputimer *c = &cputimers[cpu_id()];

	if (c->missed) {
		c->missed = false;      /* cpu_sleep took a wake-up or a deadline meant for this halt */
		return;
	}
	c->halting = true;
	tlb_halt_enter();
	for (;;) {
		uint32_t n = tls_nintr(), q = c->quiet;
		__asm__ volatile("sti; hlt; cli" : : : "memory");
		if (tls_nintr() - n != c->quiet - q)
			break;
	}
	tlb_halt_exit();        /* a shootdown that did not wake it: flush before the scheduler runs */
	c->halting = false;
	if (c->nexttick == 0)
		tick_start(c);
}

/*
 * cpu_sleep waits for the next interrupt, with interrupts off before and
 * after, outside machine_halt (tlb.c's wait for the last answer): the
 * CPU sleeps instead of spinning, which under an emulator gives its time
 * to the CPU it waits for. It may run on the scheduler's stack, about
 * to halt: a wake-up or a deadline it takes there was meant to end that
 * halt, so the next machine_halt returns at once instead (missed).
 */
void cpu_sleep(void)
{
	struct cputimer *c = &cputimers[cpu_id()];
	uint32_t n = tls_nintr(), q = c->quiet;

	__asm__ volatile("sti; hlt; cli" : : : "memory");
	if (tls_nintr() - n != c->quiet - q)
		c->missed = true;
}

/*
 * timer_interrupt: a one-shot count ran out, for the deadline, the tick
 * or both. A deadline reached is done (the halt it ended was the
 * point). A tick while the CPU runs a goroutine is the runtime's
 * (runtime_interrupted) and the next comes TICK_NS later; a tick that
 * finds the CPU halted stops ticking until the halt ends (machine_halt).
 * A count that ran out before either is due (a stale interrupt of an
 * earlier request, the counter's range, or rounding between the two
 * clocks) is simply counted again, so a deadline never loses its
 * wake-up. Returns true if it was quiet: no deadline reached.
 */
static bool timer_interrupt(struct cputimer *c, struct trapframe *tf)
{
	int64_t now = machine_nanotime();
	bool due = false, tick = false;

	__atomic_add_fetch(&timer_interrupts, 1, __ATOMIC_RELAXED);
	if (refine.pending && c == &cputimers[0]) {
		clock_refine();
		now = machine_nanotime();
	}
	if (c->deadline != 0 && now >= c->deadline) {
		c->deadline = 0;
		due = true;
	}
	if (c->nexttick != 0 && now >= c->nexttick) {
		tick = true;
		c->nexttick = c->halting ? 0 : now + TICK_NS;
	}
	if (!due && !tick)
		__atomic_add_fetch(&timer_early, 1, __ATOMIC_RELAXED);
	arm(c, now);
	lapic_eoi();
	if (tick && !c->halting)
		runtime_interrupted(tf, 1);
	return !due;
}

/*
 * x86_interrupt: outside machine_halt, interrupts are enabled while a
 * goroutine runs (include/machine.h) and in a shootdown's wait
 * (cpu_sleep), so an interrupt taken there stopped a goroutine or the
 * scheduler; the runtime hears of it at a tick and at a wake-up
 * (cpu_wake), and tells the two apart itself.
 */
int x86_interrupt(struct trapframe *tf)
{
	struct cputimer *c = &cputimers[cpu_id()];

	switch (tf->vector) {
	case T_TIMER:
		if (timer_interrupt(c, tf))
			c->quiet++;
		return 1;
	case T_WAKE:
		lapic_eoi();            /* ends a halt; or a goroutine hears of it */
		if (!c->halting)
			runtime_interrupted(tf, 0);
		return 1;
	case T_SHOOTDOWN:
		tlb_answer();           /* tlb.c: flush, acknowledge */
		lapic_eoi();
		c->quiet++;             /* a halt sleeps on */
		return 1;
	case T_TLBDONE:
		lapic_eoi();            /* it only ends tlb.c's wait */
		c->quiet++;
		return 1;
	case T_SPURIOUS:
		c->quiet++;
		return 1;               /* the APIC wants no EOI for it */
	}
	return pic_interrupt((unsigned)tf->vector);     /* a device's line (intr.c), or nobody's */
}
