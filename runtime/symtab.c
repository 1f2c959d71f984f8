/*
 * symtab.c - looks code addresses up in the embedded function table.
 *
 * The table (format in symtab.h) is generated at build time, so lookup
 * is a binary search over data that never changes: no allocation, no
 * locks, safe inside a fault report. The header is checked against the
 * image before use, so a missing or stale table (the first link has an
 * empty section) makes every lookup fail instead of naming nonsense.
 */
#include "machine.h"
#include "symtab.h"


/* table returns the header if the section holds a table made for this image, else NULL. */
static const struct symtab_header *table(void)
{
	size_t size = (size_t)(egosymtab - gosymtab);
	const struct symtab_header *h = (const struct symtab_header *)gosymtab;

	if (size < sizeof *h || h->magic != SYMTAB_MAGIC ||
	    h->textlen != (uintptr_t)(etext - text_start) ||
	    h->names < sizeof *h || h->names > size ||
	    (size_t)h->nfunc > (h->names - sizeof *h) / sizeof(struct symtab_func))
		return NULL;
	return h;
}

/*
 * find returns the table entry of the function containing pc (sets *h
 * and *n, the entry count), or NULL.
 */
static const struct symtab_func *find(uintptr_t pc, const struct symtab_header **hp)
{
	const struct symtab_header *h = table();

	if (h == NULL || h->nfunc == 0 || pc < (uintptr_t)text_start || pc >= (uintptr_t)etext)
		return NULL;
	const struct symtab_func *f = (const struct symtab_func *)(h + 1);
	uint32_t rel = (uint32_t)(pc - (uintptr_t)text_start);

	if (rel < f[0].off)
		return NULL;
	/* The last entry at or below rel: f[lo].off <= rel < f[hi].off. */
	uint32_t lo = 0, hi = h->nfunc;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (f[mid].off <= rel)
			lo = mid;
		else
			hi = mid;
	}
	size_t size = (size_t)(egosymtab - gosymtab);
	if (f[lo].name >= size - h->names)
		return NULL;
	*hp = h;
	return &f[lo];
}

const char *symtab_lookup(uintptr_t pc, uintptr_t *offset)
{
	const struct symtab_header *h;
	const struct symtab_func *f = find(pc, &h);

	if (!f)
		return NULL;
	if (offset)
		*offset = pc - (uintptr_t)text_start - f->off;
	return gosymtab + h->names + f->name;
}

const char *symtab_func(uintptr_t pc, uintptr_t *entry, uintptr_t *end)
{
	const struct symtab_header *h;
	const struct symtab_func *f = find(pc, &h);

	if (!f)
		return NULL;
	const struct symtab_func *last = (const struct symtab_func *)(h + 1) + h->nfunc - 1;
	*entry = (uintptr_t)text_start + f->off;
	*end = f < last ? (uintptr_t)text_start + f[1].off : (uintptr_t)etext;
	return gosymtab + h->names + f->name;
}
