/*
 * dumpregs.c - the register block of an amd64 fault report: the general
 * registers (regdump.c), then ss and cr3. cr2 is the value saved at
 * trap entry; cr3 is read now (nothing changes it on the way).
 */
#include "platform.h"
#include "cpu.h"
#include "machine.h"
#include "regdump.h"
#include "trapframe.h"

void machine_dumpregs(const struct trapframe *tf)
{
	amd64_dumpgprs(tf);
	const struct regval ctl[] = { { "ss", tf->ss & 0xffff }, { "cr3", read_cr3() } };
	amd64_printregs(ctl, nelem(ctl));
}
