# goro - one Makefile for every architecture.
#
#   make [ARCH=386|amd64|arm] [APP=dir]   build build/<arch>/<name>.elf (amd64: also <name>.img)
#   make qemu [ARCH=..] [APP=..] [ARGS="opts -- args"]   boot it in QEMU (serial on stdout)
#   make qemu-gdb ... [GDB_PORT=n]        the same, stopped, waiting for gdb on :1234
#   make gdb ... [GDB_PORT=n]             gdb-multiarch on the ELF, goroutine-aware
#                                         (tools/gdb/goro.py), attached to qemu-gdb's machine
#   make HOSTED=1 [APP=..] [SAN=undefined]   build/hosted/<name>: the same appliance
#                                         as a Linux process (plat/hosted)
#   make run [HOSTED=1 ...] [ARGS=..]     run it: hosted as a process, else as make qemu
#   make check                            build every arch, run every test
#   make fuzz [FUZZTIME=s] [FUZZ='t ...']  the fuzz targets (tests/fuzz), s seconds each
#   make bench                            goro's benchmarks against Go's, hosted and in QEMU
#   make soak [SOAKTIME=secs]             the soak appliance on each arch, two CPUs, default
#                                         mode and stackfaultonfree=1 (docs/soak.md)
#   make setup                            install the Debian packages goro needs (root)
#   make clean
#
# An appliance is every .c file in APP (a folder anywhere), linked with
# the runtime, the machine and the C library. <name> is the folder's base
# name; it is argv[0]. The layers and platforms: docs/layout.md.

ARCH ?= amd64
APP  ?= apps/hello
NAME := $(notdir $(abspath $(APP)))

CC   := clang
LD   := ld.lld
NM   := llvm-nm

ifeq ($(filter $(ARCH),386 amd64 arm),)
$(error ARCH must be 386, amd64 or arm (got '$(ARCH)'))
endif

# --- the platform ----------------------------------------------------------
# A platform is a list of folders, each compiled whole (docs/layout.md):
# the runtime and the portable kernel, the C library's glue, the CPU
# (arch/), the machine (plat/) and, on bare metal, the boot paths.
# HOSTED=1 builds the appliance as a Linux process on this machine
# (plat/hosted) instead of an image.
ifeq ($(HOSTED),1)
ifneq ($(ARCH),amd64)
$(error HOSTED=1 builds for this machine: ARCH must be amd64 (got '$(ARCH)'))
endif
PLAT      := hosted
LIBC      := glibc
BUILD     := hosted$(if $(SAN),-san)
PLATDIRS  := plat/hosted
else
PLAT      := $(if $(filter arm,$(ARCH)),virt,pc)
LIBC      := newlib
BUILD     := $(ARCH)
PLATDIRS  := plat/$(PLAT) $(wildcard plat/$(PLAT)/$(ARCH)) plat/common boot/$(ARCH)
# Device drivers (docs/virtio.md): goroutines over the machine contract's device calls.
DRVDIRS   := drivers/virtio
endif
FAMILY := $(if $(filter arm,$(ARCH)),arm,x86)
DIRS   := $(DRVDIRS) runtime kernel libc/$(LIBC) $(PLATDIRS) arch/$(ARCH) $(if $(filter x86,$(FAMILY)),arch/x86)
B      := build/$(BUILD)

# --- per architecture ----------------------------------------------------
# Targets are the *-linux-gnu ones on purpose: clang's *-elf targets
# refuse -fsplit-stack, which goroutine stacks need (docs/stacks.md).
# __linux__ and its friends are undefined so newlib's headers stay in
# bare-metal mode.
# CODEFLAGS (x86): no padding before loops. What pads a loop is run on
# the way into it, and under an emulator each of its nops is translated
# like code: i686 has no long nop, so up to 15 of them a loop (190 of
# i386's boot's instructions). Real CPUs lose next to nothing by it.
ifeq ($(ARCH),amd64)
TARGET     := --target=x86_64-linux-gnu
ARCHFLAGS  := -mno-red-zone -mcmodel=small
CODEFLAGS  := -falign-loops=1
NEWLIB     := build/newlib/amd64
LIBGCC     := $(shell $(CC) --target=x86_64-linux-gnu -print-libgcc-file-name -rtlib=compiler-rt)
endif
ifeq ($(ARCH),386)
TARGET     := --target=i686-linux-gnu
ARCHFLAGS  := -march=i686
CODEFLAGS  := -falign-loops=1
NEWLIB     := build/newlib/386
LIBGCC     := $(shell $(CC) --target=i686-linux-gnu -print-libgcc-file-name -rtlib=compiler-rt)
endif
ifeq ($(ARCH),arm)
TARGET     := --target=armv7a-linux-gnueabihf
ARCHFLAGS  := -marm -mcpu=cortex-a15 -mfpu=neon-vfpv4 -mfloat-abi=hard
NEWLIB     := build/newlib/arm
# The __aeabi_* helpers (64-bit division, long long <-> double): Debian
# has no ARM compiler-rt, so the arm-none-eabi libgcc of the Cortex-A15
# hard-float multilib (Thumb-2 leaf functions, reached through BLX).
LIBGCC     := $(wildcard /usr/lib/gcc/arm-none-eabi/*/thumb/v7ve+simd/hard/libgcc.a)
endif

NEWLIB_INC  := $(NEWLIB)/include
NEWLIB_LIBS := $(NEWLIB)/lib/libc.a $(NEWLIB)/lib/libm.a
NEWLIB_DEP  := $(if $(filter newlib,$(LIBC)),$(NEWLIB)/.built)

# --- flags ---------------------------------------------------------------
# Every folder of the platform is on the include path; the headers a
# platform or CPU supplies under a shared name (tls.h, memlayout.h,
# frame.h, ...) exist once per platform, so nothing shadows anything,
# and tools/check-layers keeps each folder to the headers below it.
INCLUDES := -Iinclude -Iplat $(addprefix -I,$(DIRS))
ifeq ($(PLAT),hosted)
# The host's compiler, C library and headers; SAN=<sanitizers> (e.g.
# SAN=undefined) builds build/hosted-san/<name> with them.
SANFLAGS := $(if $(SAN),-fsanitize=$(SAN) -fno-sanitize-recover=all)
CFLAGS   := -std=gnu11 -O2 -g -Wall -Wextra -fno-omit-frame-pointer -fno-pie \
            -D_GNU_SOURCE $(SANFLAGS) $(INCLUDES) -MMD -MP
ASFLAGS  := -g -fno-pie $(INCLUDES) -MMD -MP
IRFLAGS  := -O2 -fno-pie
# The runtime calls nothing of the host's C library (-fno-builtin: no
# memset for its loops), so its goroutines stay small: calls into libc
# go through __morestack_non_split, which asks for 16 KiB of headroom.
RTFLAGS  := -fno-builtin
# --wrap=main: the C library's call of main reaches plat/hosted/main.c,
# and __real_main is the appliance's. hosted.ld places the function table.
LINK     := $(CC) -fuse-ld=lld -no-pie -Wl,-T,plat/hosted/hosted.ld -Wl,--wrap=main $(SANFLAGS)
LINKLIBS :=
LINKDEPS := plat/hosted/hosted.ld
OUT      := $(B)/$(NAME)
else
UNLINUX := -U__linux__ -U__linux -Ulinux -U__gnu_linux__ -U__unix__ -U__unix -Uunix
CFLAGS  := $(TARGET) $(ARCHFLAGS) $(CODEFLAGS) -std=gnu11 -O2 -g -Wall -Wextra \
           -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
           -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
           -nostdlibinc -isystem $(NEWLIB_INC) $(UNLINUX) \
           -D_POSIX_TIMERS -D_POSIX_MONOTONIC_CLOCK $(INCLUDES) -MMD -MP
ASFLAGS := $(TARGET) $(ARCHFLAGS) -g -fno-pic $(INCLUDES) -MMD -MP
IRFLAGS := $(TARGET) $(ARCHFLAGS) -O2 -fno-pic -fno-pie
RTFLAGS :=
# The compiler's runtime library with every member marked split-stack
# safe (tools/mark-split-safe), so lld does not send split-stack callers
# of its helpers to __morestack_non_split.
LIBGCC_SPLIT := $(B)/libgcc-split.a
# --wrap=__sinit: newlib's stdio set-up, at the first stdio call, also
# gives stdout its static buffer (libc/newlib/reent.c).
LINK     := $(LD) -nostdlib -static --no-dynamic-linker -T linker/$(ARCH).ld --wrap=__sinit
LINKLIBS := --start-group $(NEWLIB_LIBS) $(LIBGCC_SPLIT) --end-group
LINKDEPS := linker/$(ARCH).ld $(NEWLIB_DEP) $(LIBGCC_SPLIT)
OUT      := $(B)/$(NAME).elf
endif

# Objects depend on the flags they were built with (SAN= changes them):
# $(B)/flags is rewritten only when they differ from the last build's.
FLAGS_ID := $(B)/flags
ifeq ($(filter setup clean check fuzz bench difftest soak dirs,$(or $(MAKECMDGOALS),all)),)
$(shell mkdir -p $(B) && echo '$(CFLAGS) $(ASFLAGS) $(RTFLAGS)' | cmp -s - $(FLAGS_ID) || \
	echo '$(CFLAGS) $(ASFLAGS) $(RTFLAGS)' > $(FLAGS_ID))
endif

# Objects compiled against newlib's headers are stale once newlib is
# rebuilt (its configuration shapes struct FILE, _REENT, the locks): the
# flags file is touched when .built is new, and every object is compiled
# again. Their own dependencies on the headers (.d) would not do: make
# may look at a header's time before the rebuild replaces it.
ifneq ($(NEWLIB_DEP),)
$(FLAGS_ID): $(NEWLIB_DEP)
	touch $@
$(B)/lwipflags: $(NEWLIB_DEP)
	touch $@
endif

# --- sources -------------------------------------------------------------
KSRCS := $(wildcard $(addsuffix /*.c,$(DIRS)) $(addsuffix /*.S,$(DIRS)))
KOBJS := $(patsubst %,$(B)/obj/%.o,$(KSRCS))

APP_SRCS := $(wildcard $(APP)/*.c)
# Two appliances may share a base name (~/a/net and ~/b/net): objects
# live in a folder keyed by the appliance's full path, and <name>.app
# records which appliance the executable was last linked from, so
# building the other one relinks it.
APP_PATH := $(abspath $(APP))
APP_KEY  := $(NAME)-$(firstword $(shell printf '%s' '$(APP_PATH)' | cksum))
APP_B    := $(B)/app/$(APP_KEY)
APP_OBJS := $(patsubst $(APP)/%.c,$(APP_B)/%.o,$(APP_SRCS)) $(APP_B)/goro_appname.o
APP_ID   := $(B)/$(NAME).app
ifeq ($(filter setup clean check fuzz bench difftest soak dirs,$(or $(MAKECMDGOALS),all)),)
$(shell mkdir -p $(B) && echo '$(APP_PATH)' | cmp -s - $(APP_ID) || echo '$(APP_PATH)' > $(APP_ID))
endif

# --- lwIP (docs/net.md) ------------------------------------------------------
# An appliance that includes one of lwIP's headers (lwip/..., netif/...)
# is linked with lwIP 2.1.3 and its port on goroutines (net/lwip): the
# source is Debian's, which tools/setup fetches into build/lwip-src
# (tools/fetch-lwip), compiled for this platform with the split-stack
# check (every function, as newlib and appliance code) into
# $(B)/liblwip.a, an archive the link takes only what it needs from.
# Like the kernel's, its objects are made again when their flags (a
# flags file of their own) or their headers (lwipopts.h among them)
# change. net/ uses
# nothing of the runtime's but goro.h: its include path is include/,
# net/lwip and lwIP's own headers, and the C library's.
#
# On newlib, the BSD socket API is the socket layer's (net/socket, its
# headers in net/include, which newlib lacks): an appliance that includes
# one of those headers uses lwIP too. Hosted, they are glibc's and talk
# to Linux; a hosted appliance speaks lwIP by lwIP's names (docs/net.md).
LWIP_SRC   := build/lwip-src/lwip-2.1.3
LWIP_HDRS  := (lwip|netif)/$(if $(filter newlib,$(LIBC)),|(sys/socket|sys/poll|poll|netdb|arpa/inet)\.h|netinet/)
USES_LWIP  := $(if $(APP_SRCS),$(shell grep -lE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]($(LWIP_HDRS))' $(APP_SRCS)))
# (newlib's fd_set has room for 64 descriptors unless told otherwise; as
# many as glibc's, for lwIP's sockets and select, wherever lwIP is used.)
LWIP_INC   := -Inet/lwip -I$(LWIP_SRC)/src/include $(if $(filter newlib,$(LIBC)),-Inet/include -DFD_SETSIZE=1024)
LWIP_FILES := $(addprefix core/,init def inet_chksum ip mem memp netif pbuf raw stats sys \
                tcp tcp_in tcp_out timeouts udp) \
              $(addprefix core/ipv4/,dhcp etharp icmp ip4 ip4_addr ip4_frag) \
              $(addprefix api/,api_lib api_msg err if_api netbuf netdb netifapi sockets tcpip) \
              netif/ethernet
NET_SRCS   := $(wildcard net/lwip/*.c) $(if $(filter newlib,$(LIBC)),$(wildcard net/socket/*.c))
LWIP_OBJS  := $(patsubst %,$(B)/obj/lwip/%.o,$(LWIP_FILES)) $(patsubst %,$(B)/obj/%.o,$(NET_SRCS))
LWIP_LIB   := $(B)/liblwip.a
NET_CFLAGS := $(filter-out -I%,$(CFLAGS)) -Iinclude $(LWIP_INC) -fsplit-stack
LWIP_FLAGS_ID := $(B)/lwipflags
ifneq ($(USES_LWIP),)
ifeq ($(filter setup clean check fuzz bench difftest soak dirs,$(or $(MAKECMDGOALS),all)),)
ifeq ($(wildcard $(LWIP_SRC)/src/core/init.c),)
$(error $(APP) uses lwIP, whose source is not in $(LWIP_SRC): run tools/setup (or tools/fetch-lwip))
endif
$(shell echo '$(NET_CFLAGS)' | cmp -s - $(LWIP_FLAGS_ID) || echo '$(NET_CFLAGS)' > $(LWIP_FLAGS_ID))
endif
APP_NETFLAGS := $(LWIP_INC)
endif

LINK_IN := $(KOBJS) $(APP_OBJS) $(if $(USES_LWIP),$(LWIP_LIB)) $(LINKLIBS)
SYMTAB  := $(APP_B)/gosymtab
ELF     := $(B)/$(NAME).elf
IMG     := $(B)/$(NAME).img
# gdb's auto-load file for the ELF (make gdb, docs/debugging.md)
GDB_AUTOLOAD := $(if $(filter hosted,$(PLAT)),,$(ELF)-gdb.py)

# make with no target builds the appliance
.DEFAULT_GOAL := all

# UEFI (amd64): the GNU-EFI loader and the FAT image; defines EFI_IMG.
ifneq ($(PLAT),hosted)
-include boot/amd64/efi/efi.mk
endif

.PHONY: all kernel qemu qemu-gdb gdb run check fuzz bench difftest soak setup clean dirs
all: $(OUT) $(EFI_IMG) $(GDB_AUTOLOAD)
kernel: $(KOBJS)

ifeq ($(APP_SRCS),)
$(OUT):
	@echo "make: no .c files in APP=$(APP)" >&2; exit 1
else
# Two links, on every platform. The first one's function symbols become
# the table that tracebacks name functions from (tools/mksymtab,
# runtime/symtab.h); it carries a placeholder table where the real one
# goes (after everything else on bare metal, after the code hosted), so
# the second link moves no address. Remaking the table from the final
# link must give it back.
$(OUT): $(KOBJS) $(APP_OBJS) $(APP_ID) $(LINKDEPS) tools/mksymtab $(if $(USES_LWIP),$(LWIP_LIB))
	printf '\t.section .gosymtab, "a"\n\t.4byte 0\n' > $(SYMTAB)-empty.S
	$(CC) $(TARGET) -c -o $(SYMTAB)-empty.o $(SYMTAB)-empty.S
	$(LINK) -o $(SYMTAB)-pass1 $(LINK_IN) $(SYMTAB)-empty.o
	$(NM) -n --defined-only $(SYMTAB)-pass1 | tools/mksymtab $(ARCH) > $(SYMTAB).S
	rm -f $(SYMTAB)-pass1
	$(CC) $(TARGET) -c -o $(SYMTAB).o $(SYMTAB).S
	$(LINK) -o $@ $(LINK_IN) $(SYMTAB).o
	$(NM) -n --defined-only $@ | tools/mksymtab $(ARCH) | cmp -s - $(SYMTAB).S || \
		{ echo "$@: the function table does not match the final link" >&2; rm -f $@; exit 1; }
endif

# Stacks grow by copying (docs/stacks.md): the runtime, the C library's
# glue (newlib's system calls) and the appliance are compiled with the
# split-stack prologue check. The rest (boot, traps, memory) runs before
# there is a guard slot or on stacks of its own: it is compiled without
# the check, and splitnote.h marks its objects split-stack safe, so
# ld.lld leaves its callers' prologues alone.
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
IRFAIL  = echo "$<: a function without the split-stack check (a variadic function's entry, or one marked no_split_stack) has a frame over $(NOSPLIT_FRAME_MAX) bytes, the room below the stack guard (docs/stacks.md)" >&2; rm -f $@; exit 1
SPLIT_DIRS := runtime $(DRVDIRS) $(if $(filter newlib,$(LIBC)),libc/newlib)
NOSPLIT    := -include kernel/splitnote.h
$(foreach f,$(filter $(addsuffix /%,$(SPLIT_DIRS)),$(KSRCS)),$(eval $(B)/obj/$(f).o: SPLITFLAGS := -fsplit-stack $(if $(filter runtime/%,$(f)),$(RTFLAGS))))
$(B)/obj/%.c.o: %.c $(FLAGS_ID) | $(NEWLIB_DEP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(or $(SPLITFLAGS),$(NOSPLIT)) -c -o $@ $<
$(B)/obj/%.S.o: %.S $(FLAGS_ID)
	@mkdir -p $(dir $@)
	$(CC) $(ASFLAGS) -c -o $@ $<
$(APP_B)/%.o: $(APP)/%.c $(FLAGS_ID) tools/stack-ir runtime/runtime.h | $(NEWLIB_DEP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(APP_NETFLAGS) -fsplit-stack -S -emit-llvm -MT $@ -o $(@:.o=.ll) $<
	tools/stack-ir --limit $(NOSPLIT_FRAME_MAX) $(@:.o=.ll) $(@:.o=.stack.ll)
	$(CC) $(IRFLAGS) -Xclang -disable-llvm-optzns -Werror=frame-larger-than -c -o $@ $(@:.o=.stack.ll) || { $(IRFAIL); }
$(APP_B)/goro_appname.c:
	@mkdir -p $(dir $@)
	printf 'const char goro_appname[] = "%s";\n' '$(NAME)' > $@
$(APP_B)/goro_appname.o: $(APP_B)/goro_appname.c $(FLAGS_ID)
	$(CC) $(CFLAGS) -c -o $@ $<

# lwIP and its port. lwIP's socket functions are compiled under other
# names (unheld.h): net/lwip/held.c's, which hold the caller's stack
# around each call, take theirs.
$(B)/obj/lwip/api/sockets.o: NETEXTRA := -include net/lwip/unheld.h
$(B)/obj/lwip/%.o: $(LWIP_SRC)/src/%.c $(LWIP_FLAGS_ID) | $(NEWLIB_DEP)
	@mkdir -p $(dir $@)
	$(CC) $(NET_CFLAGS) $(NETEXTRA) -c -o $@ $<
$(B)/obj/net/%.c.o: net/%.c $(LWIP_FLAGS_ID) | $(NEWLIB_DEP)
	@mkdir -p $(dir $@)
	$(CC) $(NET_CFLAGS) -c -o $@ $<
$(LWIP_LIB): $(LWIP_OBJS)
	@rm -f $@
	llvm-ar rcs $@ $^

# The compiler's runtime library, marked once per arch; the list of
# marked members goes next to it.
$(LIBGCC_SPLIT): $(LIBGCC) tools/mark-split-safe
	@mkdir -p $(dir $@)
	tools/mark-split-safe $(LIBGCC) $@ > $@.list

# newlib, built once per arch from Debian's newlib-source and cached.
# tools/build-newlib runs at every build: it compares its cache key (the
# configuration, the compiler, the scripts) with .built in milliseconds
# and rebuilds only on a difference, whatever the files' times say.
build/newlib/%/.built: FORCE
	@tools/build-newlib $* build/newlib/$*
.PHONY: FORCE
FORCE:

# --- running ---------------------------------------------------------------
# What is typed goes to the console's input (-stdin): stdin, fgets and
# goro_console_read read it.
qemu: all
	qemu/run -stdin $(ARCH) $(ELF) $(ARGS)
qemu-gdb: all
	QEMU_GDB=1 $(if $(GDB_PORT),QEMU_GDB_PORT=$(GDB_PORT)) qemu/run -stdin $(ARCH) $(ELF) $(ARGS)
# gdb: the debugger for make qemu-gdb's machine (docs/debugging.md). gdb
# loads <name>.elf-gdb.py beside the ELF, which sources tools/gdb/goro.py
# (info goroutines, goroutine N bt), from folders its auto-load safe-path
# allows: this one is added.
ifneq ($(PLAT),hosted)
$(GDB_AUTOLOAD): $(ELF)
	printf 'gdb.execute("source %s")\n' '$(CURDIR)/tools/gdb/goro.py' > $@
gdb: all
	gdb-multiarch -q -iex 'add-auto-load-safe-path $(CURDIR)/$(B)' \
		-ex 'target remote localhost:$(or $(GDB_PORT),1234)' $(ELF)
else
gdb:
	@echo "make gdb: for machines in QEMU (make qemu-gdb); hosted, a process: gdb $(OUT)" >&2; exit 1
endif
# run: the appliance on its platform: hosted as a process, else in QEMU.
run: all
ifeq ($(PLAT),hosted)
	plat/hosted/run -stdin $(OUT) $(ARGS)
else
	qemu/run -stdin $(ARCH) $(ELF) $(ARGS)
endif

check:
	tests/check

# The fuzz targets for longer than make check gives them (docs/fuzz.md):
# FUZZTIME seconds each, one process at a time.
FUZZTIME ?= 300
fuzz:
	FUZZTIME=$(FUZZTIME) tests/fuzz/run $(FUZZ)

# The platform's folders, in order (tools/check-layers reads them).
dirs:
	@echo $(DIRS)

bench:
	tools/bench

# difftest: the differential test against Go at length (docs/difftest.md):
# SEEDS programs hosted on one and two CPUs and in every stack mode, then
# QSEEDS of them in QEMU on each of ARCHES at -smp 1 and 2. make check
# runs a bounded share of the same.
SEEDS  ?= 5000
QSEEDS ?= 300
ARCHES ?= 386 amd64 arm
difftest:
	tools/difftest/run -s 1:$(SEEDS) -c 1 -c 2 -c '1 stackfaultonfree=1' -c '2 stackfaultonfree=1' \
		-c '2 stackfromsystem=1' -c '1 copystack=0'
	$(if $(filter-out none,$(ARCHES)),tools/difftest/run -s 1:$(QSEEDS) $(addprefix -w ,$(filter-out none,$(ARCHES))) \
		-c 1 -c 2 -c '2 stackfaultonfree=1 @100' -c '1 stackfromsystem=1 @50' -c '1 copystack=0 @50')

soak:
	$(if $(SOAKTIME),SOAKTIME=$(SOAKTIME)) tools/soak

setup:
	tools/setup

clean:
	rm -rf build/386 build/amd64 build/arm build/hosted build/hosted-san build/bench

-include $(shell find $(B) -name '*.d' 2>/dev/null)
