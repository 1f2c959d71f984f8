/*
 * timer.c - time on ARM: the generic timer's counter and its two
 * timers, the deadline and the preemption tick; and machine_halt.
 *
 * The counter (CNTVCT, 64 bits) runs at CNTFRQ, which firmware sets
 * (QEMU: 62.5 MHz); the device tree's /timer clock-frequency stands in
 * if it did not. The virtual timer interrupts when the counter reaches
 * CNTV_CVAL: an absolute compare, so a deadline becomes one counter
 * value, computed so that machine_nanotime at that count is already at or
 * past the deadline - the interrupt can never come early. Its interrupt
 * is a level-sensitive PPI (27 on QEMU virt; the third entry of
 * /timer's interrupts). Disabling the timer drops the line, and the GIC
 * forgets a level interrupt that is no longer asserted, so a cancelled
 * or replaced request leaves nothing pending behind.
 *
 * The tick (include/machine.h, TICK_NS) is the physical timer's, a PPI
 * of its own, so the deadline and the tick never share a compare
 * register: nothing is reprogrammed when goroutines switch. Which PPI
 * depends on the security state goro was started in (CNTP_* are the
 * secure physical timer's in Secure state, QEMU's virt,secure=on): the
 * non-secure one (30 on QEMU virt, the second entry of /timer's
 * interrupts) and the secure one (29, the first) both go to the tick;
 * the timer goro does not use never raises its line. Each tick moves the compare value on by a period (skipping
 * any missed) and, when it interrupted a goroutine, calls
 * runtime_interrupted. A tick that finds the CPU halted switches the
 * tick off, and the halt goes on: an idle CPU takes one tick at most,
 * then sleeps until a real interrupt (the deadline, a wake-up, a
 * device), and only then does machine_halt switch the tick on again.
 * So nothing polls, and a CPU that runs goroutines always ticks.
 *
 * Tick counts become nanoseconds and back through a fixed-point ratio
 * (struct ratio, plat/common/ratio.h) whose product splits into two 32x32->64
 * multiplies: exact floor arithmetic, no 128-bit type, cheap on a 32-bit CPU.
 *
 * Each CPU has its own timers behind the same registers (and its own
 * copy of each PPI, gic.c): machine_timer_set programs the calling
 * CPU's, and its deadline and tick state are per CPU. The counter is
 * one for all CPUs.
 *
 * Interrupts come while goroutines run and inside machine_halt; the
 * IRQ entry (vectors.S) saves every register, VFP/NEON included, so the
 * handlers here are plain C.
 */
#include <stdint.h>
#include "platform.h"
#include "arm.h"
#include "bootinfo.h"
#include "cpu.h"
#include "board.h"
#include "fdt.h"
#include "gic.h"
#include "machine.h"
#include "ratio.h"
#include "smp.h"

#define VIRT_TIMER_PPI          27      /* QEMU virt's virtual timer, if the device tree does not say */
#define PHYS_TIMER_PPI          30      /* and its non-secure physical timer: the tick */
#define SEC_PHYS_TIMER_PPI      29      /* the secure physical timer: the tick in Secure state */
#define GIC_PPI_BASE            16      /* device-tree PPI n is interrupt id 16 + n */
#define GIC_SPI_BASE            32      /* and SPI n is 32 + n */

/* The counter's rate and the timers' interrupt ids, for reports and tests. */
uint64_t arm_timer_hz;
unsigned arm_timer_irq = VIRT_TIMER_PPI, arm_tick_irq = PHYS_TIMER_PPI, arm_tick_irq_secure = SEC_PHYS_TIMER_PPI;

/*
 * Counters for tests: deadline interrupts taken, those that came early
 * (never, here), and ticks taken.
 */
uint64_t timer_interrupts, timer_early, timer_ticks;

static uint64_t count_base;             /* the counter at timer_init: nanotime 0 */
static struct ratio ns_per_tick, ticks_per_ns;
static uint64_t tick_period;            /* TICK_NS in counts */
#define TICKS_PER_SEC   ((uint32_t)(NSEC_PER_SEC / TICK_NS))
_Static_assert(NSEC_PER_SEC % TICK_NS == 0, "a whole number of ticks a second");

/* Each CPU's timers and halt, written by that CPU alone (its code and its interrupts). */
static struct cpu_timer {
	int64_t deadline;       /* the armed deadline, 0 if none */
	uint64_t tickat;        /* the count the next tick is due at, while ticking */
	bool ticking;           /* the tick is on */
	bool halting;           /* in machine_halt's wait */
	uint32_t tickstops;     /* ticks that found the CPU halted and switched the tick off */
} __attribute__((aligned(64))) pcpu[MAXCPU];

/* Interrupt id of entry n of the /timer node's interrupts (<type number flags> each), dflt if there is none; one copy for three calls. */
static __attribute__((noinline)) unsigned timer_irq_from_dtb(int timer, uint32_t n, unsigned dflt)
{
	uint32_t len;
	const uint8_t *p = fdt_prop(timer, FDT_INTERRUPTS, &len);

	if (p == NULL || len < (n + 1) * 3 * 4)
		return dflt;
	p += n * 3 * 4;         /* secure physical, non-secure physical, virtual, hyp */
	return fdt_be32(p + 4) + (fdt_be32(p) == 1 ? GIC_PPI_BASE : GIC_SPI_BASE);
}

/* CNTFRQ, or /timer's clock-frequency if firmware left CNTFRQ at 0. */
static uint64_t counter_hz(int timer)
{
	uint32_t hz = read_cntfrq();

	return hz ? hz : fdt_prop_u32(timer, FDT_CLOCK_FREQUENCY, 0);
}

/* ticks_at is the least counter offset whose nanotime is at least ns (ns >= 0). */
static uint64_t ticks_at(uint64_t ns)
{
	uint64_t c = ratio_apply(ticks_per_ns, ns);

	for (;;) {
		uint64_t t = ratio_apply(ns_per_tick, c);
		if (t >= ns)
			return c;
		c += ratio_apply(ticks_per_ns, ns - t) + 1;
	}
}

/*
 * timer_interrupt: the counter reached the deadline. Switching the
 * timer off drops the interrupt line before gic.c ends the interrupt.
 */
static void timer_interrupt(struct trapframe *tf)
{
	int64_t *d = &pcpu[cpu_id()].deadline;

	(void)tf;
	__atomic_add_fetch(&timer_interrupts, 1, __ATOMIC_RELAXED);
	write_cntv_ctl(0);
	if (*d != 0 && machine_nanotime() < *d) {
		/* cannot happen (ticks_at); re-arm rather than trust it */
		__atomic_add_fetch(&timer_early, 1, __ATOMIC_RELAXED);
		machine_timer_set(*d);
		return;
	}
	*d = 0;
}

/* tick_start: this CPU's tick on, the first one a period from now. */
static void tick_start(struct cpu_timer *c)
{
	c->tickat = read_cntpct() + tick_period;
	write_cntp_cval(c->tickat);
	write_cntp_ctl(CNTV_CTL_ENABLE);
	c->ticking = true;
}

/*
 * tick_interrupt: the tick. Inside machine_halt it switches the tick
 * off (the line drops); otherwise the compare value moves on, which
 * drops the line too, and a goroutine it interrupted is the runtime's
 * to look at (runtime_interrupted: it may redirect tf to asyncPreempt).
 */
static void tick_interrupt(struct trapframe *tf)
{
	struct cpu_timer *c = &pcpu[cpu_id()];

	__atomic_add_fetch(&timer_ticks, 1, __ATOMIC_RELAXED);
	if (c->halting) {
		write_cntp_ctl(0);
		c->ticking = false;
		c->tickstops++;
		return;
	}
	uint64_t now = read_cntpct(), next = c->tickat + tick_period;
	c->tickat = next > now ? next : now + tick_period;
	write_cntp_cval(c->tickat);
	runtime_interrupted(tf, 1);
}

void timer_init(struct bootinfo *bi)
{
	int timer = board.timer;
	uint32_t hz = counter_hz(timer);

	(void)bi;
	write_cntv_ctl(0);
	write_cntp_ctl(0);
	arm_timer_hz = hz;
	if (hz == 0)
		fatal("timer: the generic timer's frequency is unknown (CNTFRQ is 0)");
	arm_timer_irq = timer_irq_from_dtb(timer, 2, VIRT_TIMER_PPI);
	arm_tick_irq = timer_irq_from_dtb(timer, 1, PHYS_TIMER_PPI);
	arm_tick_irq_secure = timer_irq_from_dtb(timer, 0, SEC_PHYS_TIMER_PPI);
	ns_per_tick = ratio_init(NSEC_PER_SEC, arm_timer_hz);
	ticks_per_ns = ratio_init(arm_timer_hz, NSEC_PER_SEC);
	tick_period = (hz + TICKS_PER_SEC - 1) / TICKS_PER_SEC;    /* one udiv, rounded up: TICK_NS at least */
	gic_init();
	gic_enable(arm_timer_irq, timer_interrupt);
	gic_enable(arm_tick_irq, tick_interrupt);
	if (arm_tick_irq_secure != arm_tick_irq)
		gic_enable(arm_tick_irq_secure, tick_interrupt);
	count_base = read_cntvct();
	tick_start(&pcpu[cpu_id()]);
}

void timer_cpu_init(void)
{
	struct cpu_timer *c = &pcpu[cpu_id()];

	write_cntv_ctl(0);
	c->deadline = 0;
	tick_start(c);
}

bool timer_halting(void)
{
	return pcpu[cpu_id()].halting;
}

uint64_t boot_clock(void)
{
	return read_cntvct();
}

uint64_t boot_clock_hz(void)
{
	return arm_timer_hz;
}

int64_t machine_nanotime(void)
{
	return (int64_t)ratio_apply(ns_per_tick, read_cntvct() - count_base);
}

void machine_timer_set(int64_t when)
{
	pcpu[cpu_id()].deadline = when;
	if (when == 0) {
		write_cntv_ctl(0);
		return;
	}
	write_cntv_cval(count_base + ticks_at(when > 0 ? (uint64_t)when : 0));
	write_cntv_ctl(CNTV_CTL_ENABLE);
}

/*
 * machine_halt: wfi with IRQs still masked - it wakes on a pending
 * interrupt all the same, so one that arrived after the caller decided
 * to wait is not lost - then unmask just long enough for the IRQ to be
 * taken (the isb makes the unmasking take effect before the mask
 * returns), and return with IRQs masked, as on the scheduler's stack
 * everywhere. A tick alone does not end the halt: it switched itself
 * off (tick_interrupt), and the CPU waits on until another interrupt
 * comes; only then is the tick switched on again, for the goroutines
 * the CPU may now run.
 */
void machine_halt(void)
{
	struct cpu_timer *c = &pcpu[cpu_id()];
	uint32_t others = gic_taken() - c->tickstops;

	c->halting = true;
	do
		__asm__ volatile("wfi\n\t"
		                 "cpsie i\n\t"
		                 "isb\n\t"
		                 "cpsid i" ::: "memory");
	while (gic_taken() - c->tickstops == others);
	c->halting = false;
	if (!c->ticking)
		tick_start(c);
}
