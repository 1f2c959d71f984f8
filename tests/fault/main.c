/*
 * fault - makes the CPU trap in the way argv[1] names, so the test can
 * check the fault report and the exit status 2:
 *   undef        an undefined instruction
 *   div0         an integer division by zero (x86 only: ARM returns 0)
 *   brokenstack  the stack pointer set to an unmapped address, then an
 *                undefined instruction: the trap must land on its own stack
 *   unmapped     a write to an address nothing is mapped at
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Not inlined: the fault report's traceback must show undef called from main. */
__attribute__((noinline)) static void undef(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__asm__ volatile("ud2");
#elif defined(__arm__)
	__asm__ volatile(".inst 0xe7f000f0");   /* udf #0 */
#endif
}

static void brokenstack(void)
{
#if defined(__x86_64__)
	__asm__ volatile("mov $0xdead00000000, %rsp; ud2");
#elif defined(__i386__)
	__asm__ volatile("mov $0xdead0000, %esp; ud2");
#elif defined(__arm__)
	__asm__ volatile("mov sp, #0; .inst 0xe7f000f0");
#endif
}

/* An address no RAM or device is mapped at on any of the machines. */
#if defined(__x86_64__)
#define UNMAPPED 0x7f0000000000ULL
#elif defined(__i386__)
#define UNMAPPED 0xdead0000UL
#else
#define UNMAPPED 0xdead0000UL
#endif

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	printf("fault: %s\n", mode);
	fflush(stdout);
	if (strcmp(mode, "undef") == 0)
		undef();
	else if (strcmp(mode, "div0") == 0) {
		volatile int zero = 0, one = 1;
		printf("%d\n", one / zero);
	} else if (strcmp(mode, "brokenstack") == 0)
		brokenstack();
	else if (strcmp(mode, "unmapped") == 0)
		*(volatile uint32_t *)(uintptr_t)UNMAPPED = 1;
	else {
		printf("unknown mode\n");
		return 1;
	}
	printf("survived the fault\n");
	return 0;
}
