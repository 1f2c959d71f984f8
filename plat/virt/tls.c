/*
 * tls.c - the per-CPU block on ARM: TPIDRURO = &m->tls.
 *
 * TPIDRURO rather than TPIDRPRW because the compiler's split-stack
 * prologues (Linux's user TLS convention) read TPIDRURO; goro runs
 * everything in a privileged mode, which may write it.
 */
#include "machine.h"

/* tls_init makes block this CPU's: [TPIDRURO] is block[0] from now on. */
void tls_init(uintptr_t *block, int cpu)
{
	block[TLS_CPU / sizeof(uintptr_t)] = (uintptr_t)cpu;
	__asm__ volatile("mcr p15, 0, %0, c13, c0, 3" : : "r"(block) : "memory");
}
