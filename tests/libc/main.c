/*
 * libc - newlib through goro's system calls: printf of integers, 64-bit
 * integers and floats, snprintf, and malloc/free of 1 MiB with its
 * contents checked. The test compares the output exactly.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	printf("int %d %d %u %x %o\n", 0, -42, 4000000000u, 0xbeef, 8);
	printf("int64 %" PRId64 " %" PRIu64 " %" PRIx64 "\n",
	       INT64_MIN, UINT64_MAX, (uint64_t)0x123456789abcdef0ULL);
	volatile double x = 3.14159265358979, y = -0.5e-3, z = 1e300;
	printf("float %.5f %g %e %.2f\n", x, y, z, x * 2);
	char buf[32];
	int n = snprintf(buf, sizeof buf, "%08.3f|%-5d|", 2.5, 7);
	printf("snprintf %s %d\n", buf, n);

	size_t size = 1 << 20;
	unsigned char *p = malloc(size);
	if (!p) {
		printf("malloc 1 MiB failed\n");
		return 1;
	}
	for (size_t i = 0; i < size; i++)
		p[i] = (unsigned char)(i * 7 + 3);
	size_t bad = 0;
	for (size_t i = 0; i < size; i++)
		bad += p[i] != (unsigned char)(i * 7 + 3);
	free(p);
	printf("malloc 1 MiB: %zu bad bytes\n", bad);
	void *again = malloc(size);
	printf("malloc after free: %s\n", again ? "ok" : "NULL");
	free(again);
	return 0;
}
