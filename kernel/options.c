/*
 * options.c - the boot command line: runtime options, then main's argv.
 *
 *   name=value ... [-- arg1 arg2 ...]
 *
 * Words before a lone "--" are runtime options; an unknown name, a word
 * without '=', or a value out of range stops the boot with a fatal
 * error naming the word. Words after "--" become argv[1..]; argv[0] is
 * the appliance's name. Double quotes group words ("a b" is one word).
 * The command line may be BOOT_CMDLINE - 1 bytes long (a longer one is
 * a fatal error naming the limit); main gets as many arguments as fit.
 * Options are integers for now; each one is declared in the table below
 * with its range and a line of help under its enum option_id (kernel.h),
 * and read with option_int(OPT_...).
 */
#include "bootinfo.h"
#include "kernel.h"
#include "malloc.h"

struct option {
	const char *name;
	long value;             /* default until the command line sets it */
	long min, max;
	const char *help;
};

static struct option options[] = {
	[OPT_VERBOSE] = { "verbose", 0, 0, 1, "print the boot information before main" },
	[OPT_STACKDEBUG] = { "stackdebug", 0, 0, 4, "log stack moves: 1 per stack, 2 per frame, 3 per word updated, 4 per word read" },
	[OPT_STACKFROMSYSTEM] = { "stackfromsystem", 0, 0, 1, "every stack straight from SysAlloc (page-rounded), freed with SysFree" },
	[OPT_STACKFAULTONFREE] = { "stackfaultonfree", 0, 0, 1, "old stacks are SysFault'ed (a stale pointer faults) and reused only past stackquarantine" },
	[OPT_STACKQUARANTINE] = { "stackquarantine", 0, 0, 0x7fffffffL, "stackfaultonfree: bytes of freed stacks kept faulting (0: a quarter of the stack region)" },
	[OPT_COPYSTACK] = { "copystack", 1, 0, 1, "0: stacks never move: running out of stack is a fatal report" },
	[OPT_MAXSTACK] = { "maxstack", 0, 0, 0x7fffffffL, "largest goroutine stack in bytes (0: 1 GiB on amd64, 256 MiB on 32-bit)" },
	[OPT_STACKSTATS] = { "stackstats", 0, 0, 1, "print stack statistics at exit" },
};
_Static_assert(sizeof options / sizeof options[0] == NOPTIONS, "every option_id has an entry");

static char words[BOOT_CMDLINE];        /* the command line, split in place */

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static struct option *lookup(const char *name)
{
	for (size_t i = 0; i < nelem(options); i++)
		if (streq(options[i].name, name))
			return &options[i];
	return NULL;
}

long option_int(enum option_id id)
{
	if ((unsigned)id >= NOPTIONS || !options[id].name)
		fatal("option_int: no runtime option %d", (int)id);
	return options[id].value;
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
	*out = neg ? -(long)v : (long)v;
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
	struct option *o = lookup(word);
	if (!o)
		fatal("unknown runtime option '%s'", word);
	long v;
	if (!parse_long(eq + 1, &v) || v < o->min || v > o->max)
		fatal("runtime option %s=%s: want a number in [%ld, %ld]", word, eq + 1, o->min, o->max);
	o->value = v;
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

void options_parse(struct bootinfo *bi, int *argcp, char ***argvp)
{
	if (bi->cmdlinelen > BOOT_CMDLINE - 1)
		fatal("command line is %llu bytes, longer than the %d-byte limit",
		      (unsigned long long)bi->cmdlinelen, BOOT_CMDLINE - 1);
	__builtin_memcpy(words, bi->cmdline, sizeof words);
	words[sizeof words - 1] = 0;
	int n = split();
	char *w = words;
	int i = 0;
	for (; i < n && !streq(w, "--"); i++) {
		char *next = next_word(w);     /* before set_option cuts w at its '=' */
		set_option(w);
		w = next;
	}
	/* argv[0], the words after "--", NULL: at most one word per two bytes of command line. */
	int argc = 1 + (i < n ? n - i - 1 : 0);
	char **argv = SysAlloc((uintptr_t)(argc + 1) * sizeof *argv, &mstats.other_sys);
	argv[0] = (char *)goro_appname;
	for (int a = 1; a < argc; a++) {
		w = next_word(w);
		argv[a] = w;
	}
	argv[argc] = NULL;
	*argcp = argc;
	*argvp = argv;
}
