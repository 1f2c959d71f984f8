/*
 * goro_shim.h - the appliance API (goro.h) as the lwip fuzz target needs
 * it: a world of one goroutine, which the target plays by turns as the
 * card's receive goroutine and the tcpip goroutine.
 *
 * Channels are plain FIFO queues: a send to a full one or a receive
 * from an empty one would wait for another goroutine, and there is
 * none, so chan_send and chan_recv abort there; chan_select without
 * blocking is what lwIP's mailboxes use (sys_arch.c) and works as on
 * the machine. Mutexes are free to take, goroutines are recorded and
 * never run, time is a clock the target moves, entropy is absent (the
 * ISN key comes from goro_rand, as on a machine without virtio-rng).
 */
#ifndef GORO_FUZZ_GORO_SHIM_H
#define GORO_FUZZ_GORO_SHIM_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "goro.h"

struct chan {
	size_t elemsize, cap, head, len;
	unsigned char *buf;
};

chan *chan_make(size_t elemsize, size_t cap)
{
	chan *c = calloc(1, sizeof *c);
	c->elemsize = elemsize;
	c->cap = cap;
	c->buf = calloc(cap ? cap : 1, elemsize ? elemsize : 1);
	return c;
}

static int shim_send(chan *c, const void *elem)
{
	if (c->len == c->cap)
		return 0;
	memcpy(c->buf + (c->head + c->len) % c->cap * c->elemsize, elem, c->elemsize);
	c->len++;
	return 1;
}

static int shim_recv(chan *c, void *elem)
{
	if (c->len == 0)
		return 0;
	if (elem)
		memcpy(elem, c->buf + c->head * c->elemsize, c->elemsize);
	c->head = (c->head + 1) % c->cap;
	c->len--;
	return 1;
}

void chan_send(chan *c, const void *elem)
{
	if (!shim_send(c, elem)) {
		fprintf(stderr, "chan_send: full, and no other goroutine to take from it\n");
		abort();
	}
}

bool chan_recv(chan *c, void *elem)
{
	if (!shim_recv(c, elem)) {
		fprintf(stderr, "chan_recv: empty, and no other goroutine to send\n");
		abort();
	}
	return true;
}

int chan_select(struct chan_case *cs, int n, bool block)
{
	for (int i = 0; i < n; i++) {
		if (!cs[i].c)
			continue;
		if (cs[i].dir == CHAN_SEND ? shim_send(cs[i].c, cs[i].elem) : shim_recv(cs[i].c, cs[i].elem)) {
			cs[i].ok = true;
			return i;
		}
	}
	if (block) {
		fprintf(stderr, "chan_select: would wait for ever\n");
		abort();
	}
	return -1;
}

int chan_select_timeout(struct chan_case *cs, int n, int64_t ns)
{
	(void)ns;
	return chan_select(cs, n, false);
}

void chan_free(chan *c)
{
	if (c)
		free(c->buf);
	free(c);
}

void mutex_lock(mutex *m) { (void)m; }
void mutex_unlock(mutex *m) { (void)m; }
int64_t goid(void) { return 1; }
void gosleep(int64_t ns) { (void)ns; }

static int64_t shim_now = 1000000000;   /* the clock: the target moves it */
int64_t nanotime(void) { return shim_now; }

static void (*shim_go_fn)(void *);      /* the last goroutine started, not run */
static void *shim_go_arg;
void go(void (*fn)(void *), void *arg)
{
	shim_go_fn = fn;
	shim_go_arg = arg;
}

uint32_t goro_rand(void)
{
	static uint64_t s = 0x9e3779b97f4a7c15ull;   /* fixed: a crash repeats */
	s ^= s >> 12, s ^= s << 25, s ^= s >> 27;
	return (uint32_t)((s * 0x2545f4914f6cdd1dull) >> 32);
}

int goro_entropy(void *buf, size_t n) { (void)buf, (void)n; return -1; }
const char *goro_entropy_source(void) { return "none"; }

_Noreturn void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("panic: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

#endif
