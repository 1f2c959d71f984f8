/*
 * poll.h - poll over lwIP's sockets (net/socket; docs/net.md). struct
 * pollfd, nfds_t and the POLL* bits are lwIP's. Only sockets can be
 * polled: any other descriptor (the console's) comes back POLLNVAL.
 * A wait parks only the calling goroutine.
 */
#ifndef GORO_POLL_H
#define GORO_POLL_H

#include <sys/socket.h>

int     poll(struct pollfd *fds, nfds_t nfds, int timeout);

#endif
