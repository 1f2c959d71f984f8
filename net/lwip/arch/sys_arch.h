/*
 * arch/sys_arch.h - lwIP's operating-system layer on goroutines: the
 * types (lwIP's doc: src/include/lwip/sys.h). sys_arch.c has the
 * functions and docs/net.md the mapping:
 *
 *   semaphore  a channel of zero-size elements with room for any count:
 *              a signal is a send that never blocks, a wait a receive
 *   mailbox    a channel of void *, as large as lwIP asks
 *   mutex      a goro mutex and its owner's goroutine id (for the
 *              core-locking assertion)
 *   thread     a goroutine; sys_thread_t only counts them
 *   protect    a recursive lock over a goro mutex (SYS_ARCH_PROTECT)
 */
#ifndef GORO_LWIP_ARCH_SYS_ARCH_H
#define GORO_LWIP_ARCH_SYS_ARCH_H

#include <stdint.h>
#include "goro.h"

typedef struct sys_sem {
	chan *c;
} sys_sem_t;

typedef struct sys_mbox {
	chan *c;
} sys_mbox_t;

typedef struct sys_mutex {
	mutex mu;
	int64_t owner __attribute__((aligned(8)));     /* goid() of the holder, 0 if free: read atomically */
	int valid;
} sys_mutex_t;

typedef int sys_thread_t;
typedef int sys_prot_t;

#define sys_sem_valid(s)         ((s) != NULL && (s)->c != NULL)
#define sys_sem_set_invalid(s)   ((s)->c = NULL)
#define sys_mbox_valid(m)        ((m) != NULL && (m)->c != NULL)
#define sys_mbox_set_invalid(m)  ((m)->c = NULL)
#define sys_mutex_valid(m)       ((m) != NULL && (m)->valid)
#define sys_mutex_set_invalid(m) ((m)->valid = 0)

/* sys_msleep parks the goroutine (lwIP's own would make a semaphore to time out on). */
#define sys_msleep(ms) gosleep((int64_t)(ms) * 1000000)

#endif
