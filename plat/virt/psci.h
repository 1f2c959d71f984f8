/*
 * psci.h - the Power State Coordination Interface: what the firmware
 * (or, under QEMU virt, QEMU itself) does for the kernel with CPUs and
 * power. plat/virt only.
 */
#ifndef GORO_VIRT_PSCI_H
#define GORO_VIRT_PSCI_H

#include <stdint.h>

/*
 * psci_init reads the /psci node of the device tree's index (fdt.h):
 * the conduit (method "hvc" or "smc"; hvc without one, QEMU virt's) and
 * the CPU_ON function id (PSCI 0.2 and later: the standard one; 0.1: the
 * node's cpu_on property). Before any other call here.
 */
void psci_init(void);

/* psci_can_cpu_on: 1 if the device tree gave a way to start CPUs (a CPU_ON function id), else 0. */
int psci_can_cpu_on(void);

/*
 * psci_cpu_on asks the firmware to start the core whose MPIDR affinity
 * is mpidr at the physical address entry, in ARM state with its MMU and
 * caches off, r0 = context. Returns PSCI's status: 0, or a negative
 * error code (psci_error names it).
 */
int32_t psci_cpu_on(uint32_t mpidr, uintptr_t entry, uintptr_t context);

/* psci_error: the name of a PSCI status ("ALREADY_ON", ...), "unknown" for others. */
const char *psci_error(int32_t status);

/* PSCI SYSTEM_OFF; if that returns, wait for interrupts forever with them masked. */
_Noreturn void psci_poweroff(void);

#endif
