/*
 * netdb.h - getaddrinfo and getnameinfo for numeric hosts and services
 * (net/socket/addrinfo.c; docs/net.md). lwIP is built without DNS, so
 * there is no resolver: a host is a numeric IPv4 address (inet_aton's
 * forms) or "localhost"; any other name fails with EAI_NONAME. A
 * service is a decimal port; a name fails with EAI_SERVICE (there is
 * no services database). getnameinfo answers numerically and fails
 * with EAI_NONAME only when NI_NAMEREQD asks for a name.
 */
#ifndef GORO_NETDB_H
#define GORO_NETDB_H

#include <sys/socket.h>
#include "lwip/opt.h"

#if LWIP_DNS
#error "netdb.h: lwIP's DNS is on: its lwip/netdb.h defines struct addrinfo and EAI_*; take them from there"
#endif

struct addrinfo {
	int              ai_flags;
	int              ai_family;
	int              ai_socktype;
	int              ai_protocol;
	socklen_t        ai_addrlen;
	struct sockaddr *ai_addr;
	char            *ai_canonname;
	struct addrinfo *ai_next;
};

/* ai_flags; lwIP's values (lwip/netdb.h) */
#define AI_PASSIVE      0x01
#define AI_CANONNAME    0x02
#define AI_NUMERICHOST  0x04
#define AI_NUMERICSERV  0x08
#define AI_V4MAPPED     0x10
#define AI_ALL          0x20
#define AI_ADDRCONFIG   0x40

/* getaddrinfo's and getnameinfo's errors; the first five are lwIP's values */
#define EAI_NONAME      200     /* the host is a name (no DNS), or NI_NAMEREQD */
#define EAI_SERVICE     201     /* the service is not a decimal port, or not for the socket type */
#define EAI_FAIL        202
#define EAI_MEMORY      203
#define EAI_FAMILY      204     /* not AF_INET or AF_UNSPEC */
#define EAI_BADFLAGS    205
#define EAI_SOCKTYPE    206
#define EAI_AGAIN       207
#define EAI_OVERFLOW    208     /* getnameinfo: a buffer is too small */
#define EAI_SYSTEM      209

/* getnameinfo's flags */
#define NI_NUMERICHOST  0x01
#define NI_NUMERICSERV  0x02
#define NI_NOFQDN       0x04
#define NI_NAMEREQD     0x08
#define NI_DGRAM        0x10
#define NI_MAXHOST      1025
#define NI_MAXSERV      32

int     getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
		    struct addrinfo **res);
void    freeaddrinfo(struct addrinfo *ai);
const char *gai_strerror(int err);
int     getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host, socklen_t hostlen,
		    char *serv, socklen_t servlen, int flags);

#endif
