/* SPDX-License-Identifier: MIT */
/* rand.h: br_getrandom fills exactly the bytes asked for, with fresh
 * random data each time, honours the flags the kernel knows and reports
 * the kernel's errors with *nfilled 0. */
#include "tap.h"

static bool all_equal(const unsigned char *b, size_t n, unsigned char v)
{
	for (size_t i = 0; i < n; i++)
		if (b[i] != v)
			return false;
	return true;
}

static bool differ(const unsigned char *a, const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return true;
	return false;
}

/* How many of the n bytes still hold their prefilled value v; for random
 * data each matches with p = 1/256, so more than a handful in 32 bytes
 * (p < 1e-9 for 6) means the kernel did not write them. */
static size_t count_equal(const unsigned char *b, size_t n, unsigned char v)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += b[i] == v;
	return c;
}

/* Two 32-byte draws: count equals length, both differ, every byte written
 * (checked with two different prefills) and nothing past the end. */
static void test_fill(void)
{
	unsigned char a[48], b[48];
	size_t na = 0, nb = 0;

	for (size_t i = 0; i < sizeof a; i++)
		a[i] = 0x00, b[i] = 0xff;
	tap_errno(br_getrandom(a, 32, 0, &na), BR_OK, "getrandom(32 bytes, 0)");
	tap_eq(na, 32, "*nfilled is 32");
	tap_errno(br_getrandom(b, 32, 0, &nb), BR_OK, "a second draw");
	tap_eq(nb, 32, "*nfilled is 32 again");
	tap_ok(differ(a, b, 32), "the two draws differ");
	tap_ok(count_equal(a, 32, 0x00) < 6 && count_equal(b, 32, 0xff) < 6,
	       "the bytes were written (few still hold the prefill 0x00 / 0xff)");
	tap_ok(all_equal(a + 32, 16, 0x00) && all_equal(b + 32, 16, 0xff), "nothing past the 32 bytes was touched");

	/* 256 bits: the number of ones of random data is 128 +- 8 (one sigma);
	 * 64..192 fails with p < 1e-15 for a working source. */
	unsigned ones = 0;
	for (size_t i = 0; i < 32; i++)
		for (unsigned v = a[i]; v; v >>= 1)
			ones += v & 1;
	tap_ok(ones >= 64 && ones <= 192, "the bits of a draw are balanced (64..192 ones of 256)");
}

/* 0 bytes and a large request that the kernel serves in one call (it
 * shortens only requests above 32 MiB, or when a signal arrives). */
static void test_sizes(void)
{
	static unsigned char big[256 * 1024];
	size_t n = 99;

	tap_errno(br_getrandom(big, 0, 0, &n), BR_OK, "getrandom of 0 bytes succeeds");
	tap_eq(n, 0, "and fills 0");
	tap_errno(br_getrandom(big, sizeof big, 0, &n), BR_OK, "getrandom of 256 KiB");
	tap_eq(n, sizeof big, "fills all of it in one call");
	/* Each 4 KiB block differs from the first one. */
	bool ok = true;
	for (size_t off = 4096; off < sizeof big; off += 4096)
		ok &= differ(big, big + off, 4096);
	tap_ok(ok && !all_equal(big + sizeof big - 64, 64, 0), "the blocks differ and the tail was written");
}

/* GRND_NONBLOCK succeeds once the pool is ready (it is, long after boot);
 * GRND_INSECURE never blocks; GRND_RANDOM draws too. */
static void test_flags(void)
{
	unsigned char a[16] = {0}, b[16] = {0}, c[16] = {0};
	size_t n;

	tap_ok(!br_getrandom(a, sizeof a, BR_GRND_NONBLOCK, &n) && n == sizeof a && count_equal(a, 16, 0) < 5,
	       "GRND_NONBLOCK fills the buffer");
	tap_ok(!br_getrandom(b, sizeof b, BR_GRND_INSECURE, &n) && n == sizeof b && count_equal(b, 16, 0) < 5,
	       "GRND_INSECURE fills the buffer");
	tap_ok(!br_getrandom(c, sizeof c, BR_GRND_RANDOM | BR_GRND_NONBLOCK, &n) && n > 0 && n <= sizeof c,
	       "GRND_RANDOM|GRND_NONBLOCK gives 1..16 bytes");
	tap_ok(differ(a, b, 16), "the draws differ");
}

/* Bad input: unknown flag bits and the RANDOM|INSECURE combination are
 * EINVAL, an unmapped buffer EFAULT, and *nfilled is 0 each time. */
static void test_errors(void)
{
	unsigned char buf[8];
	size_t n = 77;

	tap_errno(br_getrandom(buf, sizeof buf, 0x8, &n), BR_EINVAL, "unknown flag 0x8 is EINVAL");
	tap_eq(n, 0, "*nfilled is 0 on error");
	n = 77;
	tap_errno(br_getrandom(buf, sizeof buf, 0x80000000u, &n), BR_EINVAL, "unknown flag 0x80000000 is EINVAL");
	tap_errno(br_getrandom(buf, sizeof buf, BR_GRND_RANDOM | BR_GRND_INSECURE, &n), BR_EINVAL,
		  "GRND_RANDOM|GRND_INSECURE is EINVAL");
	n = 77;
	tap_errno(br_getrandom((void *)16, 32, 0, &n), BR_EFAULT, "an unmapped buffer is EFAULT");
	tap_eq(n, 0, "*nfilled is 0 after EFAULT");
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;

	test_fill();
	test_sizes();
	test_flags();
	test_errors();
	return tap_done();
}
