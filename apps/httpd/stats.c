/*
 * stats.c - the /stats page: the appliance's figures, one "name value"
 * per line, for people and scripts alike (a leak check compares two).
 *
 * goroutines, stacks and page frames from goro.h, the C heap from
 * mallinfo, per-CPU counters, the server's own counters, and the
 * network stack's pools and card.
 */
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "goro.h"
#include "goro_net.h"
#include "httpd.h"

struct out {
	char *buf;
	size_t n, len;
};

static void line(struct out *o, const char *fmt, ...)
{
	if (o->len >= o->n)
		return;
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(o->buf + o->len, o->n - o->len, fmt, ap);
	va_end(ap);
	if (w > 0)
		o->len += (size_t)w < o->n - o->len ? (size_t)w : o->n - o->len - 1;
}

size_t stats_text(char *buf, size_t n)
{
	struct out o = { buf, n, 0 };
	struct goro_memstats ms;
	goro_memstats(&ms);
	line(&o, "goroutines %d\n", ms.goroutines);
	line(&o, "goroutines_free %d\n", ms.gs_free);

	struct goro_stackstats ss;
	goro_stackstats(&ss);
	line(&o, "stack_inuse %zu\n", ss.inuse);
	line(&o, "stack_mapped %zu\n", ss.mapped);
	line(&o, "stack_grows %llu\n", (unsigned long long)ss.grows);
	line(&o, "stack_shrinks %llu\n", (unsigned long long)ss.shrinks);
	line(&o, "stack_bytes_copied %llu\n", (unsigned long long)ss.bytes_copied);

	line(&o, "mem_pagesize %zu\n", ms.pagesize);
	line(&o, "mem_frames %zu\n", ms.frames);
	line(&o, "mem_frames_free %zu\n", ms.frames_free);
	line(&o, "mem_runtime %zu\n", ms.runtime_bytes);
	line(&o, "mem_runtime_inuse %zu\n", ms.runtime_inuse);
	line(&o, "mem_tables %zu\n", ms.table_frames);
	struct mallinfo mi = mallinfo();
	line(&o, "heap_arena %zu\n", (size_t)mi.arena);
	line(&o, "heap_inuse %zu\n", (size_t)mi.uordblks);

	line(&o, "cpus %d\n", goro_ncpu());
	for (int i = 0; i < goro_ncpu(); i++) {
		line(&o, "cpu%d_runs %llu\n", i, (unsigned long long)goro_cpuruns(i));
		line(&o, "cpu%d_preempts %llu\n", i,
		     (unsigned long long)(goro_cpupreempts(i, 0) + goro_cpupreempts(i, 1)));
	}

	line(&o, "httpd_open %ld\n", __atomic_load_n(&counts.open, __ATOMIC_RELAXED));
	line(&o, "httpd_accepted %lu\n", __atomic_load_n(&counts.accepted, __ATOMIC_RELAXED));
	line(&o, "httpd_requests %lu\n", __atomic_load_n(&counts.requests, __ATOMIC_RELAXED));
	line(&o, "httpd_errors %lu\n", __atomic_load_n(&counts.bad, __ATOMIC_RELAXED));

	struct goro_net_stats *ns = malloc(sizeof *ns);  /* a kilobyte: not on the stack */
	if (!ns)
		return o.len;
	goro_net_stats(ns);
	line(&o, "net_link %d\n", ns->link);
	line(&o, "net_rx_frames %llu\n", (unsigned long long)ns->rx_frames);
	line(&o, "net_rx_drops %llu\n", (unsigned long long)ns->rx_drops);
	line(&o, "net_tx_frames %llu\n", (unsigned long long)ns->tx_frames);
	line(&o, "net_tx_errors %llu\n", (unsigned long long)ns->tx_errors);
	line(&o, "lwip_heap_used %llu\n", (unsigned long long)ns->heap_used);
	line(&o, "lwip_heap_max %llu\n", (unsigned long long)ns->heap_max);
	line(&o, "lwip_tcp_drop %u\n", ns->tcp_drop);
	for (int i = 0; i < ns->npools; i++) {
		const struct goro_net_pool *p = &ns->pools[i];
		line(&o, "lwip_%s_used %u\n", p->name, p->used);
		line(&o, "lwip_%s_max %u\n", p->name, p->max);
		line(&o, "lwip_%s_size %u\n", p->name, p->size);
		line(&o, "lwip_%s_err %u\n", p->name, p->err);
	}
	free(ns);
	return o.len;
}
