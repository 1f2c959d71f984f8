/*
 * hosted.h - what the hosted platform's files share among themselves:
 * the per-thread set-up every CPU (thread) needs.
 */
#ifndef GORO_HOSTED_H
#define GORO_HOSTED_H

/* TimerSignal: the timer's signal, and the one cpu_wake sends; SIGALRM, which debuggers pass on quietly. */
#define TimerSignal     SIGALRM

/* TickSignal: the preemption tick's (tick.c); SIGURG, which Go's runtime uses for preemption too. */
#define TickSignal      SIGURG

/*
 * Device lines (intr.c): one, StdinLine, standard input readable, whose
 * signal is IntrSignal, never blocked, to CPU 0's thread only.
 * hosted_intr_init (timer_init, on CPU 0) installs its handler and makes
 * CPU 0 its target; hosted_intr_exit (the power-off) puts standard input's
 * flags back; hosted_stdin_readable: would a read return at once?
 */
#define StdinLine       0
#define IntrSignal      SIGIO
void hosted_intr_init(void);
void hosted_intr_exit(void);
int hosted_stdin_readable(void);

struct trapframe;
/* hosted_trapframe: a signal's saved context (a ucontext_t) as the trap frame the runtime reads (trap.c). */
struct trapframe hosted_trapframe(const void *ctx);

/* hosted_altstack gives the calling thread its own stack for fault handlers (trap.c). */
void hosted_altstack(void);
/* hosted_timer creates the calling thread's timer (timer.c). */
void hosted_timer(void);
/* The preemption tick (tick.c): the handler, once; each thread's tick; around each halt. */
void hosted_tick_init(void);
void hosted_tick(void);
void hosted_tick_halt(void);
void hosted_tick_resume(void);

#include <stdint.h>

/*
 * hosted_call_on moves the calling thread onto the stack that ends at
 * top (16-byte aligned at the call, no caller frame) and calls fn(arg)
 * there, never to return: a CPU's start onto the stack the machine
 * gives it, as boot/ and cpu_start do on bare metal.
 */
static inline _Noreturn void hosted_call_on(uintptr_t top, void (*fn)(int), int arg)
{
	__asm__ volatile("movq %0, %%rsp\n\t"
			 "xorl %%ebp, %%ebp\n\t"
			 "movl %2, %%edi\n\t"
			 "call *%1\n\t"
			 "ud2"
			 : : "r"(top & ~(uintptr_t)15), "r"(fn), "r"(arg) : "memory");
	__builtin_unreachable();
}

#endif
