/*
 * boot - the appliance tools/bench-boot times: main returns at once.
 *
 * What its run costs over the floor kernel is goro's boot to main and
 * its exit, nothing of the appliance's own (apps/hello's first printf
 * sets up stdio and is timed beside it for reference).
 */
int main(void)
{
	return 0;
}
