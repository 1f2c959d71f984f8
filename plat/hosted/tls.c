/*
 * tls.c - the hosted per-thread state: the current g (see tls.h).
 *
 * On bare metal the M's block m->tls is the per-CPU area and tls[0] the
 * current g. As a Linux process glibc's thread control block is the
 * per-thread area, so the current g is the thread variable goro_g and
 * m->tls stays unused.
 */
#include "machine.h"

__thread G *goro_g __attribute__((tls_model("local-exec"), used));
__thread int goro_cpuid __attribute__((tls_model("local-exec")));

void tls_init(uintptr_t *block, int cpu)
{
	(void)block;
	goro_cpuid = cpu;
	goro_g = NULL;          /* getg() is NULL until the scheduler starts, as on bare metal */
}
