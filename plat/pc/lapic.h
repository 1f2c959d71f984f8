/*
 * lapic.h - the local APIC, i386 and amd64: where every interrupt arrives.
 *
 * The interrupts the kernel takes are the local APIC timer's (each
 * CPU's deadline and tick), on T_TIMER, the wake-up one CPU sends another
 * (cpu_wake), on T_WAKE, the TLB shootdown one CPU asks of the others and
 * its last answer (tlb.c), on T_SHOOTDOWN and T_TLBDONE, the APIC's
 * spurious vector, which needs no handling at all, and, on the boot CPU
 * only, the legacy PICs' device lines, on vectors 32-47 through LINT0
 * (pic.h, intr.c), each masked until a goroutine waits for it; in a halt
 * or a shootdown's wait, or while a goroutine runs (include/machine.h).
 * Each CPU has its own local APIC at the same address: every call here
 * acts on the calling CPU's. The registers are reached through the APIC
 * page (identity-mapped uncached by platform_map_devices) or, if the
 * firmware left the APIC in x2APIC mode, through MSRs; lapic.c hides
 * which.
 *
 * The vector numbers are shared with the assembly trap stubs.
 */
#ifndef GORO_X86_LAPIC_H
#define GORO_X86_LAPIC_H

#define T_TIMER         0x40    /* the local APIC timer */
#define T_WAKE          0x41    /* another CPU's wake-up (cpu_wake) */
#define T_SHOOTDOWN     0x42    /* another CPU's TLB shootdown (tlb.c) */
#define T_TLBDONE       0x43    /* the shootdown's last answer, to the CPU that asked (tlb.c) */
#define T_SPURIOUS      0xff    /* the local APIC's spurious vector (low 4 bits all ones) */

#ifndef __ASSEMBLER__
#include <stdint.h>

/*
 * lapic_map identity-maps the APIC's register page as device memory
 * (for platform_map_devices, before mmu_activate); does nothing without
 * an APIC or in x2APIC mode.
 */
void lapic_map(void);

/*
 * lapic_init enables the calling CPU's APIC (spurious vector, task
 * priority 0) with its timer stopped, masked, one-shot, dividing the
 * bus clock by 16; the boot CPU's takes the PICs' output on LINT0
 * (ExtINT), the others' do not. Stops the kernel with a report if the CPU has no
 * APIC, or if its APIC is not where and in the mode the boot CPU's is.
 */
void lapic_init(void);

/* lapic_id is the calling CPU's local APIC ID (xAPIC: 8 bits; x2APIC: 32). */
uint32_t lapic_id(void);

/* lapic_x2apic tells whether the APICs are in x2APIC mode (IDs past 254 reachable). */
int lapic_x2apic(void);

/*
 * Inter-processor interrupts to the CPU whose local APIC ID is apicid:
 * INIT (it resets and waits for a start-up IPI), START-UP (it starts in
 * real mode at physical address page << 12, page < 0x100), and a fixed
 * interrupt on vector. Each first waits (100 ms at most) for the
 * previous IPI to have left; stores made before the call are visible
 * to the target when it takes the interrupt.
 */
void lapic_send_init(uint32_t apicid);
void lapic_send_startup(uint32_t apicid, uint32_t page);
void lapic_send_ipi(uint32_t apicid, unsigned vector);

/* lapic_timer_enable unmasks the timer's vector (after calibration). */
void lapic_timer_enable(void);

/* lapic_timer_start starts a one-shot count of n ticks; 0 stops the timer. */
void lapic_timer_start(uint32_t n);

/* lapic_timer_count reads the timer's current count (counts down to 0). */
uint32_t lapic_timer_count(void);

/* lapic_eoi ends the interrupt being handled. */
void lapic_eoi(void);

/*
 * x86_interrupt handles the external interrupt (vector >= 32) that
 * stopped tf, from the trap entry, and returns 1, or returns 0 if no
 * one expects it (the caller reports it as a fault). plat/pc/timer.c.
 */
struct trapframe;
int x86_interrupt(struct trapframe *tf);
#endif

#endif
