/*
 * arpa/inet.h - IPv4 addresses to and from text (net/socket/inet.c).
 * inet_pton takes only the dotted form of four decimal numbers, as
 * POSIX says; inet_aton and inet_addr take the older forms too
 * ("127.1", "0x7f.0.0.1"). inet_ntoa's buffer is one for every
 * goroutine: inet_ntop is the one to use. AF_INET6 fails with
 * EAFNOSUPPORT (lwIP is built without IPv6).
 */
#ifndef GORO_ARPA_INET_H
#define GORO_ARPA_INET_H

#include <netinet/in.h>

in_addr_t   inet_addr(const char *cp);
int         inet_aton(const char *cp, struct in_addr *addr);
char       *inet_ntoa(struct in_addr addr);
int         inet_pton(int af, const char *src, void *dst);
const char *inet_ntop(int af, const void *src, char *dst, socklen_t size);

#endif
