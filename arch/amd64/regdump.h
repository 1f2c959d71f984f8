/*
 * regdump.h - printing amd64 registers for fault reports (regdump.c).
 */
#ifndef GORO_AMD64_REGDUMP_H
#define GORO_AMD64_REGDUMP_H

#include <stddef.h>
#include <stdint.h>

struct trapframe;

struct regval {
	const char *name;
	uint64_t value;
};

/* amd64_printregs prints regs three to a line, names right-aligned. */
void amd64_printregs(const struct regval *regs, size_t n);

/* amd64_dumpgprs prints the general registers, rip, rflags, cs, err and cr2 of tf. */
void amd64_dumpgprs(const struct trapframe *tf);

#endif
