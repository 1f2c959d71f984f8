/*
 * fault.h - decoding x86 exceptions into a struct faultinfo.
 *
 * The exception vectors, their names and the page-fault error code are
 * the same on i386 and amd64, so both fill the portable part of a fault
 * report with x86_faultinfo and add only pc and sp themselves.
 */
#ifndef GORO_X86_FAULT_H
#define GORO_X86_FAULT_H

#include <stdint.h>

struct faultinfo;

/* x86_trap_name returns the report name of a vector ("page fault", ...). */
const char *x86_trap_name(unsigned vector);

/*
 * x86_faultinfo fills fi's name, vector, and for a page fault the
 * address (cr2), the access and the cause decoded from the error code.
 * pc and sp are left 0 for the caller.
 */
void x86_faultinfo(struct faultinfo *fi, unsigned vector, unsigned long err, uintptr_t cr2);

#endif
