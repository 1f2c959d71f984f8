/*
 * frame.h - ARM frame facts for the runtime's stack code
 * (include/machine.h, "Frames at a failed prologue check").
 *
 * The split-stack prologue pushes {r4, r5}, compares sp with
 * [TPIDRURO + 4] and, when it fails, puts the frame size in r4 and the
 * argument bytes in r5, pushes lr and calls __morestack (R in lr). The
 * check's "passed" path is R + 12: it skips "ldm {lr}; pop {r4, r5};
 * bx lr", with {r4, r5} still pushed for the continuation to pop.
 */
#ifndef GORO_ARM_FRAME_H
#define GORO_ARM_FRAME_H

#include "asmoffsets.h"

#define MB_FP                   MB_R11  /* the frame pointer among the saved registers */
#define MB_LRP(mb)              (&(mb)[MB_LR / 4])      /* the saved lr */
#define FRAME_MORESTACK_ALLOCA  0       /* clang on ARM never calls __morestack_allocate_stack_space */

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

/* mb_framesize: the frame size the failed check asked for (r4). */
static inline uintptr_t mb_framesize(const uintptr_t *mb)
{
	return mb[MB_R4 / 4];
}

/* morestack_continuation_sp: the pushed lr popped; {r4, r5} stay for the continuation. */
static inline uintptr_t morestack_continuation_sp(uintptr_t sp)
{
	return sp + 4;
}

/* morestack_passed: resume at R + 12 with the function's own lr, which the prologue pushed. */
static inline void morestack_passed(uintptr_t *mb)
{
	uintptr_t sp = mb[MB_SP / 4];
	mb[MB_PC / 4] = mb[MB_LR / 4] + 12;
	mb[MB_LR / 4] = *(uintptr_t *)sp;
	mb[MB_SP / 4] = morestack_continuation_sp(sp);
}

/* words4_unrelocated: no fast test (32-bit stacks move by remapping): the runtime checks every word. */
static inline int words4_unrelocated(const uintptr_t *p, uintptr_t lo, uintptr_t span)
{
	(void)p, (void)lo, (void)span;
	return 0;
}

/*
 * PREEMPT_ROOM: what asyncPreempt (preempt.S) and its mcall use below
 * the sp it is pushed at: the pushed lr and pc (8), r0-r12 (52), a frame
 * record (8), up to 4 of alignment, the flags and FPSCR (8), d0-d31
 * (256), mcall's r3-r11, lr and d8-d15 (104).
 */
#define PREEMPT_ROOM            440

void asyncPreempt(void);

/* ARM_MRC_TPIDRURO(insn): is insn (any condition, any register) "mrc p15, 0, Rt, c13, c0, 3"? */
#define ARM_MRC_TPIDRURO(insn)  (((insn) & 0x0fff0fffu) == 0x0e1d0f70u)

/*
 * preempt_push makes the context (*pc, *sp, *lr) call asyncPreempt as
 * if at *pc: sp -= 8, [sp] = lr, [sp + 4] = pc, pc = asyncPreempt (lr
 * stays). It declines
 *   - Thumb code: an interrupted pc with bit 0 set (the IRQ entry's
 *     mark, trapframe.h); asyncPreempt's return is ARM-state only, and
 *     Thumb's IT blocks cannot be stopped in;
 *   - an instruction within three after an mrc of TPIDRURO: that is a
 *     split-stack prologue (or an inline getg) holding this CPU's
 *     per-CPU block in a register, which would be another CPU's once
 *     the goroutine runs again.
 * AAPCS code keeps nothing below sp, so the two words are free.
 */
static inline bool preempt_push(uintptr_t *pc, uintptr_t *sp, uintptr_t *lr)
{
	uintptr_t p = *pc;
	if (p & 3)
		return false;
	const uint32_t *insn = (const uint32_t *)p;
	if (ARM_MRC_TPIDRURO(insn[-1]) || ARM_MRC_TPIDRURO(insn[-2]) || ARM_MRC_TPIDRURO(insn[-3]))
		return false;
	uintptr_t *s = (uintptr_t *)(*sp - 8);
	s[0] = *lr;
	s[1] = p;
	*sp = (uintptr_t)s;
	*pc = (uintptr_t)asyncPreempt;
	return true;
}

/* morestack_caller: R (in lr at the call) is in the function; its own lr was pushed (top). */
static inline void morestack_caller(const uintptr_t *mb, uintptr_t top, uintptr_t *ret, uintptr_t *lr)
{
	*ret = mb[MB_LR / 4];
	*lr = top;
}
#endif
#endif
