/*
 * tls.c - the per-CPU block on amd64: IA32_FS_BASE = &m->tls.
 *
 * The fs base MSR rather than a GDT segment: long mode ignores segment
 * bases except fs/gs, whose bases live in MSRs, and the compiler's
 * split-stack prologues read %fs:0x70.
 */
#include "machine.h"
#include "cpu.h"

/* tls_init makes block this CPU's: %fs:0 is block[0] from now on. */
void tls_init(uintptr_t *block, int cpu)
{
	block[TLS_CPU / sizeof(uintptr_t)] = (uintptr_t)cpu;
	wrmsr(MSR_FS_BASE, (uint64_t)(uintptr_t)block);
}
