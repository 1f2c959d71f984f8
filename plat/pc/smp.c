/*
 * smp.c - the CPUs of a PC, i386 and amd64 (include/machine.h, "CPUs").
 *
 * cpus_init walks the firmware's list of CPUs (ACPI's MADT, else the MP
 * table: cpufind.h), which cpus_read_early read at platform_init, and
 * numbers them: the boot CPU 0, the others in the
 * table's order, at most MAXCPU, by local APIC ID.
 *
 * cpu_start prepares everything the CPU will need, on the boot CPU: its
 * GDT and TSS (<arch>/gdt.c), its fault stacks (cpustacks.c), a per-CPU
 * block whose TLS_CPU is its number, and ap_boot, the control registers
 * and stack its start-up code loads (smp.h). The start-up code's first
 * part runs in real mode, so it is copied (once) to a page below 1 MiB:
 * the highest whole page of usable RAM below 640 KiB, which nothing
 * else uses (the page allocator hands out nothing below 1 MiB, and the
 * boot data that lay in low RAM has been copied or read by then).
 * Then the classic sequence through the local APIC: INIT, 10 ms,
 * START-UP, 200 us, START-UP again (a CPU already running ignores it),
 * 200 us, and a wait of up to a second for the CPU to report in from
 * ap_main. One CPU starts at a time, so one ap_boot serves them all.
 *
 * cpu_wake sends a fixed IPI (T_WAKE); its handler sends the EOI and,
 * if it stopped a goroutine, tells the runtime (timer.c). An IPI that
 * arrives while the target has interrupts off (its scheduler, on g0)
 * is held pending in its APIC until machine_halt's sti; hlt takes it,
 * so a wake-up sent just before a halt ends that halt at once.
 */
#include <stddef.h>
#include "bootinfo.h"
#include "platform.h"
#include "machine.h"
#include "x86.h"
#include "pc.h"
#include "lapic.h"
#include "cpufind.h"
#include "physwin.h"
#include "smp.h"

#define INIT_DELAY      10000000        /* ns after INIT */
#define STARTUP_DELAY   200000          /* ns after each START-UP */
#define REPORT_TIMEOUT  1000000000      /* ns a CPU has to reach ap_main */
#define LOWMEM_TOP      0xa0000         /* base memory ends at 640 KiB (the EBDA, video RAM) */

_Static_assert(offsetof(struct ap_boot, gdt_limit) == AP_GDTR, "AP_GDTR");
_Static_assert(offsetof(struct ap_boot, gdt_base) == AP_GDTR + 2, "AP_GDTR base");
_Static_assert(offsetof(struct ap_boot, cr0) == AP_CR0, "AP_CR0");
_Static_assert(offsetof(struct ap_boot, cr3) == AP_CR3, "AP_CR3");
_Static_assert(offsetof(struct ap_boot, cr4) == AP_CR4, "AP_CR4");
_Static_assert(offsetof(struct ap_boot, efer) == AP_EFER, "AP_EFER");
_Static_assert(offsetof(struct ap_boot, stack) == AP_STACK, "AP_STACK");
_Static_assert(offsetof(struct ap_boot, id) == AP_ID, "AP_ID");

struct ap_boot ap_boot;

/* One CPU's record. */
struct pccpu {
	uint32_t apicid;                /* its local APIC's ID: where IPIs go */
	int started;                    /* cpu_start was called for it */
	int up;                         /* set by the CPU itself in ap_main */
	void (*fn)(int);                /* what it runs, on stacktop */
	uintptr_t stacktop;
	uintptr_t tls[TLS_WORDS];       /* its per-CPU block until the runtime gives it an M's */
};

static struct pccpu cpus[MAXCPU];
static int ncpus = 1;
uint32_t cpus_upmask = 1;               /* the CPUs that have reported in (CPU 0 from the start) */
static int bsp_listed;                  /* the table named the boot CPU too */
static int dropped;                     /* enabled CPUs past MAXCPU, left alone */
static int unreachable;                 /* x2APIC IDs an xAPIC cannot address, left alone */
static uint64_t startpage;              /* the start-up code's page, 0 if there is none */
static int startpage_ready;             /* trampoline16 is copied there */
static char note[256];                  /* what verbose=1 says about the CPUs */

void cpu_found(uint32_t apicid)
{
	if (apicid == cpus[0].apicid) {
		bsp_listed = 1;
		return;
	}
	for (int i = 1; i < ncpus; i++)
		if (cpus[i].apicid == apicid)
			return;                 /* listed twice: one CPU */
	if (!lapic_x2apic() && apicid > 0xfe)
		unreachable++;
	else if (ncpus < MAXCPU)
		cpus[ncpus++].apicid = apicid;
	else
		dropped++;
}

/*
 * start_page picks the page the start-up code runs in: the highest
 * whole page of usable RAM below 640 KiB (a START-UP vector names pages
 * below 1 MiB; 0xa0-0xbf are reserved), not page 0. 0 if there is none.
 */
static uint64_t start_page(const struct bootinfo *bi)
{
	uint64_t best = 0;

	for (int i = 0; i < bi->nmem; i++) {
		uint64_t lo = (bi->mem[i].base + PageSize - 1) & ~(uint64_t)(PageSize - 1);
		uint64_t hi = bi->mem[i].base + bi->mem[i].len;
		if (hi > LOWMEM_TOP)
			hi = LOWMEM_TOP;
		hi &= ~(uint64_t)(PageSize - 1);
		if (lo < PageSize)
			lo = PageSize;
		if (hi > lo && hi - PageSize > best)
			best = hi - PageSize;
	}
	return best;
}

static const char *found_how;   /* where cpus_init found the CPUs, NULL: nowhere */

/*
 * cpu_note says how the CPUs were found, for verbose=1 alone: formatted
 * when asked, so a boot that does not print it does not run the
 * formatting code (under an emulator, translating it costs half a ms).
 */
static const char *cpu_note(void)
{
	int n;
	if (found_how == NULL)
		n = ksnprintf(note, sizeof note, "cpus: no ACPI MADT or MP table: the boot CPU alone, local APIC id");
	else
		n = ksnprintf(note, sizeof note, "cpus: %d from %s%s, local APIC ids", ncpus, found_how,
			      bsp_listed ? "" : " (the boot CPU not among them)");
	for (int i = 0; i < ncpus && n < (int)sizeof note; i++)
		n += ksnprintf(note + n, sizeof note - n, " %u", cpus[i].apicid);
	if (dropped && n < (int)sizeof note)
		n += ksnprintf(note + n, sizeof note - n, "; %d more left halted (MAXCPU is %d)", dropped, MAXCPU);
	if (unreachable && n < (int)sizeof note)
		n += ksnprintf(note + n, sizeof note - n, "; %d with x2APIC ids left halted", unreachable);
	return note;
}

void cpus_init(struct bootinfo *bi)
{
	cpus[0].apicid = lapic_id();
	cpus[0].started = cpus[0].up = 1;
	const char *how = acpi_find_cpus();
	if (how == NULL)
		how = mptable_find_cpus();
	found_how = how;
	bi->cpunote = cpu_note;
	timer_finish();         /* the timer's PIT window ran meanwhile */
}

int cpu_count(void)
{
	return ncpus;
}

/* delay spins for ns nanoseconds (the timer runs; interrupts stay off). */
static void delay(int64_t ns)
{
	int64_t until = machine_nanotime() + ns;
	while (machine_nanotime() < until) {
		__asm__ volatile("pause");
		CPU_SPINWAIT();
	}
}

/*
 * ready_start_page picks the start-up code's page and copies the
 * real-mode code there, once, at the first cpu_start: a machine with
 * one CPU never needs it, and its boot does not run this.
 */
static void ready_start_page(int id)
{
	size_t len = (size_t)(trampoline16_end - trampoline16);

	if (startpage_ready)
		return;
	startpage = start_page(bootinfo);
	if (startpage == 0)
		fatal("cpu %d: no usable page below 640 KiB for the start-up code", id);
	if (len > PageSize)
		fatal("the start-up code is %zu bytes, more than a page", len);
	phys_write(startpage, trampoline16, len);
	startpage_ready = 1;
}

void cpu_start(int id, void (*fn)(int id), uintptr_t stacktop)
{
	if (id < 1 || id >= ncpus)
		fatal("cpu_start: no cpu %d (the machine has %d)", id, ncpus);
	struct pccpu *c = &cpus[id];
	if (c->started)
		fatal("cpu_start: cpu %d started twice", id);
	uintptr_t cr3 = read_cr3();
	if ((uint64_t)cr3 >> 32)
		fatal("cpu %d: the kernel's page tables at 0x%llx are out of the start-up code's 32-bit reach",
		      id, (unsigned long long)cr3);
	ready_start_page(id);

	c->started = 1;
	c->fn = fn;
	c->stacktop = stacktop;
	for (int i = 0; i < TLS_WORDS; i++)
		c->tls[i] = 0;                  /* getg() NULL, no stack guard */
	c->tls[TLS_CPU / sizeof(uintptr_t)] = (uintptr_t)id;
	fault_stack_tops[id] = cpu_stack(id, CPU_STACK_FAULT);
	intr_stack_tops[id] = cpu_stack(id, CPU_STACK_INTR);
	gdt_build(id, c->tls);

	uint16_t limit;
	ap_boot.gdt_base = (uint64_t)(uintptr_t)gdt_table(id, &limit);
	ap_boot.gdt_limit = limit;
	ap_boot.cr0 = read_cr0();
	ap_boot.cr3 = cr3;
	ap_boot.cr4 = read_cr4();
	ap_boot.efer = mmu_efer();
	ap_boot.stack = stacktop;
	ap_boot.id = (uint64_t)id;

	uint32_t page = (uint32_t)(startpage >> PageShift);
	lapic_send_init(c->apicid);             /* the send_ipi fence publishes all of the above */
	delay(INIT_DELAY);
	for (int i = 0; i < 2 && !__atomic_load_n(&c->up, __ATOMIC_ACQUIRE); i++) {
		lapic_send_startup(c->apicid, page);
		delay(STARTUP_DELAY);
	}
	int64_t deadline = machine_nanotime() + REPORT_TIMEOUT;
	while (!__atomic_load_n(&c->up, __ATOMIC_ACQUIRE)) {
		if (machine_nanotime() > deadline)
			fatal("cpu %d (local APIC id %u) did not start within 1 s", id, c->apicid);
		__asm__ volatile("pause");
		CPU_SPINWAIT();
	}
}

/*
 * ap_main: a started CPU's first C, from <arch>/trampoline.S, on the
 * kernel's page tables, its own GDT already loaded. Its own TSS, the
 * IDT and its per-CPU block first (nothing before reads cpu_id()), then
 * the FPU and its local APIC and timer; then it reports in and runs fn.
 */
_Noreturn void ap_main(int id)
{
	struct pccpu *c = &cpus[id];

	gdt_load(id);
	idt_load();
	tls_init(c->tls, id);
	fpu_init();
	timer_init_cpu();
	void (*fn)(int) = c->fn;
	uintptr_t top = c->stacktop;
	__atomic_fetch_or(&cpus_upmask, 1u << id, __ATOMIC_SEQ_CST);      /* it answers shootdowns from now on */
	__atomic_store_n(&c->up, 1, __ATOMIC_RELEASE);
	ap_call(fn, id, top);
}

void cpu_ipi(int id, unsigned vector)
{
	if (id < 0 || id >= ncpus)
		fatal("cpu_ipi: no cpu %d (the machine has %d)", id, ncpus);
	lapic_send_ipi(cpus[id].apicid, vector);
}

void cpu_wake(int id)
{
	cpu_ipi(id, T_WAKE);
}

/*
 * cpu_tlb_shared: yes, by shootdown. invlpg reaches only the CPU that
 * runs it, so kernel/mem.c's unmapping paths ask every other CPU to
 * flush (mmu_shootdown, tlb.c) and wait until each has, before the
 * range or its frames can be given out again. A CPU answers at once:
 * goroutines run with interrupts on, a halt takes the IPI, and a CPU
 * waiting for a spin lock with interrupts off answers in its wait
 * (CPU_SPINWAIT).
 */
int cpu_tlb_shared(void)
{
	return 1;
}
