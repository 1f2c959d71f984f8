/*
 * loop.c - the soak's echo: the server side every connection gets
 * (echo_serve), and the loopback worker, a client in the guest that
 * talks to that server over 127.0.0.1.
 *
 * The loopback client sends messages of random sizes and reads each
 * back whole before the next, comparing every byte: a lost, cut or
 * changed message fails the run. The host's client (client.py) does
 * the same through the network card; both are counted, and the host's
 * count is checked against the server's at the end.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include "goro.h"
#include "goro_net.h"
#include "soak.h"

enum { BUF = 16384, MSGMAX = 24576, MSGS = 20 };

/* full: reads exactly n bytes; 0 on the peer's close or an error. */
static int full(int fd, char *p, size_t n)
{
	while (n > 0) {
		ssize_t r = read(fd, p, n);
		if (r <= 0)
			return 0;
		p += r, n -= (size_t)r;
	}
	return 1;
}

/* sendall: writes all n bytes; 0 on the peer's close or an error. */
static int sendall(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w <= 0)
			return 0;
		p += w, n -= (size_t)w;
	}
	return 1;
}

uint64_t echo_serve(int fd)
{
	uint64_t total = 0;
	char *buf = malloc(BUF);
	for (ssize_t n; buf && (n = read(fd, buf, BUF)) > 0 && sendall(fd, buf, (size_t)n);)
		total += (uint64_t)n;
	free(buf);
	return total;
}

/* one connection: "L\n", then MSGS messages echoed back and compared. */
static void session(char *out, char *in)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0) {
		soak_fail("loopback: socket: errno %d", errno);
		return;
	}
	struct timeval tv = { 60, 0 };  /* a lost message fails the run instead of hanging it */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)soak_port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		int e = errno;
		/* what lwIP had then, to tell a full table from anything else */
		struct goro_net_stats *st = malloc(sizeof *st);
		if (st) {
			goro_net_stats(st);
			for (int i = 0; i < st->npools; i++)
				if (strcmp(st->pools[i].name, "TCP_PCB") == 0)
					printf("soak: loopback: TCP_PCB %u of %u in use, %u allocations failed; "
					       "tcp memerr %u\n", st->pools[i].used, st->pools[i].size,
					       st->pools[i].err, st->tcp_memerr);
			free(st);
		}
		soak_fail("loopback: connect: errno %d", e);
		close(fd);
		return;
	}
	if (!sendall(fd, "L\n", 2)) {
		soak_fail("loopback: the command was not sent: errno %d", errno);
		close(fd);
		return;
	}
	for (int m = 0; m < MSGS && !soak_stopping(); m++) {
		size_t n = 1 + goro_rand() % MSGMAX;
		for (size_t i = 0; i < n; i++)
			out[i] = (char)goro_rand();
		if (!sendall(fd, out, n) || !full(fd, in, n)) {
			soak_fail("loopback: message %d of %zu bytes lost: errno %d", m, n, errno);
			break;
		}
		if (memcmp(out, in, n) != 0) {
			soak_fail("loopback: message %d of %zu bytes came back changed", m, n);
			break;
		}
		COUNT(lo_msgs, 1);
		COUNT(lo_bytes, n);
	}
	close(fd);
}

void work_loopback(void *arg)
{
	char *out = malloc(MSGMAX), *in = malloc(MSGMAX);
	while (out && in && !soak_stopping())
		session(out, in);
	free(out);
	free(in);
	wg_done(arg);
}
