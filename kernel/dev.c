/*
 * dev.c - device registers and DMA memory for drivers (include/machine.h,
 * "Device registers, DMA memory and buses").
 *
 * dev_map hands out the device window (VM_DEVMAP_BASE..VM_DEVMAP_END,
 * memlayout.h) from the bottom, a page-aligned piece per call, mapped
 * MMU_DEV (uncached; ARM: Device memory) and never given back: drivers
 * map their registers once. A new mapping needs no TLB shootdown (no CPU
 * can hold a translation for an address never mapped before).
 *
 * dma_alloc takes a run of frames from physpages_alloc and returns them
 * through the direct map, where RAM's virtual address is its physical
 * one (phys_to_virt): the device and the CPU see the same bytes, and the
 * pointer is the physical address.
 */
#include "machine.h"
#include "platform.h"

static struct spinlock devlock;
#ifdef VM_DEVMAP_BASE
static uintptr_t devnext = VM_DEVMAP_BASE;
#endif

void *dev_map(uint64_t pa, size_t size)
{
#ifdef VM_DEVMAP_BASE
	uint64_t lo = pa & ~(uint64_t)(PageSize - 1);
	uint64_t hi = (pa + size + PageSize - 1) & ~(uint64_t)(PageSize - 1);
	if (size == 0 || hi < lo)
		return NULL;
	spin_lock(&devlock);
	uintptr_t va = devnext;
	if (hi - lo > VM_DEVMAP_END - va) {
		spin_unlock(&devlock);
		return NULL;
	}
	for (uint64_t off = 0; off < hi - lo; off += PageSize)
		if (mmu_map(va + (uintptr_t)off, lo + off, MMU_R | MMU_W | MMU_DEV) < 0)
			fatal("out of memory: no page-table page for device registers at 0x%llx",
			      (unsigned long long)(lo + off));
	devnext = va + (uintptr_t)(hi - lo);
	spin_unlock(&devlock);
	return (void *)(va + (uintptr_t)(pa - lo));
#else
	(void)pa;
	(void)size;
	(void)devlock;
	return NULL;
#endif
}

void *dma_alloc(size_t size, uint64_t *pa)
{
	size_t n = (size + PageSize - 1) / PageSize;
	uint64_t p = physpages_alloc(n);
	if (!p)
		return NULL;
	*pa = p;
	return phys_to_virt(p);
}

void dma_free(void *p, size_t size)
{
	size_t n = (size + PageSize - 1) / PageSize;
	for (size_t i = 0; i < n; i++)
		physpage_free((uintptr_t)p + i * PageSize);     /* the direct map: virtual == physical */
}
