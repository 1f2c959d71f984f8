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
