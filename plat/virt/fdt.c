/*
 * fdt.c - the device tree's index (see fdt.h).
 *
 * The structure block is a flat token stream (BEGIN_NODE name, PROP
 * len nameoff value, END_NODE, NOP, END). fdt_scan walks it once with
 * next_token(), which refuses to read outside the blob, and keeps, for
 * each node near the root, its name, its parent and where the values
 * of the properties goro reads are; the queries below only look in
 * that index. Cells are read byte by byte so alignment never matters;
 * the walk reads its tokens (4-byte aligned in the block, which
 * fdt_open checks) a word at a time.
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
#define FDT_INDEXDEPTH  2       /* levels below the root the index holds */

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
	uint32_t nameoff;       /* FDT_PROP only: unchecked until propname_of reads it */
};

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

/* The index (fdt.h): the nodes in the tree's order, the root first. */
struct fdt_node fdt_nodes[FDT_MAXNODES];
int fdt_nnodes;

static const char *const propnames[FDT_NPROPS] = {
	[FDT_COMPATIBLE] = "compatible",
	[FDT_STATUS] = "status",
	[FDT_REG] = "reg",
	[FDT_INTERRUPTS] = "interrupts",
	[FDT_DEVICE_TYPE] = "device_type",
	[FDT_ADDRESS_CELLS] = "#address-cells",
	[FDT_SIZE_CELLS] = "#size-cells",
	[FDT_ENABLE_METHOD] = "enable-method",
	[FDT_METHOD] = "method",
	[FDT_CPU_ON] = "cpu_on",
	[FDT_BOOTARGS] = "bootargs",
	[FDT_CLOCK_FREQUENCY] = "clock-frequency",
};

/* propname_of: the enum fdt_propname of the property name at nameoff, or -1 (another, or not inside the strings). */
static int propname_of(const struct fdt *f, uint32_t nameoff)
{
	if (nameoff >= f->strs_size)
		return -1;
	const char *s = f->strs + nameoff;
	uint32_t room = f->strs_size - nameoff;
	for (int p = 0; p < FDT_NPROPS; p++) {
		const char *name = propnames[p];
		if (s[0] != name[0])
			continue;
		for (uint32_t i = 0; i < room && s[i] == name[i]; i++)
			if (name[i] == 0)
				return p;
	}
	return -1;
}

int fdt_scan(const void *dtb)
{
	struct fdt f;
	struct token t;
	int open[FDT_INDEXDEPTH + 1];   /* the indexed node open at each level, or -1 */
	int depth = 0;                  /* nodes open */
	int cur = -1;                   /* the indexed node whose properties come next, or -1 */
	uint32_t off = 0;

	fdt_nnodes = 0;
	if (fdt_open(dtb, &f) < 0)
		return -1;
	while (next_token(&f, &off, &t)) {
		if (t.type == FDT_END_NODE) {
			cur = -1;
			if (--depth <= 0)
				break;          /* the root's end: anything after it is not the tree */
		} else if (t.type == FDT_BEGIN_NODE) {
			int level = depth++;
			cur = -1;
			if (level > FDT_INDEXDEPTH)
				continue;
			open[level] = -1;
			if ((level > 0 && open[level - 1] < 0) || fdt_nnodes == FDT_MAXNODES)
				continue;       /* under a node not indexed, or no room */
			cur = fdt_nnodes++;
			struct fdt_node *n = &fdt_nodes[cur];
			n->name = t.name;
			n->parent = level > 0 ? open[level - 1] : -1;
			for (int p = 0; p < FDT_NPROPS; p++)
				n->prop[p].val = NULL;
			open[level] = cur;
		} else if (t.type == FDT_PROP && cur >= 0) {
			int p = propname_of(&f, t.nameoff);
			if (p >= 0 && !fdt_nodes[cur].prop[p].val) {
				fdt_nodes[cur].prop[p].val = t.val;
				fdt_nodes[cur].prop[p].len = t.len;
			}
		}
	}
	return fdt_nnodes;
}

/*
 * Node name matches the path component comp[0..n-1]: exactly, or, if
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

int fdt_path(const char *path)
{
	if (path == NULL || path[0] != '/' || fdt_nnodes == 0)
		return -1;
	const char *comp = path + 1;
	uint32_t n = 0;
	while (comp[n] && comp[n] != '/')
		n++;
	if (n == 0)
		return comp[0] == 0 ? 0 : -1;
	if (comp[n] != 0)
		return -1;              /* deeper paths: not asked for */
	for (int c = fdt_child(0, -1); c >= 0; c = fdt_child(0, c))
		if (name_matches(fdt_nodes[c].name, comp, n))
			return c;
	return -1;
}

__attribute__((noinline)) int fdt_child(int parent, int prev)
{
	if (!fdt_valid(parent) || (prev >= 0 && (!fdt_valid(prev) || prev <= parent)))
		return -1;
	for (int i = prev >= 0 ? prev + 1 : parent + 1; i < fdt_nnodes; i++)
		if (fdt_nodes[i].parent == parent)
			return i;
	return -1;
}

__attribute__((noinline)) uint32_t fdt_prop_u32(int node, enum fdt_propname p, uint32_t dflt)
{
	uint32_t len;
	const uint8_t *v = fdt_prop(node, p, &len);
	return v && len == 4 ? fdt_be32(v) : dflt;
}

__attribute__((noinline)) int fdt_prop_is(int node, enum fdt_propname p, const char *s)
{
	uint32_t len, i = 0;
	const uint8_t *val = fdt_prop(node, p, &len);
	if (val == NULL)
		return 0;
	for (; i < len && s[i]; i++)
		if (val[i] != (uint8_t)s[i])
			return 0;
	return i + 1 == len && val[i] == 0;
}

__attribute__((noinline)) int fdt_compatible_rank(int node, const char *const *want, int n)
{
	uint32_t len;
	const char *val = fdt_prop(node, FDT_COMPATIBLE, &len);
	int best = n;

	if (val == NULL || len == 0 || val[len - 1] != 0)
		return n;               /* no list, or one whose last string runs off its end */
	for (const char *s = val; s < val + len; s++) {
		for (int c = 0; c < best; c++)
			if (fdt_str_eq(s, want[c]))
				best = c;
		while (*s)
			s++;            /* to the string's NUL: the next starts after it */
	}
	return best;
}

int fdt_compatible(int node, const char *compatible)
{
	return fdt_compatible_rank(node, &compatible, 1) == 0;
}

__attribute__((noinline)) int fdt_enabled(int node)
{
	return fdt_valid(node) && (!fdt_nodes[node].prop[FDT_STATUS].val || fdt_prop_is(node, FDT_STATUS, "okay") ||
			       fdt_prop_is(node, FDT_STATUS, "ok"));
}

__attribute__((noinline)) int fdt_find_compatible(const char *compatible, int prev)
{
	for (int i = prev >= 0 ? prev + 1 : 1; i < fdt_nnodes; i++)
		if (fdt_compatible(i, compatible) && fdt_enabled(i))
			return i;
	return -1;
}

/* A number of ncells big-endian cells; more than two keep the low 64 bits. */
static uint64_t read_cells(const uint8_t *p, uint32_t ncells)
{
	uint64_t v = 0;
	for (uint32_t i = 0; i < ncells; i++)
		v = v << 32 | fdt_be32(p + 4 * i);
	return v;
}

__attribute__((noinline)) int fdt_regs(int node, struct fdt_range *r, int max)
{
	uint32_t len;
	if (!fdt_valid(node) || fdt_nodes[node].parent < 0)
		return -1;
	int parent = fdt_nodes[node].parent;
	uint32_t ac = fdt_prop_u32(parent, FDT_ADDRESS_CELLS, 2);
	uint32_t sc = fdt_prop_u32(parent, FDT_SIZE_CELLS, 1);
	const uint8_t *reg = fdt_prop(node, FDT_REG, &len);
	if (reg == NULL || ac > 4 || sc > 4 || ac + sc == 0 || len < 4 * (ac + sc))
		return -1;
	uint32_t entry = 4 * (ac + sc);
	int n = 0;
	for (uint32_t at = 0; at + entry <= len && n < max; at += entry, n++) {
		r[n].base = read_cells(reg + at, ac);
		r[n].size = read_cells(reg + at + 4 * ac, sc);
	}
	return n;
}
