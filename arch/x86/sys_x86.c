/*
 * sys_x86.c - gostartcall on 386 and amd64 (the seed's sys_x86.c).
 *
 * x86 calls push the return address on the stack, so a goroutine that
 * has "called" its first function is a Gobuf whose stack top holds the
 * old pc (goexit) as a return address: no special first-run path.
 */
#include "machine.h"

/*
 * gostartcall adjusts buf as if it had executed a call to fn with
 * context ctxt and then an immediate gosave: buf->pc becomes the
 * return address pushed at buf->sp.
 */
void gostartcall(Gobuf *buf, void (*fn)(void), void *ctxt)
{
	uintptr_t *sp = (uintptr_t *)buf->sp;

	*--sp = buf->pc;
	buf->sp = (uintptr_t)sp;
	buf->pc = (uintptr_t)fn;
	buf->ctxt = ctxt;
}
