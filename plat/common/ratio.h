/*
 * ratio.h - fixed-point scaling between clock ticks and nanoseconds,
 * for the architectures' timer.c.
 *
 * A struct ratio stands for x * num / den, where num/den is a clock's
 * rate against NSEC_PER_SEC (either way round). Its product splits into
 * two 32x32->64 multiplies: exact floor arithmetic, no 128-bit type,
 * cheap on a 32-bit CPU. ratio_apply, on every clock read, is inline;
 * ratio_init, run at boot, is one copy out of line (ratio.c).
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

/*
 * ratio_init gives the ratio for num/den, the largest shift whose
 * multiplier fits 32 bits (ratio.c). Needs num/den < 2^32: a fatal
 * error otherwise.
 */
struct ratio ratio_init(uint64_t num, uint64_t den);

/* ratio_apply is exact: the high half's product is an integer before the shift. */
static inline uint64_t ratio_apply(struct ratio r, uint64_t x)
{
	uint64_t hi = (uint64_t)(uint32_t)(x >> 32) * r.mult;
	uint64_t lo = (uint64_t)(uint32_t)x * r.mult;

	return (hi << (32 - r.shift)) + (lo >> r.shift);
}

#endif
