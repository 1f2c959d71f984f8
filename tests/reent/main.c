/*
 * reent - the C library's state and locks per goroutine, one mode per
 * run (argv[1]), one line per check, exit status the number of failures.
 *
 *   state   errno, strtok's position and rand's seed belong to the
 *           goroutine: two goroutines alternating with gosched each keep
 *           their own, and a goroutine on a reused G starts afresh
 *   locks   newlib's locks are held by a goroutine, which may yield while
 *           it holds one: a FILE's (flockfile) and malloc's; another
 *           goroutine on the same CPU waits for the release
 *   hammer  malloc/realloc/free, snprintf of floats and fprintf to one
 *           shared FILE from many goroutines, with gosched in between so
 *           they interleave; every block and line intact, nothing leaked
 *   lockexit  a goroutine ends holding stdout's lock: a fatal error (the
 *           runner checks the report and the exit status 2)
 *   firstuse  stdio is set up at its first use (libc/newlib/reent.c):
 *           goroutines whose first stdio calls (printf, flockfile, puts,
 *           fwrite, fputs to stderr) come at once, on one CPU or two; no
 *           line lost, and stdout's buffer taken from nothing of malloc's
 *
 * They test newlib's design, on bare metal: hosted, glibc's errno and
 * lock owners are per thread, that is per CPU. locks and hammer run on
 * one CPU and on two.
 */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "goro.h"
#include "../testing.h"

/* --- state ----------------------------------------------------------------- */

enum { Switches = 1000 };

struct errno_arg {
	int code;               /* what its failing call sets errno to */
	int bad;                /* switches after which errno was not its own */
	int seen;               /* the first wrong value read */
	waitgroup *wg;
};

/* errno_worker: a failing system call sets errno; after a switch it must still read the same. */
static void errno_worker(void *p)
{
	struct errno_arg *a = p;
	for (int i = 0; i < Switches; i++) {
		errno = 0;
		if (a->code == EBADF)
			close(99);              /* no such fd: EBADF */
		else
			lseek(1, 0, SEEK_SET);  /* the console: ESPIPE */
		gosched();
		if (errno != a->code && a->bad++ == 0)
			a->seen = errno;
	}
	wg_done(a->wg);
}

static void state_errno(void)
{
	waitgroup wg = { 0 };
	struct errno_arg a = { EBADF, 0, 0, &wg }, b = { ESPIPE, 0, 0, &wg };
	errno = 4242;
	wg_add(&wg, 2);
	go(errno_worker, &a);
	go(errno_worker, &b);
	wg_wait(&wg);
	CHECK(a.bad == 0 && b.bad == 0,
	      "errno: two goroutines alternating %d times each read back their own errno "
	      "(EBADF: %d wrong, first %d; ESPIPE: %d wrong, first %d)",
	      Switches, a.bad, a.seen, b.bad, b.seen);
	CHECK(errno == 4242, "errno: main's errno is untouched by theirs (%d, want 4242)", errno);
}

/* fresh: a goroutine that ends with errno set and rand seeded leaves neither to the next. */
struct fresh_arg {
	int err;
	int r;
	chan *done;
};

static void fresh_dirty(void *p)
{
	struct fresh_arg *a = p;
	errno = 77;
	srand(12345);
	(void)rand();
	chan_send(a->done, &(int){ 0 });
}

static void fresh_clean(void *p)
{
	struct fresh_arg *a = p;
	a->err = errno;
	a->r = rand();
	chan_send(a->done, &(int){ 0 });
}

static void state_fresh(void)
{
	srand(1);
	int first = rand();             /* the first value of a fresh seed */
	chan *done = chan_make(sizeof(int), 0);
	struct fresh_arg a = { 0, 0, done };
	int x;
	go(fresh_dirty, &a);
	chan_recv(done, &x);
	gosched();                      /* fresh_dirty ends: its G goes on the free list */
	go(fresh_clean, &a);            /* ... and is reused */
	chan_recv(done, &x);
	CHECK(a.err == 0 && a.r == first,
	      "fresh: a new goroutine starts with errno 0 and rand's first value (errno %d, rand %d, want %d)",
	      a.err, a.r, first);
}

/* strtok: each goroutine's position in its own string survives the other's calls. */
static char text_a[] = "alpha beta gamma delta epsilon zeta eta theta";
static char text_b[] = "one,two,three,four,five,six,seven,eight";

struct strtok_arg {
	char *text;
	const char *sep;
	const char *want[8];
	int bad;
	waitgroup *wg;
};

static void strtok_worker(void *p)
{
	struct strtok_arg *a = p;
	char *t = strtok(a->text, a->sep);
	for (int i = 0; i < 8; i++) {
		if (!t || strcmp(t, a->want[i]) != 0)
			a->bad++;
		gosched();
		t = strtok(NULL, a->sep);
	}
	if (t)
		a->bad++;
	wg_done(a->wg);
}

static void state_strtok(void)
{
	waitgroup wg = { 0 };
	/* The strings are globals: strtok keeps a pointer into its string (no stack pointer in the heap). */
	struct strtok_arg a = { text_a, " ",
		{ "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta" }, 0, &wg };
	struct strtok_arg b = { text_b, ",",
		{ "one", "two", "three", "four", "five", "six", "seven", "eight" }, 0, &wg };
	wg_add(&wg, 2);
	go(strtok_worker, &a);
	go(strtok_worker, &b);
	wg_wait(&wg);
	CHECK(a.bad == 0 && b.bad == 0,
	      "strtok: two goroutines tokenizing in turn each got their own 8 tokens (%d and %d wrong)",
	      a.bad, b.bad);
}

/* rand: each goroutine's sequence after its srand is the one a single goroutine gets. */
enum { Draws = 100 };

struct rand_arg {
	unsigned seed;
	int want[Draws];
	int bad;
	waitgroup *wg;
};

static void rand_worker(void *p)
{
	struct rand_arg *a = p;
	srand(a->seed);
	for (int i = 0; i < Draws; i++) {
		gosched();
		a->bad += rand() != a->want[i];
	}
	wg_done(a->wg);
}

static void state_rand(void)
{
	static struct rand_arg a = { .seed = 7 }, b = { .seed = 99 };
	waitgroup wg = { 0 };
	srand(a.seed);
	for (int i = 0; i < Draws; i++)
		a.want[i] = rand();
	srand(b.seed);
	for (int i = 0; i < Draws; i++)
		b.want[i] = rand();
	a.wg = b.wg = &wg;
	wg_add(&wg, 2);
	go(rand_worker, &a);
	go(rand_worker, &b);
	wg_wait(&wg);
	CHECK(a.bad == 0 && b.bad == 0,
	      "rand: two goroutines drawing in turn each got their own seed's %d values (%d and %d wrong)",
	      Draws, a.bad, b.bad);
}

/* --- locks ----------------------------------------------------------------- */

/*
 * One goroutine takes a lock and yields while it holds it; another
 * tries to take it meanwhile. The events must come in this order: the
 * holder locks, the other tries, the holder unlocks, the other gets it.
 */
enum { Locked, Tries, Unlocks, Gets };
static const char *const event_names[] = { "holder locks", "other tries", "holder unlocks", "other gets it" };

struct lockcase {
	const char *what;
	void (*lock)(void);
	void (*unlock)(void);
	void (*other)(void);    /* takes and releases the lock (a call that does) */
	int events[4], n;
	waitgroup wg;
};
static struct lockcase *cur;

static void event(int e)
{
	cur->events[__atomic_fetch_add(&cur->n, 1, __ATOMIC_RELAXED)] = e;
}

static void lock_other(void *p)
{
	(void)p;
	event(Tries);
	cur->other();
	event(Gets);
	wg_done(&cur->wg);
}

static void lock_holder(void *p)
{
	(void)p;
	cur->lock();
	event(Locked);
	go(lock_other, NULL);
	while (__atomic_load_n(&cur->n, __ATOMIC_RELAXED) < 2)
		gosched();      /* the other runs meanwhile (on this CPU, today) */
	for (int i = 0; i < 10; i++)
		gosched();      /* ... and gets as far as it can */
	event(Unlocks);
	cur->unlock();
	wg_done(&cur->wg);
}

static void lock_run(struct lockcase *c)
{
	cur = c;
	wg_add(&c->wg, 2);
	go(lock_holder, NULL);
	wg_wait(&c->wg);
	int ok = c->n == 4;
	for (int i = 0; i < c->n; i++)
		ok &= c->events[i] == i;
	char order[128] = "";
	for (int i = 0; i < c->n; i++)
		snprintf(order + strlen(order), sizeof order - strlen(order), "%s%s", i ? ", " : "",
			 event_names[c->events[i]]);
	CHECK(ok, "locks: %s: another goroutine waits while the holder yields (%s)", c->what, order);
}

static void file_lock(void)
{
	flockfile(stdout);
}

static void file_unlock(void)
{
	funlockfile(stdout);
}

static void file_other(void)
{
	fputs("", stdout);      /* takes stdout's lock, writes nothing */
}

#ifdef _NEWLIB_VERSION
static void malloc_lock(void)
{
	__malloc_lock(_REENT);
}

static void malloc_unlock(void)
{
	__malloc_unlock(_REENT);
}

static void malloc_other(void)
{
	free(malloc(100));
}
#endif

static void locks(void)
{
	static struct lockcase file = { "stdout's FILE lock (flockfile; fputs)", file_lock, file_unlock,
					file_other, { 0 }, 0, { 0 } };
	lock_run(&file);
#ifdef _NEWLIB_VERSION
	static struct lockcase mal = { "malloc's lock (__malloc_lock; malloc)", malloc_lock, malloc_unlock,
				       malloc_other, { 0 }, 0, { 0 } };
	lock_run(&mal);
#endif
}

/* lockexit: a goroutine that ends holding a lock would leave it taken for good. */
static void lock_and_end(void *p)
{
	flockfile(stdout);
	chan_send(p, &(int){ 0 });
}

static void lockexit(void)
{
	chan *c = chan_make(sizeof(int), 1);
	int x;
	printf("lockexit: a goroutine ends holding stdout's lock\n");
	go(lock_and_end, c);
	chan_recv(c, &x);
	gosleep(1000000000);
	printf("FAIL: lockexit: the goroutine ended and nothing was reported\n");
	failures++;
}

/* --- hammer ------------------------------------------------------------------ */

enum { Workers = 32, Rounds = 300, Live = 8 };

static uint32_t xorshift(uint32_t *s)
{
	uint32_t x = *s;
	x ^= x << 13, x ^= x >> 17, x ^= x << 5;
	return *s = x;
}

struct block {
	unsigned char *p;
	size_t n;
	unsigned char fill;
};

static int hammer_bad;          /* blocks found altered */
static int hammer_nomem;

static bool intact(const struct block *b)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->p[i] != (unsigned char)(b->fill + i))
			return false;
	return true;
}

static void fill(struct block *b)
{
	for (size_t i = 0; i < b->n; i++)
		b->p[i] = (unsigned char)(b->fill + i);
}

static void malloc_worker(void *p)
{
	waitgroup *wg = p;
	uint32_t s = 2463534242u + (uint32_t)goid() * 7919u;
	struct block live[Live] = { 0 };
	for (int r = 0; r < Rounds; r++) {
		struct block *b = &live[xorshift(&s) % Live];
		if (b->p) {
			if (!intact(b))
				__atomic_add_fetch(&hammer_bad, 1, __ATOMIC_RELAXED);
			if (xorshift(&s) % 2) {
				free(b->p);
				b->p = NULL;
			} else {
				size_t n = 1 + xorshift(&s) % 3000;
				unsigned char *q = realloc(b->p, n);
				if (!q) {
					__atomic_add_fetch(&hammer_nomem, 1, __ATOMIC_RELAXED);
					continue;
				}
				b->p = q;
				if (n < b->n)
					b->n = n;
				if (!intact(b))         /* realloc keeps what fits */
					__atomic_add_fetch(&hammer_bad, 1, __ATOMIC_RELAXED);
				b->n = n;
				fill(b);
			}
		} else {
			b->n = 1 + xorshift(&s) % 3000;
			b->fill = (unsigned char)xorshift(&s);
			if (!(b->p = malloc(b->n))) {
				__atomic_add_fetch(&hammer_nomem, 1, __ATOMIC_RELAXED);
				continue;
			}
			fill(b);
		}
		gosched();
	}
	for (int i = 0; i < Live; i++) {
		if (live[i].p && !intact(&live[i]))
			__atomic_add_fetch(&hammer_bad, 1, __ATOMIC_RELAXED);
		free(live[i].p);
	}
	wg_done(wg);
}

static FILE *shared;            /* the FILE every stdio worker writes its lines to */
static int format_bad;

struct stdio_arg {
	int id;
	waitgroup *wg;
};

/* value: what worker id formats in round r: %.3f of it takes dtoa's Bigints. */
static double value(int id, int r)
{
	return id * 1000.0 + r + 0.125;
}

/* stdio_worker: snprintf of a float, checked by reading it back; then a line to the shared FILE. */
static void stdio_worker(void *p)
{
	struct stdio_arg *a = p;
	int id = a->id;
	for (int r = 0; r < Rounds; r++) {
		char buf[64];
		double v = value(id, r);
		snprintf(buf, sizeof buf, "%.3f", v);
		gosched();
		if (strtod(buf, NULL) != v)
			__atomic_add_fetch(&format_bad, 1, __ATOMIC_RELAXED);
		fprintf(shared, "g%d r%d %s\n", id, r, buf);
		gosched();
	}
	wg_done(a->wg);
}

/* lines_ok: every goroutine's Rounds lines are in the text whole, each in its order. */
static bool lines_ok(char *text, int *nlines)
{
	int next[Workers] = { 0 };
	*nlines = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		int id, r;
		char num[32], want[32];
		if (sscanf(line, "g%d r%d %31s", &id, &r, num) != 3)
			return false;
		if (id < 0 || id >= Workers || r != next[id]++)
			return false;
		snprintf(want, sizeof want, "%.3f", value(id, r));
		if (strcmp(num, want) != 0)
			return false;
		++*nlines;
	}
	return *nlines == Workers * Rounds;
}

/*
 * inuse: the bytes malloc has handed out and not had back. (newlib's
 * mallinfo() shares its archive member with a function memstats(), whose
 * name the machine's memory statistics have: _mallinfo_r is apart.)
 */
static long inuse(void)
{
#ifdef _NEWLIB_VERSION
	return (long)_mallinfo_r(_REENT).uordblks;
#else
	return (long)mallinfo2().uordblks;
#endif
}

static void hammer(void)
{
	waitgroup wg = { 0 };
	wg_add(&wg, Workers);
	for (int i = 0; i < Workers; i++)
		go(malloc_worker, &wg);
	wg_wait(&wg);
	CHECK(hammer_bad == 0 && hammer_nomem == 0,
	      "hammer: malloc: %d goroutines x %d mallocs, reallocs and frees with gosched between: "
	      "%d blocks altered, %d NULLs", Workers, Rounds, hammer_bad, hammer_nomem);

	/*
	 * What stays allocated for good is allocated before the count:
	 * stdout's buffer (the line above), the FILE records open_memstream
	 * adds, main's own dtoa buffers (lines_ok formats the same values).
	 */
	char *text = NULL, buf[32];
	size_t len = 0;
	fclose(open_memstream(&text, &len));
	free(text);
	for (int r = 0; r < Rounds; r++)
		snprintf(buf, sizeof buf, "%.3f", value(Workers - 1, r));
	long before = inuse();

	text = NULL;
	shared = open_memstream(&text, &len);
	static struct stdio_arg args[Workers];
	wg_add(&wg, Workers);
	for (int i = 0; i < Workers; i++) {
		args[i] = (struct stdio_arg){ i, &wg };
		go(stdio_worker, &args[i]);
	}
	wg_wait(&wg);
	fclose(shared);
	int nlines = 0;
	bool whole = text && lines_ok(text, &nlines);
	CHECK(format_bad == 0 && whole,
	      "hammer: stdio: %d goroutines x %d snprintf of a float and fprintf to one FILE: "
	      "%d misformatted, %d of %d lines whole and in order", Workers, Rounds, format_bad,
	      nlines, Workers * Rounds);
	free(text);

	long after = inuse();
	CHECK(after <= before,
	      "hammer: the ended goroutines left nothing allocated (malloc in use: %ld bytes before, %ld after)",
	      before, after);
}

/* --- firstuse ------------------------------------------------------------------ */

enum { FirstUsers = 8 };

struct firstuse {
	int i;
	volatile int *go;       /* all start when main sets it */
	waitgroup *wg;
};

/* first_user: its first stdio call, one of five kinds, once every goroutine is ready. */
static void first_user(void *p)
{
	struct firstuse *a = p;
	while (!*a->go)
		gosched();
	switch (a->i % 5) {
	case 0:
		printf("firstuse: goroutine %d by printf\n", a->i);
		break;
	case 1:
		flockfile(stdout);
		fputs("firstuse: goroutine ", stdout);
		printf("%d by flockfile\n", a->i);
		funlockfile(stdout);
		break;
	case 2: {
		char line[48];
		snprintf(line, sizeof line, "firstuse: goroutine %d by puts", a->i);
		puts(line);
		break;
	}
	case 3: {
		char line[48];
		int n = snprintf(line, sizeof line, "firstuse: goroutine %d by fwrite\n", a->i);
		fwrite(line, 1, (size_t)n, stdout);
		break;
	}
	case 4:
		/* stderr first (nothing written: the console's two streams may interleave), then the line */
		fputs("", stderr);
		printf("firstuse: goroutine %d by stderr\n", a->i);
		break;
	}
	wg_done(a->wg);
}

static void firstuse(void)
{
	struct mallinfo before = mallinfo();
	volatile int go_ = 0;
	waitgroup wg = { 0 };
	struct firstuse a[FirstUsers];
	wg_add(&wg, FirstUsers);
	for (int i = 0; i < FirstUsers; i++) {
		a[i] = (struct firstuse){ i, &go_, &wg };
		go(first_user, &a[i]);
	}
	for (int i = 0; i < FirstUsers; i++)
		gosched();              /* let them all reach the start line */
	go_ = 1;
	wg_wait(&wg);
	struct mallinfo after = mallinfo();
	CHECK(before.arena == 0 && after.arena == 0,
	      "firstuse: the standard streams' set-up took nothing from malloc (arena %d bytes before, %d after)",
	      (int)before.arena, (int)after.arena);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	if (strcmp(mode, "state") == 0) {
		state_errno();
		state_fresh();
		state_strtok();
		state_rand();
	} else if (strcmp(mode, "locks") == 0) {
		locks();
	} else if (strcmp(mode, "hammer") == 0) {
		hammer();
	} else if (strcmp(mode, "lockexit") == 0) {
		lockexit();
	} else if (strcmp(mode, "firstuse") == 0) {
		firstuse();
	} else {
		printf("usage: reent state|locks|hammer|lockexit|firstuse\n");
		return 2;
	}
	return failures;
}
