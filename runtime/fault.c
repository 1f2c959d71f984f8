/*
 * fault.c - the fault report: the runtime's half of an unhandled trap.
 *
 * The platform's trap handler decodes what the CPU said into a struct
 * faultinfo and calls fault_report, the fault hook of include/machine.h.
 * Only the runtime knows goroutines, so the report is written here: it
 * tells a goroutine's stack overflow from any other trap, names what
 * the address belongs to (a goroutine stack first, then the address
 * space's areas), prints the registers the platform saved and the
 * trapped goroutine's traceback, read only from its own stack.
 *
 * fault_report runs on whatever stack the trap left it (a trap or
 * fault stack the guard slot knows nothing of), so it has no
 * split-stack check of its own; begin_fatal, its first call, makes
 * every later check pass.
 */
#include "machine.h"
#include "runtime.h"
#include "trace.h"
#include "traceback.h"

/*
 * overflowed is the running goroutine if the trap is its stack running
 * off the bottom: sp at or below the stack's low end (by less than
 * OVERFLOW_REACH; at it, nothing more can be pushed) or the fault
 * address in the guard page under it. Else NULL.
 */
#define OVERFLOW_REACH  (64 * 1024)
static G *overflowed(const struct faultinfo *fi)
{
	G *gp = running_goroutine();
	if (!gp || !gp->stacklo)
		return NULL;
	if (fi->sp <= gp->stacklo && gp->stacklo - fi->sp <= OVERFLOW_REACH)
		return gp;
	if (fi->has_addr && fi->addr < gp->stacklo && gp->stacklo - fi->addr <= PageSize)
		return gp;
	return NULL;
}

/*
 * fault_stack is the one stack a fault's traceback may read: the
 * running goroutine's, whatever sp and fp say (a corrupt one is no
 * licence to read elsewhere: device registers, freed or unmapped
 * memory); on the scheduler, this CPU's g0 stack (CPU 0's is the boot
 * stack, where the start path ran too); at boot, the boot stack. Every
 * frame record outside it stops the walk unread.
 */
static void fault_stack(G *gp, uintptr_t *lo, uintptr_t *hi)
{
	G *g = getg();
	if (gp) {
		*lo = gp->stacklo;
		*hi = gp->stackhi;
	} else if (g && g != &g0_m0 && g->stackhi) {
		*lo = g->stacklo;
		*hi = g->stackhi;
	} else {
		*lo = (uintptr_t)boot_stack;
		*hi = (uintptr_t)boot_stack_top;
	}
}

__attribute__((no_split_stack)) _Noreturn void fault_report(const struct faultinfo *fi, const struct trapframe *tf)
{
	begin_fatal();
	stoptheworld();
	G *over = overflowed(fi);
	if (over) {
		/* On x86 this often arrives as a double fault: the trap frame itself hit the guard. */
		kprintf("goroutine %lld stack overflow: guard page hit at pc=%p sp=%p stack=[%p, %p)\n",
			(long long)over->goid, (void *)fi->pc, (void *)fi->sp,
			(void *)over->stacklo, (void *)over->stackhi);
		kprintf("fatal error: stack overflow (%s", fi->name);
	} else {
		kprintf("fatal error: unhandled trap: %s", fi->name);
	}
	if (fi->vector >= 0)
		kprintf(over ? ", vector %d)" : " (vector %d)", fi->vector);
	else if (over)
		kprintf(")");
	kprintf("\npc=%p sp=%p\n", (void *)fi->pc, (void *)fi->sp);
	if (fi->has_addr) {
		kprintf("fault address=%p", (void *)fi->addr);
		if (fi->access || fi->detail) {
			kprintf(" (%s%s%s)", fi->access ? fi->access : "",
				fi->access && fi->detail ? ", " : "",
				fi->detail ? fi->detail : "");
		}
		kprintf("\n");
		if (!stack_describe(fi->addr))
			mem_describe(fi->addr);
	} else if (fi->detail) {
		kprintf("%s\n", fi->detail);
	}
	if (tf) {
		machine_dumpregs(tf);
		print_seed();
		uintptr_t lo, hi, fp = trapframe_fp(tf);
		G *gp = running_goroutine();
		fault_stack(gp, &lo, &hi);
		kprintf("\n");
		if (gp) {
			kprintf("goroutine %lld [running]:\n", (long long)gp->goid);
			if (!over && (fi->sp < lo || fi->sp > hi))
				kprintf("sp=%p is outside the goroutine's stack [%p, %p)\n",
					(void *)fi->sp, (void *)lo, (void *)hi);
		}
		traceback_trap(fi->pc, fi->sp, trapframe_lr(tf), fp, lo, hi);
	}
	trace_dump();
	kexit(EXIT_FATAL);
}
