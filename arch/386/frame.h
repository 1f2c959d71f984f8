/*
 * frame.h - i386 frame facts for the runtime's stack code
 * (include/machine.h, "Frames at a failed prologue check").
 *
 * The split-stack prologue compares sp with %gs:0x30 and, when it fails,
 * pushes the argument bytes and the frame size and calls __morestack,
 * which pushes R, the address of the function's "ret" after the call:
 * at entry, sp points at {R, frame size, argument bytes}. The check's
 * "passed" path continues at R + 1 with all three popped.
 */
#ifndef GORO_386_FRAME_H
#define GORO_386_FRAME_H

#include "asmoffsets.h"

#define MB_FP                   MB_EBP  /* the frame pointer among the saved registers */
#define MB_LRP(mb)              ((uintptr_t *)0)        /* no link register */
#define FRAME_MORESTACK_ALLOCA  1       /* VLAs outside tools/stack-ir call __morestack_allocate_stack_space */
/* How clang starts a frame: push %ebp; mov %esp, %ebp. */
#define FRAME_SETUP_BYTES       { 0x55, 0x89, 0xe5 }

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

/* mb_framesize: the frame size the failed check pushed, above R. */
static inline uintptr_t mb_framesize(const uintptr_t *mb)
{
	return ((const uintptr_t *)mb[MB_SP / 4])[1];
}

/* morestack_continuation_sp: R and the two pushed sizes popped. */
static inline uintptr_t morestack_continuation_sp(uintptr_t sp)
{
	return sp + 12;
}

/* morestack_passed: resume at R + 1 (past the 1-byte ret), with the three words popped. */
static inline void morestack_passed(uintptr_t *mb)
{
	uintptr_t sp = mb[MB_SP / 4];
	mb[MB_PC / 4] = *(uintptr_t *)sp + 1;
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
 * the sp it is pushed at: the return address (4), ebp, the flags and
 * pushal's 8 registers (40), the fxsave area aligned (527), mcall's
 * argument area (16), the call and the 4 registers mcall pushes (20):
 * 607, rounded up.
 */
#define PREEMPT_ROOM            640

void asyncPreempt(void);

/*
 * preempt_push makes the context (*pc, *sp) call asyncPreempt as if at
 * *pc: i386 has no red zone, so the return address goes just below sp,
 * and asyncPreempt's ret gives sp back. No lr on i386.
 */
static inline bool preempt_push(uintptr_t *pc, uintptr_t *sp, uintptr_t *lr)
{
	(void)lr;
	uintptr_t s = *sp - 4;
	*(uintptr_t *)s = *pc;
	*sp = s;
	*pc = (uintptr_t)asyncPreempt;
	return true;
}

/* morestack_caller: the function's return address is the word at sp (top); no lr. */
static inline void morestack_caller(const uintptr_t *mb, uintptr_t top, uintptr_t *ret, uintptr_t *lr)
{
	(void)mb;
	*ret = top;
	*lr = 0;
}
#endif
#endif
