/*
 * fdt.c - a small reader for flattened device trees (see fdt.h).
 *
 * The structure block is a flat token stream (BEGIN_NODE name, PROP
 * len nameoff value, END_NODE, NOP, END). Everything here is one walk
 * over that stream with next_token(), which refuses to read outside the
 * blob; lookups are linear, which is fine for a boot-time tree of a few
 * kilobytes. Cells are read byte by byte so alignment never matters;
 * the walk reads its tokens (4-byte aligned in the block, which
 * fdt_open checks) a word at a time, and a property's name only when a
 * lookup compares it: a walk runs many times at each boot.
 */
#include "fdt.h"

#include <stddef.h>

enum {
	FDT_BEGIN_NODE = 1,
	FDT_END_NODE = 2,
	FDT_PROP = 3,
	FDT_NOP = 4,
	FDT_END = 9,
};

#define FDT_HEADER_SIZE 40      /* version 17 header: ten 32-bit fields */
#define FDT_MAXDEPTH    32      /* deeper nodes are walked but never matched */

/* Header field offsets. */
enum {
	H_MAGIC = 0, H_TOTALSIZE = 4, H_OFF_STRUCT = 8, H_OFF_STRINGS = 12,
	H_OFF_RSVMAP = 16, H_VERSION = 20, H_LAST_COMP = 24, H_BOOT_CPUID = 28,
	H_SIZE_STRINGS = 32, H_SIZE_STRUCT = 36,
};

/* The two blocks of a checked blob. */
struct fdt {
	const uint8_t *strct;
	uint32_t strct_size;
	const char *strs;
	uint32_t strs_size;
};

/* One decoded token. name is a node's name; a property's is at nameoff in the strings. */
struct token {
	uint32_t type;
	uint32_t off;           /* offset of the token in the structure block */
	const char *name;       /* FDT_BEGIN_NODE only */
	const uint8_t *val;     /* FDT_PROP only */
	uint32_t len;           /* FDT_PROP only */
	uint32_t nameoff;       /* FDT_PROP only: unchecked until prop_named compares it */
};

uint32_t fdt_be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static int str_eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* The big-endian word at off in the structure block, which is 4-byte aligned there. */
static uint32_t strct_word(const struct fdt *f, uint32_t off);

/* Length of the NUL-terminated string at s if it ends before s+max, else -1. */
static long str_len_within(const char *s, uint32_t max)
{
	for (uint32_t i = 0; i < max; i++)
		if (s[i] == 0)
			return i;
	return -1;
}

/* Validates the header of dtb and locates its blocks in *f. */
static __attribute__((noinline)) int fdt_open(const void *dtb, struct fdt *f)
{
	const uint8_t *h = dtb;
	if (h == NULL || fdt_be32(h + H_MAGIC) != FDT_MAGIC)
		return -1;
	uint32_t total = fdt_be32(h + H_TOTALSIZE);
	uint32_t version = fdt_be32(h + H_VERSION);
	uint32_t last_comp = fdt_be32(h + H_LAST_COMP);
	if (total < FDT_HEADER_SIZE || version < 16 || last_comp > 17)
		return -1;
	uint32_t off_struct = fdt_be32(h + H_OFF_STRUCT);
	uint32_t off_strings = fdt_be32(h + H_OFF_STRINGS);
	uint32_t size_strings = fdt_be32(h + H_SIZE_STRINGS);
	if (off_struct > total || off_strings > total ||
	    size_strings > total - off_strings || (off_struct & 3))
		return -1;
	/* Version 16 has no size_dt_struct: the block runs to the end at most. */
	uint32_t size_struct = total - off_struct;
	if (version >= 17) {
		size_struct = fdt_be32(h + H_SIZE_STRUCT);
		if (size_struct > total - off_struct)
			return -1;
	}
	f->strct = h + off_struct;
	f->strct_size = size_struct;
	f->strs = (const char *)h + off_strings;
	f->strs_size = size_strings;
	return 0;
}

int fdt_check(const void *dtb)
{
	struct fdt f;
	return fdt_open(dtb, &f);
}

uint32_t fdt_totalsize(const void *dtb)
{
	struct fdt f;
	if (fdt_open(dtb, &f) < 0)
		return 0;
	return fdt_be32((const uint8_t *)dtb + H_TOTALSIZE);
}

/*
 * Decodes the token at *offp (skipping NOPs) into *t and advances *offp
 * past it. Returns 0 at FDT_END, on an unknown token, or when a token
 * would run past the block.
 */
static __attribute__((noinline)) int next_token(const struct fdt *f, uint32_t *offp, struct token *t)
{
	uint32_t off = *offp;
	for (;;) {
		if (f->strct_size < 4 || off > f->strct_size - 4)
			return 0;
		t->off = off;
		t->type = strct_word(f, off);
		off += 4;
		switch (t->type) {
		case FDT_NOP:
			continue;
		case FDT_BEGIN_NODE: {
			long n = str_len_within((const char *)f->strct + off, f->strct_size - off);
			if (n < 0)
				return 0;
			t->name = (const char *)f->strct + off;
			off += ((uint32_t)n + 1 + 3) & ~3u;
			break;
		}
		case FDT_END_NODE:
			break;
		case FDT_PROP: {
			if (off > f->strct_size - 8)
				return 0;
			uint32_t len = strct_word(f, off);
			t->nameoff = strct_word(f, off + 4);
			off += 8;
			if (len > f->strct_size - off)
				return 0;
			t->val = f->strct + off;
			t->len = len;
			off += (len + 3) & ~3u;
			break;
		}
		default:                /* FDT_END or garbage */
			return 0;
		}
		*offp = off;
		return 1;
	}
}

static uint32_t strct_word(const struct fdt *f, uint32_t off)
{
	return __builtin_bswap32(*(const uint32_t *)(const void *)(f->strct + off));
}

/* prop_named: is the property name at nameoff name, NUL-terminated inside the strings block? */
static int prop_named(const struct fdt *f, uint32_t nameoff, const char *name)
{
	if (nameoff >= f->strs_size)
		return 0;
	const char *s = f->strs + nameoff;
	for (uint32_t i = 0; i < f->strs_size - nameoff && s[i] == name[i]; i++)
		if (name[i] == 0)
			return 1;
	return 0;
}

/* Property lookup on an opened blob; node is the BEGIN_NODE token offset. */
static __attribute__((noinline)) const uint8_t *getprop(const struct fdt *f, int node, const char *name, uint32_t *lenp)
{
	struct token t;
	uint32_t off = (uint32_t)node;
	if (node < 0 || !next_token(f, &off, &t) || t.type != FDT_BEGIN_NODE)
		return NULL;
	/* A node's properties come before its subnodes. */
	while (next_token(f, &off, &t) && t.type == FDT_PROP) {
		if (prop_named(f, t.nameoff, name)) {
			if (lenp)
				*lenp = t.len;
			return t.val;
		}
	}
	return NULL;
}

const void *fdt_getprop(const void *dtb, int node, const char *name, int *lenp)
{
	struct fdt f;
	uint32_t len;
	if (fdt_open(dtb, &f) < 0)
		return NULL;
	const uint8_t *v = getprop(&f, node, name, &len);
	if (v && lenp)
		*lenp = (int)len;
	return v;
}

/* True if the property value (val, len) is exactly the string s. */
static int prop_is(const uint8_t *val, uint32_t len, const char *s)
{
	uint32_t i = 0;
	if (val == NULL)
		return 0;
	for (; i < len && s[i]; i++)
		if (val[i] != (uint8_t)s[i])
			return 0;
	return i + 1 == len && val[i] == 0;
}

/* True if the string-list value (val, len) contains s. */
static __attribute__((noinline)) int stringlist_has(const uint8_t *val, uint32_t len, const char *s)
{
	uint32_t i = 0;
	while (val && i < len) {
		long n = str_len_within((const char *)val + i, len - i);
		if (n < 0)
			return 0;
		if (str_eq((const char *)val + i, s))
			return 1;
		i += (uint32_t)n + 1;
	}
	return 0;
}

/* A node is enabled unless its status says otherwise ("okay"/"ok"/absent). */
static __attribute__((noinline)) int node_enabled(const struct fdt *f, int node)
{
	uint32_t len;
	const uint8_t *st = getprop(f, node, "status", &len);
	return st == NULL || prop_is(st, len, "okay") || prop_is(st, len, "ok");
}

/* The value of a u32 property, or dflt if absent or malformed. */
static __attribute__((noinline)) uint32_t getprop_u32(const struct fdt *f, int node, const char *name, uint32_t dflt)
{
	uint32_t len;
	const uint8_t *v = getprop(f, node, name, &len);
	return v && len == 4 ? fdt_be32(v) : dflt;
}

/* A number of ncells big-endian cells; more than two keep the low 64 bits. */
static uint64_t read_cells(const uint8_t *p, uint32_t ncells)
{
	uint64_t v = 0;
	for (uint32_t i = 0; i < ncells; i++)
		v = v << 32 | fdt_be32(p + 4 * i);
	return v;
}

/*
 * Node name matches one path component comp[0..n-1]: exactly, or, if
 * the component has no unit address, up to the node's '@'.
 */
static int name_matches(const char *name, const char *comp, uint32_t n)
{
	int comp_has_unit = 0;
	uint32_t i;
	for (i = 0; i < n; i++)
		if (comp[i] == '@')
			comp_has_unit = 1;
	for (i = 0; i < n; i++)
		if (name[i] != comp[i])
			return 0;
	return name[n] == 0 || (!comp_has_unit && name[n] == '@');
}

int fdt_path_offset(const void *dtb, const char *path)
{
	struct fdt f;
	struct token t;
	const char *comp[FDT_MAXDEPTH];
	uint32_t complen[FDT_MAXDEPTH];
	int ncomp = 0;

	if (fdt_open(dtb, &f) < 0 || path == NULL || path[0] != '/')
		return -1;
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		if (*p == 0)
			break;
		if (ncomp == FDT_MAXDEPTH)
			return -1;
		comp[ncomp] = p;
		while (*p && *p != '/')
			p++;
		complen[ncomp] = (uint32_t)(p - comp[ncomp]);
		ncomp++;
	}

	/*
	 * depth counts open nodes (the root is level 0); the open nodes at
	 * levels 1..matched match the first matched components.
	 */
	int depth = 0, matched = 0;
	uint32_t off = 0;
	while (next_token(&f, &off, &t)) {
		if (t.type == FDT_BEGIN_NODE) {
			int level = depth++;
			if (level == 0) {
				if (ncomp == 0)
					return (int)t.off;
				continue;
			}
			if (matched == level - 1 && level <= ncomp &&
			    name_matches(t.name, comp[level - 1], complen[level - 1])) {
				matched = level;
				if (matched == ncomp)
					return (int)t.off;
			}
		} else if (t.type == FDT_END_NODE) {
			int level = --depth;
			if (level < 0)
				return -1;
			if (matched >= level && level > 0)
				matched = level - 1;
		}
	}
	return -1;
}

/*
 * From prev (a child of parent) the walk starts at prev itself, skips
 * its subtree and takes the next node at its level: a loop over the
 * children walks the tree once, not once per child (under an emulator,
 * the root's 50 children of QEMU's virt cost milliseconds of each boot
 * the other way).
 */
int fdt_next_subnode(const void *dtb, int parent, int prev)
{
	struct fdt f;
	struct token t;
	uint32_t off = (uint32_t)(prev < 0 ? parent : prev);
	/* depth: levels open below parent, once the first node (parent or prev) is read */
	int depth = prev < 0 ? 0 : 1;

	if (fdt_open(dtb, &f) < 0 || parent < 0 || (prev >= 0 && prev <= parent) ||
	    !next_token(&f, &off, &t) || t.type != FDT_BEGIN_NODE)
		return -1;
	while (next_token(&f, &off, &t)) {
		if (t.type == FDT_BEGIN_NODE) {
			if (depth++ == 0)
				return (int)t.off;
		} else if (t.type == FDT_END_NODE) {
			if (depth-- == 0)
				return -1;      /* parent's own end */
		}
	}
	return -1;
}

int fdt_node_compatible(const void *dtb, int node, const char *compatible)
{
	struct fdt f;
	uint32_t len;

	if (fdt_open(dtb, &f) < 0)
		return 0;
	const uint8_t *v = getprop(&f, node, "compatible", &len);
	return v != NULL && stringlist_has(v, len, compatible);
}

int fdt_prop_is(const void *dtb, int node, const char *name, const char *s)
{
	struct fdt f;
	uint32_t len;

	if (fdt_open(dtb, &f) < 0)
		return 0;
	const uint8_t *v = getprop(&f, node, name, &len);
	return prop_is(v, len, s);
}

int fdt_node_enabled(const void *dtb, int node)
{
	struct fdt f;

	return fdt_open(dtb, &f) == 0 && node_enabled(&f, node);
}

int fdt_memory(const void *dtb, struct fdt_range *r, int max)
{
	struct fdt f;
	struct token t;
	int n = 0, depth = 0;
	uint32_t off = 0;

	if (fdt_open(dtb, &f) < 0)
		return -1;
	int root = fdt_path_offset(dtb, "/");
	uint32_t ac = getprop_u32(&f, root, "#address-cells", 2);
	uint32_t sc = getprop_u32(&f, root, "#size-cells", 1);
	if (ac > 4 || sc > 4 || ac + sc == 0)
		return 0;

	while (next_token(&f, &off, &t)) {
		if (t.type == FDT_END_NODE)
			depth--;
		if (t.type != FDT_BEGIN_NODE)
			continue;
		if (depth++ != 1)       /* only children of the root */
			continue;
		int node = (int)t.off;
		uint32_t len;
		const uint8_t *dt = getprop(&f, node, "device_type", &len);
		if (!prop_is(dt, len, "memory") || !node_enabled(&f, node))
			continue;
		const uint8_t *reg = getprop(&f, node, "reg", &len);
		uint32_t entry = 4 * (ac + sc);
		for (uint32_t i = 0; reg && i + entry <= len && n < max; i += entry) {
			r[n].base = read_cells(reg + i, ac);
			r[n].size = read_cells(reg + i + 4 * ac, sc);
			if (r[n].size)
				n++;
		}
	}
	return n;
}

const char *fdt_bootargs(const void *dtb)
{
	struct fdt f;
	uint32_t len;
	if (fdt_open(dtb, &f) < 0)
		return NULL;
	const uint8_t *v = getprop(&f, fdt_path_offset(dtb, "/chosen"), "bootargs", &len);
	if (v == NULL || len == 0 || str_len_within((const char *)v, len) < 0)
		return NULL;
	return (const char *)v;
}

int fdt_find_compatible_regs(const void *dtb, const char *compatible,
                             struct fdt_range *r, int max)
{
	struct fdt f;
	struct token t;
	/*
	 * open[L]: the open node at level L, whose #address-cells and
	 * #size-cells its children's reg is decoded with - read for a
	 * match's parent alone: a walk looks at every node's compatible
	 * only, and under an emulator each property read costs.
	 */
	int open[FDT_MAXDEPTH];
	int depth = 0;
	uint32_t off = 0;

	if (fdt_open(dtb, &f) < 0)
		return -1;
	while (next_token(&f, &off, &t)) {
		if (t.type == FDT_END_NODE) {
			if (--depth < 0)
				return -1;
			continue;
		}
		if (t.type != FDT_BEGIN_NODE)
			continue;
		int level = depth++;
		if (level >= FDT_MAXDEPTH)
			continue;
		int node = (int)t.off;
		open[level] = node;
		if (level == 0)
			continue;

		uint32_t len;
		const uint8_t *compat = getprop(&f, node, "compatible", &len);
		if (!stringlist_has(compat, len, compatible) || !node_enabled(&f, node))
			continue;
		uint32_t ac = getprop_u32(&f, open[level - 1], "#address-cells", 2);
		uint32_t sc = getprop_u32(&f, open[level - 1], "#size-cells", 1);
		const uint8_t *reg = getprop(&f, node, "reg", &len);
		if (reg == NULL || ac > 4 || sc > 4 || len < 4 * (ac + sc))
			continue;
		uint32_t entry = 4 * (ac + sc);
		int n = 0;
		for (uint32_t at = 0; at + entry <= len && n < max; at += entry, n++) {
			r[n].base = read_cells(reg + at, ac);
			r[n].size = read_cells(reg + at + 4 * ac, sc);
		}
		return n;
	}
	return -1;
}

int fdt_find_compatible_reg(const void *dtb, const char *compatible,
                            uint64_t *base, uint64_t *size)
{
	struct fdt_range r;

	if (fdt_find_compatible_regs(dtb, compatible, &r, 1) < 1)
		return -1;
	if (base)
		*base = r.base;
	if (size)
		*size = r.size;
	return 0;
}
