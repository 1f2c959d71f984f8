/*
 * syscalls.c - the system calls newlib needs, for appliances only.
 *
 * newlib is built without its own system calls; these are them. The
 * arm-none-eabi newlib calls the underscored names (_write), the x86
 * *-elf one, built with MISSING_SYSCALL_NAMES, the plain ones (write): each
 * call is defined once under its underscored name, with the plain name
 * as a weak alias. There is one console and no file system: fds 0-2
 * are the console (0 reads its input, 1 and 2 write its output). A
 * library above goro.h may claim descriptors from 3 up (goro_fdclaim,
 * fds.c: the socket layer's sockets): read, write, close, fstat,
 * isatty, lseek and fcntl on those are the library's. Everything else
 * fails with a proper errno (EBADF for a descriptor nobody owns).
 *
 * The heap (sbrk) is an arena of SysReserve'd address space mapped on
 * demand; when memory runs out sbrk fails with ENOMEM, so malloc
 * returns NULL instead of corrupting anything. malloc's own lock, like
 * every newlib lock, is in locks.c.
 *
 * errno here is the calling goroutine's (reent.c). newlib's _r wrappers
 * (_write_r, ...) zero a global int errno, call these, and copy that
 * global into their struct _reent if it is set: these never set it, so
 * the global stays 0 (shared by every CPU, and harmless) and the error
 * stays where these put it, in the caller's own errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sys/times.h>
#include <sys/time.h>
#include <time.h>
#include <stdarg.h>
#include "fds.h"
#include "goro.h"
#include "locks.h"
#include "machine.h"
#include "rttime.h"

#define ALIAS(name) __typeof__(_##name) name __attribute__((weak, alias("_" #name)))

static int is_console(int fd)
{
	return fd >= 0 && fd <= 2;
}

_READ_WRITE_RETURN_TYPE _write(int fd, const void *buf, size_t n)
{
	const struct goro_fdops *ops = fd_claimed(fd);
	if (ops)
		return (_READ_WRITE_RETURN_TYPE)ops->write(fd, buf, n);
	if (fd != 1 && fd != 2) {
		errno = EBADF;
		return -1;
	}
	console_write(buf, n);
	return (int)n;
}
ALIAS(write);

/*
 * Reading stdin reads the console (runtime/console.c): the calling
 * goroutine parks until at least one byte has arrived, and gets what
 * there is, so stdio's fgets(stdin) returns a line once its newline
 * came. Only the reader waits; the others run on.
 */
_READ_WRITE_RETURN_TYPE _read(int fd, void *buf, size_t n)
{
	const struct goro_fdops *ops = fd_claimed(fd);
	if (ops)
		return (_READ_WRITE_RETURN_TYPE)ops->read(fd, buf, n);
	if (fd != 0) {
		errno = EBADF;
		return -1;
	}
	return goro_console_read(buf, n);
}
ALIAS(read);

__attribute__((no_split_stack)) int _open(const char *path, int flags, ...)
{
	(void)path, (void)flags;
	errno = ENOENT;
	return -1;
}
ALIAS(open);

int _close(int fd)
{
	const struct goro_fdops *ops = fd_claimed(fd);
	if (ops)
		return ops->close(fd);
	if (!is_console(fd)) {
		errno = EBADF;
		return -1;
	}
	return 0;
}
ALIAS(close);

int _fstat(int fd, struct stat *st)
{
	const struct goro_fdops *ops = fd_claimed(fd);
	if (ops)
		return ops->fstat(fd, st);
	if (!is_console(fd)) {
		errno = EBADF;
		return -1;
	}
	__builtin_memset(st, 0, sizeof *st);
	st->st_mode = S_IFCHR;
	return 0;
}
ALIAS(fstat);

int _stat(const char *path, struct stat *st)
{
	(void)path, (void)st;
	errno = ENOENT;
	return -1;
}
ALIAS(stat);

/* claimed_open: fd is claimed and open (its fstat succeeds; else errno is EBADF). */
static int claimed_open(const struct goro_fdops *ops, int fd)
{
	struct stat st;
	return ops->fstat(fd, &st) == 0;
}

int _isatty(int fd)
{
	const struct goro_fdops *ops = fd_claimed(fd);
	if (ops) {
		if (claimed_open(ops, fd))
			errno = ENOTTY;
		return 0;
	}
	if (!is_console(fd)) {
		errno = EBADF;
		return 0;
	}
	return 1;
}
ALIAS(isatty);

off_t _lseek(int fd, off_t off, int whence)
{
	(void)off, (void)whence;
	const struct goro_fdops *ops = fd_claimed(fd);
	if (ops) {
		if (claimed_open(ops, fd))
			errno = ESPIPE;
		return -1;
	}
	errno = is_console(fd) ? ESPIPE : EBADF;
	return -1;
}
ALIAS(lseek);

int _mkdir(const char *path, mode_t mode)
{
	(void)path, (void)mode;
	errno = ENOSYS;
	return -1;
}
ALIAS(mkdir);

/*
 * fcntl on the console: no flags to get or set. On a claimed descriptor
 * it is the claimer's, with the third argument as an int, read before
 * any call (a call may move the stack the arguments are on).
 */
__attribute__((no_split_stack)) int _fcntl(int fd, int cmd, ...)
{
	va_list ap;
	va_start(ap, cmd);
	int arg = va_arg(ap, int);      /* what the caller passed, or a word it did not (unused then) */
	va_end(ap);
	const struct goro_fdops *ops = fd_claimed(fd);
	if (ops)
		return ops->fcntl(fd, cmd, arg);
	if (!is_console(fd)) {
		errno = EBADF;
		return -1;
	}
	return 0;
}
ALIAS(fcntl);

int _link(const char *old, const char *new)
{
	(void)old, (void)new;
	errno = EMLINK;
	return -1;
}
ALIAS(link);

int _unlink(const char *path)
{
	(void)path;
	errno = ENOENT;
	return -1;
}
ALIAS(unlink);

int _getpid(void)
{
	return 1;
}
ALIAS(getpid);

/* There is one process: a signal to it (abort's SIGABRT) ends the appliance. */
int _kill(int pid, int sig)
{
	if (pid != 1) {
		errno = ESRCH;
		return -1;
	}
	fatal("appliance killed by signal %d", sig);
}
ALIAS(kill);

int _fork(void)
{
	errno = ENOSYS;
	return -1;
}
ALIAS(fork);

int _execve(const char *path, char *const argv[], char *const envp[])
{
	(void)path, (void)argv, (void)envp;
	errno = ENOSYS;
	return -1;
}
ALIAS(execve);

int _wait(int *status)
{
	(void)status;
	errno = ECHILD;
	return -1;
}
ALIAS(wait);

/*
 * Time: there is no real-time clock, so the "real" time is the time
 * since boot, like CLOCK_MONOTONIC. Sleeping parks the goroutine.
 */
int _gettimeofday(struct timeval *tv, void *tz)
{
	(void)tz;
	int64_t ns = nanotime();
	if (tv) {
		tv->tv_sec = (time_t)(ns / 1000000000);
		tv->tv_usec = (suseconds_t)(ns % 1000000000 / 1000);
	}
	return 0;
}
ALIAS(gettimeofday);

clock_t _times(struct tms *t)
{
	clock_t ticks = (clock_t)(nanotime() / (1000000000 / CLOCKS_PER_SEC));
	if (t)
		*t = (struct tms){ .tms_utime = ticks };
	return ticks;
}
ALIAS(times);

int clock_gettime(clockid_t id, struct timespec *ts)
{
	if (id != CLOCK_MONOTONIC && id != CLOCK_REALTIME) {
		errno = EINVAL;
		return -1;
	}
	int64_t ns = nanotime();
	ts->tv_sec = (time_t)(ns / 1000000000);
	ts->tv_nsec = (long)(ns % 1000000000);
	return 0;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (!req || req->tv_nsec < 0 || req->tv_nsec >= 1000000000 || req->tv_sec < 0) {
		errno = EINVAL;
		return -1;
	}
	gosleep(ns_of_timespec(req->tv_sec, req->tv_nsec));
	if (rem)
		*rem = (struct timespec){ 0, 0 };
	return 0;
}

int usleep(useconds_t us)
{
	gosleep((int64_t)us * 1000);
	return 0;
}

unsigned sleep(unsigned s)
{
	gosleep(ns_of_timespec(s, 0));
	return 0;
}

_Noreturn void _exit(int status)
{
	kexit(status);
}

/*
 * The heap: an arena of address space as large as RAM, reserved once
 * and mapped on demand as sbrk moves the break up; pages the break
 * gives back are unmapped again. When no frame is left, sbrk fails with
 * ENOMEM and malloc returns NULL: nothing is mapped half-way.
 */
static uintptr_t arena_lo, arena_hi;    /* the reservation */
static uintptr_t heap_brk;              /* the break */
static uintptr_t heap_mapped;           /* [arena_lo, heap_mapped) is mapped */
static struct __lock heaplock = NEWLIB_LOCK_INIT;

static uintptr_t pgup(uintptr_t n)
{
	return (n + PageSize - 1) & ~(uintptr_t)(PageSize - 1);
}

static void heap_init(void)
{
	/* As large as RAM, leaving 64 MiB of the heap region to the runtime (32-bit). */
	uintptr_t size = pgup(physmem_total_pages() * (uintptr_t)PageSize);
	uintptr_t room = (uintptr_t)(VM_HEAP_END - VM_HEAP_BASE) - (64u << 20);
	if (size > room)
		size = room;
	arena_lo = heap_brk = heap_mapped = (uintptr_t)SysReserve(NULL, size);
	arena_hi = arena_lo + size;
}

void *_sbrk(ptrdiff_t incr)
{
	void *ret = (void *)-1;
	__retarget_lock_acquire(&heaplock);
	if (!arena_lo)
		heap_init();
	uintptr_t old = heap_brk;
	if (incr >= 0 ? (uintptr_t)incr > arena_hi - old : (uintptr_t)-incr > old - arena_lo) {
		errno = ENOMEM;
		goto out;
	}
	uintptr_t want = pgup(old + incr);
	if (want > heap_mapped) {
		if (mem_map_try((void *)heap_mapped, want - heap_mapped, &memstats.heap_sys) < 0) {
			errno = ENOMEM;
			goto out;
		}
	} else if (want < heap_mapped) {
		mem_unmap((void *)want, heap_mapped - want, &memstats.heap_sys);
	}
	heap_mapped = want;
	heap_brk = old + incr;
	ret = (void *)old;
out:
	__retarget_lock_release(&heaplock);
	return ret;
}
ALIAS(sbrk);

char *__env[1] = { 0 };
char **environ = __env;
