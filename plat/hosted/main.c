/*
 * main.c - the hosted platform's entry: a Linux process's main, doing
 * what boot/ does on bare metal, then the one start path (kstart).
 *
 *   GORO_OPTIONS='verbose=1 -- a b' build/hosted/app c d
 *
 * The runtime options come from the environment variable GORO_OPTIONS,
 * with the syntax of the boot command line (runtime/options.c): options,
 * then, after a "--", words that become the first arguments; the
 * process's own arguments follow them. argv[0] is the appliance's name.
 *
 * The appliance keeps its main: the link (--wrap=main) points the C
 * library's call of main at __wrap_main here, and __real_main names the
 * appliance's, so appliances need no change and tracebacks say main as
 * on bare metal. __wrap_main moves to a stack of its own (boot_stack,
 * which becomes g0's, as on bare metal) and calls kstart, which never
 * returns: the appliance's return goes to exit().
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "bootinfo.h"
#include "hosted.h"
#include "machine.h"
#include "platform.h"

int __real_main(int argc, char **argv);
int __wrap_main(int argc, char **argv);

static struct bootinfo bi;

/* The stack the start path and then g0 run on, as boot/<arch> provides on bare metal. */
__asm__(".pushsection .bss\n"
	".balign 4096\n"
	".globl boot_stack, boot_stack_top\n"
	"boot_stack:\n"
	".skip 65536\n"
	"boot_stack_top:\n"
	".popsection");

/* hosted_start runs on boot_stack: the one start path, with the appliance's own main. */
static _Noreturn void hosted_start(int unused)
{
	(void)unused;
	kstart(&bi, __real_main);
}

int __wrap_main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	bi.bootpath = "hosted";
	bi.memnote = " (an account: Linux backs what is used)";
	bootinfo_setcmdline(&bi, getenv("GORO_OPTIONS"));
	/* main's argv: the name, the words after "--" in GORO_OPTIONS, then our own arguments. */
	bi.argc = argc - 1;
	bi.argv = argv + 1;
	/* goroutine 1's stack is in the image; its guard pages fault, as bare metal leaves them unmapped */
	if (mprotect(mainstack_start, (size_t)(mainstack_lo - mainstack_start), PROT_NONE) != 0 ||
	    mprotect(mainstack_hi, (size_t)(mainstack_end - mainstack_hi), PROT_NONE) != 0) {
		perror("goro: mprotect of goroutine 1's guard pages");
		exit(2);
	}

	hosted_call_on((uintptr_t)boot_stack_top, hosted_start, 0);
}
