/*
 * trap.c - what happens to a trap once trapentry.S has saved the frame.
 *
 * External interrupts (vectors 32 and up: the local APIC's timer,
 * wake-up and spurious vectors, lapic.h) are handled and return, and
 * trapentry.S resumes the interrupted code, a halt or a goroutine (at
 * the pc and sp in tf, which the runtime may have redirected).
 * Every other trap is reported (fault_report prints it, with
 * machine_dumpregs, and powers off with status 2).
 */
#include "cpu.h"
#include "fault.h"
#include "lapic.h"
#include "platform.h"
#include "regdump.h"

void trap_dispatch(struct trapframe *tf)
{
	struct faultinfo fi;

	if (tf->vector >= 32 && x86_interrupt(tf))
		return;
	x86_faultinfo(&fi, (unsigned)tf->vector, tf->err, tf->cr2);
	fi.pc = tf->rip;
	fi.sp = trapframe_sp(tf);
	fault_report(&fi, tf);
}

/*
 * machine_dumpregs: the general registers (arch/amd64/regdump.c), then
 * ss and cr3. cr2 is the value saved at trap entry; cr3 is read now
 * (nothing changes it on the way).
 */
void machine_dumpregs(const struct trapframe *tf)
{
	amd64_dumpgprs(tf);
	const struct regval ctl[] = { { "ss", tf->ss & 0xffff }, { "cr3", read_cr3() } };
	amd64_printregs(ctl, nelem(ctl));
}
