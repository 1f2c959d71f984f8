/*
 * kmain.c - where the bare-metal boot paths (boot/<arch>) hand over:
 * the one start path (kernel/main.c) with the appliance's main.
 */
#include "bootinfo.h"
#include "platform.h"

int main(int argc, char **argv);

_Noreturn void kmain(struct bootinfo *bi)
{
	kstart(bi, main);
}
