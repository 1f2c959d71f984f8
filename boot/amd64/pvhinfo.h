/*
 * pvhinfo.h - the PVH start info's parser (pvhinfo.c).
 */
#ifndef GORO_PVHINFO_H
#define GORO_PVHINFO_H

#include <stdint.h>
#include "bootinfo.h"

/*
 * pvh_parse fills bi (zeroed by the caller) from the start info at
 * physical address si, reading loader memory only inside m. Returns 0,
 * or -1 if there is no start info there (outside m, or a bad magic).
 */
int pvh_parse(struct bootinfo *bi, const struct bootmem *m, uint64_t si);

#endif
