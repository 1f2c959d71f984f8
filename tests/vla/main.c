/*
 * vla - variable-length arrays and alloca on goroutine stacks.
 *
 * The build puts a check before every VLA and alloca (tools/stack-ir,
 * __stack_reserve): the stack grows to fit, and the array is the
 * goroutine's own stack, aligned, freed at the end of its scope. These
 * cases check that on every arch: a 200 KB VLA and a 200 KB alloca
 * written in full from a fresh goroutine while main's stack stays
 * intact, a VLA in a loop of 100,000 iterations in constant memory,
 * alignment to max_align_t (with aligned vector stores where the CPU
 * has them), a VLA too big for maxstack stopping with the report, and
 * on x86 the heap blocks code outside the appliance gets instead.
 * One scenario per run (argv[1]); each check prints "ok: ..." or
 * "FAIL: ...", the exit status is the number of failures.
 *
 * Usage: vla big|alloca|loop|align|overflow|fallback (x86)
 */
#include <alloca.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "goro.h"
#include "../testing.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define MAXALIGN _Alignof(max_align_t)

/* onstack: [p, p + n) lies in the calling goroutine's stack. */
static int onstack(const void *p, size_t n)
{
	uintptr_t lo, hi;
	goro_stackbounds(&lo, &hi);
	return (uintptr_t)p >= lo && (uintptr_t)p + n <= hi;
}

static uintptr_t stacksize(void)
{
	uintptr_t lo, hi;
	goro_stackbounds(&lo, &hi);
	return hi - lo;
}

/* count_not returns how many of the n bytes at p are not c. */
static size_t count_not(const unsigned char *p, size_t n, unsigned char c)
{
	size_t bad = 0;
	for (size_t i = 0; i < n; i++)
		bad += p[i] != c;
	return bad;
}

static waitgroup donewg;

static void run(void (*fn)(void *), void *arg)
{
	wg_add(&donewg, 1);
	go(fn, arg);
	wg_wait(&donewg);
}

/* --- big, alloca: 200 KB from a fresh goroutine; main's stack intact --------------- */

enum { BIG = 200 * 1000, CANARY = 4096 };
static volatile size_t bigsize = BIG;   /* not a constant: a real VLA */

struct bigres {
	int onstack;
	size_t bad;
};

static NOINLINE void big_vla(struct bigres *r)
{
	unsigned char v[bigsize];
	memset(v, 0x22, bigsize);
	opaque(v);
	r->onstack = onstack(v, bigsize);
	r->bad = count_not(v, bigsize, 0x22);
}

static NOINLINE void big_alloca(struct bigres *r)
{
	unsigned char *v = alloca(bigsize);
	memset(v, 0x22, bigsize);
	opaque(v);
	r->onstack = onstack(v, bigsize);
	r->bad = count_not(v, bigsize, 0x22);
}

static struct bigres bigres;

static void big_vla_g(void *arg)
{
	(void)arg;
	big_vla(&bigres);
	wg_done(&donewg);
}

static void big_alloca_g(void *arg)
{
	(void)arg;
	big_alloca(&bigres);
	wg_done(&donewg);
}

static void test_big(const char *what, void (*fn)(void *))
{
	unsigned char canary[CANARY];
	memset(canary, 0x5a, sizeof canary);
	opaque(canary);
	run(fn, NULL);
	CHECK(bigres.onstack && bigres.bad == 0,
	      "%s: a %d-byte %s written in full on a fresh goroutine's own stack (%zu bytes differ)",
	      what, BIG, what[0] == 'v' ? "VLA" : "alloca", bigres.bad);
	CHECK(count_not(canary, sizeof canary, 0x5a) == 0, "%s: main's stack intact", what);
}

/* --- loop: a VLA in a loop runs in constant memory ---------------------------------- */

enum { LOOPS = 100000, LOOPMAX = 4000 };

struct loopres {
	long bad, offstack;
	uintptr_t size_early, size_end;
	uint64_t grows_early, grows_end;
};

static NOINLINE void loop_body(struct loopres *r)
{
	struct goro_stackstats st;
	for (long i = 0; i < LOOPS; i++) {
		size_t n = (size_t)(i * 7919) % LOOPMAX + 1;
		unsigned char v[n];
		memset(v, (int)(i & 0x7f), n);
		opaque(v);
		r->bad += v[0] != (i & 0x7f) || v[n - 1] != (i & 0x7f);
		r->offstack += !onstack(v, n);
		if (i == 1000) {
			goro_stackstats(&st);
			r->size_early = stacksize();
			r->grows_early = st.grows;
		}
	}
	goro_stackstats(&st);
	r->size_end = stacksize();
	r->grows_end = st.grows;
}

static struct loopres loopres;

static void loop_g(void *arg)
{
	(void)arg;
	loop_body(&loopres);
	wg_done(&donewg);
}

static void test_loop(void)
{
	run(loop_g, NULL);
	struct loopres *r = &loopres;
	CHECK(r->bad == 0 && r->offstack == 0, "loop: %d VLAs of 1 to %d bytes on the goroutine's stack (%ld bad, %ld elsewhere)",
	      LOOPS, LOOPMAX, r->bad, r->offstack);
	CHECK(r->size_end == r->size_early && r->grows_end == r->grows_early && r->size_end <= 64 * 1024,
	      "loop: constant memory: the stack was %lu bytes after 1000 iterations and %lu at the end, grown %llu more times",
	      (unsigned long)r->size_early, (unsigned long)r->size_end,
	      (unsigned long long)(r->grows_end - r->grows_early));
}

/* --- align: every VLA and alloca aligned to max_align_t ---------------------------- */

struct alignres {
	int vla_bad, alloca_bad, wide_bad, data_bad;
};

/*
 * store16 writes 16 bytes of b at p with a vector store that requires
 * p aligned to max_align_t, and faults otherwise: movdqa on amd64 (16),
 * NEON vst1 with a :64 alignment hint on ARM (8); i386 has no vectors
 * here (-march=i686), so a plain memset.
 */
static inline void store16(void *p, unsigned char b)
{
#if defined(__SSE2__)
	_mm_store_si128((__m128i *)p, _mm_set1_epi8((char)b));
#elif defined(__ARM_NEON)
	__asm__ volatile("vdup.8 q8, %1\n\t"
	                 "vst1.8 {d16-d17}, [%0:64]"
	                 : : "r"(p), "r"(b) : "d16", "d17", "memory");
#else
	memset(p, b, 16);
#endif
}

typedef struct {
	unsigned char b[64];
} __attribute__((aligned(64))) wide;

static NOINLINE void align_body(struct alignres *r, size_t n)
{
	unsigned char v[n];
	unsigned char *a = alloca(n + 1);
	wide w[n % 3 + 1];
	r->vla_bad += (uintptr_t)v % MAXALIGN != 0;
	r->alloca_bad += (uintptr_t)a % MAXALIGN != 0;
	r->wide_bad += (uintptr_t)w % _Alignof(wide) != 0;
	if (r->vla_bad || r->alloca_bad)
		return;
	for (size_t i = 0; i + 16 <= n; i += 16)
		store16(v + i, (unsigned char)n);
	for (size_t i = 0; i + 16 <= n + 1; i += 16)
		store16(a + i, (unsigned char)n);
	store16(w, (unsigned char)n);
	opaque(v);
	opaque(a);
	opaque(w);
	r->data_bad += count_not(v, n & ~(size_t)15, (unsigned char)n) + count_not(a, (n + 1) & ~(size_t)15, (unsigned char)n) +
		       count_not(w[0].b, 16, (unsigned char)n);
}

static struct alignres alignres;
enum { ALIGN_SMALL = 300, ALIGN_LARGE = 40 };

static void align_g(void *arg)
{
	(void)arg;
	for (size_t n = 1; n <= ALIGN_SMALL; n++)
		align_body(&alignres, n);
	for (size_t k = 0; k < ALIGN_LARGE; k++)       /* more than the stack has: it grows */
		align_body(&alignres, 2048 + 97 * k);
	wg_done(&donewg);
}

static void test_align(void)
{
	run(align_g, NULL);
	struct alignres *r = &alignres;
	CHECK(r->vla_bad == 0 && r->alloca_bad == 0,
	      "align: %d VLAs and allocas of 1 to %d bytes aligned to %u (max_align_t): %d and %d were not",
	      ALIGN_SMALL + ALIGN_LARGE, 2048 + 97 * (ALIGN_LARGE - 1) + 1, (unsigned)MAXALIGN,
	      r->vla_bad, r->alloca_bad);
	CHECK(r->wide_bad == 0, "align: VLAs of a 64-byte aligned type aligned to 64: %d were not", r->wide_bad);
	CHECK(r->data_bad == 0, "align: aligned 16-byte vector stores into them read back (%d bytes differ)", r->data_bad);
}

/* --- fallback: the heap blocks code outside the appliance gets (x86) ------------------- */

/*
 * Code not built through tools/stack-ir (newlib) gets a VLA or alloca
 * that does not fit above the guard from __morestack_allocate_stack_space,
 * called by the compiler; here it is called directly. Each block must be
 * aligned to max_align_t and freed when its function returns.
 */
#if defined(__x86_64__) || defined(__i386__)
void *__morestack_allocate_stack_space(size_t n);

struct fallres {
	long calls, bad, moved;
};

static NOINLINE double fallback_double(struct fallres *r, size_t n, int fill, void **first)
{
	unsigned char *p = __morestack_allocate_stack_space(n);
	unsigned char *q = __morestack_allocate_stack_space(n / 2 + 1);
	memset(p, fill, n);
	memset(q, fill + 1, n / 2 + 1);
	opaque(p);
	opaque(q);
	r->bad += (uintptr_t)p % MAXALIGN != 0 || (uintptr_t)q % MAXALIGN != 0 ||
		  count_not(p, n, (unsigned char)fill) != 0 || count_not(q, n / 2 + 1, (unsigned char)(fill + 1)) != 0;
	if (!*first)
		*first = p;
	r->moved += p != *first;
	return 1.5 * fill;
}

static NOINLINE long long fallback_ll(size_t n, int fill)
{
	unsigned char *p = __morestack_allocate_stack_space(n);
	memset(p, fill, n);
	opaque(p);
	return 0x0102030405060708LL * fill + (long long)count_not(p, n, (unsigned char)fill);
}

static struct fallres fallres;

static void fallback_g(void *arg)
{
	(void)arg;
	void *first = NULL;
	for (long i = 0; i < LOOPS; i++) {
		int fill = (int)(i % 100);
		fallres.bad += fallback_double(&fallres, 1000, fill, &first) != 1.5 * fill;
		fallres.bad += fallback_ll(300, fill) != 0x0102030405060708LL * fill;
		fallres.calls++;
	}
	wg_done(&donewg);
}

static void test_fallback(void)
{
	run(fallback_g, NULL);
	CHECK(fallres.calls == LOOPS && fallres.bad == 0,
	      "fallback: %ld calls got heap blocks aligned to %u, intact, and returned their values (%ld bad)",
	      fallres.calls, (unsigned)MAXALIGN, fallres.bad);
	CHECK(fallres.moved == 0, "fallback: each call's blocks were freed when it returned (%ld calls got other memory)",
	      fallres.moved);
}
#endif

/* --- overflow: a VLA beyond maxstack is the overflow report -------------------------- */

static volatile size_t hugesize = 4 * 1024 * 1024;

static NOINLINE void huge_vla(void)
{
	char v[hugesize];
	memset(v, 1, hugesize);
	opaque(v);
}

static void overflow_g(void *arg)
{
	(void)arg;
	huge_vla();
	wg_done(&donewg);
}

static void test_overflow(void)
{
	printf("overflow: a %lu-byte VLA\n", (unsigned long)hugesize);
	run(overflow_g, NULL);
	printf("FAIL: overflow: the VLA did not stop the goroutine\n");
	failures++;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	if (strcmp(what, "big") == 0)
		test_big("vla", big_vla_g);
	else if (strcmp(what, "alloca") == 0)
		test_big("alloca", big_alloca_g);
	else if (strcmp(what, "loop") == 0)
		test_loop();
	else if (strcmp(what, "align") == 0)
		test_align();
#if defined(__x86_64__) || defined(__i386__)
	else if (strcmp(what, "fallback") == 0)
		test_fallback();
#endif
	else if (strcmp(what, "overflow") == 0)
		test_overflow();
	else {
		printf("usage: vla big|alloca|loop|align|overflow\n");
		return 1;
	}
	return failures;
}
