/*
 * options.c - unit tests of the boot command line parser
 * (runtime/options.c): "name=value ... [-- arg ...]".
 *
 * Each case hands options_parse a command line as a boot path would
 * (its bytes and the length the boot path carried, and words of its
 * own to append) and checks main's argc and argv, every option's
 * value, and that bad input stops with the fatal error naming the
 * problem: an unknown option, a word that is not name=value, a value
 * out of range or not a number, an unterminated quote, a command line
 * over the limit. The string options (ip=, gw=) keep their value as
 * given, a malformed one is fatal, and goro_option reads every option
 * by name.
 */
#include "../../runtime/options.c"
#include "unit.h"

/* --- stubs ------------------------------------------------------------------- */

const char goro_appname[] = "unit-options";
struct memstats memstats;

/* SysAlloc: argv's array; kept, so the next case can free it (the sanitizer sees overruns). */
static void *argv_mem;
static uintptr_t argv_size;

void *SysAlloc(uintptr_t n, uint64_t *stat)
{
	EXPECT(stat == &memstats.other_sys, "SysAlloc for argv counted elsewhere than other_sys");
	free(argv_mem);
	argv_mem = calloc(1, n);
	argv_size = n;
	return argv_mem;
}

/* --- what the options are ------------------------------------------------------ */

/* Each option's field of struct options, read by its name in code. */
#define GETTER(f, name) static long get_##name(void) { return (long)options.f; }
GETTER(verbose, verbose)
GETTER(procs, procs)
GETTER(asyncpreemptoff, asyncpreemptoff)
GETTER(seed, seed)
GETTER(net, net)
GETTER(stack.debug, stackdebug)
GETTER(stack.fromsystem, stackfromsystem)
GETTER(stack.faultonfree, stackfaultonfree)
GETTER(stack.quarantine, stackquarantine)
GETTER(stack.copy, copystack)
GETTER(stack.max, maxstack)
GETTER(stack.printstats, stackstats)
GETTER(trace, trace)
GETTER(printmemstats, memstats)

/* Every option, as README.md documents it, in the table's order: a new one must be added here too. */
static const struct {
	const char *name;
	long def, min, max;
	long (*get)(void);
} want_options[] = {
	{ "verbose", 0, 0, 1, get_verbose },
	{ "procs", 0, 0, MAXCPU, get_procs },
	{ "asyncpreemptoff", 0, 0, 1, get_asyncpreemptoff },
	{ "seed", 0, 0, 0x7fffffffL, get_seed },
	{ "net", 1, 0, 1, get_net },
	{ "stackdebug", 0, 0, 4, get_stackdebug },
	{ "stackfromsystem", 0, 0, 1, get_stackfromsystem },
	{ "stackfaultonfree", 0, 0, 1, get_stackfaultonfree },
	{ "stackquarantine", 0, 0, 0x7fffffffL, get_stackquarantine },
	{ "copystack", 1, 0, 1, get_copystack },
	{ "maxstack", 0, 0, 0x7fffffffL, get_maxstack },
	{ "stackstats", 0, 0, 1, get_stackstats },
	{ "trace", 0, 0, 1, get_trace },
	{ "memstats", 0, 0, 1, get_memstats },
};
enum { NOPTIONS = nelem(want_options) };
_Static_assert(nelem(table) == NOPTIONS, "every option has its line in want_options");

static struct options defaults;         /* options as the program started */
static int argc;
static char **argv;

static void reset(void)
{
	options = defaults;
	argc = -1;
	argv = NULL;
}

/* parse: options_parse of the command line s, as long as it is, no extra words. */
static void parse(const char *s)
{
	argv_size = 0;
	argv = options_parse(s, s ? strlen(s) : 0, 0, NULL, &argc);
}

/* args_are: main gets argv[0] and the n words given, then NULL. */
static void args_are(int n, const char *const *want)
{
	REQUIRE(argc == n + 1, "argc %d, want %d", argc, n + 1);
	if (n + 2 <= (int)nelem(fewargs))
		REQUIRE(argv == fewargs && argv_size == 0, "argv of %d words is not the static one", n + 2);
	else
		REQUIRE(argv == argv_mem && argv_size == (uintptr_t)(n + 2) * sizeof *argv,
			"argv's array is %lu bytes for %d words", (unsigned long)argv_size, n + 2);
	EXPECT(argv[0] == goro_appname, "argv[0] is \"%s\", want the appliance's name", argv[0]);
	for (int i = 0; i < n; i++)
		REQUIRE(argv[i + 1] && strcmp(argv[i + 1], want[i]) == 0, "argv[%d] is \"%s\", want \"%s\"",
			i + 1, argv[i + 1] ? argv[i + 1] : "(null)", want[i]);
	EXPECT(argv[n + 1] == NULL, "argv[%d] is not NULL", n + 1);
}

#define ARGS(...) args_are(nelem(((const char *[]){ __VA_ARGS__ })), (const char *[]){ __VA_ARGS__ })
#define NOARGS() args_are(0, NULL)

/* values_are: every option has its default but the one given (id < 0: none). */
/* opt: the index of the option called name in want_options (and the table). */
static int opt(const char *name)
{
	for (int i = 0; i < NOPTIONS; i++)
		if (strcmp(want_options[i].name, name) == 0)
			return i;
	return -1;
}

static void values_are(int id, long v)
{
	for (int i = 0; i < NOPTIONS; i++) {
		long want = i == id ? v : want_options[i].def;
		EXPECT(want_options[i].get() == want, "option %s is %ld, want %ld", want_options[i].name,
		       want_options[i].get(), want);
	}
	EXPECT(options.net_ip == NULL && options.net_gw == NULL, "a string option is set: ip=%s gw=%s",
	       options.net_ip ? options.net_ip : "(none)", options.net_gw ? options.net_gw : "(none)");
}

/* --- cases ------------------------------------------------------------------------- */

static void defaults_and_table(void)
{
	for (int i = 0; i < NOPTIONS; i++) {
		EXPECT(table[i].name && strcmp(table[i].name, want_options[i].name) == 0,
		       "option %d is named %s, want %s", i, table[i].name ? table[i].name : "(none)",
		       want_options[i].name);
		EXPECT(table[i].min == want_options[i].min && table[i].max == want_options[i].max,
		       "option %s takes [%ld, %ld], want [%ld, %ld]", want_options[i].name, table[i].min,
		       table[i].max, want_options[i].min, want_options[i].max);
		EXPECT(table[i].help && *table[i].help, "option %s has no help line", want_options[i].name);
		EXPECT(table[i].off + table[i].size <= sizeof options, "option %s: its field is outside struct options",
		       want_options[i].name);
	}
	values_are(-1, 0);
}

static void empty_command_line(void)
{
	parse("");
	NOARGS();
	values_are(-1, 0);
	reset();
	parse(NULL);            /* a boot path without one */
	NOARGS();
	reset();
	argv = options_parse("verbose=1", 0, 0, NULL, &argc);  /* a length of 0: nothing read */
	NOARGS();
	reset();
	parse(" \t\r\n  ");
	NOARGS();
	values_are(-1, 0);
}

static void options_then_args(void)
{
	parse("verbose=1");
	NOARGS();
	values_are(opt("verbose"), 1);
	reset();
	parse("maxstack=65536 -- a b");
	ARGS("a", "b");
	values_are(opt("maxstack"), 65536);
	reset();
	parse("copystack=0 stackdebug=3");
	NOARGS();
	EXPECT(!options.stack.copy && options.stack.debug == 3, "two options");
	reset();
	parse("verbose=1 verbose=0");           /* the last one counts */
	values_are(-1, 0);
}

static void double_dash_splits(void)
{
	parse("--");
	NOARGS();
	reset();
	parse("-- verbose=1 --");               /* after "--" everything is main's, "--" too */
	ARGS("verbose=1", "--");
	values_are(-1, 0);
	reset();
	parse("--   a   --   b  ");
	ARGS("a", "--", "b");
	reset();
	parse("-- -- --");
	ARGS("--", "--");
	reset();
	parse("stackstats=1 --");
	NOARGS();
	values_are(opt("stackstats"), 1);
}

static void length_and_extra_words(void)
{
	argv = options_parse("verbose=1 -- a", 9, 0, NULL, &argc);     /* only the bytes carried count */
	NOARGS();
	values_are(opt("verbose"), 1);
	reset();
	argv = options_parse("stackstats=1\0-- a", 17, 0, NULL, &argc); /* and only up to a NUL */
	NOARGS();
	values_are(opt("stackstats"), 1);
	reset();
	argv = options_parse("verbose=1 -- a b", 16, 2, (char *[]){ "x", "y z" }, &argc);
	ARGS("a", "b", "x", "y z");             /* the extra words after the command line's */
	reset();
	argv = options_parse("", 0, 1, (char *[]){ "--" }, &argc);
	ARGS("--");                             /* extra words are never options */
	reset();
	argv = options_parse("-- a", 4, -3, NULL, &argc);
	ARGS("a");                              /* a negative count is none */
}

static void whitespace_separates(void)
{
	parse("\tverbose=1\n--\ra\t\tb\n\nc\r\n");
	ARGS("a", "b", "c");
	values_are(opt("verbose"), 1);
}

static void quotes_group(void)
{
	parse("-- \"two words\" x");
	ARGS("two words", "x");
	reset();
	parse("-- \"\" x \"\"");                /* an empty word is a word */
	ARGS("", "x", "");
	reset();
	parse("-- a\"b c\"d \"e\"\"f\" \"\t\n\"");
	ARGS("ab cd", "ef", "\t\n");
	reset();
	parse("\"verbose=1\" stackdebug=\"2\" -- \"--\"");
	ARGS("--");
	EXPECT(options.verbose == 1 && options.stack.debug == 2, "quoted options");
	reset();
	parse("-- \"a -- b\"");
	ARGS("a -- b");
	reset();
	EXPECT_FATAL(parse("-- \"abc"), "command line has an unterminated '\"'");
	reset();
	EXPECT_FATAL(parse("-- a\"b c"), "command line has an unterminated '\"'");
	reset();
	EXPECT_FATAL(parse("verbose=\"1"), "command line has an unterminated '\"'");
}

static void unknown_option(void)
{
	EXPECT_FATAL(parse("nosuch=1 -- x"), "unknown runtime option 'nosuch'");
	reset();
	EXPECT_FATAL(parse("verbose=1 Verbose=1"), "unknown runtime option 'Verbose'");
	reset();
	EXPECT_FATAL(parse("verbos=1"), "unknown runtime option 'verbos'");
	reset();
	EXPECT_FATAL(parse("verbosee=1"), "unknown runtime option 'verbosee'");
	reset();
	EXPECT_FATAL(parse("=1"), "unknown runtime option ''");
	reset();
	EXPECT_FATAL(parse("--verbose=1"), "unknown runtime option '--verbose'");
	reset();
	EXPECT_FATAL(parse("--x=1 -- a"), "unknown runtime option '--x'");
}

static void not_name_value(void)
{
	EXPECT_FATAL(parse("verbose"),
		     "runtime option 'verbose' is not name=value (arguments for main go after '--')");
	reset();
	EXPECT_FATAL(parse("a -- b"), "runtime option 'a' is not name=value (arguments for main go after '--')");
	reset();
	EXPECT_FATAL(parse("verbose=1 x"), "runtime option 'x' is not name=value (arguments for main go after '--')");
	reset();
	EXPECT_FATAL(parse("verbose=1--"), "runtime option verbose=1--: want a number in [0, 1]");   /* not a lone "--" */
	reset();
	EXPECT_FATAL(parse("-x"), "runtime option '-x' is not name=value (arguments for main go after '--')");
	reset();
	EXPECT_FATAL(parse("---"), "runtime option '---' is not name=value (arguments for main go after '--')");
	reset();
	EXPECT_FATAL(parse("\"\""), "runtime option '' is not name=value (arguments for main go after '--')");
}

/* Each option: its bounds are taken, one past them is a fatal error naming them. */
static void bounds_of_every_option(void)
{
	char line[128];
	for (int i = 0; i < NOPTIONS; i++) {
		const char *name = want_options[i].name;
		long min = want_options[i].min, max = want_options[i].max;
		long ok[] = { min, max, (min + max) / 2 };
		for (size_t k = 0; k < nelem(ok); k++) {
			reset();
			snprintf(line, sizeof line, "%s=%ld", name, ok[k]);
			parse(line);
			values_are(i, ok[k]);
			reset();
			snprintf(line, sizeof line, "%s=%#lx", name, (unsigned long)ok[k]);
			parse(line);
			values_are(i, ok[k]);
		}
		long bad[] = { min - 1, max + 1 };
		for (size_t k = 0; k < nelem(bad); k++) {
			reset();
			snprintf(line, sizeof line, "%s=%ld", name, bad[k]);
			EXPECT_FATAL(parse(line), "runtime option %s=%ld: want a number in [%ld, %ld]", name, bad[k], min, max);
			values_are(-1, 0);
		}
	}
}

static void number_syntax(void)
{
	static const struct {
		const char *value;
		long want;              /* -1: not a number */
	} cases[] = {
		{ "0", 0 }, { "00", 0 }, { "0001", 1 }, { "010", 10 },  /* decimal, never octal */
		{ "0x10", 16 }, { "0X10", 16 }, { "0xaBcD", 0xabcd }, { "0x0", 0 }, { "0x7fffffff", 0x7fffffff },
		{ "2147483647", 2147483647 }, { "-0", 0 },
		{ "", -1 }, { "-", -1 }, { "0x", -1 }, { "-0x", -1 }, { "x10", -1 }, { "1x", -1 }, { "1 ", -1 },
		{ "+1", -1 }, { "1.0", -1 }, { "1e3", -1 }, { "0x1g", -1 }, { "ten", -1 }, { "0b1", -1 },
		{ "1=1", -1 }, { "-1", -1 }, { "-0x1", -1 }, { "2147483648", -1 }, { "0x80000000", -1 },
		{ "4294967296", -1 }, { "0x100000000", -1 },
		{ "9223372036854775807", -1 }, { "9223372036854775808", -1 }, { "9223372036854775809", -1 },
		{ "18446744073709551615", -1 }, { "18446744073709551616", -1 }, { "99999999999999999999", -1 },
		{ "0x7fffffffffffffff", -1 }, { "0x8000000000000000", -1 }, { "0xffffffffffffffff", -1 },
		{ "0x10000000000000000", -1 },
		{ "-9223372036854775807", -1 }, { "-9223372036854775808", -1 }, { "-9223372036854775809", -1 },
		{ "-18446744073709551615", -1 },
	};
	char line[128];
	for (size_t i = 0; i < nelem(cases); i++) {
		reset();
		/* Quoted, so a space in the value stays in it. */
		snprintf(line, sizeof line, "\"maxstack=%s\"", cases[i].value);
		if (cases[i].want >= 0) {
			parse(line);
			EXPECT(options.stack.max == (uintptr_t)cases[i].want, "maxstack=%s gives %lu, want %ld",
			       cases[i].value, (unsigned long)options.stack.max, cases[i].want);
		} else {
			EXPECT_FATAL(parse(line), "runtime option maxstack=%s: want a number in [0, 2147483647]",
				     cases[i].value);
			EXPECT(options.stack.max == 0, "a bad maxstack=%s changed it", cases[i].value);
		}
	}
}

/* ip= and gw=: the value as given, kept; malformed ones stop the boot naming what is wanted. */
static void string_options(void)
{
	static const char *const good_ip[] = { "10.0.2.20/24", "0.0.0.0/1", "255.255.255.255/32", "192.168.100.2/16" };
	static const char *const bad_ip[] = {
		"", "10.0.2.20", "10.0.2/24", "10.0.2.20/", "10.0.2.20/0", "10.0.2.20/33", "10.0.2.256/24",
		"10.0.2.20/24x", "10.0.2.20.1/24", "a.b.c.d/8", "10..2.20/24", "1000.0.2.20/24", "10.0.2.20/024", "10.0.2.010/24", "10.00.2.20/24", "10.0.2.20/08",
		"-10.0.2.20/24", " 10.0.2.20/24", "10.0.2.20/24 ",
	};
	static const char *const bad_gw[] = { "", "10.0.2", "10.0.2.2/24", "10.0.2.300", "gw", "10.0.2.2.", "10.0.2.2 ", "10.0.2.02" };
	char line[128];
	EXPECT(nelem(strtable) == 2 && strcmp(strtable[0].name, "ip") == 0 && strcmp(strtable[1].name, "gw") == 0,
	       "the string options are ip and gw");
	for (size_t i = 0; i < nelem(strtable); i++)
		EXPECT(strtable[i].help && *strtable[i].help && strtable[i].want && *strtable[i].want,
		       "option %s has no help line or no syntax to name", strtable[i].name);
	for (size_t i = 0; i < nelem(good_ip); i++) {
		reset();
		snprintf(line, sizeof line, "ip=%s -- x", good_ip[i]);
		parse(line);
		EXPECT(options.net_ip && strcmp(options.net_ip, good_ip[i]) == 0, "ip=%s kept as %s", good_ip[i],
		       options.net_ip ? options.net_ip : "(none)");
		EXPECT(options.net_gw == NULL, "ip=%s set gw", good_ip[i]);
		ARGS("x");
	}
	for (size_t i = 0; i < nelem(bad_ip); i++) {
		reset();
		snprintf(line, sizeof line, "\"ip=%s\"", bad_ip[i]);
		EXPECT_FATAL(parse(line), "runtime option ip=%s: want an IPv4 address and prefix length, A.B.C.D/N with N in [1, 32]",
			     bad_ip[i]);
	}
	reset();
	parse("ip=10.0.2.20/24 gw=10.0.2.2 verbose=1");
	EXPECT(options.net_gw && strcmp(options.net_gw, "10.0.2.2") == 0, "gw= kept");
	EXPECT(options.verbose == 1, "an option after the string ones");
	reset();
	parse("ip=10.0.2.20/24 ip=10.0.2.21/8");
	EXPECT(options.net_ip && strcmp(options.net_ip, "10.0.2.21/8") == 0, "the last ip= wins");
	for (size_t i = 0; i < nelem(bad_gw); i++) {
		reset();
		snprintf(line, sizeof line, "ip=10.0.2.20/24 \"gw=%s\"", bad_gw[i]);
		EXPECT_FATAL(parse(line), "runtime option gw=%s: want an IPv4 address, A.B.C.D", bad_gw[i]);
	}
	reset();
	EXPECT_FATAL(parse("gw=10.0.2.2 -- x"), "runtime option gw=10.0.2.2 needs ip=A.B.C.D/N (with DHCP the server names the gateway)");
	reset();
	EXPECT_FATAL(parse("Ip=10.0.2.20/24"), "unknown runtime option 'Ip'");
}

/* goro_option: integers as decimal text, given or default; strings as given or NULL; no option, NULL. */
static void goro_option_reads(void)
{
	reset();
	parse("verbose=1 net=0x0 maxstack=0x100 ip=10.0.2.20/24 -- a");
	EXPECT(strcmp(goro_option("verbose"), "1") == 0, "verbose is \"%s\"", goro_option("verbose"));
	EXPECT(strcmp(goro_option("net"), "0") == 0, "net is \"%s\"", goro_option("net"));
	EXPECT(strcmp(goro_option("maxstack"), "256") == 0, "maxstack is \"%s\"", goro_option("maxstack"));
	EXPECT(strcmp(goro_option("copystack"), "1") == 0, "copystack (default) is \"%s\"", goro_option("copystack"));
	EXPECT(strcmp(goro_option("seed"), "0") == 0, "seed (default) is \"%s\"", goro_option("seed"));
	EXPECT(goro_option("ip") && strcmp(goro_option("ip"), "10.0.2.20/24") == 0, "ip");
	EXPECT(goro_option("gw") == NULL, "gw not given is NULL");
	EXPECT(goro_option("nosuch") == NULL && goro_option("") == NULL && goro_option("a") == NULL,
	       "a name that is no option is NULL");
	options.stack.max = 12345;      /* a default filled in later (stack_init) is not what was given */
	EXPECT(strcmp(goro_option("maxstack"), "256") == 0, "maxstack after a change is \"%s\"",
	       goro_option("maxstack"));
	reset();
	parse("stackquarantine=2147483647");
	EXPECT(strcmp(goro_option("stackquarantine"), "2147483647") == 0, "stackquarantine is \"%s\"",
	       goro_option("stackquarantine"));
	EXPECT(strcmp(goro_option("net"), "1") == 0, "net (default) is \"%s\"", goro_option("net"));
	EXPECT(strcmp(goro_option("verbose"), "0") == 0, "verbose back to \"%s\"", goro_option("verbose"));
}

static void command_line_not_changed(void)
{
	static char line[] = "verbose=1 \"x\" -- \"a b\" c";
	const char *s = "verbose=1 \"x\" -- \"a b\" c";
	EXPECT_FATAL(parse(line), "runtime option 'x' is not name=value *");
	EXPECT(strcmp(line, s) == 0, "options_parse changed the boot's command line to \"%s\"", line);
	reset();
	static char line2[] = "stackdebug=1 -- \"a b\" c";
	s = "stackdebug=1 -- \"a b\" c";
	parse(line2);
	ARGS("a b", "c");
	EXPECT(strcmp(line2, s) == 0, "options_parse changed the boot's command line to \"%s\"", line2);
	parse("-- d");                          /* a second parse starts afresh */
	ARGS("d");
}

static char big[CMDLINE_MAX + 2];

static void longest_command_line(void)
{
	/* "-- " and one word of x's: CMDLINE_MAX - 1 bytes in all. */
	memset(big, 'x', CMDLINE_MAX - 1);
	memcpy(big, "-- ", 3);
	big[CMDLINE_MAX - 1] = 0;
	parse(big);
	REQUIRE(argc == 2 && strlen(argv[1]) == CMDLINE_MAX - 4 && strspn(argv[1], "x") == CMDLINE_MAX - 4,
		"a %d-byte command line: argc %d, argv[1] %zu bytes", CMDLINE_MAX - 1, argc,
		argc == 2 ? strlen(argv[1]) : 0);
	values_are(-1, 0);
	/* One byte more: the boot stops naming the limit. */
	reset();
	memset(big, 'x', CMDLINE_MAX);
	memcpy(big, "-- ", 3);
	big[CMDLINE_MAX] = 0;
	EXPECT_FATAL(parse(big), "command line is %d bytes, longer than the %d-byte limit", CMDLINE_MAX,
		     CMDLINE_MAX - 1);
	/* A boot path that carried far more than it kept. */
	reset();
	EXPECT_FATAL(options_parse("verbose=1", 1ull << 40, 0, NULL, &argc),
		     "command line is 1099511627776 bytes, longer than the %d-byte limit", CMDLINE_MAX - 1);
}

/* words_of: "-- w0 w1 ..." with n words, and their texts for ARGS. */
static void words_of(int n, char *line, char texts[][4], const char **want)
{
	char *w = line + sprintf(line, "--");
	for (int i = 0; i < n; i++) {
		sprintf(texts[i], "w%d", i);
		want[i] = texts[i];
		w += sprintf(w, " %s", texts[i]);
	}
}

/* argv with fewer than 32 entries is the static array; with 32 or more, pages of its own (SysAlloc). */
static void arguments_either_side_of_static(void)
{
	static char line[256], texts[40][4];
	const char *want[40];
	for (int n = 28; n <= 40; n++) {
		reset();
		words_of(n, line, texts, want);
		parse(line);
		args_are(n, want);
	}
}

static void most_arguments(void)
{
	/* "-- a a a ...": as many one-byte words as fit, each a different letter. */
	size_t n = 0;
	big[n++] = '-', big[n++] = '-';
	int words = 0;
	while (n + 2 <= CMDLINE_MAX - 1) {
		big[n++] = ' ';
		big[n++] = 'a' + words % 26;
		words++;
	}
	big[n] = 0;
	parse(big);
	REQUIRE(argc == words + 1, "argc %d for %d words", argc, words);
	REQUIRE(argv_size == (uintptr_t)(words + 2) * sizeof *argv, "argv's array for %d words is %lu bytes",
		words, (unsigned long)argv_size);
	for (int i = 0; i < words; i++)
		REQUIRE(argv[i + 1][0] == 'a' + i % 26 && argv[i + 1][1] == 0, "argv[%d] is \"%s\"", i + 1, argv[i + 1]);
	EXPECT(argv[words + 1] == NULL, "argv[argc] is not NULL");
	EXPECT(words == (CMDLINE_MAX - 3) / 2, "%d words", words);
	/* And as many options. */
	reset();
	n = 0;
	int opts = 0;
	while (n + 10 <= CMDLINE_MAX - 1) {
		memcpy(big + n, "verbose=1 ", 10);
		n += 10;
		opts++;
	}
	memcpy(big + n - 1, "\0", 1);
	parse(big);
	NOARGS();
	values_are(opt("verbose"), 1);
}

int main(void)
{
	unit_init();
	defaults = options;
	unit_reset = reset;
	unit_run("defaults-and-table", defaults_and_table);
	unit_run("empty-command-line", empty_command_line);
	unit_run("options-then-args", options_then_args);
	unit_run("double-dash-splits", double_dash_splits);
	unit_run("length-and-extra-words", length_and_extra_words);
	unit_run("whitespace-separates", whitespace_separates);
	unit_run("quotes-group", quotes_group);
	unit_run("unknown-option", unknown_option);
	unit_run("not-name-value", not_name_value);
	unit_run("bounds-of-every-option", bounds_of_every_option);
	unit_run("number-syntax", number_syntax);
	unit_run("string-options", string_options);
	unit_run("goro-option", goro_option_reads);
	unit_run("command-line-not-changed", command_line_not_changed);
	unit_run("longest-command-line", longest_command_line);
	unit_run("arguments-either-side-of-static", arguments_either_side_of_static);
	unit_run("most-arguments", most_arguments);
	free(argv_mem);
	return unit_done();
}
