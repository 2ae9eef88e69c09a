/* SPDX-License-Identifier: MIT */
/* alloc.h: br_alloc, br_alloc_zeroed, br_alloc_aligned, br_realloc, br_free
 * and br_alloc_usable_size. Checked by what the memory holds (every block
 * filled to its usable size with a pattern of its own and checked before it
 * is resized or freed), that no two live blocks overlap, what the kernel
 * lists in /proc/self/maps (large blocks unmapped when freed, emptied runs
 * given back, many small objects sharing a run), errors (overflowing
 * products, bad alignments, impossible sizes, double frees) and that it
 * keeps working after each. Guard pages and exhaustion: tests/alloc_guard.c. */
#include "tap.h"
#include "alloc_common.h"

#define PAGE 4096u
#define KIB 1024u
#define MIB (1024u * 1024u)

static uint64_t rng = 0x9e3779b97f4a7c15u;
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}


static bool all_zero(const void *p, size_t n)
{
	const volatile unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

static bool mapped(const void *p)
{
	uint64_t s, t;
	char perms[5];
	return tap_maps_find(p, &s, &t, perms);
}

/* Sizes 0..BR_ALLOC_SMALL_MAX and some large ones: 16-byte aligned, usable
 * size at least the request, every usable byte writable and kept. */
static void test_basic(void)
{
	static const size_t sizes[] = {0,   1,   15,   16,   17,   100,  128,  129,   255,  256,   1000,
				       4095, 4096, 5000, 8191, 8192, 8193, 65536, 100000, 1 << 20};
	unsigned bad_align = 0, bad_usable = 0, bad_bytes = 0;
	void *p[sizeof sizes / sizeof sizes[0]];
	size_t n = sizeof sizes / sizeof sizes[0];

	for (size_t i = 0; i < n; i++) {
		if (br_alloc(sizes[i], &p[i])) {
			tap_ok(false, "br_alloc of a size from 0 to 1 MiB");
			return;
		}
		size_t u = br_alloc_usable_size(p[i]);
		bad_align += ((uintptr_t)p[i] & 15) != 0;
		bad_usable += u < sizes[i] || (sizes[i] && u > 2 * sizes[i] + PAGE);
		fill(p[i], u, (uint32_t)i);
	}
	for (size_t i = 0; i < n; i++) {
		bad_bytes += check(p[i], br_alloc_usable_size(p[i]), (uint32_t)i) != br_alloc_usable_size(p[i]);
		br_free(p[i]);
	}
	tap_eq(bad_align, 0, "br_alloc: every pointer (0 B .. 1 MiB) is 16-byte aligned");
	tap_eq(bad_usable, 0, "br_alloc_usable_size is at least the request and not far beyond it");
	tap_eq(bad_bytes, 0, "every usable byte of 20 live blocks keeps what was written");
	tap_eq(br_alloc_usable_size(0), 0, "br_alloc_usable_size(NULL) is 0");
	br_free(0);
	tap_ok(true, "br_free(NULL) does nothing");
}

/* 4000 blocks of 16 B lie within 4 runs of 64 KiB: small objects do not
 * cost a page each; freeing them all gives the runs back but one. */
static void test_small_share(void)
{
	enum { N = 4000 };
	static void *p[N];
	uintptr_t lo = UINTPTR_MAX, hi = 0;
	unsigned failed = 0;

	for (int i = 0; i < N; i++) {
		if (br_alloc(16, &p[i])) {
			failed++;
			p[i] = 0;
			continue;
		}
		lo = (uintptr_t)p[i] < lo ? (uintptr_t)p[i] : lo;
		hi = (uintptr_t)p[i] > hi ? (uintptr_t)p[i] : hi;
		fill(p[i], 16, (uint32_t)i);
	}
	tap_eq(failed, 0, "4000 allocations of 16 B succeed");
	/* Not one range necessarily (runs are wherever mmap puts them), so count
	 * the distinct 64 KiB windows the blocks fall in. */
	uintptr_t windows[64];
	unsigned nw = 0;
	bool too_many = false;
	for (int i = 0; i < N && p[i]; i++) {
		uintptr_t w = (uintptr_t)p[i] >> 16;
		unsigned k = 0;
		while (k < nw && windows[k] != w)
			k++;
		if (k == nw) {
			if (nw == 64) {
				too_many = true;
				break;
			}
			windows[nw++] = w;
		}
	}
	tap_ok(!too_many && nw <= 2, "4000 x 16 B share at most two 64 KiB runs (64 KB of blocks, not 4000 pages)");
	unsigned bad = 0;
	for (int i = 0; i < N; i++)
		if (p[i]) {
			bad += check(p[i], 16, (uint32_t)i) != 16;
			br_free(p[i]);
		}
	tap_eq(bad, 0, "each of the 4000 blocks kept its own 16 bytes");
	(void)lo, (void)hi;
}

struct live {
	unsigned char *p;
	size_t size;
	uint32_t tag;
};

static bool overlaps(const struct live *a, const struct live *b)
{
	size_t as = a->size ? a->size : 1, bs = b->size ? b->size : 1;
	return a->p < b->p + bs && b->p < a->p + as;
}

static size_t random_size(void)
{
	uint64_t r = next_rand();
	switch (r % 16) {
	case 0:
		return (size_t)(r >> 8) % (300 * KIB); /* large */
	case 1:
	case 2:
		return (size_t)(r >> 8) % (BR_ALLOC_SMALL_MAX + 1);
	default:
		return (size_t)(r >> 8) % 257;
	}
}

/* A long random sequence of alloc, zeroed alloc, aligned alloc, realloc and
 * free over 300 slots: contents checked at every resize and free, the new
 * block checked against every live block for overlap. */
static void test_random(void)
{
	enum { SLOTS = 300 };
	int ops = tap_under_qemu() ? 6000 : 30000;
	static struct live live[SLOTS];
	unsigned bad_content = 0, bad_overlap = 0, bad_zero = 0, bad_align = 0, errors = 0;
	uint32_t tag = 1;

	for (int op = 0; op < ops; op++) {
		struct live *l = &live[next_rand() % SLOTS];
		unsigned kind = (unsigned)(next_rand() % 8);
		if (l->p) {
			size_t got = check(l->p, l->size, l->tag);
			if (got != l->size && !bad_content++) {
				tap_puts("#   contents lost in a live block at byte ");
				tap_putu(got);
				tap_puts("\n");
			}
			if (kind < 4) {
				br_free(l->p);
				l->p = 0;
				continue;
			}
			/* realloc, keeping min(old, new) bytes. */
			size_t ns = random_size();
			void *q = l->p;
			if (br_realloc(&q, ns)) {
				errors++;
				continue;
			}
			size_t keep = ns < l->size ? ns : l->size;
			bad_content += check(q, keep, l->tag) != keep;
			l->p = q;
			l->size = ns;
			l->tag = tag++;
		} else {
			size_t ns = random_size();
			void *q;
			br_errno e;
			size_t align = 16;
			if (kind < 4) {
				e = br_alloc(ns, &q);
			} else if (kind < 6) {
				e = br_alloc_zeroed(ns / 8 + 1, 8, &q);
				ns = (ns / 8 + 1) * 8;
				if (!e)
					bad_zero += !all_zero(q, ns);
			} else {
				align = (size_t)1 << (next_rand() % 14);
				e = br_alloc_aligned(align, ns, &q);
			}
			if (e) {
				errors++;
				continue;
			}
			bad_align += ((uintptr_t)q & (align - 1)) != 0 || ((uintptr_t)q & 15) != 0;
			l->p = q;
			l->size = ns;
			l->tag = tag++;
		}
		fill(l->p, l->size, l->tag);
		for (int k = 0; k < SLOTS; k++)
			if (live[k].p && &live[k] != l && overlaps(&live[k], l) && !bad_overlap++) {
				tap_puts("#   overlap: slot ");
				tap_putu((uint64_t)(l - live));
				tap_puts(" with slot ");
				tap_putu((uint64_t)k);
				tap_puts("\n");
			}
	}
	for (int k = 0; k < SLOTS; k++)
		if (live[k].p) {
			bad_content += check(live[k].p, live[k].size, live[k].tag) != live[k].size;
			br_free(live[k].p);
			live[k].p = 0;
		}
	tap_eq(errors, 0, "random sequence: no allocation failed");
	tap_eq(bad_content, 0, "random sequence: every block kept its bytes through reallocs until freed");
	tap_eq(bad_overlap, 0, "random sequence: no new block overlaps a live one");
	tap_eq(bad_zero, 0, "random sequence: every zeroed block (also reused memory) was all zero");
	tap_eq(bad_align, 0, "random sequence: every pointer has the alignment asked for (1 B .. 8 KiB) and 16");
}

/* br_alloc_zeroed: reused memory is zeroed; count * size overflowing is
 * ENOMEM with *out NULL, not a small block. */
static void test_zeroed(void)
{
	void *p, *q;
	if (br_alloc(200, &p) == BR_OK) {
		fill(p, 200, 77);
		br_free(p);
	}
	tap_errno(br_alloc_zeroed(25, 8, &q), BR_OK, "br_alloc_zeroed(25, 8)");
	tap_ok(q == p && all_zero(q, 200), "br_alloc_zeroed: the block just freed and filled comes back all zero");
	br_free(q);
	tap_errno(br_alloc_zeroed(3, 1 << 20, &q), BR_OK, "br_alloc_zeroed(3, 1 MiB)");
	tap_ok(q && all_zero(q, 3u << 20), "br_alloc_zeroed: 3 MiB all zero");
	br_free(q);

	q = &q;
	tap_errno(br_alloc_zeroed(SIZE_MAX / 2 + 2, 2, &q), BR_ENOMEM, "br_alloc_zeroed: count * size overflows: ENOMEM");
	tap_ok(q == 0, "br_alloc_zeroed: *out is NULL after the error");
	q = &q;
	tap_errno(br_alloc_zeroed((size_t)1 << 33, (size_t)1 << 31, &q), BR_ENOMEM,
		  "br_alloc_zeroed(2^33, 2^31): the product wraps to 0 in 64 bits: ENOMEM");
	tap_ok(q == 0, "br_alloc_zeroed: *out is NULL after the overflow");
	tap_errno(br_alloc_zeroed(0, 100, &q), BR_OK, "br_alloc_zeroed(0, 100) gives a minimal block");
	br_free(q);
}

/* Impossible sizes: ENOMEM, *out NULL. */
static void test_huge(void)
{
	void *p = &p;
	tap_errno(br_alloc(SIZE_MAX, &p), BR_ENOMEM, "br_alloc(SIZE_MAX): ENOMEM");
	tap_ok(p == 0, "br_alloc: *out NULL after ENOMEM");
	p = &p;
	tap_errno(br_alloc(SIZE_MAX - 4 * PAGE, &p), BR_ENOMEM, "br_alloc(SIZE_MAX - 16 KiB): ENOMEM (no wrap-around)");
	p = &p;
	tap_errno(br_alloc((size_t)1 << 62, &p), BR_ENOMEM, "br_alloc(2^62): ENOMEM from the kernel or the size check");
	tap_ok(p == 0, "br_alloc(2^62): *out NULL");
	p = &p;
	tap_errno(br_alloc_aligned((size_t)1 << 62, 16, &p), BR_ENOMEM, "br_alloc_aligned(2^62, 16): ENOMEM");
	void *q = 0;
	tap_errno(br_alloc(100, &q), BR_OK, "br_alloc still works after the failures");
	br_free(q);
}

/* br_alloc_aligned: every power of two up to 4 MiB at small and large sizes;
 * not a power of two: EINVAL. */
static void test_aligned(void)
{
	static const size_t sizes[] = {0, 1, 24, 100, 3000, 9000, 70000};
	unsigned bad = 0, failed = 0;
	/* Three passes, with 0, 1 and 2 blocks of each class held before each
	 * request, so that the blocks handed out sit at different offsets from
	 * the alignment; the neighbours must keep their bytes. */
	for (unsigned pass = 0; pass < 3; pass++)
		for (unsigned b = 0; b <= 22; b++)
			for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
				size_t align = (size_t)1 << b;
				void *p, *held[2][2] = {{0, 0}, {0, 0}};
				for (unsigned k = 0; k < pass; k++) {
					failed += br_alloc(sizes[i], &held[k][0]) != BR_OK;
					failed += br_alloc(sizes[i] + (align > 16 ? align - 16 : 0) + 1, &held[k][1]) != BR_OK;
					for (int j = 0; j < 2; j++)
						fill(held[k][j], br_alloc_usable_size(held[k][j]), 99 + k * 2 + (unsigned)j);
				}
				if (br_alloc_aligned(align, sizes[i], &p)) {
					failed++;
					continue;
				}
				size_t u = br_alloc_usable_size(p);
				bad += ((uintptr_t)p & (align - 1)) != 0 || ((uintptr_t)p & 15) != 0 || u < sizes[i];
				fill(p, u, b);
				bad += check(p, u, b) != u;
				br_free(p);
				for (unsigned k = 0; k < pass; k++)
					for (int j = 0; j < 2; j++) {
						size_t hu = br_alloc_usable_size(held[k][j]);
						bad += check(held[k][j], hu, 99 + k * 2 + (unsigned)j) != hu;
						br_free(held[k][j]);
					}
			}
	tap_eq(failed, 0, "br_alloc_aligned: alignments 1 B .. 4 MiB x sizes 0 .. 70000 succeed");
	tap_eq(bad, 0, "br_alloc_aligned: each pointer aligned as asked, usable size >= the request, all writable");
	static const size_t bad_aligns[] = {0, 3, 24, 48, 4097, SIZE_MAX};
	unsigned inval = 0;
	for (size_t i = 0; i < sizeof bad_aligns / sizeof bad_aligns[0]; i++) {
		void *p = &p;
		inval += br_alloc_aligned(bad_aligns[i], 16, &p) == BR_EINVAL && p == 0;
	}
	tap_eq(inval, 6, "br_alloc_aligned: alignment 0, 3, 24, 48, 4097, SIZE_MAX: EINVAL and *out NULL");
}

/* br_realloc: NULL allocates; growth across the small/large boundary and
 * back keeps the bytes; a large block freed is gone from /proc/self/maps. */
static void test_realloc(void)
{
	void *p = 0;
	tap_errno(br_realloc(&p, 40), BR_OK, "br_realloc(&NULL, 40) allocates");
	tap_ok(p != 0, "br_realloc from NULL gives a block");
	fill(p, 40, 5);
	static const size_t steps[] = {41, 300, 8192, 8193, 200000, 3 * MIB, 100000, 9000, 5000, 64, 1, 0, 17};
	size_t have = 40;
	unsigned bad = 0;
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		if (br_realloc(&p, steps[i])) {
			bad++;
			break;
		}
		size_t keep = steps[i] < have ? steps[i] : have;
		bad += check(p, keep, (uint32_t)(5 + i)) != keep;
		fill(p, steps[i], (uint32_t)(6 + i));
		have = steps[i];
	}
	tap_eq(bad, 0, "br_realloc 40 -> 41 -> 300 -> 8192 -> 8193 -> 200000 -> 3 MiB -> ... -> 0 -> 17 keeps the bytes");
	br_free(p);

	void *big;
	if (!tap_errno(br_alloc(5 * MIB, &big), BR_OK, "br_alloc(5 MiB)"))
		return;
	fill(big, 5 * MIB, 9);
	void *same = big;
	tap_errno(br_realloc(&same, 2 * MIB), BR_OK, "br_realloc shrinks 5 MiB to 2 MiB");
	tap_ok(same == big && check(big, 2 * MIB, 9) == 2 * MIB && !mapped((char *)big + 3 * MIB),
	       "shrinking a large block stays in place and unmaps the pages past the new end");
	br_free(big);
	tap_ok(!mapped(big) && !mapped((char *)big + MIB), "br_free of a large block unmaps it");
}

/* A double free and a pointer into the middle of a large block are bugs the
 * allocator notices: the process traps (SIGILL or SIGTRAP) instead of
 * corrupting its lists. */
static int trap_child(int what)
{
	int pid = -1;
	if (br_fork(&pid))
		return -1;
	if (pid == 0) {
		void *p = 0;
		if (br_alloc(what ? 50000 : 48, &p))
			br_exit_group(3);
		if (what == 0) {
			br_free(p);
			br_free(p);
		} else {
			br_free((char *)p + 2 * PAGE);
		}
		br_exit_group(0);
	}
	return tap_reap(pid, 0);
}

static void test_traps(void)
{
	int st = trap_child(0);
	int sig = st & 0x7f;
	tap_ok(st != -1 && sig && (sig == BR_SIGILL || sig == BR_SIGTRAP), "br_free twice: the process traps");
	st = trap_child(1);
	sig = st & 0x7f;
	tap_ok(st != -1 && (sig == BR_SIGILL || sig == BR_SIGTRAP || sig == BR_SIGSEGV),
	       "br_free of a pointer inside a large block: the process traps or faults");
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;

	test_basic();
	test_small_share();
	test_zeroed();
	test_huge();
	test_aligned();
	test_realloc();
	test_random();
	test_traps();
	return tap_done();
}
