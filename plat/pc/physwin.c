/*
 * physwin.c - physical memory through a one-page window (physwin.h).
 *
 * Each page of a copy is mapped at VM_PHYSWIN and copied; the mapping
 * stays until the next page replaces it (mmu_map invalidates the entry
 * before on this CPU), so the boot translates no unmap. It needs no TLB
 * shootdown: the window is only used while the boot CPU is the only one
 * running (cpus_init, the first cpu_start), no other CPU ever touches
 * its address, and the lock keeps two users apart anyway. Firmware ROM
 * and tables are mapped cached, as they are memory; nothing here
 * touches device registers. A copy is of a table or a start page, and
 * is a plain loop of bytes each way (under an emulator, the time is
 * the code it translates, not the turns it runs): this file is built
 * freestanding, so the compiler does not turn it back into a memcpy
 * call (newlib's would check the stack).
 */
#include "physwin.h"
#include "machine.h"
#include "platform.h"

static struct spinlock winlock;

/* window maps the frame holding pa at VM_PHYSWIN and returns where pa is in it. */
static volatile uint8_t *window(uint64_t pa, unsigned prot)
{
	uint64_t frame = pa & ~(uint64_t)(PageSize - 1);

	if (mmu_map(VM_PHYSWIN, frame, prot) < 0)
		fatal("out of memory: no page-table page for the physical-memory window at %p",
		      (void *)(uintptr_t)VM_PHYSWIN);
	return (volatile uint8_t *)(uintptr_t)VM_PHYSWIN + (pa - frame);
}

/* copy moves n bytes between pa and buf, page by page: to pa if towrite. */
static void copy(uint64_t pa, uint8_t *buf, size_t n, int towrite)
{
	spin_lock(&winlock);
	while (n > 0) {
		size_t chunk = PageSize - (size_t)(pa & (PageSize - 1));
		if (chunk > n)
			chunk = n;
		volatile uint8_t *w = window(pa, towrite ? MMU_R | MMU_W : MMU_R);
		if (towrite) {
#pragma clang loop vectorize(disable) interleave(disable) unroll(disable)
			for (size_t i = 0; i < chunk; i++)
				w[i] = buf[i];
		} else {
#pragma clang loop vectorize(disable) interleave(disable) unroll(disable)
			for (size_t i = 0; i < chunk; i++)
				buf[i] = w[i];
		}
		pa += chunk;
		buf += chunk;
		n -= chunk;
	}
	spin_unlock(&winlock);
}

void phys_read(void *dst, uint64_t pa, size_t n)
{
	copy(pa, dst, n, 0);
}

void phys_write(uint64_t pa, const void *src, size_t n)
{
	copy(pa, (uint8_t *)src, n, 1);
}
