/*
 * trapframe.h - the i386 trap frame: what a trap stub leaves on the stack.
 *
 * Every vector's stub pushes the same layout (a dummy error code where
 * the CPU pushes none), so one C handler reads every trap. The byte
 * offsets are #defines shared with the assembly stubs and checked
 * against the struct at build time. A ring-0 to ring-0 trap does not
 * push esp/ss on i386: the interrupted esp is then the address just
 * past eflags (trapframe_sp). A double fault's frame is instead rebuilt
 * from the interrupted task's TSS, and a hardware interrupt's (vectors
 * 32 and up) is built on the CPU's interrupt stack by the entry, which
 * moves there: both always carry esp/ss.
 */
#ifndef GORO_386_TRAPFRAME_H
#define GORO_386_TRAPFRAME_H

#include "x86.h"                /* the exception vectors, T_* */

/* Byte offsets into struct trapframe (lowest address first). */
#define TF_GS           0
#define TF_FS           4
#define TF_ES           8
#define TF_DS           12
#define TF_EDI          16      /* pushal's eight registers, edi first */
#define TF_ESI          20
#define TF_EBP          24
#define TF_ESP_PUSHA    28      /* esp as pushal saw it: not the trap's sp */
#define TF_EBX          32
#define TF_EDX          36
#define TF_ECX          40
#define TF_EAX          44
#define TF_VECTOR       48
#define TF_ERR          52      /* CPU error code, or 0 */
#define TF_EIP          56      /* from here on pushed by the CPU */
#define TF_CS           60
#define TF_EFLAGS       64
#define TF_ESP          68      /* only on a privilege change, a double fault or an interrupt */
#define TF_SS           72
#define TF_SIZE_KERNEL  68      /* bytes a ring-0 trap occupies */
#define TF_SIZE         76      /* the whole frame, esp and ss included */

/* Segment selectors of the kernel's GDT (plat/pc/386/gdt.c). */
#define SEL_KCODE       0x08
#define SEL_KDATA       0x10
#define SEL_TSS         0x18
#define SEL_DFTSS       0x20

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

/* Segment fields hold a 16-bit selector; the upper half is undefined. */
struct trapframe {
	uint32_t gs, fs, es, ds;
	uint32_t edi, esi, ebp, esp_pusha, ebx, edx, ecx, eax;
	uint32_t vector, err;
	uint32_t eip, cs, eflags;
	uint32_t esp, ss;       /* valid only when trapframe_has_sp() */
};

/* The interrupted pc and sp, as lvalues, and its lr: none on i386 (include/machine.h). */
#define TRAPFRAME_PC(tf)       (*(uintptr_t *)&(tf)->eip)
#define TRAPFRAME_SP(tf)       (*(uintptr_t *)&(tf)->esp)
#define TRAPFRAME_LRP(tf)      ((uintptr_t *)0)

_Static_assert(offsetof(struct trapframe, gs) == TF_GS, "TF_GS");
_Static_assert(offsetof(struct trapframe, fs) == TF_FS, "TF_FS");
_Static_assert(offsetof(struct trapframe, es) == TF_ES, "TF_ES");
_Static_assert(offsetof(struct trapframe, ds) == TF_DS, "TF_DS");
_Static_assert(offsetof(struct trapframe, edi) == TF_EDI, "TF_EDI");
_Static_assert(offsetof(struct trapframe, esi) == TF_ESI, "TF_ESI");
_Static_assert(offsetof(struct trapframe, ebp) == TF_EBP, "TF_EBP");
_Static_assert(offsetof(struct trapframe, esp_pusha) == TF_ESP_PUSHA, "TF_ESP_PUSHA");
_Static_assert(offsetof(struct trapframe, ebx) == TF_EBX, "TF_EBX");
_Static_assert(offsetof(struct trapframe, edx) == TF_EDX, "TF_EDX");
_Static_assert(offsetof(struct trapframe, ecx) == TF_ECX, "TF_ECX");
_Static_assert(offsetof(struct trapframe, eax) == TF_EAX, "TF_EAX");
_Static_assert(offsetof(struct trapframe, vector) == TF_VECTOR, "TF_VECTOR");
_Static_assert(offsetof(struct trapframe, err) == TF_ERR, "TF_ERR");
_Static_assert(offsetof(struct trapframe, eip) == TF_EIP, "TF_EIP");
_Static_assert(offsetof(struct trapframe, cs) == TF_CS, "TF_CS");
_Static_assert(offsetof(struct trapframe, eflags) == TF_EFLAGS, "TF_EFLAGS");
_Static_assert(offsetof(struct trapframe, esp) == TF_ESP, "TF_ESP");
_Static_assert(offsetof(struct trapframe, ss) == TF_SS, "TF_SS");
_Static_assert(offsetof(struct trapframe, esp) == TF_SIZE_KERNEL, "TF_SIZE_KERNEL");
_Static_assert(sizeof(struct trapframe) == TF_SIZE, "TF_SIZE");

/* True when the frame's esp/ss fields hold the interrupted stack. */
static inline int trapframe_has_sp(const struct trapframe *tf)
{
	return (tf->cs & 3) != 0 || tf->vector == T_DOUBLEFAULT || tf->vector >= 32;
}

/* The stack pointer at the moment of the trap. */
static inline uint32_t trapframe_sp(const struct trapframe *tf)
{
	if (trapframe_has_sp(tf))
		return tf->esp;
	return (uint32_t)(uintptr_t)&tf->esp;
}

/* The frame pointer (ebp) at the moment of the trap, where a traceback starts. */
static inline uintptr_t trapframe_fp(const struct trapframe *tf)
{
	return tf->ebp;
}

/* x86 has no link register: a return address is always on the stack. */
static inline uintptr_t trapframe_lr(const struct trapframe *tf)
{
	(void)tf;
	return 0;
}

/* The stack segment at the moment of the trap. */
static inline uint32_t trapframe_ss(const struct trapframe *tf)
{
	return trapframe_has_sp(tf) ? tf->ss & 0xffff : SEL_KDATA;
}
#endif

#endif
