/*
 * pc.h - what the PC's set-up files share among themselves: the steps
 * platform_init takes (plat/pc/386/init.c, plat/pc/amd64/init.c) and
 * those each other CPU repeats for itself when it starts (smp.c).
 * Control registers, MSRs, CPUID and descriptor loads come from the
 * CPU's headers (arch/x86/x86.h, arch/<cpu>/cpu.h).
 */
#ifndef GORO_PC_H
#define GORO_PC_H

#include <stdint.h>

struct bootinfo;

/*
 * gdt.c: each CPU has its own GDT and TSS (amd64: with its IST stacks;
 * i386: with its double-fault task and the TLS segment, whose base is
 * per CPU). gdt_build fills CPU cpu's, its TLS segment (i386) on the
 * per-CPU block tls; gdt_load loads CPU cpu's on the calling CPU and
 * reloads every segment register but the per-CPU one (amd64 fs: its
 * base would reset), then the task register: once per CPU, as ltr
 * marks the TSS busy. gdt_init is both for CPU 0, on a zeroed block
 * (cpu_id() 0, getg() NULL until kstart's tls_init). gdt_table gives
 * CPU cpu's table and its limit (size - 1), for the start-up code.
 */
void gdt_init(void);
void gdt_build(int cpu, uintptr_t *tls);
void gdt_load(int cpu);
const void *gdt_table(int cpu, uint16_t *limit);
/* idt.c: one gate per vector, all pointing at trapentry.S's stubs; idt_load loads it on another CPU. */
void idt_init(void);
void idt_load(void);
/* fpu.c: x87 and SSE usable, in their default state (on the calling CPU). */
void fpu_init(void);
/* 386 doublefault.c: CPU 0's #DF task's TSS; needs the final CR3. */
void doublefault_init(void);
/* pc_devices_cmdline takes microvm's virtio_mmio.device= words out of the command line (devices.c). */
void pc_devices_cmdline(struct bootinfo *bi);
/* 386 paging.c: PAE mode on, on the boot map (bootmap.S: [0, DIRECTMAP_END) 1:1) until mmu_activate. */
void paging_init(void);
/* mmu.c: the EFER bits a CPU needs to walk the kernel's tables (NXE if they use NX; amd64 LME), or 0. */
uint64_t mmu_efer(void);
/* timer.c: the calling CPU's local APIC and timer, at the rates the boot CPU measured. */
void timer_init_cpu(void);
/*
 * timer_calibration_start opens the PIT window the timer's rates are
 * measured over (timer.c), unless CPUID states the TSC's rate: the start
 * of platform_init calls it, so that the rest of the boot up to
 * timer_finish runs inside the window.
 */
void timer_calibration_start(void);
/*
 * timer_finish closes the PIT window (timer.c), if it is open: the
 * rates are known and time can be read from then on. The end of
 * cpus_init calls it, so that the search for the CPUs runs inside the
 * window; nothing between the two reads the time.
 */
void timer_finish(void);

#endif
