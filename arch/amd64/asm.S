/*
 * asm.S - goroutine context switching on amd64: gogo, gosave, mcall,
 * gostart, goexit (contracts in runtime/runtime.h).
 *
 * A Gobuf holds only sp and pc (plus ret, ctxt, g): a goroutine is
 * switched out only inside mcall, which first pushes the System V
 * callee-saved registers (rbx rbp r12-r15) on the goroutine's own
 * stack, so resuming it is "restore sp, jump to pc" where pc pops them
 * and returns from mcall like any call. The current g is %fs:0
 * (tls.h). Offsets come from asmoffsets.h, checked in sys_x86.c.
 *
 * mcall jumps to fn rather than calling it (fn never returns): a call
 * left unreturned would stay in the CPU's return-address predictor,
 * and the resumed goroutine's returns would all be mispredicted
 * (runtime/proc.c's scheduler reaches gogo by tail calls likewise).
 *
 * A goroutine runs with interrupts enabled, the scheduler on g0 with
 * them disabled (include/machine.h): gogo enables them (INTR_ENABLE,
 * tls.h; nothing hosted) as it jumps into a goroutine, and mcall
 * disables them first thing.
 */
#include "asmoffsets.h"
#include "machine.h"

	/* split-stack safe (no prologue checks needed): keeps ld.lld from rewriting callers (docs/stacks.md) */
	.section .note.GNU-split-stack,"",@progbits
	.text

/*
 * void gogo(Gobuf *buf)
 * Resume buf: g = buf->g, rsp = buf->sp, rax = buf->ret,
 * rdx = buf->ctxt; clear sp/ret/ctxt in buf; jump to buf->pc, with
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
	movq GOBUF_G(%rdi), %rax
	movq (%rax), %rcx               /* fault here, not later, if g is NULL */
	SET_G(%rax)
	movq G_STACKGUARD(%rax), %rcx   /* the prologue checks now compare with g's guard */
	movq %rcx, %fs:TLS_STACKGUARD
	movq GOBUF_SP(%rdi), %rsp
	movq GOBUF_RET(%rdi), %rax      /* the value the resumed code "returns" */
	movq GOBUF_CTXT(%rdi), %rdx     /* closure context */
	movq GOBUF_PC(%rdi), %rcx
	movq $0, GOBUF_SP(%rdi)         /* a used Gobuf holds no stale pointers */
	movq $0, GOBUF_RET(%rdi)
	movq $0, GOBUF_CTXT(%rdi)
	movq GOBUF_G(%rdi), %rdi
	movq G_M(%rdi), %rsi
	cmpq M_G0(%rsi), %rdi
	je 1f                           /* a g0: interrupts stay off */
	INTR_ENABLE
1:	jmp *%rcx
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
	leaq 8(%rsp), %rax              /* sp after our ret pops the return address */
	movq %rax, GOBUF_SP(%rdi)
	movq (%rsp), %rax               /* the return address */
	movq %rax, GOBUF_PC(%rdi)
	movq $0, GOBUF_RET(%rdi)
	movq $0, GOBUF_CTXT(%rdi)
	GET_G(%rax)
	movq %rax, GOBUF_G(%rdi)
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
	GET_G(%rax)                     /* rax = g */
	movq G_M(%rax), %rcx
	movq M_G0(%rcx), %rcx           /* rcx = g->m->g0 */
	cmpq %rcx, %rax
	je 2f                           /* already on g0: fatal */
	pushq %rbp                      /* a frame record {rbp, return pc} ... */
	pushq %rbx                      /* ... under the other callee-saved registers */
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (G_SCHED+GOBUF_SP)(%rax)
	leaq 1f(%rip), %rsi
	movq %rsi, (G_SCHED+GOBUF_PC)(%rax)
	movq %rax, (G_SCHED+GOBUF_G)(%rax)
	SET_G(%rcx)                     /* now on g0 ... */
	movq G_STACKGUARD(%rcx), %rdx   /* ... whose guard the prologue checks use */
	movq %rdx, %fs:TLS_STACKGUARD
	movq (G_SCHED+GOBUF_SP)(%rcx), %rsp     /* ... and its stack top */
	andq $-16, %rsp                 /* 16-byte aligned at the call */
	xorl %ebp, %ebp                 /* g0's frame-pointer chain ends here */
	movq %rdi, %rsi
	movq %rax, %rdi                 /* fn(g): */
	leaq 3f(%rip), %rax
	pushq %rax                      /* the return address a call would push ... */
	jmp *%rsi                       /* ... but a jump (see the top) */
3:	call badmcall2                  /* fn returned: fatal, never returns */
	ud2
1:	/* gogo(&g->sched) lands here, on g's stack as mcall left it */
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret                             /* to mcall's caller */
2:	/* rsp is as at our entry: badmcall runs as if called by our caller */
	jmp badmcall
	.size mcall, . - mcall

/*
 * gostart: the FuncVal.fn of every goroutine (see gostartcallfn). Entered
 * by gogo with the FuncVal in rdx and goexit as the return address at
 * (%rsp). Calls fv->cfn(fv->arg) on a 16-byte aligned stack with rbp = 0,
 * so frame-pointer walks end here, then goes on to goexit. No register
 * keeps the entry sp: the stack may have moved by then (docs/stacks.md).
 */
	.globl gostart
	.type gostart, @function
	.balign 16
gostart:
	andq $-16, %rsp                 /* whatever sp the Gobuf had, align the call */
	xorl %ebp, %ebp                 /* end of the frame-pointer chain */
	movq FUNCVAL_ARG(%rdx), %rdi
	call *FUNCVAL_CFN(%rdx)
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
	andq $-16, %rsp                 /* aligned for the call */
	call goexit1
	ud2
	.size goexit, . - goexit
