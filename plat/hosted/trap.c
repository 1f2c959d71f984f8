/*
 * trap.c - faults on the hosted platform: signals become the same fault
 * reports as on bare metal, and the process's exit is the power-off.
 *
 * Linux reports a CPU exception as a signal whose context still holds
 * what the CPU said: the vector (REG_TRAPNO), the error code (REG_ERR),
 * the faulting address, every register. The handler copies them into
 * amd64's struct trapframe and reports through fault_report (runtime/fault.c), so a
 * fault reads exactly as under QEMU ("fatal error: unhandled trap: page
 * fault (vector 14)", the address and what it belongs to, the registers
 * and a traceback). Handlers run on their own stack (sigaltstack): a
 * goroutine that overflows its stack into the guard page is reported
 * too. A signal sent rather than raised by the CPU (abort's SIGABRT, a
 * kill) is "appliance killed by signal N", as newlib's kill says on
 * bare metal.
 */
#include <signal.h>
#include <sys/mman.h>
#include <stdio.h>
#include <ucontext.h>
#include <unistd.h>
#include "hosted.h"
#include "platform.h"
#include "fault.h"
#include "machine.h"
#include "regdump.h"
#include "trapframe.h"

enum { AltStackSize = 64 * 1024 };

_Noreturn void machine_poweroff(int status)
{
	hosted_intr_exit();     /* standard input's flags as they were */
	_exit(status);
}

/* The general registers, as on the machine (arch/amd64/regdump.c); no control registers here. */
void machine_dumpregs(const struct trapframe *tf)
{
	amd64_dumpgprs(tf);
}

struct trapframe hosted_trapframe(const void *ctx)
{
	const greg_t *r = ((const ucontext_t *)ctx)->uc_mcontext.gregs;
	return (struct trapframe){
		.rax = r[REG_RAX], .rbx = r[REG_RBX], .rcx = r[REG_RCX], .rdx = r[REG_RDX],
		.rsi = r[REG_RSI], .rdi = r[REG_RDI], .rbp = r[REG_RBP],
		.r8 = r[REG_R8], .r9 = r[REG_R9], .r10 = r[REG_R10], .r11 = r[REG_R11],
		.r12 = r[REG_R12], .r13 = r[REG_R13], .r14 = r[REG_R14], .r15 = r[REG_R15],
		.cr2 = r[REG_CR2], .vector = r[REG_TRAPNO], .err = r[REG_ERR],
		.rip = r[REG_RIP], .cs = r[REG_CSGSFS] & 0xffff, .rflags = r[REG_EFL],
		.rsp = r[REG_RSP],
	};
}

/* on_fault reports a CPU exception (or a sent signal) and exits 2. */
static void on_fault(int sig, siginfo_t *si, void *ctx)
{
	if (si->si_code <= 0)
		fatal("appliance killed by signal %d", sig);
	struct trapframe tf = hosted_trapframe(ctx);
	struct faultinfo fi;
	x86_faultinfo(&fi, (unsigned)tf.vector, tf.err, (uintptr_t)si->si_addr);
	fi.pc = tf.rip;
	fi.sp = tf.rsp;
	fault_report(&fi, &tf);
}

/*
 * hosted_altstack gives the calling thread a stack of its own for the
 * fault handlers (sigaltstack is per thread), so a goroutine that runs
 * off its stack is still reported.
 */
void hosted_altstack(void)
{
	void *p = mmap(NULL, AltStackSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		fatal("no memory for a signal stack");
	stack_t ss = { .ss_sp = p, .ss_size = AltStackSize };
	if (sigaltstack(&ss, NULL) != 0)
		fatal("sigaltstack failed");
}

/*
 * platform_init installs the handlers. SA_NODEFER lets a fault inside a
 * report reach begin_fatal, which then stops with one line instead of
 * Linux killing the process silently.
 */
void platform_init(struct bootinfo *bi)
{
	(void)bi;
	hosted_altstack();
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT };
	for (size_t i = 0; i < nelem(sigs); i++) {
		struct sigaction sa = {
			.sa_sigaction = on_fault,
			.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER,
		};
		sigemptyset(&sa.sa_mask);
		sigaction(sigs[i], &sa, NULL);
	}
}
