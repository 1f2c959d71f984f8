/*
 * cpu.h - what only the i386 files share among themselves: the
 * prototypes of their set-up steps (not part of the portable arch.h
 * contract).
 *
 * Control registers, MSRs, CPUID and descriptor loads, which amd64
 * has too, come from arch/x86/x86.h.
 */
#ifndef GORO_386_CPU_H
#define GORO_386_CPU_H

#include "x86.h"

/* gdt.c */
void gdt_init(void);
/* doublefault.c: the #DF task's TSS; needs the final CR3. */
void doublefault_init(void);
/* idt.c */
void idt_init(void);
/* paging.c: PAE mode on, with an identity map of low RAM until mmu_activate. */
struct bootinfo;
void paging_init(const struct bootinfo *bi);
/* fpu.c */
void fpu_init(void);

#endif
