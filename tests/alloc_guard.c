/* SPDX-License-Identifier: MIT */
/* alloc.h under pressure: PROT_NONE guard pages placed around the
 * allocator's mappings, so that any access of its own (headers, bitmaps,
 * block arithmetic) or of a block's full usable size outside them faults;
 * and exhausted address space (RLIMIT_AS lowered a little above what is
 * mapped): ENOMEM from every call that needs a mapping, everything left as
 * it was, and the allocator working afterwards. */
#include "tap.h"
#include "alloc_common.h"

#define PAGE 4096u
#define KIB 1024u
#define MIB (1024u * 1024u)
/* Kernel value on all three architectures (asm-generic and x86 agree). */
#define RLIMIT_AS 9


static bool mapped(const void *p)
{
	uint64_t s, t;
	char perms[5];
	return tap_maps_find(p, &s, &t, perms);
}

/* A PROT_NONE page at addr if that page is free (mmap's hint is taken only
 * then); false when something else is there. */
static bool guard_at(uintptr_t addr)
{
	void *g;
	if (br_mmap((void *)addr, PAGE, BR_PROT_NONE, BR_MAP_PRIVATE | BR_MAP_ANONYMOUS, br_fd_from_raw(-1), 0, &g))
		return false;
	if ((uintptr_t)g == addr)
		return true;
	tap_unmap(g, PAGE);
	return false;
}

/* Guard pages against the allocator's own overruns: the mappings (runs,
 * merged into one VMA when adjacent) that hold blocks of a class get a
 * PROT_NONE page on each side; then every block is filled to its usable
 * size and all are freed and allocated again. Any access of the allocator
 * (bitmap, header, block arithmetic) or of a block's full usable size past
 * the mappings faults, which kills the child; that user bytes written up
 * to the usable size never reach the allocator's metadata shows as the
 * allocator working afterwards. In a child, so that a fault is a failure
 * reported, not a crash of the test. */
static void *gblk[3000];
static uintptr_t guards[64];
static unsigned nguards;

static void guard_class(size_t size)
{
	unsigned per_run = (unsigned)((64 * KIB - 576) / (size ? size : 1)) + 1;
	unsigned n = 2 * per_run + 1;
	n = n > 3000 ? 3000 : n;
	unsigned failed = 0, bad = 0, placed = 0, wanted = 0;

	for (unsigned i = 0; i < n; i++)
		failed += br_alloc(size, &gblk[i]) != BR_OK;
	/* Each VMA the blocks lie in, guarded once on each side. */
	for (unsigned i = 0; i < n && !failed; i++) {
		uint64_t s, t;
		char perms[5];
		if (!tap_maps_find(gblk[i], &s, &t, perms))
			continue;
		bool seen = false;
		for (unsigned k = 0; k < nguards; k++)
			seen |= guards[k] == t;
		if (seen || nguards + 2 > 64)
			continue;
		wanted += 2;
		if (guard_at((uintptr_t)s - PAGE))
			guards[nguards++] = (uintptr_t)s - PAGE, placed++;
		if (guard_at((uintptr_t)t))
			guards[nguards++] = (uintptr_t)t, placed++;
	}
	for (unsigned round = 0; round < 2 && !failed; round++) {
		for (unsigned i = 0; i < n; i++)
			fill(gblk[i], br_alloc_usable_size(gblk[i]), i + round * 7919);
		for (unsigned i = 0; i < n; i++)
			bad += check(gblk[i], br_alloc_usable_size(gblk[i]), i + round * 7919) != br_alloc_usable_size(gblk[i]);
		/* Every other block, then the rest: runs fill and empty in both orders. */
		for (unsigned i = 0; i < n; i += 2)
			br_free(gblk[i]);
		for (unsigned i = 1; i < n; i += 2)
			br_free(gblk[i]);
		if (round == 0)
			for (unsigned i = 0; i < n; i++)
				failed += br_alloc(size, &gblk[i]) != BR_OK;
	}
	/* Literal names: the parent prints them from its own copy of the strings. */
	tap_c_eq(failed, 0, size == 16 ? "guards: 16 B blocks: 2 runs and more allocated, freed, allocated again"
			    : size == 1000 ? "guards: 1000 B blocks: 2 runs and more allocated, freed, allocated again"
					   : "guards: 8 KiB blocks: 2 runs and more allocated, freed, allocated again");
	tap_c_eq(bad, 0, "guards: blocks filled to their usable size keep their bytes (neighbours and metadata untouched)");
	tap_c_ok(placed > 0, "guards: PROT_NONE pages placed around the allocator's mappings");
	(void)wanted;
}

static void guard_large(void)
{
	void *p;
	if (!tap_c_errno(br_alloc(100000, &p), BR_OK, "guards: br_alloc(100000)"))
		return;
	size_t u = br_alloc_usable_size(p);
	bool g = guard_at((uintptr_t)p + u);
	/* The usable size ends where the mapping ends: the next byte faults. */
	fill(p, u, 3);
	tap_c_ok(check(p, u, 3) == u, "guards: a large block holds its whole usable size below a PROT_NONE page");
	tap_c_ok(g || mapped((char *)p + u), "guards: the page after a large block's usable size is not the block's");
	br_free(p);
	tap_c_ok(!mapped(p), "guards: the large block is unmapped after br_free");
}

static void guards_child(void)
{
	guard_class(16);
	guard_class(1000);
	guard_class(8192);
	guard_large();
	for (unsigned k = 0; k < nguards; k++)
		tap_unmap((void *)guards[k], PAGE);
}

static void test_guards(void)
{
	tap_in_child(guards_child, "guards: the child ended normally (no fault on a guard page)");
}

/* VmSize from /proc/self/status, in bytes; 0 if unknown. */
static uint64_t vm_size(void)
{
	static char st[8192];
	tap_slurp("/proc/self/status", st, sizeof st);
	for (const char *p = st; *p; p++)
		if (p[0] == 'V' && p[1] == 'm' && p[2] == 'S' && p[3] == 'i' && p[4] == 'z' && p[5] == 'e' && p[6] == ':') {
			const char *q = p + 7;
			uint64_t kb;
			while (*q == ' ' || *q == '\t')
				q++;
			return tap_parse_dec(&q, 0, &kb) ? kb * 1024 : 0;
		}
	return 0;
}

/* Address space exhausted (RLIMIT_AS a little above what is mapped): the
 * calls that need a mapping fail with ENOMEM and leave everything as it
 * was; blocks already there, frees and allocations from runs with room
 * keep working, and once the limit is back so does everything else. */
static void test_exhaustion(void)
{
	static void *held[20000];
	br_rlimit old, low;
	void *keep, *p;

	if (!tap_errno(br_prlimit64(0, RLIMIT_AS, 0, &old), BR_OK, "exhaustion: read RLIMIT_AS") ||
	    !tap_errno(br_alloc(100, &keep), BR_OK, "exhaustion: a block of 100 B before"))
		return;
	fill(keep, 100, 42);
	uint64_t vm = vm_size();
	low.cur = vm + 2 * MIB;
	low.max = old.max;
	if (!vm || !tap_errno(br_prlimit64(0, RLIMIT_AS, &low, 0), BR_OK, "exhaustion: lower RLIMIT_AS to VmSize + 2 MiB")) {
		br_free(keep);
		return;
	}
	br_errno e = br_alloc(16 * MIB, &p);
	if (e == BR_OK && tap_under_qemu()) {
		br_free(p);
		(void)!br_prlimit64(0, RLIMIT_AS, &old, 0);
		br_free(keep);
		tap_skip("exhaustion: ENOMEM under a lowered RLIMIT_AS",
			 "qemu-user does not apply the guest's RLIMIT_AS (it would limit qemu itself)");
		return;
	}
	tap_errno(e, BR_ENOMEM, "exhaustion: br_alloc(16 MiB) fails with ENOMEM");
	tap_ok(e != BR_OK || (br_free(p), false), "exhaustion: ... and gives no block");
	p = keep;
	tap_errno(br_realloc(&p, 16 * MIB), BR_ENOMEM, "exhaustion: br_realloc to 16 MiB fails with ENOMEM");
	tap_ok(p == keep && check(keep, 100, 42) == 100, "exhaustion: after a failed br_realloc *p is unchanged, bytes intact");
	tap_errno(br_alloc_zeroed(1024, 16 * KIB, &p), BR_ENOMEM, "exhaustion: br_alloc_zeroed(1024, 16 KiB): ENOMEM");
	tap_errno(br_alloc_aligned(MIB, MIB, &p), BR_ENOMEM, "exhaustion: br_alloc_aligned(1 MiB, 1 MiB): ENOMEM");

	/* 4 KiB blocks until the runs can grow no more. */
	unsigned n = 0;
	while (n < 20000 && (e = br_alloc(4096, &held[n])) == BR_OK)
		fill(held[n], 4096, n), n++;
	tap_errno(e, BR_ENOMEM, "exhaustion: 4 KiB blocks until a new run cannot be mapped: ENOMEM");
	tap_ok(n > 0 && n < 20000, "exhaustion: some 4 KiB blocks fitted below the limit, not all");
	for (unsigned i = 0; i < n; i += 2)
		br_free(held[i]);
	unsigned again = 0;
	for (unsigned i = 0; i < n; i += 2)
		again += br_alloc(4096, &held[i]) == BR_OK;
	tap_eq(again, (n + 1) / 2, "exhaustion: under the limit, freed 4 KiB blocks are allocated again");
	for (unsigned i = 0; i < n; i += 2)
		fill(held[i], 4096, i);

	tap_errno(br_prlimit64(0, RLIMIT_AS, &old, 0), BR_OK, "exhaustion: RLIMIT_AS restored");
	unsigned bad = 0;
	for (unsigned i = 0; i < n; i++) {
		bad += check(held[i], 4096, i) != 4096;
		br_free(held[i]);
	}
	tap_eq(bad, 0, "exhaustion: every 4 KiB block kept its bytes");
	tap_errno(br_alloc(16 * MIB, &p), BR_OK, "exhaustion: after the limit is back br_alloc(16 MiB) succeeds");
	fill(p, 16 * MIB, 1);
	tap_ok(check(p, 16 * MIB, 1) == 16 * MIB, "exhaustion: the 16 MiB block holds its bytes");
	br_free(p);
	p = keep;
	tap_errno(br_realloc(&p, 3 * MIB), BR_OK, "exhaustion: br_realloc of the 100 B block to 3 MiB now succeeds");
	tap_ok(check(p, 100, 42) == 100, "exhaustion: ... keeping its 100 bytes");
	br_free(p);
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;

	test_guards();
	test_exhaustion();
	return tap_done();
}
