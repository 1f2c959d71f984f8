/*
 * smp.c - the CPUs of this platform (include/machine.h, "CPUs").
 *
 * Not done yet: only the boot CPU is found and used. Finding the others
 * and starting them is the work of the SMP issue, in progress.
 */
#include "platform.h"

void cpus_init(struct bootinfo *bi)
{
	(void)bi;
}

int cpu_count(void)
{
	return 1;
}

void cpu_start(int id, void (*fn)(int id), uintptr_t stacktop)
{
	(void)fn, (void)stacktop;
	fatal("cpu_start: cpu %d: this platform starts no other CPU yet", id);
}

void cpu_wake(int id)
{
	(void)id;
}
