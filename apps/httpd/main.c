/*
 * httpd - the HTTP/1.1 appliance: a goroutine per connection, on lwIP.
 *
 *   httpd [port]           listens on port (default 80) on every address
 *
 *   GET or HEAD /, /index.html   the page (page.c)
 *   GET or HEAD /stats           the appliance's figures, as text (stats.c)
 *   POST /echo                   the request's body back
 *   anything else                404, or 405 for another method on a known path
 *
 * Connections are kept alive (HTTP/1.1's default; HTTP/1.0 with
 * "Connection: keep-alive"), and pipelined requests are answered in
 * order. A malformed request is answered 400 and its connection
 * closed: a request is parsed strictly (http.c). Each connection's
 * goroutine blocks in read and write, parking only itself; an idle
 * connection is closed after IDLE_SECONDS.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include "goro.h"
#include "http.h"
#include "httpd.h"

enum { IDLE_SECONDS = 60, OUT_MAX = 2048, STATS_MAX = 8192 };

struct httpd_counts counts;

struct conn {
	int fd;
	char in[HEAD_MAX + 1];          /* received, not yet answered */
	size_t have;
	char out[OUT_MAX];              /* a small answer goes out in one write */
};

/* writeall writes n bytes of buf to fd; 0, or -1 once the connection failed. */
static int writeall(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * respond sends a whole answer: its head, then len bytes of body (none
 * for HEAD). Head and a small body go out in one write, one segment.
 */
static int respond(struct conn *c, int status, const char *reason, const char *ctype,
		   const void *body, size_t len, bool keepalive, bool head)
{
	int h = snprintf(c->out, sizeof c->out,
			 "HTTP/1.1 %d %s\r\nServer: goro\r\nContent-Type: %s\r\n"
			 "Content-Length: %zu\r\nConnection: %s\r\n\r\n",
			 status, reason, ctype, len, keepalive ? "keep-alive" : "close");
	__atomic_add_fetch(&counts.requests, 1, __ATOMIC_RELAXED);
	if (status >= 400)
		__atomic_add_fetch(&counts.bad, 1, __ATOMIC_RELAXED);
	if (head || len == 0)
		return writeall(c->fd, c->out, (size_t)h);
	if ((size_t)h + len <= sizeof c->out) {
		memcpy(c->out + h, body, len);
		return writeall(c->fd, c->out, (size_t)h + len);
	}
	if (writeall(c->fd, c->out, (size_t)h) < 0)
		return -1;
	return writeall(c->fd, body, len);
}

static int respond_text(struct conn *c, int status, const char *reason, const char *text, bool keepalive)
{
	return respond(c, status, reason, "text/plain", text, strlen(text), keepalive, false);
}

/* consume drops the first n bytes of what c holds (the request just answered). */
static void consume(struct conn *c, size_t n)
{
	memmove(c->in, c->in + n, c->have - n);
	c->have -= n;
}

/*
 * body streams the request's body of len bytes: the part already
 * received, then the rest as it comes; sent back to the client if echo,
 * else dropped. 0, or -1 once the connection failed.
 */
static int body(struct conn *c, long len, bool echo)
{
	size_t first = c->have < (size_t)len ? c->have : (size_t)len;
	if (echo && first > 0 && writeall(c->fd, c->in, first) < 0)
		return -1;
	consume(c, first);
	long left = len - (long)first;
	while (left > 0) {
		size_t want = left < (long)sizeof c->in ? (size_t)left : sizeof c->in;
		ssize_t r = read(c->fd, c->in, want);
		if (r <= 0)
			return -1;
		if (echo && writeall(c->fd, c->in, (size_t)r) < 0)
			return -1;
		left -= r;
	}
	return 0;
}

/* answer serves one parsed request; whether the connection stays open. */
static bool answer(struct conn *c, struct request *rq)
{
	/* Route first: the method and path live in c->in, which consume reuses. */
	bool get = strcmp(rq->method, "GET") == 0, head = strcmp(rq->method, "HEAD") == 0;
	bool post = strcmp(rq->method, "POST") == 0;
	bool page_path = strcmp(rq->path, "/") == 0 || strcmp(rq->path, "/index.html") == 0;
	bool stats_path = strcmp(rq->path, "/stats") == 0;
	bool echo_path = strcmp(rq->path, "/echo") == 0;
	bool ka = rq->keepalive;
	long len = rq->contentlength;
	consume(c, rq->headlen);

	if (echo_path && post) {
		/* The head first, then the body as it streams in. */
		int h = snprintf(c->out, sizeof c->out, "HTTP/1.1 200 OK\r\nServer: goro\r\n"
				 "Content-Type: application/octet-stream\r\nContent-Length: %ld\r\n"
				 "Connection: %s\r\n\r\n", len, ka ? "keep-alive" : "close");
		__atomic_add_fetch(&counts.requests, 1, __ATOMIC_RELAXED);
		return writeall(c->fd, c->out, (size_t)h) == 0 && body(c, len, true) == 0 && ka;
	}
	if (len > 0 && body(c, len, false) < 0)
		return false;
	if (!page_path && !stats_path && !echo_path)
		return respond_text(c, 404, "Not Found", "not found\n", ka) == 0 && ka;
	if (!(get || head) || echo_path)
		return respond_text(c, 405, "Method Not Allowed", "method not allowed\n", ka) == 0 && ka;
	if (page_path)
		return respond(c, 200, "OK", "text/html", page, pagelen, ka, head) == 0 && ka;
	char *text = malloc(STATS_MAX);
	if (!text) {
		respond_text(c, 503, "Service Unavailable", "out of memory\n", false);
		return false;
	}
	size_t n = stats_text(text, STATS_MAX);
	int r = respond(c, 200, "OK", "text/plain", text, n, ka, head);
	free(text);
	return r == 0 && ka;
}

/* serve is a connection's goroutine: requests in, answers out, until either side closes. */
static void serve(void *arg)
{
	struct conn *c = arg;
	for (bool open = true; open;) {
		struct request rq;
		enum parse_result pr = parse_request(c->in, c->have, &rq);
		switch (pr) {
		case PARSE_OK:
			open = answer(c, &rq);
			break;
		case PARSE_MORE: {
			ssize_t r = read(c->fd, c->in + c->have, HEAD_MAX - c->have);
			if (r <= 0)
				open = false;   /* closed, reset, or idle too long */
			else
				c->have += (size_t)r;
			break;
		}
		case PARSE_BAD:
			respond_text(c, 400, "Bad Request", "bad request\n", false);
			open = false;
			break;
		case PARSE_TOOBIG:
			respond_text(c, 431, "Request Header Fields Too Large", "request head too large\n", false);
			open = false;
			break;
		case PARSE_UNSUPPORTED:
			respond_text(c, 501, "Not Implemented", "transfer encodings are not supported\n", false);
			open = false;
			break;
		}
	}
	close(c->fd);
	free(c);
	__atomic_sub_fetch(&counts.open, 1, __ATOMIC_RELAXED);
}

/*
 * console watches the console: a line "quit" ends the appliance with
 * status 0 (how a test or an operator stops it; QEMU powers off).
 */
static void console(void *arg)
{
	(void)arg;
	char line[64];
	while (fgets(line, sizeof line, stdin))
		if (strcmp(line, "quit\n") == 0 || strcmp(line, "quit\r\n") == 0) {
			printf("httpd: quit\n");
			exit(0);
		}
}

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 80;
	if (port <= 0 || port > 65535) {
		fprintf(stderr, "httpd: bad port %s\n", argv[1]);
		return 2;
	}
	int ls = socket(AF_INET, SOCK_STREAM, 0);
	if (ls < 0) {
		perror("httpd: socket");
		return 1;
	}
	int one = 1;
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_ANY);
	if (bind(ls, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(ls, SOMAXCONN) < 0) {
		perror("httpd: bind/listen");
		return 1;
	}
	printf("httpd: listening on port %d\n", port);
	go(console, NULL);
	for (;;) {
		int fd = accept(ls, NULL, NULL);
		if (fd < 0) {
			/* Out of sockets or memory: wait for connections to end rather than spin. */
			perror("httpd: accept");
			gosleep(10 * 1000 * 1000);
			continue;
		}
		struct conn *c = malloc(sizeof *c);
		if (!c) {
			close(fd);
			continue;
		}
		c->fd = fd;
		c->have = 0;
		struct timeval idle = { .tv_sec = IDLE_SECONDS };
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &idle, sizeof idle);
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		__atomic_add_fetch(&counts.open, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&counts.accepted, 1, __ATOMIC_RELAXED);
		go(serve, c);
	}
}
