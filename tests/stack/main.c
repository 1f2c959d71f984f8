/*
 * stack - copy-on-overflow goroutine stacks: growth, relocation of
 * pointers into a moving stack, shrinking while parked, pinned stacks
 * and the overflow reports, one scenario per run (argv[1]). Scenarios
 * that check something print one line per check, "ok: ..." or
 * "FAIL: ...", and exit with the number of failures; the fatal ones
 * (maxstack, guard, stale under stackfaultonfree=1, nocopy) print what
 * they are about to do and end in the runtime's report (status 2).
 *
 * Data written to stacks by the checks avoids values that could look
 * like stack addresses on 32-bit machines (relocation there is
 * conservative: a word whose value lies in the stack being moved is
 * moved with it); the "random" scenario measures exactly that.
 *
 * Usage: stack deep|ptr|frames|chan|many|random|data|quarantine|vlaloop|pinned|big|hold|stale|maxstack|guard|bigguard|nocopy|holdgrow|holdrelease
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "goro.h"
#include "../testing.h"

#define KiB 1024UL
#define MiB (1024UL * 1024)
#define WIDE (UINTPTR_MAX > 0xffffffffu)        /* 64-bit addresses */

static uintptr_t stacklo(void)
{
	uintptr_t lo, hi;
	goro_stackbounds(&lo, &hi);
	return lo;
}

static uintptr_t stacksize(void)
{
	uintptr_t lo, hi;
	goro_stackbounds(&lo, &hi);
	return hi - lo;
}

/* onstack: is [p, p+n) the goroutine's stack memory (where it is, or an old place still showing it)? */
static int onstack(const void *p, size_t n)
{
	return goro_onstack(p, n);
}

static struct goro_stackstats stats(void)
{
	struct goro_stackstats st;
	goro_stackstats(&st);
	return st;
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * Seeds are recomputed from small numbers after a recursive call rather
 * than kept in the frame: on 32-bit a kept random seed (or a product
 * the compiler spilled to compute it) could itself be altered by
 * relocation. A call that reads a volatile cannot be kept across the
 * recursive call, and only a and b are live in the caller.
 */
static volatile uint64_t seedbase = 0x9e3779b97f4a7c15ull;

static NOINLINE uint64_t seed_of(uint64_t a, uint64_t b)
{
	uint64_t s = seedbase ^ (a * 0xbf58476d1ce4e5b9ull) ^ (b * 0x94d049bb133111ebull);
	return s ? s : 1;
}

/* burn recurses through at least bytes of stack and returns. */
static NOINLINE int burn(long bytes)
{
	char pad[240];
	pad[0] = (char)bytes;
	opaque(pad);            /* the whole array is kept */
	if (bytes <= (long)sizeof pad)
		return pad[0];
	return burn(bytes - (long)sizeof pad) + pad[0];
}

/* run starts fn(arg) as a goroutine and waits until it calls done(). */
static waitgroup donewg;

static void run(void (*fn)(void *), void *arg)
{
	wg_add(&donewg, 1);
	go(fn, arg);
	wg_wait(&donewg);
}

static void done(void)
{
	wg_done(&donewg);
}

/* --- 1. deep: 8 MiB of recursion, every frame checks its values ------------- */

enum { DEEP_FRAME = 1024, DEEP_WORDS = DEEP_FRAME / sizeof(uintptr_t), DEEP_DEPTH = 8 * MiB / DEEP_FRAME };

/* deepval: amd64 full 64-bit random words; 32-bit random values below 0x80000000, under every stack region. */
static uintptr_t deepval(uint64_t *s)
{
	return WIDE ? (uintptr_t)xorshift(s) : (uintptr_t)(xorshift(s) & 0x7fffffff);
}

static uintptr_t deep_used;     /* hi - sp at the bottom */

static NOINLINE long deep(int n)
{
	uintptr_t w[DEEP_WORDS];
	uint64_t s = seed_of(1, (uint64_t)n);
	for (size_t i = 0; i < DEEP_WORDS; i++)
		w[i] = deepval(&s);
	opaque(w);
	long bad = 0;
	if (n > 0) {
		bad = deep(n - 1);
	} else {
		uintptr_t lo, hi;
		goro_stackbounds(&lo, &hi);
		deep_used = hi - (uintptr_t)w;
	}
	s = seed_of(1, (uint64_t)n);
	for (size_t i = 0; i < DEEP_WORDS; i++)
		bad += w[i] != deepval(&s);
	return bad;
}

struct deepres { long bad; uintptr_t size; };

static void deep_g(void *arg)
{
	struct deepres *r = arg;        /* main's local: main's stack is pinned */
	r->bad = deep(DEEP_DEPTH);
	r->size = stacksize();
	done();
}

static void test_deep(void)
{
	struct deepres r = { 0, 0 };
	struct goro_stackstats a = stats();
	run(deep_g, &r);
	struct goro_stackstats b = stats();
	CHECK(r.bad == 0 && deep_used >= 8 * MiB,
	      "deep: %d frames, %lu KiB of stack, every frame's %d %s words intact (%ld altered)",
	      DEEP_DEPTH + 1, (unsigned long)(deep_used / KiB), (int)DEEP_WORDS,
	      WIDE ? "random 64-bit" : "random 31-bit", r.bad);
	CHECK(b.grows > a.grows && r.size >= 8 * MiB,
	      "deep: the stack grew %llu times, to %lu KiB",
	      (unsigned long long)(b.grows - a.grows), (unsigned long)(r.size / KiB));
}

/* --- 2. ptr: a pointer to a local passed down 10,000 frames ------------------- */

enum { PTR_DEPTH = 10000, PTR_EVERY = 1000 };

struct ptrres { long bad; long writes; uintptr_t size; };
static struct ptrres ptrres;

/*
 * ptrdown: frame n owns mine (n * 3 + 1); the frame below adds 1 to it
 * through up on its way back. root is the goroutine's local: written
 * through at every PTR_EVERY-th depth on the way down and up, and at
 * the bottom, each time after the stack has moved again.
 */
static NOINLINE long ptrdown(long *up, long *root, int n)
{
	long mine = (long)n * 3 + 1;
	long *volatile saved = &mine;   /* a pointer to a local, kept in the frame */
	char pad[40];
	memset(pad, n & 0x7f, sizeof pad);
	opaque(pad);
	if (n % PTR_EVERY == 0) {
		if (!onstack(root, sizeof *root) || !onstack(up, sizeof *up))
			ptrres.bad++;
		*root += 1;
		ptrres.writes++;
	}
	if (n == 0) {
		*root += 1000000;
		*up += 1;
		return 1;
	}
	long r = ptrdown(&mine, root, n - 1);
	if (mine != (long)n * 3 + 2 || pad[0] != (n & 0x7f) || pad[39] != (n & 0x7f))
		ptrres.bad++;
	/* saved still reaches mine: relocated with a copy, or an old place showing the same memory. */
	*saved += 10;
	if (!onstack(saved, sizeof *saved) || mine != (long)n * 3 + 12)
		ptrres.bad++;
	*saved -= 10;
	if (n % PTR_EVERY == 0) {
		*root += 1;
		ptrres.writes++;
	}
	*up += 1;
	return r + 1;
}

static void ptr_g(void *arg)
{
	(void)arg;
	long root = 0, above = 0;
	long depth = ptrdown(&above, &root, PTR_DEPTH);
	long want = 1000000 + 2 * (PTR_DEPTH / PTR_EVERY) + 1;
	if (root != want || above != 1 || depth != PTR_DEPTH + 1)
		ptrres.bad++;
	printf("ptr: root %ld (want %ld), %ld writes through it\n", root, want, ptrres.writes);
	ptrres.size = stacksize();
	done();
}

static void test_ptr(void)
{
	struct goro_stackstats a = stats();
	run(ptr_g, NULL);
	struct goro_stackstats b = stats();
	uint64_t grows = b.grows - a.grows;
	CHECK(ptrres.bad == 0 && grows >= 5,
	      "ptr: a pointer to a local passed down %d frames and written through at %d depths "
	      "keeps working across %llu moves (stack %lu KiB)",
	      PTR_DEPTH, PTR_DEPTH / PTR_EVERY + 1, (unsigned long long)grows,
	      (unsigned long)(ptrres.size / KiB));
}

/* --- 3. frames: every frame size from 8 bytes to 16 KiB near the guard --------------- */

/* Bytes below 0x80: no word of a pattern can lie in a stack region. */
static unsigned char pat(unsigned seed, size_t i)
{
	return (unsigned char)((seed + i * 7 + (i >> 7)) & 0x7f);
}

/* touch fills buf from the top down; returns whether buf is on the (current) stack. */
static NOINLINE int touch(unsigned char *buf, size_t n, unsigned seed)
{
	for (size_t i = n; i-- > 0;)
		buf[i] = pat(seed, i);
	return onstack(buf, n);
}

#define SIZED(N)                                                        \
	static NOINLINE size_t sized_##N(unsigned seed)                 \
	{                                                               \
		unsigned char buf[N];                                   \
		size_t bad = !touch(buf, N, seed);                      \
		opaque(buf);                                            \
		for (size_t i = 0; i < N; i++)                          \
			bad += buf[i] != pat(seed, i);                  \
		return bad + !onstack(buf, N);                          \
	}
#define SIZES(X)                                                                        \
	X(8) X(16) X(24) X(32) X(40) X(48) X(56) X(64) X(72) X(80) X(88) X(96)          \
	X(104) X(112) X(120) X(128) X(136) X(144) X(152) X(160) X(168) X(176) X(184)    \
	X(192) X(200) X(208) X(216) X(224) X(232) X(240) X(248) X(256) X(264) X(272)    \
	X(280) X(288) X(296) X(304) X(312) X(320) X(328) X(336) X(344) X(352) X(360)    \
	X(368) X(376) X(384) X(392) X(400) X(408) X(416) X(424) X(432) X(440) X(448)    \
	X(456) X(464) X(472) X(480) X(488) X(496) X(504) X(512)                         \
	X(520) X(576) X(640) X(768) X(1000) X(1016) X(1024) X(1032) X(1536) X(2040)     \
	X(2048) X(2056) X(3000) X(4088) X(4095) X(4096) X(4104) X(6000) X(8184) X(8192) \
	X(8200) X(12000) X(16376) X(16384)
SIZES(SIZED)
#define SIZEDENTRY(N) { N, sized_##N },
static const struct { size_t n; size_t (*fn)(unsigned); } sized[] = { SIZES(SIZEDENTRY) };

struct nearctx {
	size_t (*fn)(unsigned);
	unsigned seed;
	int steps;
	uintptr_t room;         /* sp - lo where fn was called */
	int passed;             /* the descent itself grew the stack: sp went past the first guard */
	size_t bad;
};

/* descend takes k small frames, then calls nr->fn where the stack ends. */
static NOINLINE void descend(struct nearctx *nr, int k, uintptr_t lo0)
{
	char pad[24];
	pad[0] = (char)k;
	opaque(pad);
	if (k > 0) {
		descend(nr, k - 1, lo0);
		opaque(pad);
		return;
	}
	uintptr_t lo = stacklo();
	nr->passed = lo != lo0;
	nr->room = (uintptr_t)pad - lo;
	nr->bad = nr->fn(nr->seed);
}

static void near_g(void *arg)
{
	struct nearctx *nr = arg;
	descend(nr, nr->steps, stacklo());
	done();
}

static void test_frames(void)
{
	struct goro_stackstats a = stats();
	size_t bad = 0;
	long calls = 0;
	uintptr_t minroom = UINTPTR_MAX;
	int nsizes = (int)(sizeof sized / sizeof sized[0]);
	for (int i = 0; i < nsizes; i++) {
		/* From the goroutine's first frame down to past the first guard, one call per small frame. */
		for (int k = 0; k < 400; k++) {
			struct nearctx nr = { sized[i].fn, (unsigned)(i * 31 + k), k, 0, 0, 0 };
			run(near_g, &nr);
			calls++;
			if (nr.bad) {
				printf("frames: size %lu at %lu bytes above lo: %lu bad bytes\n",
				       (unsigned long)sized[i].n, (unsigned long)nr.room, (unsigned long)nr.bad);
				bad += nr.bad;
			}
			if (nr.passed)
				break;
			if (nr.room < minroom)
				minroom = nr.room;
		}
	}
	struct goro_stackstats b = stats();
	CHECK(bad == 0 && b.grows > a.grows,
	      "frames: %d frame sizes from %lu to %lu bytes, %ld calls from the stack's top to %lu bytes "
	      "above its low end: contents intact (%llu grows)",
	      nsizes, (unsigned long)sized[0].n, (unsigned long)sized[nsizes - 1].n, calls,
	      (unsigned long)minroom, (unsigned long long)(b.grows - a.grows));
}

/* --- 4. chan: parked on a channel operation with the element on the stack; shrunk meanwhile --- */

struct chanres {
	uintptr_t lo0, hi0, lo1, hi1;   /* bounds before parking, after waking */
	uint64_t shrinks0, shrinks1;
	long got;                       /* what arrived */
	int idx;                        /* select's case */
	int ok;                         /* the goroutine's own checks */
};
static struct chanres chanres;
static chan *chc[3];

static void park_prepare(void)
{
	burn(60 * KiB);         /* grow to 64 KiB or more, then return to a shallow frame */
	goro_stackbounds(&chanres.lo0, &chanres.hi0);
	chanres.shrinks0 = stats().shrinks;
}

static void park_after(void)
{
	goro_stackbounds(&chanres.lo1, &chanres.hi1);
	chanres.shrinks1 = stats().shrinks;
}

static void recv_g(void *arg)
{
	(void)arg;
	park_prepare();
	long local = -1;
	chanres.ok = chan_recv(chc[0], &local);
	park_after();
	chanres.ok &= onstack(&local, sizeof local);
	chanres.got = local;
	done();
}

static void send_g(void *arg)
{
	(void)arg;
	park_prepare();
	long local = 4242;
	chan_send(chc[0], &local);
	park_after();
	chanres.ok = local == 4242 && onstack(&local, sizeof local);
	done();
}

/* select_g: three cases, the elements and the cases themselves on the stack; main picks one. */
static void select_g(void *arg)
{
	int want = (int)(intptr_t)arg;
	park_prepare();
	long r0 = -1, s1 = 5151, r2 = -1;
	struct chan_case cs[3] = {
		{ chc[0], CHAN_RECV, &r0, false },
		{ chc[1], CHAN_SEND, &s1, false },
		{ chc[2], CHAN_RECV, &r2, false },
	};
	chanres.idx = chan_select(cs, 3, true);
	park_after();
	chanres.ok = chanres.idx == want && s1 == 5151 && onstack(cs, sizeof cs) &&
		     onstack(&r0, sizeof r0) && onstack(&r2, sizeof r2);
	if (want == 0) {
		chanres.ok &= cs[0].ok && r2 == -1;
		chanres.got = r0;
	} else if (want == 2) {
		chanres.ok &= cs[2].ok && r0 == -1;
		chanres.got = r2;
	} else {
		chanres.ok &= r0 == -1 && r2 == -1;
	}
	done();
}

/*
 * parked_then starts fn, lets it grow, return and park on its channel
 * operation (shrinking there), then completes the operation from main:
 * action 0 sends on chc[0], 1 receives from chc[0], 2 sends on chc[2],
 * 3 receives from chc[1]. Checks the value and that the stack moved.
 */
static void parked_then(void (*fn)(void *), void *arg, int action, const char *what)
{
	memset(&chanres, 0, sizeof chanres);
	wg_add(&donewg, 1);
	go(fn, arg);
	for (int i = 0; i < 4; i++)     /* it runs, grows, returns and parks */
		gosched();
	gosleep(1000000);
	long v = 0;
	switch (action) {
	case 0:
		v = 777000;
		chan_send(chc[0], &v);
		break;
	case 1:
		chan_recv(chc[0], &v);
		break;
	case 2:
		v = 777002;
		chan_send(chc[2], &v);
		break;
	case 3:
		chan_recv(chc[1], &v);
		break;
	}
	wg_wait(&donewg);
	struct chanres *r = &chanres;
	int moved = r->lo1 != r->lo0 && r->hi1 - r->lo1 < r->hi0 - r->lo0;
	int valok = action == 0 || action == 2 ? r->got == v : v == (action == 1 ? 4242 : 5151);
	CHECK(r->ok && valok && moved && r->shrinks1 > r->shrinks0,
	      "chan: %s: the value arrived while the stack shrank from %lu to %lu KiB (%llu shrinks)",
	      what, (unsigned long)((r->hi0 - r->lo0) / KiB), (unsigned long)((r->hi1 - r->lo1) / KiB),
	      (unsigned long long)(r->shrinks1 - r->shrinks0));
	if (!(r->ok && valok && moved))
		printf("chan: %s: ok %d value %ld/%ld moved %d [%p, %p) -> [%p, %p)\n", what, r->ok,
		       (long)r->got, v, moved, (void *)r->lo0, (void *)r->hi0, (void *)r->lo1, (void *)r->hi1);
}

static void test_chan(void)
{
	for (int i = 0; i < 3; i++)
		chc[i] = chan_make(sizeof(long), 0);
	parked_then(recv_g, NULL, 0, "chan_recv into a local");
	parked_then(send_g, NULL, 1, "chan_send of a local");
	parked_then(select_g, (void *)(intptr_t)2, 2, "chan_select receiving into a local");
	parked_then(select_g, (void *)(intptr_t)1, 3, "chan_select sending a local");
	parked_then(select_g, (void *)(intptr_t)0, 0, "chan_select receiving into another local");
}

/*
 * chanstorm: pairs of goroutines pass values through unbuffered channels,
 * the element a local of each side's stack, and grow their stacks before
 * every value, so a parking side's stack shrinks (it moves) while the
 * other, perhaps on another CPU, is about to write or read that local
 * through the channel's record of it (docs/smp.md, "Moving a stack").
 */
enum { STORM_PAIRS = 16, STORM_ROUNDS = 200 };
static chan *stormc[STORM_PAIRS];
static waitgroup stormwg;
static long stormbad;

static long storm_value(int pair, int round)
{
	return (long)pair * 1000003 + (long)round * 7 + 1;
}

static void storm_recv(void *arg)
{
	int id = (int)(intptr_t)arg;
	for (int r = 0; r < STORM_ROUNDS; r++) {
		burn(16 * KiB);                 /* grown: parked shallow, the stack shrinks */
		long v = 0;
		chan_recv(stormc[id], &v);
		opaque(&v);
		if (v != storm_value(id, r))
			__atomic_add_fetch(&stormbad, 1, __ATOMIC_RELAXED);
	}
	wg_done(&stormwg);
}

static void storm_send(void *arg)
{
	int id = (int)(intptr_t)arg;
	for (int r = 0; r < STORM_ROUNDS; r++) {
		burn(16 * KiB);
		long v = storm_value(id, r);
		opaque(&v);
		chan_send(stormc[id], &v);
	}
	wg_done(&stormwg);
}

static void test_chanstorm(void)
{
	uint64_t shrinks = stats().shrinks;
	wg_add(&stormwg, 2 * STORM_PAIRS);
	for (int i = 0; i < STORM_PAIRS; i++) {
		stormc[i] = chan_make(sizeof(long), 0);
		go(storm_recv, (void *)(intptr_t)i);
		go(storm_send, (void *)(intptr_t)i);
	}
	wg_wait(&stormwg);
	shrinks = stats().shrinks - shrinks;
	CHECK(stormbad == 0, "chanstorm: %d values through stack locals arrived intact on %d CPUs (%ld wrong)",
	      STORM_PAIRS * STORM_ROUNDS, goro_ncpu(), stormbad);
	CHECK(shrinks > 0, "chanstorm: stacks shrank %llu times meanwhile", (unsigned long long)shrinks);
	for (int i = 0; i < STORM_PAIRS; i++)
		chan_free(stormc[i]);
}

/* --- 5. many: 1000 goroutines grow to 64 KiB and shrink back ------------------------ */

enum { MANY = 1000, MANY_PARKS = 8 };
static chan *manygate[MANY_PARKS + 2];
static waitgroup manywg[MANY_PARKS + 2];
static uintptr_t manymax;

static void many_g(void *arg)
{
	(void)arg;
	wg_done(&manywg[0]);
	chan_recv(manygate[0], NULL);           /* parked at the starting size */
	burn(48 * KiB);                         /* grow to 64 KiB */
	uintptr_t size = stacksize();
	if (size > manymax)
		manymax = size;
	for (int r = 1; r <= MANY_PARKS; r++) { /* park again and again: each a chance to shrink */
		wg_done(&manywg[r]);
		chan_recv(manygate[r], NULL);
	}
	wg_done(&manywg[MANY_PARKS + 1]);
}

struct manyround { size_t inuse_before, inuse_parked0, inuse_parked1, inuse_after, mapped_after; };

static void many_round(struct manyround *mr)
{
	mr->inuse_before = stats().inuse;
	for (int r = 0; r <= MANY_PARKS + 1; r++) {
		manygate[r] = chan_make(0, 0);
		wg_add(&manywg[r], MANY);
	}
	for (int i = 0; i < MANY; i++)
		go(many_g, NULL);
	wg_wait(&manywg[0]);                    /* all parked at gate 0 */
	mr->inuse_parked0 = stats().inuse;
	for (int r = 0; r <= MANY_PARKS; r++) {
		chan_close(manygate[r]);
		wg_wait(&manywg[r + 1]);        /* all parked at gate r + 1 (or, last, ending) */
		if (r == MANY_PARKS - 1)
			mr->inuse_parked1 = stats().inuse;
	}
	gosched();                              /* let the last one end */
	struct goro_stackstats st = stats();
	mr->inuse_after = st.inuse;
	mr->mapped_after = st.mapped;
	for (int r = 0; r <= MANY_PARKS + 1; r++)
		chan_free(manygate[r]);
}

static void test_many(void)
{
	struct manyround m[2];
	struct goro_stackstats a = stats();
	many_round(&m[0]);
	struct goro_stackstats b = stats();
	many_round(&m[1]);
	struct goro_stackstats c = stats();
	CHECK(manymax >= 64 * KiB, "many: the goroutines grew to %lu KiB", (unsigned long)(manymax / KiB));
	for (int i = 0; i < 2; i++) {
		struct manyround *r = &m[i];
		/*
		 * The baseline: the same goroutines parked before they grew
		 * (each on its starting stack, 2 KiB; more where calls into
		 * code without the check make room for it first, as under a
		 * hosted sanitizer).
		 */
		size_t base = r->inuse_parked0;
		CHECK(r->inuse_parked1 <= base + base / 20,
		      "many: round %d: %d goroutines parked after growing to 64 KiB hold %lu KiB of stack, "
		      "%lu KiB before growing (%lu KiB of it main's and the others')", i + 1, MANY,
		      (unsigned long)(r->inuse_parked1 / KiB), (unsigned long)(base / KiB),
		      (unsigned long)(r->inuse_before / KiB));
		CHECK(r->inuse_after <= r->inuse_before + 16 * KiB,
		      "many: round %d: after they end %lu KiB in use, %lu KiB before they started",
		      i + 1, (unsigned long)(r->inuse_after / KiB), (unsigned long)(r->inuse_before / KiB));
	}
	/* From the starting size to the largest and back: that many doublings, and as many halvings. */
	uintptr_t start = (m[0].inuse_parked0 - m[0].inuse_before) / MANY;
	uint64_t steps = 0;
	while (start && (start << steps) < manymax)
		steps++;
	uint64_t need = MANY * steps;
	CHECK(steps > 0 && b.grows - a.grows >= need && c.grows - b.grows >= need &&
	      b.shrinks - a.shrinks >= need && c.shrinks - b.shrinks >= need,
	      "many: from %lu bytes to %lu KiB and back: grows %llu and %llu, shrinks %llu and %llu in the two rounds",
	      (unsigned long)start, (unsigned long)(manymax / KiB),
	      (unsigned long long)(b.grows - a.grows), (unsigned long long)(c.grows - b.grows),
	      (unsigned long long)(b.shrinks - a.shrinks), (unsigned long long)(c.shrinks - b.shrinks));
	CHECK(m[1].mapped_after <= m[0].mapped_after + m[0].mapped_after / 20,
	      "many: stack memory mapped after round 1 %lu KiB, after round 2 %lu KiB",
	      (unsigned long)(m[0].mapped_after / KiB), (unsigned long)(m[1].mapped_after / KiB));
}

/* --- 6. maxstack: unbounded recursion stops at the limit ------------------------------ */

static volatile int overflow_stop;       /* never set: keeps the compiler from calling it infinite */

static NOINLINE int overflow_forever(int n)
{
	char pad[200];
	pad[0] = (char)n;
	opaque(pad);
	if (overflow_stop)
		return pad[0];
	return overflow_forever(n + 1) + pad[0];
}

static void overflow_g(void *arg)
{
	(void)arg;
	overflow_forever(0);
}

/* --- 7. guard: a function without the check runs off a pinned stack --------------------- */

/*
 * unchecked recurses in 512-byte frames without the prologue check
 * (like code built without -fsplit-stack): nothing grows the stack, and
 * it runs until it reaches the guard page.
 */
static NOINLINE __attribute__((no_split_stack)) int unchecked(int depth)
{
	volatile char frame[512];
	frame[0] = (char)depth;
	frame[511] = (char)depth;
	return unchecked(depth + 1) + frame[0] + frame[511];
}

static void unchecked_g(void *arg)
{
	(void)arg;
	unchecked(0);
}

/* --- 8. random: frames of random data, altered words counted -------------------------- */

enum { RAND_G = 8, RAND_WORDS = 64, RAND_DEPTH = 2000 };
static long rand_altered, rand_checked;

#if UINTPTR_MAX > 0xffffffffu
typedef uint64_t randword;
/* Even words full 64-bit, odd words 32-bit values. */
static randword randval(uint64_t *s, size_t i)
{
	uint64_t v = xorshift(s);
	return i & 1 ? (uint32_t)v : v;
}
#else
typedef uint32_t randword;
static randword randval(uint64_t *s, size_t i)
{
	(void)i;
	return (uint32_t)(xorshift(s) >> 16);
}
#endif

static NOINLINE void randframes(int g, int n)
{
	randword buf[RAND_WORDS];
	uint64_t s = seed_of((uint64_t)g + 100, (uint64_t)n);
	for (size_t i = 0; i < RAND_WORDS; i++)
		buf[i] = randval(&s, i);
	opaque(buf);
	if (n > 0)
		randframes(g, n - 1);
	s = seed_of((uint64_t)g + 100, (uint64_t)n);
	for (size_t i = 0; i < RAND_WORDS; i++)
		rand_altered += buf[i] != randval(&s, i);
	rand_checked += RAND_WORDS;
}

static void rand_g(void *arg)
{
	randframes((int)(intptr_t)arg, RAND_DEPTH);
	wg_done(&donewg);
}

static void test_random(void)
{
	struct goro_stackstats a = stats();
	wg_add(&donewg, RAND_G);
	for (int g = 0; g < RAND_G; g++)
		go(rand_g, (void *)(intptr_t)g);
	wg_wait(&donewg);
	struct goro_stackstats b = stats();
	unsigned long long rate = rand_checked ? (unsigned long long)rand_altered * 1000000 / (unsigned long long)rand_checked : 0;
	const char *kind = WIDE ? "64-bit words (half of them 32-bit values)" : "32-bit words";
	bool copied32 = !WIDE && b.bytes_copied != a.bytes_copied;
	if (!copied32)
		CHECK(rand_altered == 0,
		      "random: %d goroutines x %d frames of random %s: %ld of %ld altered by relocation "
		      "(%llu per million; %llu grows, none by copying)", RAND_G, RAND_DEPTH + 1, kind, rand_altered, rand_checked,
		      rate, (unsigned long long)(b.grows - a.grows));
	else
		CHECK(b.grows > a.grows,
		      "random: %d goroutines x %d frames of random %s: %ld of %ld altered by relocation "
		      "(%llu per million; %llu grows; measured, not a failure on 32-bit)", RAND_G, RAND_DEPTH + 1,
		      kind, rand_altered, rand_checked, rate, (unsigned long long)(b.grows - a.grows));
}

/* --- 9. stale: &local stored in a global, then the stack moves ------------------------- */

static long *stale_ptr;

static void stale_g(void *arg)
{
	(void)arg;
	long local = 42;
	stale_ptr = &local;     /* breaks the rule on purpose */
	uintptr_t lo0, hi0, lo1, hi1;
	goro_stackbounds(&lo0, &hi0);
	burn(256 * KiB);
	goro_stackbounds(&lo1, &hi1);
	local = 43;
	printf("stale: &local %p stored in a global; the stack moved from [%p, %p) to [%p, %p), the local is now at %p; "
	       "reading through the global\n", (void *)stale_ptr, (void *)lo0, (void *)hi0,
	       (void *)lo1, (void *)hi1, (void *)&local);
	fflush(stdout);
	long old = *(volatile long *)stale_ptr;
	printf("stale pointer read: old value %ld new local %ld -> %s\n", old, local,
	       lo1 == lo0 ? "not moved" : old == local ? "same memory: the old place still shows the stack" : "stale");
	done();
}

/* --- 10. pinned: a pinned goroutine's local written by another goroutine ------------------ */

/*
 * Room for 16 KiB more than pindeep uses: hosted, a function that calls
 * code built without the check (the C library, a sanitizer's runtime)
 * asks for 16 KiB beyond its frame.
 */
enum { PIN_SIZE = 40000, PIN_PAGE = 4096 };

struct pinres { int ok; uintptr_t lo0, hi0, lo1, hi1; long got; };
static struct pinres pinres;
static chan *pinptr, *pinwritten;

static NOINLINE long pindeep(int n)
{
	char pad[200];
	pad[0] = (char)n;
	opaque(pad);
	if (n == 0) {
		chan_recv(pinwritten, NULL);    /* parked deep: another goroutine writes our local */
		return pad[0];
	}
	return pindeep(n - 1) + pad[0];
}

static void pinned_g(void *arg)
{
	(void)arg;
	long local = 1;
	goro_stackbounds(&pinres.lo0, &pinres.hi0);
	long *p = &local;
	chan_send(pinptr, &p);                  /* published: allowed on a pinned stack */
	pindeep(40);                            /* about 10 KiB of its 40 KiB */
	for (int i = 0; i < 4; i++)             /* park a few times: no shrinking either */
		gosleep(100000);
	goro_stackbounds(&pinres.lo1, &pinres.hi1);
	pinres.got = local;
	pinres.ok = &local == p;
	done();
}

static void writer_g(void *arg)
{
	(void)arg;
	long *p;
	chan_recv(pinptr, &p);
	gosched();              /* the pinned goroutine goes deep and parks */
	*p = 31337;
	chan_send(pinwritten, NULL);
}

static void test_pinned(void)
{
	pinptr = chan_make(sizeof(long *), 0);
	pinwritten = chan_make(0, 0);
	wg_add(&donewg, 1);
	go_pinned(pinned_g, NULL, PIN_SIZE);
	go(writer_g, NULL);
	wg_wait(&donewg);
	struct pinres *r = &pinres;
	uintptr_t size = r->hi0 - r->lo0;
	CHECK(r->ok && r->got == 31337, "pinned: another goroutine wrote %ld through a pointer to a pinned local", r->got);
	CHECK(r->lo0 == r->lo1 && r->hi0 == r->hi1 && size >= PIN_SIZE && size % PIN_PAGE == 0,
	      "pinned: the stack [%p, %p) (%lu bytes for %d asked) did not move through deep calls and parks",
	      (void *)r->lo0, (void *)r->hi0, (unsigned long)size, PIN_SIZE);
}

/* --- 11. nocopy: copystack=0, growth is a fatal report -------------------------------------- */

static NOINLINE int needs_more(int n)
{
	char pad[256];
	pad[0] = (char)n;
	opaque(pad);
	if (n == 0)
		return pad[0];
	return needs_more(n - 1) + pad[0];
}

static void nocopy_g(void *arg)
{
	(void)arg;
	needs_more(400);        /* about 100 KiB */
	done();
}

/* --- 12. big: on amd64 stacks of 64 KiB and more grow and shrink in place ---------- */

/*
 * A goroutine grows to 128 KiB, publishes a pointer to a local there,
 * grows on to 512 KiB and reads through the pointer. Where big stacks grow
 * in place (amd64 and hosted, default options) the stack's top does not
 * move and the pointer still reads its value; elsewhere (32-bit, or
 * stackfromsystem/stackfaultonfree) the stack moved and the pointer is
 * not read (that is the rule). Then it yields until its stack halves.
 */
struct bigres {
	uintptr_t hi1, hi2, hi3, size1, size2, size3, size4, aliased;
	int seen;
};
static volatile int *big_published;

static NOINLINE void big_deep(struct bigres *r)
{
	int local = 4242;
	opaque(&local);
	big_published = &local;
	uintptr_t lo;
	goro_stackbounds(&lo, &r->hi1);
	r->size1 = r->hi1 - lo;
	burn(400 * KiB);
	goro_stackbounds(&lo, &r->hi2);
	r->size2 = r->hi2 - lo;
	r->seen = r->hi2 == r->hi1 || goro_onstack((const void *)big_published, sizeof(int)) ? *big_published : -1;
	big_published = NULL;
}

static NOINLINE void big_g(void *arg)
{
	struct bigres *r = arg;
	burn(100 * KiB);                /* to 128 KiB: a big stack */
	big_deep(r);
	gosched();                      /* a yield halves it once */
	uintptr_t lo;
	goro_stackbounds(&lo, &r->hi3);
	r->size3 = r->hi3 - lo;
	for (int i = 0; i < 8; i++)
		gosched();
	r->size4 = stacksize();
	r->aliased = stats().aliased;
	done();
}

static void test_big(void)
{
	struct bigres r = { 0 };
	run(big_g, &r);
	bool inplace = r.hi2 == r.hi1, remapped = !inplace && r.seen == 4242;
	CHECK(r.size2 >= 512 * KiB && r.size2 > r.size1 && (!inplace || r.seen == 4242),
	      "big: grew from %lu KiB to %lu KiB %s", (unsigned long)(r.size1 / KiB),
	      (unsigned long)(r.size2 / KiB),
	      inplace ? "in place: the stack did not move, and a pointer published before reads 4242"
	      : remapped ? "by remapping: the stack moved, and a pointer published before reads 4242"
		      : "by copying: the stack moved");
	CHECK(r.size3 == r.size2 / 2 && (!(inplace || remapped) || r.hi3 == r.hi2),
	      "big: a yield halved it from %lu KiB to %lu KiB %s", (unsigned long)(r.size2 / KiB),
	      (unsigned long)(r.size3 / KiB), r.hi3 == r.hi2 ? "in place" : "by copying");
	/* (32 KiB: under a sanitizer every call into its runtime asks for 16 KiB of headroom.) */
	CHECK(r.size4 <= 32 * KiB, "big: eight more yields took it down to %lu KiB",
	      (unsigned long)(r.size4 / KiB));
	CHECK(r.aliased == 0, "big: %lu bytes of the places it moved from still mapped once nothing points there",
	      (unsigned long)r.aliased);
}

/* --- 13. hold: goro_stackhold keeps a stack where it is while others use its addresses ---------- */

/*
 * A goroutine grows to 32 KiB (which on amd64 shrinks by copying),
 * holds its stack, hands a pointer to a local array to another
 * goroutine and parks using far under a quarter of it: the other
 * goroutine writes the array meanwhile. Held, the stack neither shrinks
 * nor moves, and the writes land in the array (under stackfaultonfree=1
 * a write to a stack that had moved would fault). Released, a stack
 * that grew again shrinks at its parks as usual. Holds nest, and a hold
 * with room leaves that much free below the caller.
 */
enum { HOLD_WORDS = 64, HOLD_ROOM = 64 * 1024 };
struct holdres { uintptr_t size0, size1, size2, size3, size4, lo1, lo0; int wrote, same; };
static chan *holdptr, *holdwritten;

static void holdwriter_g(void *arg)
{
	(void)arg;
	long *p;
	chan_recv(holdptr, &p);
	gosleep(2000000);               /* the holder is parked by now */
	for (int i = 0; i < HOLD_WORDS; i++)
		p[i] = 1000 + i;
	chan_send(holdwritten, NULL);
}

static NOINLINE void hold_publish(struct holdres *r)
{
	long buf[HOLD_WORDS];
	for (int i = 0; i < HOLD_WORDS; i++)
		buf[i] = i;
	goro_stackhold(0);
	goro_stackhold(1024);           /* holds nest */
	goro_stackbounds(&r->lo0, &r->size0);
	long *p = buf;
	chan_send(holdptr, &p);
	chan_recv(holdwritten, NULL);   /* parked, using a few hundred bytes of 32 KiB */
	goro_stackrelease();
	for (int i = 0; i < 4; i++)     /* still held once: no shrink at these parks either */
		gosleep(100000);
	uintptr_t hi;
	goro_stackbounds(&r->lo1, &hi);
	r->size1 = hi - r->lo1;
	r->size0 = r->size0 - r->lo0;
	r->same = p == buf;
	for (int i = 0; i < HOLD_WORDS; i++)
		r->wrote += buf[i] == 1000 + i;
	goro_stackrelease();
}

static NOINLINE uintptr_t hold_room(void)
{
	long local = 0;
	opaque(&local);
	goro_stackhold(HOLD_ROOM);
	uintptr_t free = (uintptr_t)&local - stacklo();
	goro_stackrelease();
	return free;
}

static void hold_g(void *arg)
{
	struct holdres *r = arg;
	burn(24 * KiB);
	hold_publish(r);
	burn(200 * KiB);                /* released: grow to 256 KiB, then park */
	r->size3 = stacksize();
	for (int i = 0; i < 4; i++)
		gosleep(100000);
	r->size4 = stacksize();
	done();
}

static void room_g(void *arg)
{
	*(uintptr_t *)arg = hold_room();
	done();
}

/* On a small pinned stack a hold asks for no room (it never moves). */
static void pinnedhold_g(void *arg)
{
	goro_stackhold(1 << 20);
	goro_stackrelease();
	*(int *)arg = 1;
	done();
}

static void test_hold(void)
{
	struct holdres r = { 0 };
	holdptr = chan_make(sizeof(long *), 0);
	holdwritten = chan_make(0, 0);
	go(holdwriter_g, NULL);
	run(hold_g, &r);
	CHECK(r.same && r.wrote == HOLD_WORDS,
	      "hold: another goroutine wrote %d of %d words of a held local array while its owner was parked",
	      r.wrote, HOLD_WORDS);
	CHECK(r.size0 >= 32 * KiB && r.size1 == r.size0 && r.lo1 == r.lo0,
	      "hold: the held %lu KiB stack did not shrink or move at 5 parks using under a quarter of it",
	      (unsigned long)(r.size0 / KiB));
	CHECK(r.size4 < r.size3, "hold: released, a stack grown to %lu KiB shrank at its parks (to %lu KiB)",
	      (unsigned long)(r.size3 / KiB), (unsigned long)(r.size4 / KiB));
	uintptr_t free = 0;
	run(room_g, &free);
	CHECK(free >= HOLD_ROOM, "hold: goro_stackhold(%d) on a fresh goroutine left %lu bytes below the caller",
	      HOLD_ROOM, (unsigned long)free);
	int pinnedok = 0;
	wg_add(&donewg, 1);
	go_pinned(pinnedhold_g, &pinnedok, 64 * KiB);
	wg_wait(&donewg);
	CHECK(pinnedok, "hold: goro_stackhold(1 MiB) on a 64 KiB pinned stack holds without asking for room");
}

/*
 * holdgrow: a held stack must grow. i386 and ARM remap it (the old
 * addresses still work), amd64 grows a small stack by copying: the
 * fatal report, which names the hold.
 */
static NOINLINE void holdgrow_deep(void)
{
	int local = 4242;
	opaque(&local);
	volatile int *published = &local;
	uintptr_t lo0 = stacklo();
	printf("holdgrow: a held %lu-byte stack grows\n", (unsigned long)stacksize());
	fflush(stdout);
	goro_stackhold(0);
	burn(100 * KiB);
	CHECK(*published == 4242, "holdgrow: grew from [%p, ...) to %lu KiB by remapping while held; "
	      "a pointer published before reads %d", (void *)lo0, (unsigned long)(stacksize() / KiB), *published);
	goro_stackrelease();
}

static void holdgrow_g(void *arg)
{
	(void)arg;
	holdgrow_deep();
	done();
}

/* bigguard: code without the check runs off a big stack: the reserved page below is its guard. */
static void bigguard_g(void *arg)
{
	(void)arg;
	burn(300 * KiB);
	printf("bigguard: running off a %lu KiB stack without the check\n", (unsigned long)(stacksize() / KiB));
	fflush(stdout);
	unchecked(0);
}

/* --- 14. data: everyday frame contents survive every move, whatever their bits ------------ */

/*
 * 40 goroutines recurse with frames full of one kind of data each and
 * pass a pointer to a local down at every level: random 32-bit words,
 * negative and positive floats and doubles of everyday magnitudes, text
 * (ASCII and UTF-8), and byte fills, some 2 MiB deep, and one frame of
 * 100 KB of a byte pattern. Every frame is checked on the way back up.
 * With stacks that move without guessing (64-bit, or remapped on 32-bit)
 * nothing may change; under the copying debug modes on 32-bit the count
 * is reported.
 */
enum { DATA_G = 40, DATA_WORDS = 48 };
enum { K_RANDOM, K_FLOAT, K_DOUBLE, K_TEXT, K_BYTES, K_NKINDS };
static const char *const data_kind[] = { "random", "float", "double", "text", "bytes" };
static long data_altered[K_NKINDS], data_checked[K_NKINDS];

static const char data_text[] = "Grüße, 世界! Ünïcödé text — ordinary words, ASCII and UTF-8 ‘quotes’ 🙂 ";

/* data_fill writes word i of a frame of kind k from seed s (the same bits every time). */
static void data_fill(int k, uint64_t s, uint32_t *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t r = xorshift(&s);
		switch (k) {
		case K_RANDOM:
			w[i] = (uint32_t)(r >> 11);
			break;
		case K_FLOAT: {
			float f = (float)((int64_t)(r % 2000001) - 1000000) / (float)(1 + (r >> 40) % 1000);
			memcpy(&w[i], &f, 4);
			break;
		}
		case K_DOUBLE:
			if (i + 1 < n) {
				double d = (double)((int64_t)(r % 2000001) - 1000000) / (double)(1 + (r >> 40) % 1000);
				memcpy(&w[i], &d, 8);
				i++;
			}
			break;
		case K_TEXT:
			for (int b = 0; b < 4; b++)
				((char *)&w[i])[b] = data_text[(i * 4 + b + (s & 15)) % (sizeof data_text - 1)];
			break;
		default: {
			unsigned char c = (unsigned char)(0x80 + (s & 0x7f));   /* 0x80..0xff: stack-region bytes */
			memset(&w[i], c, 4);
			break;
		}
		}
	}
}

static NOINLINE void dataframes(int g, int k, int n, long *count)
{
	uint32_t buf[DATA_WORDS], want[DATA_WORDS];
	uint64_t s = seed_of((uint64_t)g + 7000, (uint64_t)n);
	data_fill(k, s, buf, DATA_WORDS);
	opaque(buf);
	*count += 1;            /* written through a pointer to the caller's local */
	if (n > 0)
		dataframes(g, k, n - 1, count);
	data_fill(k, s, want, DATA_WORDS);
	for (size_t i = 0; i < DATA_WORDS; i++)
		data_altered[k] += buf[i] != want[i];
	data_checked[k] += DATA_WORDS;
}

/* A 100 KB frame of a byte pattern, then deeper calls that move the stack. */
static NOINLINE void dataframe_big(void)
{
	unsigned char big[100 * 1000];
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (unsigned char)(0xb5 + i % 3);
	opaque(big);
	burn(300 * KiB);
	for (size_t i = 0; i < sizeof big; i++)
		data_altered[K_BYTES] += big[i] != (unsigned char)(0xb5 + i % 3);
	data_checked[K_BYTES] += sizeof big / 4;
}

static void data_g(void *arg)
{
	int g = (int)(intptr_t)arg, k = g % K_NKINDS;
	long count = 0;
	int depth = g % 8 == 0 ? 2 * (int)MiB / 300 : 40 + g * 13;     /* some ~2 MiB deep */
	dataframes(g, k, depth, &count);
	if (count != depth + 1)
		data_altered[k]++;
	if (g == 1)
		dataframe_big();
	wg_done(&donewg);
}

static void test_data(void)
{
	struct goro_stackstats a = stats();
	wg_add(&donewg, DATA_G);
	for (int g = 0; g < DATA_G; g++)
		go(data_g, (void *)(intptr_t)g);
	wg_wait(&donewg);
	struct goro_stackstats b = stats();
	long altered = 0, checked = 0;
	for (int k = 0; k < K_NKINDS; k++) {
		printf("data: %s: %ld of %ld words altered\n", data_kind[k], data_altered[k], data_checked[k]);
		altered += data_altered[k];
		checked += data_checked[k];
	}
	bool copied32 = !WIDE && b.bytes_copied != a.bytes_copied;
	CHECK(b.grows > a.grows && (altered == 0 || copied32),
	      "data: %d goroutines, frames of random, float, double, text and byte data: %ld of %ld words altered "
	      "(%llu grows, %llu bytes copied, %llu words relocated)%s", DATA_G, altered, checked,
	      (unsigned long long)(b.grows - a.grows), (unsigned long long)(b.bytes_copied - a.bytes_copied),
	      (unsigned long long)(b.relocated - a.relocated),
	      copied32 ? "; copied on 32-bit: measured, not judged" : "");
}

/* --- 15. quarantine: stackfaultonfree recycles the oldest freed stacks ------------------- */

enum { QUAR_G = 3000 };
static uintptr_t quar_lo = UINTPTR_MAX, quar_hi;

static void quar_g(void *arg)
{
	(void)arg;
	burn(12 * KiB);         /* grows: every old stack is freed into the quarantine */
	uintptr_t lo, hi;
	goro_stackbounds(&lo, &hi);
	if (lo < quar_lo)
		quar_lo = lo;
	if (hi > quar_hi)
		quar_hi = hi;
	done();
}

/* Run with stackfaultonfree=1 stackquarantine=1048576: the address space used stays bounded. */
static void test_quarantine(void)
{
	for (int i = 0; i < QUAR_G; i++)
		run(quar_g, NULL);
	uintptr_t span = quar_hi - quar_lo;
	CHECK(span < 16 * MiB,
	      "quarantine: %d goroutines grew with freed stacks faulting; their stacks stayed within %lu KiB "
	      "of address space (the oldest freed stacks are recycled)", QUAR_G, (unsigned long)(span / KiB));
}

/* --- 16. vlaloop: a VLA's scope ends after the stack moved -------------------------------- */

/*
 * Each iteration allocates a VLA; some grow the stack while it is live.
 * The end of its scope restores the sp saved before the move: on
 * machines that move stacks by remapping, that is the old place, and
 * the next call moves sp back. Every VLA must keep its contents.
 */
static long vla_bad;

static NOINLINE void vla_loop(int iters)
{
	for (int i = 0; i < iters; i++) {
		char v[100 + i % 50];
		memset(v, i & 0x7f, sizeof v);
		opaque(v);
		if (i % 10 == 3)
			burn((long)(16 * KiB) << (i / 10));
		for (size_t k = 0; k < sizeof v; k++)
			vla_bad += v[k] != (char)(i & 0x7f);
	}
}

static void vlaloop_g(void *arg)
{
	(void)arg;
	vla_loop(60);
	done();
}

static void test_vlaloop(void)
{
	struct goro_stackstats a = stats();
	run(vlaloop_g, NULL);
	struct goro_stackstats b = stats();
	CHECK(vla_bad == 0 && b.grows > a.grows,
	      "vlaloop: 60 VLA scopes, 6 of them across a stack move: %ld bad bytes (%llu grows)", vla_bad,
	      (unsigned long long)(b.grows - a.grows));
}

static void say(const char *what)
{
	printf("%s\n", what);
	fflush(stdout);
}

/*
 * libcyield: C library calls on both sides of a yield in one function.
 * Hosted, a call into the host's C library (no split-stack check) is
 * given 16 KiB of headroom at its caller's entry; a shrink at the yield
 * must not take that room away from the calls after it.
 */
static int libcbad;

static void NOINLINE libcyield_loop(void *arg)
{
	waitgroup *wg = arg;
	char buf[64];
	for (int i = 0; i < 200; i++) {
		snprintf(buf, sizeof buf, "%d.25", i);
		gosched();
		double d = strtod(buf, NULL);
		if (d != i + 0.25)
			libcbad++;
	}
	wg_done(wg);
}

static void libcyield(void)
{
	waitgroup wg = { 0 };
	wg_add(&wg, 4);
	for (int i = 0; i < 4; i++)
		go(libcyield_loop, &wg);
	wg_wait(&wg);
	CHECK(libcbad == 0, "libcyield: 4 goroutines x 200 snprintf, yield, strtod in one function: %d wrong", libcbad);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	if (strcmp(mode, "libcyield") == 0) {
		libcyield();
	} else if (strcmp(mode, "deep") == 0) {
		test_deep();
	} else if (strcmp(mode, "ptr") == 0) {
		test_ptr();
	} else if (strcmp(mode, "frames") == 0) {
		test_frames();
	} else if (strcmp(mode, "chan") == 0) {
		test_chan();
	} else if (strcmp(mode, "chanstorm") == 0) {
		test_chanstorm();
	} else if (strcmp(mode, "many") == 0) {
		test_many();
	} else if (strcmp(mode, "maxstack") == 0) {
		say("maxstack: recursing without end in a goroutine");
		go(overflow_g, NULL);
		gosleep(60000000000LL);
		say("maxstack: survived");
	} else if (strcmp(mode, "guard") == 0) {
		say("guard: recursion without the check on a pinned 16 KiB stack");
		go_pinned(unchecked_g, NULL, 16 * KiB);
		gosleep(60000000000LL);
		say("guard: survived");
	} else if (strcmp(mode, "random") == 0) {
		test_random();
	} else if (strcmp(mode, "data") == 0) {
		test_data();
	} else if (strcmp(mode, "quarantine") == 0) {
		test_quarantine();
	} else if (strcmp(mode, "vlaloop") == 0) {
		test_vlaloop();
	} else if (strcmp(mode, "stale") == 0) {
		run(stale_g, NULL);
	} else if (strcmp(mode, "pinned") == 0) {
		test_pinned();
	} else if (strcmp(mode, "big") == 0) {
		test_big();
	} else if (strcmp(mode, "hold") == 0) {
		test_hold();
	} else if (strcmp(mode, "holdgrow") == 0) {
		run(holdgrow_g, NULL);
	} else if (strcmp(mode, "holdrelease") == 0) {
		say("holdrelease: goro_stackrelease without a hold");
		goro_stackrelease();
		say("holdrelease: survived");
	} else if (strcmp(mode, "bigguard") == 0) {
		go(bigguard_g, NULL);
		gosleep(60000000000LL);
		say("bigguard: survived");
	} else if (strcmp(mode, "nocopy") == 0) {
		say("nocopy: recursing through 100 KiB with copying off");
		run(nocopy_g, NULL);
		say("nocopy: survived");
	} else {
		printf("unknown mode '%s'\n", mode);
		return 100;
	}
	return failures;
}
