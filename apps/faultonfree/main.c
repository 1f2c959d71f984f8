/*
 * faultonfree - what breaking goro's rule about stack memory does, and
 * how stackfaultonfree=1 catches it.
 *
 *   make qemu APP=apps/faultonfree                              the bug, silent
 *   make qemu APP=apps/faultonfree ARGS='stackfaultonfree=1'    the bug, caught
 *
 * The rule (docs/stacks.md): a pointer to a local may be passed down the
 * stack and to channel calls, but must not be kept in the heap or a
 * global, or handed to another goroutine, because a goroutine's stack
 * moves when it grows. Go's compiler enforces that by moving such a
 * local to the heap (escape analysis); C leaves it to you.
 *
 * Here a goroutine keeps &local in a global, then recurses deep: its
 * stack grows, is copied to a bigger one, and the old one is freed.
 * Then it reads through the global. Under stackfaultonfree=1 freed
 * stacks are made to fault, so that read stops the machine with a
 * report naming the address, the freed stack and its goroutine (exit
 * status 2). Without it the read quietly returns whatever is at the old
 * address: stale data, or (on i386 and ARM, where a growing stack is
 * remapped rather than copied, and the old addresses show the same
 * memory for a while) the right value, by luck. The bug is the same.
 */
#include <stdio.h>
#include <string.h>
#include "goro.h"

static long *kept;              /* breaks the rule: &local outlives the stack it points into */
static chan *finished;

/* deep recurses through n frames of some 300 bytes: the stack must grow. */
static long deep(int n)
{
	char frame[256];
	snprintf(frame, sizeof frame, "frame %d", n);
	return n == 0 ? 0 : deep(n - 1) + (long)strlen(frame);
}

static void breaker(void *arg)
{
	(void)arg;
	long local = 42;
	kept = &local;
	printf("a global keeps &local; local is 42\n");
	deep(500);
	local = 43;
	uintptr_t lo, hi;
	goro_stackbounds(&lo, &hi);
	printf("the stack grew and moved to [%p, %p); local is 43 now\n", (void *)lo, (void *)hi);
	printf("reading through the global, %p, outside it...\n", (void *)kept);
	fflush(stdout);                 /* in case the read stops the machine */
	long seen = *(volatile long *)kept;
	printf("read %ld: %s\n", seen, seen == local ?
	       "right, by luck: the old place still shows the stack (the bug is there all the same)" :
	       "stale data, and nothing said so");
	chan_send(finished, NULL);
}

int main(void)
{
	bool faults = goro_option("stackfaultonfree")[0] == '1';
	printf("stackfaultonfree=%d: %s\n", faults, faults ? "a freed stack faults" :
	       "a freed stack is memory like any other");
	finished = chan_make(0, 0);
	go(breaker, NULL);
	chan_recv(finished, NULL);
	if (!faults)
		printf("run with stackfaultonfree=1 to have such a read stopped and reported\n");
	return 0;
}
