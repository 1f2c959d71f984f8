/*
 * intr.c - device interrupt lines on the hosted platform (include/machine.h,
 * "Device interrupts that wake goroutines"): one line, StdinLine,
 * "standard input is readable", played by a signal as the timer's
 * interrupt is.
 *
 * The first time the line is unmasked, standard input is set to signal
 * IntrSignal (SIGIO) when it becomes readable, to CPU 0's thread alone
 * (O_ASYNC, F_SETSIG, F_SETOWN_EX with its thread id: device lines go to
 * CPU 0). Like the preemption tick's, the signal is never blocked: it
 * interrupts CPU 0 wherever it is, a goroutine, the scheduler or a halt,
 * on the thread's signal stack, and system calls it interrupts go on
 * (SA_RESTART). The scheduler, though, decides to halt with no way to
 * keep it out, as a machine would with interrupts disabled: so the
 * handler also sends CPU 0 the wake-up (cpu_wake, the timer's signal,
 * which is blocked but inside the halt). One that comes between the
 * scheduler's last look and its halt leaves that signal pending, and the
 * halt returns at once: nothing is lost between deciding to halt and
 * halting.
 *
 * The line is level-triggered, as a device's is: its "mask" is a flag,
 * and the state it signals is the file's, which poll reads. The handler
 * (the signal's, on CPU 0) fires the line if it is unmasked and standard
 * input is readable (the descriptor also signals what does not matter
 * here: a terminal's output room); intr_unmask fires it at once if
 * standard input is readable already, as a raised level line interrupts
 * as soon as it is unmasked. Firing masks the line (an atomic exchange of
 * the flag, so the two never both fire it) and calls intr_pending. End of
 * file is readable too: the reader then sees the input has ended.
 *
 * The file status flags belong to the open file, which the process may
 * share with its parent (a terminal): the first unmask adds O_ASYNC, and
 * the exit (hosted_intr_exit, at exit and at the power-off of a fatal
 * error) takes it away again.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "hosted.h"
#include "platform.h"
#include "machine.h"

static pid_t cpu0;                      /* CPU 0's thread, the line's signal's target */
static int unmasked;                    /* the line's "mask": 1 while it may fire */
static int async_set;                   /* O_ASYNC added to standard input (saved_flags before) */
static int saved_flags;

/*
 * hosted_stdin_readable: would a read of standard input return at once
 * (a byte, end of file, an error)? The system call itself, not glibc's
 * poll: this runs in the signal's handler and on goroutines' stacks,
 * where only a few hundred bytes are sure to be free below the guard.
 */
int hosted_stdin_readable(void)
{
	struct pollfd p = { .fd = 0, .events = POLLIN };
	int saved = errno;
	long n = syscall(SYS_poll, &p, 1, 0);
	errno = saved;
	return n > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL));
}

/* fire: the line is raised; if it was unmasked, it is masked and recorded (true). */
static bool fire(void)
{
	if (!__atomic_exchange_n(&unmasked, 0, __ATOMIC_SEQ_CST))
		return false;
	intr_pending(StdinLine);
	return true;
}

/* on_intr: standard input's signal, on CPU 0: the line fires if it is raised, and CPU 0 looks. */
static void on_intr(int sig)
{
	(void)sig;
	int saved = errno;
	if (hosted_stdin_readable() && fire())
		cpu_wake(0);
	errno = saved;
}

void hosted_intr_init(void)
{
	cpu0 = gettid();
	struct sigaction sa = { .sa_handler = on_intr, .sa_flags = SA_ONSTACK | SA_RESTART };
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, TickSignal);     /* a tick finds a goroutine, not this handler */
	sigaction(IntrSignal, &sa, NULL);
}

/* async_on: standard input signals CPU 0 when it becomes readable. */
static void async_on(void)
{
	struct f_owner_ex owner = { .type = F_OWNER_TID, .pid = cpu0 };
	int flags = fcntl(0, F_GETFL);
	if (flags < 0)
		return;         /* no standard input: it reads as ended, readable for good */
	if (fcntl(0, F_SETOWN_EX, &owner) < 0 || fcntl(0, F_SETSIG, IntrSignal) < 0)
		fatal("standard input: cannot direct its signal to cpu 0 (errno %d)", errno);
	saved_flags = flags;
	if (!(flags & O_ASYNC)) {
		if (fcntl(0, F_SETFL, flags | O_ASYNC) < 0)
			fatal("standard input: cannot make it signal when readable (errno %d)", errno);
		__atomic_store_n(&async_set, 1, __ATOMIC_SEQ_CST);
		atexit(hosted_intr_exit);       /* main's return and exit(); kexit powers off */
	}
}

void hosted_intr_exit(void)
{
	if (__atomic_exchange_n(&async_set, 0, __ATOMIC_SEQ_CST))
		fcntl(0, F_SETFL, saved_flags);
}

static void check_line(const char *what, int irq)
{
	if (irq != StdinLine)
		fatal("%s: the hosted platform has no interrupt line %d (line %d is standard input)",
		      what, irq, StdinLine);
}

void intr_unmask(int irq)
{
	static int once;
	check_line("intr_unmask", irq);
	if (!__atomic_exchange_n(&once, 1, __ATOMIC_SEQ_CST))
		async_on();     /* the line's one waiter: never two at once */
	__atomic_store_n(&unmasked, 1, __ATOMIC_SEQ_CST);
	if (hosted_stdin_readable())
		fire();
}

void intr_mask(int irq)
{
	check_line("intr_mask", irq);
	__atomic_store_n(&unmasked, 0, __ATOMIC_SEQ_CST);
}

/* A process has no bus and no device registers: drivers find nothing (include/machine.h). */
uint32_t pci_read32(unsigned bus, unsigned dev, unsigned fn, unsigned off)
{
	(void)bus, (void)dev, (void)fn, (void)off;
	return 0xffffffffu;
}

void pci_write32(unsigned bus, unsigned dev, unsigned fn, unsigned off, uint32_t v)
{
	(void)bus, (void)dev, (void)fn, (void)off, (void)v;
}

int machine_virtio_mmio(struct mmio_device *d, int max)
{
	(void)d, (void)max;
	return 0;
}
