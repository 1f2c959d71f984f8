/*
 * printf.c - the kernel's own formatted output.
 *
 * The runtime must work before (and without) libc, so it has its own
 * small printf. One formatter, kvformat, writes through a sink
 * callback; kprintf sinks to the console, ksnprintf to a buffer.
 * No floating point: the kernel never prints floats.
 */
#include "machine.h"

struct sink {
	void (*put)(struct sink *s, const char *p, size_t n);
	char *buf;              /* ksnprintf: destination; kvprintf: the batch */
	size_t cap, len;        /* capacity and bytes produced (may exceed cap) */
	size_t held;            /* kvprintf: bytes in buf not yet written */
};

/*
 * put_console batches a kprintf's pieces in s->buf and writes them to
 * the console a buffer at a time (hosted, one write(2) a line instead
 * of one a piece: a report of 50,000 goroutines is millions of pieces).
 */
static void put_console(struct sink *s, const char *p, size_t n)
{
	s->len += n;
	if (s->held + n > s->cap) {
		console_write(s->buf, s->held);
		s->held = 0;
		if (n > s->cap) {
			console_write(p, n);
			return;
		}
	}
	__builtin_memcpy(s->buf + s->held, p, n);
	s->held += n;
}

static void put_buffer(struct sink *s, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++, s->len++)
		if (s->len + 1 < s->cap)
			s->buf[s->len] = p[i];
}

/* pad writes n copies of c. */
static void pad(struct sink *s, char c, int n)
{
	for (; n > 0; n--)
		s->put(s, &c, 1);
}

/* Formats one unsigned number (with an optional sign) honouring width/zero/left. */
static void putnum(struct sink *s, unsigned long long v, int base, int upper,
		   int neg, int width, int zero, int left, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	int plen = prefix ? (int)__builtin_strlen(prefix) : 0;
	int len = n + neg + plen;
	if (!left && !zero)
		pad(s, ' ', width - len);
	if (neg)
		s->put(s, "-", 1);
	if (plen)
		s->put(s, prefix, plen);
	if (!left && zero)
		pad(s, '0', width - len);
	while (n > 0)
		s->put(s, &tmp[--n], 1);
	if (left)
		pad(s, ' ', width - len);
}

static void kvformat(struct sink *s, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			const char *run = fmt;
			while (fmt[1] && fmt[1] != '%')
				fmt++;
			s->put(s, run, fmt - run + 1);
			continue;
		}
		fmt++;
		int left = 0, zero = 0, width = 0, lng = 0;
		for (;; fmt++) {
			if (*fmt == '-')
				left = 1;
			else if (*fmt == '0')
				zero = 1;
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			fmt++;
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
		/* lng: 0 int, 1 long, 2 long long, 3 size_t/ptrdiff/intmax, -1 short/char */
		for (;; fmt++) {
			if (*fmt == 'l')
				lng++;
			else if (*fmt == 'h')
				lng = -1;
			else if (*fmt == 'z' || *fmt == 't' || *fmt == 'j')
				lng = *fmt == 'j' ? 2 : 3;
			else
				break;
		}
		unsigned long long u;
		long long d;
		switch (*fmt) {
		case 'd':
		case 'i':
			if (lng == 2)
				d = va_arg(ap, long long);
			else if (lng == 1)
				d = va_arg(ap, long);
			else if (lng == 3)
				d = va_arg(ap, ptrdiff_t);
			else
				d = va_arg(ap, int);
			putnum(s, d < 0 ? -(unsigned long long)d : (unsigned long long)d,
			       10, 0, d < 0, width, zero, left, NULL);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			if (lng == 2)
				u = va_arg(ap, unsigned long long);
			else if (lng == 1)
				u = va_arg(ap, unsigned long);
			else if (lng == 3)
				u = va_arg(ap, size_t);
			else
				u = va_arg(ap, unsigned int);
			putnum(s, u, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16, *fmt == 'X',
			       0, width, zero, left, NULL);
			break;
		case 'p':
			putnum(s, (uintptr_t)va_arg(ap, void *), 16, 0, 0, width, zero, left, "0x");
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);
			if (!left)
				pad(s, ' ', width - 1);
			s->put(s, &c, 1);
			if (left)
				pad(s, ' ', width - 1);
			break;
		}
		case 's': {
			const char *str = va_arg(ap, const char *);
			if (!str)
				str = "(null)";
			int n = (int)__builtin_strlen(str);
			if (!left)
				pad(s, ' ', width - n);
			s->put(s, str, n);
			if (left)
				pad(s, ' ', width - n);
			break;
		}
		case '%':
			s->put(s, "%", 1);
			break;
		case 0:
			return;
		default:        /* unknown verb: print it so the mistake shows */
			s->put(s, "%", 1);
			s->put(s, fmt, 1);
			break;
		}
	}
}

int kvprintf(const char *fmt, va_list ap)
{
	char batch[96];
	struct sink s = { .put = put_console, .buf = batch, .cap = sizeof batch };
	kvformat(&s, fmt, ap);
	console_write(batch, s.held);
	return (int)s.len;
}

__attribute__((no_split_stack)) int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}

/* ksnprintf always NUL-terminates when n > 0; returns the untruncated length. */
__attribute__((no_split_stack)) int ksnprintf(char *buf, size_t n, const char *fmt, ...)
{
	struct sink s = { .put = put_buffer, .buf = buf, .cap = n };
	va_list ap;
	va_start(ap, fmt);
	kvformat(&s, fmt, ap);
	va_end(ap);
	if (n > 0)
		buf[s.len < n ? s.len : n - 1] = 0;
	return (int)s.len;
}
