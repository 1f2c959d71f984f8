/*
 * virtio - the machine's virtio devices (docs/virtio.md). One mode per
 * run (argv[1]); each check prints "ok: ..." or "FAIL: ...", and the exit
 * status is the number of failures.
 *
 *   rng     with a virtio-rng (qemu/run -rng): goro_entropy fills
 *           buffers of many sizes; the bytes are not all alike, take
 *           most byte values, and two draws differ; four goroutines
 *           draw at once while a counter ticks (the device's answers
 *           wake only their callers)
 *   none    without one: goro_entropy fails with ENOSYS, and the
 *           machine boots and runs as before
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "goro.h"

static int failures;

static void check(int ok, const char *what)
{
	printf("%s: %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

static unsigned char big[65536];

static int distinct(const unsigned char *p, size_t n)
{
	int seen[256] = { 0 }, k = 0;
	for (size_t i = 0; i < n; i++)
		if (!seen[p[i]]++)
			k++;
	return k;
}

struct drawer {
	chan *done;
	int ok;
};

static void drawer(void *arg)
{
	struct drawer *d = arg;
	unsigned char b[1500];
	int ok = 1;
	for (int i = 0; i < 20 && ok; i++) {
		memset(b, 0, sizeof b);
		ok = goro_entropy(b, sizeof b) == 0 && distinct(b, sizeof b) > 200;
	}
	d->ok = ok;
	chan_send(d->done, &ok);
}

static volatile unsigned long ticks;

static void counter(void *arg)
{
	(void)arg;
	for (;;) {
		gosleep(1000000);
		ticks++;
	}
}

static void rng(void)
{
	const char *src = goro_entropy_source();
	printf("rng: source %s\n", src ? src : "(none)");
	check(src != NULL, "rng: the machine has an entropy device");
	if (!src)
		return;

	unsigned char a[64] = { 0 }, b[64] = { 0 };
	check(goro_entropy(a, sizeof a) == 0 && goro_entropy(b, sizeof b) == 0, "rng: two 64-byte draws");
	int alike = 1;
	for (size_t i = 1; i < sizeof a; i++)
		alike &= a[i] == a[0];
	check(!alike, "rng: a draw's bytes are not all alike");
	check(memcmp(a, b, sizeof a) != 0, "rng: two draws differ");

	int sizes_ok = 1;
	static const size_t sizes[] = { 1, 3, 17, 4095, 4096, 4097, 10000, 65536 };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		memset(big, 0, sizeof big);
		if (goro_entropy(big, sizes[i]) != 0)
			sizes_ok = 0;
		/* the tail past what was asked stays untouched */
		if (sizes[i] < sizeof big && big[sizes[i]] != 0)
			sizes_ok = 0;
		if (sizes[i] >= 4096 && distinct(big, sizes[i]) < 250)
			sizes_ok = 0;
	}
	check(sizes_ok, "rng: draws of 1 to 65536 bytes fill exactly what was asked, with nearly every byte value");

	go(counter, NULL);
	chan *done = chan_make(sizeof(int), 4);
	struct drawer d[4];
	for (int i = 0; i < 4; i++) {
		d[i].done = done;
		go(drawer, &d[i]);
	}
	int all = 1;
	for (int i = 0; i < 4; i++) {
		int ok;
		chan_recv(done, &ok);
		all &= ok;
	}
	check(all, "rng: four goroutines drew 20 x 1500 bytes each at once");
	unsigned long t0 = ticks;
	gosleep(5000000);
	check(ticks > t0, "rng: the counter ran on meanwhile");
}

static void none(void)
{
	unsigned char a[16];
	errno = 0;
	int r = goro_entropy(a, sizeof a);
	check(r == -1 && errno == ENOSYS, "none: without a device goro_entropy fails with ENOSYS");
	check(goro_entropy_source() == NULL, "none: no entropy source named");
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "rng";
	if (!strcmp(mode, "rng"))
		rng();
	else if (!strcmp(mode, "none"))
		none();
	else {
		printf("virtio: unknown mode %s\n", mode);
		return 100;
	}
	return failures;
}
