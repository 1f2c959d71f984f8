/*
 * splitnote.h - included (-include, by the Makefile) into every C file
 * compiled without -fsplit-stack: marks its object split-stack safe.
 *
 * ld.lld treats a call from a split-stack function into an object
 * without .note.GNU-split-stack as a call into code that needs a big
 * stack: it sends the caller's prologue to __morestack_non_split and,
 * on amd64, rewrites it to take that slow path on every call. goro's
 * unchecked objects (boot, traps, memory, the hosted platform) are
 * small and run in the guard slack, so they carry the note; the second
 * note (functions without the check) keeps lld from failing when one
 * of them calls an object with neither note.
 */
__asm__(".pushsection .note.GNU-split-stack,\"\",%progbits\n\t.popsection\n\t"
        ".pushsection .note.GNU-no-split-stack,\"\",%progbits\n\t.popsection");
