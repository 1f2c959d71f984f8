/*
 * ratio.c - building a struct ratio (ratio.h) from a clock's rate, once
 * per clock at boot. Out of line: under an emulator each copy of code
 * the boot runs is translated before it runs, and the timers build two
 * ratios each.
 */
#include "ratio.h"

/*
 * floor(num * 2^32 / den) by long division, a quotient bit at a time
 * (num's 64 bits, then 32 zeros): no 64-bit divide, which on a 32-bit
 * CPU is a library routine the boot would translate too, and only
 * shifts by one (a shift by a variable amount is a dozen instructions
 * there). The result must fit 64 bits (num / den < 2^32).
 */
static uint64_t ratio_div_pow32(uint64_t num, uint64_t den)
{
	uint64_t q = 0, r = 0, n = num;

	for (int i = 0; i < 96; i++) {
		uint64_t carry = r >> 63;       /* r < den, but 2r may not fit: then it exceeds den */
		r = r << 1 | n >> 63;           /* num's next bit; after 64 of them, zeros */
		n <<= 1;
		q <<= 1;
		if (carry || r >= den) {
			q |= 1;
			r -= den;
		}
	}
	return q;
}

/* floor(x * 2^(s-1)) is floor(x * 2^s) / 2, so the largest shift that fits is found by halving. */
struct ratio ratio_init(uint64_t num, uint64_t den)
{
	unsigned shift = 32;

	if (den == 0 || num >> 32 >= den)       /* num / den >= 2^32 */
		fatal("timer: clock ratio %llu/%llu out of range",
		      (unsigned long long)num, (unsigned long long)den);
	uint64_t m = ratio_div_pow32(num, den);
	while (m >= (1ull << 32)) {
		m >>= 1;
		shift--;
	}
	return (struct ratio){ (uint32_t)m, shift };
}
