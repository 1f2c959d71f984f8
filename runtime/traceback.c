/*
 * traceback.c - Go-style tracebacks from the frame-pointer chain.
 *
 * Everything goro links (kernel, runtime, newlib, the appliance) is
 * compiled keeping a frame pointer, and clang lays the frame record out
 * the same way on all three arches: fp points at two words, the
 * caller's fp and then the return address (x86: call, push %ebp/%rbp,
 * mov %esp/%rsp to it; ARM: push {..., r11, lr}, then r11 = sp + the
 * bytes pushed below r11). So one loop walks every arch, with no unwind
 * tables: it reads a record, names the call site, and moves to the
 * caller's fp, which must be higher on the same stack. Names come from
 * the embedded function table (symtab.h). The output format is
 * in traceback.h.
 *
 * Only a trapped context needs per-arch knowledge: the function that
 * trapped may not have a frame record (yet), which the instructions at
 * its entry tell (frame_unsaved_return, arch/<cpu>/frame.c).
 */
#include "machine.h"
#include "symtab.h"
#include "traceback.h"

#define MAXFRAMES       100
#define WORD            sizeof(uintptr_t)

/*
 * print_frame prints one frame: the function containing at (the pc
 * itself for the first frame, return address - 1 for the others), and
 * pc's offset from its entry.
 */
static void print_frame(uintptr_t pc, uintptr_t at, uintptr_t fp)
{
	uintptr_t off;
	const char *name = symtab_lookup(at, &off);

	if (name)
		kprintf("%s(...)\n\t+0x%lx pc=%p fp=%p\n", name, (unsigned long)(off + (pc - at)),
			(void *)pc, (void *)fp);
	else
		kprintf("?()\n\tpc=%p fp=%p\n", (void *)pc, (void *)fp);
}

/*
 * walk prints the callers recorded in the chain from fp (n frames
 * already printed), stopping at the chain's end (fp or return address
 * 0), at a record outside [lo, hi) or not above the last, or after
 * MAXFRAMES frames.
 */
static void walk(uintptr_t fp, uintptr_t lo, uintptr_t hi, int n)
{
	if (lo == hi)
		return;
	while (fp != 0) {
		if (fp % WORD != 0) {
			kprintf("traceback stopped: fp=%p is not aligned\n", (void *)fp);
			return;
		}
		if (fp < lo || fp >= hi || hi - fp < 2 * WORD) {
			kprintf("traceback stopped: fp=%p is outside the stack [%p, %p)\n",
				(void *)fp, (void *)lo, (void *)hi);
			return;
		}
		const uintptr_t *record = (const uintptr_t *)fp;
		uintptr_t next = record[0], ret = record[1];
		if (ret == 0)
			return;                 /* the outermost frame: it returns nowhere */
		if (n >= MAXFRAMES) {
			kprintf("...additional frames elided...\n");
			return;
		}
		print_frame(ret, ret - 1, next);
		n++;
		if (next != 0 && next <= fp) {
			kprintf("traceback stopped: the caller's fp=%p is not above fp=%p\n",
				(void *)next, (void *)fp);
			return;
		}
		fp = next;
	}
}

void traceback_frames(uintptr_t pc, uintptr_t fp, uintptr_t stacklo, uintptr_t stackhi)
{
	print_frame(pc, pc, fp);
	walk(fp, stacklo, stackhi, 1);
}

/* A chain being read as walk reads it, for traceback_same. */
struct chain {
	uintptr_t fp, lo, hi;
	int n;
};

/*
 * chain_next returns the next return address walk would print, 0 at
 * the chain's end, or 1 (never a return address) where walk would stop
 * early; after either it returns 0. Reads only what walk reads.
 */
static uintptr_t chain_next(struct chain *c)
{
	uintptr_t fp = c->fp;
	c->fp = 0;
	if (fp == 0)
		return 0;
	if (fp % WORD != 0 || fp < c->lo || fp >= c->hi || c->hi - fp < 2 * WORD || c->n >= MAXFRAMES)
		return 1;
	const uintptr_t *record = (const uintptr_t *)fp;
	uintptr_t next = record[0], ret = record[1];
	if (ret == 0)
		return 0;
	c->n++;
	if (next != 0 && next <= fp)
		next = 1;       /* stopped after this frame: the next call sees an unaligned fp */
	c->fp = next;
	return ret;
}

bool traceback_same(uintptr_t pc1, uintptr_t fp1, uintptr_t lo1, uintptr_t hi1,
		    uintptr_t pc2, uintptr_t fp2, uintptr_t lo2, uintptr_t hi2)
{
	if (pc1 != pc2 || (lo1 == hi1) != (lo2 == hi2))
		return false;
	if (lo1 == hi1)
		return true;
	struct chain a = { fp1, lo1, hi1, 0 }, b = { fp2, lo2, hi2, 0 };
	for (;;) {
		uintptr_t ra = chain_next(&a), rb = chain_next(&b);
		if (ra != rb)
			return false;
		if (ra <= 1)
			return true;
	}
}

void traceback_trap(uintptr_t pc, uintptr_t sp, uintptr_t lr, uintptr_t fp,
		    uintptr_t stacklo, uintptr_t stackhi)
{
	uintptr_t entry = pc, fnend = 0, ret;
	symtab_func(pc, &entry, &fnend);
	int n = 1;

	print_frame(pc, pc, fp);
	/*
	 * If the trapped function has no frame record, fp is still its
	 * caller's: print the caller from the saved return address (if that
	 * is code at all), then walk on from fp as usual.
	 */
	if (frame_unsaved_return(pc, entry, fnend, sp, lr, stacklo, stackhi, &ret) &&
	    symtab_lookup(ret - 1, NULL) != NULL) {
		print_frame(ret, ret - 1, fp);
		n++;
	}
	walk(fp, stacklo, stackhi, n);
}
