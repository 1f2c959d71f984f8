/*
 * api.c - the goroutine entry points of goro.h that are not elsewhere.
 */
#include "goro.h"
#include "runtime.h"
#include "rtalloc.h"

void go(void (*fn)(void *), void *arg)
{
	newproc(fn, arg);
}

/* go_pinned: as goro.h says; a stack over maxstack (it could never be mapped, or wraps when page-rounded) panics. */
void go_pinned(void (*fn)(void *), void *arg, size_t stacksize)
{
	if (stacksize > stack_maxsize())
		panic("go_pinned: stack size %zu too large (maxstack is %lu bytes)",
		      stacksize, (unsigned long)stack_maxsize());
	if (stacksize < StackMin)
		stacksize = StackMin;
	newproc1(fn, arg, stacksize, true);
}

int goro_ncpu(void)
{
	return ncpu;
}

uint64_t goro_cpuruns(int cpu)
{
	if (cpu < 0 || cpu >= ncpu || !allm[cpu])
		return 0;
	return __atomic_load_n(&allm[cpu]->nrun, __ATOMIC_RELAXED);
}

uint64_t goro_cpupreempts(int cpu, int async)
{
	if (cpu < 0 || cpu >= ncpu || !allm[cpu])
		return 0;
	return __atomic_load_n(&allm[cpu]->npreempt[async != 0], __ATOMIC_RELAXED);
}

int goro_cpu(void)
{
	return cpu_id();
}

int64_t goid(void)
{
	return getg()->goid;
}

/* goro_rand: the calling CPU's generator, the one select and the scheduler draw from. */
uint32_t goro_rand(void)
{
	return fastrand();
}

int goro_numgoroutine(void)
{
	int live, dead;
	gcounts(&live, &dead);
	return live;
}

void goro_memstats(struct goro_memstats *st)
{
	gcounts(&st->goroutines, &st->gs_free);
	st->pagesize = PageSize;
	st->frames = physmem_total_pages();
	st->frames_free = physmem_free_pages();
	st->runtime_bytes = (size_t)memstats.other_sys;        /* a figure: a racy read is fine */
	/*
	 * Free G records and the Ps' free Sudogs are caches, as the
	 * allocator's free blocks are. They are allocated blocks, so read
	 * first they are never more than rtalloc_inuse read after.
	 */
	uintptr_t cached = (uintptr_t)st->gs_free * rtalloc_size(sizeof(G))
		+ (uintptr_t)sudogs_cached() * rtalloc_size(sizeof(Sudog));
	uintptr_t inuse = rtalloc_inuse();
	st->runtime_inuse = inuse > cached ? inuse - cached : 0;
	st->table_frames = mmu_table_frames();
}
