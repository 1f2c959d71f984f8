/*
 * trapframe.h - the registers an ARM exception saves (plat/virt/vectors.S).
 *
 * Every exception stub builds this same frame on its own mode's stack,
 * so a trap taken with a broken SVC stack still has somewhere to go.
 * sp and lr are the interrupted mode's banked registers. The TF_*
 * offsets are what the assembly uses; the C side checks them against
 * the struct at build time.
 *
 * An IRQ's frame (trap_irq) is the interrupted context the runtime may
 * redirect (include/machine.h, runtime_interrupted): the entry sets bit
 * 0 of pc when the interrupted code was Thumb (cpsr's T bit), so that
 * preempt_push (frame.h), which sees only pc, sp and lr, can decline
 * it; the exit clears the bit again and writes pc, sp and lr back, so a
 * changed pc, sp or lr takes effect. The VFP/NEON registers are saved
 * beside the frame, not in it.
 */
#ifndef GORO_ARM_TRAPFRAME_H
#define GORO_ARM_TRAPFRAME_H

#define TF_R0           0               /* r0-r12: 13 words */
#define TF_SP           52
#define TF_LR           56
#define TF_PC           60
#define TF_CPSR         64
#define TF_VECTOR       68
#define TF_SIZE         72              /* a multiple of 8 keeps the stack aligned */

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

struct trapframe {
	uint32_t r[13];         /* r0-r12; r8-r12 as the stub saw them (its own bank in FIQ mode) */
	uint32_t sp;            /* the interrupted mode's sp */
	uint32_t lr;            /* the interrupted mode's lr (an SVC taken in SVC mode overwrites it) */
	uint32_t pc;            /* undef/aborts: the faulting instruction; svc/irq/fiq: where to resume (irq: | 1 if Thumb) */
	uint32_t cpsr;          /* the interrupted cpsr (the exception mode's spsr) */
	uint32_t vector;        /* VEC_* from cpu.h */
};

/* The interrupted pc, sp and lr (include/machine.h). */
#define TRAPFRAME_PC(tf)       (*(uintptr_t *)&(tf)->pc)
#define TRAPFRAME_SP(tf)       (*(uintptr_t *)&(tf)->sp)
#define TRAPFRAME_LRP(tf)      ((uintptr_t *)&(tf)->lr)

_Static_assert(offsetof(struct trapframe, r) == TF_R0, "TF_R0");
_Static_assert(offsetof(struct trapframe, sp) == TF_SP, "TF_SP");
_Static_assert(offsetof(struct trapframe, lr) == TF_LR, "TF_LR");
_Static_assert(offsetof(struct trapframe, pc) == TF_PC, "TF_PC");
_Static_assert(offsetof(struct trapframe, cpsr) == TF_CPSR, "TF_CPSR");
_Static_assert(offsetof(struct trapframe, vector) == TF_VECTOR, "TF_VECTOR");
_Static_assert(sizeof(struct trapframe) == TF_SIZE, "TF_SIZE");

/* The frame pointer (r11: everything is built as ARM code) at the trap, where a traceback starts. */
static inline uintptr_t trapframe_fp(const struct trapframe *tf)
{
	return tf->r[11];
}

/* The interrupted lr: the return address while a function has not saved it yet. */
static inline uintptr_t trapframe_lr(const struct trapframe *tf)
{
	return tf->lr;
}
#endif

#endif
