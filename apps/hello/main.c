/* hello - the first appliance: one line on the console, status 0. */
#include <stdio.h>

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	printf("hello, world\n");
	return 0;
}
