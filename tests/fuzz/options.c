/*
 * options.c - fuzz target: the boot command line parser
 * (runtime/options.c, options_parse), string options ip=/gw= included.
 *
 * The input is the command line's bytes as a boot path carries them
 * (any bytes, NULs too, up to past the limit), its length the input's.
 * A fatal error is a correct answer to a bad line; what is checked is
 * what main would get otherwise: argv[0] the appliance's name, every
 * other argument a NUL-terminated string inside the parser's words[],
 * argv NULL-terminated, every integer option in its range, the string
 * options well formed, and goro_option answering for every option.
 * State is global (options, words[]), so each input starts from the
 * defaults saved at the first.
 */
#include "../../runtime/options.c"
#include "fuzz.h"

const char goro_appname[] = "fuzz-options";
struct memstats memstats;

static void *argv_mem;

void *SysAlloc(uintptr_t n, uint64_t *stat)
{
	(void)stat;
	free(argv_mem);
	argv_mem = calloc(1, n);
	return argv_mem;
}

static int in_words(const char *s)
{
	return s >= words && s < words + sizeof words;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct options defaults;
	static int saved;
	if (!saved)
		defaults = options, saved = 1;
	options = defaults;

	char *extra[] = { "x1", "x2" };
	int nextra = size > 0 ? data[0] % 3 : 0;
	int argc = -1;
	char **argv = NULL;
	if (FUZZ_TRY(argv = options_parse((const char *)data, size, nextra, extra, &argc)))
		return 0;
	FUZZ_CHECK(size <= CMDLINE_MAX - 1, "a command line of %zu bytes was taken", size);
	FUZZ_CHECK(argc >= 1 + nextra, "argc %d", argc);
	FUZZ_CHECK(argv[0] == goro_appname, "argv[0] is not the appliance's name");
	FUZZ_CHECK(argv[argc] == NULL, "argv[%d] is not NULL", argc);
	for (int i = 1; i < argc - nextra; i++) {
		FUZZ_CHECK(in_words(argv[i]), "argv[%d] points outside the command line", i);
		FUZZ_CHECK(memchr(argv[i], 0, words + sizeof words - argv[i]), "argv[%d] has no NUL", i);
	}
	for (int i = 0; i < nextra; i++)
		FUZZ_CHECK(argv[argc - nextra + i] == extra[i], "extra word %d", i);
	for (size_t i = 0; i < nelem(table); i++) {
		long v = load(&table[i]);
		FUZZ_CHECK(v >= table[i].min && v <= table[i].max, "%s=%ld", table[i].name, v);
		const char *t = goro_option(table[i].name);
		FUZZ_CHECK(t && strtol(t, NULL, 10) == v, "goro_option(%s)", table[i].name);
	}
	for (size_t i = 0; i < nelem(strtable); i++) {
		const char *v = *strfield(&strtable[i]);
		FUZZ_CHECK(v == NULL || (in_words(v) && strtable[i].check(v)), "%s= malformed", strtable[i].name);
		FUZZ_CHECK(goro_option(strtable[i].name) == v, "goro_option(%s)", strtable[i].name);
	}
	FUZZ_CHECK(!options.net_gw || options.net_ip, "gw= without ip=");
	return 0;
}
