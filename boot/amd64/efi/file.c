/*
 * file.c - reading files from the volume the loader was started from.
 *
 * The kernel travels next to the loader on the same FAT volume, so the
 * loader opens the Simple File System on its own device handle rather
 * than searching every volume: the image that booted is the one that
 * carries the kernel.
 */
#include "loader.h"

EFI_STATUS open_boot_volume(EFI_LOADED_IMAGE *image, EFI_FILE_HANDLE *root)
{
	EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *fs;
	EFI_STATUS st;

	st = uefi_call_wrapper(BS->HandleProtocol, 3, image->DeviceHandle,
	                       &FileSystemProtocol, (void **)&fs);
	if (EFI_ERROR(st)) {
		Print(TAG L"the boot device has no FAT file system: %r\n", st);
		return st;
	}
	st = uefi_call_wrapper(fs->OpenVolume, 2, fs, root);
	if (EFI_ERROR(st))
		Print(TAG L"cannot open the boot volume: %r\n", st);
	return st;
}

EFI_STATUS open_file(EFI_FILE_HANDLE root, CHAR16 *path, EFI_FILE_HANDLE *out)
{
	EFI_STATUS st;

	st = uefi_call_wrapper(root->Open, 5, root, out, path, EFI_FILE_MODE_READ, 0ULL);
	if (EFI_ERROR(st) && st != EFI_NOT_FOUND)
		Print(TAG L"cannot open %s: %r\n", path, st);
	return st;
}

EFI_STATUS read_at(EFI_FILE_HANDLE f, const CHAR16 *path, UINT64 off, void *buf, UINTN n,
                   const CHAR16 *what)
{
	EFI_STATUS st;
	UINTN got;

	st = uefi_call_wrapper(f->SetPosition, 2, f, off);
	if (EFI_ERROR(st)) {
		Print(TAG L"%s: cannot seek to the %s at offset 0x%lx: %r\n",
		      path, what, off, st);
		return st;
	}
	got = n;
	st = uefi_call_wrapper(f->Read, 3, f, &got, buf);
	if (EFI_ERROR(st)) {
		Print(TAG L"%s: cannot read the %s: %r\n", path, what, st);
		return st;
	}
	if (got != n) {
		Print(TAG L"%s: file too short: the %s needs %lu bytes at offset 0x%lx, "
		      L"only %lu there\n", path, what, (UINT64)n, off, (UINT64)got);
		return EFI_LOAD_ERROR;
	}
	return EFI_SUCCESS;
}
