/*
 * loader.c - the UEFI entry: load the kernel, leave the firmware, jump.
 *
 * The loader does as little as possible so the kernel's entry is the
 * same kind of thing on every boot path: the kernel ELF's segments at
 * their physical addresses, a struct bootinfo (bootpath "uefi", with
 * ACPI's RSDP from the configuration table) in
 * pages of its own below 4 GiB, interrupts off, and a jump to the ELF
 * entry in 64-bit mode with rdi = &bootinfo, still on the firmware's
 * identity-mapped page tables, GDT and stack. The kernel switches
 * stacks, copies the bootinfo and builds its own tables.
 *
 * Every failure is printed and returned as an EFI status, so the
 * firmware moves on to its next boot option instead of hanging here.
 */
#include "loader.h"

/*
 * Printed last (Print turns "\n" into CR LF); a test harness hides
 * everything up to and including this line.
 */
#define MARKER L"goro-efi: starting kernel\n"

/* The bootinfo and the bootpath string it points to, in one block. */
struct handoff {
	struct bootinfo bi;
	char bootpath[8];
};

/*
 * Allocates the handoff block in loader data below 4 GiB (so even a
 * kernel still using 32-bit addresses can read it) and zeroes it.
 */
static EFI_STATUS new_bootinfo(struct bootinfo **out)
{
	EFI_PHYSICAL_ADDRESS at = 0xffffffff;
	struct handoff *h;
	EFI_STATUS st;

	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateMaxAddress, EfiLoaderData,
	                       EFI_SIZE_TO_PAGES(sizeof(*h)), &at);
	if (EFI_ERROR(st)) {
		Print(TAG L"cannot allocate the boot information: %r\n", st);
		return st;
	}
	h = (struct handoff *)at;
	ZeroMem(h, sizeof(*h));
	CopyMem(h->bootpath, "uefi", 5);
	h->bi.bootpath = h->bootpath;
	*out = &h->bi;
	return EFI_SUCCESS;
}

/*
 * The jump: interrupts off (the firmware's handlers are no longer
 * ours to run), string direction cleared as the C ABI expects, rdi =
 * bootinfo, and a plain jump - the kernel never returns here.
 */
static __attribute__((noreturn)) void enter_kernel(UINT64 entry, struct bootinfo *bi)
{
	__asm__ volatile("cli\n\t"
	                 "cld\n\t"
	                 "jmp *%0"
	                 : : "r"(entry), "D"(bi) : "memory");
	__builtin_unreachable();
}

/* Not EFIAPI: the startup code calls this with the SysV convention. */
EFI_STATUS efi_main(EFI_HANDLE self, EFI_SYSTEM_TABLE *systab)
{
	EFI_LOADED_IMAGE *image;
	EFI_FILE_HANDLE root;
	struct bootinfo *bi;
	UINT64 entry;
	EFI_STATUS st;

	InitializeLib(self, systab);

	st = uefi_call_wrapper(BS->HandleProtocol, 3, self, &LoadedImageProtocol,
	                       (void **)&image);
	if (EFI_ERROR(st)) {
		Print(TAG L"cannot find my own loaded image: %r\n", st);
		return st;
	}
	st = open_boot_volume(image, &root);
	if (EFI_ERROR(st))
		return st;
	st = new_bootinfo(&bi);
	if (!EFI_ERROR(st)) {
		find_rsdp(systab, bi);
		st = get_cmdline(self, image, root, bi);
	}
	if (!EFI_ERROR(st))
		st = load_kernel(root, &entry);
	uefi_call_wrapper(root->Close, 1, root);
	if (EFI_ERROR(st))
		return st;

	Print(MARKER);
	st = exit_boot_services(self, bi);
	if (EFI_ERROR(st))
		return st;      /* boot services may be half gone: stay quiet */
	enter_kernel(entry, bi);
}
