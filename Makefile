# goro - one Makefile for every architecture.
#
#   make [ARCH=386|amd64|arm] [APP=dir]   build build/<arch>/<name>.elf (amd64: also <name>.img)
#   make qemu [ARCH=..] [APP=..] [ARGS="opts -- args"]   boot it in QEMU (serial on stdout)
#   make qemu-gdb ...                     the same, stopped, waiting for gdb on :1234
#   make HOSTED=1 [APP=..] [SAN=undefined]   build/hosted/<name>: the same appliance
#                                         as a Linux process (hosted/hosted.mk)
#   make check                            build every arch, run every test
#   make bench                            goro's benchmarks against Go's, hosted and in QEMU
#   make setup                            install the Debian packages goro needs (root)
#   make clean
#
# An appliance is every .c file in APP (a folder anywhere), linked with
# the kernel and newlib. <name> is the folder's base name; it is argv[0].

ARCH ?= amd64
APP  ?= apps/hello
NAME := $(notdir $(abspath $(APP)))
B    := build/$(ARCH)

CC   := clang
LD   := ld.lld
NM   := llvm-nm

ifeq ($(filter $(ARCH),386 amd64 arm),)
$(error ARCH must be 386, amd64 or arm (got '$(ARCH)'))
endif

# --- per architecture ----------------------------------------------------
# Targets are the *-linux-gnu ones on purpose: clang's *-elf targets
# refuse -fsplit-stack, which goroutine stacks need (docs/stacks.md).
# __linux__ and its friends are undefined so newlib's headers stay in
# bare-metal mode.
ifeq ($(ARCH),amd64)
TARGET     := --target=x86_64-linux-gnu
ARCHFLAGS  := -mno-red-zone -mcmodel=small
FAMILY     := x86
UART       := kernel/uart16550.c
NEWLIB     := build/newlib/amd64
LIBGCC     := $(shell $(CC) --target=x86_64-linux-gnu -print-libgcc-file-name -rtlib=compiler-rt)
endif
ifeq ($(ARCH),386)
TARGET     := --target=i686-linux-gnu
ARCHFLAGS  := -march=i686
FAMILY     := x86
UART       := kernel/uart16550.c
NEWLIB     := build/newlib/386
LIBGCC     := $(shell $(CC) --target=i686-linux-gnu -print-libgcc-file-name -rtlib=compiler-rt)
endif
ifeq ($(ARCH),arm)
TARGET     := --target=armv7a-linux-gnueabihf
ARCHFLAGS  := -marm -mcpu=cortex-a15 -mfpu=neon-vfpv4 -mfloat-abi=hard
FAMILY     := arm
UART       := kernel/pl011.c
NEWLIB     := build/newlib/arm
# The __aeabi_* helpers (64-bit division, long long <-> double): Debian
# has no ARM compiler-rt, so the arm-none-eabi libgcc of the Cortex-A15
# hard-float multilib (Thumb-2 leaf functions, reached through BLX).
LIBGCC     := $(wildcard /usr/lib/gcc/arm-none-eabi/*/thumb/v7ve+simd/hard/libgcc.a)
endif

NEWLIB_INC  := $(NEWLIB)/include
NEWLIB_LIBS := $(NEWLIB)/lib/libc.a $(NEWLIB)/lib/libm.a
NEWLIB_DEP  := $(NEWLIB)/.built

# --- flags ---------------------------------------------------------------
UNLINUX := -U__linux__ -U__linux -Ulinux -U__gnu_linux__ -U__unix__ -U__unix -Uunix
CFLAGS  := $(TARGET) $(ARCHFLAGS) -std=gnu11 -O2 -g -Wall -Wextra \
           -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
           -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
           -nostdlibinc -isystem $(NEWLIB_INC) $(UNLINUX) \
           -D_POSIX_TIMERS -D_POSIX_MONOTONIC_CLOCK \
           -Iinclude -Ikernel -Iruntime -Iarch/$(ARCH) -Iarch/$(FAMILY) -MMD -MP
ASFLAGS := $(TARGET) $(ARCHFLAGS) -g -fno-pic -Ikernel -Iarch/$(ARCH) -Iarch/$(FAMILY) -MMD -MP
LDFLAGS := -nostdlib -static --no-dynamic-linker -T linker/$(ARCH).ld

# --- sources -------------------------------------------------------------
# kernel/fdt.c reads the device tree, which only ARM's boot hands over.
KSRCS := $(filter-out kernel/uart16550.c kernel/pl011.c $(if $(filter x86,$(FAMILY)),kernel/fdt.c),$(wildcard kernel/*.c)) $(UART) \
         $(wildcard arch/$(ARCH)/*.c arch/$(ARCH)/*.S) \
         $(if $(filter x86,$(FAMILY)),$(wildcard arch/x86/*.c arch/x86/*.S)) \
         $(wildcard boot/$(ARCH)/*.c boot/$(ARCH)/*.S) \
         $(wildcard runtime/*.c)
KOBJS := $(patsubst %,$(B)/obj/%.o,$(KSRCS))

APP_SRCS := $(wildcard $(APP)/*.c)
# Two appliances may share a base name (~/a/net and ~/b/net): objects
# live in a folder keyed by the appliance's full path, and <name>.app
# records which appliance <name>.elf was last linked from, so building
# the other one relinks it.
APP_PATH := $(abspath $(APP))
APP_KEY  := $(NAME)-$(firstword $(shell printf '%s' '$(APP_PATH)' | cksum))
APP_B    := $(B)/app/$(APP_KEY)
APP_OBJS := $(patsubst $(APP)/%.c,$(APP_B)/%.o,$(APP_SRCS)) $(APP_B)/goro_appname.o

# The compiler's runtime library with every member marked split-stack
# safe (tools/mark-split-safe), so lld does not send split-stack callers
# of its helpers to __morestack_non_split.
LIBGCC_SPLIT := $(B)/libgcc-split.a
LINK_IN := $(KOBJS) $(APP_OBJS) --start-group $(NEWLIB_LIBS) $(LIBGCC_SPLIT) --end-group
SYMTAB  := $(APP_B)/gosymtab

ELF := $(B)/$(NAME).elf
APP_ID := $(B)/$(NAME).app
ifneq ($(HOSTED)$(filter-out setup clean check bench,$(or $(MAKECMDGOALS),all)),1)
$(shell mkdir -p $(B) && echo '$(APP_PATH)' | cmp -s - $(APP_ID) || echo '$(APP_PATH)' > $(APP_ID))
endif
IMG := $(B)/$(NAME).img

# make with no target builds the appliance
.DEFAULT_GOAL := all

# UEFI (amd64): the GNU-EFI loader and the FAT image; defines EFI_IMG.
-include boot/amd64/efi/efi.mk
# HOSTED=1: the appliance as a Linux process; defines HOSTED_BIN.
include hosted/hosted.mk

.PHONY: all kernel qemu qemu-gdb check bench setup clean
ifeq ($(HOSTED),1)
all: $(HOSTED_BIN)
else
all: $(ELF) $(EFI_IMG)
endif
kernel: $(KOBJS)

ifeq ($(APP_SRCS),)
$(ELF):
	@echo "make: no .c files in APP=$(APP)" >&2; exit 1
else
# Two links. The first one's function symbols become the table that
# tracebacks name functions from (tools/mksymtab, kernel/symtab.h); the
# second adds it after everything else in the image, so no address
# moves. Remaking the table from the final image must give it back.
$(ELF): $(KOBJS) $(APP_OBJS) $(APP_ID) $(NEWLIB_DEP) $(LIBGCC_SPLIT) linker/$(ARCH).ld tools/mksymtab
	$(LD) $(LDFLAGS) -o $(SYMTAB)-pass1.elf $(LINK_IN)
	$(NM) -n --defined-only $(SYMTAB)-pass1.elf | tools/mksymtab $(ARCH) > $(SYMTAB).S
	rm -f $(SYMTAB)-pass1.elf
	$(CC) $(TARGET) -c -o $(SYMTAB).o $(SYMTAB).S
	$(LD) $(LDFLAGS) -o $@ $(LINK_IN) $(SYMTAB).o
	$(NM) -n --defined-only $@ | tools/mksymtab $(ARCH) | cmp -s - $(SYMTAB).S || \
		{ echo "$@: the function table does not match the final link" >&2; rm -f $@; exit 1; }
endif

# Stacks grow by copying (docs/stacks.md): the runtime, newlib's system
# calls and the appliance are compiled with the split-stack prologue
# check. The rest of the kernel (boot, traps, memory) runs before there
# is a guard slot or on stacks of its own: it is compiled without the
# check, and splitnote.h marks its objects split-stack safe, so ld.lld
# leaves its callers' prologues alone.
#
# Appliance files go through LLVM IR: tools/stack-ir gives variadic
# functions a checked body behind a small unchecked entry, and puts a
# check before every VLA and alloca (__stack_reserve, which grows the
# stack like a prologue). What is left without the check (those entries,
# variadic functions marked no_split_stack) has its frame bounded: over
# NOSPLIT_FRAME_MAX bytes, the room below the guard once a caller's
# unchecked small frame (up to 256 bytes) and the pushes of the calls
# and of __morestack (64) are taken off, the build fails naming it.
STACKGUARD        := $(shell sed -n 's/.*StackGuard = \([0-9]*\).*/\1/p' runtime/runtime.h)
NOSPLIT_FRAME_MAX := $(shell echo $$(($(STACKGUARD) - 256 - 64)))
IRFLAGS := $(TARGET) $(ARCHFLAGS) -O2 -fno-pic -fno-pie -Xclang -disable-llvm-optzns -Werror=frame-larger-than
IRFAIL  = echo "$<: a function without the split-stack check (a variadic function's entry, or one marked no_split_stack) has a frame over $(NOSPLIT_FRAME_MAX) bytes, the room below the stack guard (docs/stacks.md)" >&2; rm -f $@; exit 1
SPLIT_SRCS := $(wildcard runtime/*.c) kernel/syscalls.c
NOSPLIT    := -include kernel/splitnote.h
$(foreach f,$(SPLIT_SRCS),$(eval $(B)/obj/$(f).o: SPLITFLAGS := -fsplit-stack))
$(B)/obj/%.c.o: %.c | $(NEWLIB_DEP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(or $(SPLITFLAGS),$(NOSPLIT)) -c -o $@ $<
$(B)/obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(ASFLAGS) -c -o $@ $<
$(APP_B)/%.o: $(APP)/%.c tools/stack-ir runtime/runtime.h | $(NEWLIB_DEP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsplit-stack -S -emit-llvm -MT $@ -o $(@:.o=.ll) $<
	tools/stack-ir --limit $(NOSPLIT_FRAME_MAX) $(@:.o=.ll) $(@:.o=.stack.ll)
	$(CC) $(IRFLAGS) -c -o $@ $(@:.o=.stack.ll) || { $(IRFAIL); }
$(APP_B)/goro_appname.c:
	@mkdir -p $(dir $@)
	printf 'const char goro_appname[] = "%s";\n' '$(NAME)' > $@
$(APP_B)/goro_appname.o: $(APP_B)/goro_appname.c
	$(CC) $(CFLAGS) -c -o $@ $<

# The compiler's runtime library, marked once per arch; the list of
# marked members goes next to it.
$(LIBGCC_SPLIT): $(LIBGCC) tools/mark-split-safe
	@mkdir -p $(dir $@)
	tools/mark-split-safe $(LIBGCC) $@ > $@.list

# newlib, built once per arch from Debian's newlib-source and cached.
build/newlib/%/.built: tools/build-newlib tools/mark-split-safe
	tools/build-newlib $* build/newlib/$*

# --- running ---------------------------------------------------------------
qemu: all
	qemu/run $(ARCH) $(ELF) $(ARGS)
qemu-gdb: all
	QEMU_GDB=1 qemu/run $(ARCH) $(ELF) $(ARGS)

check:
	tests/check

bench:
	tools/bench

setup:
	tools/setup

clean:
	rm -rf build/386 build/amd64 build/arm build/hosted build/hosted-san build/bench

-include $(shell find $(B) -name '*.d' 2>/dev/null)
