/*
 * psci.c - calls into PSCI firmware: starting a CPU, powering off.
 *
 * A PSCI call is an SMC Calling Convention call: the function id in r0,
 * arguments in r1-r3, the status back in r0, made with hvc or smc as
 * the device tree's /psci method says (QEMU virt without EL2 or EL3
 * emulated says hvc and answers the call itself). PSCI 0.2 and later
 * fix the function ids; 0.1 lists its own in /psci's properties, so
 * CPU_ON's id is read from there when the node is not 0.2-compatible.
 */
#include "platform.h"
#include "arm.h"
#include "cpu.h"
#include "board.h"
#include "fdt.h"
#include "psci.h"

#define PSCI_0_2_CPU_ON         0x84000003u     /* SMC32 CPU_ON, PSCI 0.2 and later */
#define PSCI_SYSTEM_OFF         0x84000008u

static int psci_use_smc;
static uint32_t cpu_on_fn;              /* CPU_ON's function id, 0 if unknown */

void psci_init(void)
{
	int node = board.psci;
	if (node < 0)
		return;
	psci_use_smc = fdt_prop_is(node, FDT_METHOD, "smc");
	if (board.psci_standard)        /* the standard function ids */
		cpu_on_fn = PSCI_0_2_CPU_ON;
	else
		cpu_on_fn = fdt_prop_u32(node, FDT_CPU_ON, 0);  /* psci-0.1: the firmware's own id */
}

int psci_can_cpu_on(void)
{
	return cpu_on_fn != 0;
}

/* One call: fn in r0, a1-a3 in r1-r3, over the conduit; returns r0. */
static int32_t psci_call(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3)
{
	register uint32_t r0 __asm__("r0") = fn;
	register uint32_t r1 __asm__("r1") = a1;
	register uint32_t r2 __asm__("r2") = a2;
	register uint32_t r3 __asm__("r3") = a3;

	if (psci_use_smc)
		__asm__ volatile("smc #0" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) :: "r12", "memory");
	else
		__asm__ volatile("hvc #0" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) :: "r12", "memory");
	return (int32_t)r0;
}

int32_t psci_cpu_on(uint32_t mpidr, uintptr_t entry, uintptr_t context)
{
	if (cpu_on_fn == 0)
		fatal("psci: CPU_ON for mpidr 0x%x, but the device tree gives no CPU_ON function",
		      (unsigned)mpidr);
	return psci_call(cpu_on_fn, mpidr, (uint32_t)entry, (uint32_t)context);
}

const char *psci_error(int32_t status)
{
	static const char *const names[] = {
		"SUCCESS", "NOT_SUPPORTED", "INVALID_PARAMETERS", "DENIED", "ALREADY_ON",
		"ON_PENDING", "INTERNAL_FAILURE", "NOT_PRESENT", "DISABLED", "INVALID_ADDRESS",
	};

	if (status <= 0 && -status < (int32_t)nelem(names))
		return names[-status];
	return "unknown";
}

_Noreturn void psci_poweroff(void)
{
	arm_powering_off = 1;
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	__asm__ volatile("cpsid if");
	for (;;)
		wfi();
}
