/*
 * fdt.h - a small reader for flattened device trees (DTB, version 16+).
 *
 * Only what boot needs: find RAM, the command line, and a device's
 * registers by compatible string. Read-only, no allocation, no libc;
 * every read is bounds-checked and byte-wise, so a corrupt or
 * misaligned blob gives "not found" instead of a fault.
 * Node handles are offsets into the structure block, as in libfdt.
 */
#ifndef GORO_FDT_H
#define GORO_FDT_H

#include <stdint.h>

#define FDT_MAGIC 0xd00dfeed

struct fdt_range {
	uint64_t base;
	uint64_t size;
};

/* A big-endian 32-bit cell at any alignment. */
uint32_t fdt_be32(const void *p);

/* 0 if dtb points at a well-formed header (magic, version, block bounds), else -1. */
int fdt_check(const void *dtb);

/* Bytes the blob occupies (header field totalsize); 0 if fdt_check fails. */
uint32_t fdt_totalsize(const void *dtb);

/*
 * Node at an absolute path ("/", "/chosen", "/memory"). A component
 * without '@' also matches a node with a unit address ("memory"
 * matches "memory@40000000"). Returns the node handle or -1.
 */
int fdt_path_offset(const void *dtb, const char *path);

/* The value of property name of node, its length in *lenp (may be NULL); NULL if absent. */
const void *fdt_getprop(const void *dtb, int node, const char *name, int *lenp);

/*
 * The child nodes of parent, in the tree's order: the first one after
 * prev (prev -1: the first of all). Returns its handle, or -1 when
 * there is none left.
 */
int fdt_next_subnode(const void *dtb, int parent, int prev);

/* 1 if node's compatible list contains compatible, else 0. */
int fdt_node_compatible(const void *dtb, int node, const char *compatible);

/* 1 if property name of node is exactly the string s (one string, NUL-terminated), else 0. */
int fdt_prop_is(const void *dtb, int node, const char *name, const char *s);

/* 1 unless node's status says it is not in use (anything but "okay", "ok" or no status). */
int fdt_node_enabled(const void *dtb, int node);

/*
 * Fills r[0..max-1] with the reg ranges of every enabled top-level
 * memory node (device_type "memory"), decoded with the root's
 * #address-cells/#size-cells. Returns the number stored, or -1 if the
 * blob is invalid. Ranges past max are dropped.
 */
int fdt_memory(const void *dtb, struct fdt_range *r, int max);

/* /chosen/bootargs as a NUL-terminated string inside the blob, or NULL. */
const char *fdt_bootargs(const void *dtb);

/*
 * First enabled node whose compatible list contains compatible: its
 * first reg entry, decoded with the parent's cells, in *base and *size
 * (either may be NULL). The address is the parent bus's address; no
 * "ranges" translation is applied (QEMU virt puts devices under /).
 * Returns 0 if found, -1 if not.
 */
int fdt_find_compatible_reg(const void *dtb, const char *compatible,
                            uint64_t *base, uint64_t *size);

/*
 * The same node's reg entries: fills r[0..max-1] (a device with several
 * register blocks, like a GIC's distributor and CPU interface) and
 * returns how many were stored (0 if max is 0), or -1 if not found.
 */
int fdt_find_compatible_regs(const void *dtb, const char *compatible,
                             struct fdt_range *r, int max);

#endif
