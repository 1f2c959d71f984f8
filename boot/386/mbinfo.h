/*
 * mbinfo.h - the multiboot-1 information structure's parser (mbinfo.c).
 */
#ifndef GORO_MBINFO_H
#define GORO_MBINFO_H

#include <stdint.h>
#include "bootinfo.h"

/*
 * multiboot_parse fills bi (zeroed by the caller) from the multiboot
 * info at physical address mbi, reading loader memory only inside m.
 */
void multiboot_parse(struct bootinfo *bi, const struct bootmem *m, uint64_t mbi);

#endif
