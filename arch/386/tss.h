/*
 * tss.h - the i386 task-state segment and each CPU's two TSSes.
 *
 * Each CPU runs as one hardware task (its kernel TSS). A double fault
 * is delivered through a task gate to a second task (the CPU's
 * double-fault TSS) with its own stack and registers, so it still runs
 * when the faulting code's stack is gone; the CPU saves the interrupted
 * state into its kernel TSS on the way, which is what the report then
 * prints. The platform keeps them (plat/pc/386: gdt.c, doublefault.c).
 */
#ifndef GORO_386_TSS_H
#define GORO_386_TSS_H

#include <stdint.h>

/* Layout fixed by the CPU (104 bytes); 16-bit fields padded to 32. */
struct tss {
	uint16_t link, _r0;             /* previous task (set on a nested switch) */
	uint32_t esp0;
	uint16_t ss0, _r1;
	uint32_t esp1;
	uint16_t ss1, _r2;
	uint32_t esp2;
	uint16_t ss2, _r3;
	uint32_t cr3, eip, eflags;
	uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint16_t es, _r4, cs, _r5, ss, _r6, ds, _r7, fs, _r8, gs, _r9;
	uint16_t ldt, _r10;
	uint16_t trap, iomap;           /* iomap past the limit: no I/O bitmap */
} __attribute__((packed));

_Static_assert(sizeof(struct tss) == 104, "struct tss");

/* kernel_tss_here: the calling CPU's kernel TSS (the one its GDT names). */
const struct tss *kernel_tss_here(void);
/* doublefault_tss fills CPU cpu's double-fault TSS (its stack, the current CR3) and returns it. */
struct tss *doublefault_tss(int cpu);

#endif
