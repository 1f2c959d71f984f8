/*
 * loader.h - the pieces of the UEFI loader and how they fit together.
 *
 * The loader is a plain UEFI application: it places the kernel ELF's
 * PT_LOAD segments at their physical addresses, fills a struct
 * bootinfo in memory it allocated, leaves boot services and jumps to
 * the ELF entry in long mode with rdi = &bootinfo, still on the
 * firmware's identity-mapped page tables. Each step lives in its own
 * file; every step reports its own failure on the console and returns
 * an EFI status, so efi_main only chains them.
 */
#ifndef GORO_EFI_LOADER_H
#define GORO_EFI_LOADER_H

#include <efi.h>
#include <efilib.h>
#include "bootinfo.h"

/* Where an image keeps the kernel and its optional command line. */
#define KERNEL_PATH     L"\\goro\\kernel.elf"
#define CMDLINE_PATH    L"\\goro\\cmdline"

/* Every message the loader prints starts with this. */
#define TAG             L"goro-efi: "

/* file.c: the volume the loader itself was read from. */

/*
 * open_file opens path on the volume in *root for reading. Returns
 * EFI_NOT_FOUND quietly when the file does not exist (callers decide
 * whether that is an error); other failures are printed.
 */
EFI_STATUS open_file(EFI_FILE_HANDLE root, CHAR16 *path, EFI_FILE_HANDLE *out);

/*
 * read_at reads exactly n bytes at offset off of f (opened from path)
 * into buf. A short read is reported, naming path and what (e.g.
 * "ELF header"), and is an error.
 */
EFI_STATUS read_at(EFI_FILE_HANDLE f, const CHAR16 *path, UINT64 off, void *buf, UINTN n,
                   const CHAR16 *what);

/* open_boot_volume opens the root directory of the loader's own volume. */
EFI_STATUS open_boot_volume(EFI_LOADED_IMAGE *image, EFI_FILE_HANDLE *root);

/* cmdline.c */

/*
 * get_cmdline fills bi->cmdline from the load options (shell or boot
 * entry), or else from the optional CMDLINE_PATH file, or leaves it
 * empty.
 */
EFI_STATUS get_cmdline(EFI_HANDLE self, EFI_LOADED_IMAGE *image,
                       EFI_FILE_HANDLE root, struct bootinfo *bi);

/* elfload.c */

/*
 * load_kernel validates the ELF at KERNEL_PATH and copies its PT_LOAD
 * segments to their physical addresses, zero-filling up to p_memsz.
 * Sets *entry to e_entry.
 */
EFI_STATUS load_kernel(EFI_FILE_HANDLE root, UINT64 *entry);

/* acpi.c */

/*
 * find_rsdp sets bi->rsdp to the physical address of ACPI's RSDP as the
 * firmware's configuration table lists it (ACPI 2.0, else 1.0), or 0.
 */
void find_rsdp(EFI_SYSTEM_TABLE *systab, struct bootinfo *bi);

/* memmap.c */

/*
 * exit_boot_services takes the final memory map, leaves boot services
 * and records the usable RAM in bi. After it succeeds nothing but the
 * jump to the kernel may follow: no console, no firmware calls.
 */
EFI_STATUS exit_boot_services(EFI_HANDLE self, struct bootinfo *bi);

/* print_ranges_at lists the memory map entries overlapping [lo, hi). */
void print_ranges_at(UINT64 lo, UINT64 hi);

#endif
