/*
 * symtab.h - function names for code addresses, for tracebacks.
 *
 * The build links the kernel twice: tools/mksymtab turns the first
 * link's function symbols into a table that the second link places in
 * its own section (.gosymtab, between the linker script's gosymtab and
 * egosymtab) after everything else, so no other address changes. The
 * table, the same on every arch, all little 32-bit words:
 *
 *   header   magic "stab", function count, etext - text_start of the
 *            image it was made for, byte offset of the names
 *   entries  count pairs (function address - text_start, name offset),
 *            sorted by address
 *   names    NUL-terminated
 *
 * A function's extent is up to the next entry (or etext).
 */
#ifndef GORO_SYMTAB_H
#define GORO_SYMTAB_H

#include <stdint.h>

#define SYMTAB_MAGIC    0x62617473u     /* "stab", little-endian */

struct symtab_header {
	uint32_t magic;
	uint32_t nfunc;
	uint32_t textlen;
	uint32_t names;
};

struct symtab_func {
	uint32_t off;           /* entry address - text_start */
	uint32_t name;          /* offset into the names */
};

/*
 * symtab_lookup names the function containing pc and sets *offset (if
 * not NULL) to pc minus its entry. Returns NULL if pc is outside the
 * kernel text, before the first function, or the image has no table.
 */
const char *symtab_lookup(uintptr_t pc, uintptr_t *offset);

/* symtab_func names the function containing pc and sets its extent [*entry, *end); NULL if none. */
const char *symtab_func(uintptr_t pc, uintptr_t *entry, uintptr_t *end);

#endif
