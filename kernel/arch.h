/*
 * arch.h - the narrow interface between the portable kernel and a CPU.
 *
 * Everything in kernel/ and runtime/ reaches the machine only through
 * the functions below. Each architecture implements them under
 * arch/<arch>/ (x86 code both 386 and amd64 use lives in arch/x86/).
 * This header is the one place that documents the contract.
 */
#ifndef GORO_ARCH_H
#define GORO_ARCH_H

#include <stdint.h>
#include <stddef.h>

struct bootinfo;
struct trapframe;               /* defined by arch/<arch>/trapframe.h */

/*
 * arch_init sets up the CPU for the kernel: descriptor tables, trap
 * vectors (with separate stacks for faults on the fault path), the
 * FPU/SIMD unit so appliance code may use floating point, and the
 * early page tables if the boot path did not. Called once from kmain
 * after the console works; traps are reported from then on.
 */
void arch_init(struct bootinfo *bi);

/*
 * arch_poweroff stops the machine with an exit status the QEMU harness
 * can read back exactly (x86: the debugcon line "goro-exit: N" then
 * isa-debug-exit; ARM: semihosting SYS_EXIT_EXTENDED, then PSCI).
 * The status is status & 0xff, as a process's would be (-1 is 255).
 * On hardware without those devices it halts with interrupts off.
 */
_Noreturn void arch_poweroff(int status);

/*
 * arch_halt waits for the next interrupt (hlt / wfi) with interrupts
 * enabled only for the wait, handles it, and returns with them disabled
 * again. No interrupt is lost between deciding to wait and waiting.
 */
void arch_halt(void);

/*
 * arch_dumpregs prints the general registers saved in a trap frame,
 * a few per line, for the fault report.
 */
void arch_dumpregs(const struct trapframe *tf);

/*
 * Page tables (arch/<arch>/mmu.c). One address space, the kernel's;
 * 4 KiB pages; the layout (where the direct map, heap and stack
 * regions lie) is in arch/<arch>/memlayout.h. Table pages come from
 * physpage_alloc (kernel/physmem.h) and are reached through the direct
 * map (physical address == virtual address for RAM).
 *
 * An empty entry can carry a small software tag (1..MMU_TAGMAX) that
 * the CPU ignores: kernel/mem.c uses it to remember why a page is not
 * mapped (SysFault'ed vs. merely reserved) for fault reports.
 */
/* One page, on every arch and hosted; the runtime's name too (runtime/malloc.h). */
enum { PageShift = 12, PageSize = 1 << PageShift };
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
 * mmu_unmap empties the entry for va, leaving tag (0..MMU_TAGMAX) in it,
 * and returns the frame it mapped, or MMU_NOPAGE if it mapped none.
 * Invalidates the TLB entry. Never allocates.
 */
uint64_t mmu_unmap(uintptr_t va, unsigned tag);

/*
 * mmu_lookup reports the entry for va: returns 1 and sets *pa, *prot if
 * mapped; returns 0 and sets *tag (0 if no table covers va) if not.
 * Any out pointer may be NULL.
 */
int mmu_lookup(uintptr_t va, uint64_t *pa, unsigned *prot, unsigned *tag);

/* mmu_activate switches the CPU to the kernel's tables (and flushes the TLB). */
void mmu_activate(void);

/*
 * arch_map_devices maps (with MMU_DEV, identity) the device registers
 * the kernel uses on this machine (ARM: the PL011 and the interrupt
 * controller; x86: nothing yet), into the tables before mmu_activate.
 * Returns 0, or -1 out of memory.
 */
int arch_map_devices(struct bootinfo *bi);

/*
 * Time (arch/<arch>/timer.c). Interrupts stay disabled while goroutines
 * and the scheduler run; they are taken only inside arch_halt, so an
 * interrupt never runs appliance code and never finds a goroutine
 * half-switched. The timer interrupt only wakes the CPU: the scheduler
 * looks at its timers itself when arch_halt returns.
 */

/* arch_timer_init finds the clock's rate and sets up the timer interrupt. After vm_init. */
void arch_timer_init(struct bootinfo *bi);

/* arch_nanotime: monotonic nanoseconds since arch_timer_init; never goes back. */
int64_t arch_nanotime(void);

/*
 * arch_timer_set asks for one interrupt at (or soon after) the
 * arch_nanotime value deadline, replacing any earlier request; a
 * deadline in the past interrupts at once, 0 cancels.
 */
void arch_timer_set(int64_t deadline);

/* Console UART: kernel/uart16550.c on x86, kernel/pl011.c on ARM. */
void uart_init(void);
void uart_putc(int c);

#endif
