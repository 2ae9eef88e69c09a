/* SPDX-License-Identifier: MIT */
/* memcpy, memmove, memset, memcmp and bcmp for any architecture without its
 * own arch/<arch>/mem.c (riscv64 uses these): machine words, never a
 * misaligned access. The destination (for memcmp the first operand) is
 * aligned with byte steps; when the source then is not aligned too, every
 * load is still of an aligned word and two neighbours are shifted together
 * into the word to store. An aligned word containing a byte of a range never
 * crosses a page, so no load touches a page the range does not.
 *
 * Built with -O2, -fno-builtin and -fno-tree-loop-distribute-patterns
 * (meson.build), so that the loops are not turned back into calls to the
 * very functions they implement. */
#include <stddef.h>
#include <stdint.h>

/* may_alias: the words overlay objects of any type. */
typedef uintptr_t __attribute__((__may_alias__)) word;
#define W sizeof(word)
#define MISALIGN(p) ((uintptr_t)(p) & (W - 1))

/* Shifts that move bytes towards lower addresses in a loaded word, and
 * towards higher ones: little-endian puts lower addresses in lower bits. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define TOLOW(x, s) ((x) >> (s))
#define TOHIGH(x, s) ((x) << (s))
#else
#define TOLOW(x, s) ((x) << (s))
#define TOHIGH(x, s) ((x) >> (s))
#endif

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
int bcmp(const void *a, const void *b, size_t n);

#define LD(p) (*(const word *)(const void *)(p))
#define ST(p, v) (*(word *)(void *)(p) = (v))

/* Forwards, d aligned to W, n >= W: whole words, then the tail bytes.
 * memmove relies on the order when dst is below src. */
static void copy_fwd_aligned_dst(unsigned char *d, const unsigned char *s, size_t n)
{
	size_t off = MISALIGN(s);
	if (off == 0) {
		for (; n >= 4 * W; n -= 4 * W, d += 4 * W, s += 4 * W) {
			word a = LD(s), b = LD(s + W), c = LD(s + 2 * W), e = LD(s + 3 * W);
			ST(d, a);
			ST(d + W, b);
			ST(d + 2 * W, c);
			ST(d + 3 * W, e);
		}
		for (; n >= W; n -= W, d += W, s += W)
			ST(d, LD(s));
	} else {
		unsigned lo = (unsigned)off * 8, hi = (unsigned)(W * 8) - lo;
		const unsigned char *sa = s - off;
		word cur = LD(sa);
		for (; n >= 2 * W; n -= 2 * W, d += 2 * W, sa += 2 * W) {
			word a = LD(sa + W), b = LD(sa + 2 * W);
			ST(d, TOLOW(cur, lo) | TOHIGH(a, hi));
			ST(d + W, TOLOW(a, lo) | TOHIGH(b, hi));
			cur = b;
		}
		if (n >= W) {
			word a = LD(sa + W);
			ST(d, TOLOW(cur, lo) | TOHIGH(a, hi));
			n -= W, d += W, sa += W;
		}
		s = sa + off;
	}
	while (n--)
		*d++ = *s++;
}

/* Forwards; no restrict here, so that memmove may use it for overlaps with
 * dst below src. */
static inline __attribute__((__always_inline__)) void copy_fwd(unsigned char *d, const unsigned char *s, size_t n)
{
	if (n >= 2 * W) {
		while (MISALIGN(d)) {
			*d++ = *s++;
			n--;
		}
		copy_fwd_aligned_dst(d, s, n);
		return;
	}
	while (n--)
		*d++ = *s++;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	copy_fwd(dst, src, n);
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((uintptr_t)d - (uintptr_t)s >= n) {
		/* dst below src, or no overlap: forwards is safe. */
		copy_fwd(d, s, n);
		return dst;
	}
	/* dst above src and overlapping: backwards from the ends. */
	d += n;
	s += n;
	if (n >= 2 * W) {
		while (MISALIGN(d)) {
			*--d = *--s;
			n--;
		}
		size_t off = MISALIGN(s);
		if (off == 0) {
			for (; n >= 4 * W; n -= 4 * W) {
				d -= 4 * W, s -= 4 * W;
				word a = LD(s), b = LD(s + W), c = LD(s + 2 * W), e = LD(s + 3 * W);
				ST(d + 3 * W, e);
				ST(d + 2 * W, c);
				ST(d + W, b);
				ST(d, a);
			}
			for (; n >= W; n -= W) {
				d -= W, s -= W;
				ST(d, LD(s));
			}
		} else {
			unsigned lo = (unsigned)off * 8, hi = (unsigned)(W * 8) - lo;
			/* sa: the aligned word holding the byte at s (one past the end). */
			const unsigned char *sa = s - off;
			word cur = LD(sa);
			for (; n >= W; n -= W) {
				word prev = LD(sa - W);
				d -= W, sa -= W;
				ST(d, TOLOW(prev, lo) | TOHIGH(cur, hi));
				cur = prev;
			}
			s = sa + off;
		}
	}
	while (n--)
		*--d = *--s;
	return dst;
}

/* memmove loads the word holding the byte at the end of the source, one
 * past the range; that is safe only because it is aligned and the range's
 * last byte shares it whenever off != 0. */

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	unsigned char b = (unsigned char)c;

	if (n >= 2 * W) {
		word w = (word)-1 / 255 * b;
		while (MISALIGN(d)) {
			*d++ = b;
			n--;
		}
		/* 8 words per step, to an end pointer (no counter to keep). */
		unsigned char *e8 = d + (n & ~(8 * W - 1));
		for (; d < e8; d += 8 * W) {
			ST(d, w), ST(d + W, w), ST(d + 2 * W, w), ST(d + 3 * W, w);
			ST(d + 4 * W, w), ST(d + 5 * W, w), ST(d + 6 * W, w), ST(d + 7 * W, w);
		}
		n &= 8 * W - 1;
		for (; n >= W; n -= W, d += W)
			ST(d, w);
	}
	while (n--)
		*d++ = b;
	return dst;
}

/* The order of the first differing byte of two unequal words. */
static int word_order(word x, word y)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* A byte loop, not __builtin_ctz: without a count-trailing-zeros
	 * instruction (riscv64 before Zbb) that is a libgcc call. */
	word d = x ^ y;
	unsigned sh = 0;
	while (!((d >> sh) & 0xff))
		sh += 8;
	return (int)((x >> sh) & 0xff) - (int)((y >> sh) & 0xff);
#else
	return x < y ? -1 : 1;
#endif
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	if (n >= 2 * W) {
		while (MISALIGN(x)) {
			if (*x != *y)
				return *x - *y;
			x++, y++, n--;
		}
		size_t off = MISALIGN(y);
		/* Whole words up to xe, then the tail bytes. */
		const unsigned char *xe = x + (n & ~(W - 1)), *x4 = x + (n & ~(4 * W - 1));
		n &= W - 1;
		if (off == 0) {
			for (; x < x4; x += 4 * W, y += 4 * W) {
				word p0 = LD(x), q0 = LD(y), p1 = LD(x + W), q1 = LD(y + W);
				word p2 = LD(x + 2 * W), q2 = LD(y + 2 * W), p3 = LD(x + 3 * W), q3 = LD(y + 3 * W);
				if (p0 != q0)
					return word_order(p0, q0);
				if (p1 != q1)
					return word_order(p1, q1);
				if (p2 != q2)
					return word_order(p2, q2);
				if (p3 != q3)
					return word_order(p3, q3);
			}
			for (; x < xe; x += W, y += W) {
				word p = LD(x), q = LD(y);
				if (p != q)
					return word_order(p, q);
			}
		} else {
			unsigned lo = (unsigned)off * 8, hi = (unsigned)(W * 8) - lo;
			const unsigned char *ya = y - off;
			word cur = LD(ya);
			for (; x < x4; x += 4 * W, ya += 4 * W) {
				word n1 = LD(ya + W), n2 = LD(ya + 2 * W), n3 = LD(ya + 3 * W), n4 = LD(ya + 4 * W);
				word q0 = TOLOW(cur, lo) | TOHIGH(n1, hi), p0 = LD(x);
				if (p0 != q0)
					return word_order(p0, q0);
				word q1 = TOLOW(n1, lo) | TOHIGH(n2, hi), p1 = LD(x + W);
				if (p1 != q1)
					return word_order(p1, q1);
				word q2 = TOLOW(n2, lo) | TOHIGH(n3, hi), p2 = LD(x + 2 * W);
				if (p2 != q2)
					return word_order(p2, q2);
				word q3 = TOLOW(n3, lo) | TOHIGH(n4, hi), p3 = LD(x + 3 * W);
				if (p3 != q3)
					return word_order(p3, q3);
				cur = n4;
			}
			for (; x < xe; x += W, ya += W) {
				word nx = LD(ya + W), p = LD(x), q = TOLOW(cur, lo) | TOHIGH(nx, hi);
				if (p != q)
					return word_order(p, q);
				cur = nx;
			}
			y = ya + off;
		}
	}
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

/* memcmp's answer is a valid bcmp answer. */
int bcmp(const void *a, const void *b, size_t n) __attribute__((__alias__("memcmp")));
