/*
 * sieve - Go's concurrent prime sieve: a goroutine per prime, each
 * filtering the numbers that reach it through a channel.
 *
 *   make qemu APP=apps/sieve                   the first 20 primes
 *   make qemu APP=apps/sieve ARGS='-- 100'     the first 100
 *
 * generate sends 2, 3, 4, ... down a channel. main takes the first
 * number out, a prime, and puts a filter behind it that passes on only
 * the numbers that prime does not divide; the next number out of that
 * filter is the next prime, and so on: a chain of goroutines, one per
 * prime found, each blocked on its channel until a number comes by.
 */
#include <stdio.h>
#include <stdlib.h>
#include "goro.h"

/* generate sends 2, 3, 4, ... to out, for ever. */
static void generate(void *arg)
{
	chan *out = arg;
	for (long i = 2;; i++)
		chan_send(out, &i);     /* a channel copies the value: &i is fine */
}

/*
 * What Go's closure would capture. It goes on the heap: a pointer to a
 * local of one goroutine must not be handed to another (stacks move).
 */
struct filter {
	chan *in, *out;
	long prime;
};

/* filter copies the numbers from in to out, leaving out the multiples of prime. */
static void filter(void *arg)
{
	struct filter *f = arg;
	long i;
	while (chan_recv(f->in, &i))
		if (i % f->prime != 0)
			chan_send(f->out, &i);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 20;
	chan *ch = chan_make(sizeof(long), 0);  /* unbuffered, Go's make(chan int) */
	go(generate, ch);
	for (int k = 0; k < n; k++) {
		long prime;
		chan_recv(ch, &prime);
		printf("%ld\n", prime);
		struct filter *f = malloc(sizeof *f);
		*f = (struct filter){ ch, chan_make(sizeof(long), 0), prime };
		go(filter, f);
		ch = f->out;
	}
	return 0;       /* as in Go, main's return ends the run, the goroutines with it */
}
