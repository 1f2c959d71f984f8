/*
 * physmem.c - page frames on the hosted platform: an account, not RAM.
 *
 * kernel/mem.c takes a frame for every page it maps and returns it when
 * it unmaps, exactly as on bare metal, so its out-of-memory checks and
 * the free-page counts tests compare work unchanged. As a process,
 * Linux supplies the memory behind a mapped page (plat/hosted/mmu.c), so a
 * frame here only stands for one page of the budget: the host's RAM.
 * Frames are pages of a pool reserved at start (never backed until
 * written), so the few frames mem.c uses directly (its area records,
 * through phys_to_virt) are real memory, and the others cost nothing.
 * Free frames are kept on a stack of frame numbers beside the pool, not
 * linked through the frames themselves, so freeing never touches one.
 */
#include <sys/mman.h>
#include <unistd.h>
#include "platform.h"
#include "bootinfo.h"
#include "machine.h"

static struct spinlock physlock;
static char *pool;              /* frame i is pool + i * PageSize */
static uint32_t *freestack;     /* numbers of freed frames */
static uintptr_t nfreestack;
static uintptr_t nnext;         /* frames [nnext, ntotal) were never handed out */
static uintptr_t nfree, ntotal;

/* MaxFrames bounds the budget (64 GiB): frame numbers fit 32 bits, the pool its range. */
enum { MaxFrames = 16u << 20 };

/* reserve maps n bytes at at that cost nothing until touched, or dies. */
static void *reserve(uintptr_t at, uintptr_t n, const char *what)
{
	void *p = mmap((void *)at, n, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
	if (p != (void *)at)
		fatal("cannot reserve [%p, %p) for %s", (void *)at, (void *)(at + n), what);
	return p;
}

/* physmem_init sizes the budget by the host's RAM and records the pool in bi. */
void physmem_init(struct bootinfo *bi)
{
	long pages = sysconf(_SC_PHYS_PAGES);
	ntotal = pages > 0 && pages < MaxFrames ? (uintptr_t)pages : MaxFrames;
	nfree = ntotal;
	pool = reserve(VM_FRAMES_BASE, ntotal * PageSize, "the frame pool");
	freestack = reserve(VM_FRAMES_BASE + (uintptr_t)MaxFrames * PageSize,
			    ntotal * sizeof *freestack, "the free-frame stack");
	bootinfo_addmem(bi, (uintptr_t)pool, ntotal * PageSize);
}

/* physpage_alloc: a pool page; zero, since only frames mem.c keeps for good are ever written. */
uint64_t physpage_alloc(void)
{
	uintptr_t i;
	spin_lock(&physlock);
	if (nfreestack > 0) {
		i = freestack[--nfreestack];
	} else if (nnext < ntotal) {
		i = nnext++;
	} else {
		spin_unlock(&physlock);
		return 0;
	}
	nfree--;
	spin_unlock(&physlock);
	return (uintptr_t)(pool + i * PageSize);
}

void physpage_free(uint64_t pa)
{
	uintptr_t off = (uintptr_t)pa - (uintptr_t)pool;
	if ((uintptr_t)pa < (uintptr_t)pool || off % PageSize || off / PageSize >= nnext)
		fatal("physpage_free(%p): not a frame", (void *)(uintptr_t)pa);
	spin_lock(&physlock);
	freestack[nfreestack++] = (uint32_t)(off / PageSize);
	nfree++;
	spin_unlock(&physlock);
}

uintptr_t physmem_free_pages(void)
{
	return nfree;
}

uintptr_t physmem_total_pages(void)
{
	return ntotal;
}

/* physpages_alloc: hosted has no devices to share memory with. */
uint64_t physpages_alloc(size_t n)
{
	(void)n;
	return 0;
}
