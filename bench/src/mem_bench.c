/* SPDX-License-Identifier: MIT */
/* mem* throughput, the same source for bedrock (-DBEDROCK), glibc and musl
 * static binaries: whatever memcpy/memmove/memset/memcmp the runtime links
 * is what is measured, called through volatile pointers (never inlined or
 * folded by the caller's compiler).
 *
 *   mem_bench time            one line per (function, alignment, size):
 *                             "func align size ns_per_call", best of 7
 *   mem_bench run F N MIS R   F (memcpy memmove memset memcmp) on N bytes
 *                             R times, misaligned when MIS is 1: for
 *                             instruction counts under qemu (bench/mem runs
 *                             R = 1 and R = 3 and takes the difference;
 *                             for whole-process timing of large sizes)
 *
 * Aligned: both buffers at a multiple of 64. Misaligned: source at +1,
 * destination at +3 (memcmp: +1 and +3 too). memmove copies between two
 * distinct buffers (no overlap), memcmp compares two equal ranges (the
 * whole length is read). */
#ifdef BEDROCK
#include <bedrock/bedrock.h>
#else
#include <string.h>
#include <time.h>
#include <unistd.h>
#endif
#include <stddef.h>
#include <stdint.h>

#define MAXN (16u << 20)
static unsigned char bufa[MAXN + 128] __attribute__((aligned(64)));
static unsigned char bufb[MAXN + 128] __attribute__((aligned(64)));

static void *(*volatile p_memcpy)(void *, const void *, size_t) = memcpy;
static void *(*volatile p_memmove)(void *, const void *, size_t) = memmove;
static void *(*volatile p_memset)(void *, int, size_t) = memset;
static int (*volatile p_memcmp)(const void *, const void *, size_t) = memcmp;
static volatile int sink;

static void out(const char *s, size_t n)
{
#ifdef BEDROCK
	(void)!br_write_all(BR_STDOUT, s, n);
#else
	while (n) {
		ssize_t w = write(1, s, n);
		if (w <= 0)
			return;
		s += w, n -= (size_t)w;
	}
#endif
}

static uint64_t now_ns(void)
{
#ifdef BEDROCK
	br_timespec t;
	if (br_clock_gettime(BR_CLOCK_MONOTONIC, &t))
		return 0;
	return (uint64_t)t.sec * 1000000000u + (uint64_t)t.nsec;
#else
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
#endif
}

static char line[128];
static size_t llen;
static void put(const char *s)
{
	while (*s && llen < sizeof line)
		line[llen++] = *s++;
}
static void putn(uint64_t v)
{
	char b[24], *p = b + 23;
	*p = 0;
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	put(p);
}
static void flush(void)
{
	out(line, llen);
	llen = 0;
}

static uint64_t parse(const char *s)
{
	uint64_t v = 0;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	return v;
}

static int eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* R calls of function f on n bytes. */
static void op(int f, size_t n, int mis, uint64_t reps)
{
	unsigned char *a = bufa + (mis ? 3 : 0), *b = bufb + (mis ? 1 : 0);
	for (uint64_t i = 0; i < reps; i++) {
		switch (f) {
		case 0:
			p_memcpy(a, b, n);
			break;
		case 1:
			p_memmove(a, b, n);
			break;
		case 2:
			p_memset(a, (int)i, n);
			break;
		default:
			sink = p_memcmp(a, b, n);
			break;
		}
	}
}

static const char *const names[] = {"memcpy", "memmove", "memset", "memcmp"};

int main(int argc, char **argv, char **envp)
{
	(void)envp;
	if (argc == 6 && eq(argv[1], "run")) {
		/* Nothing else runs: the buffers are zero, so equal for memcmp. */
		int f = 0;
		while (f < 4 && !eq(argv[2], names[f]))
			f++;
		if (f == 4)
			return 2;
		size_t n = (size_t)parse(argv[3]);
		/* A zero written to each page makes it a page of its own (an
		 * untouched one reads the shared zero page, always cached). */
		for (size_t i = 0; i < n + 8 && i < sizeof bufa; i += 4096)
			((volatile unsigned char *)bufa)[i] = ((volatile unsigned char *)bufb)[i] = 0;
		op(f, n, (int)parse(argv[4]), parse(argv[5]));
		return 0;
	}
	if (argc != 2 || !eq(argv[1], "time"))
		return 2;
	/* Touch every page before timing. */
	for (size_t i = 0; i < sizeof bufa; i++)
		bufa[i] = bufb[i] = (unsigned char)(i * 7);

	static const size_t sizes[] = {8,    16,    32,    64,     128,    256,     512,     1024,    2048,
				       4096, 8192,  16384, 32768,  65536,  262144,  1 << 20, 4 << 20, 16 << 20};
	for (int f = 0; f < 4; f++)
		for (int mis = 0; mis < 2; mis++)
			for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
				size_t n = sizes[k];
				if (f == 3) {
					/* Equal contents at both alignments. */
					for (size_t i = 0; i < n + 8; i++)
						bufa[i] = bufb[i] = (unsigned char)i;
					if (mis)
						for (size_t i = 0; i < n; i++)
							bufa[3 + i] = bufb[1 + i];
				}
				uint64_t reps = (64u << 20) / n;
				reps = reps < 4 ? 4 : reps > 400000 ? 400000 : reps;
				uint64_t best = UINT64_MAX;
				op(f, n, mis, reps / 8 + 1); /* warm */
				for (int r = 0; r < 7; r++) {
					uint64_t t0 = now_ns();
					op(f, n, mis, reps);
					uint64_t t = now_ns() - t0;
					best = t < best ? t : best;
				}
				/* ns per call, in thousandths. */
				put(names[f]);
				put(mis ? " misaligned " : " aligned ");
				putn(n);
				put(" ");
				putn(best * 1000 / reps);
				put("\n");
				flush();
			}
	return 0;
}
