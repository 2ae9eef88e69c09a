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
	if (!n)
		return;
	k->total += n;
	for (;;) {
		size_t room = k->cap - k->pos, c = n < room ? n : room;
		char *d = k->buf + k->pos;
		k->pos += c;
		n -= c;
		/* Eight bytes at a time (a constant-size copy is a plain load and
		 * store where unaligned access is cheap, bytes elsewhere). */
		for (; c >= 8; c -= 8, d += 8, s += 8)
			__builtin_memcpy(d, s, 8);
		while (c--)
			*d++ = *s++;
		if (!n || !k->flush || !k->flush(k))
			return;
	}
}

void br__pad(struct br__sink *k, char c, size_t n)
{
	while (n--)
		br__put(k, &c, 1);
}

/* br__put's fast path, inline: the bytes fit. */
__attribute__((__always_inline__)) static inline void put(struct br__sink *k, const char *s, size_t n)
{
	if (n <= k->cap - k->pos) {
		char *d = k->buf + k->pos;
		k->pos += n;
		k->total += n;
		while (n--)
			*d++ = *s++;
	} else {
		br__put(k, s, n);
	}
}

/* br__pad's fast path, inline. */
__attribute__((__always_inline__)) static inline void pad(struct br__sink *k, char c, size_t n)
{
	if (n <= k->cap - k->pos) {
		char *d = k->buf + k->pos;
		k->pos += n;
		k->total += n;
		while (n--)
			*d++ = c;
	} else {
		br__pad(k, c, n);
	}
}

/* Pads to the width a body of prefix (sign, 0x), zeros and the n bytes at s: spaces before it (zeros after the prefix when zero_ok and '0'), or spaces after it with '-'. */
static void emit(struct br__sink *k, const struct br__spec *sp, const char *pre, size_t np, size_t zeros,
		 const char *s, size_t n, bool zero_ok)
{
	size_t len = np + zeros + n, w = (size_t)sp->width, fill = w > len ? w - len : 0;
	if (!(sp->flags & BR__MINUS)) {
		if (zero_ok && (sp->flags & BR__ZERO))
			zeros += fill;
		else
			br__pad(k, ' ', fill);
		fill = 0;
	}
	br__put(k, pre, np);
	br__pad(k, '0', zeros);
	br__put(k, s, n);
	br__pad(k, ' ', fill);
}

static void put_padded(struct br__sink *k, const struct br__spec *sp, const char *s, size_t len)
{
	if (sp->width)
		emit(k, sp, s, 0, 0, s, len, false);
	else
		br__put(k, s, len);
}

/* An integer: u in base, '-' when neg; '#', precision, zero padding and signs as C and glibc have them. */
static void fmt_int(struct br__sink *k, const struct br__spec *sp, uint64_t u, bool neg, unsigned base)
{
	/* The digits at the end of field; the prefix, zeros and spaces are put before them when they fit. */
	char field[88], prefix[3];
	char *e = field + sizeof field, *p = e;
	size_t np = 0, zeros = 0;
	unsigned f = sp->flags;
	char upper = sp->conv == 'X' ? 0 : 0x20;

	if (base == 10) {
		/* u / 10 as a multiplication (exact for every 64-bit u): -Os
		 * would otherwise emit a division instruction per digit. */
		while (u >= 100) {
			uint64_t q = (uint64_t)(((unsigned __int128)(u >> 2) * 0x28F5C28F5C28F5C3u) >> 66);
			unsigned r = (unsigned)(u - q * 100);
			p -= 2;
			unsigned t = r * 205 >> 11; /* r / 10 for r < 1024 */
			p[0] = (char)('0' + t);
			p[1] = (char)('0' + r - t * 10);
			u = q;
		}
		while (u) {
			uint64_t q = (uint64_t)(((unsigned __int128)u * 0xCCCCCCCCCCCCCCCDu) >> 67);
			*--p = (char)('0' + (u - q * 10));
			u = q;
		}
	} else {
		unsigned sh = base == 16 ? 4 : 3;
		while (u) {
			unsigned d = (unsigned)(u & (base - 1));
			*--p = (char)(d < 10 ? '0' + d : (('A' - 10 + d) | upper));
			u >>= sh;
		}
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
	size_t len = np + zeros + nd, w = (size_t)sp->width, fill = w > len ? w - len : 0;
	bool left = f & BR__MINUS;
	if (!left && (f & BR__ZERO) && sp->prec < 0) {
		zeros += fill;
		fill = 0;
	}
	if (np + zeros + (left ? 0 : fill) > (size_t)(p - field)) {
		emit(k, sp, prefix, np, zeros, p, nd, sp->prec < 0);
		return;
	}
	/* One put of the whole field (the common case). */
	while (zeros--)
		*--p = '0';
	while (np)
		*--p = prefix[--np];
	if (!left)
		for (; fill; fill--)
			*--p = ' ';
	put(k, p, (size_t)(e - p));
	pad(k, ' ', fill);
}

/* Reads a decimal number at *f, moving past it. */
static int decimal(const char **f)
{
	/* Saturates at INT_MAX (glibc fails such a format with EOVERFLOW). */
	unsigned v = 0;
	while (**f >= '0' && **f <= '9') {
		unsigned d = (unsigned)(*(*f)++ - '0');
		v = v <= (0x7fffffffu - d) / 10 ? v * 10 + d : 0x7fffffffu;
	}
	return (int)v;
}

/* The flag characters' bits, from ' ' to '0'. */
static const unsigned char flag_bit['0' - ' ' + 1] = {
	[0] = BR__SPACE, ['#' - ' '] = BR__ALT, ['\'' - ' '] = 32, ['+' - ' '] = BR__PLUS, ['-' - ' '] = BR__MINUS,
	['0' - ' '] = BR__ZERO,
};

/* The position of c in set (NUL-terminated), or -1; c == 0 is never found. */
static inline int find(const char *set, char c)
{
	for (int i = 0; set[i]; i++)
		if (set[i] == c)
			return i;
	return -1;
}

/* The next integer or pointer argument, as 64 bits. Every argument of
 * integer class takes one 64-bit slot (register or stack) on the three
 * LP64 ABIs bedrock supports; the caller keeps the bits its type has. One
 * out-of-line copy keeps the va_arg expansion in one place. */
__attribute__((__noinline__)) static uint64_t int_arg(struct br__va *va)
{
	return va_arg(va->ap, unsigned long long);
}

void br__fmt_core(struct br__sink *k, const char *fmt, va_list ap)
{
	struct br__va va;
	const char *f = fmt;

	va_copy(va.ap, ap);
	for (;;) {
		/* Literal text: copied while it is scanned, as far as the buffer goes. */
		char *d = k->buf + k->pos, *end = k->buf + k->cap;
		const char *lit = f;
		while (d < end && *f && *f != '%')
			*d++ = *f++;
		k->pos = (size_t)(d - k->buf);
		k->total += (size_t)(f - lit);
		if (d == end) {
			lit = f;
			while (*f && *f != '%')
				f++;
			br__put(k, lit, (size_t)(f - lit));
		}
		if (!*f)
			break;
		const char *start = f++;
		struct br__spec sp = {0, 0, -1, 0};
		int i;
		/* Flags: - + space # 0 ' (the last, grouping, does nothing in the C locale). */
		while ((unsigned)(*f - ' ') <= '0' - ' ' && flag_bit[*f - ' '])
			sp.flags |= flag_bit[*f++ - ' '];
		if (*f == '*') {
			f++;
			sp.width = (int)int_arg(&va);
			if (sp.width < 0) {
				sp.flags |= BR__MINUS;
				sp.width = sp.width == -0x7fffffff - 1 ? 0x7fffffff : -sp.width;
			}
		} else {
			sp.width = decimal(&f);
		}
		if (*f == '.') {
			f++;
			if (*f == '*') {
				f++;
				sp.prec = (int)int_arg(&va);
				if (sp.prec < 0)
					sp.prec = -1;
			} else {
				sp.prec = decimal(&f);
			}
		}
		/* Length: bits kept of an integer (8 hh, 16 h, 32 none, 64 l ll L q j z t). */
		int bits = 32;
		for (;; f++) {
			/* A letter that is no length modifier (in the bit set of h j l q t z, L handled apart) ends it. */
			unsigned off = (unsigned)(*f - 'h');
			if (*f == 'L' || *f == 'q' || (*f == 'l' && f[-1] == 'l')) {
				/* glibc reads a long double for L, ll and q alike. */
				sp.flags |= BR__LONGDBL;
				bits = 64;
			} else if (*f == 'h') {
				bits = bits == 16 ? 8 : 16;
			} else if (off < 32 && ((1u << ('j' - 'h')) | (1u << ('l' - 'h')) | (1u << ('t' - 'h')) |
						(1u << ('z' - 'h'))) >> off & 1) {
				bits = 64;
			} else {
				break;
			}
		}
		char c = *f;
		sp.conv = c;
		if (c)
			f++;
		/* The integer conversions: d i (0, 1) o (2) u x X (3..5) p (6). */
		i = c == 'd' ? 0 : c == 'i' ? 1 : c == 'o' ? 2 : c == 'u' ? 3 : c == 'x' ? 4 : c == 'X' ? 5 : c == 'p' ? 6 : -1;
		/* Every argument of integer class (pointers too) is fetched here, once. */
		uint64_t u = 0;
		if (i >= 0 || c == 'c' || c == 's' || c == 'n')
			u = int_arg(&va);
		if (i >= 0) {
			bool is_signed = i < 2;
			if (c == 'p') {
				if (!u) {
					put_padded(k, &sp, "(nil)", 5);
					continue;
				}
				sp.flags |= BR__ALT;
				sp.conv = 'x';
				bits = 64;
			} else if (!is_signed) {
				sp.flags &= ~(unsigned)(BR__PLUS | BR__SPACE);
			}
			int shift = 64 - bits;
			u <<= shift;
			u = is_signed ? (uint64_t)((int64_t)u >> shift) : u >> shift;
			bool neg = is_signed && (int64_t)u < 0;
			fmt_int(k, &sp, neg ? 0 - u : u, neg, i == 2 ? 8 : i > 2 && c != 'u' ? 16 : 10);
		} else if (c == 'c') {
			char ch = (char)u;
			put_padded(k, &sp, &ch, 1);
		} else if (c == 's') {
			const char *s = (const char *)(uintptr_t)u;
			if (bits == 64)
				goto literal; /* %ls: wide strings are not supported */
			if (!s)
				s = sp.prec < 0 || sp.prec >= 6 ? "(null)" : "";
			size_t n = 0;
			while ((sp.prec < 0 || n < (size_t)sp.prec) && s[n])
				n++;
			put_padded(k, &sp, s, n);
		} else if (c == '%') {
			put(k, "%", 1);
		} else if (c == 'n') {
			/* Nothing stored: its pointer is consumed above. */
		} else if (find("efgaEFGA", c) >= 0) {
			if (br__fmt_float) {
				br__fmt_float(k, &sp, &va);
				continue;
			}
			/* Not linked: consume the argument, show the specification. */
			if (sp.flags & BR__LONGDBL)
				(void)va_arg(va.ap, long double);
			else
				(void)va_arg(va.ap, double);
			goto literal;
		} else {
		literal:
			put(k, start, (size_t)(f - start));
		}
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
