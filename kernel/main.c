/*
 * main.c - the one start path, from a platform's entry to the runtime.
 *
 * Every platform ends its entry here: the bare-metal boot paths through
 * kmain (plat/common/kmain.c), hosted from the C library's main
 * (plat/hosted/main.c). kstart brings the machine up in one order for
 * all of them (the console and CPU, page frames, the address space, the
 * Sys* regions, the timer) and hands over to the runtime, whose start
 * (rt0_go) is the same everywhere too.
 */
#include <stdint.h>
#include "bootinfo.h"
#include "platform.h"

_Static_assert(BOOT_CMDLINE == CMDLINE_MAX, "the boot paths keep the command line the runtime reads");

struct bootinfo *bootinfo;

/* The boot phases' ends on boot_clock, for verbose=1: a few words, no allocation. */
static struct stamp {
	const char *name;
	uint64_t t;
} stamps[12];
static int nstamps;

void boot_stamp(const char *name)
{
	if (nstamps < (int)nelem(stamps))
		stamps[nstamps++] = (struct stamp){ name, boot_clock() };
}

_Noreturn void kstart(struct bootinfo *bi, int (*main)(int, char **))
{
	static uintptr_t boot_tls[TLS_WORDS];
	boot_stamp("entry");
	bootinfo = bi;
	platform_init(bi);
	tls_init(boot_tls, 0);  /* zeroed: getg() is NULL until the runtime starts */
	boot_stamp("platform");
	physmem_init(bi);
	boot_stamp("physmem");
	vm_init(bi);
	boot_stamp("vm");
	timer_init(bi);
	boot_stamp("timer");
	cpus_init(bi);
	boot_stamp("cpus");
	rt0_go(bi->cmdline, bi->cmdlinelen, bi->argc, bi->argv, main);
}

/* us converts a boot_clock reading to microseconds (no overflow for days of uptime). */
static uint64_t us(uint64_t t, uint64_t hz)
{
	return t / hz * 1000000 + t % hz * 1000000 / hz;
}

/*
 * boot_times prints each phase's end since the clock's zero (the reset)
 * and how long it took: where the boot time goes, read from the machine.
 */
static void boot_times(void)
{
	uint64_t hz = boot_clock_hz();
	if (hz == 0)
		return;
	kprintf("goro: boot times, us since reset (phase +us):");
	for (int i = 0; i < nstamps; i++) {
		uint64_t at = us(stamps[i].t, hz);
		uint64_t d = i ? at - us(stamps[i - 1].t, hz) : at;
		kprintf(" %s %llu (+%llu)", stamps[i].name, (unsigned long long)at, (unsigned long long)d);
	}
	kprintf("\n");
}

/* machine_describe: what verbose=1 prints before main: the boot path, the RAM, the CPUs. */
void machine_describe(void)
{
	const struct bootinfo *bi = bootinfo;
	boot_stamp("runtime");  /* options parsed: the runtime's start so far */
	kprintf("goro: boot %s, cmdline \"%s\"\n", bi->bootpath, bi->cmdline);
	for (int i = 0; i < bi->nmem; i++)
		kprintf("goro: ram [0x%llx, 0x%llx) %llu KiB%s\n",
			(unsigned long long)bi->mem[i].base,
			(unsigned long long)(bi->mem[i].base + bi->mem[i].len),
			(unsigned long long)(bi->mem[i].len >> 10), bi->memnote ? bi->memnote : "");
	if (bi->cpunote)
		kprintf("goro: %s\n", bi->cpunote());
	boot_times();
}
