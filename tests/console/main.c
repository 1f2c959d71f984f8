/*
 * console - the console's input: a reader goroutine parks until a line
 * has come, and only it (tests/check feeds the lines). One mode per run
 * (argv[1]); each check prints one line "ok: ..." or "FAIL: ...", and the
 * exit status is the number of failures.
 *
 *   echo        each line read with fgets(stdin) comes back reversed,
 *               "got: <line reversed>", until a line "quit"; a counter
 *               goroutine ticks every millisecond meanwhile, and must
 *               have ticked while the reader waited for each line
 *   busy        the same with a counter that spins without a call or a
 *               pause: the line comes while a goroutine runs, and its
 *               reader runs once that one is preempted
 *   bytes       read(0, ...) three bytes at most at a time, until "quit\n":
 *               every read returns 1-3 bytes, and they add up to the input
 *   idle        a reader goroutine and main blocked on a channel, no timer
 *               anywhere: every CPU idles, which is no deadlock while the
 *               reader waits for its interrupt; the line comes late
 *   twowaiters  two goroutines wait for the console's line: a fatal error
 *   panic       a panic while a reader waits: its traceback says so
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "goro.h"

static int failures;

static void check(int ok, const char *what)
{
	printf("%s: %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

static unsigned long ticks;     /* the counter's */

static void counter(void *arg)
{
	(void)arg;
	for (;;) {
		__atomic_add_fetch(&ticks, 1, __ATOMIC_RELAXED);
		gosleep(1000000);
	}
}

static void spinner(void *arg)
{
	(void)arg;
	for (;;)
		__atomic_add_fetch(&ticks, 1, __ATOMIC_RELAXED);
}

/* chomp takes the newline off line; reverse reverses it in place. */
static void chomp(char *line)
{
	line[strcspn(line, "\n")] = 0;
}

static void reverse(char *s)
{
	for (size_t i = 0, j = strlen(s); i + 1 < j; i++, j--) {
		char c = s[i];
		s[i] = s[j - 1];
		s[j - 1] = c;
	}
}

static void echo(bool busy)
{
	static char line[512];
	int lines = 0, waited = 0, quit = 0;
	go(busy ? spinner : counter, NULL);
	printf("console: ready\n");
	for (;;) {
		unsigned long before = __atomic_load_n(&ticks, __ATOMIC_RELAXED);
		if (!fgets(line, sizeof line, stdin))
			break;
		waited += __atomic_load_n(&ticks, __ATOMIC_RELAXED) > before;
		chomp(line);
		if (strcmp(line, "quit") == 0) {
			quit = 1;
			break;
		}
		reverse(line);
		printf("got: %s\n", line);
		lines++;
	}
	char msg[128];
	snprintf(msg, sizeof msg, "%s: %d lines and %s, %d of them waited for while the counter counted on",
		 busy ? "busy" : "echo", lines, quit ? "quit" : "no quit (end of input)", waited);
	check(quit && waited == lines + 1, msg);
}

static void bytes(void)
{
	static char all[1024];
	size_t n = 0;
	int reads = 0, bad = 0;
	printf("console: ready\n");
	while (n < sizeof all - 3 && !(n >= 5 && memcmp(all + n - 5, "quit\n", 5) == 0)) {
		ssize_t k = read(0, all + n, 3);
		if (k <= 0) {
			printf("bytes: read returned %d\n", (int)k);
			break;
		}
		bad += k > 3;
		n += (size_t)k;
		reads++;
	}
	all[n] = 0;
	char msg[128];
	snprintf(msg, sizeof msg, "bytes: %d bytes in %d reads of 1 to 3 bytes%s", (int)n, reads,
		 bad ? ", some longer" : "");
	check(!bad && n >= 5, msg);
	fputs(all, stdout);
}

static void reader(void *arg)
{
	static char line[128];
	chan *done = arg;
	if (fgets(line, sizeof line, stdin)) {
		chomp(line);
		reverse(line);
		printf("got: %s\n", line);
	}
	chan_send(done, NULL);
}

static void idle(void)
{
	chan *done = chan_make(0, 0);
	go(reader, done);
	printf("console: ready\n");
	chan_recv(done, NULL);
	check(1, "idle: every goroutine blocked, no timer, and a reader waiting for its line: no deadlock");
}

static void waiter(void *arg)
{
	(void)arg;
	goro_intr_wait(goro_console_irq());
}

static void twowaiters(void)
{
	go(waiter, NULL);
	gosleep(50000000);
	printf("console: ready\n");
	fflush(stdout);
	goro_intr_wait(goro_console_irq());
	check(0, "twowaiters: a second waiter for the line went on");
}

static void panicking(void)
{
	chan *done = chan_make(0, 0);
	go(reader, done);
	gosleep(50000000);
	printf("console: ready\n");
	fflush(stdout);
	panic("with a reader waiting for its line");
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "echo";
	if (strcmp(mode, "echo") == 0 || strcmp(mode, "busy") == 0)
		echo(strcmp(mode, "busy") == 0);
	else if (strcmp(mode, "bytes") == 0)
		bytes();
	else if (strcmp(mode, "idle") == 0)
		idle();
	else if (strcmp(mode, "twowaiters") == 0)
		twowaiters();
	else if (strcmp(mode, "panic") == 0)
		panicking();
	else {
		printf("console: unknown mode %s\n", mode);
		return 100;
	}
	return failures;
}
