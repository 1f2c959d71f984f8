/*
 * lapic.c - the local APIC's registers and its timer, i386 and amd64.
 *
 * The APIC's base comes from IA32_APIC_BASE, never assumed. Its page is
 * identity-mapped uncached (MMU_DEV) so a register is a volatile 32-bit
 * load or store. A firmware that switched the APIC to x2APIC mode (the
 * MMIO page is then dead) gets the same registers through MSRs
 * 0x800 + offset/16; the choice is made once at lapic_map/lapic_init.
 * The timer runs one-shot on the bus clock divided by 16 (on QEMU: 1 GHz
 * / 16 = 62.5 MHz, 68 s until a 32-bit count runs out).
 *
 * Every CPU has its own APIC behind the same address or MSRs; the boot
 * CPU's lapic_init fixes the address and the mode, and each other CPU's
 * must find its own alike (firmware sets them all the same) or turns
 * x2APIC on to match. Inter-processor interrupts go through the
 * interrupt command register: in xAPIC mode two 32-bit halves, the
 * destination first (writing the low half sends), after the previous
 * IPI has left (delivery status); in x2APIC mode one 64-bit MSR write.
 */
#include <stdint.h>
#include "platform.h"
#include "x86.h"
#include "machine.h"
#include "lapic.h"

#define MSR_APIC_BASE           0x1b
#define APIC_BASE_X2APIC        (1u << 10)      /* x2APIC mode: registers are MSRs */
#define APIC_BASE_ENABLE        (1u << 11)      /* global enable */
#define APIC_BASE_ADDR          0xfffff000ull   /* low bits of the register page's address */
#define APIC_BASE_ADDR_HI       0x000fffff00000000ull
#define CPUID1_EDX_APIC         (1u << 9)
#define MSR_X2APIC_FIRST        0x800

/* Register offsets in the APIC page. */
enum {
	LAPIC_ID = 0x020,       /* xAPIC: the ID in bits 31-24 */
	LAPIC_TPR = 0x080,      /* task priority: 0 lets every vector in */
	LAPIC_EOI = 0x0b0,
	LAPIC_SVR = 0x0f0,      /* spurious vector and the software enable bit */
	LAPIC_ISR = 0x100,      /* in service: 8 registers of 32 vectors, 16 bytes apart */
	LAPIC_ESR = 0x280,      /* error status */
	LAPIC_ICR_LO = 0x300,   /* interrupt command: vector, delivery mode, status */
	LAPIC_ICR_HI = 0x310,   /* xAPIC: the destination's ID in bits 31-24 */
	LAPIC_LVT_TIMER = 0x320,
	LAPIC_LVT_LINT0 = 0x350,        /* the legacy PIC's output (virtual-wire mode) */
	LAPIC_LVT_ERROR = 0x370,
	LAPIC_TIMER_ICR = 0x380,        /* initial count: writing starts the count */
	LAPIC_TIMER_CCR = 0x390,        /* current count */
	LAPIC_TIMER_DCR = 0x3e0,        /* divide configuration */
};

#define SVR_ENABLE              (1u << 8)
#define LVT_MASKED              (1u << 16)
#define LVT_EXTINT              (7u << 8)       /* delivery mode: the 8259 supplies the vector */
#define LVT_TIMER_ONESHOT       (0u << 17)
#define DCR_DIVIDE_16           0x3
#define ICR_FIXED               (0u << 8)       /* delivery modes */
#define ICR_INIT                (5u << 8)
#define ICR_STARTUP             (6u << 8)
#define ICR_PENDING             (1u << 12)      /* xAPIC: delivery status, send pending */
#define ICR_ASSERT              (1u << 14)      /* level assert (edge-triggered: always set) */
#define MSR_X2APIC_ICR          0x830           /* x2APIC: the whole ICR, destination in 63-32 */
#define ICR_SEND_TIMEOUT        100000000       /* ns an xAPIC may take to send an IPI */

static volatile uint32_t *lapic;        /* the register page, or NULL in x2APIC mode */
static int x2apic;
static uint64_t boot_base = ~0ull;      /* the boot CPU's IA32_APIC_BASE, once lapic_init ran */

/* has_apic reports whether CPUID says there is a local APIC. */
static int has_apic(void)
{
	uint32_t a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	return (d & CPUID1_EDX_APIC) != 0;
}

static uint32_t lapic_read(unsigned reg)
{
	if (x2apic)
		return (uint32_t)rdmsr(MSR_X2APIC_FIRST + reg / 16);
	return lapic[reg / 4];
}

static void lapic_write(unsigned reg, uint32_t v)
{
	if (x2apic)
		wrmsr(MSR_X2APIC_FIRST + reg / 16, v);
	else
		lapic[reg / 4] = v;
}

/*
 * drain_in_service ends any interrupt the firmware left in service
 * without an EOI: one at a higher priority class than T_TIMER would
 * hold the timer's interrupt back for good. Each EOI ends the highest.
 */
static void drain_in_service(void)
{
	for (int n = 0; n < 256; n++) {
		int busy = 0;
		for (unsigned i = 0; i < 8; i++)
			busy |= lapic_read(LAPIC_ISR + 0x10 * i) != 0;
		if (!busy)
			return;
		lapic_eoi();
	}
}

/* The register page lapic_map mapped (uncached, at its own address), or ~0 if none. */
static uint64_t mapped_pa = ~0ull;

void lapic_map(void)
{
	if (!has_apic())
		return;
	uint64_t base = rdmsr(MSR_APIC_BASE);
	if (base & APIC_BASE_X2APIC)
		return;
	uint64_t pa = base & (APIC_BASE_ADDR | APIC_BASE_ADDR_HI);
	if (pa > UINTPTR_MAX - PageSize)
		return;                 /* out of reach (i386): lapic_init reports it */
	vm_map_identity((uintptr_t)pa, (uintptr_t)pa + PageSize, MMU_R | MMU_W | MMU_DEV);
	mapped_pa = pa;
}

/*
 * match_boot makes the calling CPU's APIC mode the boot CPU's (base is
 * its IA32_APIC_BASE, enabled) and returns the MSR's value then. x2APIC
 * can be turned on but not off again without disabling the APIC.
 */
static uint64_t match_boot(uint64_t base)
{
	if ((base & APIC_BASE_X2APIC) != (boot_base & APIC_BASE_X2APIC)) {
		if (!x2apic)
			fatal("cpu %d: its local APIC is in x2APIC mode, cpu 0's is not", cpu_id());
		base |= APIC_BASE_X2APIC;
		wrmsr(MSR_APIC_BASE, base);
	}
	uint64_t mask = APIC_BASE_ADDR | APIC_BASE_ADDR_HI;
	if (!x2apic && (base & mask) != (boot_base & mask))
		fatal("cpu %d: its local APIC is at 0x%llx, cpu 0's at 0x%llx", cpu_id(),
		      (unsigned long long)(base & mask), (unsigned long long)(boot_base & mask));
	return base;
}

void lapic_init(void)
{
	if (!has_apic())
		fatal("timer: this CPU has no local APIC");
	uint64_t base = rdmsr(MSR_APIC_BASE);
	int boot = boot_base == ~0ull;
	if (!(base & APIC_BASE_ENABLE)) {
		base |= APIC_BASE_ENABLE;
		wrmsr(MSR_APIC_BASE, base);
	}
	if (boot_base != ~0ull) {
		base = match_boot(base);        /* another CPU: the boot CPU's settings hold */
	} else {
		boot_base = base;
		x2apic = (base & APIC_BASE_X2APIC) != 0;
		if (!x2apic) {
			uint64_t pa = base & (APIC_BASE_ADDR | APIC_BASE_ADDR_HI);
			if (pa != mapped_pa)    /* out of reach, or moved since (x2APIC then, or firmware) */
				fatal("timer: the local APIC at 0x%llx is not mapped", (unsigned long long)pa);
			lapic = (volatile uint32_t *)(uintptr_t)pa;
		}
	}

	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | T_TIMER);
	lapic_write(LAPIC_TIMER_ICR, 0);
	lapic_write(LAPIC_TIMER_DCR, DCR_DIVIDE_16);
	/*
	 * The legacy PICs' output (virtual wire mode) reaches the boot CPU
	 * only: device lines interrupt CPU 0 (intr.c), and only once a
	 * goroutine waits for one, the PICs masking every line till then.
	 */
	lapic_write(LAPIC_LVT_LINT0, boot ? LVT_EXTINT : LVT_MASKED);
	lapic_write(LAPIC_LVT_ERROR, LVT_MASKED);
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_SVR, SVR_ENABLE | T_SPURIOUS);
	lapic_write(LAPIC_ESR, 0);              /* the error register is read after a write */
	(void)lapic_read(LAPIC_ESR);
	drain_in_service();
}

uint32_t lapic_id(void)
{
	if (x2apic)
		return (uint32_t)rdmsr(MSR_X2APIC_FIRST + LAPIC_ID / 16);
	return lapic_read(LAPIC_ID) >> 24;
}

int lapic_x2apic(void)
{
	return x2apic;
}

/*
 * send_ipi writes the interrupt command lo to the CPU whose APIC ID is
 * apicid. The fence first: an x2APIC MSR write is not ordered after
 * earlier stores, and the target must see what the sender wrote before
 * waking it. A goroutine sends IPIs with interrupts on (cpu_wake): the
 * two halves of an xAPIC command are written with them off, so nothing
 * on this CPU can send one in between.
 */
static void send_ipi(uint32_t apicid, uint32_t lo)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (x2apic) {
		wrmsr(MSR_X2APIC_ICR, (uint64_t)apicid << 32 | lo);
		return;
	}
	if (apicid > 0xff)
		fatal("local APIC: no xAPIC destination has ID %u", apicid);
	uintptr_t flags = irq_save();
	int64_t deadline = 0;
	while (lapic_read(LAPIC_ICR_LO) & ICR_PENDING) {
		int64_t now = machine_nanotime();
		if (deadline == 0)
			deadline = now + ICR_SEND_TIMEOUT;
		else if (now > deadline)
			fatal("cpu %d: its local APIC did not send an IPI (icr 0x%x) within 100 ms",
			      cpu_id(), lapic_read(LAPIC_ICR_LO));
	}
	lapic_write(LAPIC_ICR_HI, apicid << 24);
	lapic_write(LAPIC_ICR_LO, lo);
	irq_restore(flags);
}

void lapic_send_init(uint32_t apicid)
{
	send_ipi(apicid, ICR_INIT | ICR_ASSERT);
}

void lapic_send_startup(uint32_t apicid, uint32_t page)
{
	if (page >= 0x100)
		fatal("local APIC: start-up page 0x%x is not below 1 MiB", page);
	send_ipi(apicid, ICR_STARTUP | ICR_ASSERT | page);
}

void lapic_send_ipi(uint32_t apicid, unsigned vector)
{
	send_ipi(apicid, ICR_FIXED | ICR_ASSERT | (vector & 0xff));
}

void lapic_timer_enable(void)
{
	lapic_write(LAPIC_LVT_TIMER, LVT_TIMER_ONESHOT | T_TIMER);
}

void lapic_timer_start(uint32_t n)
{
	lapic_write(LAPIC_TIMER_ICR, n);
}

uint32_t lapic_timer_count(void)
{
	return lapic_read(LAPIC_TIMER_CCR);
}

void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}
