/*
 * sys.c - the portable half of goroutine switching: gostartcallfn, where
 * a parked goroutine's frame chain starts, and the build-time check
 * that arch/<cpu>/asmoffsets.h (the offsets asm.S uses) matches the
 * structs in runtime.h.
 */
#include <stddef.h>
#include "machine.h"
#include "runtime.h"

/* gostartcallfn is gostartcall(buf, fv->fn, fv): fn finds fv in ctxt. */
void gostartcallfn(Gobuf *buf, FuncVal *fv)
{
	gostartcall(buf, fv->fn, fv);
}

uintptr_t gobuf_fp(const Gobuf *buf)
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
#ifdef G_NONSPLIT
CHECK(G_NONSPLIT, G, nonsplit);
#endif
CHECK(M_TLS, M, tls);
CHECK(M_G0, M, g0);
CHECK(M_MOREBUF, M, morebuf);
_Static_assert(MB_SIZE <= sizeof(((M *)0)->morebuf), "MB_SIZE");
_Static_assert(TLS_STACKGUARD == 14 * PTRSIZE || TLS_STACKGUARD == 12 * PTRSIZE || TLS_STACKGUARD == PTRSIZE, "TLS_STACKGUARD");
CHECK(FUNCVAL_FN, FuncVal, fn);
CHECK(FUNCVAL_CFN, FuncVal, cfn);
CHECK(FUNCVAL_ARG, FuncVal, arg);
_Static_assert(TLS_G == 0, "m->tls[0] is the current g");
