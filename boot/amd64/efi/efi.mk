# efi.mk - the UEFI loader and the bootable disk image (amd64 only).
#
# Included by the top Makefile. The loader is a GNU-EFI application:
# compiled position independent with clang, linked as a shared object
# with GNU ld and GNU-EFI's own linker script (the known-good pairing
# for its self-relocating startup code), then converted to a PE image
# by objcopy. $(IMG) is a FAT disk the firmware boots by its default
# removable-media path: EFI/BOOT/BOOTX64.EFI plus goro/kernel.elf.

ifeq ($(ARCH),amd64)

EFI_DIR  := boot/amd64/efi
EFI_B    := $(B)/efi
EFI_SRCS := $(wildcard $(EFI_DIR)/*.c)
EFI_OBJS := $(patsubst $(EFI_DIR)/%.c,$(EFI_B)/%.o,$(EFI_SRCS))
EFI_LOADER := $(EFI_B)/BOOTX64.EFI
EFI_IMG  := $(IMG)

GNUEFI_INC := /usr/include/efi
GNUEFI_LIB := /usr/lib

# GNU_EFI_USE_MS_ABI: firmware calls are made directly with the
# Microsoft ABI (how Debian's libefi is built), so uefi_call_wrapper
# is a plain, type-checked call. No host headers: -nostdlibinc.
EFI_CFLAGS := --target=x86_64-linux-gnu -std=gnu11 -O2 -g -Wall -Wextra \
              -ffreestanding -fpic -fshort-wchar -mno-red-zone \
              -fno-stack-protector -fno-strict-aliasing \
              -fno-asynchronous-unwind-tables -nostdlibinc \
              -DGNU_EFI_USE_MS_ABI \
              -I$(GNUEFI_INC) -I$(GNUEFI_INC)/x86_64 -Iplat -MMD -MP
EFI_LD      := ld
EFI_LDFLAGS := -nostdlib -znocombreloc -shared -Bsymbolic --no-undefined \
               -T $(GNUEFI_LIB)/elf_x86_64_efi.lds
EFI_LIBS    := $(GNUEFI_LIB)/libefi.a $(GNUEFI_LIB)/libgnuefi.a
EFI_SECTIONS := -j .text -j .sdata -j .data -j .rodata -j .dynamic -j .dynsym \
                -j .rel -j .rela -j .rel.* -j .rela.* -j .reloc

$(EFI_B)/%.o: $(EFI_DIR)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(EFI_CFLAGS) -c -o $@ $<

$(EFI_B)/loader.so: $(EFI_OBJS)
	$(EFI_LD) $(EFI_LDFLAGS) -o $@ $(GNUEFI_LIB)/crt0-efi-x86_64.o $(EFI_OBJS) $(EFI_LIBS)

$(EFI_LOADER): $(EFI_B)/loader.so
	objcopy $(EFI_SECTIONS) --target efi-app-x86_64 $< $@

$(IMG): $(ELF) $(EFI_LOADER) $(EFI_DIR)/mkimg
	$(EFI_DIR)/mkimg $(EFI_LOADER) $(ELF) $@

endif
