/*
 * exit - leaves main in the way argv asks, with the status it names:
 *   exit return N | exit exit N | exit flush N | exit atexit N | exit abort
 * "flush" leaves unflushed stdio output behind to check exit() flushes it;
 * "atexit" too, and an atexit handler adds more, which exit must run
 * before it flushes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void handler(void)
{
	printf("then the atexit handler");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		printf("usage: exit return|exit|flush|atexit N | abort\n");
		return 1;
	}
	int n = argc > 2 ? atoi(argv[2]) : 0;
	if (strcmp(argv[1], "return") == 0)
		return n;
	if (strcmp(argv[1], "exit") == 0)
		exit(n);
	if (strcmp(argv[1], "flush") == 0) {
		printf("unflushed text without a newline");
		exit(n);
	}
	if (strcmp(argv[1], "atexit") == 0) {
		printf("main, ");
		if (atexit(handler) != 0)
			return 1;
		exit(n);
	}
	if (strcmp(argv[1], "abort") == 0)
		abort();
	printf("unknown mode %s\n", argv[1]);
	return 1;
}
