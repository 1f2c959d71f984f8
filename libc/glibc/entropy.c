/*
 * entropy.c - goro_entropy hosted: the kernel's random numbers
 * (getentropy, 256 bytes a call), where a machine asks its virtio-rng.
 */
#include <errno.h>
#include <unistd.h>
#include "goro.h"

int goro_entropy(void *buf, size_t n)
{
	unsigned char *p = buf;
	while (n > 0) {
		size_t k = n < 256 ? n : 256;
		if (getentropy(p, k) < 0)
			return -1;
		p += k;
		n -= k;
	}
	return 0;
}

const char *goro_entropy_source(void)
{
	return "getrandom";
}
