/*
 * kernel.h - the kernel's own services, usable without libc.
 *
 * The runtime and kernel never call newlib: they print with kprintf,
 * stop with fatal/kexit, and report faults with fault_report. Newlib
 * is for appliances only (its system calls are in kernel/syscalls.c).
 */
#ifndef GORO_KERNEL_H
#define GORO_KERNEL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define nelem(a) (sizeof(a) / sizeof((a)[0]))

/* Console output: bytes go to the UART, "\n" becomes "\r\n". */
void console_write(const char *s, size_t n);
void console_puts(const char *s);

/*
 * kprintf: %d %i %u %x %X %o %p %s %c %%, flags '-' '0', width,
 * length modifiers hh h l ll z j t. No floating point.
 */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Exit statuses the kernel itself uses. */
enum {
	EXIT_FATAL = 2,         /* fatal runtime error or unhandled fault */
};

/* kexit flushes nothing and powers off with status. */
_Noreturn void kexit(int status);

/*
 * begin_fatal starts a fatal report: a second one (a fault while
 * reporting) prints one line and powers off instead of recursing.
 */
void begin_fatal(void);

/* appexit ends the appliance with status the way exit() does (stdio flushed). */
_Noreturn void appexit(int status);

/* fatal prints "fatal error: <msg>" and exits with status 2. */
_Noreturn void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * What an architecture knows about a trap it cannot handle. addr and
 * access are meaningful only when has_addr is set (page faults, data
 * and prefetch aborts).
 */
struct faultinfo {
	const char *name;       /* "page fault", "undefined instruction", ... */
	int vector;             /* CPU exception number, or -1 */
	uintptr_t pc, sp;
	int has_addr;
	uintptr_t addr;         /* faulting data/instruction address */
	const char *access;     /* "read", "write", "execute", or NULL */
	const char *detail;     /* extra decoded cause (e.g. "not present"), or NULL */
};

/*
 * fault_report prints the one report for an unhandled trap and exits 2:
 *   fatal error: unhandled trap: <name> (vector N)
 *   pc=0x... sp=0x...
 *   fault address=0x... (<access>[, detail])
 *   <registers from arch_dumpregs>
 *   <traceback of the trapped code>
 */
struct trapframe;
_Noreturn void fault_report(const struct faultinfo *fi, const struct trapframe *tf);

/* Runtime options (kernel/options.c), parsed from the command line. */
struct bootinfo;
void options_parse(struct bootinfo *bi, int *argcp, char ***argvp);
/* The options, by name in code: a misspelt one is a compile error, not a boot failure. */
enum option_id {
	OPT_VERBOSE,
	OPT_STACKDEBUG,
	OPT_STACKFROMSYSTEM,
	OPT_STACKFAULTONFREE,
	OPT_STACKQUARANTINE,
	OPT_COPYSTACK,
	OPT_MAXSTACK,
	OPT_STACKSTATS,
	NOPTIONS
};
long option_int(enum option_id id);     /* the option's value (its default if the command line had none) */

/*
 * The kernel image, from linker/<arch>.ld; each boundary is page-aligned.
 * [text_start, etext) text, [rodata_start, erodata) read-only data,
 * [data_start, edata) data, [bss_start, ebss) bss, [ebss, end) the
 * function table for tracebacks (kernel/symtab.h); the image is
 * [kernel_start, end).
 */
extern char kernel_start[], text_start[], etext[], rodata_start[], erodata[];
extern char data_start[], edata[], bss_start[], ebss[], end[];

/* The appliance's name, argv[0], set by the build. */
extern const char goro_appname[];

#endif
