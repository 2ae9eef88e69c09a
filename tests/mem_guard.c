/* SPDX-License-Identifier: MIT */
/* The mem functions against a byte-by-byte reference, with random sizes
 * (0 B .. 4 MiB, most small), alignments and overlaps, every buffer placed
 * in a mapping with a PROT_NONE page on both sides, flush against one of
 * them (or a few bytes from it), so that a load or store past either end of
 * a range faults. Each function's cases run in a forked child, so that a
 * fault is reported as a failed test point, not a crash. Seeded: a fixed
 * seed, then one from getrandom (printed, to replay: BR_MEM_SEED=N). */
#include "tap.h"

#define PAGE 4096u
#define MAXN (4u << 20)
/* Each arena: guard page, MAXN + 2 pages of data, guard page. */
#define ARENA (MAXN + 2 * PAGE)

static unsigned char *arena[2]; /* data start of each arena */
static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Mostly small sizes, every range up to 4 MiB now and then. */
static size_t rsize(void)
{
	uint64_t r = rnd();
	unsigned k = (unsigned)(r % 128);
	if (k == 0)
		return (size_t)(r >> 8) % (MAXN + 1);
	if (k < 12)
		return (size_t)(r >> 8) % (64 * 1024);
	if (k < 40)
		return (size_t)(r >> 8) % 4096;
	return (size_t)(r >> 8) % 300;
}

/* Where a range of len bytes goes in arena a: flush against the low or the
 * high guard page, or up to 63 bytes from it (any alignment). */
static unsigned char *place(int a, size_t len)
{
	uint64_t r = rnd();
	size_t gap = (r & 2) ? 0 : (size_t)(r >> 8) % 64;
	if (gap > ARENA - len)
		gap = ARENA - len;
	return (r & 1) ? arena[a] + gap : arena[a] + ARENA - len - gap;
}

typedef volatile unsigned char vbyte;

static void pattern(unsigned char *p, size_t n, uint64_t seed)
{
	vbyte *b = p;
	uint64_t x = seed | 1;
	for (size_t i = 0; i < n; i++) {
		x = x * 6364136223846793005u + 1442695040888963407u;
		b[i] = (unsigned char)(x >> 56);
	}
}

/* Index of the first difference between [a, a+n) and [b, b+n), n if none. */
static size_t differ(const void *a, const void *b, size_t n)
{
	const vbyte *x = a, *y = b;
	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return i;
	return n;
}

/* The functions under test, through volatile pointers, so that the compiler
 * neither inlines nor folds them. */
static void *(*volatile f_memcpy)(void *restrict, const void *restrict, size_t) = memcpy;
static void *(*volatile f_memmove)(void *, const void *, size_t) = memmove;
static void *(*volatile f_memset)(void *, int, size_t) = memset;
static int (*volatile f_memcmp)(const void *, const void *, size_t) = memcmp;
static int (*volatile f_bcmp)(const void *, const void *, size_t) = bcmp;

static int cases;
/* A copy of the destination arena as it must be afterwards. */
static unsigned char *want;

static void say_case(const char *what, size_t n, const void *d, const void *s, uint64_t seed)
{
	tap_puts("#   ");
	tap_puts(what);
	tap_puts(": n=");
	tap_putu(n);
	tap_puts(" dst%4096=");
	tap_putu((uintptr_t)d % 4096);
	tap_puts(" src%4096=");
	tap_putu((uintptr_t)s % 4096);
	tap_puts(" case seed=");
	tap_putu(seed);
	tap_puts("\n");
}

/* The window of the destination arena that is compared: the range and 4 KiB
 * either side (within the arena). */
static bool window_ok(const unsigned char *lo, const unsigned char *hi)
{
	const unsigned char *a = lo - 4096 < arena[0] ? arena[0] : lo - 4096;
	const unsigned char *b = hi + 4096 > arena[0] + ARENA ? arena[0] + ARENA : hi + 4096;
	return differ(a, want + (a - arena[0]), (size_t)(b - a)) == (size_t)(b - a);
}

static void run_memcpy(void)
{
	unsigned bad = 0;
	for (int c = 0; c < cases; c++) {
		uint64_t seed = rng;
		size_t n = rsize();
		unsigned char *d = place(0, n), *s = place(1, n);
		pattern(s, n, seed);
		size_t lo = (size_t)(d - arena[0]);
		size_t wlo = lo > 4096 ? lo - 4096 : 0, whi = lo + n + 4096 < ARENA ? lo + n + 4096 : ARENA;
		pattern(arena[0] + wlo, whi - wlo, ~seed);
		/* want = the window as it is, with [d, d+n) from s. */
		for (size_t i = wlo; i < whi; i++)
			((vbyte *)want)[i] = arena[0][i];
		for (size_t i = 0; i < n; i++)
			((vbyte *)want)[lo + i] = ((vbyte *)s)[i];
		void *r = f_memcpy(d, s, n);
		if ((r != d || !window_ok(d, d + n)) && !bad++)
			say_case("memcpy", n, d, s, seed);
	}
	tap_c_eq(bad, 0, "memcpy: random sizes and alignments, buffers against PROT_NONE pages, match the reference");
}

/* memmove within arena 0: source and destination at a random distance
 * (overlapping in either direction, or not), the pair flush against a
 * guard or near it. */
static void run_memmove(void)
{
	unsigned bad = 0;
	for (int c = 0; c < cases; c++) {
		uint64_t seed = rng;
		size_t n = rsize();
		uint64_t r = rnd();
		size_t dist = (r & 3) == 0 ? (size_t)(r >> 8) % (n + 1) : (size_t)(r >> 8) % (n < 64 ? 64 : n / 4 + 1);
		if (n + dist > ARENA)
			dist = ARENA - n;
		unsigned char *lo = place(0, n + dist), *d, *s;
		if (r & 4)
			d = lo + dist, s = lo;
		else
			d = lo, s = lo + dist;
		size_t off = (size_t)(lo - arena[0]);
		size_t wlo = off > 4096 ? off - 4096 : 0;
		size_t whi = off + n + dist + 4096 < ARENA ? off + n + dist + 4096 : ARENA;
		pattern(arena[0] + wlo, whi - wlo, seed);
		for (size_t i = wlo; i < whi; i++)
			((vbyte *)want)[i] = arena[0][i];
		/* The reference goes through the untouched source in arena 0. */
		size_t so = (size_t)(s - arena[0]), dof = (size_t)(d - arena[0]);
		for (size_t i = 0; i < n; i++)
			((vbyte *)want)[dof + i] = arena[0][so + i];
		void *ret = f_memmove(d, s, n);
		if ((ret != d || !window_ok(lo, lo + n + dist)) && !bad++)
			say_case(d > s ? "memmove (dst above src)" : "memmove (dst below src)", n, d, s, seed);
	}
	tap_c_eq(bad, 0, "memmove: random sizes, alignments and overlaps (both directions), against PROT_NONE pages, match the reference");
}

static void run_memset(void)
{
	unsigned bad = 0;
	for (int c = 0; c < cases; c++) {
		uint64_t seed = rng;
		size_t n = rsize();
		unsigned char *d = place(0, n);
		int v = (int)(rnd() & 0x3ff) - 0x200; /* only the low byte counts */
		size_t lo = (size_t)(d - arena[0]);
		size_t wlo = lo > 4096 ? lo - 4096 : 0, whi = lo + n + 4096 < ARENA ? lo + n + 4096 : ARENA;
		pattern(arena[0] + wlo, whi - wlo, seed);
		for (size_t i = wlo; i < whi; i++)
			((vbyte *)want)[i] = arena[0][i];
		for (size_t i = 0; i < n; i++)
			((vbyte *)want)[lo + i] = (unsigned char)v;
		void *r = f_memset(d, v, n);
		if ((r != d || !window_ok(d, d + n)) && !bad++)
			say_case("memset", n, d, d, seed);
	}
	tap_c_eq(bad, 0, "memset: random sizes, alignments and values, against PROT_NONE pages, match the reference");
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

/* Equal ranges with at most one or two differing bytes (the first decides,
 * compared unsigned), in the two arenas against guards. */
static void run_memcmp(void)
{
	unsigned bad = 0, bad_bcmp = 0;
	for (int c = 0; c < cases; c++) {
		uint64_t seed = rng;
		size_t n = rsize();
		unsigned char *a = place(0, n), *b = place(1, n);
		pattern(a, n, seed);
		for (size_t i = 0; i < n; i++)
			((vbyte *)b)[i] = ((vbyte *)a)[i];
		uint64_t r = rnd();
		int expect = 0;
		if (n && (r & 3)) {
			size_t k = (size_t)(r >> 8) % n;
			unsigned char x = (unsigned char)(r >> 40), y = (unsigned char)(x ^ (1u << (r >> 4 & 7)));
			((vbyte *)a)[k] = x;
			((vbyte *)b)[k] = y;
			expect = x < y ? -1 : 1;
			/* A later difference the other way must not count. */
			if (k + 1 < n) {
				((vbyte *)a)[n - 1] = 0;
				((vbyte *)b)[n - 1] = 0xff;
				if (k == n - 1)
					expect = -1;
			}
		}
		int got = f_memcmp(a, b, n), back = f_memcmp(b, a, n);
		if ((sign(got) != expect || sign(back) != -expect) && !bad++)
			say_case("memcmp", n, a, b, seed);
		if (((f_bcmp(a, b, n) != 0) != (expect != 0)) && !bad_bcmp++)
			say_case("bcmp", n, a, b, seed);
	}
	tap_c_eq(bad, 0, "memcmp: random sizes, alignments and difference positions, against PROT_NONE pages: the sign of the first difference");
	tap_c_eq(bad_bcmp, 0, "bcmp: zero exactly when the ranges are equal");
}

static bool map_arena(unsigned char **data)
{
	void *m;
	if (br_mmap(0, ARENA + 2 * PAGE, BR_PROT_NONE, BR_MAP_PRIVATE | BR_MAP_ANONYMOUS, br_fd_from_raw(-1), 0, &m))
		return false;
	*data = (unsigned char *)m + PAGE;
	return br_mprotect(*data, ARENA, BR_PROT_READ | BR_PROT_WRITE) == BR_OK;
}

static uint64_t parse_seed(const char *s)
{
	uint64_t v = 0;
	return s && tap_parse_dec(&s, 0, &v) ? v : 0;
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	void *w;

	cases = tap_under_qemu() ? 1500 : 6000;
	if (!tap_ok(map_arena(&arena[0]) && map_arena(&arena[1]) &&
			    !br_mmap(0, ARENA, BR_PROT_READ | BR_PROT_WRITE, BR_MAP_PRIVATE | BR_MAP_ANONYMOUS,
				     br_fd_from_raw(-1), 0, &w),
		    "two arenas of 4 MiB between PROT_NONE pages"))
		return tap_done();
	want = w;

	uint64_t seeds[2] = {0x243f6a8885a308d3u, parse_seed(br_getenv("BR_MEM_SEED"))};
	if (!seeds[1] && br_getrandom(&seeds[1], sizeof seeds[1], BR_GRND_NONBLOCK, &(size_t){0}))
		seeds[1] = 12345;
	for (int k = 0; k < 2; k++) {
		tap_puts("# seed ");
		tap_putu(seeds[k]);
		tap_puts(k ? " (random; BR_MEM_SEED=N replays it)\n" : " (fixed)\n");
		rng = seeds[k] | 1;
		tap_in_child(run_memcpy, k ? "memcpy (random seed): no fault" : "memcpy (fixed seed): no fault");
		rng = seeds[k] * 3 | 1;
		tap_in_child(run_memmove, k ? "memmove (random seed): no fault" : "memmove (fixed seed): no fault");
		rng = seeds[k] * 5 | 1;
		tap_in_child(run_memset, k ? "memset (random seed): no fault" : "memset (fixed seed): no fault");
		rng = seeds[k] * 7 | 1;
		tap_in_child(run_memcmp, k ? "memcmp, bcmp (random seed): no fault" : "memcmp, bcmp (fixed seed): no fault");
	}
	return tap_done();
}
