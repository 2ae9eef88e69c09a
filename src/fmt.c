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

void br__put(struct br__sink *k, const char *s, size_t n)
{
	k->total += n;
	for (;;) {
		size_t room = k->cap - k->pos, c = n < room ? n : room;
		char *d = k->buf + k->pos;
		k->pos += c;
		n -= c;
		while (c--)
			*d++ = *s++;
		if (!n || !k->flush || !k->flush(k))
			return;
	}
}

void br__pad(struct br__sink *k, char c, size_t n)
{
	char t[16];
	for (int i = 0; i < 16; i++)
		t[i] = c;
	while (n) {
		size_t m = n < 16 ? n : 16;
		br__put(k, t, m);
		n -= m;
	}
}

/* Width padding around a body of len bytes: spaces before it unless '-'; returns the spaces still owed after it. */
static size_t pad_before(struct br__sink *k, const struct br__spec *sp, size_t len)
{
	size_t w = (size_t)sp->width, fill = w > len ? w - len : 0;
	if (sp->flags & BR__MINUS)
		return fill;
	br__pad(k, ' ', fill);
	return 0;
}

static void put_padded(struct br__sink *k, const struct br__spec *sp, const char *s, size_t len)
{
	size_t after = pad_before(k, sp, len);
	br__put(k, s, len);
	br__pad(k, ' ', after);
}

/* An integer: u in base, '-' when neg; '#', precision, zero padding and signs as C and glibc have them. */
static void fmt_int(struct br__sink *k, const struct br__spec *sp, uint64_t u, bool neg, unsigned base)
{
	char digits[24], prefix[3];
	char *e = digits + sizeof digits, *p = e;
	size_t np = 0, zeros = 0;
	unsigned f = sp->flags;
	char upper = sp->conv == 'X' ? 0 : 0x20;

	while (u) {
		unsigned d = (unsigned)(u % base);
		*--p = (char)(d < 10 ? '0' + d : (('A' - 10 + d) | upper));
		u /= base;
	}
	/* Zero with no precision still prints its digit. */
	if (p == e && sp->prec < 0)
		*--p = '0';
	size_t nd = (size_t)(e - p);
	if (sp->prec >= 0 && (size_t)sp->prec > nd)
		zeros = (size_t)sp->prec - nd;
	if (neg)
		prefix[np++] = '-';
	else if (f & BR__PLUS)
		prefix[np++] = '+';
	else if (f & BR__SPACE)
		prefix[np++] = ' ';
	if (f & BR__ALT) {
		if (base == 8 && !zeros && (p == e || *p != '0'))
			zeros = 1;
		if (base == 16 && p != e && *p != '0') {
			prefix[np++] = '0';
			prefix[np++] = (char)('X' | upper);
		}
	}
	size_t len = np + zeros + nd;
	if ((f & (BR__ZERO | BR__MINUS)) == BR__ZERO && sp->prec < 0 && (size_t)sp->width > len) {
		zeros += (size_t)sp->width - len;
		len = (size_t)sp->width;
	}
	size_t after = pad_before(k, sp, len);
	br__put(k, prefix, np);
	br__pad(k, '0', zeros);
	br__put(k, p, nd);
	br__pad(k, ' ', after);
}

/* Reads a decimal number at *f, moving past it. */
static int decimal(const char **f)
{
	int v = 0;
	while (**f >= '0' && **f <= '9')
		v = v * 10 + (*(*f)++ - '0');
	return v;
}

void br__fmt_core(struct br__sink *k, const char *fmt, va_list ap)
{
	struct br__va va;
	const char *f = fmt;

	va_copy(va.ap, ap);
	for (;;) {
		const char *lit = f;
		while (*f && *f != '%')
			f++;
		br__put(k, lit, (size_t)(f - lit));
		if (!*f)
			break;
		const char *start = f++;
		struct br__spec sp = {0, 0, -1, 0};
		for (;; f++) {
			unsigned bit = *f == '-' ? BR__MINUS : *f == '+' ? BR__PLUS : *f == ' ' ? BR__SPACE
				     : *f == '#' ? BR__ALT : *f == '0' ? BR__ZERO : *f == '\'' ? 64 : 0;
			if (!bit)
				break;
			sp.flags |= bit;
		}
		if (*f == '*') {
			f++;
			sp.width = va_arg(va.ap, int);
			if (sp.width < 0) {
				sp.flags |= BR__MINUS;
				sp.width = -sp.width;
			}
		} else {
			sp.width = decimal(&f);
		}
		if (*f == '.') {
			f++;
			if (*f == '*') {
				f++;
				sp.prec = va_arg(va.ap, int);
				if (sp.prec < 0)
					sp.prec = -1;
			} else {
				sp.prec = decimal(&f);
			}
		}
		/* Length: 1 hh, 2 h, 3 int, 4 and up: 64 bits (l ll L q j z t). */
		int len = 3;
		for (;; f++) {
			if (*f == 'h')
				len = len == 2 ? 1 : 2;
			else if (*f == 'l' || *f == 'j' || *f == 'z' || *f == 't')
				len = len >= 4 ? 5 : 4;
			else if (*f == 'L' || *f == 'q')
				len = 5;
			else
				break;
		}
		/* glibc reads a long double for L, ll and q alike. */
		if (len == 5)
			sp.flags |= BR__LONGDBL;
		char c = *f;
		sp.conv = c;
		if (c)
			f++;
		uint64_t u;
		unsigned base = 10;
		bool neg = false;
		switch (c) {
		case 'd':
		case 'i': {
			int64_t v = len >= 4 ? va_arg(va.ap, long long) : va_arg(va.ap, int);
			v = len == 1 ? (signed char)v : len == 2 ? (short)v : v;
			neg = v < 0;
			u = neg ? 0 - (uint64_t)v : (uint64_t)v;
			fmt_int(k, &sp, u, neg, 10);
			continue;
		}
		case 'o':
			base = 8;
			goto unsigned_number;
		case 'x':
		case 'X':
			base = 16;
			/* fall through */
		case 'u':
		unsigned_number:
			u = len >= 4 ? va_arg(va.ap, unsigned long long) : va_arg(va.ap, unsigned);
			u = len == 1 ? (unsigned char)u : len == 2 ? (unsigned short)u : u;
			sp.flags &= ~(unsigned)(BR__PLUS | BR__SPACE);
			fmt_int(k, &sp, u, false, base);
			continue;
		case 'p': {
			void *ptr = va_arg(va.ap, void *);
			if (!ptr) {
				put_padded(k, &sp, "(nil)", 5);
				continue;
			}
			sp.flags |= BR__ALT;
			sp.conv = 'x';
			fmt_int(k, &sp, (uintptr_t)ptr, false, 16);
			continue;
		}
		case 'c': {
			char ch = (char)va_arg(va.ap, int);
			put_padded(k, &sp, &ch, 1);
			continue;
		}
		case 's': {
			const char *s = va_arg(va.ap, const char *);
			if (len == 4)
				break; /* %ls: wide strings are not supported */
			size_t n = 0;
			if (!s)
				s = sp.prec < 0 || sp.prec >= 6 ? "(null)" : "";
			while ((sp.prec < 0 || n < (size_t)sp.prec) && s[n])
				n++;
			put_padded(k, &sp, s, n);
			continue;
		}
		case '%':
			br__put(k, "%", 1);
			continue;
		case 'n':
			(void)va_arg(va.ap, void *);
			continue;
		case 'e':
		case 'f':
		case 'g':
		case 'a':
		case 'E':
		case 'F':
		case 'G':
		case 'A':
			if (br__fmt_float) {
				br__fmt_float(k, &sp, &va);
				continue;
			}
			/* Not linked: consume the argument, show the specification. */
			if (len == 5)
				(void)va_arg(va.ap, long double);
			else
				(void)va_arg(va.ap, double);
			break;
		}
		br__put(k, start, (size_t)(f - start));
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
	va_list again;
	va_copy(again, ap);
	size_t n = br_vfmt(stack, sizeof stack, fmt, ap);
	br_errno e;
	if (n < sizeof stack) {
		e = br_write_all(fd, stack, n);
	} else {
		void *map;
		size_t len = n + 1;
		e = br_mmap(0, len, BR_PROT_READ | BR_PROT_WRITE, BR_MAP_PRIVATE | BR_MAP_ANONYMOUS,
			    br_fd_from_raw(-1), 0, &map);
		if (!e) {
			br_vfmt((char *)map, len, fmt, again);
			e = br_write_all(fd, map, n);
			(void)!br_munmap(map, len);
		}
	}
	va_end(again);
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
