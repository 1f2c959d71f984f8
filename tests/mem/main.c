/*
 * mem - the Sys* contract, the page tables' permissions and newlib's
 * heap, one mode per run (argv[1]). Modes that must fault print what
 * they are about to do and then fault; the test runner checks the
 * report and the exit status 2. The others print one line per check
 * and exit 0 only if every check held.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "machine.h"
#include "goro.h"
#include "runtime.h"

static int failures;

static void check(int ok, const char *what)
{
	printf("%s: %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* The Sys* calls' semantics, and no frame leaked over many round trips. */
static int sys(void)
{
	uintptr_t free0 = physmem_free_pages();
	uint64_t stat = 0;      /* a statistic of the test's own: exact counts */

	size_t n = 16 * PageSize;
	unsigned char *p = SysAlloc(n, &stat);
	check(all_zero(p, n), "SysAlloc memory is zero");
	check(stat == n, "SysAlloc counts into its statistic");
	memset(p, 0xa5, n);
	uintptr_t mapped = physmem_free_pages();
	check(mapped <= free0 - 16, "SysAlloc takes frames");
	SysUnused(p, n);
	check(physmem_free_pages() == mapped + 16, "SysUnused gives the frames back");
	SysUsed(p, n);
	check(physmem_free_pages() == mapped, "SysUsed takes them again");
	check(all_zero(p, n), "SysUsed gives zeroed memory back");
	memset(p, 0x5a, n);
	SysFree(p, n, &stat);
	check(stat == 0, "SysFree uncounts");

	unsigned char *r = SysReserve(NULL, 1 << 20);
	SysMap(r + PageSize, 2 * PageSize, &stat);
	r[PageSize] = 1;
	r[3 * PageSize - 1] = 2;
	check(r[PageSize] == 1 && r[3 * PageSize - 1] == 2 && stat == 2 * PageSize,
	      "SysMap backs and counts part of a reservation");
	SysFree(r, 1 << 20, &stat);
	check(stat == 0, "SysFree of the reservation uncounts what was mapped");

	/*
	 * Runs of many pages around a page mapped first (hosted, a region is
	 * opened a chunk at a time: the page opens one in the middle), each
	 * run longer than mem.c maps at once.
	 */
	size_t big = 3 << 20;
	unsigned char *b = SysReserve(NULL, big);
	SysMap(b + (1 << 20), PageSize, &stat);
	b[(1 << 20) + 5] = 5;
	SysMap(b, 1 << 20, &stat);
	SysMap(b + (1 << 20) + PageSize, big - (1 << 20) - PageSize, &stat);
	int zero = b[(1 << 20) + 5] == 5;
	b[(1 << 20) + 5] = 0;
	zero = zero && all_zero(b, big);
	memset(b, 0x3c, big);
	check(zero && b[0] == 0x3c && b[big - 1] == 0x3c && stat == big,
	      "SysMap maps 3 MiB around a page mapped first, zeroed and writable");
	SysFree(b, big, &stat);

	void *s = SysAlloc(PageSize, &memstats.stacks_sys);
	void *h = SysAlloc(PageSize, &memstats.heap_sys);
	check((uintptr_t)s >= VM_STACK_BASE && (uintptr_t)s < VM_STACK_END &&
	      (uintptr_t)h >= VM_HEAP_BASE && (uintptr_t)h < VM_HEAP_END,
	      "stacks and heap come from their own regions");
	SysFree(s, PageSize, &memstats.stacks_sys);
	SysFree(h, PageSize, &memstats.heap_sys);

	uintptr_t before = physmem_free_pages();
	for (int i = 0; i < 10000; i++) {
		size_t len = (size_t)(1 + i % 7) * PageSize;
		unsigned char *q = SysReserve(NULL, len);
		SysMap(q, len, &stat);
		q[0] = q[len - 1] = (unsigned char)i;
		SysFree(q, len, &stat);
		void *a = SysAlloc(len, &stat);
		SysFree(a, len, &stat);
	}
	check(physmem_free_pages() == before,
	      "10000 reserve/map/free and alloc/free cycles leave the free-page count");
	check(stat == 0, "the statistic is back to 0");
	return failures != 0;
}

/* 1,000,000 small allocations and frees, contents checked. */
static int malloc_small(void)
{
	enum { SLOTS = 1000 };
	static unsigned char *slot[SLOTS];
	static size_t size[SLOTS];
	uint32_t seed = 1;
	long bad = 0;
	for (long i = 0; i < 1000000; i++) {
		seed = seed * 1103515245 + 12345;
		int k = (seed >> 8) % SLOTS;
		if (slot[k]) {
			for (size_t j = 0; j < size[k]; j++)
				bad += slot[k][j] != (unsigned char)(k + j);
			free(slot[k]);
		}
		size[k] = 1 + (seed >> 20) % 200;
		slot[k] = malloc(size[k]);
		if (!slot[k]) {
			printf("FAIL: malloc(%u) returned NULL at %ld\n", (unsigned)size[k], i);
			return 1;
		}
		for (size_t j = 0; j < size[k]; j++)
			slot[k][j] = (unsigned char)(k + j);
	}
	for (int k = 0; k < SLOTS; k++)
		free(slot[k]);
	check(bad == 0, "1000000 small mallocs and frees keep their contents");
	return failures != 0;
}

/* Half of RAM in one malloc works; more than RAM is NULL and life goes on. */
static int malloc_big(void)
{
	size_t ram = (size_t)physmem_total_pages() * PageSize;
	unsigned char *p = malloc(ram / 2);
	check(p != NULL, "malloc of half the RAM succeeds");
	if (p) {
		for (size_t i = 0; i < ram / 2; i += PageSize)
			p[i] = (unsigned char)(i >> 12);
		size_t bad = 0;
		for (size_t i = 0; i < ram / 2; i += PageSize)
			bad += p[i] != (unsigned char)(i >> 12);
		check(bad == 0, "every page of it holds what was written");
		free(p);
	}
	check(malloc(ram + ram / 4) == NULL, "malloc of more than the RAM returns NULL");
	check(malloc(ram - 4 * PageSize) == NULL, "malloc of more than the free RAM returns NULL");
	p = malloc(1 << 20);
	check(p != NULL, "malloc still works afterwards");
	free(p);
	return failures != 0;
}

/*
 * recurse uses 512 bytes a frame until the stack runs out. It has no
 * prologue check (no_split_stack), like code built without
 * -fsplit-stack: the stack cannot grow, and the guard page below it is
 * what stops it.
 */
static int __attribute__((noinline, no_split_stack)) recurse(int depth)
{
	volatile char frame[512];
	frame[0] = (char)depth;
	frame[511] = (char)depth;
	return recurse(depth + 1) + frame[0] + frame[511];
}

static void overflow(void *arg)
{
	(void)arg;
	recurse(0);
}

/* touch_below reads the byte below its own stack: a pinned stack's guard page (mem_alloc_guarded). */
static void touch_below(void *arg)
{
	(void)arg;
	G *gp = getg();
	printf("guard-below-pinned: stack=[%p, %p)\n", (void *)gp->stacklo, (void *)gp->stackhi);
	fflush(stdout);
	(void)*(volatile unsigned char *)(gp->stacklo - 1);
}

static void say(const char *what)
{
	printf("%s\n", what);
	fflush(stdout);
}

/*
 * shootdown: a goroutine keeps reading a page on one CPU while another
 * CPU SysFault's it. Its next read must fault: the unmapping reached its
 * TLB (a shootdown, on the PC) before SysFault returned. A reader that
 * reads on through a stale translation fails the run.
 */
static volatile unsigned char *shared;
static volatile int readercpu = -1, faulted;

static void reader(void *arg)
{
	(void)arg;
	long after = 0;
	for (;;) {
		readercpu = goro_cpu();
		(void)shared[8];
		if (faulted && ++after > 1000) {
			printf("FAIL: shootdown: %ld reads on cpu %d after SysFault returned\n", after, goro_cpu());
			exit(1);
		}
	}
}

static int shootdown(void)
{
	if (goro_ncpu() < 2) {
		printf("FAIL: shootdown: goroutines run on %d CPU (want 2 or more)\n", goro_ncpu());
		return 1;
	}
	shared = SysAlloc(PageSize, &memstats.other_sys);
	shared[8] = 42;
	go(reader, NULL);
	int64_t until = nanotime() + 5000000000;
	/* Until the reader runs on another CPU (this yields, or is preempted, and the two part). */
	for (;;) {
		int me = goro_cpu(), theirs = readercpu;
		if (theirs >= 0 && theirs != me) {
			printf("shootdown: a reader on cpu %d, SysFault on cpu %d\n", theirs, me);
			fflush(stdout);
			if (readercpu != goro_cpu())
				break;          /* still apart */
		}
		if (nanotime() > until) {
			printf("FAIL: shootdown: the reader never ran beside this goroutine\n");
			return 1;
		}
		gosched();
	}
	SysFault((void *)shared, PageSize);
	faulted = 1;
	gosleep(2000000000);
	printf("FAIL: shootdown: the reader did not fault\n");
	return 1;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	volatile unsigned char *p;

	if (strcmp(mode, "sys") == 0)
		return sys();
	if (strcmp(mode, "malloc-small") == 0)
		return malloc_small();
	if (strcmp(mode, "malloc-big") == 0)
		return malloc_big();
	if (strcmp(mode, "shootdown") == 0)
		return shootdown();
	if (strcmp(mode, "fault-read") == 0 || strcmp(mode, "fault-write") == 0) {
		p = SysAlloc(4 * PageSize, &memstats.other_sys);
		SysFault((void *)(p + PageSize), 2 * PageSize);
		p[0] = 1;       /* still mapped */
		say(mode);
		if (mode[6] == 'r')
			return p[PageSize + 8];
		p[2 * PageSize + 8] = 1;
	} else if (strcmp(mode, "reserved") == 0) {
		/* Far into a reservation: hosted, in a chunk of the region never opened. */
		p = SysReserve(NULL, 4 << 20);
		say(mode);
		return p[(3 << 20) + 3 * PageSize];
	} else if (strcmp(mode, "unused") == 0) {
		p = SysAlloc(2 * PageSize, &memstats.other_sys);
		SysUnused((void *)p, 2 * PageSize);
		say(mode);
		p[PageSize] = 1;
	} else if (strcmp(mode, "text-write") == 0) {
		say(mode);
		*(volatile unsigned char *)(uintptr_t)&SysAlloc = 0xc3;
	} else if (strcmp(mode, "rodata-write") == 0) {
		static const char msg[] = "read-only";
		say(mode);
		*(volatile char *)(uintptr_t)msg = 'R';
	} else if (strcmp(mode, "symtab-write") == 0) {
		say(mode);
		*(volatile char *)(uintptr_t)gosymtab = 0;      /* the function table: read-only */
	} else if (strcmp(mode, "noinit-exec") == 0) {
		/* NOINIT's buffers are read-write, never executable, wherever the image puts them. */
		static NOINIT unsigned char buf[64] __attribute__((aligned(16)));
		say(mode);
		((void (*)(void))(uintptr_t)buf)();
	} else if (strcmp(mode, "heap-exec") == 0 || strcmp(mode, "stack-exec") == 0) {
		/* A return instruction, copied where code must not run. */
#if defined(__x86_64__) || defined(__i386__)
		static const unsigned char ret[] = { 0xc3 };
#else
		static const unsigned char ret[] = { 0x1e, 0xff, 0x2f, 0xe1 };  /* bx lr */
#endif
		unsigned char local[16] __attribute__((aligned(16)));
		unsigned char *code = mode[0] == 'h' ? malloc(64) : local;
		memcpy(code, ret, sizeof ret);
		say(mode);
		((void (*)(void))(uintptr_t)code)();
	} else if (strcmp(mode, "guard-below") == 0 || strcmp(mode, "guard-above") == 0) {
		/* The bytes just below and just above goroutine 1's stack (in the image) fault. */
		G *gp = getg();
		p = (volatile unsigned char *)(mode[6] == 'b' ? gp->stacklo - 1 : gp->stackhi);
		printf("%s: stack=[%p, %p)\n", mode, (void *)gp->stacklo, (void *)gp->stackhi);
		fflush(stdout);
		return *p;
	} else if (strcmp(mode, "guard-below-pinned") == 0) {
		go_pinned(touch_below, NULL, 65536);        /* room for the host's printf */
		gosleep(1000000000);
	} else if (strcmp(mode, "overflow-main") == 0) {
		say(mode);
		return recurse(0);                      /* goroutine 1's stack: the image's guard page */
	} else if (strcmp(mode, "overflow") == 0) {
		say(mode);
		go_pinned(overflow, NULL, 16384);   /* a stack of pages, with a guard page */
		gosleep(1000000000);
	} else if (strcmp(mode, "null") == 0) {
		say(mode);
		return *(volatile int *)(uintptr_t)0;
	} else if (strcmp(mode, "oom-memory") == 0) {
		say(mode);
		SysAlloc((size_t)physmem_total_pages() * PageSize + (1 << 20), &memstats.other_sys);
	} else if (strcmp(mode, "oom-space") == 0) {
		say(mode);
		SysAlloc(VM_HEAP_END - VM_HEAP_BASE + PageSize, &memstats.other_sys);
	} else if (strcmp(mode, "bad-free") == 0) {
		say(mode);
		SysFree((void *)(uintptr_t)(VM_HEAP_END - 16 * PageSize), PageSize, &memstats.other_sys);
	} else {
		printf("unknown mode '%s'\n", mode);
		return 1;
	}
	say("survived: the access did not fault");
	return 0;
}
