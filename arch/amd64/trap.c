/*
 * trap.c - what happens to a trap once trapentry.S has saved the frame.
 *
 * Nothing is handled yet: every trap is reported (fault_report prints
 * it, with arch_dumpregs, and powers off with status 2). Later code that
 * handles a vector (interrupts, page faults it can resolve) dispatches
 * here and returns, and trapentry.S resumes the interrupted code.
 */
#include "arch.h"
#include "fault.h"
#include "kernel.h"
#include "trapframe.h"

void trap_dispatch(struct trapframe *tf)
{
	struct faultinfo fi;

	x86_faultinfo(&fi, (unsigned)tf->vector, tf->err, tf->cr2);
	fi.pc = tf->rip;
	fi.sp = trapframe_sp(tf);
	fault_report(&fi, tf);
}
