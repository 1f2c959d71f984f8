/*
 * dumpregs.c - the register block of an amd64 fault report.
 *
 * Three registers a line, each a right-aligned name and 16 hex digits,
 * so columns line up and the block fits 80 columns. cr2 is the value
 * saved at trap entry; cr3 is read now (nothing changes it on the way).
 */
#include "arch.h"
#include "cpu.h"
#include "kernel.h"
#include "trapframe.h"

void arch_dumpregs(const struct trapframe *tf)
{
	const struct {
		const char *name;
		uint64_t value;
	} regs[] = {
		{ "rax", tf->rax }, { "rbx", tf->rbx }, { "rcx", tf->rcx },
		{ "rdx", tf->rdx }, { "rsi", tf->rsi }, { "rdi", tf->rdi },
		{ "rbp", tf->rbp }, { "rsp", tf->rsp }, { "r8", tf->r8 },
		{ "r9", tf->r9 }, { "r10", tf->r10 }, { "r11", tf->r11 },
		{ "r12", tf->r12 }, { "r13", tf->r13 }, { "r14", tf->r14 },
		{ "r15", tf->r15 }, { "rip", tf->rip }, { "rflags", tf->rflags },
		{ "cs", tf->cs & 0xffff }, { "ss", tf->ss & 0xffff }, { "err", tf->err },
		{ "cr2", tf->cr2 }, { "cr3", read_cr3() },
	};

	for (size_t i = 0; i < nelem(regs); i++)
		kprintf("%6s %016lx%s", regs[i].name, (unsigned long)regs[i].value,
			i % 3 == 2 || i == nelem(regs) - 1 ? "\n" : "  ");
}
