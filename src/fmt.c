/* SPDX-License-Identifier: MIT */
/* The formatter's core: format parsing, integers, characters, strings,
 * pointers; br_fmt, br_vfmt and the printing helpers. Floating point lives
 * in fmt_float.c, reached through a weak reference, so that only programs
 * that ask for it (BR_FMT_FLOAT) link it. */
#include <bedrock/io.h>
#include <bedrock/mm.h>
#include "fmt_core.h"

/* Weak: null unless the program linked fmt_float.o. */
extern __typeof__(br__fmt_float) br__fmt_float __attribute__((__weak__));

/* Stores the n bytes at s (inc 1) or n copies of *s (inc 0), flushing a
 * full buffer; what does not fit once flushing fails is dropped. */
static void store(struct br__sink *k, const char *s, size_t n, size_t inc)
{
	for (;;) {
		size_t room = k->cap - k->pos, c = n < room ? n : room;
		char *d = k->buf + k->pos;
		k->pos += c;
		n -= c;
		for (; c; c--, s += inc)
			*d++ = *s;
		if (!n || !k->flush || !k->flush(k))
			return;
	}
}

/* store, counted in the total (stored or not, as snprintf counts). */
__attribute__((__noinline__)) static void out(struct br__sink *k, const char *s, size_t n, size_t inc)
{
	k->total += n;
	store(k, s, n, inc);
}

void br__put(struct br__sink *k, const char *s, size_t n)
{
	out(k, s, n, 1);
}

void br__pad(struct br__sink *k, char c, size_t n)
{
	out(k, &c, n, 0);
}

/* The next integer or pointer argument, as 64 bits. Every argument of
 * integer class takes one 64-bit slot (register or stack) on the three
 * LP64 ABIs bedrock supports; the caller keeps the bits its type has. One
 * out-of-line copy keeps the va_arg expansion in one place. */
__attribute__((__noinline__)) static uint64_t int_arg(struct br__va *va)
{
	return va_arg(va->ap, unsigned long long);
}

/* A width or precision at f into *v: '*' (the next argument) or digits
 * (none: 0; saturating at INT_MAX, where glibc fails with EOVERFLOW).
 * Returns the end. */
__attribute__((__noinline__)) static const char *number(const char *f, int *v, struct br__va *va)
{
	uint64_t x = 0;
	if (*f == '*') {
		*v = (int)int_arg(va);
		return f + 1;
	}
	for (unsigned d; (d = (unsigned)(*f - '0')) < 10; f++) {
		x = x * 10 + d;
		if (x > 0x7fffffff)
			x = 0x7fffffff;
	}
	*v = (int)x;
	return f;
}

/* The flag characters' bits, 1 << (position in "-+ #0'"), packed three
 * bits a character from ' ' to '0' (7: not a flag): no table in .rodata. */
#define FLAG(c, i) ((uint64_t)(7 ^ (i)) << 3 * ((c) - ' '))
#define FLAG_MAP \
	(((1ull << 51) - 1) ^ FLAG('-', 0) ^ FLAG('+', 1) ^ FLAG(' ', 2) ^ FLAG('#', 3) ^ FLAG('0', 4) ^ FLAG('\'', 5))

/* The length modifiers, as bits from 'L': all mean 64 bits but h. */
#define LEN(c) (1ull << ((c) - 'L'))
#define LEN64 (LEN('L') | LEN('j') | LEN('l') | LEN('q') | LEN('t') | LEN('z'))

/* The conversions by position, the frequent first: s, the integers (d i u:
 * decimal, o, x X p), c n %, then the floating-point ones (aligned 1: an
 * array of 16 bytes or more would otherwise be aligned to 16 in .rodata). */
static const char convs[] __attribute__((__aligned__(1))) = "sdiuoxXpcn%eEfFgGaA";
enum { C_S, C_D, C_I, C_U, C_O, C_X, C_XX, C_P, C_C, C_N, C_PCT, C_FLOAT };

void br__fmt_core(struct br__sink *k, const char *f, va_list ap)
{
	struct br__va va;

	va_copy(va.ap, ap);
	for (;;) {
		/* Literal text: copied while it is scanned, as far as the buffer
		 * goes; what is left (the buffer full) is put after. */
		char *d = k->buf + k->pos, *end = k->buf + k->cap;
		const char *lit = f;
		while (d < end && *f && *f != '%')
			*d++ = *f++;
		k->pos = (size_t)(d - k->buf);
		k->total += (size_t)(f - lit);
		for (lit = f; *f && *f != '%';)
			f++;
		if (f != lit)
			out(k, lit, (size_t)(f - lit), 1);
		if (!*f)
			break;
		const char *start = f++;
		struct br__spec sp = {0, 0, -1, 0};
		unsigned i;
		/* Flags: - + space # 0 ' (the last, grouping, does nothing in the C locale). */
		while ((i = (unsigned)(*f - ' ')) <= '0' - ' ' && (i = FLAG_MAP >> 3 * i & 7) < 6) {
			sp.flags |= 1u << i;
			f++;
		}
		f = number(f, &sp.width, &va);
		if (sp.width < 0) {
			/* A negative '*' width means '-'. */
			sp.flags |= BR__MINUS;
			sp.width = sp.width == -0x7fffffff - 1 ? 0x7fffffff : -sp.width;
		}
		if (*f == '.') {
			f = number(f + 1, &sp.prec, &va);
			if (sp.prec < 0)
				sp.prec = -1;
		}
		/* Length: bits kept of an integer (8 hh, 16 h, 32 none, 64 l ll L q j z t). */
		int bits = 32;
		char c;
		for (;; f++) {
			c = *f;
			if (c == 'h') {
				bits = bits == 16 ? 8 : 16;
			} else if ((i = (unsigned)(c - 'L')) < 64 && (LEN64 >> i & 1)) {
				bits = 64;
				/* glibc reads a long double for L, ll and q alike. */
				if (c == 'L' || c == 'q' || (c == 'l' && f[-1] == 'l'))
					sp.flags |= BR__LONGDBL;
			} else {
				break;
			}
		}
		sp.conv = c;
		if (c)
			f++;
		unsigned conv = 0;
		while (convs[conv] && convs[conv] != c)
			conv++;
		/* Every argument of integer class (pointers too) is fetched here, once. */
		uint64_t u = conv <= C_N ? int_arg(&va) : 0;
		/* What is put: a prefix (sign, 0x), zeros, the n bytes at s, padded to the width. */
		char digits[24], pre[3];
		const char *s = start;
		size_t n = (size_t)(f - start), np = 0, zeros = 0;
		if (conv - C_D < C_C - C_D) {
			bool is_signed = conv <= C_I;
			if (conv == C_P) {
				if (!u) {
					s = "(nil)";
					n = 5;
					goto plain;
				}
				sp.flags |= BR__ALT;
				bits = 64;
			} else if (!is_signed) {
				sp.flags &= ~(unsigned)(BR__PLUS | BR__SPACE);
			}
			unsigned shift = 64u - (unsigned)bits;
			u <<= shift;
			u = is_signed ? (uint64_t)((int64_t)u >> shift) : u >> shift;
			char sign = sp.flags & BR__PLUS ? '+' : ' ';
			if (is_signed && (int64_t)u < 0) {
				sign = '-';
				u = 0 - u;
			}
			if (sign == '-' || (sp.flags & (BR__PLUS | BR__SPACE)))
				pre[np++] = sign;
			/* Octal and hex by shifts; u / 10 as a multiplication (exact
			 * for every 64-bit u), which -Os would otherwise make a division. */
			unsigned sh = conv <= C_U ? 0 : conv == C_O ? 3 : 4;
			bool alt = sp.flags & BR__ALT;
			char x = c == 'X' ? 'X' : 'x';
			if (alt && sh == 4 && u) {
				pre[np++] = '0';
				pre[np++] = x;
			}
			char *e = digits + sizeof digits;
			s = e;
			if (sh) {
				for (; u; u >>= sh) {
					unsigned d = (unsigned)(u & ((1u << sh) - 1)) + '0';
					*(char *)--s = (char)(d > '9' ? d + (unsigned)x - 'x' + 'a' - '9' - 1 : d);
				}
			} else {
				for (uint64_t q; u; u = q) {
					q = (uint64_t)(((unsigned __int128)u * 0xCCCCCCCCCCCCCCCDu) >> 67);
					*(char *)--s = (char)('0' + (u - q * 10));
				}
			}
			n = (size_t)(e - s);
			/* At least prec digits (default 1: zero is "0" but "" at
			 * precision 0), and '#' makes octal start with a 0. */
			size_t min = 1;
			if (sp.prec >= 0) {
				sp.flags &= ~(unsigned)BR__ZERO;
				min = (size_t)sp.prec;
			}
			if (alt && sh == 3 && min <= n)
				min = n + 1;
			if (min > n)
				zeros = min - n;
		} else if (conv == C_C) {
			pre[0] = (char)u;
			s = pre;
			n = 1;
			goto plain;
		} else if (conv == C_S && bits != 64) {
			/* (%ls, wide strings, is not supported: printed literally.) */
			s = (const char *)(uintptr_t)u;
			if (!s)
				s = (unsigned)sp.prec >= 6 ? "(null)" : "";
			for (n = 0; n < (size_t)sp.prec && s[n]; n++)
				;
		plain:
			sp.flags &= ~(unsigned)BR__ZERO;
		} else {
			if (conv >= C_FLOAT && conv < sizeof convs - 1) {
				if (br__fmt_float) {
					br__fmt_float(k, &sp, &va);
					continue;
				}
				/* Not linked: consume the argument, show the specification. */
				if (sp.flags & BR__LONGDBL)
					(void)va_arg(va.ap, long double);
				else
					(void)va_arg(va.ap, double);
			} else if (conv == C_PCT) {
				s = "%";
				n = 1;
			} else if (conv == C_N) {
				/* Nothing stored: its pointer is consumed above. */
				n = 0;
			}
			/* Anything else (an unknown conversion) is copied literally, unpadded. */
			sp.flags = 0;
			sp.width = 0;
		}
		/* (Most conversions have no padding, prefix or zeros: the tests
		 * here are cheaper than calls that put nothing.) */
		size_t len = np + zeros + n, w = (size_t)sp.width, fill = w > len ? w - len : 0;
		if (fill && !(sp.flags & BR__MINUS)) {
			if (sp.flags & BR__ZERO)
				zeros += fill;
			else
				out(k, " ", fill, 0);
			fill = 0;
		}
		if (np)
			out(k, pre, np, 1);
		if (zeros)
			out(k, "0", zeros, 0);
		out(k, s, n, 1);
		if (fill)
			out(k, " ", fill, 0);
	}
	va_end(va.ap);
}

size_t br_vfmt(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct br__sink k = {buf, size ? size - 1 : 0, 0, 0, 0};
	br__fmt_core(&k, fmt, ap);
	if (size)
		buf[k.pos] = 0;
	return k.total;
}

size_t br_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t n = br_vfmt(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Output up to this size is formatted on the stack; beyond, in a mapping. */
#define PRINT_STACK 4096

br_errno br_vfprint(br_fd fd, const char *fmt, va_list ap)
{
	char stack[PRINT_STACK];
	struct br__sink k = {stack, sizeof stack, 0, 0, 0};
	void *map = 0;
	br_errno e;
	for (;;) {
		va_list again;
		va_copy(again, ap);
		br__fmt_core(&k, fmt, again);
		va_end(again);
		/* Too long for the stack: again, into a mapping of the length
		 * the first pass measured (once: the arguments are the same). */
		if (k.total <= k.cap || map)
			break;
		e = br_mmap(0, k.total, BR_PROT_READ | BR_PROT_WRITE, BR_MAP_PRIVATE | BR_MAP_ANONYMOUS,
			    br_fd_from_raw(-1), 0, &map);
		if (e)
			return e;
		k = (struct br__sink){(char *)map, k.total, 0, 0, 0};
	}
	e = br_write_all(fd, k.buf, k.pos);
	if (map)
		(void)!br_munmap(map, k.cap);
	return e;
}

br_errno br_fprint(br_fd fd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	br_errno e = br_vfprint(fd, fmt, ap);
	va_end(ap);
	return e;
}

br_errno br_print(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	br_errno e = br_vfprint(BR_STDOUT, fmt, ap);
	va_end(ap);
	return e;
}

br_errno br_eprint(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	br_errno e = br_vfprint(BR_STDERR, fmt, ap);
	va_end(ap);
	return e;
}
