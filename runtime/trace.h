/*
 * trace.h - the execution trace's recording side (trace=1, docs/trace.md).
 *
 * The scheduler, the stack code and interrupt entry call TRACE at the
 * places where a goroutine's state changes. Off (the default), that is
 * one load of a global flag and a branch predicted not taken; on, an
 * event goes into the ring of the CPU that records it (trace.c): no
 * lock, no allocation, nothing another CPU writes.
 */
#ifndef GORO_TRACE_H
#define GORO_TRACE_H

#include <stdbool.h>
#include <stdint.h>

/* The events; a, b and how (the top byte of kind) as docs/trace.md says for each. */
enum {
	TrCreate = 1,   /* g created by goroutine a (0: the scheduler) */
	TrRun,          /* g starts or resumes on this CPU */
	TrBlock,        /* g parks; a is its wait reason (a const char *) */
	TrUnblock,      /* g made runnable by goroutine a (0: the scheduler: a timer, an interrupt) */
	TrYield,        /* g yields (gosched) */
	TrPreempt,      /* g is preempted: how 0 at a prologue check, 1 between instructions */
	TrEnd,          /* g ends */
	TrGrow,         /* g's stack grows from a to b bytes: how 0 copied, 1 in place, 2 remapped */
	TrShrink,       /* g's stack shrinks from a to b bytes: how 0 copied, 1 trimmed in place */
	TrIntr,         /* device line a fired */
	TrKinds,
};
#define TR_HOW(kind, how)       ((uint32_t)(kind) | (uint32_t)(how) << 24)

extern bool trace_on;
/* trace_rec appends an event to this CPU's ring; safe in interrupt handlers (no check, no lock). */
void trace_rec(uint32_t kind, int64_t g, uint64_t a, uint32_t b);
#define TRACE(kind, g, a, b) \
	do { if (__builtin_expect(trace_on, 0)) trace_rec((kind), (g), (uint64_t)(a), (uint32_t)(b)); } while (0)

/* trace_init allocates a ring per CPU the machine has if trace=1 (once, at boot, before other CPUs run). */
void trace_init(void);
/* trace_dump stops recording and prints every ring on the console, once (exit and fatal reports). */
void trace_dump(void);

#endif
