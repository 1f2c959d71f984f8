/*
 * tlb.c - TLB shootdown on the PC, i386 and amd64 (plat/platform.h,
 * mmu_shootdown; docs/smp.md, "TLBs").
 *
 * invlpg drops a translation from the TLB of the CPU that runs it only.
 * So when kernel/mem.c has unmapped a range (mmu_unmap invalidated this
 * CPU's entries), before the range or its frames can be given out again
 * it asks every other CPU that has reported in to forget the range too,
 * and waits until each has: the request (the range, and a bit for each
 * CPU in tlb_pending) is published, a fixed IPI (T_SHOOTDOWN) goes to
 * each, and each answers in tlb_answer, which flushes and clears its
 * bit. One request at a time (tlblock); mem.c makes them with its own
 * lock held, so they come one at a time anyway.
 *
 * A CPU answers wherever it is:
 *   - running a goroutine: interrupts are on, the IPI is taken at once;
 *   - on the scheduler's stack (interrupts off): it takes the IPI when
 *     it next enables them, at its next gogo or halt, which never waits
 *     for another CPU;
 *   - waiting for a spin lock with interrupts off, which may be held by
 *     the very CPU waiting for its answer (memlock, or a lock the caller
 *     of a Sys* call holds: stacklock, rtlock, sched.lock): it answers
 *     in its wait (CPU_SPINWAIT, tls.h), as do the waits of smp.c and
 *     the initiator's own;
 *   - halted (machine_halt): it is not woken at all. A halted CPU
 *     touches no memory a Sys* call hands out (only its handlers run,
 *     on stacks and data that are never unmapped), so the initiator
 *     only marks it stale, and the CPU flushes its whole TLB on its way
 *     out of the halt (tlb_halt_exit), before the scheduler runs again.
 *     tlb_idle says who is halted: the initiator marks a CPU stale and
 *     then reads tlb_idle; the CPU clears its idle bit and then reads
 *     tlb_stale; both sequentially consistent, so either the initiator
 *     sees it awake (and sends the IPI) or it sees the mark (and
 *     flushes), or both. An idle CPU's wake-up costs more than the
 *     shootdown (under QEMU, 15 us against 2), and one halted for long
 *     is not woken again and again.
 * So nothing waits for a CPU that waits for it, and a request completes
 * within one scheduler step of the slowest running CPU.
 *
 * The initiator spins for SPIN_NS, answering as it spins, then sleeps
 * (cpu_sleep: sti; hlt, even on the scheduler's stack, as a halt does)
 * until the last CPU to answer sends it T_TLBDONE. Spinning is what
 * real hardware wants (a round trip is a microsecond or two); sleeping
 * is what an emulator wants: the CPU waited for may be a host thread
 * that needs the host core the initiator's thread would spin on.
 * Measured under QEMU's TCG on a busy two-core host, goroutines parking
 * and ending 300,000 times on two CPUs (tests/sched many) took 38-54 s
 * with the initiator spinning and 9-17 s with it sleeping.
 */
#include <stdint.h>
#include "platform.h"
#include "machine.h"
#include "x86.h"
#include "lapic.h"
#include "smp.h"

/* A range of more pages than this is flushed whole (CR3 reloaded: goro's pages are not global). */
#define FLUSH_PAGES_MAX 32
#define SPIN_NS         5000    /* ns the initiator spins before it sleeps until the last answer's IPI */

uint32_t tlb_pending;                   /* the CPUs yet to flush the request's range */
static uintptr_t req_va, req_len;       /* the request: set before tlb_pending, read after */
static int req_from;                    /* the CPU that waits for the answers */
static uint32_t tlb_idle;               /* the CPUs in machine_halt's wait */
static uint32_t tlb_stale;              /* halted CPUs to flush everything as they leave the halt */
static struct spinlock tlblock;

/* Counters for tests and reports (every CPU's): requests made, IPIs sent, halted CPUs marked instead. */
uint64_t tlb_shootdowns, tlb_ipis, tlb_lazy;

/* flush drops this CPU's translations of [va, va + len). */
static void flush(uintptr_t va, uintptr_t len)
{
	if (len > (uintptr_t)FLUSH_PAGES_MAX * PageSize) {
		write_cr3(read_cr3());
		return;
	}
	for (uintptr_t off = 0; off < len; off += PageSize)
		invlpg(va + off);
}

/* tlb_answer: if this CPU is asked to flush, it does and says so (interrupt or spin-wait). */
void tlb_answer(void)
{
	uint32_t me = 1u << cpu_id();
	if (!(__atomic_load_n(&tlb_pending, __ATOMIC_ACQUIRE) & me))
		return;
	flush(req_va, req_len);
	int from = req_from;
	if (__atomic_and_fetch(&tlb_pending, ~me, __ATOMIC_SEQ_CST) == 0)
		cpu_ipi(from, T_TLBDONE);       /* the last answer wakes the initiator if it sleeps */
}

/* tlb_halt_enter / tlb_halt_exit: machine_halt's wait begins and ends (interrupts off). */
void tlb_halt_enter(void)
{
	__atomic_fetch_or(&tlb_idle, 1u << cpu_id(), __ATOMIC_SEQ_CST);
}

void tlb_halt_exit(void)
{
	uint32_t me = 1u << cpu_id();
	__atomic_fetch_and(&tlb_idle, ~me, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&tlb_stale, __ATOMIC_SEQ_CST) & me) {
		__atomic_fetch_and(&tlb_stale, ~me, __ATOMIC_SEQ_CST);
		write_cr3(read_cr3());
	}
}

void mmu_shootdown(uintptr_t va, uintptr_t len)
{
	uint32_t others = __atomic_load_n(&cpus_upmask, __ATOMIC_ACQUIRE) & ~(1u << cpu_id());
	if (others == 0 || len == 0)
		return;
	spin_lock(&tlblock);
	req_va = va & ~(uintptr_t)(PageSize - 1);
	req_len = (va + len - req_va + PageSize - 1) & ~(uintptr_t)(PageSize - 1);
	/* Halted CPUs flush as they wake: mark them, then see who is still halted. */
	uint32_t idle = __atomic_load_n(&tlb_idle, __ATOMIC_SEQ_CST) & others;
	if (idle) {
		__atomic_fetch_or(&tlb_stale, idle, __ATOMIC_SEQ_CST);
		idle &= __atomic_load_n(&tlb_idle, __ATOMIC_SEQ_CST);
	}
	uint32_t ask = others & ~idle;
	req_from = cpu_id();
	__atomic_store_n(&tlb_pending, ask, __ATOMIC_SEQ_CST);
	for (int id = 0; id < MAXCPU; id++)
		if (ask & (1u << id))
			cpu_ipi(id, T_SHOOTDOWN);       /* after a fence: the request and the tables are seen */
	tlb_shootdowns++;
	tlb_ipis += (uint64_t)__builtin_popcount(ask);
	tlb_lazy += (uint64_t)__builtin_popcount(idle);
	int64_t spin_until = machine_nanotime() + SPIN_NS;
	while (__atomic_load_n(&tlb_pending, __ATOMIC_ACQUIRE)) {
		if (machine_nanotime() < spin_until) {
			CPU_SPINWAIT();
			continue;
		}
		uintptr_t f = irq_save();
		if (__atomic_load_n(&tlb_pending, __ATOMIC_ACQUIRE))
			cpu_sleep();    /* until the last answer's T_TLBDONE (or any interrupt) */
		irq_restore(f);
	}
	spin_unlock(&tlblock);
}
