/*
 * frame.h - amd64 frame facts for the runtime's stack code
 * (include/machine.h, "Frames at a failed prologue check").
 *
 * The split-stack prologue compares sp with %fs:0x70 and, when it fails,
 * calls __morestack with the frame size in r10 and the argument bytes in
 * r11; the call pushes R, the address of the function's "ret" that
 * follows the call, so the check's "passed" path continues at R + 1.
 */
#ifndef GORO_AMD64_FRAME_H
#define GORO_AMD64_FRAME_H

#include "asmoffsets.h"

#define MB_FP                   MB_RBP  /* the frame pointer among the saved registers */
#define FRAME_MORESTACK_ALLOCA  1       /* VLAs outside tools/stack-ir call __morestack_allocate_stack_space */
/* How clang starts a frame: push %rbp; mov %rsp, %rbp. */
#define FRAME_SETUP_BYTES       { 0x55, 0x48, 0x89, 0xe5 }

#ifndef __ASSEMBLER__
#include <stdint.h>

/* mb_framesize: the frame size the failed check asked for (r10). */
static inline uintptr_t mb_framesize(const uintptr_t *mb)
{
	return mb[MB_R10 / 8];
}

/* morestack_continuation_sp: R popped. */
static inline uintptr_t morestack_continuation_sp(uintptr_t sp)
{
	return sp + 8;
}

/* morestack_passed: resume at R + 1 (past the 1-byte ret), with R popped. */
static inline void morestack_passed(uintptr_t *mb)
{
	uintptr_t sp = mb[MB_SP / 8];
	mb[MB_PC / 8] = *(uintptr_t *)sp + 1;
	mb[MB_SP / 8] = morestack_continuation_sp(sp);
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
