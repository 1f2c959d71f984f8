/*
 * trap.c - what happens to a trap once trapentry.S has saved the frame.
 *
 * External interrupts (vectors 32 and up: the local APIC's timer and
 * spurious vectors, lapic.h) are handled and return, and trapentry.S
 * resumes the interrupted code; they only ever arrive inside machine_halt.
 * Every other trap is reported (fault_report prints it, with
 * machine_dumpregs, and powers off with status 2).
 */
#include "platform.h"
#include "fault.h"
#include "machine.h"
#include "lapic.h"
#include "trapframe.h"

void trap_dispatch(struct trapframe *tf)
{
	struct faultinfo fi;

	if (tf->vector >= 32 && x86_interrupt((unsigned)tf->vector))
		return;
	x86_faultinfo(&fi, (unsigned)tf->vector, tf->err, tf->cr2);
	fi.pc = tf->rip;
	fi.sp = trapframe_sp(tf);
	fault_report(&fi, tf);
}
