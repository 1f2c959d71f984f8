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
 * needs one. A goroutine that ends holding one of newlib's locks
 * (counted in its G: locks.c) is a fatal error, since the lock would
 * stay taken for good (and its holder's G be reused).
 *
 * Off a goroutine (before the scheduler runs, on a scheduler stack g0)
 * _REENT is newlib's global one, _GLOBAL_REENT. That one also holds what
 * every goroutine shares: the FILEs fopen makes, the atexit list.
 *
 * The structures come from the runtime's allocator (rtalloc, zeroed),
 * not malloc: malloc itself reaches _REENT, so __getreent runs inside it.
 * 544 bytes on amd64 (a 1 KiB block), 348 on i386, 352 on ARM (512).
 *
 * stdio is set up at its first use, not at boot: an appliance that
 * never prints pays nothing for it, not even the translation of its
 * set-up under an emulator. newlib itself does the lazy part: the first
 * stdio call on each struct _reent runs __sinit on it (CHECK_INIT), and
 * the first of all sets up the three standard streams, global FILEs
 * (tools/build-newlib). goro links with --wrap=__sinit, so that each of
 * those calls also gives stdout a static buffer before anything can be
 * written to it (stdout_buffer), and tells exit that the streams exist
 * (libc_stdio_started, for initfini.c's std_close).
 */
#include <reent.h>
#include <stdio.h>
#include <stdlib.h>
#include "goreent.h"
#include "machine.h"
#include "rtalloc.h"
#include "runtime.h"

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

static bool stdio_started;      /* stdout has its buffer: the standard streams are set up */

bool libc_stdio_started(void)
{
	return __atomic_load_n(&stdio_started, __ATOMIC_ACQUIRE);
}

void __real___sinit(struct _reent *s);

/*
 * __wrap___sinit: newlib's __sinit (CHECK_INIT's, at a struct _reent's
 * first stdio call), then, the first time, stdout's buffer. That is
 * given under stdout's lock, as writes take it, and only while stdout
 * has none: a goroutine on another CPU may be writing already.
 */
void __wrap___sinit(struct _reent *s)
{
	__real___sinit(s);
	if (libc_stdio_started())
		return;
	FILE *f = s->_stdout;
	_flockfile(f);
	if (f->_bf._base == NULL)
		stdout_buffer(f);
	_funlockfile(f);
	__atomic_store_n(&stdio_started, true, __ATOMIC_RELEASE);
}

void libc_goexit(void)
{
	G *gp = getg();
	if (gp->preemptoff)
		fatal("goroutine %lld ended holding %u of newlib's locks (flockfile without funlockfile?)",
		      (long long)gp->goid, (unsigned)gp->preemptoff);
	struct golibc *st = gp->libc;
	if (!st)
		return;
	struct _reent *r = &st->reent;
	/* What newlib allocated for it: dtoa's Bigints, ecvt's buffer; its stdio has no FILE of its own. */
	_reclaim_reent(r);
	/* signal()'s table, which _reclaim_reent keeps lest a signal arrive meanwhile: none can here. */
	if (r->_sig_func)
		_free_r(r, r->_sig_func);
	gp->libc = NULL;
	rtfree(st);
}
