/*
 * echo - the TCP echo appliance (RFC 862): a goroutine per connection
 * sends back every byte it receives, until the client closes.
 *
 *   echo [port]            listens on port (default 7) on every address
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include "goro.h"

enum { BUF = 16384 };

/* serve is a connection's goroutine: each read is written back whole before the next. */
static void serve(void *arg)
{
	int fd = (int)(intptr_t)arg;
	char *buf = malloc(BUF);
	for (ssize_t n; buf && (n = read(fd, buf, BUF)) > 0;) {
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(fd, buf + off, (size_t)(n - off));
			if (w <= 0)
				goto out;
			off += w;
		}
	}
out:
	free(buf);
	close(fd);
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
			printf("echo: quit\n");
			exit(0);
		}
}

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 7;
	if (port <= 0 || port > 65535) {
		fprintf(stderr, "echo: bad port %s\n", argv[1]);
		return 2;
	}
	int ls = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_ANY);
	if (ls < 0 || bind(ls, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(ls, 64) < 0) {
		perror("echo: socket/bind/listen");
		return 1;
	}
	printf("echo: listening on port %d\n", port);
	go(console, NULL);
	for (;;) {
		int fd = accept(ls, NULL, NULL);
		if (fd < 0) {
			perror("echo: accept");
			gosleep(10 * 1000 * 1000);
			continue;
		}
		go(serve, (void *)(intptr_t)fd);
	}
}
