/*
 * netstats.c - goro_net_stats: the network's figures for a status page,
 * from lwIP's statistics (lwip_stats: pools, heap, link, TCP) and the
 * interface's counters (net.c); and memstats=1's line for the network
 * (net_memreport, registered by goro_net_start through goro.h, so the
 * runtime never names the network).
 *
 * lwIP's pools are named here from its own list (memp_std.h, read with
 * LWIP_MEMPOOL defined to give each name), in the order of its memp_t,
 * so the names cannot drift from the pools. The pool figures are read
 * under SYS_ARCH_PROTECT, which is what lwIP updates them under; the
 * rest are plain counters the core updates, read as they are.
 */
#include <stdio.h>
#include <string.h>
#include "goro_net.h"
#include "net_priv.h"
#include "lwip/memp.h"
#include "lwip/stats.h"
#include "lwip/sys.h"

static const char *const pool_names[] = {
#define LWIP_MEMPOOL(name, num, size, desc) #name,
#include "lwip/priv/memp_std.h"
};

_Static_assert(sizeof pool_names / sizeof pool_names[0] == MEMP_MAX, "a name for every lwIP pool");
_Static_assert(MEMP_MAX <= GORO_NET_MAXPOOLS, "goro_net_stats has room for every lwIP pool");

void goro_net_stats(struct goro_net_stats *st)
{
	memset(st, 0, sizeof *st);
	st->how = "";
	net_snapshot(st);
	SYS_ARCH_DECL_PROTECT(lev);
	SYS_ARCH_PROTECT(lev);
	for (int i = 0; i < MEMP_MAX; i++) {
		const struct stats_mem *m = lwip_stats.memp[i];
		struct goro_net_pool *p = &st->pools[i];
		p->name = pool_names[i];
		if (!m)                 /* before lwIP's memp_init */
			continue;
		p->size = m->avail;
		p->used = m->used;
		p->max = m->max;
		p->err = m->err;
	}
	st->npools = MEMP_MAX;
	st->heap_used = lwip_stats.mem.used;
	st->heap_max = lwip_stats.mem.max;
	st->heap_err = lwip_stats.mem.err;
	SYS_ARCH_UNPROTECT(lev);
	st->link_drop = lwip_stats.link.drop;
	st->link_memerr = lwip_stats.link.memerr;
	st->tcp_xmit = lwip_stats.tcp.xmit;
	st->tcp_recv = lwip_stats.tcp.recv;
	st->tcp_drop = lwip_stats.tcp.drop;
	st->tcp_memerr = lwip_stats.tcp.memerr;
}

/*
 * net_memreport: memstats=1's line at exit: lwIP's heap in use and the
 * elements in use of every pool that has any, "net heap inuse N B;
 * pools inuse N: TCP_PCB 1 NETCONN 1 ...".
 */
void net_memreport(char *buf, size_t n)
{
	static struct goro_net_stats st;        /* exit runs once; a kilobyte is not for the stack */
	goro_net_stats(&st);
	uint32_t total = 0;
	for (int i = 0; i < st.npools; i++)
		total += st.pools[i].used;
	size_t len = (size_t)snprintf(buf, n, "net heap inuse %llu B; pools inuse %u:",
				      (unsigned long long)st.heap_used, (unsigned)total);
	for (int i = 0; i < st.npools && len < n; i++)
		if (st.pools[i].used)
			len += (size_t)snprintf(buf + len, n - len, " %s %u", st.pools[i].name,
						(unsigned)st.pools[i].used);
}
