/*
 * gic.c - a GICv2 driver, and arm_irq, the IRQ vector's C half.
 *
 * The GIC is reset to a known state rather than trusted: every
 * interrupt disabled and not pending, then only those gic_enable asks
 * for are let through. Group 0 and group 1 are both forwarded (QEMU virt
 * has no security extensions, so everything is group 0 and signalled as
 * IRQ; a secure-world firmware may have made them group 1). The handler
 * table is tiny and fixed: goro takes a few interrupts, not a bus.
 *
 * Several CPUs: the boot CPU resets the distributor; every CPU resets
 * its own CPU interface and its banked part of the distributor (SGIs
 * 0-15 and PPIs 16-31 have an enable, pending and priority state per
 * CPU behind the same addresses), so each CPU started later enables its
 * own copy of every SGI and PPI registered (gic_cpu_init). An SGI is
 * sent to a CPU interface number, which need not be goro's number for
 * the CPU or its MPIDR: each CPU reads its own from the distributor.
 * Registers are identity-mapped device memory (platform_map_devices), which
 * keeps accesses in program order.
 */
#include <stdint.h>
#include "platform.h"
#include "arm.h"
#include "cpu.h"
#include "board.h"
#include "fdt.h"
#include "gic.h"
#include "machine.h"

/* QEMU virt's addresses, for when there is no device tree to read. */
#define VIRT_GICD_BASE          0x08000000u
#define VIRT_GICC_BASE          0x08010000u
#define VIRT_GIC_SIZE           0x10000u

/* Distributor registers (byte offsets). */
#define GICD_CTLR               0x000
#define GICD_TYPER              0x004   /* bits 4:0: lines / 32 - 1 */
#define GICD_ISENABLER          0x100
#define GICD_ICENABLER          0x180
#define GICD_ICPENDR            0x280
#define GICD_ICACTIVER          0x380
#define GICD_ICFGR              0xc00   /* 2 bits per interrupt: bit 1 set is edge-triggered */
#define GICD_IPRIORITYR         0x400   /* a byte per interrupt */
#define GICD_ITARGETSR          0x800   /* a byte per interrupt; 0-31 read as this CPU's interface */
#define GICD_SGIR               0xf00   /* write: send an SGI */
#define GICD_CPENDSGIR          0xf10   /* 4 registers: clear pending SGIs, a byte per SGI */

#define SGIR_TARGETS(mask)      ((uint32_t)(mask) << 16)        /* TargetListFilter 0: the list */
#define SGIR_SELF               (2u << 24)                      /* TargetListFilter 2: the sender */
#define GIC_BANKED              32      /* SGIs and PPIs: ids below this are per CPU */

/* CPU interface registers. */
#define GICC_CTLR               0x000
#define GICC_PMR                0x004   /* priorities below (numerically less than) this pass */
#define GICC_BPR                0x008
#define GICC_IAR                0x00c   /* read: acknowledge the highest pending interrupt */
#define GICC_EOIR               0x010   /* write the IAR value back: done */

#define CTLR_ENABLE_GRP0        (1u << 0)
#define CTLR_ENABLE_GRP1        (1u << 1)
#define IAR_ID_MASK             0x3ffu
#define IAR_SPURIOUS_FIRST      1020u   /* ids 1020-1023: nothing to acknowledge */
#define IRQ_PRIORITY            0xa0u
#define PMR_ALL                 0xf0u

static volatile uint32_t *gicd, *gicc;
static unsigned nlines;                 /* interrupt ids the distributor implements */
static struct spinlock cfglock;         /* GICD_ICFGR's read-modify-write (gic_spi_route) */

static struct {
	unsigned id;
	void (*fn)(struct trapframe *tf);
} handlers[8];
static int nhandlers;

/* Interrupts each CPU has taken (arm_irq), written by that CPU only: machine_halt counts them. */
static uint32_t taken[MAXCPU];

/* Each CPU's interface as a target-list bit (by goro's CPU number), 0 until it ran gic_*init. */
static uint8_t cpu_iface[MAXCPU];

void gic_locate(struct fdt_range r[2])
{
	r[0] = (struct fdt_range){ VIRT_GICD_BASE, VIRT_GIC_SIZE };
	r[1] = (struct fdt_range){ VIRT_GICC_BASE, VIRT_GIC_SIZE };
	if (board.gic >= 0) {
		r[0] = board.gicreg[0];
		r[1] = board.gicreg[1];
	}
	gicd = (volatile uint32_t *)(uintptr_t)r[0].base;
	gicc = (volatile uint32_t *)(uintptr_t)r[1].base;
}

static inline uint32_t rd(volatile uint32_t *base, unsigned off) { return base[off / 4]; }
static inline void wr(volatile uint32_t *base, unsigned off, uint32_t v) { base[off / 4] = v; }

/* Lets interrupt id through on this CPU (for an SGI or PPI: this CPU's copy only). */
static void enable_line(unsigned id)
{
	volatile uint8_t *prio = (volatile uint8_t *)gicd + GICD_IPRIORITYR;
	prio[id] = IRQ_PRIORITY;
	wr(gicd, GICD_ISENABLER + 4 * (id / 32), 1u << (id % 32));
}

/*
 * cpu_interface_on: this CPU's banked SGIs and PPIs disabled, not
 * pending, not active; its CPU interface on, letting every priority
 * through; its interface number recorded for gic_send_sgi.
 */
static void cpu_interface_on(void)
{
	int id = cpu_id();
	volatile uint8_t *targets = (volatile uint8_t *)gicd + GICD_ITARGETSR;
	uint8_t iface = targets[0];     /* banked: reads as this CPU's own bit */

	if (id < 0 || id >= MAXCPU)
		fatal("gic: cpu_id() is %d, not a CPU number (0..%d)", id, MAXCPU - 1);
	/* A GIC for one CPU reads 0 here: then only the boot CPU exists, and it targets itself. */
	if (iface == 0 && id != 0)
		fatal("gic: cpu %d reads no CPU interface number (GICD_ITARGETSR0 is 0)", id);

	wr(gicd, GICD_ICENABLER, ~0u);
	wr(gicd, GICD_ICPENDR, ~0u);    /* PPIs; SGIs are cleared by source below */
	wr(gicd, GICD_ICACTIVER, ~0u);
	for (unsigned i = 0; i < 4; i++)
		wr(gicd, GICD_CPENDSGIR + 4 * i, ~0u);

	wr(gicc, GICC_PMR, PMR_ALL);
	wr(gicc, GICC_BPR, 0);
	wr(gicc, GICC_CTLR, CTLR_ENABLE_GRP0 | CTLR_ENABLE_GRP1);
	__atomic_store_n(&cpu_iface[id], iface, __ATOMIC_RELEASE);
}

void gic_init(void)
{
	if (gicd == NULL)
		fatal("gic_init: the GIC was not located (gic_locate)");
	wr(gicd, GICD_CTLR, 0);
	nlines = ((rd(gicd, GICD_TYPER) & 0x1f) + 1) * 32;
	for (unsigned i = 1; i < nlines / 32; i++) {
		wr(gicd, GICD_ICENABLER + 4 * i, ~0u);
		wr(gicd, GICD_ICPENDR + 4 * i, ~0u);
		wr(gicd, GICD_ICACTIVER + 4 * i, ~0u);
	}
	cpu_interface_on();             /* the first 32, this CPU's */
	wr(gicd, GICD_CTLR, CTLR_ENABLE_GRP0 | CTLR_ENABLE_GRP1);
}

void gic_cpu_init(void)
{
	cpu_interface_on();
	for (int i = 0; i < nhandlers; i++)
		if (handlers[i].id < GIC_BANKED)
			enable_line(handlers[i].id);
}

void gic_enable(unsigned id, void (*fn)(struct trapframe *tf))
{
	if (id >= nlines || nhandlers == (int)nelem(handlers))
		fatal("gic: cannot enable interrupt %u (%u lines, %d of %d handlers in use)",
		      id, nlines, nhandlers, (int)nelem(handlers));
	handlers[nhandlers].id = id;
	handlers[nhandlers].fn = fn;
	nhandlers++;
	enable_line(id);
}

unsigned gic_lines(void)
{
	return nlines;
}

void gic_spi_route(unsigned id, int edge)
{
	volatile uint8_t *prio = (volatile uint8_t *)gicd + GICD_IPRIORITYR;
	volatile uint8_t *targets = (volatile uint8_t *)gicd + GICD_ITARGETSR;
	if (id < GIC_BANKED || id >= nlines)
		fatal("gic: interrupt %u is not an SPI (32-%u)", id, nlines - 1);
	uint32_t bit = 2u << 2 * (id % 16);
	/* 16 lines share the register: two CPUs routing two of them at once would lose one. */
	spin_lock(&cfglock);
	uint32_t cfg = rd(gicd, GICD_ICFGR + 4 * (id / 16));
	wr(gicd, GICD_ICFGR + 4 * (id / 16), edge ? cfg | bit : cfg & ~bit);
	spin_unlock(&cfglock);
	prio[id] = IRQ_PRIORITY;
	/* CPU 0's interface (a one-CPU GIC ignores the write and delivers to its CPU). */
	targets[id] = __atomic_load_n(&cpu_iface[0], __ATOMIC_ACQUIRE);
}

void gic_line_enable(unsigned id, int on)
{
	wr(gicd, (on ? GICD_ISENABLER : GICD_ICENABLER) + 4 * (id / 32), 1u << (id % 32));
}

void gic_send_sgi(int cpu, unsigned sgi)
{
	uint32_t sgir;

	if (sgi >= 16)
		fatal("gic: SGI %u to cpu %d: SGIs are 0-15", sgi, cpu);
	if (cpu == cpu_id())
		sgir = SGIR_SELF;       /* needs no interface number: a one-CPU GIC has none */
	else {
		uint8_t iface = cpu >= 0 && cpu < MAXCPU ?
		                __atomic_load_n(&cpu_iface[cpu], __ATOMIC_ACQUIRE) : 0;
		if (iface == 0)
			fatal("gic: SGI %u to cpu %d, which has no known CPU interface (not started?)",
			      sgi, cpu);
		sgir = SGIR_TARGETS(iface);
	}
	dsb();                          /* what the sender wrote is seen before the interrupt */
	wr(gicd, GICD_SGIR, sgir | sgi);
}

uint32_t gic_taken(void)
{
	return taken[cpu_id()];
}

/*
 * arm_irq: one interrupt, acknowledged, handled, ended. Called by the
 * IRQ vector (vectors.S) in IRQ mode with the interrupted context in tf,
 * which the handler may change. An interrupt no handler is registered
 * for is disabled, so it cannot storm: a device line a goroutine waits
 * for (intr.c enabled it; it is recorded with intr_pending) or a stray
 * (firmware state is not trusted).
 */
void arm_irq(struct trapframe *tf)
{
	uint32_t iar = rd(gicc, GICC_IAR);
	unsigned id = iar & IAR_ID_MASK;

	if (id >= IAR_SPURIOUS_FIRST)
		return;                 /* withdrawn before we looked: no EOI */
	taken[cpu_id()]++;
	int i = 0;
	while (i < nhandlers && handlers[i].id != id)
		i++;
	if (i < nhandlers)
		handlers[i].fn(tf);
	else {
		/* A device line a goroutine waits for (intr.c), masked until its next wait; or a stray. */
		wr(gicd, GICD_ICENABLER + 4 * (id / 32), 1u << (id % 32));
		if (id >= GIC_BANKED)
			intr_pending((int)id);
	}
	wr(gicc, GICC_EOIR, iar);
}
