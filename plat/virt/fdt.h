/*
 * fdt.h - the flattened device tree (DTB, version 16+) as goro reads it.
 *
 * One walk at boot (fdt_scan, from arm_boot) indexes the tree: the root,
 * its children and their children (the nodes a machine's devices, RAM,
 * CPUs, PSCI and the command line are found at), with the few
 * properties goro reads of each. Every later question is a look-up in
 * that index, not a walk: under an emulator each walk's code cost the
 * boot its translation, and the boot asked a dozen questions. The boot's
 * own questions go further: plat/virt/board.c answers them all in one
 * loop over the index, reading it through the inline functions below
 * (no call, so no code between them for an emulator to translate).
 * Nodes are numbers into the index (0 is the root; -1 is "none", which
 * every query accepts and answers with "not found"). Read-only, no
 * allocation, no libc; every read of the blob is bounds-checked, so a
 * corrupt blob gives "not found" instead of a fault, and a property's
 * value always lies inside the blob.
 */
#ifndef GORO_FDT_H
#define GORO_FDT_H

#include <stdint.h>

#define FDT_MAGIC 0xd00dfeed

/* FDT_MAXNODES: nodes the index holds; the rest (a very large tree) are not found. */
#define FDT_MAXNODES    256

struct fdt_range {
	uint64_t base;
	uint64_t size;
};

/* The properties the index keeps, by name. */
enum fdt_propname {
	FDT_COMPATIBLE,         /* "compatible" */
	FDT_STATUS,             /* "status" */
	FDT_REG,                /* "reg" */
	FDT_INTERRUPTS,         /* "interrupts" */
	FDT_DEVICE_TYPE,        /* "device_type" */
	FDT_ADDRESS_CELLS,      /* "#address-cells" */
	FDT_SIZE_CELLS,         /* "#size-cells" */
	FDT_ENABLE_METHOD,      /* "enable-method" */
	FDT_METHOD,             /* "method" */
	FDT_CPU_ON,             /* "cpu_on" */
	FDT_BOOTARGS,           /* "bootargs" */
	FDT_CLOCK_FREQUENCY,    /* "clock-frequency" */
	FDT_NPROPS
};

/* The index, in the tree's order (fdt_scan fills it; nothing else writes it). */
struct fdt_node {
	const char *name;
	int parent;                     /* -1 for the root */
	struct {
		const uint8_t *val;     /* NULL: absent */
		uint32_t len;
	} prop[FDT_NPROPS];
};
extern struct fdt_node fdt_nodes[FDT_MAXNODES];
extern int fdt_nnodes;

/* A big-endian 32-bit cell at any alignment. */
static inline uint32_t fdt_be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* 1 if the NUL-terminated strings a and b are the same. */
static inline int fdt_str_eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* 1 if node is a node of the index. */
static inline int fdt_valid(int node)
{
	return node >= 0 && node < fdt_nnodes;
}

/* node's parent, -1 for the root or a node not in the index. */
static inline int fdt_parent(int node)
{
	return fdt_valid(node) ? fdt_nodes[node].parent : -1;
}

/* The value of node's property p, its length in *lenp (may be NULL); NULL if absent. */
static inline const void *fdt_prop(int node, enum fdt_propname p, uint32_t *lenp)
{
	if (!fdt_valid(node) || (unsigned)p >= FDT_NPROPS || !fdt_nodes[node].prop[p].val)
		return (const void *)0;
	if (lenp)
		*lenp = fdt_nodes[node].prop[p].len;
	return fdt_nodes[node].prop[p].val;
}

/* Bytes the blob occupies (header field totalsize); 0 unless dtb points at a well-formed header (magic, version, block bounds). */
uint32_t fdt_totalsize(const void *dtb);

/*
 * fdt_scan indexes dtb, replacing the index before: the root, its
 * children and grandchildren, up to FDT_MAXNODES of them in the tree's
 * order, each with its properties of enum fdt_propname (the first of a
 * name; those before its first subnode, as the format has them).
 * Returns how many nodes it indexed, or -1 if the blob is invalid
 * (the index is then empty, and every query answers "not found").
 */
int fdt_scan(const void *dtb);

/*
 * A node by path: "/" is the root; "/name" a child of the root, whose
 * name matches exactly or, if the path gives no unit address, up to
 * the node's '@' ("/memory" matches "memory@40000000"). -1 if none.
 */
int fdt_path(const char *path);

/* The child of parent after prev (prev -1: the first), in the tree's order; -1 when there is none left. */
int fdt_child(int parent, int prev);

/* The value of a one-cell property, or dflt if it is absent or not one cell. */
uint32_t fdt_prop_u32(int node, enum fdt_propname p, uint32_t dflt);

/* 1 if property p of node is exactly the string s (one string, NUL-terminated), else 0. */
int fdt_prop_is(int node, enum fdt_propname p, const char *s);

/* 1 if node's compatible list contains compatible, else 0 (also if the list does not end in a NUL). */
int fdt_compatible(int node, const char *compatible);

/*
 * The index in want[0..n) of the first of them (the lowest index) that
 * node's compatible list contains, or n if none does (or the list does
 * not end in a NUL): fdt_compatible for a list in order of preference.
 */
int fdt_compatible_rank(int node, const char *const *want, int n);

/* 1 unless node's status says it is not in use (anything but "okay", "ok" or no status); 0 for -1. */
int fdt_enabled(int node);

/* The first enabled node after prev (prev -1: the first of all) whose compatible list has compatible; -1 if none. */
int fdt_find_compatible(const char *compatible, int prev);

/*
 * node's reg entries, decoded with its parent's #address-cells and
 * #size-cells (2 and 1 where absent; more than two cells keep the low
 * 64 bits): fills r[0..max-1] and returns how many were stored, or -1
 * if node has no reg of at least one entry (or is the root, or -1). The
 * address is the parent bus's: no "ranges" translation is applied
 * (QEMU virt puts its devices under the root).
 */
int fdt_regs(int node, struct fdt_range *r, int max);

#endif
