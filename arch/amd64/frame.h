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
#define MB_LRP(mb)              ((uintptr_t *)0)        /* no link register */
#define FRAME_MORESTACK_ALLOCA  1       /* VLAs outside tools/stack-ir call __morestack_allocate_stack_space */
/* How clang starts a frame: push %rbp; mov %rsp, %rbp. */
#define FRAME_SETUP_BYTES       { 0x55, 0x48, 0x89, 0xe5 }

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

/*
 * words4_unrelocated: can none of the four words at p lie in [lo, lo +
 * span]? (1: certainly none; 0: one might.) A value in the range has its
 * high half in [lo >> 32, (lo + span) >> 32], a window of small positive
 * numbers (stacks lie below 2^47): SSE2 compares the high halves of four
 * words at once (signed 32-bit compares are right for such numbers), so
 * copying a stack runs at close to memcpy's speed.
 */
static inline int words4_unrelocated(const uintptr_t *p, uintptr_t lo, uintptr_t span)
{
#ifdef __SSE2__
	const __m128i hmask = _mm_set_epi32(-1, 0, -1, 0);     /* the high half of each word */
	const __m128i wlo = _mm_set1_epi32((int)(lo >> 32) - 1);
	const __m128i whi = _mm_set1_epi32((int)((lo + span) >> 32) + 1);
	__m128i a = _mm_loadu_si128((const __m128i *)&p[0]);
	__m128i b = _mm_loadu_si128((const __m128i *)&p[2]);
	__m128i ina = _mm_and_si128(_mm_cmpgt_epi32(a, wlo), _mm_cmpgt_epi32(whi, a));
	__m128i inb = _mm_and_si128(_mm_cmpgt_epi32(b, wlo), _mm_cmpgt_epi32(whi, b));
	return !_mm_movemask_epi8(_mm_and_si128(_mm_or_si128(ina, inb), hmask));
#else
	(void)p, (void)lo, (void)span;
	return 0;
#endif
}

/*
 * PREEMPT_ROOM: what asyncPreempt (preempt.S) and its mcall use below
 * the sp it is pushed at: the red zone skipped and the return address
 * (136), the flags and 15 registers (128), the fxsave area aligned
 * (527), the call of mcall and the 6 registers it pushes (56): 847,
 * rounded up.
 */
#define PREEMPT_ROOM            896

void asyncPreempt(void);

/*
 * preempt_push makes the context (*pc, *sp) call asyncPreempt as if at
 * *pc: the return address goes below the 128-byte red zone, which
 * leaf functions (hosted) may be using, and "ret $128" in asyncPreempt
 * gives the sp back. No lr on amd64.
 */
static inline bool preempt_push(uintptr_t *pc, uintptr_t *sp, uintptr_t *lr)
{
	(void)lr;
	uintptr_t s = *sp - 128 - 8;
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
