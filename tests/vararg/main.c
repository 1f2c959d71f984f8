/*
 * vararg - variadic functions in appliance code, on goroutine stacks.
 *
 * clang refuses the split-stack check for variadic functions; the build
 * (tools/stack-ir) splits each into an unchecked entry that does
 * va_start and a checked body that takes the va_list. These cases
 * call variadic functions whose frames are bigger than a fresh
 * goroutine's whole 2 KiB stack, with more arguments than registers,
 * by-value structs, doubles, va_start twice, va_copy, a struct
 * returned through memory, through a function pointer, and with the
 * stack moving while a va_list is live.
 * One scenario per run (argv[1]); each check prints "ok: ..." or
 * "FAIL: ...", the exit status is the number of failures.
 *
 * Values passed avoid numbers that could look like stack addresses on
 * 32-bit machines (docs/stacks.md: conservative relocation).
 *
 * Usage: vararg fresh|deep|args|moving
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "goro.h"
#include "../testing.h"


static uintptr_t stacksize(void)
{
	uintptr_t lo, hi;
	goro_stackbounds(&lo, &hi);
	return hi - lo;
}

/* run starts fn(arg) as a goroutine and waits for it to end. */
static waitgroup donewg;

static void run(void (*fn)(void *), void *arg)
{
	wg_add(&donewg, 1);
	go(fn, arg);
	wg_wait(&donewg);
}

/* --- the logger: a 2 KiB buffer on the stack, as appliances write it --------------- */

static char logged[2048];
static size_t loggedlen;

static NOINLINE void logmsg(const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	loggedlen = n < 0 ? 0 : (size_t)n;
	memcpy(logged, buf, sizeof buf);
}

/* log_sample logs a sample line for i; log_ok tells whether logmsg wrote exactly that. */
static void log_sample(int i)
{
	logmsg("%s %d %lld %.3f %c|%1500s|", "sample", i, 1234567890123LL * i, 2.5 * i, 'x', "end");
}

static int log_ok(int i)
{
	char want[64];
	int n = snprintf(want, sizeof want, "sample %d %lld %.3f x|", i, 1234567890123LL * i, 2.5 * i);
	return loggedlen == (size_t)n + 1501 && memcmp(logged, want, (size_t)n) == 0 &&
	       memcmp(logged + n + 1497, "end|", 5) == 0;
}

/* --- fresh: the logger on a goroutine's first 2 KiB stack --------------------------- */

static uintptr_t fresh_before, fresh_after;

/* fresh_g calls nothing but goro and the logger (hosted, a caller of the C library gets 16 KiB at once). */
static void fresh_g(void *arg)
{
	(void)arg;
	fresh_before = stacksize();
	log_sample(7);
	fresh_after = stacksize();
	wg_done(&donewg);
}

static void test_fresh(void)
{
	run(fresh_g, NULL);
	CHECK(log_ok(7), "fresh: a variadic logger with a 2 KiB buffer on a %lu-byte stack wrote its %lu-byte message",
	      (unsigned long)fresh_before, (unsigned long)loggedlen);
	CHECK(fresh_after >= fresh_before && fresh_after >= 2 * 2048,
	      "fresh: the stack held the logger's frame: from %lu to %lu bytes",
	      (unsigned long)fresh_before, (unsigned long)fresh_after);
}

/* --- deep: the logger at every level of a recursion -------------------------------- */

enum { DEEP = 3000 };
static int deep_bad;

static NOINLINE int deep(int n)
{
	char pad[100];
	memset(pad, n & 0x7f, sizeof pad);
	opaque(pad);
	if (n % 97 == 0) {
		log_sample(n);
		deep_bad += !log_ok(n);
	}
	int r = n ? deep(n - 1) : 0;
	for (size_t i = 0; i < sizeof pad; i++)
		if (pad[i] != (char)(n & 0x7f))
			deep_bad++;
	return r + 1;
}

static int deep_depth;

static void deep_g(void *arg)
{
	(void)arg;
	deep_depth = deep(DEEP - 1);
	wg_done(&donewg);
}

static void test_deep(void)
{
	run(deep_g, NULL);
	CHECK(deep_depth == DEEP && deep_bad == 0,
	      "deep: the logger called every 97 frames of %d (%d bad messages or frames)", deep_depth, deep_bad);
}

/* --- args: every kind of argument through the entry and the body ------------------ */

struct big {
	char name[40];
	int n;
};

/* sumv: n ints, then n doubles, then a struct big's n; twice over (va_start twice). */
static NOINLINE double sumv(struct big b, int n, ...)
{
	char frame[1024];       /* bigger than any entry may be: only the body can hold it */
	memset(frame, 1, sizeof frame);
	opaque(frame);
	double s = b.n + frame[1000] - 1;
	for (int pass = 0; pass < 2; pass++) {
		va_list ap, cp;
		va_start(ap, n);
		for (int i = 0; i < n; i++)
			s += va_arg(ap, int);
		va_copy(cp, ap);
		double d = 0;
		for (int i = 0; i < n; i++)
			d += va_arg(cp, double);
		va_end(cp);
		for (int i = 0; i < n; i++)     /* ap reads the same doubles as its copy */
			d -= va_arg(ap, double) == 0.5 / (1 << i) ? 0 : 1000;
		s += d;
		struct big t = va_arg(ap, struct big);
		s += t.n + (strcmp(t.name, "inner") == 0 ? 1000 : 0);
		va_end(ap);
	}
	return s;
}

/* many: 16 long longs, more than any arch passes in registers. */
static NOINLINE long long many(int n, ...)
{
	va_list ap;
	va_start(ap, n);
	long long s = 0;
	for (int i = 0; i < n; i++)
		s = s * 3 + va_arg(ap, long long);
	va_end(ap);
	return s;
}

/* mkbig: a struct returned through memory (sret); the ints up to a 0 summed into n. */
static NOINLINE struct big mkbig(const char *name, ...)
{
	struct big b;
	memset(&b, 0, sizeof b);
	strncpy(b.name, name, sizeof b.name - 1);
	va_list ap;
	va_start(ap, name);
	for (int v; (v = va_arg(ap, int)) != 0;)
		b.n += v;
	va_end(ap);
	return b;
}

static int (*volatile fmtp)(char *, size_t, const char *, ...);

/* fmt: a static variadic function, called through a pointer. */
static int fmt(char *out, size_t n, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	int r = vsnprintf(out, n, f, ap);
	va_end(ap);
	return r;
}

static double sum_got;
static long long many_got;
static char fmt_got[64];
static struct big big_got;

static void args_g(void *arg)
{
	(void)arg;
	struct big outer = { "outer", 5 }, inner = { "inner", 11 };
	sum_got = sumv(outer, 3, 1, 2, 3, 0.5, 0.25, 0.125, inner);
	many_got = many(16, 1LL, 2LL, 3LL, 4LL, 5LL, 6LL, 7LL, 8LL, 9LL, 10LL, 11LL, 12LL, 13LL, 14LL, 15LL, 16LL);
	big_got = mkbig("made", 10, 20, 30, 0);
	fmtp = fmt;
	fmtp(fmt_got, sizeof fmt_got, "%d-%s-%.1f", 42, "x", 1.5);
	wg_done(&donewg);
}

static void test_args(void)
{
	run(args_g, NULL);
	double want = 5 + 2 * (6 + 0.875 + 11 + 1000);
	CHECK(sum_got == want, "args: ints, doubles and by-value structs through va_start twice and va_copy: %.3f (want %.3f)",
	      sum_got, want);
	long long w = 0;
	for (int i = 1; i <= 16; i++)
		w = w * 3 + i;
	CHECK(many_got == w, "args: 16 long long arguments: %lld (want %lld)", many_got, w);
	CHECK(strcmp(big_got.name, "made") == 0 && big_got.n == 60,
	      "args: a struct returned through memory: \"%s\" %d", big_got.name, big_got.n);
	CHECK(strcmp(fmt_got, "42-x-1.5") == 0, "args: a static variadic function through a pointer: \"%s\"", fmt_got);
}

/* --- moving: the stack is copied while a va_list is live ----------------------------- */

static NOINLINE int burn(long bytes)
{
	char pad[240];
	pad[0] = (char)bytes;
	opaque(pad);
	if (bytes <= (long)sizeof pad)
		return pad[0];
	return burn(bytes - (long)sizeof pad) + pad[0];
}

/* moved: reads half its arguments, grows the stack to 64 KiB and more, reads the rest. */
static NOINLINE long moved(int n, ...)
{
	va_list ap;
	va_start(ap, n);
	long s = 0;
	for (int i = 0; i < n / 2; i++)
		s = s * 5 + va_arg(ap, int);
	burn(64 * 1024);
	for (int i = n / 2; i < n; i++)
		s = s * 5 + va_arg(ap, int);
	va_end(ap);
	return s;
}

static long moved_got;
static uintptr_t moved_before, moved_after;

static void moving_g(void *arg)
{
	(void)arg;
	moved_before = stacksize();
	moved_got = moved(12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
	moved_after = stacksize();
	wg_done(&donewg);
}

static void test_moving(void)
{
	struct goro_stackstats a, b;
	goro_stackstats(&a);
	run(moving_g, NULL);
	goro_stackstats(&b);
	long w = 0;
	for (int i = 1; i <= 12; i++)
		w = w * 5 + i;
	CHECK(moved_got == w && b.grows > a.grows,
	      "moving: 12 arguments read across %llu stack grows (%lu to %lu bytes): %ld (want %ld)",
	      (unsigned long long)(b.grows - a.grows), (unsigned long)moved_before, (unsigned long)moved_after,
	      moved_got, w);
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	if (strcmp(what, "fresh") == 0)
		test_fresh();
	else if (strcmp(what, "deep") == 0)
		test_deep();
	else if (strcmp(what, "args") == 0)
		test_args();
	else if (strcmp(what, "moving") == 0)
		test_moving();
	else {
		printf("usage: vararg fresh|deep|args|moving\n");
		return 1;
	}
	return failures;
}
