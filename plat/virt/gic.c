/*
 * gic.c - a GICv2 driver for one CPU, and arm_irq, the IRQ vector's C half.
 *
 * The GIC is reset to a known state rather than trusted: every
 * interrupt disabled and not pending, then only those gic_enable asks
 * for are let through. Group 0 and group 1 are both forwarded (QEMU virt
 * has no security extensions, so everything is group 0 and signalled as
 * IRQ; a secure-world firmware may have made them group 1). The handler
 * table is tiny and fixed: goro takes one or two interrupts, not a bus.
 * Registers are identity-mapped device memory (platform_map_devices), which
 * keeps accesses in program order.
 */
#include <stdint.h>
#include "platform.h"
#include "arm.h"
#include "cpu.h"
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
#define GICD_IPRIORITYR         0x400   /* a byte per interrupt */

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

static struct {
	unsigned id;
	void (*fn)(void);
} handlers[4];
static int nhandlers;

void gic_regs(const void *dtb, struct fdt_range r[2])
{
	static const char *const compatibles[] = {
		"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a7-gic", "arm,cortex-a9-gic",
	};

	r[0] = (struct fdt_range){ VIRT_GICD_BASE, VIRT_GIC_SIZE };
	r[1] = (struct fdt_range){ VIRT_GICC_BASE, VIRT_GIC_SIZE };
	if (dtb == NULL)
		return;
	for (unsigned i = 0; i < nelem(compatibles); i++) {
		struct fdt_range f[2];
		if (fdt_find_compatible_regs(dtb, compatibles[i], f, 2) == 2) {
			r[0] = f[0];
			r[1] = f[1];
			return;
		}
	}
}

static inline uint32_t rd(volatile uint32_t *base, unsigned off) { return base[off / 4]; }
static inline void wr(volatile uint32_t *base, unsigned off, uint32_t v) { base[off / 4] = v; }

void gic_init(const void *dtb)
{
	struct fdt_range r[2];

	gic_regs(dtb, r);
	gicd = (volatile uint32_t *)(uintptr_t)r[0].base;
	gicc = (volatile uint32_t *)(uintptr_t)r[1].base;

	wr(gicd, GICD_CTLR, 0);
	nlines = ((rd(gicd, GICD_TYPER) & 0x1f) + 1) * 32;
	for (unsigned i = 0; i < nlines / 32; i++) {
		wr(gicd, GICD_ICENABLER + 4 * i, ~0u);
		wr(gicd, GICD_ICPENDR + 4 * i, ~0u);
		wr(gicd, GICD_ICACTIVER + 4 * i, ~0u);
	}
	wr(gicd, GICD_CTLR, CTLR_ENABLE_GRP0 | CTLR_ENABLE_GRP1);

	wr(gicc, GICC_PMR, PMR_ALL);
	wr(gicc, GICC_BPR, 0);
	wr(gicc, GICC_CTLR, CTLR_ENABLE_GRP0 | CTLR_ENABLE_GRP1);
}

void gic_enable(unsigned id, void (*fn)(void))
{
	if (id >= nlines || nhandlers == (int)nelem(handlers))
		fatal("gic: cannot enable interrupt %u", id);
	handlers[nhandlers].id = id;
	handlers[nhandlers].fn = fn;
	nhandlers++;
	volatile uint8_t *prio = (volatile uint8_t *)gicd + GICD_IPRIORITYR;
	prio[id] = IRQ_PRIORITY;
	wr(gicd, GICD_ISENABLER + 4 * (id / 32), 1u << (id % 32));
}

/*
 * arm_irq: one interrupt, acknowledged, handled, ended. Called by the
 * IRQ vector (vectors.S) in IRQ mode with the caller-saved registers
 * saved. An interrupt nobody registered (it cannot be enabled, but
 * firmware state is not trusted) is disabled so it cannot storm.
 */
void arm_irq(void)
{
	uint32_t iar = rd(gicc, GICC_IAR);
	unsigned id = iar & IAR_ID_MASK;

	if (id >= IAR_SPURIOUS_FIRST)
		return;                 /* withdrawn before we looked: no EOI */
	int i = 0;
	while (i < nhandlers && handlers[i].id != id)
		i++;
	if (i < nhandlers)
		handlers[i].fn();
	else
		wr(gicd, GICD_ICENABLER + 4 * (id / 32), 1u << (id % 32));
	wr(gicc, GICC_EOIR, iar);
}
