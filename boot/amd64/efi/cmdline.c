/*
 * cmdline.c - where the kernel's command line comes from.
 *
 * Two sources, first non-empty wins: the image's load options (UCS-2
 * text, set by the UEFI shell or by a boot entry carrying options),
 * then the file \goro\cmdline on the boot volume. The file exists
 * because the firmware's default removable-media boot passes no
 * options at all; it is how a disk image carries its own command line.
 * Load options that are not printable text (some boot managers store
 * binary data there) are ignored rather than passed on as garbage.
 */
#include "loader.h"

static int is_space(unsigned c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * The shell passes "program args..." with the program as typed, maybe
 * quoted. Returns the index just past that first word.
 */
static UINTN skip_first_word(const CHAR16 *s, UINTN n)
{
	UINTN i = 0;

	while (i < n && is_space(s[i]))
		i++;
	if (i < n && s[i] == '"') {
		for (i++; i < n && s[i] != '"'; i++)
			;
		if (i < n)
			i++;
	}
	while (i < n && !is_space(s[i]))
		i++;
	return i;
}

/* Does the first word of s end in ".efi" (any case)? */
static int first_word_is_efi_program(const CHAR16 *s, UINTN n)
{
	UINTN start = 0, end;

	while (start < n && is_space(s[start]))
		start++;
	end = skip_first_word(s, n);
	if (end > start && s[end - 1] == '"')
		end--;
	if (end - start < 4)
		return 0;
	return s[end - 4] == '.' &&
	       (s[end - 3] | 0x20) == 'e' &&
	       (s[end - 2] | 0x20) == 'f' &&
	       (s[end - 1] | 0x20) == 'i';
}

/*
 * Copies s[0..n) to bi->cmdline as ASCII without leading or trailing
 * blanks; other control characters become spaces. bi->cmdlinelen is
 * the whole length (plus extra, bytes of the source not read): a
 * command line that does not fit is cut, and the kernel stops with a
 * fatal error naming the limit, as on every boot path.
 */
static void store(struct bootinfo *bi, const CHAR16 *s16, const char *s8, UINTN n, UINTN extra)
{
	UINTN lo = 0, hi = n, i, o = 0;

#define AT(k) ((unsigned)(s16 ? s16[k] : (unsigned char)s8[k]))
	while (lo < hi && is_space(AT(lo)))
		lo++;
	while (extra == 0 && hi > lo && is_space(AT(hi - 1)))
		hi--;
	for (i = lo; i < hi && o < BOOT_CMDLINE - 1; i++) {
		unsigned c = AT(i);
		bi->cmdline[o++] = c < 0x20 ? ' ' : c > 0x7e ? '?' : (char)c;
	}
#undef AT
	bi->cmdline[o] = 0;
	bi->cmdlinelen = hi - lo + extra;
}

/*
 * The load options as a command line: returns 1 and stores it if they
 * hold printable UCS-2 text with something left after dropping the
 * shell's program name; 0 if they hold nothing usable.
 */
static int from_load_options(EFI_HANDLE self, EFI_LOADED_IMAGE *image,
                             struct bootinfo *bi, EFI_STATUS *st)
{
	const CHAR16 *s = image->LoadOptions;
	UINTN n = image->LoadOptionsSize / sizeof(CHAR16), i, start;
	void *shellparams;

	if (s == NULL || n == 0)
		return 0;
	for (i = 0; i < n && s[i] != 0; i++)
		if (s[i] < 0x20 && !is_space(s[i]))
			return 0;               /* binary data, not text */
	n = i;

	/*
	 * Started from the shell (it installs its parameters protocol on
	 * our handle), or options that look like "\path\prog.efi ...":
	 * the first word is this program, not an option.
	 */
	start = 0;
	if (uefi_call_wrapper(BS->HandleProtocol, 3, self, &ShellParametersProtocolGuid,
	                      &shellparams) == EFI_SUCCESS ||
	    first_word_is_efi_program(s, n))
		start = skip_first_word(s, n);

	for (i = start; i < n && is_space(s[i]); i++)
		;
	if (i == n)
		return 0;
	store(bi, s + start, NULL, n - start, 0);
	*st = EFI_SUCCESS;
	return 1;
}

/*
 * The optional command-line file; a missing file means no options. A
 * file longer than buf is counted to its end, so the kernel's report
 * names its real length.
 */
static EFI_STATUS from_file(EFI_FILE_HANDLE root, struct bootinfo *bi)
{
	static char buf[BOOT_CMDLINE * 2];
	EFI_FILE_HANDLE f;
	EFI_STATUS st;
	UINTN n = sizeof(buf), extra = 0;

	st = open_file(root, CMDLINE_PATH, &f);
	if (st == EFI_NOT_FOUND)
		return EFI_SUCCESS;
	if (EFI_ERROR(st))
		return st;
	st = uefi_call_wrapper(f->Read, 3, f, &n, buf);
	while (!EFI_ERROR(st) && n == sizeof(buf)) {
		static char more[4096];
		UINTN got = sizeof(more);
		st = uefi_call_wrapper(f->Read, 3, f, &got, more);
		if (EFI_ERROR(st) || got == 0)
			break;
		extra += got;
	}
	uefi_call_wrapper(f->Close, 1, f);
	if (EFI_ERROR(st)) {
		Print(TAG L"cannot read %s: %r\n", CMDLINE_PATH, st);
		return st;
	}
	store(bi, NULL, buf, n, extra);
	return EFI_SUCCESS;
}

EFI_STATUS get_cmdline(EFI_HANDLE self, EFI_LOADED_IMAGE *image,
                       EFI_FILE_HANDLE root, struct bootinfo *bi)
{
	EFI_STATUS st = EFI_SUCCESS;

	bi->cmdline[0] = 0;
	if (from_load_options(self, image, bi, &st))
		return st;
	return from_file(root, bi);
}
