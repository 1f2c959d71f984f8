/*
 * fault.c - x86 exception names and page-fault decoding, for i386 and amd64.
 *
 * A table for the 32 architectural vectors; anything above is an
 * interrupt nobody claimed. The page-fault error code says whether the
 * page was present (so a protection violation) or not, whether the
 * access was a write, and whether it was an instruction fetch.
 */
#include "fault.h"
#include "machine.h"
#include "x86.h"

/* Page-fault error code bits. */
#define PF_PRESENT      0x01    /* 0: page not present; 1: protection violation */
#define PF_WRITE        0x02
#define PF_USER         0x04
#define PF_RESERVED     0x08    /* a reserved bit set in a paging entry */
#define PF_FETCH        0x10    /* instruction fetch */
#define PF_PKEY         0x20    /* protection key */

static const char *const trap_names[32] = {
	[0] = "divide error",
	[1] = "debug",
	[2] = "nmi",
	[3] = "breakpoint",
	[4] = "overflow",
	[5] = "bound range",
	[6] = "invalid opcode",
	[7] = "device not available",
	[8] = "double fault",
	[9] = "coprocessor segment overrun",
	[10] = "invalid tss",
	[11] = "segment not present",
	[12] = "stack fault",
	[13] = "general protection",
	[14] = "page fault",
	[16] = "x87 fault",
	[17] = "alignment check",
	[18] = "machine check",
	[19] = "simd fault",
	[20] = "virtualization exception",
	[21] = "control protection",
	[28] = "hypervisor injection",
	[29] = "vmm communication",
	[30] = "security exception",
};

const char *x86_trap_name(unsigned vector)
{
	if (vector >= 32)
		return "unexpected interrupt";
	return trap_names[vector] ? trap_names[vector] : "reserved exception";
}

/* pagefault_cause names why a page fault happened, from its error code. */
static const char *pagefault_cause(unsigned long err)
{
	if (err & PF_RESERVED)
		return "reserved bit in page table";
	if (err & PF_PKEY)
		return "protection key";
	if (err & PF_PRESENT)
		return "protection";
	return "not present";
}

void x86_faultinfo(struct faultinfo *fi, unsigned vector, unsigned long err, uintptr_t cr2)
{
	*fi = (struct faultinfo){
		.name = x86_trap_name(vector),
		.vector = (int)vector,
	};
	if (vector == T_PAGEFAULT) {
		fi->has_addr = 1;
		fi->addr = cr2;
		fi->access = (err & PF_FETCH) ? "execute" : (err & PF_WRITE) ? "write" : "read";
		fi->detail = pagefault_cause(err);
	} else if (vector == T_DOUBLEFAULT) {
		fi->detail = "raised while delivering another fault (bad stack pointer? see cr2)";
	}
}
