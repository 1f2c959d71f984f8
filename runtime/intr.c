/*
 * intr.c - device interrupts that wake goroutines (include/machine.h,
 * "Device interrupts that wake goroutines").
 *
 * A driver goroutine waits for its line with intr_wait: it claims the
 * line (one waiter at a time), parks, and only once it is off its CPU
 * (gopark's unlock step, on the scheduler's stack) is the line armed and
 * unmasked. The platform's handler masks the line, acknowledges the
 * controller and calls intr_pending, which sets the line's bit and then
 * its word's bit in the summary: two atomic ORs, no lock, no allocation,
 * no scheduler call, so it may run anywhere an interrupt can (inside
 * machine_halt, or on an interrupt stack while the guard slot holds some
 * goroutine's guard: it has no prologue check and calls nothing
 * but trace=1's trace_rec, which has none either and takes no lock).
 *
 * The scheduler looks at the summary, one relaxed load, at every
 * schedule, at every turn of findrunnable (after each halt: a CPU that
 * halts for want of work wakes on the interrupt and looks next) and
 * once more before it halts. intr_poll, on the scheduler's stack, takes
 * the summary and the pending words with atomic exchanges and readies
 * the armed waiter of each pending line on its own P: CPU 0, where the
 * lines arrive, readies a goroutine that parked on any CPU.
 *
 * Why nothing is lost:
 *   - the line is unmasked only after its waiter is parked and armed,
 *     so the handler's bit can only name a goroutine that is waiting;
 *   - a CPU decides to halt with interrupts off, and machine_halt opens
 *     them for the wait only: an interrupt that comes while it decides
 *     ends the halt at once, and findrunnable's next turn sees the bit
 *     (hosted, the line's handler sends CPU 0 a wake-up that does);
 *   - intr_pending sets the line's bit before the summary's, and
 *     intr_poll clears the summary before it takes the words: a bit is
 *     either taken with its word or leaves the summary set for next time;
 *   - the line stays masked from the handler until its next intr_wait,
 *     and a device whose line is still raised then interrupts again
 *     (level-triggered, or latched by the controller while masked).
 *
 * A goroutine waiting for a line is not a deadlock (Go's netpoller
 * waits are not either): while one waits, a machine with nothing else
 * to do halts until the device speaks (intr_waiting, proc.c's check).
 * Tracebacks show it as "goroutine N [interrupt L]:".
 */
#include "machine.h"
#include "runtime.h"
#include "trace.h"

uint32_t intr_summary;                  /* bit w: pending[w] may have bits set */
static uint32_t pending[MAXIRQ / 32];   /* bit irq % 32 of word irq / 32: the line fired */
static G *waiters[MAXIRQ];              /* the goroutine that claimed each line */
static uint8_t armed[MAXIRQ];           /* its waiter is parked and the line unmasked */
static int nwaiting;                    /* goroutines in intr_wait, for the deadlock check */
static char reasons[MAXIRQ][16];        /* "interrupt N": each line's wait reason, one pointer per line */
static char errbuf[128];                /* a fatal error's message (one report runs) */

/*
 * put and putint append text and a number to a message, up to end.
 * intr_wait runs on the goroutine's stack, where nothing without the
 * prologue check (kprintf) may run: it formats its own.
 */
static char *put(char *p, char *end, const char *s)
{
	while (*s && p < end)
		*p++ = *s++;
	return p;
}

static char *putint(char *p, char *end, long long v)
{
	char d[24];
	int n = 0;
	unsigned long long u = v < 0 ? -(unsigned long long)v : (unsigned long long)v;
	do
		d[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0 && p < end)
		*p++ = '-';
	while (n > 0 && p < end)
		*p++ = d[--n];
	return p;
}

_Static_assert(MAXIRQ % 32 == 0 && MAXIRQ / 32 <= 32, "the summary has a bit per word of lines");

/*
 * intr_pending: the handler's up-call for line irq, which it has just
 * masked. No prologue check (an interrupt stack is not the goroutine's
 * whose guard the slot holds) and no calls but trace_rec (trace=1: no check, no lock).
 */
__attribute__((no_split_stack)) void intr_pending(int irq)
{
	if ((unsigned)irq >= MAXIRQ)
		return;         /* not a line: nobody can wait for it */
	__atomic_fetch_or(&pending[irq / 32], 1u << (irq % 32), __ATOMIC_SEQ_CST);
	__atomic_fetch_or(&intr_summary, 1u << (irq / 32), __ATOMIC_SEQ_CST);
	TRACE(TrIntr, 0, irq, 0);       /* trace_rec: no check, no lock, this CPU's ring */
}

int intr_waiting(void)
{
	return __atomic_load_n(&nwaiting, __ATOMIC_SEQ_CST);
}

/* arm runs on the scheduler's stack once gp is parked: from now on the line may wake it. */
static bool arm(G *gp, void *arg)
{
	(void)gp;
	int irq = (int)(intptr_t)arg;
	__atomic_store_n(&armed[irq], 1, __ATOMIC_SEQ_CST);
	intr_unmask(irq);
	return true;
}

void intr_wait(int irq)
{
	G *gp = getg();
	char *p = errbuf, *end = errbuf + sizeof errbuf - 1;
	if ((unsigned)irq >= MAXIRQ) {
		p = putint(put(p, end, "intr_wait: interrupt "), end, irq);
		p = putint(put(p, end, ": lines are 0-"), end, MAXIRQ - 1);
		*p = 0;
		throw(errbuf);
	}
	if (!gp || gp == gp->m->g0)
		throw("intr_wait: not on a goroutine");
	G *other = NULL;
	if (!__atomic_compare_exchange_n(&waiters[irq], &other, gp, false, __ATOMIC_SEQ_CST,
					 __ATOMIC_SEQ_CST)) {
		p = putint(put(p, end, "intr_wait: goroutine "), end, gp->goid);
		p = putint(put(p, end, " waits for interrupt "), end, irq);
		p = putint(put(p, end, ", which goroutine "), end, other->goid);
		*put(p, end, " already waits for") = 0;
		throw(errbuf);
	}
	if (!reasons[irq][0]) {         /* written once, by the line's only claimant */
		char *r = reasons[irq];
		*putint(put(r, r + sizeof reasons[irq] - 1, "interrupt "), r + sizeof reasons[irq] - 1, irq) = 0;
	}
	__atomic_add_fetch(&nwaiting, 1, __ATOMIC_SEQ_CST);
	gopark(arm, (void *)(intptr_t)irq, reasons[irq]);
}

void intr_poll(void)
{
	uint32_t words = __atomic_exchange_n(&intr_summary, 0, __ATOMIC_SEQ_CST);
	while (words) {
		int w = __builtin_ctz(words);
		words &= words - 1;
		uint32_t lines = __atomic_exchange_n(&pending[w], 0, __ATOMIC_SEQ_CST);
		while (lines) {
			int irq = w * 32 + __builtin_ctz(lines);
			lines &= lines - 1;
			/* A line nobody armed (a stray interrupt) is dropped: it stays masked until a wait. */
			if (!__atomic_exchange_n(&armed[irq], 0, __ATOMIC_SEQ_CST))
				continue;
			G *gp = waiters[irq];
			__atomic_store_n(&waiters[irq], NULL, __ATOMIC_SEQ_CST);
			__atomic_sub_fetch(&nwaiting, 1, __ATOMIC_SEQ_CST);
			goready(gp);
		}
	}
}

void goro_intr_wait(int irq)
{
	intr_wait(irq);
}
