/*
 * http.c - parsing an HTTP/1.1 request head (RFC 9112), strictly.
 *
 * Strict because httpd faces whatever reaches its port: anything that
 * is not a well-formed request line and header fields is PARSE_BAD
 * (a 400), never guessed at. Only what httpd needs is kept: the method,
 * the path, the version, Connection and Content-Length, and that an
 * HTTP/1.1 request has exactly one Host.
 */
#include <string.h>
#include "http.h"

/* A token character (RFC 9110 5.6.2): what method and field names are made of. */
static bool istchar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-.^_`|~", c));
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

/* Is the field name [p, p+n) name, ignoring case? */
static bool namedas(const char *p, size_t n, const char *name)
{
	if (strlen(name) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(p[i]) != name[i])
			return false;
	return true;
}

/* Does the comma-separated value [v, v+n) list token (Connection: keep-alive, close)? */
static bool haslisted(const char *v, size_t n, const char *token)
{
	size_t tl = strlen(token);
	size_t i = 0;
	while (i < n) {
		while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		size_t s = i;
		while (i < n && v[i] != ',')
			i++;
		size_t e = i;
		while (e > s && (v[e - 1] == ' ' || v[e - 1] == '\t'))
			e--;
		if (e - s == tl && namedas(v + s, tl, token))
			return true;
	}
	return false;
}

/* The end of the head: the offset just past its "\r\n\r\n", or 0 if not in buf yet. */
static size_t headend(const char *buf, size_t len)
{
	for (size_t i = 3; i < len; i++)
		if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r')
			return i + 1;
	return 0;
}

enum parse_result parse_request(char *buf, size_t len, struct request *req)
{
	size_t end = headend(buf, len < HEAD_MAX ? len : HEAD_MAX);
	if (end == 0)
		return len >= HEAD_MAX ? PARSE_TOOBIG : PARSE_MORE;
	memset(req, 0, sizeof *req);
	req->headlen = end;

	/* The request line: method SP target SP HTTP/1.x CRLF. */
	char *p = buf;
	char *m = p;
	while (istchar(*p))
		p++;
	if (p == m || *p != ' ')
		return PARSE_BAD;
	*p++ = '\0';
	char *target = p;
	while (*p > ' ' && *p < 0x7f)
		p++;
	if (p == target || *p != ' ' || target[0] != '/')
		return PARSE_BAD;
	*p++ = '\0';
	if (strncmp(p, "HTTP/1.", 7) != 0 || p[7] < '0' || p[7] > '9' || p[8] != '\r' || p[9] != '\n')
		return PARSE_BAD;
	req->method = m;
	req->path = target;
	req->minor = p[7] - '0';
	req->keepalive = req->minor >= 1;
	p += 10;

	/* Header fields: name ":" OWS value OWS CRLF, up to the blank line. */
	bool sawlength = false, sawhost = false;
	while (!(p[0] == '\r' && p[1] == '\n')) {
		char *name = p;
		while (istchar(*p))
			p++;
		size_t namelen = (size_t)(p - name);
		if (namelen == 0 || *p != ':')
			return PARSE_BAD;
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		char *value = p;
		while (*p != '\r') {
			unsigned char c = (unsigned char)*p;
			if ((c < ' ' && c != '\t') || c == 0x7f)
				return PARSE_BAD;
			p++;
		}
		if (p[1] != '\n')
			return PARSE_BAD;
		size_t vlen = (size_t)(p - value);
		p += 2;
		if (namedas(name, namelen, "connection")) {
			if (haslisted(value, vlen, "close"))
				req->keepalive = false;
			else if (haslisted(value, vlen, "keep-alive"))
				req->keepalive = true;
		} else if (namedas(name, namelen, "content-length")) {
			long n = 0;
			size_t i = 0;
			while (i < vlen && value[i] >= '0' && value[i] <= '9' && n < 1000000000L)
				n = n * 10 + (value[i++] - '0');
			while (i < vlen && (value[i] == ' ' || value[i] == '\t'))
				i++;
			if (i == 0 || i != vlen || n >= 1000000000L || (sawlength && n != req->contentlength))
				return PARSE_BAD;
			req->contentlength = n;
			sawlength = true;
		} else if (namedas(name, namelen, "host")) {
			if (sawhost)
				return PARSE_BAD;
			sawhost = true;
		} else if (namedas(name, namelen, "transfer-encoding")) {
			return PARSE_UNSUPPORTED;
		}
	}
	if (req->minor >= 1 && !sawhost)
		return PARSE_BAD;       /* RFC 9112 3.2: a 1.1 request names its host */
	return PARSE_OK;
}
