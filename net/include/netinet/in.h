/*
 * netinet/in.h - Internet addresses (net/socket; docs/net.md): struct
 * in_addr, struct sockaddr_in, IPPROTO_*, INADDR_*, INET_ADDRSTRLEN are
 * lwIP's; htons, ntohs, htonl and ntohl are macros over lwIP's byte
 * swaps, and functions too (a program may take (htons)'s address).
 */
#ifndef GORO_NETINET_IN_H
#define GORO_NETINET_IN_H

#include <stdint.h>
#include <sys/socket.h>

uint16_t (htons)(uint16_t x);
uint16_t (ntohs)(uint16_t x);
uint32_t (htonl)(uint32_t x);
uint32_t (ntohl)(uint32_t x);

#endif
