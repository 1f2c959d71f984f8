/*
 * hosted.h - what the hosted platform's files share among themselves:
 * the per-thread set-up every CPU (thread) needs.
 */
#ifndef GORO_HOSTED_H
#define GORO_HOSTED_H

/* TimerSignal: the timer's signal, and the one cpu_wake sends; SIGALRM, which debuggers pass on quietly. */
#define TimerSignal     SIGALRM

/* hosted_altstack gives the calling thread its own stack for fault handlers (trap.c). */
void hosted_altstack(void);
/* hosted_timer creates the calling thread's timer (timer.c). */
void hosted_timer(void);

#endif
