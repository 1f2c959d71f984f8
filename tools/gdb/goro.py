# goro.py - gdb commands that know goro's goroutines (docs/debugging.md).
#
#   info goroutines          one line per live goroutine on allg: id, state,
#                            wait reason, CPU, the function at its pc and the
#                            innermost frame in the appliance's own code
#   goroutine N CMD...       run a gdb command (bt, bt full, info registers,
#                            frame 2 ...) as if goroutine N were the one
#                            running; N is any expression (deep_goid, 3)
#   goroutine all CMD...     the same for every live goroutine
#   $goroutine(N)            the G record of goroutine N, as a (G *)
#
# For gdb-multiarch against QEMU's gdb stub (i386, amd64 and 32-bit ARM),
# which shows each CPU as a thread. Loaded with `source tools/gdb/goro.py`
# (make gdb does it), or automatically next to the ELF (docs/debugging.md).
#
# The design: a goroutine that is not running was switched out inside
# mcall, which pushed the callee-saved registers and a frame record
# {saved frame pointer, return address} on its own stack and saved sp and
# its resume pc in g->sched, the Gobuf (arch/<cpu>/asmoffsets.h, MCALL_*).
# `goroutine N CMD` writes the Gobuf's pc and sp (and the frame record's
# address as the frame pointer) into the selected CPU's registers, runs
# CMD and writes the CPU's own back, whatever CMD did (try/finally); a
# Python unwinder takes that mcall frame to its caller with the registers
# mcall saved, and gdb's own unwinding, with the build's DWARF, walks on.
# One that never ran is at gostart. A goroutine running on a CPU has that
# CPU's registers: its thread is the one whose per-CPU block (fs_base,
# gs_base, TPIDRURO: m->tls, which is the M itself) has it as the current
# g; if that CPU is in an interrupt handler, the handler's trap frame
# holds the goroutine's registers instead. The listing reads memory only:
# it walks the frame-pointer chain (every function keeps one) to name
# the frames; registers are written only by `goroutine`.
#
# Stacks move when they grow (copying or remapping, docs/stacks.md):
# nothing here keeps an address across a stop. Every command reads allg,
# g->sched and the stack bounds again, and breakpoints are on code.

import contextlib
import os
import re
import struct

import gdb
import gdb.unwinder

# The statuses of runtime/runtime.h's enum Gstatus.
STATUS = {0: "idle", 1: "runnable", 2: "running", 3: "waiting", 4: "dead"}
GIDLE, GRUNNING, GDEAD = 0, 2, 4

# Source folders of the runtime and the machine (docs/layout.md): a frame
# in one of them is not the appliance's own code.
RUNTIME_DIRS = ("runtime/", "arch/", "kernel/", "plat/", "boot/", "libc/",
                "drivers/", "net/")

# Commands that would run the machine with a goroutine's registers in a
# CPU: refused by `goroutine N`.
RESUMING = {"c", "continue", "s", "step", "n", "next", "si", "stepi", "ni",
            "nexti", "finish", "fin", "until", "u", "advance", "jump", "j",
            "call", "run", "r", "start", "signal", "kill", "detach"}

# Per architecture: register names, the register of the per-CPU block,
# and mcall's saved area (arch/<cpu>/asmoffsets.h: the built-in values
# are replaced by the header's when it is found beside this script).
ARCHES = {
    "amd64": {
        "cpu": "amd64", "pc": "rip", "sp": "rsp", "fp": "rbp", "lr": None,
        "tls": "fs_base",
        "frame": 40, "saved": 56,
        "regs": {"r15": 0, "r14": 8, "r13": 16, "r12": 24, "rbx": 32},
    },
    "386": {
        "cpu": "386", "pc": "eip", "sp": "esp", "fp": "ebp", "lr": None,
        "tls": "gs_base",
        "frame": 12, "saved": 20,
        "regs": {"edi": 0, "esi": 4, "ebx": 8},
    },
    "arm": {
        "cpu": "arm", "pc": "pc", "sp": "sp", "fp": "r11", "lr": "lr",
        "tls": "TPIDRURO",
        "frame": 96, "saved": 104,
        "regs": dict(("r%d" % r, 68 + 4 * (r - 4)) for r in range(4, 11)),
    },
}


# A CPU interrupted while it ran a goroutine is in a handler whose
# argument tf (struct trapframe *, arch/<cpu>/trapframe.h) holds the
# goroutine's registers: {gdb register: trapframe field}. Flags and ARM's
# cpsr are left alone: writing cpsr's mode bits would switch the banked
# sp and lr under us (only its Thumb bit is set, from the pc's bit 0).
TRAPFRAME = {
    "amd64": dict([(r, r) for r in ("rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8",
                                    "r9", "r10", "r11", "r12", "r13", "r14", "r15",
                                    "rip", "rsp")]),
    "386": dict((r, r) for r in ("eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "eip",
                                 "esp")),
    "arm": dict([("r%d" % i, i) for i in range(13)] + [("sp", "sp"), ("lr", "lr"),
                                                       ("pc", "pc")]),
}


def _read_offsets(info):
    """Take MCALL_* from arch/<cpu>/asmoffsets.h if this script sits in its tree."""
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "arch", info["cpu"], "asmoffsets.h")
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        return
    defs = dict((m.group(1), int(m.group(2), 0)) for m in
                re.finditer(r"#define\s+MCALL_(\w+)\s+(\w+)", text))
    if "FRAME" in defs:
        info["frame"] = defs["FRAME"]
    if "SAVED" in defs:
        info["saved"] = defs["SAVED"]
    regs = {}
    for name, off in defs.items():
        if not name.startswith("REG_"):
            continue
        reg = name[4:].lower()
        if info["cpu"] == "arm" and reg == "r4":
            regs.update(("r%d" % r, off + 4 * (r - 4)) for r in range(4, 11))
        elif info["cpu"] != "arm":
            regs[reg] = off
    if regs:
        info["regs"] = regs


for _info in ARCHES.values():
    _read_offsets(_info)


def arch():
    name = gdb.selected_inferior().architecture().name()
    if name.startswith("i386:x86-64"):
        return ARCHES["amd64"]
    if name.startswith("i386") or name.startswith("i8086"):
        return ARCHES["386"]
    if name.startswith("arm"):
        return ARCHES["arm"]
    raise gdb.GdbError("goro: no support for the architecture %s" % name)


def ptrsize():
    return gdb.lookup_type("void").pointer().sizeof


def uint(value):
    """A register's gdb.Value as an unsigned number (gdb types some as signed)."""
    return int(value) & ((1 << (8 * ptrsize())) - 1)


def read_ptr(addr):
    n = ptrsize()
    data = gdb.selected_inferior().read_memory(addr, n).tobytes()
    return struct.unpack("<Q" if n == 8 else "<I", data)[0]


def address_of(name):
    """The address of a symbol, with or without debug information."""
    return int(gdb.parse_and_eval("(unsigned long)&%s" % name))


def funcname(pc):
    """The function at pc, from the debug information or else the ELF symbols."""
    try:
        block = gdb.block_for_pc(pc)
        while block is not None and block.function is None:
            block = block.superblock
        if block is not None:
            return block.function.name
    except RuntimeError:
        pass
    out = gdb.execute("info symbol 0x%x" % pc, to_string=True)
    m = re.match(r"(\S+)( \+ \d+)? in section", out)
    return m.group(1) if m else "0x%x" % pc


def where(pc):
    """'file:line' of pc, or None."""
    sal = gdb.find_pc_line(pc)
    if sal.symtab is None:
        return None
    return "%s:%d" % (sal.symtab.filename, sal.line)


def is_appliance(pc):
    sal = gdb.find_pc_line(pc)
    if sal.symtab is None:
        return False
    name = sal.symtab.filename
    return not name.startswith(RUNTIME_DIRS) and "newlib" not in name


# --- the goroutines ------------------------------------------------------

def goroutines():
    """Every G on allg that is not dead (nor an unused record), oldest first."""
    if gdb.selected_inferior().pid == 0:
        raise gdb.GdbError("goro: no machine: target remote localhost:1234 first (make gdb)")
    gs = []
    gp = gdb.parse_and_eval("allg")
    seen = 0
    while int(gp) != 0:
        status = int(gp["status"])
        if status not in (GIDLE, GDEAD):
            gs.append(gp)
        gp = gp["alllink"]
        seen += 1
        if seen > 10000000:
            raise gdb.GdbError("goro: allg does not end (corrupt?)")
    return gs


def find_goroutine(goid):
    for gp in goroutines():
        if int(gp["goid"]) == goid:
            return gp
    raise gdb.GdbError("goro: no live goroutine %d" % goid)


def cpu_threads():
    """{M address: (thread, current g address)} for every CPU that has an M."""
    info = arch()
    ms = {}
    ncpu = int(gdb.parse_and_eval("ncpu"))
    allm = gdb.parse_and_eval("allm")
    for i in range(max(ncpu, 1)):
        m = int(allm[i])
        if m:
            ms[m] = True
    found = {}
    for th in gdb.selected_inferior().threads():
        try:
            block = uint(read_register(th, info["tls"]))
        except (gdb.error, ValueError):
            continue
        if block in ms:
            found[block] = (th, read_ptr(block))      # m->tls[0]: the current g
    return found


@contextlib.contextmanager
def on_thread(thread):
    """thread selected for the block; then the thread and frame selected before, again."""
    cur, frame = gdb.selected_thread(), gdb.selected_frame()
    thread.switch()
    try:
        yield
    finally:
        cur.switch()
        try:
            frame.select()
        except gdb.error:
            pass


def read_register(thread, name):
    """Register name of thread's innermost frame; the selected thread stays selected."""
    if thread == gdb.selected_thread():
        return gdb.newest_frame().read_register(name)
    with on_thread(thread):
        return gdb.newest_frame().read_register(name)


# The parked goroutines whose registers are in a CPU for a command: the
# (pc, sp) of their mcall frames, which McallUnwinder unwinds.
PARKED = set()
# What the unwinders need, looked up before the registers change: an
# unwinder runs while gdb computes a frame, where evaluating an
# expression (a symbol's address) fails and the unwinder with it.
UNWIND = {}


def prepare_unwinders():
    info = arch()
    UNWIND["info"] = info
    UNWIND["mcall"] = address_of("mcall")
    if info["cpu"] == "arm" and "asyncPreempt" not in UNWIND:
        UNWIND["asyncPreempt"] = address_of("asyncPreempt")
        UNWIND["asyncPreempt ret"] = mcall_return_in("asyncPreempt")


def saved_context(gp):
    """The registers of a goroutine off its CPU, from its Gobuf: {reg: value}."""
    info = arch()
    sp = int(gp["sched"]["sp"])
    pc = int(gp["sched"]["pc"])
    if sp == 0:
        raise gdb.GdbError("goro: goroutine %d has no saved context (sp 0)" % int(gp["goid"]))
    lo, hi = int(gp["stacklo"]), int(gp["stackhi"])
    if not lo <= sp <= hi:
        raise gdb.GdbError("goro: goroutine %d: saved sp 0x%x is outside its stack [0x%x, 0x%x)"
                           % (int(gp["goid"]), sp, lo, hi))
    if pc == address_of("gostart"):
        # Not started: gostart "called" by goexit (on the stack, or ARM's lr).
        regs = {info["pc"]: pc, info["sp"]: sp, info["fp"]: 0}
        if info["lr"]:
            regs[info["lr"]] = int(gp["sched"]["lr"])
        return regs
    if funcname(pc) != "mcall":
        raise gdb.GdbError("goro: goroutine %d: saved pc 0x%x is in %s, not mcall"
                           % (int(gp["goid"]), pc, funcname(pc)))
    # At mcall's resume label, as gogo would enter it; the frame pointer is
    # mcall's frame record (runtime/sys.c, gobuf_fp).
    return {info["pc"]: pc, info["sp"]: sp, info["fp"]: sp + info["frame"]}


def mcall_caller(sp):
    """The registers of mcall's caller, from what mcall saved at sp: {reg: value}."""
    info = arch()
    rec = sp + info["frame"]
    ret = read_ptr(rec + ptrsize())
    regs = {info["pc"]: ret, info["sp"]: sp + info["saved"], info["fp"]: read_ptr(rec)}
    for reg, off in info["regs"].items():
        regs[reg] = read_ptr(sp + off)
    return regs


class FrameId(object):
    def __init__(self, sp, pc):
        self.sp = sp
        self.pc = pc


class McallUnwinder(gdb.unwinder.Unwinder):
    """Unwinds a parked goroutine's mcall frame (mcall is assembly without
    CFI): its caller's registers are where mcall pushed them. Only the
    frames of PARKED, for the command that put them in a CPU."""

    def __init__(self):
        super().__init__("goro-mcall")

    def __call__(self, pending_frame):
        if not PARKED:
            return None
        info = UNWIND["info"]
        pcv = pending_frame.read_register(info["pc"])
        spv = pending_frame.read_register(info["sp"])
        pc, sp = uint(pcv), uint(spv)
        if info["cpu"] == "arm":
            pc &= ~1            # the Thumb bit (x86 code may be at any address)
        if (pc, sp) not in PARKED:
            return None
        caller = mcall_caller(sp)
        unwind = pending_frame.create_unwind_info(FrameId(spv, gdb.Value(UNWIND["mcall"]).cast(pcv.type)))
        if info["cpu"] == "arm":
            # A register left out is "not saved" to gdb; ARM's unwinder needs
            # cpsr (its T bit: ARM or Thumb, from the return address's bit 0),
            # and lr as the call left it.
            ret = caller["pc"]
            caller["pc"] = ret & ~1
            caller["lr"] = ret
            cpsr = uint(pending_frame.read_register("cpsr")) & ~(1 << 5)
            caller["cpsr"] = cpsr | (1 << 5 if ret & 1 else 0)
        for reg, value in caller.items():
            unwind.add_saved_register(reg, gdb.Value(value).cast(pending_frame.read_register(reg).type))
        return unwind


def mcall_return_in(func):
    """The return address of func's call of mcall (func: assembly), or None."""
    try:
        start = address_of(func)
    except gdb.error:
        return None
    block_end = start + 256
    archobj = gdb.selected_inferior().architecture()
    for insn in archobj.disassemble(start, block_end):
        if "<mcall>" in insn["asm"] and insn["asm"].split()[0].startswith("bl"):
            return insn["addr"] + insn["length"]
        if funcname(insn["addr"]) != func:
            break
    return None


class ArmPreemptUnwinder(gdb.unwinder.Unwinder):
    """Unwinds ARM's asyncPreempt (arch/arm/preempt.S, assembly without CFI)
    at its call of mcall, where a preempted goroutine is parked: r4 (kept
    by mcall) points at r0-r12 as they were when the goroutine was
    stopped, then its lr and the pc it was stopped at; sp was 8 bytes
    above those two. gdb's prologue analysis would take lr for the
    caller's pc and unwind asyncPreempt into itself without end."""

    def __init__(self):
        super().__init__("goro-arm-asyncpreempt")

    def __call__(self, pending_frame):
        if not PARKED or UNWIND["info"]["cpu"] != "arm" or UNWIND["asyncPreempt ret"] is None:
            return None
        pcv = pending_frame.read_register("pc")
        if uint(pcv) != UNWIND["asyncPreempt ret"]:
            return None
        r4 = uint(pending_frame.read_register("r4"))
        spv = pending_frame.read_register("sp")
        unwind = pending_frame.create_unwind_info(
            FrameId(spv, gdb.Value(UNWIND["asyncPreempt"]).cast(pcv.type)))
        caller = dict(("r%d" % i, read_ptr(r4 + 4 * i)) for i in range(13))
        caller["lr"] = read_ptr(r4 + 52)
        caller["pc"] = read_ptr(r4 + 56)
        caller["sp"] = r4 + 60
        caller["cpsr"] = uint(pending_frame.read_register("cpsr")) & ~(1 << 5)
        for reg, value in caller.items():
            unwind.add_saved_register(reg, gdb.Value(value).cast(pending_frame.read_register(reg).type))
        return unwind


# The interrupt entry and exit code of the platforms (assembly): a CPU
# stopped there has the goroutine's registers partly in the CPU, partly
# in a trap frame being built or taken apart.
TRAP_ENTRY_FILES = ("trapentry.S", "vectors.S")
ENTRY = "(CPU %d is entering or leaving an interrupt handler: its thread %d shows where)"


def trap_context(thread):
    """What an interrupt handler on thread's CPU says of the goroutine it stopped:
    its registers from the handler's trap frame ({reg: value}), "entry" if
    the CPU is in the entry or exit code, or None (no handler).

    The frame is the innermost one with an argument tf of type struct
    trapframe * (the platform's handler: trap_dispatch, trap_handler,
    arm_irq ...) that can be read."""
    cur, sel = gdb.selected_thread(), gdb.selected_frame()
    thread.switch()
    try:
        frame = gdb.newest_frame()
        sal = gdb.find_pc_line(frame.pc())
        if sal.symtab is not None and sal.symtab.filename.endswith(TRAP_ENTRY_FILES):
            return "entry"
        n = 0
        while frame is not None and frame.pc() != 0 and n < 64:
            try:
                v = frame.read_var("tf")
                if (not v.is_optimized_out and v.type.code == gdb.TYPE_CODE_PTR
                        and v.type.target().strip_typedefs().tag == "trapframe" and int(v)):
                    return trapframe_regs(v.dereference())
            except (ValueError, gdb.error, RuntimeError):
                pass
            frame, n = frame.older(), n + 1
        return None
    finally:
        cur.switch()
        try:
            sel.select()
        except gdb.error:
            pass


def trapframe_regs(tf):
    """{reg: value} of a struct trapframe (raises gdb.MemoryError if unreadable)."""
    info = arch()
    regs = {}
    for reg, field in TRAPFRAME[info["cpu"]].items():
        regs[reg] = uint(tf["r"][field] if isinstance(field, int) else tf[field])
    if info["cpu"] == "386":
        # esp is in the frame only if the CPU pushed it (trapframe_has_sp).
        if not ((int(tf["cs"]) & 3) or int(tf["vector"]) == 8 or int(tf["vector"]) >= 32):
            regs["esp"] = int(tf["esp"].address)
    return regs


def context(gp, threads=None):
    """How to see goroutine gp: ('thread', thread, cpu) for one its CPU runs
    now, ('saved', regs, cpu) for one whose registers are saved (Gobuf,
    trap frame), ('entry', thread, cpu) for one whose CPU is in the
    interrupt entry or exit code."""
    if threads is None:
        threads = cpu_threads()
    cpu = None
    if int(gp["status"]) == GRUNNING and int(gp["m"]) != 0:
        cpu = int(gp["m"]["id"])
        th = threads.get(int(gp["m"]))
        if th is not None and th[1] == int(gp):
            regs = trap_context(th[0])
            if regs == "entry":
                return ("entry", th[0], cpu)
            if regs is not None:
                # In an interrupt's handler: the goroutine is where it was interrupted.
                return ("saved", regs, cpu)
            return ("thread", th[0], cpu)
        # Its CPU is in the scheduler for it (mcall saved its context), or
        # about to switch to it: the Gobuf is what there is.
    return ("saved", saved_context(gp), cpu)


def frames_from(pc, fp, lo, hi, limit=64):
    """[pc, ...] of the frames from pc up the frame-pointer chain within [lo, hi)."""
    pcs = [pc]
    n = ptrsize()
    while fp and lo <= fp < hi and len(pcs) < limit:
        ret = read_ptr(fp + n)
        if ret == 0:
            break
        pcs.append(ret - 1)     # the call, not what follows it
        nfp = read_ptr(fp)
        if nfp <= fp:
            break
        fp = nfp
    return pcs


def describe(gp, threads, selected):
    """The columns of one goroutine's line."""
    goid = int(gp["goid"])
    status = int(gp["status"])
    state = STATUS.get(status, "?%d" % status)
    reason = ""
    if status == 3 and int(gp["waitreason"]) != 0:
        reason = gp["waitreason"].string()
    cpu, pcs, mark = "", [], " "
    try:
        kind, ctx, c = context(gp, threads)
        if c is not None:
            cpu = str(c)
        if kind == "entry":
            if ctx == selected:
                mark = "*"
            return (mark, goid, state, reason, cpu,
                    funcname(uint(read_register(ctx, arch()["pc"]))), ENTRY % (c, ctx.num))
        if kind == "thread":
            if ctx == selected:
                mark = "*"
            frame = None
            cur, sel = gdb.selected_thread(), gdb.selected_frame()
            ctx.switch()
            try:
                frame = gdb.newest_frame()
                while frame is not None and frame.pc() != 0 and len(pcs) < 64:
                    pcs.append(frame.pc() if not pcs else frame.pc() - 1)
                    frame = frame.older()
            finally:
                cur.switch()
                sel.select()
        else:
            info = arch()
            regs = ctx
            if funcname(regs[info["pc"]]) == "mcall":
                # The frame that called mcall: its pc is a return address.
                regs = mcall_caller(regs[info["sp"]])
                regs[info["pc"]] -= 1
            pcs = frames_from(regs[info["pc"]], regs[info["fp"]],
                              int(gp["stacklo"]), int(gp["stackhi"]))
    except (gdb.error, gdb.MemoryError, gdb.GdbError) as e:
        return (mark, goid, state, reason, cpu, "?", str(e))
    func = funcname(pcs[0]) if pcs else "?"
    user = ""
    for pc in pcs:
        if is_appliance(pc):
            user = "%s %s" % (funcname(pc), where(pc))
            break
    return (mark, goid, state, reason, cpu, func, user)


class InfoGoroutines(gdb.Command):
    """List the live goroutines: id, state, wait reason, CPU (running ones),
the function at the goroutine's pc, and its innermost frame in the
appliance's own code (outside the runtime's folders). '*' marks the
goroutine the selected thread's CPU runs."""

    def __init__(self):
        super().__init__("info goroutines", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        threads = cpu_threads()
        try:
            selected = gdb.selected_thread()
        except gdb.error:
            selected = None
        rows = [describe(gp, threads, selected) for gp in goroutines()]
        rows.sort(key=lambda r: r[1])
        head = (" ", "Id", "State", "Wait reason", "CPU", "Function", "Appliance frame")
        widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
        for r in [head] + rows:
            line = "%s %s  %s  %s  %s  %s  %s" % (
                r[0], str(r[1]).rjust(widths[1]), r[2].ljust(widths[2]),
                r[3].ljust(widths[3]), str(r[4]).rjust(widths[4]),
                r[5].ljust(widths[5]), r[6])
            gdb.write(line.rstrip() + "\n")


def write_registers(regs):
    """Write regs into the selected CPU, the innermost frame selected.

    After each write gdb looks for the frame that was selected by walking
    the new registers' frames: a short backtrace limit keeps that walk
    short through the half-written states between the writes."""
    mask = (1 << (8 * ptrsize())) - 1
    limit = gdb.parameter("backtrace limit")
    gdb.newest_frame().select()
    gdb.execute("set backtrace limit 4", to_string=True)
    try:
        for name, value in regs:
            gdb.newest_frame().select()
            gdb.execute("set $%s = 0x%x" % (name, value & mask), to_string=True)
    finally:
        gdb.execute("set backtrace limit %s" % ("unlimited" if limit is None else limit),
                    to_string=True)


def run_saved(regs, cmd):
    """Run cmd with regs in the selected CPU's registers; put the CPU's back whatever happens."""
    info = arch()
    frame = gdb.selected_frame()
    newest = gdb.newest_frame()
    names = list(regs)
    if info["cpu"] == "arm":
        names.append("cpsr")
    old = [(name, uint(newest.read_register(name))) for name in names]
    regs = dict(regs)
    if info["cpu"] == "arm":
        # ARM or Thumb as the pc's bit 0 says, in cpsr's T bit (never its mode bits).
        pc = regs[info["pc"]]
        cpsr = dict(old)["cpsr"] & ~(1 << 5)
        regs["cpsr"] = (cpsr | (1 << 5 if pc & 1 else 0)) & 0xffffffff
        regs[info["pc"]] = pc & ~1
    # Known before the registers change: gdb picks frame 0's unwinder anew then.
    prepare_unwinders()
    PARKED.add((regs[info["pc"]], regs[info["sp"]]))
    # The pc last: gdb chooses frame 0's unwinder once the pc is there, and
    # the goroutine's sp must be in place by then; the CPU's pc first, back.
    order = [(n, v) for n, v in regs.items() if n != info["pc"]] + [(info["pc"], regs[info["pc"]])]
    old = [(info["pc"], dict(old)[info["pc"]])] + [(n, v) for n, v in old if n != info["pc"]]
    try:
        write_registers(order)
        gdb.execute(cmd)
    finally:
        PARKED.clear()
        # CMD may have selected an outer frame: write_registers selects the
        # innermost first, or a register set there would go to that
        # frame's save slot in memory, not to the CPU.
        write_registers(old)
        try:
            frame.select()
        except gdb.error:
            gdb.newest_frame().select()


def run_thread(thread, cmd):
    with on_thread(thread):
        gdb.execute(cmd)


def run_in(gp, cmd):
    kind, ctx, cpu = context(gp)
    if kind == "entry":
        gdb.write("goro: goroutine %d: " % int(gp["goid"]) + ENTRY % (cpu, ctx.num) + "\n")
        run_thread(ctx, cmd)
    elif kind == "thread":
        run_thread(ctx, cmd)
    else:
        run_saved(ctx, cmd)


class Goroutine(gdb.Command):
    """goroutine N CMD...: run gdb command CMD (bt, bt full, info registers,
frame 2, ...) in goroutine N's context: its saved registers (from its
Gobuf) for one that is not running, its CPU's thread for one that is.
N is an expression (a number, or a variable holding one); "all" runs CMD
for every live goroutine. The CPU's own registers are put back after."""

    def __init__(self):
        super().__init__("goroutine", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        words = arg.split(None, 1)
        if len(words) < 2:
            raise gdb.GdbError("usage: goroutine N|all CMD...")
        which, cmd = words
        if cmd.split()[0] in RESUMING:
            raise gdb.GdbError("goroutine: '%s' would run the machine with another goroutine's "
                               "registers; select the CPU's thread instead" % cmd.split()[0])
        if which == "all":
            for gp in goroutines():
                gdb.write("goroutine %d:\n" % int(gp["goid"]))
                try:
                    run_in(gp, cmd)
                except (gdb.error, gdb.GdbError) as e:
                    gdb.write("%s\n" % e)
                gdb.write("\n")
            return
        run_in(find_goroutine(int(gdb.parse_and_eval(which))), cmd)


class GoroutineFunction(gdb.Function):
    """$goroutine(N): the G record of live goroutine N, a (G *)."""

    def __init__(self):
        super().__init__("goroutine")

    def invoke(self, goid):
        return find_goroutine(int(goid))


InfoGoroutines()
Goroutine()
GoroutineFunction()
gdb.unwinder.register_unwinder(None, McallUnwinder(), replace=True)
gdb.unwinder.register_unwinder(None, ArmPreemptUnwinder(), replace=True)
