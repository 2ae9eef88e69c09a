/* SPDX-License-Identifier: MIT */
/* mem.c: memcpy, memmove, memset and memcmp (src/mem.c) against byte-by-byte
 * references, for every small size and every alignment of source and
 * destination relative to a machine word, overlapping in both directions,
 * and for large sizes. Guard bytes around the destination must come back
 * untouched. */
#include "tap.h"

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* Called through volatile pointers so that the compiler can neither inline
 * nor fold them: what runs is the code in src/mem.c. */
static void *(*volatile t_memcpy)(void *restrict, const void *restrict, size_t) = memcpy;
static void *(*volatile t_memmove)(void *, const void *, size_t) = memmove;
static void *(*volatile t_memset)(void *, int, size_t) = memset;
static int (*volatile t_memcmp)(const void *, const void *, size_t) = memcmp;

#define SMALL 64
#define ALIGNS 16
#define BIG (64 * 1024)
/* Room for the largest size at the largest offset, plus guards. */
#define SLACK (2 * ALIGNS + 16)

/* The references touch memory through volatile pointers, so that gcc's
 * loop-distribution and clang's loop-idiom passes cannot turn them into
 * calls to the very functions under test. */
typedef volatile unsigned char vbyte;

static void ref_copy(void *dst, const void *src, size_t n)
{
	vbyte *d = dst;
	const vbyte *s = src;
	unsigned char tmp[BIG + SLACK];
	vbyte *t = tmp;

	/* Through a temporary, which gives memmove's semantics for overlaps. */
	for (size_t i = 0; i < n; i++)
		t[i] = s[i];
	for (size_t i = 0; i < n; i++)
		d[i] = t[i];
}

static void ref_fill(void *dst, unsigned char c, size_t n)
{
	vbyte *d = dst;
	for (size_t i = 0; i < n; i++)
		d[i] = c;
}

static bool same(const void *a, const void *b, size_t n)
{
	const vbyte *x = a, *y = b;
	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return false;
	return true;
}

/* Distinct-looking bytes per position and seed, never all equal. */
static void pattern(void *buf, size_t n, unsigned seed)
{
	vbyte *b = buf;
	uint32_t x = seed * 2654435761u + 1;
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		b[i] = (unsigned char)(x >> 16);
	}
}

static unsigned char src_buf[BIG + SLACK], dst_buf[BIG + SLACK], ref_buf[BIG + SLACK];

static void fail_at(const char *what, size_t n, size_t so, size_t dof)
{
	tap_puts("#   ");
	tap_puts(what);
	tap_puts(" wrong at n=");
	tap_putu(n);
	tap_puts(" src+");
	tap_putu(so);
	tap_puts(" dst+");
	tap_putu(dof);
	tap_puts("\n");
}

/* Base offsets are a multiple of 16 so that offset k is k modulo any word. */
#define BASE 16

/* memcpy: each size 0..64 at each of 16x16 alignment pairs; bytes outside
 * [dst, dst + n) keep the pattern, and the return value is dst. */
static void test_memcpy_small(void)
{
	unsigned bad = 0;
	for (size_t n = 0; n <= SMALL; n++)
		for (size_t so = 0; so < ALIGNS; so++)
			for (size_t dof = 0; dof < ALIGNS; dof++) {
				size_t span = SMALL + SLACK;
				pattern(src_buf, span, (unsigned)(n * 256 + so * 16 + dof));
				pattern(dst_buf, span, 7);
				pattern(ref_buf, span, 7);
				ref_copy(ref_buf + BASE + dof, src_buf + BASE + so, n);
				void *r = t_memcpy(dst_buf + BASE + dof, src_buf + BASE + so, n);
				if (r != dst_buf + BASE + dof || !same(dst_buf, ref_buf, span)) {
					if (!bad++)
						fail_at("memcpy", n, so, dof);
				}
			}
	tap_eq(bad, 0, "memcpy: sizes 0..64 x src/dst alignments 0..15 match the reference, guards intact");
}

/* memmove without overlap: the same grid as memcpy. */
static void test_memmove_disjoint(void)
{
	unsigned bad = 0;
	for (size_t n = 0; n <= SMALL; n++)
		for (size_t so = 0; so < ALIGNS; so++)
			for (size_t dof = 0; dof < ALIGNS; dof++) {
				size_t span = SMALL + SLACK;
				pattern(src_buf, span, (unsigned)(n * 256 + so * 16 + dof + 1));
				pattern(dst_buf, span, 9);
				pattern(ref_buf, span, 9);
				ref_copy(ref_buf + BASE + dof, src_buf + BASE + so, n);
				void *r = t_memmove(dst_buf + BASE + dof, src_buf + BASE + so, n);
				if (r != dst_buf + BASE + dof || !same(dst_buf, ref_buf, span)) {
					if (!bad++)
						fail_at("memmove", n, so, dof);
				}
			}
	tap_eq(bad, 0, "memmove (disjoint): sizes 0..64 x alignments 0..15 match the reference");
}

/* memmove within one buffer: dst above src (must copy backwards) and below
 * (forwards), every distance 1..32 that overlaps, every alignment. */
static void test_memmove_overlap(void)
{
	unsigned bad_up = 0, bad_down = 0, bad_same = 0;
	static unsigned char work[4 * SMALL], want[4 * SMALL];
	size_t span = sizeof work;

	for (size_t n = 0; n <= SMALL; n++)
		for (size_t so = 0; so < ALIGNS; so++)
			for (size_t dist = 0; dist <= 32; dist++) {
				size_t lo = SMALL + so;
				/* Upward: dst = src + dist. */
				pattern(work, span, (unsigned)(n * 64 + so + dist * 4096));
				pattern(want, span, (unsigned)(n * 64 + so + dist * 4096));
				ref_copy(want + lo + dist, want + lo, n);
				if (t_memmove(work + lo + dist, work + lo, n) != work + lo + dist || !same(work, want, span)) {
					if (dist == 0 ? !bad_same++ : !bad_up++)
						fail_at("memmove upward", n, so, so + dist);
				}
				/* Downward: dst = src - dist. */
				pattern(work, span, (unsigned)(n * 64 + so + dist * 4096 + 1));
				pattern(want, span, (unsigned)(n * 64 + so + dist * 4096 + 1));
				ref_copy(want + lo - dist, want + lo, n);
				if (t_memmove(work + lo - dist, work + lo, n) != work + lo - dist || !same(work, want, span)) {
					if (dist == 0 ? !bad_same++ : !bad_down++)
						fail_at("memmove downward", n, so, so - dist);
				}
			}
	tap_eq(bad_up, 0, "memmove overlapping, dst above src (backward copy): all sizes, distances, alignments");
	tap_eq(bad_down, 0, "memmove overlapping, dst below src (forward copy): all sizes, distances, alignments");
	tap_eq(bad_same, 0, "memmove with dst == src leaves the bytes as they are");
}

/* memset: every size and alignment, several fill values; only the low byte
 * of c is used (0x1AB fills 0xAB, -1 fills 0xFF). */
static void test_memset(void)
{
	static const int values[] = {0, 0xff, 0x80, 0x7f, 0x1AB, -1, 0x100};
	unsigned bad = 0;

	for (size_t v = 0; v < sizeof values / sizeof values[0]; v++)
		for (size_t n = 0; n <= SMALL; n++)
			for (size_t dof = 0; dof < ALIGNS; dof++) {
				size_t span = SMALL + SLACK;
				pattern(dst_buf, span, (unsigned)(n * 16 + dof));
				pattern(ref_buf, span, (unsigned)(n * 16 + dof));
				ref_fill(ref_buf + BASE + dof, (unsigned char)(values[v] & 0xff), n);
				void *r = t_memset(dst_buf + BASE + dof, values[v], n);
				if (r != dst_buf + BASE + dof || !same(dst_buf, ref_buf, span)) {
					if (!bad++)
						fail_at("memset", n, v, dof);
				}
			}
	tap_eq(bad, 0, "memset: sizes 0..64 x alignments 0..15 x 7 fill values match the reference");

	unsigned char b[24], orig[24];
	pattern(b, sizeof b, 3);
	pattern(orig, sizeof orig, 3);
	t_memset(b + 1, 0x1AB, 21);
	bool ok = b[0] == orig[0] && b[22] == orig[22] && b[23] == orig[23];
	for (int i = 1; i < 22; i++)
		ok &= b[i] == 0xAB;
	tap_ok(ok, "memset(c = 0x1AB) writes 0xAB: only the low byte of c counts");
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

/* memcmp: equal ranges give 0 at every size and alignment; a difference at
 * any position gives the sign of the unsigned byte difference (0x80 is
 * greater than 0x7f); bytes past n do not count. */
static void test_memcmp(void)
{
	unsigned bad_eq = 0, bad_sign = 0;

	for (size_t n = 0; n <= SMALL; n++)
		for (size_t ao = 0; ao < ALIGNS; ao++)
			for (size_t bo = 0; bo < ALIGNS; bo++) {
				unsigned char *a = src_buf + BASE + ao, *b = dst_buf + BASE + bo;
				pattern(a, n, (unsigned)n);
				ref_copy(b, a, n);
				/* Differ just past the end: must not count. */
				a[n] = 1;
				b[n] = 2;
				if (t_memcmp(a, b, n) != 0) {
					if (!bad_eq++)
						fail_at("memcmp equal", n, ao, bo);
				}
				for (size_t k = 0; k < n; k++) {
					/* A difference in the high bit decides unsigned order. */
					a[k] = 0x80;
					b[k] = 0x7f;
					/* A later difference the other way must not matter. */
					if (n - 1 > k) {
						a[n - 1] = 0x00;
						b[n - 1] = 0xff;
					}
					int r1 = t_memcmp(a, b, n), r2 = t_memcmp(b, a, n);
					if (sign(r1) != 1 || sign(r2) != -1) {
						if (!bad_sign++)
							fail_at("memcmp sign", n, ao, bo);
					}
					pattern(a, n, (unsigned)n);
					ref_copy(b, a, n);
				}
			}
	tap_eq(bad_eq, 0, "memcmp of equal ranges is 0 (sizes 0..64, alignments 0..15); the differing byte at n does not count");
	tap_eq(bad_sign, 0, "memcmp sign follows the first differing byte, compared unsigned, both orders");

	tap_ok(t_memcmp("abc", "abd", 3) < 0 && t_memcmp("abd", "abc", 3) > 0 && t_memcmp("abc", "abd", 2) == 0,
	       "memcmp(\"abc\", \"abd\") < 0, reversed > 0, first 2 bytes equal");
}

/* 64 KiB: word loops run for long stretches; offsets chosen to cover equal
 * and unequal alignments of source and destination. */
static void test_large(void)
{
	static const size_t offs[][2] = {{0, 0}, {1, 1}, {3, 0}, {0, 5}, {7, 9}, {8, 8}, {15, 1}};
	unsigned bad_cpy = 0, bad_set = 0, bad_cmp = 0;

	for (size_t i = 0; i < sizeof offs / sizeof offs[0]; i++) {
		size_t so = offs[i][0], dof = offs[i][1];
		pattern(src_buf, sizeof src_buf, (unsigned)i + 100);
		pattern(dst_buf, sizeof dst_buf, 5);
		pattern(ref_buf, sizeof ref_buf, 5);
		ref_copy(ref_buf + BASE + dof, src_buf + BASE + so, BIG);
		if (t_memcpy(dst_buf + BASE + dof, src_buf + BASE + so, BIG) != dst_buf + BASE + dof ||
		    !same(dst_buf, ref_buf, sizeof dst_buf))
			bad_cpy++;

		/* memcmp over the copy: equal, then a difference in the last byte. */
		if (t_memcmp(dst_buf + BASE + dof, src_buf + BASE + so, BIG) != 0)
			bad_cmp++;
		dst_buf[BASE + dof + BIG - 1] ^= 0x80;
		int r = t_memcmp(dst_buf + BASE + dof, src_buf + BASE + so, BIG);
		if (r == 0 || sign(r) != (dst_buf[BASE + dof + BIG - 1] > src_buf[BASE + so + BIG - 1] ? 1 : -1))
			bad_cmp++;

		pattern(dst_buf, sizeof dst_buf, 6);
		pattern(ref_buf, sizeof ref_buf, 6);
		ref_fill(ref_buf + BASE + dof, 0x5a, BIG);
		if (t_memset(dst_buf + BASE + dof, 0x35a, BIG) != dst_buf + BASE + dof ||
		    !same(dst_buf, ref_buf, sizeof dst_buf))
			bad_set++;
	}
	tap_eq(bad_cpy, 0, "memcpy 64 KiB at 7 alignment pairs matches the reference");
	tap_eq(bad_cmp, 0, "memcmp 64 KiB: equal is 0, last byte differing gives its sign");
	tap_eq(bad_set, 0, "memset 64 KiB at 7 alignments matches the reference");

	/* Large overlapping moves, by 1 byte and by half the block, both ways. */
	static const size_t dists[] = {1, 7, 8, BIG / 2};
	unsigned bad_up = 0, bad_down = 0;
	for (size_t i = 0; i < sizeof dists / sizeof dists[0]; i++) {
		size_t d = dists[i], len = BIG - d;
		pattern(dst_buf, sizeof dst_buf, (unsigned)d);
		pattern(ref_buf, sizeof ref_buf, (unsigned)d);
		ref_copy(ref_buf + BASE + d, ref_buf + BASE, len);
		if (t_memmove(dst_buf + BASE + d, dst_buf + BASE, len) != dst_buf + BASE + d ||
		    !same(dst_buf, ref_buf, sizeof dst_buf))
			bad_up++;
		pattern(dst_buf, sizeof dst_buf, (unsigned)d + 1);
		pattern(ref_buf, sizeof ref_buf, (unsigned)d + 1);
		ref_copy(ref_buf + BASE, ref_buf + BASE + d, len);
		if (t_memmove(dst_buf + BASE, dst_buf + BASE + d, len) != dst_buf + BASE ||
		    !same(dst_buf, ref_buf, sizeof dst_buf))
			bad_down++;
	}
	tap_eq(bad_up, 0, "memmove ~64 KiB overlapping upward by 1, 7, 8 and 32 Ki bytes");
	tap_eq(bad_down, 0, "memmove ~64 KiB overlapping downward by 1, 7, 8 and 32 Ki bytes");
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;

	test_memcpy_small();
	test_memmove_disjoint();
	test_memmove_overlap();
	test_memset();
	test_memcmp();
	test_large();
	return tap_done();
}
