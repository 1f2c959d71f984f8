/*
 * ratio.c - unit tests of the clocks' fixed-point ratios
 * (plat/common/ratio.c): ratio_init's multiplier and shift against
 * 128-bit arithmetic, for the rates real clocks have and random ones.
 *
 * The definition: for num/den, mult = floor(num * 2^shift / den) with
 * the largest shift <= 32 whose mult fits 32 bits; ratio_apply(r, x) is
 * then floor(x * mult / 2^shift), exactly.
 */
#include "../../plat/common/ratio.c"
#include "unit.h"

typedef unsigned __int128 u128;

/* check_ratio: ratio_init(num, den) against the definition, and ratio_apply on a few x. */
static void check_ratio(uint64_t num, uint64_t den)
{
	struct ratio r = ratio_init(num, den);
	REQUIRE(r.shift <= 32, "%llu/%llu: shift %u", (unsigned long long)num, (unsigned long long)den, r.shift);
	u128 want = ((u128)num << r.shift) / den;
	REQUIRE(want == r.mult, "%llu/%llu: mult %u at shift %u, want %llu", (unsigned long long)num,
		(unsigned long long)den, r.mult, r.shift, (unsigned long long)want);
	if (r.shift < 32)
		REQUIRE((((u128)num << (r.shift + 1)) / den) >> 32 != 0,
			"%llu/%llu: shift %u is not the largest that fits", (unsigned long long)num,
			(unsigned long long)den, r.shift);
	uint64_t xs[] = { 0, 1, 999, 1ull << 31, 0xffffffffull, 1ull << 40, 123456789012345ull };
	for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
		u128 exact = ((u128)xs[i] * r.mult) >> r.shift;
		if (exact >> 64)
			continue;       /* out of ratio_apply's range */
		REQUIRE(ratio_apply(r, xs[i]) == (uint64_t)exact, "%llu/%llu: ratio_apply(%llu) %llu, want %llu",
			(unsigned long long)num, (unsigned long long)den, (unsigned long long)xs[i],
			(unsigned long long)ratio_apply(r, xs[i]), (unsigned long long)exact);
	}
}

/* The rates goro's clocks have: QEMU's and real machines' counters and TSCs, both ways round. */
static void real_clocks(void)
{
	uint64_t hz[] = { 62500000, 24000000, 19200000, 50000000, 100000000, 1000000000,
			  1193182, 2400000000ull, 3000000000ull, 4300000000ull, 5000000000ull };
	for (size_t i = 0; i < sizeof hz / sizeof hz[0]; i++) {
		check_ratio(NSEC_PER_SEC, hz[i]);
		check_ratio(hz[i], NSEC_PER_SEC);
	}
}

static void edges(void)
{
	check_ratio(1, 1);
	check_ratio(0, 7);
	check_ratio(0xffffffffull, 1);                  /* the largest quotient that fits */
	check_ratio(~0ull, 0x100000000ull);             /* likewise, at the top of num */
	check_ratio(1, ~0ull);
	check_ratio(~0ull, ~0ull);
	check_ratio((1ull << 63) + 12345, (1ull << 62) + 1);
	EXPECT_FATAL(ratio_init(1, 0), "timer: clock ratio 1/0 out of range");
	EXPECT_FATAL(ratio_init(1ull << 32, 1), "timer: clock ratio 4294967296/1 out of range");
	EXPECT_FATAL(ratio_init(~0ull, 0xffffffffull), "timer: clock ratio * out of range");
}

static void random_ratios(void)
{
	for (int i = 0; i < 100000; i++) {
		uint64_t den = unit_rand() | (uint64_t)unit_rand() << 32;
		den >>= unit_rand() % 64;
		if (den == 0)
			den = 1;
		uint64_t num = unit_rand() | (uint64_t)unit_rand() << 32;
		num >>= unit_rand() % 64;
		if (num >> 32 >= den)
			continue;       /* out of range: the edges case checks it is fatal */
		check_ratio(num, den);
	}
}

int main(void)
{
	unit_init();
	unit_run("real-clocks", real_clocks);
	unit_run("edges", edges);
	unit_run("random-ratios", random_ratios);
	return unit_done();
}
