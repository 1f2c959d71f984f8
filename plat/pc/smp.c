/*
 * smp.c - the CPUs of a PC, i386 and amd64 (include/machine.h, "CPUs").
 *
 * cpus_init reads the firmware's list of CPUs (ACPI's MADT, else the MP
 * table: cpufind.h) and numbers them: the boot CPU 0, the others in the
 * table's order, at most MAXCPU, by local APIC ID.
 *
 * cpu_wake sends a fixed IPI (T_WAKE); its handler only sends the EOI
 * (timer.c). An IPI that arrives while the target has interrupts off is
 * held pending in its APIC until machine_halt's sti; hlt takes it, so a
 * wake-up sent just before a halt ends that halt at once.
 *
 * Not done yet: starting them (cpu_start).
 */
#include <stddef.h>
#include "bootinfo.h"
#include "platform.h"
#include "machine.h"
#include "lapic.h"
#include "cpufind.h"

/* One CPU's record. */
struct pccpu {
	uint32_t apicid;                /* its local APIC's ID: where IPIs go */
};

static struct pccpu cpus[MAXCPU];
static int ncpus = 1;
static int bsp_listed;                  /* the table named the boot CPU too */
static int dropped;                     /* enabled CPUs past MAXCPU, left alone */
static int unreachable;                 /* x2APIC IDs an xAPIC cannot address, left alone */
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

void cpus_init(struct bootinfo *bi)
{
	cpus[0].apicid = lapic_id();
	const char *how = acpi_find_cpus(bi->rsdp);
	if (how == NULL)
		how = mptable_find_cpus();

	int n;
	if (how == NULL)
		n = ksnprintf(note, sizeof note, "cpus: no ACPI MADT or MP table: the boot CPU alone, local APIC id");
	else
		n = ksnprintf(note, sizeof note, "cpus: %d from %s%s, local APIC ids", ncpus, how,
			      bsp_listed ? "" : " (the boot CPU not among them)");
	for (int i = 0; i < ncpus && n < (int)sizeof note; i++)
		n += ksnprintf(note + n, sizeof note - n, " %u", cpus[i].apicid);
	if (dropped && n < (int)sizeof note)
		n += ksnprintf(note + n, sizeof note - n, "; %d more left halted (MAXCPU is %d)", dropped, MAXCPU);
	if (unreachable && n < (int)sizeof note)
		n += ksnprintf(note + n, sizeof note - n, "; %d with x2APIC ids left halted", unreachable);
	bi->cpunote = note;
}

int cpu_count(void)
{
	return ncpus;
}

void cpu_start(int id, void (*fn)(int id), uintptr_t stacktop)
{
	(void)fn, (void)stacktop;
	fatal("cpu_start: cpu %d: this platform starts no other CPU yet", id);
}

void cpu_wake(int id)
{
	if (id < 0 || id >= ncpus)
		fatal("cpu_wake: no cpu %d (the machine has %d)", id, ncpus);
	lapic_send_ipi(cpus[id].apicid, T_WAKE);
}
