/*
 * goro.h - the appliance API: goroutines, channels, select, time, sync.
 *
 * Goroutines are the only concurrency an appliance has. They are
 * scheduled cooperatively: a goroutine runs until it blocks (channel,
 * select, mutex, wait group, sleep), yields (gosched) or ends; there is
 * no preemption yet. Channels and select have Go's semantics exactly.
 *
 * Stacks: each goroutine has a fixed stack (8 KiB; main 256 KiB) with an unmapped
 * guard page below it; running past it stops the machine with a fault
 * report. A pointer to a goroutine's local variable may be handed to
 * channel operations (the runtime copies through it while the
 * goroutine waits) but must not outlive the call.
 */
#ifndef GORO_H
#define GORO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Goroutines. */
void    go(void (*fn)(void *), void *arg);    /* start fn(arg) in a new goroutine */
void    gosched(void);                         /* yield */
void    goexit(void);                          /* end the calling goroutine */
int64_t goid(void);                            /* main is 1 */

/* Channels: elements are copied in and out; elemsize may be 0. */
typedef struct chan chan;
chan   *chan_make(size_t elemsize, size_t cap);
void    chan_send(chan *c, const void *elem);  /* panics on a closed channel */
bool    chan_recv(chan *c, void *elem);        /* false once closed and drained; elem zeroed */
void    chan_close(chan *c);                   /* panics if nil or already closed */
void    chan_free(chan *c);                    /* no goroutine may still use it */
size_t  chan_len(chan *c);
size_t  chan_cap(chan *c);

enum { CHAN_SEND = 1, CHAN_RECV = 2 };
struct chan_case {
	chan *c;        /* NULL: the case is never ready */
	int dir;        /* CHAN_SEND or CHAN_RECV */
	void *elem;     /* the value to send, or where to receive (may be NULL) */
	bool ok;        /* receive: true if a value arrived, false if closed */
};
/*
 * chan_select runs one ready case, chosen uniformly at random among the
 * ready ones, and returns its index; with none ready it waits for one,
 * or, if !block, returns -1 at once.
 */
int     chan_select(struct chan_case *cases, int n, bool block);

/* Time: monotonic nanoseconds since boot; sleeping parks the goroutine. */
int64_t nanotime(void);
void    gosleep(int64_t ns);                   /* ns <= 0: just yields */

/* sync. The fields are the runtime's: zero means unlocked / counter 0. */
typedef struct mutex {
	uint32_t locked;
	uint32_t lock;
	void *head, *tail;
} mutex;
void    mutex_lock(mutex *m);
void    mutex_unlock(mutex *m);                /* fatal if not locked */

typedef struct waitgroup {
	int64_t count;
	uint32_t lock;
	void *waiters;
} waitgroup;
void    wg_add(waitgroup *wg, int n);          /* panics if the counter goes negative */
void    wg_done(waitgroup *wg);
void    wg_wait(waitgroup *wg);

/*
 * panic prints "panic: " and the message (the runtime's printf: %d %u
 * %x %p %s %c with l/ll/z, no floating point), a traceback of every
 * goroutine, and stops the machine with exit status 2.
 */
_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
