/*
 * platform.h - what the portable kernel (kernel/) needs from a platform.
 *
 * include/machine.h is the runtime's view of the machine. Part of it is
 * implemented once, in kernel/, for every platform: the Sys* memory
 * contract (kernel/mem.c) over page tables, the console's printf, the
 * fatal stops and the start path (kstart). This header is what that
 * portable code asks of the platform below it: bring-up, page frames,
 * page tables and the timer's set-up. plat/pc and plat/virt implement it
 * on real page tables (with plat/common), plat/hosted over a Linux
 * process's address space.
 */
#ifndef GORO_PLATFORM_H
#define GORO_PLATFORM_H

#include <stdint.h>
#include "machine.h"

struct bootinfo;                /* plat/bootinfo.h: what the boot path found */

/* ==== Start ====================================================================== */

/*
 * kstart is where every platform's entry converges (kernel/main.c): on
 * boot_stack, with the boot information, it brings the machine up in
 * the order below and starts the runtime (rt0_go) with main as the
 * appliance's main. Bare-metal boot paths call kmain(bi), which is
 * kstart(bi, main) (plat/common/kmain.c); hosted passes the appliance's
 * main from behind the C library's.
 */
_Noreturn void kstart(struct bootinfo *bi, int (*main)(int, char **));
_Noreturn void kmain(struct bootinfo *bi);
/* The current boot's information, for the parts that need it later. */
extern struct bootinfo *bootinfo;

/*
 * platform_init brings up the console and the CPU: after it kprintf
 * works and traps are reported (descriptor tables, trap vectors with
 * separate stacks for faults, the FPU/SIMD unit, early page tables if
 * the boot path set none). First in kstart.
 */
void platform_init(struct bootinfo *bi);

/* ==== Page frames (plat/common/physmem.c; hosted: an account) ==================== */

/* physmem_init takes the usable RAM from bi, minus the image and boot data. After platform_init. */
void physmem_init(struct bootinfo *bi);
/* physpage_alloc returns a zeroed frame's physical address, or 0 if none is left. */
uint64_t physpage_alloc(void);
/* physpage_free gives a frame back. */
void physpage_free(uint64_t pa);
/*
 * physpages_alloc returns the physical address of n zeroed frames in a
 * row (for memory a device reads, kernel/dev.c), or 0 if no free run of
 * n is left; they are given back one by one with physpage_free. Hosted:
 * always 0 (no devices).
 */
uint64_t physpages_alloc(size_t n);
/* phys_to_virt: where the kernel reaches a frame (RAM is direct-mapped, physical == virtual). */
static inline void *phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

/*
 * Page tables (plat/<platform>/mmu.c). One address space, the kernel's;
 * 4 KiB pages; the layout (where the direct map, heap and stack
 * regions lie) is in memlayout.h (include/machine.h). Table pages come from
 * physpage_alloc (below) and are reached through the direct
 * map (physical address == virtual address for RAM).
 *
 * An empty entry can carry a small software tag (1..MMU_TAGMAX) that
 * the CPU ignores: kernel/mem.c uses it to remember why a page is not
 * mapped (SysFault'ed vs. merely reserved) for fault reports.
 */
#define MMU_TAGMAX      255u
#define MMU_NOPAGE      (~(uint64_t)0)

enum {
	MMU_R = 1,      /* readable (every mapping is) */
	MMU_W = 2,      /* writable */
	MMU_X = 4,      /* executable; without it, no-execute where the CPU can */
	MMU_DEV = 8,    /* device memory: uncached, strongly ordered, never executed */
};

/*
 * mmu_init allocates the root table of the kernel's address space; the
 * boot tables stay in use until mmu_activate. Called once, after
 * physmem_init.
 */
void mmu_init(void);

/*
 * mmu_map maps the page at va to the frame pa with prot (MMU_*),
 * replacing any mapping there. Returns 0, or -1 if a table page could
 * not be allocated (nothing changed then). Invalidates the TLB entry.
 */
int mmu_map(uintptr_t va, uint64_t pa, unsigned prot);

/*
 * mmu_map_run maps the n pages from va to the frames pa[0..n-1] with
 * prot, as mmu_map would each, in one step: one walk of the tables per
 * page table (hosted: one system call for the run). Returns 0, or -1
 * with none of the run mapped (a table page could not be allocated).
 * kernel/mem.c keeps one that calls mmu_map for each page, for a
 * machine that has only that (the unit tests' fake one).
 */
int mmu_map_run(uintptr_t va, const uint64_t *pa, size_t n, unsigned prot);

/*
 * mmu_map_large maps the MMU_LARGE bytes at va (aligned so) to the frames
 * from pa (aligned so) with prot, as one entry: the direct map of RAM
 * (plat/common/vm.c), where one entry instead of 512 makes the boot
 * faster and the TLB reach further. No table may cover va yet; mapping,
 * unmapping or replacing a page inside such a block is a fatal error,
 * and mmu_lookup answers for each page in it. Returns 0, or -1 if a
 * table page could not be allocated. Before mmu_activate only. Bare metal
 * only (i386 PAE, amd64 and ARM LPAE all have 2 MiB blocks).
 */
#define MMU_LARGE       (2u << 20)
int mmu_map_large(uintptr_t va, uint64_t pa, unsigned prot);

/*
 * mmu_unmap empties the entry for va, leaving tag (0..MMU_TAGMAX) in it,
 * and returns the frame it mapped, or MMU_NOPAGE if it mapped none.
 * Invalidates the TLB entry. Never allocates.
 */
uint64_t mmu_unmap(uintptr_t va, unsigned tag);

/*
 * mmu_unmap_run unmaps the n pages from va as mmu_unmap would each,
 * leaving tag, and stores what it returned for page i in pa[i]
 * (hosted: one system call for each stretch of mapped pages).
 * kernel/mem.c keeps one that calls mmu_unmap for each page.
 */
void mmu_unmap_run(uintptr_t va, size_t n, unsigned tag, uint64_t *pa);

/*
 * mmu_shootdown makes every other CPU forget its translations of
 * [va, va + len), which this CPU has just unmapped (mmu_unmap), and
 * returns once they all have: only then may the range or its frames be
 * given out again (kernel/mem.c does it with its lock held). A platform
 * whose invalidation reaches every CPU by itself (ARM's inner-shareable
 * TLB maintenance; hosted, the kernel's) need not define it: kernel/mem.c
 * has one that does nothing. The PC's sends IPIs (plat/pc/tlb.c).
 */
void mmu_shootdown(uintptr_t va, uintptr_t len);

/*
 * mmu_lookup reports the entry for va: returns 1 and sets *pa, *prot if
 * mapped; returns 0 and sets *tag (0 if no table covers va) if not.
 * Any out pointer may be NULL.
 */
int mmu_lookup(uintptr_t va, uint64_t *pa, unsigned *prot, unsigned *tag);

/* mmu_activate switches the CPU to the kernel's tables (and flushes the TLB). */
void mmu_activate(void);

/*
 * platform_map_devices maps (with MMU_DEV, identity, by vm_map_identity)
 * the device registers the kernel uses on this machine (ARM: the PL011
 * and the interrupt controller; x86: the local APIC), into the tables
 * before mmu_activate.
 */
void platform_map_devices(struct bootinfo *bi);

/* vm_init builds the kernel's address space and switches to it (plat/common/vm.c). After physmem_init. */
void vm_init(struct bootinfo *bi);

/*
 * vm_map_identity maps the pages of [lo, hi) (page-aligned; none if
 * hi <= lo) at their own address with prot, for vm_init and the
 * platform_map_devices it calls; out of page-table pages, a fatal error.
 */
void vm_map_identity(uintptr_t lo, uintptr_t hi, unsigned prot);

/* ==== Time ======================================================================== */

/* timer_init finds the clock's rate and sets up the timer interrupt. After vm_init. */
void timer_init(struct bootinfo *bi);

/*
 * boot_clock reads a counter that runs from the machine's reset (x86:
 * the TSC; ARM: the generic counter; hosted: nanoseconds from the first
 * read), usable from the first instruction of C; boot_clock_hz is its
 * rate, known once timer_init has run. For verbose=1's boot times.
 */
uint64_t boot_clock(void);
uint64_t boot_clock_hz(void);
/* boot_stamp records that the boot phase name ended now (kernel/main.c); machine_describe prints them. */
void boot_stamp(const char *name);

/* ==== CPUs ======================================================================== */

/*
 * cpus_init finds the CPUs the machine has (ACPI's MADT or the MP table
 * on the PC, the device tree on virt): cpu_count() answers from then on.
 * After timer_init; starting them is the runtime's (cpu_start).
 */
void cpus_init(struct bootinfo *bi);

/* ==== Console device ============================================================== */

/*
 * The console UART (plat/pc/uart16550.c, plat/virt/pl011.c); plat/common/console.c
 * writes to it and reads from it. uart_init leaves its receive interrupt
 * on in the UART, the line masked at the interrupt controller until a
 * goroutine waits. uart_getc returns a received byte, or -1 if none is
 * waiting; uart_irq is the UART's receive line (include/machine.h,
 * "Device interrupts"), or -1 if the machine cannot take it.
 */
void uart_init(void);
void uart_putc(int c);
int uart_getc(void);
int uart_irq(void);

#endif
