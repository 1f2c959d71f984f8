/*
 * traceback.h - print a stack's frames by walking the frame-pointer chain.
 *
 * Two lines a frame, innermost first, the same on every arch and close
 * to Go's traceback (which has file:line where goro has the address):
 *
 *   undef(...)
 *   	+0x4 pc=0x106d84 fp=0x134f70
 *   main(...)
 *   	+0x3c pc=0x106dcc fp=0x134f90
 *
 * The first line names the function (or "?" when pc is in no known
 * function); the second gives the pc's offset from the function's entry,
 * the pc (for callers: the return address; the name is that of the
 * call, return address - 1), and the frame's frame pointer. After 100
 * frames: "...additional frames elided...". A walk that ends anywhere
 * but the chain's 0 says why on one more line ("traceback stopped: ...").
 */
#ifndef GORO_TRACEBACK_H
#define GORO_TRACEBACK_H

#include <stdbool.h>
#include <stdint.h>

/*
 * traceback_frames prints the frames from the function containing pc,
 * whose frame record is at fp, to the bottom of the chain. Every frame
 * record read must lie in [stacklo, stackhi); each must be above the
 * last. stacklo == stackhi prints only the first frame.
 */
void traceback_frames(uintptr_t pc, uintptr_t fp, uintptr_t stacklo, uintptr_t stackhi);

/*
 * traceback_same reports whether traceback_frames would print the same
 * functions and pcs (not fps) for both chains, and stop the same way.
 * It reads only what traceback_frames would.
 */
bool traceback_same(uintptr_t pc1, uintptr_t fp1, uintptr_t lo1, uintptr_t hi1,
		    uintptr_t pc2, uintptr_t fp2, uintptr_t lo2, uintptr_t hi2);

/*
 * traceback_trap is traceback_frames for a trapped context, whose
 * function may not have saved its frame record yet (a leaf without one
 * on ARM, a fault in a prologue): from its first instructions it decides
 * whether the return address is still in lr (ARM) or on top of the
 * stack at sp (x86), so the caller is not skipped.
 */
void traceback_trap(uintptr_t pc, uintptr_t sp, uintptr_t lr, uintptr_t fp,
		    uintptr_t stacklo, uintptr_t stackhi);

#endif
