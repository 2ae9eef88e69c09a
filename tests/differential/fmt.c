/* SPDX-License-Identifier: MIT */
/* Differential test: br_fmt against glibc's snprintf: natively on x86_64,
 * and (when the cross toolchain can link a static glibc program) under
 * qemu-user on aarch64 and riscv64, whose long double is IEEE binary128.
 *
 * A hosted program: bedrock's formatter sources (src/fmt.c, fmt_float.c)
 * are compiled into it and called side by side with glibc. Each case is one
 * random conversion (d i u o x X c s p % e E f F g G a A, every flag
 * combination, width and precision as numbers, as * with negative values
 * too, or absent, every length modifier that fits the conversion) between
 * random literal text, with a random value: integers of every bit length and
 * the extremes, doubles from random bit patterns (NaNs, infinities,
 * subnormals included), short exact binary fractions (whose decimal
 * expansions end early, so ties at the rounding digit are frequent),
 * decimal-looking values, and long doubles from random bit patterns of the
 * target's format (x87: unnormals and pseudo-NaNs included; binary128).
 * Both get the same buffer size:
 * usually room for all, often too little (0, 1, a random cut). Compared:
 * the returned length, every byte written and that nothing beyond the
 * buffer was touched.
 *
 * Seeds: a fixed one always runs; BR_DIFF_SEED (a number or "time") or
 * argv[1] adds another. BR_DIFF_FMT_CASES sets cases per seed (default
 * 1,000,000). BR_DIFF_INJECT=fmt makes the bedrock side format floats with
 * one more digit of precision, to prove that a difference is caught. TAP: a
 * point per 100,000 cases; on the first difference the seed, case, format
 * and both outputs, then exit 1. */
#define _GNU_SOURCE
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <bedrock/fmt.h>

BR_FMT_FLOAT;

#define DEFAULT_SEED 0xf0f0bed5eedULL
#define DEFAULT_CASES 1000000L
#define BLOCK 100000L
#define BUF 20000

static uint64_t rng;
static uint64_t next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
static unsigned below(unsigned n)
{
	return (unsigned)(next() % n);
}
static bool chance(unsigned pct)
{
	return below(100) < pct;
}

static bool inject;
static long failures;

enum kind { K_INT, K_LL, K_DBL, K_LDBL, K_STR, K_PTR, K_NONE };

struct value {
	enum kind kind;
	long long ll;
	double d;
	long double ld;
	const char *s;
	void *p;
};

static const char *const strings[] = {NULL, "", "a", "hello", "hello, world", "with\ttab and\nnewline",
				      "0123456789abcdefghijklmnopqrstuvwxyz0123456789", "%d %s"};

static long long rand_int(void)
{
	switch (below(8)) {
	case 0:
		return (long long)(next() >> below(64));
	case 1:
		return -(long long)(next() >> (1 + below(63)));
	case 2: {
		static const long long sp[] = {0, 1, -1, 127, 128, -128, 255, 256, 32767, -32768, 65535, INT_MAX,
					       INT_MIN, UINT_MAX, LLONG_MAX, LLONG_MIN, 10, 100, 1000000};
		return sp[below(sizeof sp / sizeof sp[0])];
	}
	default:
		return (long long)next();
	}
}

static double rand_double(void)
{
	uint64_t b;
	double d;
	switch (below(10)) {
	case 0:
	case 1:
		b = next();
		memcpy(&d, &b, 8);
		return d;
	case 2: { /* exact short binary fractions: ties at the rounding digit */
		double m = (double)(next() % (1u << below(24)));
		int e = (int)below(40) - 20;
		d = m;
		while (e > 0)
			d *= 2, e--;
		while (e < 0)
			d /= 2, e++;
		return chance(50) ? -d : d;
	}
	case 3: { /* decimal-looking */
		double m = (double)(next() % 100000000);
		int k = (int)below(40) - 20;
		d = m;
		for (; k > 0; k--)
			d *= 10;
		for (; k < 0; k++)
			d /= 10;
		return d;
	}
	case 4: {
		static const double sp[] = {0.0, -0.0, 1.0, 0.5, 1.5, 2.5, 0.1, 1e22, 1e23, 5e-324, 2.2250738585072014e-308,
					    1.7976931348623157e308, 9.5, 0.05, 999999.5, 0.000099995, 1e-5, 123456789.0};
		d = sp[below(sizeof sp / sizeof sp[0])];
		return chance(30) ? -d : d;
	}
	case 5: {
		static const uint64_t sp[] = {0x7ff0000000000000ULL, 0xfff0000000000000ULL, 0x7ff8000000000000ULL,
					      0xfff8000000000000ULL, 0x7ff0000000000001ULL, 0x000fffffffffffffULL,
					      0x0000000000000001ULL, 0x8000000000000001ULL};
		b = sp[below(sizeof sp / sizeof sp[0])];
		memcpy(&d, &b, 8);
		return d;
	}
	default: { /* random finite, moderate exponent */
		b = (next() & 0x800fffffffffffffULL) | ((uint64_t)(1023 - 70 + below(140)) << 52);
		memcpy(&d, &b, 8);
		return d;
	}
	}
}

static long double rand_ldouble(void)
{
	long double v = 0;
	unsigned char bytes[sizeof(long double)] = {0};
#if LDBL_MANT_DIG == 64
	/* x87: 64-bit mantissa with an explicit integer bit, sign and exponent in the next 16 bits. */
	uint64_t m = next();
	uint16_t se;
	switch (below(8)) {
	case 0: /* any bit pattern, invalid encodings included */
		se = (uint16_t)next();
		break;
	case 1: /* subnormal or pseudo-denormal */
		se = (uint16_t)(chance(50) << 15);
		m >>= below(64);
		break;
	case 2:
		se = (uint16_t)(0x7fff | chance(50) << 15);
		m = chance(50) ? 1ULL << 63 : m | 1ULL << 63;
		break;
	case 3:
		return (long double)rand_double();
	default:
		se = (uint16_t)((16383 - 80 + below(160)) | chance(50) << 15);
		m |= 1ULL << 63;
		if (chance(50))
			m &= ~0ULL << below(64);
		break;
	}
	memcpy(bytes, &m, 8);
	memcpy(bytes + 8, &se, 2);
#elif LDBL_MANT_DIG == 113
	/* binary128: 112-bit fraction, then 15-bit exponent and the sign (little-endian halves). */
	uint64_t lo = next(), hi = next() & ((1ULL << 48) - 1);
	uint64_t ex;
	switch (below(8)) {
	case 0:
		ex = next() & 0x7fff;
		break;
	case 1: /* subnormal */
		ex = 0;
		if (chance(50)) {
			hi >>= below(49);
			lo = 0;
		} else {
			hi = 0;
			lo >>= below(64);
		}
		break;
	case 2:
		ex = 0x7fff;
		if (chance(50))
			hi = lo = 0;
		break;
	case 3:
		return (long double)rand_double();
	default:
		ex = 16383 - 80 + below(160);
		if (chance(50)) {
			unsigned k = below(112);
			if (k >= 64) {
				lo = 0;
				hi &= ~0ULL << (k - 64);
			} else {
				lo &= ~0ULL << k;
			}
		}
		break;
	}
	hi |= ex << 48 | (uint64_t)chance(50) << 63;
	memcpy(bytes, &lo, 8);
	memcpy(bytes + 8, &hi, 8);
#else
	return (long double)rand_double();
#endif
	memcpy(&v, bytes, sizeof v);
	return v;
}

/* Builds a random format with one conversion; fills v (its argument) and the star values. */
static void gen(char *fmt, struct value *v, int *nstars, int stars[2])
{
	static const char convs[] = "diouxXcsp%eEfFgGaAdfgeaxu";
	char *f = fmt;
	char c = convs[below(sizeof convs - 1)];
	bool fl = strchr("eEfFgGaA", c) != NULL;
	int n = (int)below(4);
	for (int i = 0; i < n; i++)
		*f++ = "abc %x\n-"[below(8)] == '%' ? 'Z' : "abc Z\n-."[below(8)];
	*f++ = '%';
	*nstars = 0;
	for (int i = 0, nf = (int)below(5); i < nf; i++)
		*f++ = "-+ #0"[below(5)];
	if (chance(40)) {
		if (chance(25)) {
			*f++ = '*';
			stars[(*nstars)++] = (int)below(61) - 30;
		} else {
			f += sprintf(f, "%u", 1 + below(30));
		}
	}
	if (chance(55)) {
		*f++ = '.';
		if (chance(20)) {
			*f++ = '*';
			stars[(*nstars)++] = (int)below(50) - 8;
		} else if (chance(90)) {
			unsigned p = below(fl && chance(3) ? 1200 : chance(10) ? 60 : 20);
			f += sprintf(f, "%u", p);
		}
	}
	v->kind = K_NONE;
	switch (c) {
	case 'd':
	case 'i':
	case 'o':
	case 'u':
	case 'x':
	case 'X': {
		static const char *const lens[] = {"", "hh", "h", "l", "ll", "z", "t", "j", ""};
		const char *l = lens[below(9)];
		f = stpcpy(f, l);
		v->ll = rand_int();
		v->kind = *l == 'l' || *l == 'z' || *l == 't' || *l == 'j' ? K_LL : K_INT;
		break;
	}
	case 'c':
		v->kind = K_INT;
		v->ll = (long long)below(256);
		break;
	case 's':
		v->kind = K_STR;
		v->s = strings[below(sizeof strings / sizeof strings[0])];
		break;
	case 'p':
		v->kind = K_PTR;
		v->p = chance(20) ? NULL : (void *)(uintptr_t)(next() >> below(64));
		break;
	case '%':
		break;
	default:
		if (chance(30)) {
			*f++ = 'L';
			v->kind = K_LDBL;
			v->ld = rand_ldouble();
		} else {
			v->kind = K_DBL;
			v->d = rand_double();
		}
	}
	*f++ = c;
	n = (int)below(3);
	for (int i = 0; i < n; i++)
		*f++ = "xyz .\n"[below(6)];
	*f = 0;
}

/* Calls fn(buf, size, fmt, stars..., value) with the argument types the format expects. */
#define CALL(fn, buf, size, fmt, ns, st, v)                                                                  \
	((v)->kind == K_NONE ? (ns == 0 ? fn(buf, size, fmt) : ns == 1 ? fn(buf, size, fmt, st[0])              \
								 : fn(buf, size, fmt, st[0], st[1]))          \
	 : (v)->kind == K_INT                                                                                   \
		 ? (ns == 0 ? fn(buf, size, fmt, (int)(v)->ll) : ns == 1 ? fn(buf, size, fmt, st[0], (int)(v)->ll) \
								   : fn(buf, size, fmt, st[0], st[1], (int)(v)->ll)) \
	 : (v)->kind == K_LL                                                                                    \
		 ? (ns == 0 ? fn(buf, size, fmt, (v)->ll) : ns == 1 ? fn(buf, size, fmt, st[0], (v)->ll)          \
								    : fn(buf, size, fmt, st[0], st[1], (v)->ll))    \
	 : (v)->kind == K_DBL                                                                                   \
		 ? (ns == 0 ? fn(buf, size, fmt, (v)->d) : ns == 1 ? fn(buf, size, fmt, st[0], (v)->d)            \
								   : fn(buf, size, fmt, st[0], st[1], (v)->d))      \
	 : (v)->kind == K_LDBL                                                                                  \
		 ? (ns == 0 ? fn(buf, size, fmt, (v)->ld) : ns == 1 ? fn(buf, size, fmt, st[0], (v)->ld)          \
								    : fn(buf, size, fmt, st[0], st[1], (v)->ld))    \
	 : (v)->kind == K_STR                                                                                   \
		 ? (ns == 0 ? fn(buf, size, fmt, (v)->s) : ns == 1 ? fn(buf, size, fmt, st[0], (v)->s)            \
								   : fn(buf, size, fmt, st[0], st[1], (v)->s))      \
		 : (ns == 0 ? fn(buf, size, fmt, (v)->p) : ns == 1 ? fn(buf, size, fmt, st[0], (v)->p)            \
								   : fn(buf, size, fmt, st[0], st[1], (v)->p)))

static long glibc_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	long n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static long br_side(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	char f2[128];
	va_start(ap, fmt);
	if (inject) {
		/* A wrong formatter: floats get one more digit than asked. */
		const char *pc = strrchr(fmt, '%');
		if (pc && strpbrk(pc, "eEfFgGaA") && !strchr(pc, '.')) {
			snprintf(f2, sizeof f2, "%.*s.7%s", (int)(pc - fmt + 1), fmt, pc + 1);
			fmt = f2;
		}
	}
	long n = (long)br_vfmt(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static char gbuf[BUF + 16], bbuf[BUF + 16];

static void show(const char *what, const char *s, long n)
{
	printf("#   %s (%ld): \"", what, n);
	for (long i = 0; i < n && i < 400; i++)
		putchar(s[i] >= 32 && s[i] < 127 ? s[i] : '?');
	printf("\"\n");
}

static bool one_case(uint64_t seed, long idx)
{
	char fmt[128];
	struct value v = {0};
	int ns, st[2] = {0, 0};
	gen(fmt, &v, &ns, st);
	/* Buffer size: usually all of it, often a cut. */
	size_t size;
	unsigned r = below(10);
	memset(gbuf, 0x5a, sizeof gbuf);
	memset(bbuf, 0x5a, sizeof bbuf);
	long gl = CALL(glibc_fmt, gbuf, BUF, fmt, ns, st, &v);
	if (gl < 0 || gl >= BUF)
		return true; /* glibc refused (EOVERFLOW) or too long for the buffer: not comparable */
	size = r == 0 ? 0 : r == 1 ? 1 : r < 4 ? 1 + below((unsigned)gl + 1) : BUF;
	if (size != BUF) {
		memset(gbuf, 0x5a, sizeof gbuf);
		gl = CALL(glibc_fmt, gbuf, size, fmt, ns, st, &v);
	}
	long bl = CALL(br_side, bbuf, size, fmt, ns, st, &v);
	if (gl == bl && memcmp(gbuf, bbuf, sizeof gbuf) == 0)
		return true;
	failures++;
	printf("not ok - seed 0x%" PRIx64 " case %ld: format \"%s\" size %zu", seed, idx, fmt, size);
	for (int i = 0; i < ns; i++)
		printf(" star %d", st[i]);
	if (v.kind == K_DBL)
		printf(" value %a", v.d);
	if (v.kind == K_LDBL) {
		unsigned char b[sizeof(long double)];
		memcpy(b, &v.ld, sizeof b);
		printf(" value %La bytes", v.ld);
		for (int i = (LDBL_MANT_DIG == 64 ? 10 : (int)sizeof b) - 1; i >= 0; i--)
			printf("%02x", b[i]);
	}
	if (v.kind == K_INT || v.kind == K_LL)
		printf(" value %lld", v.ll);
	printf("\n");
	show("glibc  ", gbuf, gl < (long)size ? gl : (long)size);
	show("bedrock", bbuf, bl < (long)size ? bl : (long)size);
	return false;
}

static uint64_t parse_seed(const char *s)
{
	if (strcmp(s, "time") == 0) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		return (uint64_t)ts.tv_sec * 1000000007ULL ^ (uint64_t)ts.tv_nsec;
	}
	return strtoull(s, NULL, 0);
}

int main(int argc, char **argv)
{
	uint64_t seeds[2] = {DEFAULT_SEED, 0};
	int nseeds = 1, point = 0;
	long cases = DEFAULT_CASES;
	const char *s = argc > 1 ? argv[1] : getenv("BR_DIFF_SEED");
	if (s && *s && (seeds[1] = parse_seed(s)) != seeds[0])
		nseeds = 2;
	if ((s = getenv("BR_DIFF_FMT_CASES")) && *s)
		cases = atol(s) > 0 ? atol(s) : 1;
	inject = (s = getenv("BR_DIFF_INJECT")) && strcmp(s, "fmt") == 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	long blocks = (cases + BLOCK - 1) / BLOCK;
	printf("1..%ld\n", nseeds * blocks);
	for (int i = 0; i < nseeds; i++) {
		rng = seeds[i];
		printf("# seed 0x%" PRIx64 " (rerun: BR_DIFF_SEED=0x%" PRIx64 "), %ld cases\n", seeds[i], seeds[i], cases);
		for (long b = 0; b < blocks; b++) {
			long from = b * BLOCK, to = from + BLOCK < cases ? from + BLOCK : cases;
			bool ok = true;
			for (long c = from; c < to && ok; c++)
				ok = one_case(seeds[i], c);
			printf("%sok %d - seed 0x%" PRIx64 ": cases %ld..%ld identical to glibc's snprintf\n", ok ? "" : "not ",
			       ++point, seeds[i], from, to - 1);
			if (!ok)
				return 1;
		}
	}
	return 0;
}
