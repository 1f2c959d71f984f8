/*
 * trapframe.h - the amd64 trap frame: what a trap stub leaves on the stack.
 *
 * Every vector's stub pushes a dummy error code where the CPU pushes
 * none, then the vector number; the common entry (trapentry.S) stores
 * the general registers and cr2 below that. So one C handler reads every
 * trap the same way. In 64-bit mode the CPU always pushes rsp and ss, and
 * aligns the stack to 16 bytes first, so the frame is 16-byte aligned
 * when its size is. The byte offsets are #defines the assembly uses and
 * are checked against the struct at build time.
 */
#ifndef GORO_AMD64_TRAPFRAME_H
#define GORO_AMD64_TRAPFRAME_H

/* Byte offsets into struct trapframe (lowest address first). */
#define TF_RAX          0
#define TF_RBX          8
#define TF_RCX          16
#define TF_RDX          24
#define TF_RSI          32
#define TF_RDI          40
#define TF_RBP          48
#define TF_R8           56
#define TF_R9           64
#define TF_R10          72
#define TF_R11          80
#define TF_R12          88
#define TF_R13          96
#define TF_R14          104
#define TF_R15          112
#define TF_CR2          120     /* read at entry, before anything can fault again */
#define TF_PAD          128     /* keeps the frame a multiple of 16 bytes */
#define TF_VECTOR       136     /* pushed by the stub */
#define TF_ERR          144     /* CPU error code, or 0 pushed by the stub */
#define TF_RIP          152     /* from here on pushed by the CPU */
#define TF_CS           160
#define TF_RFLAGS       168
#define TF_RSP          176
#define TF_SS           184
#define TF_SIZE         192

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

/* Segment fields hold a 16-bit selector; the upper bits are undefined. */
struct trapframe {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t cr2;
	uint64_t pad;
	uint64_t vector, err;
	uint64_t rip, cs, rflags, rsp, ss;
};

/* The interrupted pc and sp, as lvalues, and its lr: none on amd64 (include/machine.h). */
#define TRAPFRAME_PC(tf)       (*(uintptr_t *)&(tf)->rip)
#define TRAPFRAME_SP(tf)       (*(uintptr_t *)&(tf)->rsp)
#define TRAPFRAME_LRP(tf)      ((uintptr_t *)0)

_Static_assert(offsetof(struct trapframe, rax) == TF_RAX, "TF_RAX");
_Static_assert(offsetof(struct trapframe, rbx) == TF_RBX, "TF_RBX");
_Static_assert(offsetof(struct trapframe, rcx) == TF_RCX, "TF_RCX");
_Static_assert(offsetof(struct trapframe, rdx) == TF_RDX, "TF_RDX");
_Static_assert(offsetof(struct trapframe, rsi) == TF_RSI, "TF_RSI");
_Static_assert(offsetof(struct trapframe, rdi) == TF_RDI, "TF_RDI");
_Static_assert(offsetof(struct trapframe, rbp) == TF_RBP, "TF_RBP");
_Static_assert(offsetof(struct trapframe, r8) == TF_R8, "TF_R8");
_Static_assert(offsetof(struct trapframe, r9) == TF_R9, "TF_R9");
_Static_assert(offsetof(struct trapframe, r10) == TF_R10, "TF_R10");
_Static_assert(offsetof(struct trapframe, r11) == TF_R11, "TF_R11");
_Static_assert(offsetof(struct trapframe, r12) == TF_R12, "TF_R12");
_Static_assert(offsetof(struct trapframe, r13) == TF_R13, "TF_R13");
_Static_assert(offsetof(struct trapframe, r14) == TF_R14, "TF_R14");
_Static_assert(offsetof(struct trapframe, r15) == TF_R15, "TF_R15");
_Static_assert(offsetof(struct trapframe, cr2) == TF_CR2, "TF_CR2");
_Static_assert(offsetof(struct trapframe, pad) == TF_PAD, "TF_PAD");
_Static_assert(offsetof(struct trapframe, vector) == TF_VECTOR, "TF_VECTOR");
_Static_assert(offsetof(struct trapframe, err) == TF_ERR, "TF_ERR");
_Static_assert(offsetof(struct trapframe, rip) == TF_RIP, "TF_RIP");
_Static_assert(offsetof(struct trapframe, cs) == TF_CS, "TF_CS");
_Static_assert(offsetof(struct trapframe, rflags) == TF_RFLAGS, "TF_RFLAGS");
_Static_assert(offsetof(struct trapframe, rsp) == TF_RSP, "TF_RSP");
_Static_assert(offsetof(struct trapframe, ss) == TF_SS, "TF_SS");
_Static_assert(sizeof(struct trapframe) == TF_SIZE, "TF_SIZE");
_Static_assert(TF_SIZE % 16 == 0, "trap frame must keep the stack 16-byte aligned");

/* The stack pointer at the moment of the trap (always saved on amd64). */
static inline uint64_t trapframe_sp(const struct trapframe *tf)
{
	return tf->rsp;
}

/* The frame pointer (rbp) at the moment of the trap, where a traceback starts. */
static inline uintptr_t trapframe_fp(const struct trapframe *tf)
{
	return tf->rbp;
}

/* x86 has no link register: a return address is always on the stack. */
static inline uintptr_t trapframe_lr(const struct trapframe *tf)
{
	(void)tf;
	return 0;
}

/* trap_dispatch is trapentry.S's C half: it handles or reports one trap. */
void trap_dispatch(struct trapframe *tf);
#endif

#endif
