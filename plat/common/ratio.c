/*
 * ratio.c - building a struct ratio (ratio.h) from a clock's rate, once
 * per clock at boot. Out of line: under an emulator each copy of code
 * the boot runs is translated before it runs, and the timers build two
 * ratios each.
 */
#include "ratio.h"

/* floor(num * 2^shift / den), one quotient bit at a time; the result must fit. */
static uint64_t ratio_div_pow2(uint64_t num, unsigned shift, uint64_t den)
{
	uint64_t q = num / den, r = num % den;

	while (shift-- > 0) {
		q <<= 1;
		r <<= 1;                /* r < den < 2^63: no overflow */
		if (r >= den) {
			q++;
			r -= den;
		}
	}
	return q;
}

struct ratio ratio_init(uint64_t num, uint64_t den)
{
	unsigned shift = 32;
	uint64_t m;

	if (den == 0 || num / den >= (1ull << 32))
		fatal("timer: clock ratio %llu/%llu out of range",
		      (unsigned long long)num, (unsigned long long)den);
	while ((m = ratio_div_pow2(num, shift, den)) >= (1ull << 32))
		shift--;
	return (struct ratio){ (uint32_t)m, shift };
}
