/*
 * timer.c - time on x86, i386 and amd64: the TSC for machine_nanotime, the
 * local APIC timer in one-shot mode for machine_timer_set.
 *
 * Neither rate is architectural. Where CPUID states the TSC's rate
 * exactly (leaf 0x15 with the crystal's rate, or a hypervisor's
 * 0x40000010) that is used; otherwise both are measured at once against
 * the 8254's fixed 1.193182 MHz clock: three windows of about 10 ms,
 * the median of each rate kept (a window the host stretched by
 * descheduling QEMU lands at an end). Without a PIT (QEMU's microvm can
 * leave it out) the TSC's rate is the nominal one of leaf 0x16 or,
 * failing that, one second of the CMOS clock's update flag (up to two
 * seconds of boot). The APIC timer is then measured against the TSC.
 * The TSC is taken to run at a constant rate (invariant TSC on any CPU
 * of the last fifteen years; QEMU's TCG follows the host's).
 *
 * Tick counts become nanoseconds, and nanoseconds APIC ticks, through a
 * fixed-point ratio (struct ratio, plat/common/ratio.h) whose product
 * splits into two 32x32->64 multiplies: exact floor arithmetic, no
 * 128-bit type, cheap on i386.
 *
 * The APIC timer counts a duration, not up to a TSC value, and its
 * interrupt cannot be recalled once raised: a request replaced or
 * cancelled after its count ran out (with interrupts off, so still
 * pending) wakes the next machine_halt anyway, and a count can end a hair
 * before the TSC says the deadline is due. So the interrupt handler
 * compares the time with the deadline and counts the rest if it came
 * early: machine_halt may return before the deadline (callers re-check the
 * time, as they must), but the wake-up for a deadline is never lost.
 *
 * Each CPU has its own APIC timer, and so its own deadline; the rates
 * are the boot CPU's measurement (every CPU's APIC counts the same bus
 * clock, and the TSCs run together), so the other CPUs only set their
 * APIC up (timer_init_cpu). The wake-up one CPU sends another
 * (cpu_wake, vector T_WAKE) is handled here too: it only ends a halt.
 *
 * Interrupts are only ever enabled inside machine_halt (power.c), an
 * ordinary function call: every vector/FPU register is caller-saved
 * there (and x87/SSE control state is never changed by the handler),
 * so the handler's C code may use any of them without saving them.
 */
#include <stdint.h>
#include "platform.h"
#include "x86.h"
#include "io.h"
#include "machine.h"
#include "lapic.h"
#include "pit.h"
#include "ratio.h"

#define PIT_WINDOW              (PIT_HZ / 100)  /* 10 ms of PIT ticks */
#define PIT_WINDOWS             3
#define PIT_POLLS_PER_TICK      1000            /* reads per PIT tick before giving up: no PIT */

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

static uint64_t tsc_base;               /* the TSC at timer_init: nanotime 0 */
static struct ratio ns_per_tsc;         /* TSC ticks -> ns */
static struct ratio lapic_per_ns;       /* ns -> APIC timer ticks */
static int64_t deadline[MAXCPU];        /* each CPU's armed deadline, 0 if none; see timer_interrupt */

/* median sorts v[0..n-1] in place and returns its middle value. */
static uint64_t median(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j] < v[j - 1]; j--) {
			uint64_t t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[n / 2];
}

/*
 * pit_wait polls until the PIT's count has fallen at least n below
 * from, and returns that count and, in *t, the TSC just before the read
 * that saw it. The PIT's edge lies between the previous read and that
 * one, so *t is its centre estimate at both ends of a window alike.
 * Returns -1 if the count never gets there (a read takes far longer
 * than 1/1000 of a PIT tick): no PIT.
 */
static int pit_wait(uint16_t from, uint16_t n, uint16_t *count, uint64_t *t)
{
	long polls = 0;
	uint64_t tsc;
	uint16_t c;

	do {
		if (++polls > PIT_POLLS_PER_TICK * ((long)n + 1))
			return -1;
		tsc = rdtsc();
		c = pit_read();
	} while ((uint16_t)(from - c) < n);
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

/* One calibration window: TSC ticks across pit PIT ticks, APIC ticks across ltsc TSC ticks. */
struct window {
	uint64_t tsc;
	uint32_t pit;
	uint64_t ltsc;
	uint32_t lapic;
};

/*
 * pit_window measures one window of at least n PIT ticks, edge to edge,
 * with the APIC timer read at both ends. -1 if there is no PIT.
 */
static int pit_window(struct window *w, uint16_t n)
{
	uint16_t first, c0, c1;
	uint64_t t0, t1, lt0, lt1;
	uint32_t l0, l1;

	pit_start();
	lapic_timer_start(UINT32_MAX);
	first = pit_read();
	if (pit_wait(first, 1, &c0, &t0) < 0)
		return -1;
	l0 = lapic_sample(&lt0);
	if (pit_wait(c0, n, &c1, &t1) < 0)
		return -1;
	l1 = lapic_sample(&lt1);
	w->tsc = t1 - t0;
	w->pit = (uint16_t)(c0 - c1);
	w->ltsc = lt1 - lt0;
	w->lapic = l0 - l1;
	return 0;
}

/*
 * calibrate_pit sets both rates from PIT_WINDOWS windows, each rate the
 * median of its own measurements; -1 without a PIT. A short window
 * first runs the same code once, unmeasured: under an emulator the
 * first run of new code is slow (it is translated), which would
 * stretch one end of the first window.
 */
static int calibrate_pit(void)
{
	struct window w[PIT_WINDOWS];
	uint64_t tsc_hz[PIT_WINDOWS], lapic_per_tsc[PIT_WINDOWS];

	if (pit_window(&w[0], PIT_WINDOW / 8) < 0)
		return -1;
	for (int i = 0; i < PIT_WINDOWS; i++) {
		if (pit_window(&w[i], PIT_WINDOW) < 0)
			return -1;
		tsc_hz[i] = w[i].tsc * PIT_HZ / w[i].pit;
		lapic_per_tsc[i] = ((uint64_t)w[i].lapic << 32) / w[i].ltsc;   /* 32.32 fixed point */
	}
	x86_tsc_hz = median(tsc_hz, PIT_WINDOWS);
	/* The APIC timer (the bus clock / 16) is slower than the TSC: the product fits. */
	x86_lapic_hz = median(lapic_per_tsc, PIT_WINDOWS) * x86_tsc_hz >> 32;
	x86_timer_calibration = "pit";
	return 0;
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

/* calibrate_lapic measures the APIC timer against the TSC (whose rate is known) over 10 ms. */
static void calibrate_lapic(void)
{
	uint64_t t0, t1;
	uint32_t l0, l1;

	lapic_timer_start(UINT32_MAX);
	(void)lapic_sample(&t0);                /* once unmeasured: see calibrate_pit */
	l0 = lapic_sample(&t0);
	while (rdtsc() - t0 < x86_tsc_hz / 100)
		;
	l1 = lapic_sample(&t1);
	x86_lapic_hz = (uint64_t)(l0 - l1) * x86_tsc_hz / (t1 - t0);
}

/*
 * calibrate finds both rates, best source first: an exact CPUID leaf,
 * the PIT (which measures both at once), the nominal frequency, the
 * CMOS clock.
 */
static void calibrate(void)
{
	const char *how = NULL;

	if ((x86_tsc_hz = tsc_hz_cpuid(&how)) == 0) {
		if (calibrate_pit() == 0)
			return;
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

void timer_init(struct bootinfo *bi)
{
	(void)bi;
	lapic_init();
	calibrate();
	lapic_timer_start(0);
	if (x86_tsc_hz < 1000000 || x86_lapic_hz < 10000)
		fatal("timer: implausible rates: TSC %llu Hz, APIC timer %llu Hz (%s)",
		      (unsigned long long)x86_tsc_hz, (unsigned long long)x86_lapic_hz,
		      x86_timer_calibration);
	ns_per_tsc = ratio_init(NSEC_PER_SEC, x86_tsc_hz);
	lapic_per_ns = ratio_init(x86_lapic_hz, NSEC_PER_SEC);
	lapic_timer_enable();
	tsc_base = rdtsc();
}

/* timer_init_cpu sets up the calling CPU's APIC and timer, at the rates timer_init measured. */
void timer_init_cpu(void)
{
	lapic_init();
	lapic_timer_start(0);
	lapic_timer_enable();
}

int64_t machine_nanotime(void)
{
	return (int64_t)ratio_apply(ns_per_tsc, rdtsc() - tsc_base);
}

/*
 * start_count arms the APIC for the time left until deadline: at least
 * one tick (a deadline in the past interrupts at once), at most the
 * 32-bit counter's range (a far deadline wakes early and is re-armed).
 */
static void start_count(int64_t now)
{
	int64_t when = deadline[cpu_id()];
	uint64_t n = 1;

	if (when > now)
		n += ratio_apply(lapic_per_ns, (uint64_t)(when - now));
	lapic_timer_start(n > UINT32_MAX ? UINT32_MAX : (uint32_t)n);
}

void machine_timer_set(int64_t when)
{
	deadline[cpu_id()] = when;
	if (when == 0)
		lapic_timer_start(0);
	else
		start_count(machine_nanotime());
}

/*
 * timer_interrupt: a one-shot count ran out. If that is still before
 * the deadline (a stale interrupt of an earlier request, the counter's
 * range, or rounding between the two clocks), count the rest so the
 * deadline still gets its wake-up; else the request is done.
 */
static void timer_interrupt(void)
{
	int64_t *when = &deadline[cpu_id()];

	__atomic_add_fetch(&timer_interrupts, 1, __ATOMIC_RELAXED);
	if (*when != 0) {
		int64_t now = machine_nanotime();
		if (now < *when) {
			__atomic_add_fetch(&timer_early, 1, __ATOMIC_RELAXED);
			start_count(now);
			return;
		}
	}
	*when = 0;
}

int x86_interrupt(unsigned vector)
{
	switch (vector) {
	case T_TIMER:
		timer_interrupt();
		lapic_eoi();
		return 1;
	case T_WAKE:
		lapic_eoi();            /* nothing else: the halt it ended was the point */
		return 1;
	case T_SPURIOUS:
		return 1;               /* the APIC wants no EOI for it */
	}
	return 0;
}
