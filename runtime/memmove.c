/*
 * memmove.c - memmove_rt and memclr: the runtime copies channel
 * elements and clears records without calling libc. Word-sized moves
 * when both ends are aligned, bytes otherwise; overlap-safe.
 */
#include <stdint.h>
#include "runtime.h"

void memmove_rt(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d == s || n == 0)
		return;
	int aligned = (((uintptr_t)d | (uintptr_t)s) & (sizeof(uintptr_t) - 1)) == 0;
	if (d < s || d >= s + n) {
		if (aligned)
			for (; n >= sizeof(uintptr_t); n -= sizeof(uintptr_t), d += sizeof(uintptr_t), s += sizeof(uintptr_t))
				*(uintptr_t *)d = *(const uintptr_t *)s;
		while (n--)
			*d++ = *s++;
	} else {
		d += n, s += n;
		if (aligned)
			for (; n >= sizeof(uintptr_t) && ((uintptr_t)d & (sizeof(uintptr_t) - 1)) == 0;
			     n -= sizeof(uintptr_t)) {
				d -= sizeof(uintptr_t), s -= sizeof(uintptr_t);
				*(uintptr_t *)d = *(const uintptr_t *)s;
			}
		while (n--)
			*--d = *--s;
	}
}

void memclr(void *p, size_t n)
{
	unsigned char *b = p;
	for (; n && ((uintptr_t)b & (sizeof(uintptr_t) - 1)); n--)
		*b++ = 0;
	for (; n >= sizeof(uintptr_t); n -= sizeof(uintptr_t), b += sizeof(uintptr_t))
		*(uintptr_t *)b = 0;
	while (n--)
		*b++ = 0;
}
