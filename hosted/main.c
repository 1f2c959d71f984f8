/*
 * main.c - the hosted platform's entry: a Linux process's main, doing
 * what boot/ and kmain do on bare metal, then the appliance's main as
 * goroutine 1.
 *
 *   GORO_OPTIONS='verbose=1 -- a b' build/hosted/app c d
 *
 * The runtime options come from the environment variable GORO_OPTIONS,
 * with the syntax of the boot command line (kernel/options.c): options,
 * then, after a "--", words that become the first arguments; the
 * process's own arguments follow them. argv[0] is the appliance's name.
 *
 * The appliance keeps its main: the link (--wrap=main) points the C
 * library's call of main at __wrap_main here, and __real_main names the
 * appliance's, so appliances need no change and tracebacks say main as
 * on bare metal. As kmain does, __wrap_main moves to a stack of its own
 * (boot_stack, which fault reports know) and never returns: mstart runs
 * the scheduler, and the appliance's return goes to exit().
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "arch.h"
#include "bootinfo.h"
#include "hosted.h"
#include "kernel.h"
#include "mem.h"
#include "physmem.h"
#include "runtime.h"

int __real_main(int argc, char **argv);
int __wrap_main(int argc, char **argv);

struct bootinfo *bootinfo;
static struct bootinfo bi;
static int app_argc;
static char **app_argv;

/* The stack the scheduler (g0) runs on, as boot/<arch> provides on bare metal. */
__asm__(".pushsection .bss\n"
	".balign 4096\n"
	".globl boot_stack, boot_stack_top\n"
	"boot_stack:\n"
	".skip 65536\n"
	"boot_stack_top:\n"
	".popsection");
extern char boot_stack[], boot_stack_top[];

static void print_bootinfo(void)
{
	kprintf("goro: boot %s, cmdline \"%s\"\n", bi.bootpath, bi.cmdline);
	kprintf("goro: ram [0x%llx, 0x%llx) %llu KiB (an account: Linux backs what is used)\n",
		(unsigned long long)bi.mem[0].base,
		(unsigned long long)(bi.mem[0].base + bi.mem[0].len),
		(unsigned long long)(bi.mem[0].len >> 10));
}

/* hosted_start runs on boot_stack: the scheduler with the appliance's main. */
static _Noreturn void hosted_start(void)
{
	mstart(__real_main, app_argc, app_argv);
}

int __wrap_main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	bi.bootpath = "hosted";
	bootinfo_setcmdline(&bi, getenv("GORO_OPTIONS"));
	bootinfo = &bi;
	trap_init();
	tls_init(&m0);
	physmem_init(&bi);
	mmu_init();
	mem_init();
	arch_timer_init(&bi);

	/* argv: the name and the words after "--" in GORO_OPTIONS, then our own arguments. */
	int n;
	char **words;
	options_parse(&bi, &n, &words);
	app_argv = malloc((size_t)(n + argc) * sizeof *app_argv);
	if (!app_argv)
		fatal("out of memory: no room for %d arguments", n + argc);
	for (int i = 0; i < n; i++)
		app_argv[app_argc++] = words[i];
	for (int i = 1; i < argc; i++)
		app_argv[app_argc++] = argv[i];
	app_argv[app_argc] = NULL;
	if (option_int(OPT_VERBOSE))
		print_bootinfo();
	/* stackstats=1 reports at every normal exit: main's return and exit() alike. */
	if (atexit(stack_printstats) != 0)
		fatal("atexit: no room for the stack statistics report");

	/* Onto boot_stack (16-byte aligned at the call), never to return. */
	__asm__ volatile("movq %0, %%rsp\n\t"
			 "xorl %%ebp, %%ebp\n\t"
			 "call *%1\n\t"
			 "ud2"
			 : : "r"(boot_stack_top), "r"(hosted_start) : "memory");
	__builtin_unreachable();
}

_Noreturn void appexit(int status)
{
	exit(status);
}
