/*
 * sys_arm.c - the portable half of goroutine start-up on ARM, and the
 * build-time check of the offsets asm.S uses.
 *
 * ARM calls leave the return address in lr, not on the stack, so a
 * goroutine that has "called" its first function is a Gobuf whose lr
 * holds the old pc (goexit): gogo restores lr. No special first-run path.
 */
#include <stddef.h>
#include "runtime.h"
#include "asmoffsets.h"

/*
 * gostartcall adjusts buf as if it had executed a call to fn with
 * context ctxt and then an immediate gosave: buf->pc moves to buf->lr,
 * which must have been empty (only one such call can be pending).
 */
void gostartcall(Gobuf *buf, void (*fn)(void), void *ctxt)
{
	if (buf->lr != 0)
		throw("gostartcall: lr already set");
	buf->lr = buf->pc;
	buf->pc = (uintptr_t)fn;
	buf->ctxt = ctxt;
}

/* gostartcallfn is gostartcall(buf, fv->fn, fv): fn finds fv in ctxt. */
void gostartcallfn(Gobuf *buf, FuncVal *fv)
{
	gostartcall(buf, fv->fn, fv);
}

uintptr_t arch_gobuf_fp(const Gobuf *buf)
{
	if (buf->pc == (uintptr_t)gostart)
		return 0;
	return buf->sp + MCALL_FRAME;
}

#define CHECK(off, type, field) _Static_assert(offsetof(type, field) == (off), #off)

_Static_assert(sizeof(uintptr_t) == PTRSIZE, "PTRSIZE");
CHECK(GOBUF_SP, Gobuf, sp);
CHECK(GOBUF_PC, Gobuf, pc);
CHECK(GOBUF_G, Gobuf, g);
CHECK(GOBUF_RET, Gobuf, ret);
CHECK(GOBUF_CTXT, Gobuf, ctxt);
CHECK(GOBUF_LR, Gobuf, lr);
CHECK(G_SCHED, G, sched);
CHECK(G_STACKLO, G, stacklo);
CHECK(G_STACKHI, G, stackhi);
CHECK(G_STACKGUARD, G, stackguard);
CHECK(G_M, G, m);
CHECK(M_TLS, M, tls);
CHECK(M_G0, M, g0);
CHECK(FUNCVAL_FN, FuncVal, fn);
CHECK(FUNCVAL_CFN, FuncVal, cfn);
CHECK(FUNCVAL_ARG, FuncVal, arg);
_Static_assert(TLS_G == 0, "m->tls[0] is the current g");
