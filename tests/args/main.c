/* args - prints argc and every argv word, so tests can compare them exactly. */
#include <stdio.h>

int main(int argc, char **argv)
{
	printf("argc=%d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	printf("argv[%d]=%s\n", argc, argv[argc] ? "not NULL" : "NULL");
	return 0;
}
