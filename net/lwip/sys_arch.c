/*
 * sys_arch.c - lwIP's operating-system layer on goroutines (NO_SYS=0;
 * lwIP's contract: src/include/lwip/sys.h). Only goro.h's API is used:
 *
 *   sys_thread_new     go(fn, arg): lwIP's threads (the tcpip thread)
 *                      are goroutines on ordinary, growable stacks
 *   sys_sem_*          a channel of zero-size elements, room for any count
 *   sys_mbox_*         a channel of void * of the size lwIP asks for
 *   sys_arch_*_wait/fetch with a timeout: chan_select_timeout
 *   sys_mutex_*        a goro mutex, with its holder's goroutine id
 *   sys_arch_protect   a recursive lock over a goro mutex
 *   sys_now            nanotime in milliseconds
 *   sys_init           keys TCP's initial sequence numbers (isn.c)
 *
 * Waiting parks only the calling goroutine. Nothing here allocates but
 * the channels themselves (the runtime's allocator, not lwIP's heap).
 */
#include <string.h>
#include "lwip/opt.h"
#include "lwip/sys.h"
#include "lwip/tcpip.h"
#include "lwip_hooks.h"

enum { NS_PER_MS = 1000000 };

/* --- semaphores ---------------------------------------------------------------------------- */

err_t sys_sem_new(sys_sem_t *sem, u8_t count)
{
	/* Zero-size elements take any capacity: a signal never blocks, whatever the count. */
	sem->c = chan_make(0, SIZE_MAX);
	for (u8_t i = 0; i < count; i++)
		chan_send(sem->c, NULL);
	SYS_STATS_INC_USED(sem);
	return ERR_OK;
}

void sys_sem_signal(sys_sem_t *sem)
{
	chan_send(sem->c, NULL);
}

/* elapsed_ms: the time waited since t0, as lwIP wants it: never SYS_ARCH_TIMEOUT. */
static u32_t elapsed_ms(int64_t t0)
{
	int64_t ms = (nanotime() - t0) / NS_PER_MS;
	return ms >= (int64_t)SYS_ARCH_TIMEOUT ? SYS_ARCH_TIMEOUT - 1 : (u32_t)ms;
}

u32_t sys_arch_sem_wait(sys_sem_t *sem, u32_t timeout)
{
	int64_t t0 = nanotime();
	if (timeout == 0) {
		chan_recv(sem->c, NULL);
	} else {
		struct chan_case cs = { sem->c, CHAN_RECV, NULL, false };
		if (chan_select_timeout(&cs, 1, (int64_t)timeout * NS_PER_MS) < 0)
			return SYS_ARCH_TIMEOUT;
	}
	return elapsed_ms(t0);
}

void sys_sem_free(sys_sem_t *sem)
{
	SYS_STATS_DEC(sem.used);
	chan_free(sem->c);
	sem->c = NULL;
}

/* --- mailboxes ------------------------------------------------------------------------------- */

err_t sys_mbox_new(sys_mbox_t *mbox, int size)
{
	/* lwIP's sizes are > 0 (lwipopts.h): an unbuffered channel would refuse every trypost. */
	mbox->c = chan_make(sizeof(void *), size > 0 ? (size_t)size : 1);
	SYS_STATS_INC_USED(mbox);
	return ERR_OK;
}

void sys_mbox_post(sys_mbox_t *mbox, void *msg)
{
	chan_send(mbox->c, &msg);
}

err_t sys_mbox_trypost(sys_mbox_t *mbox, void *msg)
{
	struct chan_case cs = { mbox->c, CHAN_SEND, &msg, false };
	if (chan_select(&cs, 1, false) < 0) {
		SYS_STATS_INC(mbox.err);
		return ERR_MEM;
	}
	return ERR_OK;
}

/* No interrupt handler posts to a mailbox: drivers post from their goroutines. */
err_t sys_mbox_trypost_fromisr(sys_mbox_t *mbox, void *msg)
{
	return sys_mbox_trypost(mbox, msg);
}

u32_t sys_arch_mbox_fetch(sys_mbox_t *mbox, void **msg, u32_t timeout)
{
	void *m = NULL;
	int64_t t0 = nanotime();
	if (timeout == 0) {
		chan_recv(mbox->c, &m);
	} else {
		struct chan_case cs = { mbox->c, CHAN_RECV, &m, false };
		if (chan_select_timeout(&cs, 1, (int64_t)timeout * NS_PER_MS) < 0)
			return SYS_ARCH_TIMEOUT;
	}
	if (msg)
		*msg = m;
	return elapsed_ms(t0);
}

u32_t sys_arch_mbox_tryfetch(sys_mbox_t *mbox, void **msg)
{
	void *m = NULL;
	struct chan_case cs = { mbox->c, CHAN_RECV, &m, false };
	if (chan_select(&cs, 1, false) < 0)
		return SYS_MBOX_EMPTY;
	if (msg)
		*msg = m;
	return 0;
}

void sys_mbox_free(sys_mbox_t *mbox)
{
	SYS_STATS_DEC(mbox.used);
	chan_free(mbox->c);
	mbox->c = NULL;
}

/* --- mutexes ------------------------------------------------------------------------------- */

err_t sys_mutex_new(sys_mutex_t *m)
{
	memset(m, 0, sizeof *m);
	m->valid = 1;
	SYS_STATS_INC_USED(mutex);
	return ERR_OK;
}

void sys_mutex_lock(sys_mutex_t *m)
{
	mutex_lock(&m->mu);
	__atomic_store_n(&m->owner, goid(), __ATOMIC_RELAXED);
}

void sys_mutex_unlock(sys_mutex_t *m)
{
	__atomic_store_n(&m->owner, 0, __ATOMIC_RELAXED);
	mutex_unlock(&m->mu);
}

void sys_mutex_free(sys_mutex_t *m)
{
	SYS_STATS_DEC(mutex.used);
	m->valid = 0;
}

/* --- the core-locking assertion -------------------------------------------------------------- */

static int64_t tcpip_goid __attribute__((aligned(8)));

void sys_mark_tcpip_thread(void)
{
	__atomic_store_n(&tcpip_goid, goid(), __ATOMIC_RELAXED);
}

/*
 * Before the tcpip goroutine runs, tcpip_init's lwip_init sets up the
 * stack on the caller's goroutine with nothing else running: no check.
 * Afterwards the caller must hold the core lock; only its holder ever
 * stores its own id in the owner, so a plain read tells.
 */
void sys_check_core_locking(const char *fn)
{
	if (__atomic_load_n(&tcpip_goid, __ATOMIC_RELAXED) == 0)
		return;
	int64_t owner = __atomic_load_n(&lock_tcpip_core.owner, __ATOMIC_RELAXED);
	if (owner != goid())
		panic("lwIP: %s called on goroutine %lld without the core lock (held by %lld): "
		      "use the socket or netconn API, tcpip_callback, or LOCK_TCPIP_CORE",
		      fn, (long long)goid(), (long long)owner);
}

/* --- protection (SYS_ARCH_PROTECT) ------------------------------------------------------------ */

/*
 * lwIP's short critical sections (pool allocation, reference counts,
 * socket events), which may nest. A goroutine may be preempted inside
 * one: the others that want it park on the mutex meanwhile.
 */
static mutex protect_mu;
static int64_t protect_owner __attribute__((aligned(8)));
static int protect_depth;

sys_prot_t sys_arch_protect(void)
{
	int64_t me = goid();
	if (__atomic_load_n(&protect_owner, __ATOMIC_RELAXED) != me) {
		mutex_lock(&protect_mu);
		__atomic_store_n(&protect_owner, me, __ATOMIC_RELAXED);
	}
	return protect_depth++;
}

void sys_arch_unprotect(sys_prot_t pval)
{
	protect_depth = pval;
	if (pval == 0) {
		__atomic_store_n(&protect_owner, 0, __ATOMIC_RELAXED);
		mutex_unlock(&protect_mu);
	}
}

/* --- threads and time -------------------------------------------------------------------------- */

static int nthreads;

/* A goroutine: its stack starts small and grows as any goroutine's; stacksize and prio mean nothing. */
sys_thread_t sys_thread_new(const char *name, lwip_thread_fn thread, void *arg, int stacksize, int prio)
{
	LWIP_UNUSED_ARG(name);
	LWIP_UNUSED_ARG(stacksize);
	LWIP_UNUSED_ARG(prio);
	go(thread, arg);
	return __atomic_add_fetch(&nthreads, 1, __ATOMIC_RELAXED);
}

u32_t sys_now(void)
{
	return (u32_t)(nanotime() / NS_PER_MS);
}

/* lwip_init's first step, on tcpip_init's caller: the key of TCP's initial sequence numbers. */
void sys_init(void)
{
	goro_tcp_isn_init();
}
