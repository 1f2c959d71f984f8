/*
 * cpu.h - what only amd64 has: long-mode EFER bits, the FS/GS base
 * MSRs, the kernel's segment selectors and interrupt stacks, plus the
 * prototypes the arch/amd64 files share among themselves (the portable
 * contracts are include/machine.h and plat/platform.h).
 *
 * Control registers, MSRs, CPUID, exception vectors and descriptor
 * loads, which i386 has too, come from arch/x86/x86.h. The constants
 * are plain hex so the boot assembly can include this file too.
 */
#ifndef GORO_AMD64_CPU_H
#define GORO_AMD64_CPU_H

#include "x86.h"

#define CR4_LA57        0x00001000      /* 5-level paging */

#define EFER_SCE        0x00000001      /* syscall/sysret */
#define EFER_LME        0x00000100      /* long mode enable */
#define EFER_LMA        0x00000400      /* long mode active (read only) */
#define MSR_FS_BASE     0xc0000100
#define MSR_GS_BASE     0xc0000101

#define MXCSR_DEFAULT   0x1f80          /* all SSE exceptions masked, round to nearest */

/* Segment selectors; the boot GDT and the kernel GDT (gdt.c) agree on them. */
#define SEL_KCODE       0x08
#define SEL_KDATA       0x10
#define SEL_TSS         0x18            /* a 16-byte descriptor: 0x18 and 0x20 */

/* Interrupt stack table slots (1-based, as the IDT gate encodes them). */
#define IST_DOUBLEFAULT 1
#define IST_NMI         2
#define IST_MACHINECHECK 3
#define IST_INTR        4               /* every hardware interrupt: the CPU's interrupt stack */
#define IST_STACKSIZE   16384

#endif
