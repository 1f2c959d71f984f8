/*
 * machine.h - the machine contract: everything the runtime needs from
 * below it, in one header.
 *
 * goro is built in layers (docs/layout.md). From the top: the appliance
 * and its C library glue (libc/), the goroutine runtime (runtime/), and
 * the machine: the portable kernel (kernel/), a platform (plat/pc,
 * plat/virt, plat/hosted) and a CPU (arch/<cpu>). runtime/ includes
 * nothing from below it but this header, and nothing below includes
 * from above (tools/check-layers checks both in make check).
 *
 * Who implements what:
 *   arch/<cpu>/        the context switch, the split-stack entry and the
 *                      frame facts (frame.h, asmoffsets.h, trapframe.h)
 *   kernel/            console printing, fatal stops, the Sys* memory
 *                      contract over page tables, the start path (kstart)
 *   plat/<platform>/   the current g (tls.h), the memory layout
 *                      (memlayout.h), time, halt, power-off, traps, the
 *                      console device
 *   runtime/           the up-calls at the end: rt0_go and fault_report
 *
 * The inline parts come from headers each platform and CPU supplies
 * under one name, exactly one of each on a platform's include path:
 * tls.h and memlayout.h (plat), frame.h and trapframe.h (arch). Adding a
 * platform means implementing this header, plus plat/platform.h if it
 * reuses kernel/'s memory manager.
 *
 * Everything here is also usable from assembly where marked (the
 * constants and macros); C declarations are hidden from the assembler.
 */
#ifndef GORO_MACHINE_H
#define GORO_MACHINE_H

/* One page, on every platform. */
#define PageShift       12
#define PageSize        (1 << PageShift)

/* The CPU's registers at a trap, and the frame facts of its calling convention. */
#include "trapframe.h"
#include "frame.h"
/* The current g: getg/setg/setstackguard in C, GET_G/SET_G in assembly. */
#include "tls.h"
/* Where the heap and stack regions lie (VM_HEAP_BASE, VM_STACK_BASE, ...), and NONSPLIT_CALL_ROOM. */
#include "memlayout.h"

#ifndef __ASSEMBLER__

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define nelem(a) (sizeof(a) / sizeof((a)[0]))

typedef struct G G;
typedef struct M M;
typedef struct Gobuf Gobuf;
typedef struct FuncVal FuncVal;
struct trapframe;

/* ==== The current g and the stack guard (plat/<platform>/tls.h) ==============
 *
 * Each M has a block of words, m->tls, that the platform makes this
 * CPU's (or thread's) per-CPU area; the current g is at TLS_G in it
 * (or, hosted, in a thread variable). The compiler's split-stack
 * prologues compare sp with a guard slot at a fixed place the CPU's
 * ABI chooses (%fs:0x70, %gs:0x30, [TPIDRURO + 4]).
 *
 *   G *getg(void)                     the goroutine running here (g0 in the
 *                                     scheduler; NULL before mstart)
 *   void setg(G *gp)                  only the switch code calls it
 *   void setstackguard(uintptr_t g)   what the prologues compare sp with
 *   int cpu_id(void)                  this CPU's number (TLS_CPU)
 *   GET_G(reg), SET_G(reg[, tmp])     the same in assembly
 */
#define TLS_WORDS       16      /* the per-CPU block, m->tls: words */
/*
 * tls_init makes block (TLS_WORDS words, m->tls) this CPU's per-CPU
 * block and records cpu, this CPU's number, at TLS_CPU in it; getg()
 * and cpu_id() read it from then on.
 */
void tls_init(uintptr_t *block, int cpu);

/* ==== Switching (arch/<cpu>/asm.S, arch/<family>/sys_*.c) ======================
 *
 * The seed's semantics. C has callee-saved registers that Go did not,
 * so a goroutine is switched out only inside mcall, which pushes them on
 * the goroutine's own stack: a Gobuf needs only sp and pc (and lr on ARM).
 * Its offsets for assembly are GOBUF_* in asmoffsets.h (checked in
 * runtime/sys.c).
 */
/*
 * Gobuf: where a goroutine resumes. gogo(buf) restores sp, puts ret in
 * the return register and ctxt in the closure-context register
 * (amd64 rdx, 386 edx, arm r7), clears those saved fields and jumps to
 * pc (on ARM it also restores lr).
 */
struct Gobuf {
	uintptr_t sp;
	uintptr_t pc;
	G *g;
	uintptr_t ret;
	void *ctxt;
	uintptr_t lr;
};

/* gogo resumes buf's goroutine; never returns (not _Noreturn, so calls may be jumps). */
void gogo(Gobuf *buf);
/* gosave records the caller's sp and pc in buf (ret and ctxt 0), like setjmp without registers. */
void gosave(Gobuf *buf);
/*
 * mcall switches from the current goroutine g to its M's g0 stack and
 * calls fn(g); fn never returns (it ends in gogo). g's callee-saved
 * registers are pushed on g's stack and its sp/pc saved in g->sched, so
 * gogo(&g->sched) later returns from mcall in g.
 */
void mcall(void (*fn)(G *));
/* gostartcall adjusts buf as if it had called fn (ctxt in the context register), then done gosave. */
void gostartcall(Gobuf *buf, void (*fn)(void), void *ctxt);
/* gostart: every goroutine's FuncVal.fn: calls cfn(arg) of the FuncVal in ctxt. */
void gostart(void);
/* goexit: the return address of gostart's frame: ends the goroutine (calls goexit1). */
void goexit(void);
/* morestack_resume continues gp from m->morebuf after newstack (arch/<cpu>/morestack.S). */
void morestack_resume(G *gp);

/* ==== Frames at a failed prologue check (arch/<cpu>/frame.h) ===================
 *
 * __morestack saves the registers live at a failed check in m->morebuf:
 * MB(mb, MB_SP), MB_FP, MB_PC, MB_NINT general registers from word 0
 * (asmoffsets.h). frame.h supplies:
 *
 *   mb_framesize(mb)            the frame size the check asked for
 *   morestack_continuation_sp(sp)   the sp the function continues with
 *                               when the check passes, for the entry sp
 *   morestack_passed(mb)        sets MB_PC (and MB_LR) and MB_SP so that
 *                               morestack_resume continues on the check's
 *                               "passed" path
 *   morestack_caller(mb, top, &r, &lr)   for a traceback at the check:
 *                               r = R, the address after the function's
 *                               call of __morestack, and lr = its return
 *                               address where that is still in lr (ARM;
 *                               else 0), given top, the word at MB_SP
 *   words4_unrelocated(p, lo, span)   the CPU's quick test for copying
 *                               a stack: 1 if none of the four words at p
 *                               can point into [lo, lo + span] (0: maybe,
 *                               or no quick test)
 *   FRAME_MORESTACK_ALLOCA      1 if the compiler calls
 *                               __morestack_allocate_stack_space (x86)
 */
#define MB(mb, off)     ((mb)[(off) / sizeof(uintptr_t)])
/*
 * frame_unsaved_return finds the return address of the function at pc
 * (entry at entry, ending at fnend; fnend 0 if pc is in no known
 * function) that has not yet saved its caller's frame pointer: sets
 * *ret and returns 1 if so; returns 0 if its frame record is set up
 * (then the frame pointer is its own) or nothing can be told. lo and hi
 * bound the stack the return address may be read from.
 */
int frame_unsaved_return(uintptr_t pc, uintptr_t entry, uintptr_t fnend, uintptr_t sp,
			 uintptr_t lr, uintptr_t lo, uintptr_t hi, uintptr_t *ret);

/* ==== Time, timer and halt (plat/<platform>/timer.c) ===========================
 *
 * The timer interrupt does two jobs: it ends a halt at the deadline the
 * scheduler asked for (machine_timer_set), and, while the CPU runs, it
 * ticks every TICK_NS for preemption (below). The scheduler looks at its
 * timers itself.
 */
/* machine_nanotime: monotonic nanoseconds since boot; never goes back. */
int64_t machine_nanotime(void);
/*
 * machine_timer_set asks for one interrupt at (or soon after) the
 * machine_nanotime value deadline, replacing any earlier request; a
 * deadline in the past interrupts at once, 0 cancels.
 */
void machine_timer_set(int64_t deadline);
/*
 * machine_halt waits for the next interrupt with interrupts enabled
 * only for the wait, handles it, and returns with them disabled again.
 * No interrupt is lost between deciding to wait and waiting. One that
 * concerns the platform alone (its tick, say) may not end the wait.
 */
void machine_halt(void);

/*
 * machine_entropy returns a value that differs from boot to boot (x86:
 * RDRAND, else the time-stamp counter; ARM: the generic timer's count).
 * It seeds the runtime's random choices; it is not for keys.
 */
uint64_t machine_entropy(void);

/* ==== Interrupts while goroutines run, and preemption ============================
 *
 * Interrupts are enabled while a goroutine runs on its own stack and
 * disabled on the scheduler's (g0): the switches into a goroutine (gogo,
 * morestack_resume) enable them as they jump to it, and the ways out of
 * one (mcall, __morestack) disable them first thing, with the platform's
 * INTR_ENABLE and INTR_DISABLE (assembly macros from tls.h; empty hosted,
 * where signals play interrupts and arrive anywhere). machine_halt opens
 * them for its wait as before. An interrupt
 *   - runs on a stack of its CPU's own, never on the goroutine's (amd64:
 *     an IST stack; i386: its entry moves there after the CPU's 12 bytes
 *     on the interrupted stack; ARM: IRQ mode's; hosted: sigaltstack);
 *   - saves every integer register and the FPU/SIMD state, and returns to
 *     exactly where it interrupted, unless the runtime redirected it to
 *     asyncPreempt (preempt_push on the trap frame's pc, sp and lr);
 *   - takes no lock, allocates nothing and never calls the scheduler.
 *
 * While a CPU runs (not while it is halted for long: nothing polls), its
 * timer ticks every TICK_NS. The platform calls runtime_interrupted at
 * each tick and each cross-CPU wake-up (cpu_wake) that did not end a
 * machine_halt; the runtime itself tells a goroutine from the scheduler.
 */
#define TICK_NS         10000000        /* 10 ms, Go's time slice */
/*
 * runtime_interrupted is the runtime's up-call (runtime/preempt.c) from
 * the interrupt handler: tf is the interrupted context, which it may
 * redirect if a goroutine was running; tick is 1 for the timer's tick,
 * 0 for a wake-up. Returns 1 if a goroutine was running, 0 if the
 * scheduler (or the start path) was.
 */
int runtime_interrupted(struct trapframe *tf, int tick);
/*
 * trapframe.h (arch) supplies TRAPFRAME_PC(tf) and TRAPFRAME_SP(tf),
 * the interrupted pc and sp as uintptr_t lvalues, and TRAPFRAME_LRP(tf),
 * a pointer to its lr (ARM) or NULL. frame.h supplies PREEMPT_ROOM, the
 * bytes asyncPreempt and the mcall it makes use below the sp it is
 * pushed at, MB_LRP(mb), the lr in m->morebuf (or NULL), and
 *   bool preempt_push(uintptr_t *pc, uintptr_t *sp, uintptr_t *lr)
 * which makes the context (pc, sp, lr; lr NULL on x86) call asyncPreempt
 * as if at pc, writing a word or two below sp (amd64: below the red
 * zone); false if it cannot there (ARM: Thumb code). The same push makes
 * a goroutine stopped at a failed prologue check call asyncPreempt when
 * it continues (m->morebuf, runtime/preempt.c).
 *
 * asyncPreempt (arch/<cpu>/preempt.S) saves every integer register, the
 * flags and the FPU/SIMD state on the goroutine's stack, calls
 * mcall(preempt_m) (runtime/proc.c), and, when the goroutine runs
 * again (on any CPU), restores them all and returns to the pc it was
 * pushed at, with the sp and lr it had there.
 */
void asyncPreempt(void);

/* ==== Device interrupts that wake goroutines ====================================
 *
 * A device's interrupt line is a number the platform defines (pc: the
 * ISA IRQ; virt: the GIC's interrupt ID; hosted: its own), below
 * MAXIRQ. A driver goroutine waits for its line with intr_wait
 * (runtime/intr.c; goro_intr_wait in goro.h):
 *   - intr_wait unmasks the line and parks the goroutine;
 *   - the platform's handler masks the line, acknowledges the interrupt
 *     controller and calls intr_pending(irq), which only records it;
 *   - the scheduler readies the waiter at its next look (each schedule,
 *     and after each halt);
 *   - the driver services the device, which lowers the line, and waits
 *     again: a line still raised fires again once unmasked, so nothing is
 *     lost between the handler and the driver.
 * Device lines are delivered to CPU 0.
 */
#define MAXIRQ          256
/*
 * intr_unmask / intr_mask: let line irq interrupt CPU 0, or not; a fatal
 * error for a line the platform does not have. Every line starts masked.
 * Called on any CPU, on the scheduler's stack (intr_wait unmasks once the
 * waiter is parked), never from a handler.
 */
void intr_unmask(int irq);
void intr_mask(int irq);
/*
 * intr_pending is the runtime's up-call from the handler, for a line it
 * has just masked: two atomic ORs, safe on any stack and in any handler
 * (no prologue check, no lock, no call); the line's waiter runs later.
 * A platform that finds a masked line raised while unmasking it (hosted,
 * whose "line" is a file's state) may call it from intr_unmask too.
 */
void intr_pending(int irq);

/* ==== Device registers, DMA memory and buses, for drivers ======================
 *
 * What a driver (drivers/, docs/virtio.md) needs of the machine beyond its
 * interrupt line. Drivers run on goroutines: these calls have small
 * frames and take only spinlocks, so they may run in the slack below a
 * goroutine's stack guard, as the Sys* calls do.
 *
 * Memory shared with a device (DMA) is ordinary RAM from the direct map,
 * where a frame's virtual address is its physical one (i386 and amd64:
 * RAM below DIRECTMAP_END; ARM: RAM is identity-mapped too), mapped
 * cached: every machine goro runs on is DMA-coherent (the PC's bus
 * snoops; QEMU's virt emulates coherent devices, virtio-mmio's
 * "dma-coherent"). A device's registers are mapped uncached (x86:
 * PCD|PWT; ARM: Device memory, never executable) at an address the
 * kernel chooses in its device window (VM_DEVMAP_BASE, memlayout.h),
 * never at the physical address, which on i386 may lie in the heap or
 * stack region and on amd64 above the direct map.
 */
/*
 * dev_map maps size bytes of device registers at physical address pa
 * (any alignment) uncached and returns where pa is; the mapping stays
 * for good. NULL if the window is full (or, hosted, there are no
 * devices).
 */
void *dev_map(uint64_t pa, size_t size);
/*
 * dma_alloc returns size bytes (rounded up to pages) of zeroed,
 * physically contiguous, page-aligned RAM, and its physical address in
 * *pa; NULL if no run of free frames that long is left. dma_free gives
 * it back. The memory is outside the heap and stack regions, never
 * moves and is not counted in memstats' heap.
 */
void *dma_alloc(size_t size, uint64_t *pa);
void dma_free(void *p, size_t size);

/*
 * Barriers between the CPU's accesses to memory a device reads or
 * writes, and to its registers: dma_wmb orders stores before later
 * stores (fill a descriptor, then publish its index), dma_rmb loads
 * before later loads (read an index, then the entries it covers), dma_mb
 * everything before everything after (publish, then read whether the
 * device wants to be told). x86 keeps stores in order and loads in
 * order (and uncached register accesses with both), so only dma_mb
 * fences; ARM uses DSB, which also orders Device-memory accesses.
 */
static inline void dma_mb(void)
{
#if defined(__x86_64__)
	__asm__ volatile("mfence" ::: "memory");
#elif defined(__i386__)
	__asm__ volatile("lock; orl $0, (%%esp)" ::: "memory", "cc");
#elif defined(__arm__)
	__asm__ volatile("dsb sy" ::: "memory");
#else
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
}

static inline void dma_wmb(void)
{
#if defined(__arm__)
	__asm__ volatile("dsb st" ::: "memory");
#else
	__asm__ volatile("" ::: "memory");
#endif
}

static inline void dma_rmb(void)
{
#if defined(__arm__)
	__asm__ volatile("dsb sy" ::: "memory");
#else
	__asm__ volatile("" ::: "memory");
#endif
}

/*
 * Register accesses: one access of exactly that width (volatile), in
 * program order with the others (uncached memory keeps them so).
 */
static inline uint8_t mmio_read8(const volatile void *p) { return *(const volatile uint8_t *)p; }
static inline uint16_t mmio_read16(const volatile void *p) { return *(const volatile uint16_t *)p; }
static inline uint32_t mmio_read32(const volatile void *p) { return *(const volatile uint32_t *)p; }
static inline void mmio_write8(volatile void *p, uint8_t v) { *(volatile uint8_t *)p = v; }
static inline void mmio_write16(volatile void *p, uint16_t v) { *(volatile uint16_t *)p = v; }
static inline void mmio_write32(volatile void *p, uint32_t v) { *(volatile uint32_t *)p = v; }

/*
 * PCI configuration space (plat/pc/pci.c: the legacy mechanism, ports
 * 0xcf8/0xcfc, which QEMU's pc and q35 both have). off is a byte offset,
 * a multiple of 4, below 256. A function that does not exist reads as
 * 0xffffffff; so does everything on a machine without PCI (virt, whose
 * devices goro finds in the device tree, microvm, hosted).
 */
uint32_t pci_read32(unsigned bus, unsigned dev, unsigned fn, unsigned off);
void pci_write32(unsigned bus, unsigned dev, unsigned fn, unsigned off, uint32_t v);

/*
 * machine_virtio_mmio lists the virtio-mmio transports the machine
 * declares, at most max of them, and returns how many it has: their
 * registers (physical) and interrupt line (intr_wait's number). ARM
 * virt: the device tree's "virtio,mmio" nodes (QEMU's virt has 32, most
 * with no device behind them: device id 0). amd64 microvm: the
 * command line's virtio_mmio.device=SIZE@ADDR:IRQ words, which QEMU
 * adds for the transports that have a device and which the boot
 * removes before the runtime reads its options. Elsewhere: none.
 * Callers serialize their calls, and the first may read firmware
 * tables with code that has no stack check (ARM virt looks in its
 * device tree's index then, not at boot): a goroutine makes 4 KiB of
 * room first (goro_stackhold).
 */
struct mmio_device {
	uint64_t base;
	uint64_t size;
	int irq;
};
int machine_virtio_mmio(struct mmio_device *d, int max);

/* ==== Power-off (plat/<platform>) ==============================================
 *
 * machine_poweroff stops the machine with an exit status the harness
 * reads back exactly (pc: debugcon "goro-exit: N", then isa-debug-exit;
 * virt: semihosting, then PSCI; hosted: the process's exit status). The
 * status is status & 0xff, as a process's would be (-1 is 255). On
 * hardware without those devices it halts with interrupts off.
 */
_Noreturn void machine_poweroff(int status);

/* ==== Memory (kernel/mem.c over plat/platform.h's page tables) =================
 *
 * As in the Go runtime, everything the runtime allocates comes from
 * these few calls. Sizes are rounded up to whole pages; addresses must
 * be page-aligned. Every byte handed out is accounted to a statistic
 * the caller names (&memstats.heap_sys, ...): the stack statistic also
 * selects the stack region of the address space (memlayout.h), so
 * stacks and heap never share addresses.
 *
 * SysAlloc obtains a large chunk of zeroed memory from the system.
 * SysFree returns it unconditionally (an allocation failing midway, or
 * stack code that wants the memory gone: stackfromsystem).
 * SysReserve reserves address space without allocating memory; a
 * non-NULL v is where the caller would like it (v's region decides).
 * SysMap maps previously reserved address space for use (zeroed).
 * SysUnused frees a region's pages at once but keeps the range
 * reserved; touching it before SysUsed faults. SysUsed backs it again
 * with fresh zeroed pages.
 * SysFault marks an (already SysAlloc'd) region to fault if accessed;
 * the fault report names the range and who marked it (stackfaultonfree).
 *
 * Beyond Go's contract, for stacks that move without being copied on
 * 32-bit machines (docs/stacks.md, "Moving by remapping"):
 * SysReserveAbove reserves at the lowest free address at or above v in
 * v's region, and returns NULL (not a fatal error) if there is none.
 * SysMoveAlias moves the pages of the mapped range src to the reserved
 * range dst without copying: dst maps the same frames and is counted as
 * src was, and src keeps mapping them as an alias (counted nowhere).
 * SysUnalias ends an alias: the range is reserved again.
 *
 * Running out of physical memory or address space is not a NULL
 * return: it is "fatal error: out of memory" with the request and the
 * counts, exit status 2. Misuse (freeing what was never allocated,
 * mapping what was never reserved) is a fatal error naming the range.
 */
struct memstats {
	uint64_t heap_sys;      /* the appliance heap (newlib's sbrk arena) */
	uint64_t stacks_sys;    /* goroutine stacks */
	uint64_t other_sys;     /* everything else the runtime allocates */
};
extern struct memstats memstats;

void *SysAlloc(uintptr_t nbytes, uint64_t *stat);
void  SysFree(void *v, uintptr_t nbytes, uint64_t *stat);
void  SysUnused(void *v, uintptr_t nbytes);
void  SysUsed(void *v, uintptr_t nbytes);
void  SysMap(void *v, uintptr_t nbytes, uint64_t *stat);
void *SysReserve(void *v, uintptr_t nbytes);
void  SysFault(void *v, uintptr_t nbytes);
void *SysReserveAbove(void *v, uintptr_t nbytes);
void  SysMoveAlias(void *dst, void *src, uintptr_t nbytes);
void  SysUnalias(void *v, uintptr_t nbytes);

/* mem_map_try is SysMap that returns -1 (mapping nothing) when out of physical memory (sbrk). */
int mem_map_try(void *v, uintptr_t nbytes, uint64_t *stat);
/*
 * mem_alloc_guarded is SysAlloc(nbytes) with one more page below made
 * to fault, as SysFault would (a stack's guard page), without mapping
 * it first; freeing both takes SysFree(v - PageSize, nbytes + PageSize).
 */
void *mem_alloc_guarded(uintptr_t nbytes, uint64_t *stat);
/* mem_unmap undoes SysMap: the frames are freed, the range stays reserved. */
void mem_unmap(void *v, uintptr_t nbytes, uint64_t *stat);
/* physmem_free_pages / physmem_total_pages: page frames free now, and in all. */
uintptr_t physmem_free_pages(void);
uintptr_t physmem_total_pages(void);
/* mmu_table_frames: frames the page tables hold, root included; never freed, so it only grows (hosted: 0). */
uintptr_t mmu_table_frames(void);

/*
 * The image, from linker/<arch>.ld; each boundary is page-aligned.
 * [text_start, etext) text, [rodata_start, erodata) read-only data,
 * [data_start, edata) data, [noinit_start, noinit_end) what NOINIT
 * places (see below), [bss_start, ebss) bss, goroutine 1's stack
 * [mainstack_lo, mainstack_hi) between guard pages that are never
 * mapped ([mainstack_start, mainstack_lo) and [mainstack_hi,
 * mainstack_end)), and the function table for tracebacks
 * (runtime/symtab.h: gosymtab to egosymtab, and to end on bare metal);
 * the image is [kernel_start, end), in that order on ARM. On x86 the
 * NOINIT buffers and the stack come first, before the text, outside
 * what the loader copies in (linker/386.ld says why; linker/arm.ld why
 * not there). Hosted, the NOINIT range is empty (they are bss), the stack
 * and its guards follow the bss (plat/hosted/hosted.ld) and the table
 * is elsewhere. boot_stack to boot_stack_top is the stack the start
 * path runs on, which becomes g0's.
 */
extern char kernel_start[], text_start[], etext[], rodata_start[], erodata[];
extern char data_start[], edata[], noinit_start[], noinit_end[], bss_start[], ebss[], end[];
extern char mainstack_start[], mainstack_lo[], mainstack_hi[], mainstack_end[];
extern const char gosymtab[], egosymtab[];
extern char boot_stack[], boot_stack_top[];

/*
 * NOINIT places a large static buffer or stack that is always written
 * before it is read where the boot does not zero it (read-write, in
 * [noinit_start, noinit_end)): zeroing it would cost the boot a store per word and
 * make the host back its pages at once, and under an emulator that is
 * a visible part of a boot. Hosted, it is ordinary bss.
 */
#define NOINIT __attribute__((section(".bss.noinit")))
/* The appliance's name, argv[0], set by the build. */
extern const char goro_appname[];

/* ==== Faults (plat/<platform>/trap.c calls up into runtime/fault.c) ============ */

/*
 * What the platform knows about a trap it cannot handle. addr and
 * access are meaningful only when has_addr is set (page faults, data
 * and prefetch aborts).
 */
struct faultinfo {
	const char *name;       /* "page fault", "undefined instruction", ... */
	int vector;             /* CPU exception number, or -1 */
	uintptr_t pc, sp;
	int has_addr;
	uintptr_t addr;         /* faulting data/instruction address */
	const char *access;     /* "read", "write", "execute", or NULL */
	const char *detail;     /* extra decoded cause (e.g. "not present"), or NULL */
};
/* machine_dumpregs prints the registers saved in a trap frame, a few per line. */
void machine_dumpregs(const struct trapframe *tf);
/* mem_describe prints one line saying what addr belongs to in the address space. */
void mem_describe(uintptr_t addr);

/* ==== Console and stops (plat/.../console.c, kernel/printf.c, fatal.c) */

/* Console output: bytes to the serial line (hosted: standard output), "\n" as "\r\n" where needed. */
void console_write(const char *s, size_t n);
void console_puts(const char *s);
/*
 * The console's receive side, a driver's two halves (runtime/console.c
 * is the driver): console_irq is the line (above, "Device interrupts")
 * the console raises while it holds received bytes (pc: COM1's IRQ 4;
 * virt: the PL011's SPI from the device tree; hosted: standard input
 * readable), or -1 if it has none the machine can wait for.
 * console_getc returns a received byte, or -1 if none is waiting (it
 * never waits), or CONSOLE_EOF once the input has ended (hosted: standard
 * input at end of file; a serial line never ends). A serial console
 * gives a terminal's "\r" as "\n", and "\r\n" as one "\n". One caller at
 * a time.
 */
#define CONSOLE_EOF     (-2)
int console_irq(void);
int console_getc(void);
/*
 * kprintf: %d %i %u %x %X %o %p %s %c %%, flags '-' '0', width, length
 * modifiers hh h l ll z j t. No floating point, no allocation, no locks.
 */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Exit statuses the machine itself uses. */
enum {
	EXIT_FATAL = 2,         /* fatal runtime error or unhandled fault */
};
/* kexit flushes nothing and powers off with status. */
_Noreturn void kexit(int status);
/*
 * begin_fatal starts a fatal report: it turns off stack growth (the
 * report may run on a trap stack), and a second one (a fault while
 * reporting) prints one line and powers off instead of recursing.
 */
void begin_fatal(void);
/*
 * fatal_reporting: has this CPU begun a fatal report? Its interrupts
 * then leave its goroutine alone: a preemption request would re-arm
 * the stack growth begin_fatal turned off (and move the stack the
 * report is reading), or stop the reporting CPU itself.
 */
bool fatal_reporting(void);
/* fatal prints "fatal error: <msg>" and exits with status 2. */
_Noreturn void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* machine_describe prints the boot information (verbose=1): path, command line, RAM (kernel/main.c). */
void machine_describe(void);

/* ==== Locks ======================================================================
 *
 * Spin locks on the compiler's atomic builtins: real locks on every CPU.
 * Interrupt handlers never take them (none allocates), so they need not
 * disable interrupts.
 *
 * CPU_SPINWAIT() runs at every turn of a spin-wait, with interrupts on
 * or off. A platform whose CPUs must answer one another even while they
 * wait with interrupts off defines it in its tls.h (pc: a TLB shootdown,
 * which the CPU holding the lock may be waiting for); elsewhere it is
 * nothing.
 */
#ifndef CPU_SPINWAIT
#define CPU_SPINWAIT()  ((void)0)
#endif

struct spinlock {
	uint32_t locked;
};

static inline void spin_lock(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			CPU_SPINWAIT();
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

/* ==== CPUs (plat/<platform>/smp.c) ==============================================
 *
 * The boot CPU is CPU 0; the others are numbered 1..cpu_count()-1 in
 * the order the firmware lists them (ACPI's MADT or the MP table on the
 * PC, the device tree's cpu nodes on virt; hosted, the process's CPUs).
 * Each CPU's number is in its per-CPU block (TLS_CPU, set by
 * tls_init), so cpu_id() is one load (tls.h).
 *
 *   int cpu_id(void)          this CPU's number
 *
 */
#define MAXCPU          16      /* CPUs goro runs on at most; more are left halted */
/* cpu_count: the CPUs the machine has (at most MAXCPU), found by kstart (cpus_init); 1 before. */
int cpu_count(void);
/*
 * cpu_start starts CPU id (1..cpu_count()-1) and returns once it runs:
 * with its own descriptor tables, trap and fault stacks, timer and
 * interrupt controller interface, interrupts disabled, a per-CPU block
 * whose TLS_CPU is id (getg() NULL), on the stack that ends at stacktop,
 * it calls fn(id), which never returns. A CPU that has not reported in
 * within a second is a fatal error naming it.
 */
void cpu_start(int id, void (*fn)(int id), uintptr_t stacktop);
/*
 * cpu_tlb_shared: does unmapping or changing a page on one CPU reach
 * every CPU's TLB at once (ARM's inner-shareable invalidation; hosted,
 * Linux)? Where not (the PC, which would need shootdown IPIs that are
 * not built yet), the runtime runs goroutines on CPU 0 only: another
 * CPU's stale translation could reach a frame that has been reused.
 */
int cpu_tlb_shared(void);
/*
 * cpu_wake makes CPU id leave machine_halt (a cross-CPU interrupt: an
 * IPI on the PC, an SGI on virt). Not lost if id is about to halt: that
 * halt returns at once. Harmless if id is not halted.
 */
void cpu_wake(int id);

/* ==== Up-calls: what the runtime provides to the machine ========================= */

/* The longest command line, NUL included, that boot paths keep and rt0_go reads. */
#define CMDLINE_MAX     65536

/*
 * rt0_go is the runtime's start, the same on every platform: kstart
 * (kernel/main.c) calls it once, on boot_stack with the machine up. It
 * reads the runtime options from cmdline (cmdlinelen bytes as the boot
 * path carried them), and runs main as goroutine 1 with argv = the
 * appliance's name, the words after "--", then the nextra words of
 * extra. Never returns: main's return powers off with its status.
 */
_Noreturn void rt0_go(const char *cmdline, uint64_t cmdlinelen, int nextra, char **extra,
		      int (*main)(int, char **));
/*
 * fault_report is the fault hook: the platform's trap handler calls it
 * for a trap it cannot handle (tf may be NULL). It prints the one report
 * (the trap, the address and what it belongs to, the registers, the
 * goroutine's traceback) and exits with status 2.
 */
_Noreturn void fault_report(const struct faultinfo *fi, const struct trapframe *tf);

#endif /* __ASSEMBLER__ */
#endif
