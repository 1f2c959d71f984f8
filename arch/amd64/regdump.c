/*
 * regdump.c - the general registers of an amd64 trap frame, as the fault
 * report prints them; shared by the PC (plat/pc/amd64/trap.c, which adds the
 * control registers) and the hosted platform (no control registers).
 *
 * Three registers a line, each a right-aligned name and 16 hex digits,
 * so columns line up and the block fits 80 columns.
 */
#include "machine.h"
#include "regdump.h"
#include "trapframe.h"

void amd64_dumpgprs(const struct trapframe *tf)
{
	const struct regval regs[] = {
		{ "rax", tf->rax }, { "rbx", tf->rbx }, { "rcx", tf->rcx },
		{ "rdx", tf->rdx }, { "rsi", tf->rsi }, { "rdi", tf->rdi },
		{ "rbp", tf->rbp }, { "rsp", tf->rsp }, { "r8", tf->r8 },
		{ "r9", tf->r9 }, { "r10", tf->r10 }, { "r11", tf->r11 },
		{ "r12", tf->r12 }, { "r13", tf->r13 }, { "r14", tf->r14 },
		{ "r15", tf->r15 }, { "rip", tf->rip }, { "rflags", tf->rflags },
		{ "cs", tf->cs & 0xffff }, { "err", tf->err }, { "cr2", tf->cr2 },
	};
	amd64_printregs(regs, nelem(regs));
}

void amd64_printregs(const struct regval *regs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		kprintf("%6s %016lx%s", regs[i].name, (unsigned long)regs[i].value,
			i % 3 == 2 || i == n - 1 ? "\n" : "  ");
}
