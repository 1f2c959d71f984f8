/*
 * trap.c - i386 trap handling: decode a CPU exception for fault_report.
 *
 * The kernel handles no exception yet, so every exception that reaches
 * trap_handler is reported and the machine powers off; the external
 * interrupts the kernel enables (lapic.h: the APIC timer, wake-up and
 * spurious vectors, taken in machine_halt and while goroutines run)
 * are handled and resumed, at the pc and sp in the frame, which the
 * runtime may have redirected.
 * The decoding both x86 ports share (names, page-fault address and cause) is in
 * arch/x86/fault.c; here are the frame-specific parts (pc, sp) and the
 * selector or IDT vector a #TS/#NP/#SS/#GP error code names.
 */
#include <stdint.h>
#include "platform.h"
#include "x86.h"
#include "pc.h"
#include "fault.h"
#include "machine.h"
#include "lapic.h"
#include "trapframe.h"

enum {
	SELERR_EXT = 1 << 0,    /* selector error code: external event */
	SELERR_IDT = 1 << 1,    /* the index is an IDT vector */
	SELERR_LDT = 1 << 2,    /* the index is into the LDT, not the GDT */
};

/* Only one report ever runs, so one buffer for the decoded detail. */
static char detail[64];

/* #TS, #NP, #SS, #GP: a nonzero error code names a selector or vector. */
static void decode_selector(struct faultinfo *fi, uint32_t err)
{
	if (err == 0)
		return;
	if (err & SELERR_IDT)
		ksnprintf(detail, sizeof(detail), "idt vector %u%s",
			(unsigned)(err >> 3) & 0x1fff, (err & SELERR_EXT) ? ", external" : "");
	else
		ksnprintf(detail, sizeof(detail), "%s selector 0x%x%s",
			(err & SELERR_LDT) ? "ldt" : "gdt", (unsigned)err & 0xfff8,
			(err & SELERR_EXT) ? ", external" : "");
	fi->detail = detail;
}

/* Called by trap_common for every vector it has a stub for; returning resumes the trap. */
void trap_handler(struct trapframe *tf);

void trap_handler(struct trapframe *tf)
{
	struct faultinfo fi;

	if (tf->vector >= 32 && x86_interrupt(tf))
		return;
	x86_faultinfo(&fi, tf->vector, tf->err, read_cr2());
	fi.pc = tf->eip;
	fi.sp = trapframe_sp(tf);
	if (tf->vector >= T_INVALIDTSS && tf->vector <= T_GENERALPROT)
		decode_selector(&fi, tf->err);
	fault_report(&fi, tf);
}

/* Four registers a line, then the control registers. */
void machine_dumpregs(const struct trapframe *tf)
{
	kprintf("eax=%08x ebx=%08x ecx=%08x edx=%08x\n",
		(unsigned)tf->eax, (unsigned)tf->ebx, (unsigned)tf->ecx, (unsigned)tf->edx);
	kprintf("esi=%08x edi=%08x ebp=%08x esp=%08x\n",
		(unsigned)tf->esi, (unsigned)tf->edi, (unsigned)tf->ebp, (unsigned)trapframe_sp(tf));
	kprintf("eip=%08x eflags=%08x cs=%04x ss=%04x ds=%04x err=%x\n",
		(unsigned)tf->eip, (unsigned)tf->eflags, (unsigned)tf->cs & 0xffff,
		(unsigned)trapframe_ss(tf), (unsigned)tf->ds & 0xffff, (unsigned)tf->err);
	kprintf("cr0=%08x cr2=%08x cr3=%08x cr4=%08x\n",
		(unsigned)read_cr0(), (unsigned)read_cr2(), (unsigned)read_cr3(), (unsigned)read_cr4());
}
