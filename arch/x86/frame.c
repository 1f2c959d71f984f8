/*
 * frame.c - where an x86 function keeps its return address before its
 * frame record exists, for tracebacks from a trap (include/machine.h).
 *
 * clang starts a frame with push %ebp/%rbp; mov %esp/%rsp, %ebp/%rbp
 * (FRAME_SETUP_BYTES in arch/<cpu>/frame.h), possibly after a
 * split-stack check. Before the push the return address is at sp;
 * between push and mov it is one word above; after, the frame pointer
 * is the function's own and the walk needs no help.
 */
#include "machine.h"

#define PROLOGUE_BYTES  64      /* room for a split-stack check before the push */
#define WORD            sizeof(uintptr_t)

static const uint8_t frame_setup[] = FRAME_SETUP_BYTES;

int frame_unsaved_return(uintptr_t pc, uintptr_t entry, uintptr_t fnend, uintptr_t sp,
			 uintptr_t lr, uintptr_t lo, uintptr_t hi, uintptr_t *ret)
{
	uintptr_t slot = sp;

	(void)lr;
	if (fnend) {
		uintptr_t a;
		for (a = entry; a < entry + PROLOGUE_BYTES; a++) {
			if (a + sizeof frame_setup > fnend)
				return 0;
			const uint8_t *p = (const uint8_t *)a;
			size_t i;
			for (i = 0; i < sizeof frame_setup && p[i] == frame_setup[i]; i++)
				;
			if (i == sizeof frame_setup)
				break;
		}
		if (a == entry + PROLOGUE_BYTES || pc > a + 1)
			return 0;
		if (pc == a + 1)
			slot = sp + WORD;       /* the push is done: the old fp is at sp */
	}
	/* Outside every function, pc was most likely reached by a call: the return address is at sp. */
	if (slot % WORD != 0 || slot < lo || slot >= hi || hi - slot < WORD)
		return 0;
	*ret = *(const uintptr_t *)slot;
	return 1;
}
