/*
 * asm.S - goroutine context switching on i386: gogo, gosave, mcall,
 * gostart, goexit (contracts in runtime/runtime.h).
 *
 * A Gobuf holds only sp and pc (plus ret, ctxt, g): a goroutine is
 * switched out only inside mcall, which first pushes the cdecl
 * callee-saved registers (ebx esi edi ebp) on the goroutine's own
 * stack, so resuming it is "restore sp, jump to pc" where pc pops them
 * and returns from mcall like any call. Arguments are on the stack;
 * calls are made with esp 16-byte aligned. The current g is %gs:0
 * (tls.h). Offsets come from asmoffsets.h, checked in sys_x86.c.
 *
 * mcall jumps to fn rather than calling it (fn never returns): a call
 * left unreturned would stay in the CPU's return-address predictor,
 * and the resumed goroutine's returns would all be mispredicted
 * (runtime/proc.c's scheduler reaches gogo by tail calls likewise,
 * where i386's stack-passed arguments allow).
 *
 * A goroutine runs with interrupts enabled, the scheduler on g0 with
 * them disabled (include/machine.h): gogo enables them (INTR_ENABLE,
 * tls.h) as it jumps into a goroutine, and mcall disables them first
 * thing.
 */
#include "asmoffsets.h"
#include "machine.h"

	/* split-stack safe (no prologue checks needed): keeps ld.lld from rewriting callers (docs/stacks.md) */
	.section .note.GNU-split-stack,"",@progbits
	.text

/*
 * void gogo(Gobuf *buf)
 * Resume buf: g = buf->g, esp = buf->sp, eax = buf->ret,
 * edx = buf->ctxt; clear sp/ret/ctxt in buf; jump to buf->pc, with
 * interrupts enabled if g is a goroutine. (The runtime never resumes a
 * g0 through gogo: mcall and __morestack enter g0 at its stack top. Were
 * it to, interrupts would stay off there, as on every scheduler path.)
 * The instruction after sti still runs with interrupts off, so an
 * interrupt stops the goroutine at buf->pc at the earliest.
 */
	.globl gogo
	.type gogo, @function
	.balign 16
gogo:
	movl 4(%esp), %ebx              /* ebx = buf */
	movl GOBUF_G(%ebx), %eax
	movl (%eax), %ecx               /* fault here, not later, if g is NULL */
	SET_G(%eax)
	movl G_STACKGUARD(%eax), %ecx   /* the prologue checks now compare with g's guard */
	movl %ecx, %gs:TLS_STACKGUARD
	movl GOBUF_SP(%ebx), %esp
	movl GOBUF_RET(%ebx), %eax      /* the value the resumed code "returns" */
	movl GOBUF_CTXT(%ebx), %edx     /* closure context */
	movl GOBUF_PC(%ebx), %ecx
	movl $0, GOBUF_SP(%ebx)         /* a used Gobuf holds no stale pointers */
	movl $0, GOBUF_RET(%ebx)
	movl $0, GOBUF_CTXT(%ebx)
	movl GOBUF_G(%ebx), %ebx
	movl G_M(%ebx), %esi
	cmpl M_G0(%esi), %ebx
	je 1f                           /* a g0: interrupts stay off */
	INTR_ENABLE
1:	jmp *%ecx
	.size gogo, . - gogo

/*
 * void gosave(Gobuf *buf)
 * Record the caller's context: sp as it will be after this returns, pc
 * = the return address, ret = ctxt = 0, g = the current g. No
 * callee-saved registers: only for asm callers that expect that.
 */
	.globl gosave
	.type gosave, @function
	.balign 16
gosave:
	movl 4(%esp), %eax              /* eax = buf */
	leal 4(%esp), %ecx              /* sp after our ret pops the return address */
	movl %ecx, GOBUF_SP(%eax)
	movl (%esp), %ecx               /* the return address */
	movl %ecx, GOBUF_PC(%eax)
	movl $0, GOBUF_RET(%eax)
	movl $0, GOBUF_CTXT(%eax)
	GET_G(%ecx)
	movl %ecx, GOBUF_G(%eax)
	ret
	.size gosave, . - gosave

/*
 * void mcall(void (*fn)(G *))
 * On goroutine g: push g's callee-saved registers on its stack, save
 * sp, the resume label and g in g->sched (its ret and ctxt are 0
 * already: gogo cleared them), switch to g->m->g0 at the top of its
 * scheduler stack (g0->sched.sp, left unchanged) and enter fn(g).
 * fn must not return; gogo(&g->sched) later returns from mcall in g.
 */
	.globl mcall
	.type mcall, @function
	.balign 16
mcall:
	INTR_DISABLE                    /* g0 runs with interrupts off */
	GET_G(%eax)                     /* eax = g */
	movl G_M(%eax), %ecx
	movl M_G0(%ecx), %ecx           /* ecx = g->m->g0 */
	cmpl %ecx, %eax
	je 2f                           /* already on g0: fatal */
	movl 4(%esp), %edx              /* edx = fn */
	pushl %ebp                      /* a frame record {ebp, return pc} ... */
	pushl %ebx                      /* ... under the other callee-saved registers */
	pushl %esi
	pushl %edi
	movl %esp, (G_SCHED+GOBUF_SP)(%eax)
	movl $1f, (G_SCHED+GOBUF_PC)(%eax)
	movl %eax, (G_SCHED+GOBUF_G)(%eax)
	SET_G(%ecx)                     /* now on g0 ... */
	movl G_STACKGUARD(%ecx), %esi   /* ... whose guard the prologue checks use */
	movl %esi, %gs:TLS_STACKGUARD
	movl (G_SCHED+GOBUF_SP)(%ecx), %esp     /* ... and its stack top */
	andl $-16, %esp
	subl $12, %esp                  /* 16-byte aligned once the argument is pushed */
	pushl %eax                      /* fn(g): */
	xorl %ebp, %ebp                 /* g0's frame-pointer chain ends here */
	pushl $3f                       /* the return address a call would push ... */
	jmp *%edx                       /* ... but a jump (see the top) */
3:	call badmcall2                  /* fn returned: fatal, never returns */
	ud2
1:	/* gogo(&g->sched) lands here, on g's stack as mcall left it */
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret                             /* to mcall's caller */
2:	/* esp is as at our entry: badmcall runs as if called by our caller */
	jmp badmcall
	.size mcall, . - mcall

/*
 * gostart: the FuncVal.fn of every goroutine (see gostartcallfn). Entered
 * by gogo with the FuncVal in edx and goexit as the return address at
 * (%esp). Calls fv->cfn(fv->arg) on a 16-byte aligned stack with ebp = 0,
 * so frame-pointer walks end here, then goes on to goexit. No register
 * keeps the entry sp: the stack may have moved by then (docs/stacks.md).
 */
	.globl gostart
	.type gostart, @function
	.balign 16
gostart:
	andl $-16, %esp
	subl $12, %esp                  /* 16-byte aligned once the argument is pushed */
	pushl FUNCVAL_ARG(%edx)
	xorl %ebp, %ebp                 /* end of the frame-pointer chain */
	call *FUNCVAL_CFN(%edx)
	jmp goexit                      /* what the return address says, with no sp kept in a register */
	.size gostart, . - gostart

/*
 * goexit: the return address gostartcall installs under a goroutine's
 * first frame; reached when gostart returns. Calls goexit1(), which
 * never returns.
 */
	.globl goexit
	.type goexit, @function
	.balign 16
goexit:
	andl $-16, %esp                 /* aligned for the call */
	call goexit1
	ud2
	.size goexit, . - goexit
