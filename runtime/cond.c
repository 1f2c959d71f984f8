/*
 * cond.c - goro_cond, Go's sync.Cond: wait, signal, broadcast.
 *
 * Go's notify list, by tickets: a waiter takes a ticket before it
 * unlocks L and parks only if its ticket has not been notified since;
 * signal notifies the oldest ticket not yet notified, broadcast every
 * ticket handed out. So a signal between a waiter's unlock of L and its
 * park is not lost: the waiter finds its ticket notified and returns.
 * Tickets are compared as differences, so they may wrap.
 */
#include "goro.h"
#include "rtalloc.h"
#include "runtime.h"

struct condwaiter {
	G *g;
	uint32_t ticket;
	struct condwaiter *next;
};

static struct spinlock *spin(uint32_t *word)
{
	return (struct spinlock *)word;
}

void goro_cond_wait(goro_cond *c)
{
	if (!c->L)
		panic("sync: goro_cond_wait of a cond without L");
	spin_lock(spin(&c->lock));
	uint32_t t = c->wait++;
	spin_unlock(spin(&c->lock));
	mutex_unlock(c->L);
	spin_lock(spin(&c->lock));
	if ((int32_t)(t - c->notify) < 0) {
		spin_unlock(spin(&c->lock));    /* signalled already */
	} else {
		struct condwaiter *w = rtalloc(sizeof *w);
		w->g = getg();
		w->ticket = t;
		if (c->tail)
			((struct condwaiter *)c->tail)->next = w;
		else
			c->head = w;
		c->tail = w;
		goparkunlock(spin(&c->lock), "sync.Cond.Wait");
		rtfree(w);
	}
	mutex_lock(c->L);
}

void goro_cond_signal(goro_cond *c)
{
	spin_lock(spin(&c->lock));
	if (c->wait == c->notify) {
		spin_unlock(spin(&c->lock));
		return;
	}
	uint32_t t = c->notify++;
	/* Its waiter may not have queued yet (then it finds t notified); the queue is nearly in ticket order. */
	struct condwaiter *prev = NULL, *w = c->head;
	while (w && w->ticket != t) {
		prev = w;
		w = w->next;
	}
	if (w) {
		if (prev)
			prev->next = w->next;
		else
			c->head = w->next;
		if (c->tail == w)
			c->tail = prev;
	}
	spin_unlock(spin(&c->lock));
	if (w)
		goready(w->g);
}

void goro_cond_broadcast(goro_cond *c)
{
	spin_lock(spin(&c->lock));
	c->notify = c->wait;
	struct condwaiter *w = c->head;
	c->head = c->tail = NULL;
	spin_unlock(spin(&c->lock));
	while (w) {
		struct condwaiter *next = w->next;
		goready(w->g);
		w = next;
	}
}
