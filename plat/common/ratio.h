/*
 * ratio.h - fixed-point scaling between clock ticks and nanoseconds,
 * for the architectures' timer.c.
 *
 * A struct ratio stands for x * num / den, where num/den is a clock's
 * rate against NSEC_PER_SEC (either way round). Its product splits into
 * two 32x32->64 multiplies: exact floor arithmetic, no 128-bit type,
 * cheap on a 32-bit CPU.
 */
#ifndef GORO_RATIO_H
#define GORO_RATIO_H

#include <stdint.h>
#include "machine.h"

#define NSEC_PER_SEC            1000000000ull

/*
 * struct ratio is x -> floor(x * mult / 2^shift), standing for
 * x * num / den: mult < 2^32, shift <= 32, both as large as that allows.
 */
struct ratio {
	uint32_t mult;
	uint32_t shift;
};

/* floor(num * 2^shift / den), one quotient bit at a time; the result must fit. */
static inline uint64_t ratio_div_pow2(uint64_t num, unsigned shift, uint64_t den)
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

/* ratio_init picks the largest shift whose multiplier fits 32 bits. Needs num/den < 2^32. */
static inline struct ratio ratio_init(uint64_t num, uint64_t den)
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

/* ratio_apply is exact: the high half's product is an integer before the shift. */
static inline uint64_t ratio_apply(struct ratio r, uint64_t x)
{
	uint64_t hi = (uint64_t)(uint32_t)(x >> 32) * r.mult;
	uint64_t lo = (uint64_t)(uint32_t)x * r.mult;

	return (hi << (32 - r.shift)) + (lo >> r.shift);
}

#endif
