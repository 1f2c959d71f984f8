/*
 * main.c - from the boot path to the appliance's main and back out.
 *
 * kmain is where every boot path converges. It brings up the console
 * and the CPU, then memory (frames, the kernel's page tables, the Sys*
 * regions), reads the command line, runs newlib's constructors and
 * starts the scheduler with the appliance's main as goroutine 1, whose
 * result goes to exit() so stdio is flushed before the machine powers
 * off with that status.
 */
#include <stdlib.h>
#include "arch.h"
#include "bootinfo.h"
#include "kernel.h"
#include "mem.h"
#include "physmem.h"
#include "runtime.h"

extern int main(int argc, char **argv);
extern void __libc_init_array(void);

static void print_bootinfo(const struct bootinfo *bi)
{
	kprintf("goro: boot %s, cmdline \"%s\"\n", bi->bootpath, bi->cmdline);
	for (int i = 0; i < bi->nmem; i++)
		kprintf("goro: ram [0x%llx, 0x%llx) %llu KiB\n",
			(unsigned long long)bi->mem[i].base,
			(unsigned long long)(bi->mem[i].base + bi->mem[i].len),
			(unsigned long long)(bi->mem[i].len >> 10));
}

/* The current boot's information, for the kernel parts that need it later. */
struct bootinfo *bootinfo;

_Noreturn void kmain(struct bootinfo *bi)
{
	bootinfo = bi;
	uart_init();
	arch_init(bi);
	tls_init(&m0);          /* getg() is NULL until the scheduler starts */
	physmem_init(bi);
	vm_init(bi);
	mem_init();
	arch_timer_init(bi);

	int argc;
	char **argv;
	options_parse(bi, &argc, &argv);
	if (option_int(OPT_VERBOSE))
		print_bootinfo(bi);
	/* stackstats=1 reports at every normal exit: main's return and exit() alike. */
	if (atexit(stack_printstats) != 0)
		fatal("atexit: no room for the stack statistics report");

	__libc_init_array();
	mstart(main, argc, argv);
}

_Noreturn void appexit(int status)
{
	exit(status);
}
