/*
 * http.h - the HTTP/1.1 request parser httpd serves from (http.c).
 *
 * The parser is a pure function of the bytes received so far, so the
 * connection code can call it again after each read until a request's
 * head is complete, and a test can feed it anything.
 */
#ifndef HTTPD_HTTP_H
#define HTTPD_HTTP_H

#include <stdbool.h>
#include <stddef.h>

enum { HEAD_MAX = 8192 };       /* a request's line and headers, at most */

enum parse_result {
	PARSE_MORE,             /* the head is not complete yet: read more */
	PARSE_OK,               /* a request, its head ending at req->headlen */
	PARSE_BAD,              /* malformed: answer 400 and close */
	PARSE_TOOBIG,           /* no end of head within HEAD_MAX bytes: 431 and close */
	PARSE_UNSUPPORTED,      /* Transfer-Encoding (chunked bodies): 501 and close */
};

struct request {
	const char *method, *path;      /* NUL-terminated, in the caller's buffer */
	int minor;                      /* HTTP/1.<minor> */
	bool keepalive;                 /* the connection stays open after the answer */
	long contentlength;             /* bytes of body after the head (0 if none) */
	size_t headlen;                 /* bytes of the head, its blank line included */
};

/*
 * parse_request reads a request head from buf[0, len). On PARSE_OK it
 * has cut the method and path in place with NULs (so buf must be
 * writable) and filled req; the body, if any, starts at buf + headlen.
 */
enum parse_result parse_request(char *buf, size_t len, struct request *req);

#endif
