/*
 * net_priv.h - what net.c shares with netstats.c: eth0's part of the
 * status page, which only net.c knows.
 */
#ifndef GORO_NET_PRIV_H
#define GORO_NET_PRIV_H

#include "goro_net.h"

/* net_snapshot fills st's interface fields (iface and on); nothing without a card interface. */
void net_snapshot(struct goro_net_stats *st);
/* net_memreport: memstats=1's line for the network (netstats.c), through goro_memreport. */
void net_memreport(char *buf, size_t n);

#endif
