/*
 * asmoffsets.h - ARM byte offsets of the runtime structures that
 * assembly (asm.S) reads and writes.
 *
 * Plain numbers so the assembler can use them; arch/arm/sys_arm.c checks
 * every one against runtime/runtime.h with _Static_assert, so a change
 * to a struct that is not mirrored here fails the build.
 */
#ifndef GORO_ARM_ASMOFFSETS_H
#define GORO_ARM_ASMOFFSETS_H

#define PTRSIZE         4

/* struct Gobuf */
#define GOBUF_SP        0
#define GOBUF_PC        4
#define GOBUF_G         8
#define GOBUF_RET       12
#define GOBUF_CTXT      16
#define GOBUF_LR        20

/* struct G */
#define G_SCHED         0
#define G_STACKLO       24
#define G_STACKHI       28
#define G_STACKGUARD    32
#define G_M             36

/* struct M */
#define M_TLS           0
#define M_G0            64

/* m->morebuf: the registers at a failed split-stack check */
#define M_MOREBUF       96
#define MB_R0           0       /* r0..r11, 4 bytes each (r0-r3 arguments, r4 frame size, r5 arg bytes) */
#define MB_R4           16
#define MB_R11          44      /* the frame pointer */
#define MB_NINT         12      /* words r0..r11: relocated like stack words */
#define MB_SP           48      /* sp at __morestack's entry: {lr, r4, r5} of the prologue */
#define MB_LR           52      /* R at entry; the function's own lr when resuming */
#define MB_PC           56      /* where the goroutine resumes: R + 12 */
#define MB_D0           64      /* d0..d15 (d0-d7 float arguments, d8-d15 callee-saved) */
#define MB_SIZE         192

/* The split-stack guard slot the compiler's prologues compare sp with: [TPIDRURO + 4]. */
#define TLS_STACKGUARD  4

/* struct FuncVal */
#define FUNCVAL_FN      0
#define FUNCVAL_CFN     4
#define FUNCVAL_ARG     8

/*
 * What mcall leaves at a parked goroutine's g->sched.sp: d8-d15 (64
 * bytes), then r3 (padding for 8-byte alignment), r4-r10, and a frame
 * record {saved r11, return address (lr) into mcall's caller}. A
 * traceback of a parked goroutine starts its frame-pointer walk at
 * sched.sp + MCALL_FRAME (the record), with pc = the saved lr.
 */
#define MCALL_REG_D8    0       /* d8..d15, 8 bytes each */
#define MCALL_REG_R4    68      /* r4..r10, 4 bytes each */
#define MCALL_FRAME     96      /* saved r11 here, return address at +4 */
#define MCALL_SAVED     104     /* bytes mcall keeps on the goroutine's stack */

#endif
