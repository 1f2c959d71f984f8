/*
 * options.c - the boot command line: runtime options, then main's argv.
 *
 *   name=value ... [-- arg1 arg2 ...]
 *
 * Words before a lone "--" are runtime options; an unknown name, a word
 * without '=', or a value out of range stops the boot with a fatal
 * error naming the word. Words after "--" become argv[1..]; argv[0] is
 * the appliance's name. Double quotes group words ("a b" is one word).
 * The command line may be CMDLINE_MAX - 1 bytes long (a longer one is
 * a fatal error naming the limit); main gets as many arguments as fit.
 * Most options are integers, each a field of struct options (runtime.h):
 * the table below names it, with its range and a line of help, and the
 * parser stores into the field, so code reads options.stack.debug and
 * a misspelt name there fails the build. A few are strings (the
 * network's addresses): their field keeps a pointer to the value in
 * the parsed command line, and a syntax check of their own stops the
 * boot on a malformed value, as a number out of range does. Code above
 * goro.h reads any option by name with goro_option.
 */
#include <stddef.h>
#include "goro.h"
#include "machine.h"
#include "runtime.h"

/* The defaults: what a field holds until the command line sets it. */
struct options options = {
	.net = 1,
	.stack = { .copy = true },
};

struct option {
	const char *name;
	size_t off, size;       /* the field of struct options */
	long min, max;
	const char *help;
};

#define FIELD(f)        offsetof(struct options, f), sizeof(((struct options *)0)->f)

static const struct option table[] = {
	{ "verbose", FIELD(verbose), 0, 1, "print the boot information before main" },
	{ "procs", FIELD(procs), 0, MAXCPU, "CPUs that run the runtime, Go's GOMAXPROCS (0: every CPU the machine has)" },
	{ "asyncpreemptoff", FIELD(asyncpreemptoff), 0, 1, "1: a goroutine is preempted only at a function's prologue, never between any two instructions" },
	{ "seed", FIELD(seed), 0, 0x7fffffffL, "the random seed select and the scheduler draw from (0: from the machine, different each run)" },
	{ "net", FIELD(net), 0, 1, "0: the network stack brings up no interface on the network card, only loopback" },
	{ "stackdebug", FIELD(stack.debug), 0, 4, "log stack moves: 1 per stack, 2 per frame, 3 per word updated, 4 per word read" },
	{ "stackfromsystem", FIELD(stack.fromsystem), 0, 1, "every stack straight from SysAlloc (page-rounded), freed with SysFree" },
	{ "stackfaultonfree", FIELD(stack.faultonfree), 0, 1, "old stacks are SysFault'ed (a stale pointer faults) and reused only past stackquarantine" },
	{ "stackquarantine", FIELD(stack.quarantine), 0, 0x7fffffffL, "stackfaultonfree: bytes of freed stacks kept faulting (0: a quarter of the stack region, at most 256 MiB)" },
	{ "copystack", FIELD(stack.copy), 0, 1, "0: stacks never move: running out of stack is a fatal report" },
	{ "maxstack", FIELD(stack.max), 0, 0x7fffffffL, "largest goroutine stack in bytes (0: 1 GiB on amd64, 256 MiB on 32-bit)" },
	{ "stackstats", FIELD(stack.printstats), 0, 1, "print stack statistics at exit" },
	{ "trace", FIELD(trace), 0, 1, "record scheduler events per CPU and print them at exit (docs/trace.md)" },
	{ "memstats", FIELD(printmemstats), 0, 1, "print the memory figures at exit: page frames, stacks, goroutines, runtime records, C heap, network pools" },
};

/*
 * The string options: the field holds a pointer into words[] (NULL
 * until given); check says whether a value is well formed, and want
 * says what is, for the fatal error.
 */
struct stroption {
	const char *name;
	size_t off;             /* a const char * of struct options */
	int (*check)(const char *v);
	const char *want;
	const char *help;
};

static int check_ipv4(const char *v);
static int check_ipv4_prefix(const char *v);

static const struct stroption strtable[] = {
	{ "ip", offsetof(struct options, net_ip), check_ipv4_prefix,
	  "an IPv4 address and prefix length, A.B.C.D/N with N in [1, 32]",
	  "the network card's static IPv4 address and prefix length (without it: DHCP)" },
	{ "gw", offsetof(struct options, net_gw), check_ipv4, "an IPv4 address, A.B.C.D",
	  "with ip=: the default gateway's IPv4 address" },
};

/*
 * dec: parses a decimal number up to max at *s, advancing *s; -1 if
 * there is none, or it has a leading zero (inet_aton would read 010 as
 * octal 8: such an address means two things, so it is refused).
 */
static long dec(const char **s, long max)
{
	long v = 0;
	int n = 0;
	for (; **s >= '0' && **s <= '9'; (*s)++, n++) {
		if (n == 3 || (n == 1 && v == 0))
			return -1;
		v = v * 10 + (**s - '0');
	}
	return n == 0 || v > max ? -1 : v;
}

/* ipv4: skips a dotted quad A.B.C.D at *s (each 0-255); 0 if there is none. */
static int ipv4(const char **s)
{
	for (int i = 0; i < 4; i++) {
		if (i > 0 && *(*s)++ != '.')
			return 0;
		if (dec(s, 255) < 0)
			return 0;
	}
	return 1;
}

static int check_ipv4(const char *v)
{
	return ipv4(&v) && !*v;
}

static int check_ipv4_prefix(const char *v)
{
	if (!ipv4(&v) || *v++ != '/')
		return 0;
	return dec(&v, 32) >= 1 && !*v;
}

/* store puts v (in o's range) into o's field, whatever its integer type. */
static void store(const struct option *o, long v)
{
	char *p = (char *)&options + o->off;
	if (o->size == sizeof(bool))
		*(bool *)p = v != 0;
	else if (o->size == sizeof(int))
		*(int *)p = (int)v;
	else if (o->size == sizeof(long))
		*(long *)p = v;
	else
		fatal("runtime option %s: a field of %u bytes", o->name, (unsigned)o->size);
}

static NOINIT char words[CMDLINE_MAX];  /* the command line, split in place (copied in before it is read) */

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static const struct option *lookup(const char *name)
{
	for (size_t i = 0; i < nelem(table); i++)
		if (streq(table[i].name, name))
			return &table[i];
	return NULL;
}

static const struct stroption *strlookup(const char *name)
{
	for (size_t i = 0; i < nelem(strtable); i++)
		if (streq(strtable[i].name, name))
			return &strtable[i];
	return NULL;
}

static const char **strfield(const struct stroption *o)
{
	return (const char **)((char *)&options + o->off);
}

/* Parses a decimal or 0x-hex long; returns 0 if s is not entirely a number. */
static int parse_long(const char *s, long *out)
{
	int neg = 0, base = 10, any = 0;
	unsigned long v = 0;
	if (*s == '-')
		neg = 1, s++;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16, s += 2;
	for (; *s; s++, any = 1) {
		int d;
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return 0;
		if (v > (~0UL >> 1) / base)
			return 0;
		v = v * base + d;
	}
	*out = neg ? (long)-v : (long)v;        /* negated unsigned: the most negative long does not overflow */
	return any;
}

static void set_option(char *word)
{
	char *eq = word;
	while (*eq && *eq != '=')
		eq++;
	if (!*eq)
		fatal("runtime option '%s' is not name=value (arguments for main go after '--')", word);
	*eq = 0;
	const struct stroption *so = strlookup(word);
	if (so) {
		if (!so->check(eq + 1))
			fatal("runtime option %s=%s: want %s", word, eq + 1, so->want);
		*strfield(so) = eq + 1;
		return;
	}
	const struct option *o = lookup(word);
	if (!o)
		fatal("unknown runtime option '%s'", word);
	long v;
	if (!parse_long(eq + 1, &v) || v < o->min || v > o->max)
		fatal("runtime option %s=%s: want a number in [%ld, %ld]", word, eq + 1, o->min, o->max);
	store(o, v);
}

/*
 * Splits words[] in place into NUL-terminated words that follow one
 * another from words[0]; returns how many (an empty "" is a word).
 */
static int split(void)
{
	int n = 0;
	char *r = words, *w = words;
	for (;;) {
		while (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r')
			r++;
		if (!*r)
			return n;
		n++;
		int quoted = 0;
		for (; *r; r++) {
			if (*r == '"')
				quoted = !quoted;
			else if (!quoted && (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r'))
				break;
			else
				*w++ = *r;
		}
		if (quoted)
			fatal("command line has an unterminated '\"'");
		int end = !*r;
		*w++ = 0;
		if (end)
			return n;
		r++;
		/* w never passes r, so splitting in place is safe. */
	}
}

/* next_word: the word after w in words[], as split left them. */
static char *next_word(char *w)
{
	while (*w)
		w++;
	return w + 1;
}

/*
 * The integer options as the command line left them (before any code
 * filled in a default, as stack_init does maxstack's), for goro_option:
 * copied once parsed, formatted as text only when asked, into inttext
 * under textlock (two CPUs may ask at once).
 */
static struct options parsed;
static char inttext[nelem(table)][24];
static struct spinlock textlock;

/* load: the parsed value of o's field, whatever its integer type. */
static long load(const struct option *o)
{
	const char *p = (const char *)&parsed + o->off;
	if (o->size == sizeof(bool))
		return *(const bool *)p;
	if (o->size == sizeof(int))
		return *(const int *)p;
	return *(const long *)p;
}

/* text: o's parsed value as decimal text, in its own buffer. */
static const char *text(const struct option *o)
{
	char tmp[24], *t = tmp;
	unsigned long v = (unsigned long)load(o);    /* every range is >= 0 */
	do
		*t++ = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	spin_lock(&textlock);
	char *w = inttext[o - table];
	while (t > tmp)
		*w++ = *--t;
	*w = 0;
	spin_unlock(&textlock);
	return inttext[o - table];
}

/* goro_option: as goro.h says. */
const char *goro_option(const char *name)
{
	const struct stroption *so = strlookup(name);
	if (so)
		return *strfield(so);
	const struct option *o = lookup(name);
	return o ? text(o) : NULL;
}

/* main's argv when it has fewer than 32 entries; a longer one takes pages of its own. */
static char *fewargs[32];

char **options_parse(const char *cmdline, uint64_t len, int nextra, char **extra, int *argcp)
{
	if (len > CMDLINE_MAX - 1)
		fatal("command line is %llu bytes, longer than the %d-byte limit",
		      (unsigned long long)len, CMDLINE_MAX - 1);
	int n = 0, k = 0;
	char *w = words;
	if (len > 0 && cmdline[0]) {    /* the usual boot has none: nothing to copy or split */
		uint64_t i;
		for (i = 0; i < len && cmdline[i]; i++)
			words[i] = cmdline[i];
		words[i] = 0;
		n = split();
		for (; k < n && !streq(w, "--"); k++) {
			char *next = next_word(w);     /* before set_option cuts w at its '=' */
			set_option(w);
			w = next;
		}
		if (options.net_gw && !options.net_ip)
			fatal("runtime option gw=%s needs ip=A.B.C.D/N (with DHCP the server names the gateway)",
			      options.net_gw);
	}
	parsed = options;
	/* argv[0], the words after "--", the extra words, NULL. */
	int nwords = k < n ? n - k - 1 : 0;
	if (nextra < 0)
		nextra = 0;
	int argc = 1 + nwords + nextra;
	char **argv = argc < (int)nelem(fewargs) ? fewargs
		: SysAlloc((uintptr_t)(argc + 1) * sizeof *argv, &memstats.other_sys);
	argv[0] = (char *)goro_appname;
	for (int a = 1; a <= nwords; a++) {
		w = next_word(w);
		argv[a] = w;
	}
	for (int a = 0; a < nextra; a++)
		argv[1 + nwords + a] = extra[a];
	argv[argc] = NULL;
	*argcp = argc;
	return argv;
}
