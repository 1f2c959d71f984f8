/*
 * memstats.c - memstats=1: the memory figures at exit, for a leak check
 * that compares a run's end with its start.
 *
 * The runtime's own figures (page frames, stacks, goroutine records)
 * are read here; the C heap's come from the C library's glue
 * (libc_heapstats, its mallinfo), which sits above the runtime and
 * registers this report with atexit as it does the stack statistics.
 * Libraries above goro.h (the network) add a line of their own through
 * goro_memreport, so the runtime never names them: a library that is
 * not linked has registered nothing.
 */
#include "goro.h"
#include "machine.h"
#include "runtime.h"

static void (*reports[GORO_MEMREPORTS])(char *buf, size_t n);
static uint32_t nreports;
static struct spinlock reportlock;

void goro_memreport(void (*fn)(char *buf, size_t n))
{
	spin_lock(&reportlock);
	if (nreports == GORO_MEMREPORTS) {
		spin_unlock(&reportlock);
		panic("goro_memreport: more than %d reports", GORO_MEMREPORTS);
	}
	reports[nreports++] = fn;
	spin_unlock(&reportlock);
}

void memstats_print(void)
{
	if (!options.printmemstats)
		return;
	struct goro_memstats ms;
	struct goro_stackstats ss;
	size_t heap, arena;
	goro_memstats(&ms);
	goro_stackstats(&ss);
	libc_heapstats(&heap, &arena);
	kprintf("memstats: frames inuse %lu free %lu tables %lu; stacks inuse %lu B mapped %lu B; "
		"gs live %d free %d; records inuse %lu B mapped %lu B; heap inuse %lu B arena %lu B\n",
		(unsigned long)(ms.frames - ms.frames_free), (unsigned long)ms.frames_free,
		(unsigned long)ms.table_frames, (unsigned long)ss.inuse, (unsigned long)ss.mapped,
		ms.goroutines, ms.gs_free, (unsigned long)ms.runtime_inuse,
		(unsigned long)ms.runtime_bytes, (unsigned long)heap, (unsigned long)arena);
	spin_lock(&reportlock);
	uint32_t n = nreports;
	spin_unlock(&reportlock);
	for (uint32_t i = 0; i < n; i++) {
		static char buf[512];   /* exit runs once: no goroutine stack holds it */
		buf[0] = 0;
		reports[i](buf, sizeof buf);
		buf[sizeof buf - 1] = 0;
		kprintf("memstats: %s\n", buf);
	}
}
