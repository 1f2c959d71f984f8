/*
 * sys/socket.h - the BSD socket API for appliances on newlib, over lwIP
 * (net/socket; docs/net.md, "The socket layer").
 *
 * The types and constants are lwIP's (lwip/sockets.h: struct sockaddr
 * has sa_len, SOL_SOCKET is 0xfff, ...), so a program uses them by name
 * and never by number. The functions are real ones with the BSD names,
 * not lwIP's compatibility macros (LWIP_COMPAT_SOCKETS stays 0): a
 * socket is a descriptor from 3 up, in newlib's file table, that read,
 * write, close, fcntl and fstat take as well. The first socket call
 * brings the network up (goro_net_start).
 */
#ifndef GORO_SYS_SOCKET_H
#define GORO_SYS_SOCKET_H

#include <fcntl.h>              /* O_NONBLOCK and F_GETFL are newlib's, before lwIP's fallbacks */
#include <sys/time.h>
#include <sys/types.h>
#include "lwip/sockets.h"

/*
 * lwip/inet.h makes inet_addr, inet_aton and inet_ntoa macros; here
 * they are functions (arpa/inet.h), which a program may take the
 * address of or call with any expression.
 */
#undef inet_addr
#undef inet_aton
#undef inet_ntoa
#undef inet_ntoa_r

/*
 * lwIP without IPv6 makes AF_INET6 AF_UNSPEC (0): a program asking for
 * IPv6 would get IPv4 unawares. Here it has its own number (Linux's),
 * which socket, getaddrinfo and inet_pton refuse.
 */
#undef AF_INET6
#undef PF_INET6
#define AF_INET6        10
#define PF_INET6        AF_INET6

/* The largest listen backlog: lwIP keeps it in a byte (listen clamps larger ones). */
#define SOMAXCONN       255

int     socket(int domain, int type, int protocol);
int     bind(int fd, const struct sockaddr *addr, socklen_t len);
int     listen(int fd, int backlog);
int     accept(int fd, struct sockaddr *addr, socklen_t *len);
int     connect(int fd, const struct sockaddr *addr, socklen_t len);
ssize_t send(int fd, const void *buf, size_t n, int flags);
ssize_t recv(int fd, void *buf, size_t n, int flags);
ssize_t sendto(int fd, const void *buf, size_t n, int flags, const struct sockaddr *to, socklen_t tolen);
ssize_t recvfrom(int fd, void *buf, size_t n, int flags, struct sockaddr *from, socklen_t *fromlen);
ssize_t sendmsg(int fd, const struct msghdr *msg, int flags);
ssize_t recvmsg(int fd, struct msghdr *msg, int flags);
int     shutdown(int fd, int how);
int     setsockopt(int fd, int level, int name, const void *val, socklen_t len);
int     getsockopt(int fd, int level, int name, void *val, socklen_t *len);
int     getsockname(int fd, struct sockaddr *addr, socklen_t *len);
int     getpeername(int fd, struct sockaddr *addr, socklen_t *len);

#endif
