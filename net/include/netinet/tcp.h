/* netinet/tcp.h - TCP's socket options (TCP_NODELAY, TCP_KEEPIDLE, ...): lwIP's. */
#ifndef GORO_NETINET_TCP_H
#define GORO_NETINET_TCP_H

#include <netinet/in.h>

#endif
