/*
 * asmoffsets.h - i386 byte offsets of the runtime structures that
 * assembly (asm.S) reads and writes.
 *
 * Plain numbers so the assembler can use them; arch/x86/sys_x86.c checks
 * every one against runtime/runtime.h with _Static_assert, so a change
 * to a struct that is not mirrored here fails the build.
 */
#ifndef GORO_386_ASMOFFSETS_H
#define GORO_386_ASMOFFSETS_H

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
#define MB_EAX          0
#define MB_EBX          4
#define MB_ECX          8       /* fastcc (static functions): first argument */
#define MB_EDX          12      /* fastcc: second argument */
#define MB_ESI          16
#define MB_EDI          20
#define MB_EBP          24
#define MB_NINT         7       /* words eax..ebp: relocated like stack words */
#define MB_SP           28      /* sp at __morestack's entry: R, frame size, arg bytes */
#define MB_PC           32      /* where the goroutine resumes: R + 1 */
#define MB_SIZE         36

/* The split-stack guard slot the compiler's prologues compare sp with: %gs:0x30. */
#define TLS_STACKGUARD  0x30

/* struct FuncVal */
#define FUNCVAL_FN      0
#define FUNCVAL_CFN     4
#define FUNCVAL_ARG     8

/*
 * What mcall leaves at a parked goroutine's g->sched.sp: edi, esi, ebx,
 * then a frame record {saved ebp, return address into mcall's caller}.
 * A traceback of a parked goroutine starts its frame-pointer walk at
 * sched.sp + MCALL_FRAME (the record), with pc = the return address.
 */
#define MCALL_REG_EDI   0
#define MCALL_REG_ESI   4
#define MCALL_REG_EBX   8
#define MCALL_FRAME     12      /* saved ebp here, return address at +4 */
#define MCALL_SAVED     20      /* bytes mcall keeps on the goroutine's stack */

#endif
