# hosted.mk - goro as a Linux process: make HOSTED=1 [APP=dir] [SAN=...]
#
# Included by the top Makefile. With HOSTED=1 the appliance in APP is
# built into build/hosted/<name>, a Linux executable for this machine
# (clang, the host's glibc, -O2 -g, frame pointers kept), instead of a
# bootable image; with SAN=<sanitizers> (e.g. SAN=undefined) into
# build/hosted-san/<name>, compiled with -fsanitize=<sanitizers>.
#
# The portable runtime and kernel files are compiled unchanged; hosted/
# supplies what boot/, arch/ and the machine-facing kernel files supply
# on bare metal (hosted/hosted.h). The appliance's own files are
# compiled against the host's headers, unchanged: the link's --wrap=main
# sends the C library's call of main to hosted/main.c, which runs the
# appliance's main as goroutine 1. As on bare metal the
# executable is linked twice, so tracebacks can name functions from the
# table tools/mksymtab makes of the first link (hosted/hosted.ld).
#
# Run it directly (GORO_OPTIONS holds the runtime options, hosted/main.c)
# or with hosted/run, which takes qemu/run's arguments.

ifeq ($(HOSTED),1)

ifneq ($(ARCH),amd64)
$(error HOSTED=1 builds for this machine: ARCH must be amd64 (got '$(ARCH)'))
endif

HB := build/hosted$(if $(SAN),-san)
HOSTED_BIN := $(HB)/$(NAME)

HOSTED_SRCS := $(wildcard hosted/*.c) $(wildcard runtime/*.c) \
               kernel/printf.c kernel/options.c kernel/symtab.c kernel/fatal.c kernel/mem.c \
               arch/amd64/asm.S arch/amd64/morestack.S arch/amd64/stackreserve.S arch/amd64/allocareturn.S arch/amd64/regdump.c arch/x86/sys_x86.c arch/x86/fault.c
HOSTED_OBJS := $(patsubst %,$(HB)/obj/%.o,$(HOSTED_SRCS))

HAPP_B    := $(HB)/app/$(APP_KEY)
HAPP_ID   := $(HB)/$(NAME).app
HAPP_OBJS := $(patsubst $(APP)/%.c,$(HAPP_B)/%.o,$(APP_SRCS)) $(HAPP_B)/goro_appname.o
HSYMTAB   := $(HAPP_B)/gosymtab

# -Ihosted first: hosted/tls.h and hosted/memlayout.h replace the arch's
# (asm.S is handed hosted/tls.h explicitly: see there).
HSANFLAGS := $(if $(SAN),-fsanitize=$(SAN) -fno-sanitize-recover=all)
HCFLAGS   := -std=gnu11 -O2 -g -Wall -Wextra -fno-omit-frame-pointer -fno-pie \
             -D_GNU_SOURCE $(HSANFLAGS) \
             -Ihosted -Iinclude -Ikernel -Iruntime -Iarch/amd64 -Iarch/x86 -MMD -MP
HASFLAGS  := -g -fno-pie -include hosted/tls.h -Ihosted -Ikernel -Iarch/amd64 -Iarch/x86 -MMD -MP
HLDFLAGS  := -fuse-ld=lld -no-pie -Wl,-T,hosted/hosted.ld -Wl,--wrap=main $(HSANFLAGS)
HLINK_IN  := $(HOSTED_OBJS) $(HAPP_OBJS)

# Objects depend on the flags they were built with (SAN changes them):
# $(HB)/flags is rewritten only when they differ from the last build's.
HFLAGS := $(HB)/flags
$(shell mkdir -p $(HB) && echo '$(HCFLAGS) $(HASFLAGS) split' | cmp -s - $(HFLAGS) || \
	echo '$(HCFLAGS) $(HASFLAGS) split' > $(HFLAGS))
# Which appliance $(HOSTED_BIN) was last linked from (see APP_KEY in the Makefile).
$(shell echo '$(APP_PATH)' | cmp -s - $(HAPP_ID) || echo '$(APP_PATH)' > $(HAPP_ID))

ifeq ($(APP_SRCS),)
$(HOSTED_BIN):
	@echo "make: no .c files in APP=$(APP)" >&2; exit 1
else
# Two links, as for $(ELF): the first carries a placeholder table (so
# the program headers, and with them every code address, stay put).
$(HOSTED_BIN): $(HLINK_IN) $(HAPP_ID) hosted/hosted.ld tools/mksymtab
	printf '\t.section .gosymtab, "a"\n\t.4byte 0\n' > $(HSYMTAB)-empty.S
	$(CC) -c -o $(HSYMTAB)-empty.o $(HSYMTAB)-empty.S
	$(CC) $(HLDFLAGS) -o $(HSYMTAB)-pass1 $(HLINK_IN) $(HSYMTAB)-empty.o
	$(NM) -n --defined-only $(HSYMTAB)-pass1 | tools/mksymtab amd64 > $(HSYMTAB).S
	rm -f $(HSYMTAB)-pass1
	$(CC) -c -o $(HSYMTAB).o $(HSYMTAB).S
	$(CC) $(HLDFLAGS) -o $@ $(HLINK_IN) $(HSYMTAB).o
	$(NM) -n --defined-only $@ | tools/mksymtab amd64 | cmp -s - $(HSYMTAB).S || \
		{ echo "$@: the function table does not match the final link" >&2; rm -f $@; exit 1; }
endif

# The runtime and the appliance have the split-stack check, as on the
# machine (the appliance's files through LLVM IR and tools/stack-ir, as
# in the Makefile); the platform's own files are marked split-stack
# safe. Calls into the host's C library go through __morestack_non_split (ld.lld
# rewrites those callers), which makes sure of 16 KiB of headroom; the
# runtime itself calls none (-fno-builtin: no memset for its loops), so
# its goroutines stay small.
$(HB)/obj/runtime/%.c.o: runtime/%.c $(HFLAGS)
	@mkdir -p $(dir $@)
	$(CC) $(HCFLAGS) -fsplit-stack -fno-builtin -c -o $@ $<
$(HB)/obj/%.c.o: %.c $(HFLAGS)
	@mkdir -p $(dir $@)
	$(CC) $(HCFLAGS) -include kernel/splitnote.h -c -o $@ $<
$(HB)/obj/%.S.o: %.S $(HFLAGS)
	@mkdir -p $(dir $@)
	$(CC) $(HASFLAGS) -c -o $@ $<
$(HAPP_B)/%.o: $(APP)/%.c $(HFLAGS) tools/stack-ir runtime/runtime.h
	@mkdir -p $(dir $@)
	$(CC) $(HCFLAGS) -fsplit-stack -S -emit-llvm -MT $@ -o $(@:.o=.ll) $<
	tools/stack-ir --limit $(NOSPLIT_FRAME_MAX) $(@:.o=.ll) $(@:.o=.stack.ll)
	$(CC) -O2 -fno-pie -Xclang -disable-llvm-optzns -Werror=frame-larger-than -c -o $@ $(@:.o=.stack.ll) || { $(IRFAIL); }
$(HAPP_B)/goro_appname.c:
	@mkdir -p $(dir $@)
	printf 'const char goro_appname[] = "%s";\n' '$(NAME)' > $@
$(HAPP_B)/goro_appname.o: $(HAPP_B)/goro_appname.c $(HFLAGS)
	$(CC) $(HCFLAGS) -c -o $@ $<

.PHONY: run
run: all
	hosted/run $(HOSTED_BIN) $(ARGS)

-include $(shell find $(HB) -name '*.d' 2>/dev/null)

endif
