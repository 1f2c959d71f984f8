/*
 * addrinfo.c - getaddrinfo, freeaddrinfo, gai_strerror and getnameinfo
 * for numeric hosts and services only: lwIP is built without DNS, and
 * there is no hosts file or services database.
 *
 * A host is an IPv4 address in inet_aton's forms, "localhost" (unless
 * AI_NUMERICHOST), or none (AI_PASSIVE: INADDR_ANY, else 127.0.0.1).
 * Any other name fails with EAI_NONAME, the error of a name that does
 * not resolve. A service is a decimal port 0..65535, or none (0); a
 * service name fails with EAI_SERVICE (EAI_NONAME under AI_NUMERICSERV).
 * Without a socket type in the hints there are two answers, TCP's and
 * UDP's, as other C libraries give. Each answer is one allocation
 * holding its addrinfo, its address and its canonical name.
 */
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netdb.h>

struct answer {
	struct addrinfo ai;
	struct sockaddr_in sin;
	char name[];            /* ai_canonname, if asked for */
};

/* host4: the address node names, in network order; 0 or EAI_NONAME. */
static int host4(const char *node, int flags, struct in_addr *addr)
{
	if (!node) {
		addr->s_addr = htonl((flags & AI_PASSIVE) ? INADDR_ANY : INADDR_LOOPBACK);
		return 0;
	}
	if (inet_aton(node, addr))
		return 0;
	if (!(flags & AI_NUMERICHOST) && strcmp(node, "localhost") == 0) {
		addr->s_addr = htonl(INADDR_LOOPBACK);
		return 0;
	}
	return EAI_NONAME;
}

/* port: the port service names, in host order; 0, EAI_SERVICE or EAI_NONAME. */
static int port(const char *service, int flags, unsigned *p)
{
	*p = 0;
	if (!service)
		return 0;
	unsigned v = 0;
	const char *s = service;
	do {
		if (*s < '0' || *s > '9' || (v = v * 10 + (unsigned)(*s - '0')) > 65535)
			return (flags & AI_NUMERICSERV) ? EAI_NONAME : EAI_SERVICE;
	} while (*++s);
	*p = v;
	return 0;
}

static struct addrinfo *answer(struct in_addr addr, unsigned p, int socktype, int protocol,
			       const char *canon)
{
	size_t namelen = canon ? strlen(canon) + 1 : 0;
	struct answer *a = calloc(1, sizeof *a + namelen);
	if (!a)
		return NULL;
	a->sin.sin_len = sizeof a->sin;
	a->sin.sin_family = AF_INET;
	a->sin.sin_port = htons((uint16_t)p);
	a->sin.sin_addr = addr;
	a->ai.ai_family = AF_INET;
	a->ai.ai_socktype = socktype;
	a->ai.ai_protocol = protocol;
	a->ai.ai_addrlen = sizeof a->sin;
	a->ai.ai_addr = (struct sockaddr *)&a->sin;
	if (canon) {
		memcpy(a->name, canon, namelen);
		a->ai.ai_canonname = a->name;
	}
	return &a->ai;
}

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
		struct addrinfo **res)
{
	int flags = 0, family = AF_UNSPEC, socktype = 0, protocol = 0, err;
	if (hints) {
		flags = hints->ai_flags;
		family = hints->ai_family;
		socktype = hints->ai_socktype;
		protocol = hints->ai_protocol;
	}
	if (flags & ~(AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST | AI_NUMERICSERV | AI_V4MAPPED |
		      AI_ALL | AI_ADDRCONFIG))
		return EAI_BADFLAGS;
	if (!node && !service)
		return EAI_NONAME;
	if (family != AF_UNSPEC && family != AF_INET)
		return EAI_FAMILY;
	if (socktype != 0 && socktype != SOCK_STREAM && socktype != SOCK_DGRAM)
		return EAI_SOCKTYPE;
	if ((protocol == IPPROTO_TCP && socktype == SOCK_DGRAM) ||
	    (protocol == IPPROTO_UDP && socktype == SOCK_STREAM) ||
	    (protocol != 0 && protocol != IPPROTO_TCP && protocol != IPPROTO_UDP))
		return EAI_SERVICE;
	struct in_addr addr;
	unsigned p;
	if ((err = host4(node, flags, &addr)) != 0 || (err = port(service, flags, &p)) != 0)
		return err;

	const char *canon = (flags & AI_CANONNAME) && node ? node : NULL;
	struct addrinfo *first = NULL, **tail = &first;
	if (socktype != SOCK_DGRAM && protocol != IPPROTO_UDP) {
		if (!(*tail = answer(addr, p, SOCK_STREAM, IPPROTO_TCP, canon)))
			goto nomem;
		tail = &(*tail)->ai_next;
		canon = NULL;
	}
	if (socktype != SOCK_STREAM && protocol != IPPROTO_TCP) {
		if (!(*tail = answer(addr, p, SOCK_DGRAM, IPPROTO_UDP, canon)))
			goto nomem;
	}
	*res = first;
	return 0;
nomem:
	freeaddrinfo(first);
	return EAI_MEMORY;
}

void freeaddrinfo(struct addrinfo *ai)
{
	while (ai) {
		struct addrinfo *next = ai->ai_next;
		free(ai);       /* the answer's first member: the whole allocation */
		ai = next;
	}
}

const char *gai_strerror(int err)
{
	switch (err) {
	case 0:            return "Success";
	case EAI_NONAME:   return "Name or service not known (numeric hosts only: no DNS)";
	case EAI_SERVICE:  return "Service not supported (numeric ports only)";
	case EAI_FAIL:     return "Non-recoverable failure in name resolution";
	case EAI_MEMORY:   return "Memory allocation failure";
	case EAI_FAMILY:   return "Address family not supported (IPv4 only)";
	case EAI_BADFLAGS: return "Bad value for ai_flags";
	case EAI_SOCKTYPE: return "Socket type not supported";
	case EAI_AGAIN:    return "Temporary failure in name resolution";
	case EAI_OVERFLOW: return "Argument buffer overflow";
	case EAI_SYSTEM:   return "System error";
	default:           return "Unknown error";
	}
}

/* getnameinfo: always the numbers; a name is asked for only by NI_NAMEREQD, and fails. */
int getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host, socklen_t hostlen,
		char *serv, socklen_t servlen, int flags)
{
	if (!sa || salen < sizeof(struct sockaddr_in) || sa->sa_family != AF_INET)
		return EAI_FAMILY;
	if (flags & NI_NAMEREQD)
		return EAI_NONAME;
	const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
	if (host && hostlen && !inet_ntop(AF_INET, &sin->sin_addr, host, hostlen))
		return EAI_OVERFLOW;
	if (serv && servlen) {
		char buf[8];
		unsigned p = ntohs(sin->sin_port), n = 0;
		do
			buf[n++] = (char)('0' + p % 10);
		while ((p /= 10) != 0);
		if (servlen < n + 1)
			return EAI_OVERFLOW;
		for (unsigned i = 0; i < n; i++)
			serv[i] = buf[n - 1 - i];
		serv[n] = '\0';
	}
	return 0;
}
