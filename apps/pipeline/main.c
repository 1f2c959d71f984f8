/*
 * pipeline - a pipeline that is cancelled: generate -> square -> main,
 * with Go's "done channel" (go.dev/blog/pipelines).
 *
 *   make qemu APP=apps/pipeline
 *
 * generate sends 1, 2, 3, ... for ever; square squares them; main, the
 * sink, prints the squares below 100 and, at the first one that is not,
 * stops reading and closes done. A closed channel is ready for every
 * receiver at once, so each stage, which selects between its send and
 * done, notices, closes its own output and returns. None is left
 * behind: goro_numgoroutine() comes back to what it was before.
 */
#include <stdio.h>
#include <stdlib.h>
#include "goro.h"

/* A stage's channels: what Go's closure would capture, on the heap. */
struct stage {
	chan *in, *out, *done;
};

static waitgroup stages;

/* send_unless_done sends v on out, unless done is closed first: then it returns false. */
static bool send_unless_done(chan *out, long v, chan *done)
{
	struct chan_case cases[] = {
		{ .c = out, .dir = CHAN_SEND, .elem = &v },
		{ .c = done, .dir = CHAN_RECV },
	};
	return chan_select(cases, 2, true) == 0;
}

/* leave is Go's deferred close(out) and wg.Done(). */
static void leave(struct stage *s, const char *name)
{
	printf("%s: done is closed, returning\n", name);
	chan_close(s->out);
	free(s);
	wg_done(&stages);
}

static void generate(void *arg)
{
	struct stage *s = arg;
	for (long i = 1; send_unless_done(s->out, i, s->done); i++)
		;
	leave(s, "generate");
}

static void square(void *arg)
{
	struct stage *s = arg;
	long v;
	while (chan_recv(s->in, &v) && send_unless_done(s->out, v * v, s->done))
		;
	leave(s, "square");
}

/* start runs fn as a stage reading in (may be NULL) and returns its output. */
static chan *start(void (*fn)(void *), chan *in, chan *done)
{
	struct stage *s = malloc(sizeof *s);
	*s = (struct stage){ in, chan_make(sizeof(long), 0), done };
	wg_add(&stages, 1);
	go(fn, s);
	return s->out;
}

int main(void)
{
	int before = goro_numgoroutine();
	chan *done = chan_make(0, 0);   /* Go's make(chan struct{}): never sent on, only closed */
	chan *numbers = start(generate, NULL, done);
	chan *squares = start(square, numbers, done);
	int during = goro_numgoroutine();

	long v;
	while (chan_recv(squares, &v) && v < 100)
		printf("%ld\n", v);
	printf("main: %ld is enough; closing done\n", v);
	chan_close(done);
	wg_wait(&stages);

	/*
	 * wg_done comes just before a stage's return, so give the stages a
	 * moment to be gone, as Go's leak checks retry.
	 */
	for (int i = 0; i < 1000 && goro_numgoroutine() > before; i++)
		gosleep(1000000);
	printf("goroutines: %d before, %d while the pipeline ran, %d after it was cancelled\n",
	       before, during, goro_numgoroutine());
	chan_free(numbers);
	chan_free(squares);
	chan_free(done);
	return 0;
}
