/*
 * boot - the appliance tools/bench-boot times: main powers the machine
 * off at once.
 *
 * What its run costs over the floor kernel (which only powers off) is
 * goro's boot to main, as the boot target is defined: main ends with
 * _exit, which powers off as the floor does, without exit's own work
 * (atexit handlers, stdio's clean-up). apps/hello, timed beside it,
 * covers a whole run: its first printf sets up stdio, and its return
 * from main is exit.
 */
#include <unistd.h>

int main(void)
{
	_exit(0);
}
