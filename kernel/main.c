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

_Noreturn void kstart(struct bootinfo *bi, int (*main)(int, char **))
{
	static uintptr_t boot_tls[TLS_WORDS];
	bootinfo = bi;
	platform_init(bi);
	tls_init(boot_tls, 0);  /* zeroed: getg() is NULL until the runtime starts */
	physmem_init(bi);
	vm_init(bi);
	mem_init();
	timer_init(bi);
	cpus_init(bi);
	rt0_go(bi->cmdline, bi->cmdlinelen, bi->argc, bi->argv, main);
}

/* machine_describe: what verbose=1 prints before main: the boot path, the RAM, the CPUs. */
void machine_describe(void)
{
	const struct bootinfo *bi = bootinfo;
	kprintf("goro: boot %s, cmdline \"%s\"\n", bi->bootpath, bi->cmdline);
	for (int i = 0; i < bi->nmem; i++)
		kprintf("goro: ram [0x%llx, 0x%llx) %llu KiB%s\n",
			(unsigned long long)bi->mem[i].base,
			(unsigned long long)(bi->mem[i].base + bi->mem[i].len),
			(unsigned long long)(bi->mem[i].len >> 10), bi->memnote ? bi->memnote : "");
	if (bi->cpunote)
		kprintf("goro: %s\n", bi->cpunote);
}
