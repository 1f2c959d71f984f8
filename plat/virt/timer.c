/*
 * timer.c - time on ARM: the generic timer's virtual counter and its
 * compare register.
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
 * Tick counts become nanoseconds and back through a fixed-point ratio
 * (struct ratio, plat/common/ratio.h) whose product splits into two 32x32->64
 * multiplies: exact floor arithmetic, no 128-bit type, cheap on a 32-bit CPU.
 *
 * Each CPU has its own timer behind the same registers (and its own copy
 * of the PPI, gic.c): machine_timer_set programs the calling CPU's, and
 * the deadline it keeps is per CPU. The counter is one for all CPUs.
 *
 * Interrupts are only ever unmasked inside machine_halt (arch.c), an
 * ordinary function call: the VFP registers the handler's C code may
 * use (d0-d7, d16-d31, the FPSCR flags) are caller-saved there, and it
 * never changes the FPSCR's modes, so none is saved on the way in.
 */
#include <stdint.h>
#include "platform.h"
#include "arm.h"
#include "bootinfo.h"
#include "cpu.h"
#include "fdt.h"
#include "gic.h"
#include "machine.h"
#include "ratio.h"
#include "smp.h"

#define VIRT_TIMER_PPI          27      /* QEMU virt's, if the device tree does not say */
#define GIC_PPI_BASE            16      /* device-tree PPI n is interrupt id 16 + n */
#define GIC_SPI_BASE            32      /* and SPI n is 32 + n */

/* The counter's rate and the timer's interrupt id, for reports and tests. */
uint64_t arm_timer_hz;
unsigned arm_timer_irq = VIRT_TIMER_PPI;

/* Counters for tests: timer interrupts taken, and those that came early (never, here). */
uint64_t timer_interrupts, timer_early;

static uint64_t count_base;             /* the counter at timer_init: nanotime 0 */
static struct ratio ns_per_tick, ticks_per_ns;
static int64_t deadline[MAXCPU];        /* each CPU's armed deadline, 0 if none */

/* The virtual timer's interrupt id: the third <type number flags> of /timer's interrupts. */
static unsigned timer_irq_from_dtb(const void *dtb)
{
	int len;
	const uint8_t *p;

	if (dtb == NULL)
		return VIRT_TIMER_PPI;
	p = fdt_getprop(dtb, fdt_path_offset(dtb, "/timer"), "interrupts", &len);
	if (p == NULL || len < 9 * 4)
		return VIRT_TIMER_PPI;
	p += 6 * 4;                     /* secure physical, non-secure physical, then virtual */
	return fdt_be32(p + 4) + (fdt_be32(p) == 1 ? GIC_PPI_BASE : GIC_SPI_BASE);
}

/* CNTFRQ, or /timer's clock-frequency if firmware left CNTFRQ at 0. */
static uint64_t counter_hz(const void *dtb)
{
	int len;
	const void *p;
	uint32_t hz = read_cntfrq();

	if (hz == 0 && dtb != NULL) {
		p = fdt_getprop(dtb, fdt_path_offset(dtb, "/timer"), "clock-frequency", &len);
		if (p != NULL && len == 4)
			hz = fdt_be32(p);
	}
	return hz;
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
 * timer_interrupt: the counter reached the compare value. Switching the
 * timer off drops the interrupt line before gic.c ends the interrupt.
 */
static void timer_interrupt(struct trapframe *tf)
{
	int64_t *d = &deadline[cpu_id()];

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

void timer_init(struct bootinfo *bi)
{
	const void *dtb = bi && bi->dtb ? phys_to_virt(bi->dtb) : NULL;

	write_cntv_ctl(0);
	arm_timer_hz = counter_hz(dtb);
	if (arm_timer_hz == 0)
		fatal("timer: the generic timer's frequency is unknown (CNTFRQ is 0)");
	arm_timer_irq = timer_irq_from_dtb(dtb);
	ns_per_tick = ratio_init(NSEC_PER_SEC, arm_timer_hz);
	ticks_per_ns = ratio_init(arm_timer_hz, NSEC_PER_SEC);
	gic_init(dtb);
	gic_enable(arm_timer_irq, timer_interrupt);
	count_base = read_cntvct();
}

void timer_cpu_init(void)
{
	write_cntv_ctl(0);
	deadline[cpu_id()] = 0;
}

int64_t machine_nanotime(void)
{
	return (int64_t)ratio_apply(ns_per_tick, read_cntvct() - count_base);
}

void machine_timer_set(int64_t when)
{
	deadline[cpu_id()] = when;
	if (when == 0) {
		write_cntv_ctl(0);
		return;
	}
	write_cntv_cval(count_base + ticks_at(when > 0 ? (uint64_t)when : 0));
	write_cntv_ctl(CNTV_CTL_ENABLE);
}
