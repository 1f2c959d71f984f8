/*
 * smp.c - the CPUs of ARM virt (include/machine.h, "CPUs"): found in the
 * device tree, started through PSCI, woken with an SGI.
 *
 * cpus_init lists the /cpus/cpu@N nodes whose enable-method is "psci":
 * the boot CPU (the one whose MPIDR is its reg) is CPU 0, the others
 * follow in the tree's order, at most VIRT_MAXCPU (GICv2's 8; the rest
 * stay powered off). With no device tree, no /psci node or no CPU_ON
 * function, there is only CPU 0.
 *
 * cpu_start hands PSCI CPU_ON the physical address of secondary_entry
 * (secondary.S) and, as context id, the address of the CPU's start
 * record (smp.h), filled from the calling CPU's own MMU registers and
 * cleaned to memory for a core whose caches are off. Everything a
 * started CPU keeps is static and per CPU: the record, its
 * exception-mode stacks, its boot per-CPU block (TLS_CPU = its number,
 * g NULL and a zero stack guard, so C before fn needs nothing else).
 * cpu_start waits for the record's stage to reach CPU_UP, a second at
 * most, and says how far the CPU got if it never does.
 *
 * cpu_wake raises the wake-up SGI on the CPU. The scheduler runs with
 * interrupts masked and unmasks them only inside machine_halt, so an SGI
 * sent while the CPU schedules stays pending in the GIC, and its next
 * halt's wfi returns at once: a wake-up is never lost. In a halt its
 * handler has nothing to do (gic.c acknowledges and ends it, and
 * machine_halt returns); one that interrupted a goroutine goes to the
 * runtime (runtime_interrupted), which stops the goroutine if a fatal
 * report is stopping every CPU.
 */
#include "platform.h"
#include "bootinfo.h"
#include "cpu.h"
#include "board.h"
#include "fdt.h"
#include "gic.h"
#include "machine.h"
#include "psci.h"
#include "smp.h"

_Static_assert(VIRT_MAXCPU <= MAXCPU, "virt starts no more CPUs than the runtime knows");

#define GIC_SGI_WAKE    0               /* the SGI cpu_wake sends */
#define REPORT_NS       1000000000      /* a CPU reports in within a second */

/* One started CPU's exception-mode stacks, in start.S's order for CPU 0. */
struct cpu_stacks {
	uint8_t fiq[CPU_INTR_STACK];
	uint8_t irq[CPU_INTR_STACK];
	uint8_t abt[CPU_FAULT_STACK];
	uint8_t und[CPU_FAULT_STACK];
} __attribute__((aligned(16)));

static int ncpu = 1;                            /* cpu_count() */
static uint32_t cpu_mpidr[VIRT_MAXCPU];         /* each CPU's affinity (MPIDR bits 23:0) */
static struct cpu_boot boot_rec[VIRT_MAXCPU];   /* index 0 unused: CPU 0 booted by start.S */
static NOINIT struct cpu_stacks stacks[VIRT_MAXCPU - 1];        /* CPU id's are stacks[id - 1] */
static uintptr_t boot_tls[VIRT_MAXCPU][TLS_WORDS];      /* until fn makes its own block current */

/* wake_interrupt: the wake-up SGI. In a halt, taking it is all a wake-up is for. */
static void wake_interrupt(struct trapframe *tf)
{
	if (!timer_halting())
		runtime_interrupted(tf, 0);
}

/* The device tree's reg of a cpu node, cells as /cpus says: its MPIDR affinity; -1 if none. */
static int64_t cpu_reg(int node, uint32_t acells)
{
	uint32_t len;
	const uint8_t *reg = fdt_prop(node, FDT_REG, &len);

	if (reg == NULL || acells == 0 || acells > 2 || len < 4 * acells)
		return -1;
	return fdt_be32(reg + 4 * (acells - 1)) & MPIDR_AFF_MASK;      /* the low cell */
}

void cpus_init(struct bootinfo *bi)
{
	uint32_t self = read_mpidr() & MPIDR_AFF_MASK;

	(void)bi;
	cpu_mpidr[0] = self;
	gic_enable(GIC_SGI_WAKE, wake_interrupt);      /* CPU 0 can be woken too */
	if (!psci_can_cpu_on())
		return;
	int cpus = board.cpus;
	if (cpus < 0)
		return;
	uint32_t acells = fdt_prop_u32(cpus, FDT_ADDRESS_CELLS, 1);

	for (int node = cpus + 1; node < fdt_nnodes; node++) {
		if (fdt_parent(node) != cpus)
			continue;       /* the index is in the tree's order: /cpus's children follow it */
		int64_t mpidr = cpu_reg(node, acells);
		if (mpidr < 0 || (uint32_t)mpidr == self || !fdt_prop_is(node, FDT_DEVICE_TYPE, "cpu") ||
		    !fdt_enabled(node))
			continue;       /* no reg, the boot CPU (already 0), not a CPU (cpu-map), or off */
		if (!fdt_prop_is(node, FDT_ENABLE_METHOD, "psci") || ncpu == VIRT_MAXCPU)
			continue;       /* a CPU this platform cannot start, or one too many */
		cpu_mpidr[ncpu++] = (uint32_t)mpidr;
	}
}

int cpu_count(void)
{
	return ncpu;
}

/* What a CPU that never reported in got to, for the fatal error. */
static const char *stage_text(uint32_t stage)
{
	switch (stage) {
	case CPU_ASKED: return "PSCI accepted CPU_ON, but it never ran C with its MMU on";
	case CPU_RUNS_C: return "it ran C with its MMU on, but did not finish setting up its GIC and timer";
	default: return "its start record is in an unknown state";
	}
}

/* Writes [p, p + n) back to memory, for a core that reads it with its caches off. */
static void clean_to_memory(const void *p, size_t n)
{
	uintptr_t line = CTR_DMINLINE_BYTES(read_ctr());
	uintptr_t a = (uintptr_t)p & ~(line - 1);

	for (; a < (uintptr_t)p + n; a += line)
		dcache_clean_poc(a);
	dsb();
}

/* The physical address of va, which must be identity-mapped (the image is): the CPU starts there. */
static uintptr_t identity_pa(int id, const char *what, uintptr_t va)
{
	uint64_t pa;

	if (!mmu_lookup(va, &pa, NULL, NULL) || pa + (va & (PageSize - 1)) != va)
		fatal("cpu_start: cpu %d: %s at %p is not identity-mapped (maps to 0x%llx)",
		      id, what, (void *)va, (unsigned long long)pa);
	return va;
}

void cpu_start(int id, void (*fn)(int id), uintptr_t stacktop)
{
	if (id < 1 || id >= ncpu)
		fatal("cpu_start: cpu %d: not a CPU to start (the machine has %d)", id, ncpu);
	struct cpu_boot *cb = &boot_rec[id];
	struct cpu_stacks *st = &stacks[id - 1];
	if (cb->stage != CPU_OFF)
		fatal("cpu_start: cpu %d (mpidr 0x%x) was started before (stage %u)",
		      id, (unsigned)cpu_mpidr[id], (unsigned)cb->stage);
	if (stacktop == 0 || (stacktop & 7))
		fatal("cpu_start: cpu %d: stack top %p is not 8-byte aligned", id, (void *)stacktop);

	/* The calling CPU's translation regime and system control: the kernel's tables. */
	cb->ttbr0 = read_ttbr0_64();
	cb->ttbcr = read_ttbcr();
	cb->mair0 = read_mair0();
	cb->mair1 = read_mair1();
	cb->sctlr = read_sctlr();
	cb->vbar = read_vbar();
	cb->fiq_sp = (uintptr_t)st->fiq + sizeof st->fiq;
	cb->irq_sp = (uintptr_t)st->irq + sizeof st->irq;
	cb->abt_sp = (uintptr_t)st->abt + sizeof st->abt;
	cb->und_sp = (uintptr_t)st->und + sizeof st->und;
	cb->stacktop = stacktop;
	cb->fn = fn;
	cb->id = id;
	cb->mpidr = cpu_mpidr[id];
	cb->stage = CPU_ASKED;
	clean_to_memory(cb, sizeof *cb);

	uintptr_t entry = identity_pa(id, "secondary_entry", (uintptr_t)secondary_entry);
	uintptr_t context = identity_pa(id, "its start record", (uintptr_t)cb);
	int32_t status = psci_cpu_on(cpu_mpidr[id], entry, context);
	if (status != 0)
		fatal("cpu_start: cpu %d (mpidr 0x%x): PSCI CPU_ON failed: %s (%d)",
		      id, (unsigned)cpu_mpidr[id], psci_error(status), (int)status);

	int64_t deadline = machine_nanotime() + REPORT_NS;
	while (__atomic_load_n(&cb->stage, __ATOMIC_ACQUIRE) != CPU_UP)
		if (machine_nanotime() > deadline)
			fatal("cpu_start: cpu %d (mpidr 0x%x) did not report in within 1 s: %s",
			      id, (unsigned)cpu_mpidr[id],
			      stage_text(__atomic_load_n(&cb->stage, __ATOMIC_ACQUIRE)));
}

void secondary_main(struct cpu_boot *cb)
{
	int id = cb->id;

	tls_init(boot_tls[id], id);     /* first: cpu_id() is read from here on */
	__atomic_store_n(&cb->stage, CPU_RUNS_C, __ATOMIC_RELEASE);
	timer_cpu_init();
	gic_cpu_init();
	__atomic_store_n(&cb->stage, CPU_UP, __ATOMIC_RELEASE);
}

_Noreturn void secondary_returned(struct cpu_boot *cb)
{
	fatal("cpu %d (mpidr 0x%x): its start function %p returned", cb->id,
	      (unsigned)cb->mpidr, (void *)(uintptr_t)cb->fn);
}

void cpu_wake(int id)
{
	if (id < 0 || id >= ncpu)
		fatal("cpu_wake: cpu %d: no such CPU (the machine has %d)", id, ncpu);
	gic_send_sgi(id, GIC_SGI_WAKE);
}

/* cpu_tlb_shared: yes (ARM: TLBIMVAAIS reaches every CPU of the inner-shareable domain). */
int cpu_tlb_shared(void)
{
	return 1;
}
