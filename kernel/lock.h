/*
 * lock.h - spin locks for the kernel's own data, and the recursive
 * lock newlib's malloc needs.
 *
 * Built on the compiler's atomic builtins, so they are real locks on
 * every CPU goro runs on; interrupts never take them (no interrupt
 * handler allocates), so they do not need to disable interrupts.
 */
#ifndef GORO_LOCK_H
#define GORO_LOCK_H

#include <stdint.h>

struct spinlock {
	uint32_t locked;
};

static inline void spin_lock(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			;
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

/*
 * The CPU running this code. goro runs goroutines on one CPU for now;
 * with more, this will read the CPU's number from its per-CPU block.
 */
static inline int cpu_id(void)
{
	return 0;
}

/*
 * A lock the same CPU may take again (newlib's malloc calls itself
 * through sbrk and realloc). Holders must not give up the CPU while
 * holding it, so the CPU identifies the owner.
 */
struct reclock {
	struct spinlock lock;
	int owner;              /* cpu_id() + 1 of the holder, 0 if free */
	int depth;
};

static inline void reclock_lock(struct reclock *r)
{
	int me = cpu_id() + 1;
	if (__atomic_load_n(&r->owner, __ATOMIC_RELAXED) == me) {
		r->depth++;
		return;
	}
	spin_lock(&r->lock);
	__atomic_store_n(&r->owner, me, __ATOMIC_RELAXED);
	r->depth = 1;
}

static inline void reclock_unlock(struct reclock *r)
{
	if (--r->depth == 0) {
		__atomic_store_n(&r->owner, 0, __ATOMIC_RELAXED);
		spin_unlock(&r->lock);
	}
}

#endif
