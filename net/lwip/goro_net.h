/*
 * goro_net.h - bringing the network up for an appliance (net/lwip/net.c).
 *
 * An appliance that uses the BSD socket API (sys/socket.h and friends,
 * net/include) gets the network at boot without asking: the socket
 * layer calls goro_net_start before main. One that speaks lwIP's own
 * APIs calls it itself instead of tcpip_init.
 */
#ifndef GORO_NET_H
#define GORO_NET_H

#include <stdint.h>

/*
 * goro_net_start brings lwIP up once: its tcpip goroutine, the loopback
 * interface (lo, 127.0.0.1), and an interface on the machine's first
 * network card (goro_nic_get(0)), configured from the runtime options:
 *   net=0                       no card interface: only loopback
 *   ip=A.B.C.D/N [gw=A.B.C.D]   a static address
 *   neither                     DHCP (QEMU's user network serves it)
 * Safe from any goroutine and any number of times: the first call does
 * the work, the others wait for it. It does not wait for DHCP. Returns
 * 0; a malformed ip= or gw= is a fatal error naming the option.
 */
int goro_net_start(void);

#endif
