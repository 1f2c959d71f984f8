/*
 * httpd.h - what httpd's files share: the page, the counters, /stats.
 */
#ifndef HTTPD_H
#define HTTPD_H

#include <stddef.h>
#include <stdint.h>

extern const char page[];               /* page.c: served at / */
extern const size_t pagelen;

/*
 * The server's own counters, updated atomically by the connection
 * goroutines: words, which every machine updates atomically (i386 has
 * no 8-byte atomics), so on 32-bit machines the totals wrap at 2^32.
 */
struct httpd_counts {
	long open;                      /* connections open now */
	unsigned long accepted;         /* connections accepted */
	unsigned long requests;         /* requests answered */
	unsigned long bad;              /* answers with a 4xx or 5xx status */
};
extern struct httpd_counts counts;

/* stats_text writes the /stats page into buf (n bytes at most); its length. */
size_t stats_text(char *buf, size_t n);

#endif
