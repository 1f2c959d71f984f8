/*
 * frame.c - where an ARM function keeps its return address before its
 * frame record exists, for tracebacks from a trap (include/machine.h).
 *
 * The return address stays in lr until the instruction that sets r11
 * (mov r11, sp or add r11, sp, #imm) has run, and for good in a leaf
 * that never sets it (clang keeps no frame record in leaves on ARM).
 * Thumb code (only libgcc's helpers) never sets r11 either: it counts
 * as a leaf.
 */
#include "machine.h"

#define MOV_FP_SP       0xe1a0b00du
#define ADD_FP_SP       0xe28db000u
#define ADD_FP_SP_MASK  0xfffff000u
#define PROLOGUE_INSNS  16      /* room for a split-stack check before the push */

int frame_unsaved_return(uintptr_t pc, uintptr_t entry, uintptr_t fnend, uintptr_t sp,
			 uintptr_t lr, uintptr_t lo, uintptr_t hi, uintptr_t *ret)
{
	(void)sp, (void)lo, (void)hi;
	if (fnend && entry % 4 == 0) {
		for (uintptr_t a = entry; a < entry + 4 * PROLOGUE_INSNS && a + 4 <= fnend; a += 4) {
			uint32_t insn = *(const uint32_t *)a;
			if (insn == MOV_FP_SP || (insn & ADD_FP_SP_MASK) == ADD_FP_SP) {
				if (pc > a)
					return 0;
				break;
			}
		}
	}
	*ret = lr;
	return 1;
}
