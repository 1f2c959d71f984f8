/*
 * httpd.h - what httpd's files share: the page, the counters, /stats.
 */
#ifndef HTTPD_H
#define HTTPD_H

#include <stddef.h>
#include <stdint.h>

extern const char page[];               /* page.c: served at / */
extern const size_t pagelen;

/* The server's own counters, updated atomically by the connection goroutines. */
struct httpd_counts {
	int64_t open;                   /* connections open now */
	uint64_t accepted;              /* connections accepted */
	uint64_t requests;              /* requests answered */
	uint64_t bad;                   /* answers with a 4xx or 5xx status */
};
extern struct httpd_counts counts;

/* stats_text writes the /stats page into buf (n bytes at most); its length. */
size_t stats_text(char *buf, size_t n);

#endif
