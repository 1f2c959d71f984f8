/*
 * console.c - the console's receive side as a driver: goro_console_read.
 *
 * The machine gives the two halves (include/machine.h): console_getc, a
 * received byte or -1 without waiting, and console_irq, the line the
 * console raises while it holds bytes. A reader takes every byte there
 * is (up to what it asked for); with none, it waits for the line
 * (intr_wait) and looks again. It waits only when the device is empty,
 * which is when its line is low: a byte that comes between that look and
 * the unmask raises the line again (or the controller holds the edge
 * while the line is masked), so the wait ends at once.
 *
 * Readers queue on a mutex: one reads at a time, so no two ever wait for
 * the line (intr_wait allows one) and bytes are never split between two
 * readers mid-request. A console without a line the machine can wait for
 * (console_irq -1) is looked at every PollNS instead.
 */
#include "goro.h"
#include "machine.h"
#include "runtime.h"
#include "rttime.h"

enum { PollNS = 10 * 1000 * 1000 };

static mutex readers;

int goro_console_irq(void)
{
	return console_irq();
}

/* on_goroutine: is the caller a goroutine (one that may park)? */
static bool on_goroutine(void)
{
	G *gp = getg();
	return gp && gp != gp->m->g0;
}

int goro_console_read(void *buf, size_t n)
{
	unsigned char *p = buf;
	size_t got = 0;
	if (n == 0)
		return 0;
	if (n > 0x7fffffff)
		n = 0x7fffffff;         /* the count must fit the return value */
	if (!on_goroutine()) {
		/* Before the scheduler runs, nothing can wait: what is there, at most. */
		for (int c; got < n && (c = console_getc()) >= 0;)
			p[got++] = (unsigned char)c;
		return (int)got;
	}
	mutex_lock(&readers);
	int irq = console_irq();
	for (;;) {
		int c = -1;
		while (got < n && (c = console_getc()) >= 0)
			p[got++] = (unsigned char)c;
		if (got > 0 || c == CONSOLE_EOF)
			break;
		if (irq >= 0)
			intr_wait(irq);
		else
			gosleep(PollNS);
	}
	mutex_unlock(&readers);
	return (int)got;
}
