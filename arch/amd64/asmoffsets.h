/*
 * asmoffsets.h - amd64 byte offsets of the runtime structures that
 * assembly (asm.S) reads and writes.
 *
 * Plain numbers so the assembler can use them; arch/x86/sys_x86.c checks
 * every one against runtime/runtime.h with _Static_assert, so a change
 * to a struct that is not mirrored here fails the build.
 */
#ifndef GORO_AMD64_ASMOFFSETS_H
#define GORO_AMD64_ASMOFFSETS_H

#define PTRSIZE         8

/* struct Gobuf */
#define GOBUF_SP        0
#define GOBUF_PC        8
#define GOBUF_G         16
#define GOBUF_RET       24
#define GOBUF_CTXT      32
#define GOBUF_LR        40

/* struct G */
#define G_SCHED         0
#define G_STACKLO       48
#define G_STACKHI       56
#define G_STACKGUARD    64
#define G_M             72
#define G_NONSPLIT      92      /* set by __morestack_non_split (hosted's glibc callers) */

/* struct M */
#define M_TLS           0
#define M_G0            128

/* m->morebuf: the registers at a failed split-stack check */
#define M_MOREBUF       192
#define MB_RAX          0
#define MB_RBX          8
#define MB_RCX          16
#define MB_RDX          24
#define MB_RSI          32
#define MB_RDI          40
#define MB_RBP          48
#define MB_R8           56
#define MB_R9           64
#define MB_R10          72      /* frame size the prologue asked for */
#define MB_R11          80      /* bytes of stack arguments */
#define MB_R12          88
#define MB_R13          96
#define MB_R14          104
#define MB_R15          112
#define MB_NINT         15      /* words rax..r15: relocated like stack words */
#define MB_SP           120     /* sp at __morestack's entry: points at R */
#define MB_PC           128     /* where the goroutine resumes: R + 1 */
#define MB_XMM0         144     /* xmm0..xmm7, 16 bytes each (float arguments) */
#define MB_SIZE         272

/* The split-stack guard slot the compiler's prologues compare sp with: %fs:0x70. */
#define TLS_STACKGUARD  0x70

/* struct FuncVal */
#define FUNCVAL_FN      0
#define FUNCVAL_CFN     8
#define FUNCVAL_ARG     16

/*
 * What mcall leaves at a parked goroutine's g->sched.sp: r15, r14, r13,
 * r12, rbx, then a frame record {saved rbp, return address into mcall's
 * caller}. A traceback of a parked goroutine starts its frame-pointer
 * walk at sched.sp + MCALL_FRAME (the record), with pc = the return
 * address; the callee-saved registers are at sched.sp + MCALL_REG_*.
 */
#define MCALL_REG_R15   0
#define MCALL_REG_R14   8
#define MCALL_REG_R13   16
#define MCALL_REG_R12   24
#define MCALL_REG_RBX   32
#define MCALL_FRAME     40      /* saved rbp here, return address at +8 */
#define MCALL_SAVED     56      /* bytes mcall keeps on the goroutine's stack */

#endif
