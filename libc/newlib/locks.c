/*
 * locks.c - newlib's locks: the static ones (malloc, environ, time zone,
 * atexit, stdio's __sfp and __sinit, ...) and one per FILE, all held by
 * goroutines.
 *
 * newlib is built with retargetable locking (tools/build-newlib): each
 * lock it takes is a call here on a struct __lock (locks.h). The holder
 * is the goroutine (getg()), not the CPU: a goroutine holding a lock may
 * be switched out (flockfile, then a channel operation; a funopen writer
 * that parks; later, preemption), and another goroutine on the same CPU
 * must then wait for it rather than enter as though it held it. A
 * goroutine waits parked, in FIFO order (goro's mutex): it costs no CPU,
 * the holder runs, and one blocked for good shows in the deadlock report
 * ("sync.Mutex.Lock", with the newlib function in its frames). Off a
 * goroutine nothing can park: before the scheduler runs (libc_init, the
 * constructors; one CPU, no goroutine) and on a scheduler stack (g0) a
 * waiter spins. The scheduler itself never calls newlib, so the spin is
 * only ever a formality at boot.
 *
 * A recursive lock counts its holder's depth. Taking a non-recursive
 * lock again, releasing a lock held by another, or using a lock that was
 * closed or never made is a fatal error naming the lock and the holders;
 * so is a goroutine that ends holding a lock (each counts the locks it
 * holds, goreent.h), which would stay taken, and its G be reused.
 * Closing a FILE's lock frees it; the three standard streams' locks are
 * kept: exit closes those streams while other goroutines may still write
 * to them (their writes then fail, EBADF, instead of using a freed lock).
 */
#include <reent.h>
#include <stdio.h>
#include "goreent.h"
#include "goro.h"
#include "locks.h"
#include "machine.h"
#include "rtalloc.h"
#include "runtime.h"

/* The holder before the scheduler runs: one CPU, no goroutine, getg() NULL. */
static const char boot_owner;

static void *self(void)
{
	G *gp = getg();
	return gp ? (void *)gp : (void *)&boot_owner;
}

/* who names a holder for a fatal message: "goroutine N", a CPU's scheduler, the boot. */
static const char *who(void *owner, char *buf, size_t n)
{
	G *gp = owner;
	if (!owner)
		return "nobody";
	if (owner == &boot_owner)
		return "the boot (before the scheduler)";
	if (gp->m && gp == gp->m->g0)
		ksnprintf(buf, n, "the scheduler of cpu %d", gp->m->id);
	else
		ksnprintf(buf, n, "goroutine %lld", (long long)gp->goid);
	return buf;
}

/* check stops with a fatal error unless l is a lock made and not closed. */
static void check(struct __lock *l, const char *op)
{
	if (!l)
		fatal("newlib lock: %s of a NULL lock (a FILE whose lock was never made?)", op);
	if (l->magic == LockClosed)
		fatal("newlib lock %p: %s after it was closed (a FILE used after fclose?)", (void *)l, op);
	if (l->magic != LockMagic)
		fatal("newlib lock %p: %s of something that is not a lock (magic 0x%x)", (void *)l, op,
		      (unsigned)l->magic);
}

/*
 * held counts a lock the caller took or let go, when it is a goroutine,
 * in its G (preemptoff: not preempted between instructions while it
 * holds one; libc_goexit's check), not in its struct golibc, which a
 * goroutine that takes a lock (exit's) need not otherwise have.
 */
static void held(int delta)
{
	G *gp = getg();
	if (gp && gp != gp->m->g0)
		gp->preemptoff += delta;
}

static void acquire(struct __lock *l, bool recursive)
{
	check(l, "acquire");
	void *me = self();
	if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) == me) {
		char b[48];
		if (!recursive)
			fatal("newlib lock %p: %s takes the non-recursive lock it holds (deadlock)",
			      (void *)l, who(me, b, sizeof b));
		l->depth++;
		return;
	}
	G *gp = getg();
	if (gp && gp != gp->m->g0) {
		mutex_lock(&l->m);      /* parked while another goroutine holds it */
	} else {
		while (!mutex_trylock(&l->m))
			;               /* the boot or a scheduler stack: nothing to park */
	}
	__atomic_store_n(&l->owner, me, __ATOMIC_RELAXED);
	l->depth = 1;
	held(1);
}

/* try_acquire: acquire if that needs no waiting; 1 if taken (newlib's convention), else 0. */
static int try_acquire(struct __lock *l, bool recursive)
{
	check(l, "try_acquire");
	void *me = self();
	if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) == me) {
		if (!recursive)
			return 0;
		l->depth++;
		return 1;
	}
	if (!mutex_trylock(&l->m))
		return 0;
	__atomic_store_n(&l->owner, me, __ATOMIC_RELAXED);
	l->depth = 1;
	held(1);
	return 1;
}

static void release(struct __lock *l)
{
	check(l, "release");
	void *me = self();
	void *owner = __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
	if (owner != me) {
		char b1[48], b2[48];
		fatal("newlib lock %p: released by %s, held by %s", (void *)l, who(me, b1, sizeof b1),
		      who(owner, b2, sizeof b2));
	}
	if (--l->depth == 0) {
		held(-1);
		__atomic_store_n(&l->owner, NULL, __ATOMIC_RELAXED);
		mutex_unlock(&l->m);    /* hands it to the first waiter, if any */
	}
}

static struct __lock *make(void)
{
	struct __lock *l = rtalloc(sizeof *l);
	l->magic = LockMagic;
	l->dynamic = true;
	return l;
}

/* close frees a FILE's lock, which nobody may hold or wait for; the standard streams' stay. */
static void close_lock(struct __lock *l)
{
	check(l, "close");
	if (l == __sf[0]._lock || l == __sf[1]._lock || l == __sf[2]._lock)
		return;
	if (!l->dynamic)
		fatal("newlib lock %p: close of a static lock", (void *)l);
	void *owner = __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
	if (owner || __atomic_load_n(&l->m.locked, __ATOMIC_RELAXED)) {
		char b[48];
		fatal("newlib lock %p: closed while %s holds it or goroutines wait for it (fclose of a FILE in use?)",
		      (void *)l, owner ? who(owner, b, sizeof b) : "another goroutine");
	}
	l->magic = LockClosed;
	rtfree(l);
}

/* --- newlib's interface (sys/lock.h) ------------------------------------------ */

struct __lock __lock___sinit_recursive_mutex = NEWLIB_LOCK_INIT;
struct __lock __lock___sfp_recursive_mutex = NEWLIB_LOCK_INIT;
struct __lock __lock___atexit_recursive_mutex = NEWLIB_LOCK_INIT;
struct __lock __lock___at_quick_exit_mutex = NEWLIB_LOCK_INIT;
struct __lock __lock___malloc_recursive_mutex = NEWLIB_LOCK_INIT;
struct __lock __lock___env_recursive_mutex = NEWLIB_LOCK_INIT;
struct __lock __lock___tz_mutex = NEWLIB_LOCK_INIT;
struct __lock __lock___dd_hash_mutex = NEWLIB_LOCK_INIT;
struct __lock __lock___arc4random_mutex = NEWLIB_LOCK_INIT;

void __retarget_lock_init(_LOCK_T *lock)
{
	*lock = make();
}

void __retarget_lock_init_recursive(_LOCK_T *lock)
{
	*lock = make();
}

void __retarget_lock_close(_LOCK_T lock)
{
	close_lock(lock);
}

void __retarget_lock_close_recursive(_LOCK_T lock)
{
	close_lock(lock);
}

void __retarget_lock_acquire(_LOCK_T lock)
{
	acquire(lock, false);
}

void __retarget_lock_acquire_recursive(_LOCK_T lock)
{
	acquire(lock, true);
}

int __retarget_lock_try_acquire(_LOCK_T lock)
{
	return try_acquire(lock, false);
}

int __retarget_lock_try_acquire_recursive(_LOCK_T lock)
{
	return try_acquire(lock, true);
}

void __retarget_lock_release(_LOCK_T lock)
{
	release(lock);
}

void __retarget_lock_release_recursive(_LOCK_T lock)
{
	release(lock);
}
