/*
 * sys_arm.c - gostartcall on ARM (the seed's sys_arm.c).
 *
 * ARM calls leave the return address in lr, not on the stack, so a
 * goroutine that has "called" its first function is a Gobuf whose lr
 * holds the old pc (goexit): gogo restores lr. No special first-run path.
 */
#include "machine.h"

/*
 * gostartcall adjusts buf as if it had executed a call to fn with
 * context ctxt and then an immediate gosave: buf->pc moves to buf->lr,
 * which must have been empty (only one such call can be pending).
 */
void gostartcall(Gobuf *buf, void (*fn)(void), void *ctxt)
{
	if (buf->lr != 0)
		fatal("gostartcall: lr already set");
	buf->lr = buf->pc;
	buf->pc = (uintptr_t)fn;
	buf->ctxt = ctxt;
}
