/*
 * inet.c - IPv4 addresses to and from text, and byte order, as the
 * functions arpa/inet.h and netinet/in.h declare (lwIP has them as
 * macros or under other names: ip4addr_aton, ip4addr_ntoa_r, lwip_htons).
 *
 * inet_pton is written here rather than taken from lwIP: lwIP's takes
 * inet_aton's older forms ("127.1", hex, octal), where POSIX's inet_pton
 * takes exactly four decimal numbers with dots between them. None of
 * these needs the network up.
 */
#include <errno.h>
#include <arpa/inet.h>
#include "lwip/ip4_addr.h"

in_addr_t inet_addr(const char *cp)
{
	return ipaddr_addr(cp);
}

int inet_aton(const char *cp, struct in_addr *addr)
{
	ip4_addr_t a;
	if (!ip4addr_aton(cp, &a))
		return 0;
	if (addr)
		addr->s_addr = ip4_addr_get_u32(&a);
	return 1;
}

/* inet_ntoa: one buffer for every caller (POSIX allows no more); inet_ntop is the safe one. */
char *inet_ntoa(struct in_addr addr)
{
	static char buf[INET_ADDRSTRLEN];
	ip4_addr_t a;
	ip4_addr_set_u32(&a, addr.s_addr);
	return ip4addr_ntoa_r(&a, buf, sizeof buf);
}

/* pton4: "d.d.d.d", each 0..255 in at most three decimal digits, into dst (network order). */
static int pton4(const char *s, unsigned char dst[4])
{
	unsigned char out[4];
	for (int i = 0; i < 4; i++) {
		if (i > 0 && *s++ != '.')
			return 0;
		int v = 0, digits = 0;
		for (; *s >= '0' && *s <= '9'; s++) {
			if (digits == 3 || (digits == 1 && v == 0))
				return 0;       /* four digits, or a leading zero */
			v = v * 10 + (*s - '0');
			digits++;
		}
		if (digits == 0 || v > 255)
			return 0;
		out[i] = (unsigned char)v;
	}
	if (*s != '\0')
		return 0;
	for (int i = 0; i < 4; i++)
		dst[i] = out[i];
	return 1;
}

int inet_pton(int af, const char *src, void *dst)
{
	if (af != AF_INET) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	return pton4(src, dst);
}

const char *inet_ntop(int af, const void *src, char *dst, socklen_t size)
{
	if (af != AF_INET) {
		errno = EAFNOSUPPORT;
		return NULL;
	}
	ip4_addr_t a;
	const unsigned char *b = src;
	IP4_ADDR(&a, b[0], b[1], b[2], b[3]);
	if (size > INT32_MAX || !ip4addr_ntoa_r(&a, dst, (int)size)) {
		errno = ENOSPC;
		return NULL;
	}
	return dst;
}

#undef htons
#undef ntohs
#undef htonl
#undef ntohl

uint16_t htons(uint16_t x)
{
	return lwip_htons(x);
}

uint16_t ntohs(uint16_t x)
{
	return lwip_htons(x);
}

uint32_t htonl(uint32_t x)
{
	return lwip_htonl(x);
}

uint32_t ntohl(uint32_t x)
{
	return lwip_htonl(x);
}
