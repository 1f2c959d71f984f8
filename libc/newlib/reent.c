/*
 * reent.c - newlib's per-thread state, one for each goroutine.
 *
 * newlib keeps errno, stdio's set-up flag and printf's dtoa buffers,
 * strtok's position, rand's and rand48's seeds, asctime's and
 * localtime's buffers, the multibyte shift states and more in a struct
 * _reent, reached through _REENT. Built with __DYNAMIC_REENT__
 * (tools/build-newlib), _REENT is __getreent(), and that is the running
 * goroutine's own (gp->libc, a struct golibc: goreent.h): made on first
 * use, since most goroutines never touch the C library; freed when the
 * goroutine ends (libc_goexit, from goexit1), with what newlib allocated
 * for it. A G reused for a new goroutine so starts with none, and the
 * new goroutine gets a fresh one (errno 0, rand seeded with 1) when it
 * needs one. The same record counts the newlib locks the goroutine
 * holds (locks.c): one that ends holding any is a fatal error, since the
 * lock would stay taken for good (and its holder's G be reused).
 *
 * Off a goroutine (before the scheduler runs, on a scheduler stack g0)
 * _REENT is newlib's global one, _GLOBAL_REENT. That one also holds what
 * every goroutine shares: the standard streams (global FILEs, set up
 * here before main so that exit, which flushes only _GLOBAL_REENT's,
 * flushes them), the FILEs fopen makes, the atexit list.
 *
 * The structures come from the runtime's allocator (rtalloc, zeroed),
 * not malloc: malloc itself reaches _REENT, so __getreent runs inside it.
 * 544 bytes on amd64 (a 1 KiB block), 348 on i386, 352 on ARM (512).
 *
 * stdout's buffer is static, given at boot (stdout_buffer), not made by
 * malloc at the first write: the same buffering, and a first printf
 * that does not set up malloc's arena on the way.
 */
#include <reent.h>
#include <stdio.h>
#include <stdlib.h>
#include "goreent.h"
#include "machine.h"
#include "rtalloc.h"
#include "runtime.h"

/* newlib's stdio set-up (stdio/local.h, not installed). */
void __sinit(struct _reent *s);

/* golibc_new: golibc_current's slow path: none yet, or off a goroutine. */
static __attribute__((noinline)) struct golibc *golibc_new(G *gp)
{
	if (!gp || gp == gp->m->g0)
		return NULL;
	struct golibc *st = rtalloc(sizeof *st);
	_REENT_INIT_PTR_ZEROED(&st->reent);
	gp->libc = st;
	return st;
}

struct golibc *golibc_current(void)
{
	G *gp = getg();
	if (gp && gp->libc)
		return gp->libc;
	return golibc_new(gp);
}

struct _reent *__getreent(void)
{
	struct golibc *st = golibc_current();
	return st ? &st->reent : _GLOBAL_REENT;
}

/*
 * stdout_buffer gives stdout what __smakebuf_r would at its first
 * write - the console is a character device and a terminal (fds 0-2
 * are always the console's: fds.c), so BUFSIZ bytes, line-buffered, no
 * seek optimisation - and the state __swsetup_r then leaves, from a
 * static buffer: no malloc flag, so fclose and setvbuf never free it.
 * Under an emulator the first printf is a third of a millisecond
 * shorter, without translating malloc's set-up and the heap's mapping.
 */
static void stdout_buffer(FILE *f)
{
	static unsigned char buf[BUFSIZ];

	f->_flags |= __SLBF | __SNPT;
	f->_bf._base = f->_p = buf;
	f->_bf._size = BUFSIZ;
	f->_w = 0;
	f->_lbfsize = -BUFSIZ;
}

/*
 * reent_init sets up stdio in the global struct _reent, before main:
 * exit() cleans up only _GLOBAL_REENT's streams, which are the standard
 * ones whichever goroutine wrote to them.
 */
void reent_init(void)
{
	if (getg())
		fatal("reent_init: called on a goroutine or scheduler stack, not at boot");
	__sinit(_GLOBAL_REENT);
	stdout_buffer(_GLOBAL_REENT->_stdout);
}

void libc_goexit(void)
{
	G *gp = getg();
	struct golibc *st = gp->libc;
	if (!st)
		return;
	if (st->locks)
		fatal("goroutine %lld ended holding %u of newlib's locks (flockfile without funlockfile?)",
		      (long long)gp->goid, (unsigned)st->locks);
	struct _reent *r = &st->reent;
	/* What newlib allocated for it: dtoa's Bigints, ecvt's buffer; its stdio has no FILE of its own. */
	_reclaim_reent(r);
	/* signal()'s table, which _reclaim_reent keeps lest a signal arrive meanwhile: none can here. */
	if (r->_sig_func)
		_free_r(r, r->_sig_func);
	gp->libc = NULL;
	rtfree(st);
}
