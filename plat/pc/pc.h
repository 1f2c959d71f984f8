/*
 * pc.h - what the PC's set-up files share among themselves: the steps
 * platform_init takes (plat/pc/386/init.c, plat/pc/amd64/init.c).
 * Control registers, MSRs, CPUID and descriptor loads come from the
 * CPU's headers (arch/x86/x86.h, arch/<cpu>/cpu.h).
 */
#ifndef GORO_PC_H
#define GORO_PC_H

struct bootinfo;

/* gdt.c: the kernel GDT (amd64: with its TSS and IST stacks); reloads every segment. */
void gdt_init(void);
/* idt.c: one gate per vector, all pointing at trapentry.S's stubs. */
void idt_init(void);
/* fpu.c: x87 and SSE usable, in their default state. */
void fpu_init(void);
/* 386 doublefault.c: the #DF task's TSS; needs the final CR3. */
void doublefault_init(void);
/* 386 paging.c: PAE mode on, with an identity map of low RAM until mmu_activate. */
void paging_init(const struct bootinfo *bi);
/* timer.c: the calling CPU's local APIC and timer, at the rates the boot CPU measured. */
void timer_init_cpu(void);

#endif
