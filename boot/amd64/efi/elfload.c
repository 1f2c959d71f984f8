/*
 * elfload.c - place the kernel ELF's segments at their physical addresses.
 *
 * The kernel is linked identity mapped (at 1 MiB), so loading it is
 * just asking the firmware for those exact pages (AllocateAddress) and
 * reading each PT_LOAD segment's bytes into them. Only the program
 * headers and segment contents are read, never the whole file, so
 * debug information in the ELF costs nothing at boot. The pages are
 * typed EfiLoaderCode: they hold code, and firmware that maps loader
 * data no-execute must not make the jump fault. The kernel's memory that
 * has no contents and is not loaded (its own program header type,
 * PT_GORO_UNLOADED: linker/amd64.ld) is claimed the same way, zeroed
 * and never read, so the firmware keeps nothing of its own there.
 */
#include "loader.h"

/* The few ELF64 definitions the loader needs. */
typedef struct {
	UINT8  e_ident[16];
	UINT16 e_type;
	UINT16 e_machine;
	UINT32 e_version;
	UINT64 e_entry;
	UINT64 e_phoff;
	UINT64 e_shoff;
	UINT32 e_flags;
	UINT16 e_ehsize;
	UINT16 e_phentsize;
	UINT16 e_phnum;
	UINT16 e_shentsize;
	UINT16 e_shnum;
	UINT16 e_shstrndx;
} Elf64_Ehdr;

typedef struct {
	UINT32 p_type;
	UINT32 p_flags;
	UINT64 p_offset;
	UINT64 p_vaddr;
	UINT64 p_paddr;
	UINT64 p_filesz;
	UINT64 p_memsz;
	UINT64 p_align;
} Elf64_Phdr;

#define ELFCLASS64      2
#define ELFDATA2LSB     1
#define ET_EXEC         2
#define EM_X86_64       62
#define PT_LOAD         1
#define PT_GORO_UNLOADED 0x60474f52     /* the kernel's, not loaded: claimed, nothing read */

#define MAXPHDRS        64
#define PAGE            4096ULL
#define PAGEDOWN(a)     ((a) & ~(PAGE - 1))
#define PAGEUP(a)       (((a) + PAGE - 1) & ~(PAGE - 1))

/* A physical page range the kernel needs, [lo, hi). */
struct span {
	UINT64 lo, hi;
};

static Elf64_Phdr phdrs[MAXPHDRS];
static Elf64_Phdr *loads[MAXPHDRS];    /* PT_LOAD and PT_GORO_UNLOADED, sorted by p_paddr */
static struct span spans[MAXPHDRS];

/* Checks the ELF header names a little-endian x86-64 executable. */
static EFI_STATUS check_header(const Elf64_Ehdr *eh)
{
	const CHAR16 *why = NULL;

	if (eh->e_ident[0] != 0x7f || eh->e_ident[1] != 'E' ||
	    eh->e_ident[2] != 'L' || eh->e_ident[3] != 'F')
		why = L"not an ELF file";
	else if (eh->e_ident[4] != ELFCLASS64)
		why = L"not a 64-bit ELF (ELFCLASS64 needed)";
	else if (eh->e_ident[5] != ELFDATA2LSB)
		why = L"not a little-endian ELF";
	else if (eh->e_machine != EM_X86_64)
		why = L"not an x86-64 ELF (e_machine is not EM_X86_64)";
	else if (eh->e_type != ET_EXEC)
		why = L"not an executable ELF (ET_EXEC needed; it is linked at fixed addresses)";
	else if (eh->e_phentsize != sizeof(Elf64_Phdr))
		why = L"unexpected program header size";
	else if (eh->e_phnum == 0 || eh->e_phnum > MAXPHDRS)
		why = L"no program headers, or too many";
	if (why) {
		Print(TAG L"%s: %s\n", KERNEL_PATH, why);
		return EFI_LOAD_ERROR;
	}
	return EFI_SUCCESS;
}

/*
 * Collects the PT_LOAD and PT_GORO_UNLOADED headers into loads[]
 * sorted by physical address, checking each is sane and that none
 * overlap. Returns the count, or -1 after printing why.
 */
static int collect_loads(const Elf64_Ehdr *eh)
{
	int n = 0, i, j;

	for (i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr *ph = &phdrs[i];
		if ((ph->p_type != PT_LOAD && ph->p_type != PT_GORO_UNLOADED) || ph->p_memsz == 0)
			continue;
		if (ph->p_type == PT_GORO_UNLOADED && ph->p_filesz != 0) {
			Print(TAG L"%s: unloaded segment %d has file contents\n", KERNEL_PATH, i);
			return -1;
		}
		if (ph->p_filesz > ph->p_memsz ||
		    ph->p_offset + ph->p_filesz < ph->p_offset ||
		    ph->p_paddr + ph->p_memsz < ph->p_paddr ||
		    PAGEUP(ph->p_paddr + ph->p_memsz) == 0) {
			Print(TAG L"%s: segment %d has impossible sizes or addresses\n",
			      KERNEL_PATH, i);
			return -1;
		}
		for (j = n; j > 0 && loads[j - 1]->p_paddr > ph->p_paddr; j--)
			loads[j] = loads[j - 1];
		loads[j] = ph;
		n++;
	}
	if (n == 0) {
		Print(TAG L"%s: no PT_LOAD segments\n", KERNEL_PATH);
		return -1;
	}
	for (i = 1; i < n; i++)
		if (loads[i - 1]->p_paddr + loads[i - 1]->p_memsz > loads[i]->p_paddr) {
			Print(TAG L"%s: segments overlap at physical 0x%lx\n",
			      KERNEL_PATH, loads[i]->p_paddr);
			return -1;
		}
	return n;
}

/*
 * Finds the physical address of the entry point: e_entry must lie in
 * a loaded segment (with an identity-linked kernel it is unchanged).
 */
static EFI_STATUS entry_address(const Elf64_Ehdr *eh, int n, UINT64 *entry)
{
	int i;

	for (i = 0; i < n; i++) {
		Elf64_Phdr *ph = loads[i];
		if (ph->p_type == PT_LOAD && eh->e_entry >= ph->p_vaddr &&
		    eh->e_entry - ph->p_vaddr < ph->p_memsz) {
			*entry = eh->e_entry - ph->p_vaddr + ph->p_paddr;
			return EFI_SUCCESS;
		}
	}
	Print(TAG L"%s: the entry point 0x%lx is in no PT_LOAD segment\n",
	      KERNEL_PATH, eh->e_entry);
	return EFI_LOAD_ERROR;
}

/*
 * Claims the pages under the segments, merging segments that share or
 * touch pages into one request. On failure the pages already claimed
 * are given back and the owners of the wanted range are listed.
 */
static EFI_STATUS claim_pages(int n)
{
	int nspan = 0, i;
	EFI_STATUS st;

	for (i = 0; i < n; i++) {
		UINT64 lo = PAGEDOWN(loads[i]->p_paddr);
		UINT64 hi = PAGEUP(loads[i]->p_paddr + loads[i]->p_memsz);
		if (nspan > 0 && lo <= spans[nspan - 1].hi)
			spans[nspan - 1].hi = hi;
		else
			spans[nspan++] = (struct span){lo, hi};
	}
	for (i = 0; i < nspan; i++) {
		EFI_PHYSICAL_ADDRESS at = spans[i].lo;
		st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAddress, EfiLoaderCode,
		                       (spans[i].hi - spans[i].lo) / PAGE, &at);
		if (EFI_ERROR(st)) {
			Print(TAG L"cannot place the kernel at physical 0x%lx-0x%lx: %r\n",
			      spans[i].lo, spans[i].hi, st);
			Print(TAG L"that range is not free RAM; the firmware's map there:\n");
			print_ranges_at(spans[i].lo, spans[i].hi);
			while (--i >= 0)
				uefi_call_wrapper(BS->FreePages, 2, spans[i].lo,
				                  (spans[i].hi - spans[i].lo) / PAGE);
			return st;
		}
		ZeroMem((void *)spans[i].lo, spans[i].hi - spans[i].lo);
	}
	return EFI_SUCCESS;
}

EFI_STATUS load_kernel(EFI_FILE_HANDLE root, UINT64 *entry)
{
	EFI_FILE_HANDLE f;
	Elf64_Ehdr eh;
	EFI_STATUS st;
	int n, i;

	st = open_file(root, KERNEL_PATH, &f);
	if (st == EFI_NOT_FOUND)
		Print(TAG L"no kernel: %s is not on the boot volume\n", KERNEL_PATH);
	if (EFI_ERROR(st))
		return st;

	st = read_at(f, KERNEL_PATH, 0, &eh, sizeof(eh), L"ELF header");
	if (!EFI_ERROR(st))
		st = check_header(&eh);
	if (!EFI_ERROR(st))
		st = read_at(f, KERNEL_PATH, eh.e_phoff, phdrs, eh.e_phnum * sizeof(Elf64_Phdr),
		             L"ELF program headers");
	if (EFI_ERROR(st))
		goto out;

	n = collect_loads(&eh);
	if (n < 0) {
		st = EFI_LOAD_ERROR;
		goto out;
	}
	st = entry_address(&eh, n, entry);
	if (!EFI_ERROR(st))
		st = claim_pages(n);
	for (i = 0; !EFI_ERROR(st) && i < n; i++)
		if (loads[i]->p_filesz > 0)
			st = read_at(f, KERNEL_PATH, loads[i]->p_offset, (void *)loads[i]->p_paddr,
			             loads[i]->p_filesz, L"PT_LOAD segment");
out:
	uefi_call_wrapper(f->Close, 1, f);
	return st;
}
