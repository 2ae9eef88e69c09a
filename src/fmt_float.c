/* SPDX-License-Identifier: MIT */
/* Floating-point conversions for the formatter (e f g a, upper case too),
 * exact and correctly rounded as glibc's are (round-half-even on the exact
 * binary value, in the default rounding mode). Linked only when a program
 * asks (BR_FMT_FLOAT): fmt.c reaches br__fmt_float through a weak reference.
 *
 * Method: a finite value is m * 2^e with an integer m. For a result with
 * digits up to 10^-s, R = round(m * 2^e * 10^s) is computed exactly in a
 * big integer (m * 5^s shifted by e + s, or divided by 5^-s), then turned
 * into base 10^9 limbs whose decimal digits are printed. Digits past the
 * exact expansion are zeros and are not computed (s is capped at -e).
 *
 * long double is told apart by its format (LDBL_MANT_DIG): 64 is the x87
 * 80-bit format (x86_64), 113 IEEE binary128 (aarch64, riscv64), 53 plain
 * double. Its bits are read with memcpy; no long double arithmetic is done,
 * so no soft-float routine is needed. */
#include <float.h>
#include "fmt_core.h"

/* What BR_FMT_FLOAT refers to. */
const char br_fmt_float = 1;

/* Enough 32-bit limbs for m * 5^s with s up to the smallest exponent of
 * any long double (2^-16494: 113 + 38297 bits), and base-10^9 limbs for
 * its decimal digits. */
#define BIG_LIMBS 1216
#define DEC_LIMBS 1300

/* A finite value is m (up to 128 bits: hi, lo) * 2^e. */
struct num {
	bool neg;
	enum { ZERO, FINITE, INF, NOTANUM } cls;
	uint64_t hi, lo;
	int e;
	/* For %a: the leading hex digit, the fraction as nfrac hex digits in fhi:flo, the binary exponent to print. */
	uint64_t fhi, flo;
	unsigned lead, nfrac;
	int pexp;
};

struct big {
	int n;
	uint32_t d[BIG_LIMBS];
};

static void big_mul(struct big *b, uint32_t m)
{
	uint64_t c = 0;
	for (int i = 0; i < b->n; i++) {
		c += (uint64_t)b->d[i] * m;
		b->d[i] = (uint32_t)c;
		c >>= 32;
	}
	if (c)
		b->d[b->n++] = (uint32_t)c;
}

/* 5^0 .. 5^13: 5^13 is the largest power of 5 that fits in 32 bits. */
static const uint32_t pow5[14] = {1, 5, 25, 125, 625, 3125, 15625, 78125, 390625, 1953125, 9765625,
				  48828125, 244140625, 1220703125};

static void big_mul_pow5(struct big *b, int s)
{
	for (; s >= 13; s -= 13)
		big_mul(b, pow5[13]);
	big_mul(b, pow5[s]);
}

/* b /= d; the remainder. */
static uint32_t big_div(struct big *b, uint32_t d)
{
	uint64_t r = 0;
	for (int i = b->n - 1; i >= 0; i--) {
		r = r << 32 | b->d[i];
		b->d[i] = (uint32_t)(r / d);
		r %= d;
	}
	while (b->n && !b->d[b->n - 1])
		b->n--;
	return (uint32_t)r;
}

/* b = floor(b / 5^s); whether anything was lost. */
static bool big_div_pow5(struct big *b, int s)
{
	bool lost = false;
	for (; s >= 13; s -= 13)
		lost |= big_div(b, pow5[13]) != 0;
	return big_div(b, pow5[s]) != 0 || lost;
}

static void big_shl(struct big *b, int bits)
{
	int w = bits / 32, r = bits % 32;
	if (!b->n)
		return;
	b->d[b->n] = 0;
	if (r) {
		for (int i = b->n; i > 0; i--)
			b->d[i] = b->d[i] << r | b->d[i - 1] >> (32 - r);
		b->d[0] <<= r;
		b->n += b->d[b->n] != 0;
	}
	for (int i = b->n - 1; i >= 0; i--)
		b->d[i + w] = b->d[i];
	for (int i = 0; i < w; i++)
		b->d[i] = 0;
	b->n += w;
}

/* b = floor(b / 2^bits); whether anything was lost. */
static bool big_shr(struct big *b, int bits)
{
	int w = bits / 32, r = bits % 32;
	bool lost = false;
	if (w >= b->n) {
		lost = b->n != 0;
		b->n = 0;
		return lost;
	}
	for (int i = 0; i < w; i++)
		lost |= b->d[i] != 0;
	for (int i = w; i < b->n; i++)
		b->d[i - w] = b->d[i];
	b->n -= w;
	if (r) {
		lost |= (b->d[0] & ((1u << r) - 1)) != 0;
		for (int i = 0; i < b->n; i++)
			b->d[i] = b->d[i] >> r | (i + 1 < b->n ? b->d[i + 1] << (32 - r) : 0);
	}
	while (b->n && !b->d[b->n - 1])
		b->n--;
	return lost;
}

static void big_inc(struct big *b)
{
	for (int i = 0; i < b->n; i++)
		if (++b->d[i])
			return;
	b->d[b->n++] = 1;
}

/* A decimal number: base-10^9 limbs, least significant first, and tz more
 * zero digits after them; len digits in all. */
struct dec {
	int n;
	long len, tz;
	uint32_t d[DEC_LIMBS];
};

static const uint32_t pow10[10] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
				   1000000000};

/* round-half-even(x * 10^s) of the finite x into out (floor instead when down), with s capped where the result is already exact. */
static void scaled(const struct num *x, long s, struct dec *out, struct big *b, bool down)
{
	long exact = x->e < 0 ? -x->e : 0;
	long se = s < exact ? s : exact;
	b->d[0] = (uint32_t)x->lo;
	b->d[1] = (uint32_t)(x->lo >> 32);
	b->d[2] = (uint32_t)x->hi;
	b->d[3] = (uint32_t)(x->hi >> 32);
	b->n = 4;
	while (b->n && !b->d[b->n - 1])
		b->n--;
	if (se > 0)
		big_mul_pow5(b, (int)se);
	/* x * 10^se = b * 2^(e + se) / 5^-se: twice that, floored, then halved with the rounding. */
	long sh = x->e + se + 1;
	bool lost = false;
	if (sh >= 0)
		big_shl(b, (int)sh);
	else
		lost = big_shr(b, (int)-sh);
	if (se < 0)
		lost |= big_div_pow5(b, (int)-se);
	bool half = b->n && (b->d[0] & 1);
	big_shr(b, 1);
	if (half && !down && (lost || (b->n && (b->d[0] & 1))))
		big_inc(b);
	out->n = 0;
	do
		out->d[out->n++] = big_div(b, 1000000000);
	while (b->n);
	uint32_t top = out->d[out->n - 1];
	int td = 1;
	while (td < 9 && top >= pow10[td])
		td++;
	out->tz = s - se;
	out->len = 9L * (out->n - 1) + td + out->tz;
}

/* The digit at position i (0: the most significant); '0' outside the number. */
static char digit_at(const struct dec *D, long i)
{
	long own = D->len - D->tz;
	if (i < 0 || i >= own)
		return '0';
	long j = own - 1 - i;
	return (char)('0' + D->d[j / 9] / pow10[j % 9] % 10);
}

static void put_digits(struct br__sink *k, const struct dec *D, long from, long count)
{
	char t[32];
	while (count > 0) {
		int m = count < 32 ? (int)count : 32;
		for (int i = 0; i < m; i++)
			t[i] = digit_at(D, from + i);
		br__put(k, t, (size_t)m);
		from += m;
		count -= m;
	}
}

/* Sign and padding around a body of len bytes; zero padding goes after the prefix (sign, 0x). Returns the spaces owed after the body. */
static size_t lead_in(struct br__sink *k, const struct br__spec *sp, const char *pre, size_t npre, size_t len,
		      bool zero_ok)
{
	size_t w = (size_t)sp->width, fill = w > len ? w - len : 0;
	if (sp->flags & BR__MINUS) {
		br__put(k, pre, npre);
		return fill;
	}
	if (zero_ok && (sp->flags & BR__ZERO)) {
		br__put(k, pre, npre);
		br__pad(k, '0', fill);
	} else {
		br__pad(k, ' ', fill);
		br__put(k, pre, npre);
	}
	return 0;
}

/* A decimal result: int digits [min(0, q - 1), q), a point, fraction digits [q, q + frac), then the exponent text (if any). */
static void emit(struct br__sink *k, const struct br__spec *sp, const char *sign, const struct dec *D, long q,
		 long frac, const char *ex, size_t nex)
{
	long from = q > 0 ? 0 : q - 1;
	bool point = frac > 0 || (sp->flags & BR__ALT);
	size_t ns = *sign != 0;
	size_t len = ns + (size_t)(q - from) + point + (size_t)frac + nex;
	size_t after = lead_in(k, sp, sign, ns, len, true);
	put_digits(k, D, from, q - from);
	if (point)
		br__put(k, ".", 1);
	put_digits(k, D, q, frac);
	br__put(k, ex, nex);
	br__pad(k, ' ', after);
}

/* The exponent text: e+05, P-1022 (min digits 2 for e, 1 for p); its length. */
static size_t exponent(char *t, char letter, long x, int min)
{
	char d[8];
	int n = 0;
	unsigned long u = x < 0 ? (unsigned long)-x : (unsigned long)x;
	do
		d[n++] = (char)('0' + u % 10);
	while (u /= 10);
	while (n < min)
		d[n++] = '0';
	size_t len = 0;
	t[len++] = letter;
	t[len++] = x < 0 ? '-' : '+';
	while (n)
		t[len++] = d[--n];
	return len;
}

/* The number of bits of the mantissa (a loop: __builtin_clzll is a libgcc call on riscv64 without Zbb). */
static int bitlen(const struct num *x)
{
	uint64_t v = x->hi ? x->hi : x->lo;
	int n = x->hi ? 64 : 0;
	while (v) {
		v >>= 1;
		n++;
	}
	return n;
}

/* The scientific form with p + 1 digits: R in D and the decimal exponent X. */
static long scientific(const struct num *x, long p, struct dec *D, struct big *b)
{
	if (x->cls == ZERO) {
		D->n = 1;
		D->d[0] = 0;
		D->tz = p;
		D->len = p + 1;
		return 0;
	}
	/* floor(log10(2) * (e + bits - 1)), off by at most one, then corrected
	 * on the value truncated, not rounded: floor(x * 10^(p - X)) has p + 1
	 * digits exactly when X = floor(log10 x). (Judged on the rounded value,
	 * an estimate one too high was taken whenever rounding carried to
	 * 10^p: 9.92e-4446 printed as 1.0E-4445 at %.1LE.) */
	long l2 = x->e + bitlen(x) - 1;
	long X = l2 >= 0 ? l2 * 78913 >> 18 : -((-l2 * 78913 + (1 << 18) - 1) >> 18);
	for (;;) {
		scaled(x, p - X, D, b, true);
		if (D->len > p + 1)
			X++;
		else if (D->len < p + 1)
			X--;
		else
			break;
	}
	scaled(x, p - X, D, b, false);
	if (D->len > p + 1) /* rounding carried to 10^(p + 1): 1.00...0 at X + 1 */
		scaled(x, p - ++X, D, b, false);
	return X;
}

/* Whether x (which rounds to 10^X at p significant digits) is below 10^X. */
static bool carried(const struct num *x, long X, struct big *b)
{
	struct dec F;
	scaled(x, 0 - X, &F, b, true);
	return F.len - F.tz == 1 && F.d[0] == 0;
}

/* The fraction digits of a %g result after dropping its trailing zeros. */
static long strip(const struct dec *D, long q, long frac)
{
	while (frac > 0 && digit_at(D, q + frac - 1) == '0')
		frac--;
	return frac;
}

static void decimal(struct br__sink *k, const struct br__spec *sp, const struct num *x, const char *sign)
{
	struct dec D;
	struct big b;
	char ex[16];
	char c = sp->conv | 0x20, E = (char)(sp->conv == 'G' || sp->conv == 'E' ? 'E' : 'e');
	long p = sp->prec < 0 ? 6 : sp->prec;

	if (c == 'f') {
		if (x->cls == ZERO) {
			D.n = 1;
			D.d[0] = 0;
			D.tz = 0;
			D.len = 1;
		} else {
			scaled(x, p, &D, &b, false);
		}
		emit(k, sp, sign, &D, D.len - p, p, ex, 0);
		return;
	}
	if (c == 'g' && p == 0)
		p = 1;
	long X = scientific(x, c == 'g' ? p - 1 : p, &D, &b);
	if (c == 'g') {
		bool alt = sp->flags & BR__ALT;
		if (X < p && X >= -4) {
			long frac = p - 1 - X;
			emit(k, sp, sign, &D, X + 1, alt ? frac : strip(&D, X + 1, frac), ex, 0);
			return;
		}
		/* glibc's quirk, copied: with '#', a value that was in the f range
		 * (X was p - 1) until rounding carried it to 10^p is printed with
		 * no fraction digits ("%#g" of 999999.5 is "1.e+06"). */
		if (alt && X == p && carried(x, p, &b))
			p = 0;
		else
			p = alt ? p - 1 : strip(&D, 1, p - 1);
	}
	emit(k, sp, sign, &D, 1, p, ex, exponent(ex, E, X, 2));
}

static void hex(struct br__sink *k, const struct br__spec *sp, struct num *x, const char *sign)
{
	bool upper = sp->conv == 'A';
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	unsigned nd = x->nfrac;
	char pre[3] = {0};
	char body[160];
	size_t n = 0;

	/* The fraction as nibbles, most significant first. */
	unsigned char nib[32];
	for (unsigned i = 0; i < x->nfrac; i++) {
		unsigned sh = 4 * (x->nfrac - 1 - i);
		uint64_t w = sh >= 64 ? x->fhi >> (sh - 64) : x->flo >> sh | (sh ? x->fhi << (64 - sh) : 0);
		nib[i] = (unsigned char)(w & 15);
	}
	if (sp->prec < 0) {
		while (nd && !nib[nd - 1])
			nd--;
	} else if ((unsigned)sp->prec < nd) {
		/* Round half to even at prec digits. */
		unsigned p = (unsigned)sp->prec;
		bool more = false;
		for (unsigned i = p + 1; i < nd; i++)
			more |= nib[i] != 0;
		unsigned last = p ? nib[p - 1] : x->lead;
		if (nib[p] > 8 || (nib[p] == 8 && (more || (last & 1)))) {
			int i = (int)p - 1;
			while (i >= 0 && nib[i] == 15)
				nib[i--] = 0;
			if (i >= 0)
				nib[i]++;
			else if (++x->lead == 16) {
				x->lead = 1;
				x->pexp += 4;
			}
		}
		nd = p;
	}
	unsigned prec = sp->prec < 0 ? nd : (unsigned)sp->prec;
	size_t np = 0;
	if (*sign)
		pre[np++] = *sign;
	body[n++] = '0';
	body[n++] = upper ? 'X' : 'x';
	/* The sign and 0x go before any zero padding. */
	size_t after, len;
	char ex[16];
	size_t nex = exponent(ex, upper ? 'P' : 'p', x->pexp, 1);
	bool point = prec > 0 || (sp->flags & BR__ALT);
	len = np + 2 + 1 + point + prec + nex;
	for (size_t i = 0; i < 2; i++)
		pre[np + i] = body[i];
	after = lead_in(k, sp, pre, np + 2, len, true);
	n = 0;
	body[n++] = digits[x->lead];
	if (point)
		body[n++] = '.';
	for (unsigned i = 0; i < nd && i < prec; i++)
		body[n++] = digits[nib[i]];
	br__put(k, body, n);
	if (prec > nd)
		br__pad(k, '0', prec - nd);
	br__put(k, ex, nex);
	br__pad(k, ' ', after);
}

/* Reads the argument (double, or long double with L) into x. */
static void take(struct num *x, const struct br__spec *sp, struct br__va *va)
{
	uint64_t lo;
	unsigned ex;
	x->fhi = 0;
#if LDBL_MANT_DIG != 53
	if (sp->flags & BR__LONGDBL) {
		long double v = va_arg(va->ap, long double);
		unsigned char bytes[sizeof v];
		__builtin_memcpy(bytes, &v, sizeof v);
		__builtin_memcpy(&lo, bytes, 8);
#if LDBL_MANT_DIG == 64
		/* x87: 64-bit mantissa with an explicit integer bit, 15-bit exponent. */
		uint16_t se;
		__builtin_memcpy(&se, bytes + 8, 2);
		x->neg = se >> 15;
		ex = se & 0x7fffu;
		bool ibit = lo >> 63;
		/* Encodings without the integer bit where one belongs (unnormals,
		 * pseudo-infinities and pseudo-NaNs) print as nan, as in glibc. */
		x->cls = ex == 0x7fff ? (ibit && lo << 1 == 0 ? INF : NOTANUM)
			 : ex && !ibit    ? NOTANUM
			 : lo             ? FINITE
					  : ZERO;
		x->hi = 0;
		x->lo = lo;
		/* A pseudo-denormal (exponent 0, integer bit set) is worth its
		 * fraction bits alone in glibc's decimal output, unless they are
		 * all zero; %La shows the bits as they are. */
		if (!ex && ibit && lo << 1)
			x->lo = lo << 1 >> 1;
		x->e = (ex ? (int)ex : 1) - 16383 - 63;
		/* glibc's %La: the top nibble (integer bit included) leads. */
		x->lead = (unsigned)(lo >> 60);
		x->flo = lo & ((1ull << 60) - 1);
		x->nfrac = 15;
		x->pexp = (ex ? (int)ex : 1) - 16383 - 3;
#else
		/* IEEE binary128: implicit integer bit, 112-bit fraction. */
		uint64_t hi;
		__builtin_memcpy(&hi, bytes + 8, 8);
		x->neg = hi >> 63;
		ex = (unsigned)(hi >> 48) & 0x7fff;
		hi &= (1ull << 48) - 1;
		x->cls = ex == 0x7fff ? (hi | lo ? NOTANUM : INF) : ex || hi || lo ? FINITE : ZERO;
		x->lo = x->flo = lo;
		x->fhi = hi;
		x->hi = hi | (ex ? 1ull << 48 : 0);
		x->e = (ex ? (int)ex : 1) - 16383 - 112;
		x->lead = ex != 0;
		x->nfrac = 28;
		x->pexp = (ex ? (int)ex : 1) - 16383;
#endif
	} else
#endif
	{
#if LDBL_MANT_DIG == 53
		double v = (sp->flags & BR__LONGDBL) ? (double)va_arg(va->ap, long double) : va_arg(va->ap, double);
#else
		double v = va_arg(va->ap, double);
#endif
		__builtin_memcpy(&lo, &v, 8);
		x->neg = lo >> 63;
		ex = (unsigned)(lo >> 52) & 0x7ff;
		lo &= (1ull << 52) - 1;
		x->cls = ex == 0x7ff ? (lo ? NOTANUM : INF) : ex || lo ? FINITE : ZERO;
		x->hi = 0;
		x->lo = lo | (ex ? 1ull << 52 : 0);
		x->e = (ex ? (int)ex : 1) - 1075;
		x->flo = lo;
		x->lead = ex != 0;
		x->nfrac = 13;
		x->pexp = (ex ? (int)ex : 1) - 1023;
	}
	if (x->cls == ZERO)
		x->pexp = 0;
}

void br__fmt_float(struct br__sink *k, const struct br__spec *sp, struct br__va *va)
{
	struct num x;
	take(&x, sp, va);
	const char *sign = x.neg ? "-" : (sp->flags & BR__PLUS) ? "+" : (sp->flags & BR__SPACE) ? " " : "";
	if (x.cls == INF || x.cls == NOTANUM) {
		bool upper = !(sp->conv & 0x20);
		const char *t = x.cls == INF ? (upper ? "INF" : "inf") : (upper ? "NAN" : "nan");
		size_t after = lead_in(k, sp, sign, *sign != 0, 3 + (*sign != 0), false);
		br__put(k, t, 3);
		br__pad(k, ' ', after);
	} else if ((sp->conv | 0x20) == 'a') {
		hex(k, sp, &x, sign);
	} else {
		decimal(k, sp, &x, sign);
	}
}
