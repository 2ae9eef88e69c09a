/* A tiny TAP producer for the test programs, which are bedrock binaries
 * themselves (no libc, so no printf). One translation unit per test, so
 * the state below is per program. */
#ifndef BR_TESTS_TAP_H
#define BR_TESTS_TAP_H

#include <bedrock/bedrock.h>

static int tap_count, tap_failed;

static __attribute__((unused)) size_t tap_strlen(const char *s)
{
	size_t n = 0;
	while (s && s[n])
		n++;
	return n;
}

static __attribute__((unused)) bool tap_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static __attribute__((unused)) void tap_puts(const char *s)
{
	/* If stdout is gone there is nobody to tell. */
	if (br_write_all(BR_STDOUT, s, tap_strlen(s)))
		br_exit_group(99);
}

/* Decimal text of v, signed when neg_ok and the top bit is set. */
static __attribute__((unused)) const char *tap_num(uint64_t v, bool neg_ok, char buf[24])
{
	char *p = buf + 23;
	bool neg = neg_ok && (int64_t)v < 0;
	uint64_t u = neg ? -v : v;

	*p = 0;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (neg)
		*--p = '-';
	return p;
}

static __attribute__((unused)) void tap_putu(uint64_t v)
{
	char b[24];
	tap_puts(tap_num(v, false, b));
}

static __attribute__((unused)) void tap_puti(int64_t v)
{
	char b[24];
	tap_puts(tap_num((uint64_t)v, true, b));
}

/* A comment line: "# msg". */
static __attribute__((unused)) void tap_diag(const char *msg)
{
	tap_puts("# ");
	tap_puts(msg);
	tap_puts("\n");
}

/* One test point; returns cond so callers can stop early. */
static __attribute__((unused)) bool tap_ok(bool cond, const char *name)
{
	tap_count++;
	if (!cond) {
		tap_failed++;
		tap_puts("not ");
	}
	tap_puts("ok ");
	tap_putu((uint64_t)tap_count);
	tap_puts(" - ");
	tap_puts(name);
	tap_puts("\n");
	return cond;
}

/* A test point that did not run, with the reason. */
static __attribute__((unused)) void tap_skip(const char *name, const char *reason)
{
	tap_count++;
	tap_puts("ok ");
	tap_putu((uint64_t)tap_count);
	tap_puts(" - ");
	tap_puts(name);
	tap_puts(" # SKIP ");
	tap_puts(reason);
	tap_puts("\n");
}

static __attribute__((unused)) const char *tap_errname(br_errno e)
{
	const char *n = br_errno_name(e);
	return e == BR_OK ? "OK" : n ? n : "(unknown errno)";
}

/* Passes when got == want; otherwise says both by name. */
static __attribute__((unused)) bool tap_errno(br_errno got, br_errno want, const char *name)
{
	bool ok = tap_ok(got == want, name);
	if (!ok) {
		tap_puts("#   got ");
		tap_puts(tap_errname(got));
		tap_puts(", want ");
		tap_puts(tap_errname(want));
		tap_puts("\n");
	}
	return ok;
}

/* Passes when got == want (as unsigned 64-bit numbers). */
static __attribute__((unused)) bool tap_eq(uint64_t got, uint64_t want, const char *name)
{
	bool ok = tap_ok(got == want, name);
	if (!ok) {
		tap_puts("#   got ");
		tap_puti((int64_t)got);
		tap_puts(", want ");
		tap_puti((int64_t)want);
		tap_puts("\n");
	}
	return ok;
}

/* Passes when the n bytes at got equal those at want. */
static __attribute__((unused)) bool tap_mem(const void *got, const void *want, size_t n, const char *name)
{
	const unsigned char *g = got, *w = want;
	size_t i = 0;
	while (i < n && g[i] == w[i])
		i++;
	bool ok = tap_ok(i == n, name);
	if (!ok) {
		tap_puts("#   first difference at byte ");
		tap_putu(i);
		tap_puts("\n");
	}
	return ok;
}

/* Ends the program: prints the plan and exits 1 if anything failed. */
static __attribute__((unused)) int tap_done(void)
{
	tap_puts("1..");
	tap_putu((uint64_t)tap_count);
	tap_puts("\n");
	return tap_failed != 0;
}

/* True when the suite runs under qemu-user (tests/meson.build sets it for
 * cross builds), where some syscalls are missing or answer differently. */
static __attribute__((unused)) bool tap_under_qemu(void)
{
	return br_getenv("BR_TEST_QEMU") != 0;
}

/* The number of open descriptors, read from /proc/self/fd (not counting the
 * one used to read it); -1 if /proc is not there. */
static __attribute__((unused)) int tap_open_fds(void)
{
	br_owned_fd dir BR_AUTOCLOSE = BR_NO_FD;
	_Alignas(8) char buf[4096];
	size_t n;
	int count = 0;

	if (br_openat(BR_AT_FDCWD, "/proc/self/fd", BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &dir))
		return -1;
	while (!br_getdents64(br_borrow(dir), buf, sizeof buf, &n) && n) {
		for (size_t off = 0; off < n;) {
			br_dirent64 *d = (br_dirent64 *)(void *)(buf + off);
			if (d->d_name[0] != '.')
				count++;
			off += d->d_reclen;
		}
	}
	return count - 1;
}

/* Whether raw is an open descriptor (fcntl F_GETFD succeeds). */
static __attribute__((unused)) bool tap_fd_open(int raw)
{
	unsigned flags;
	return br_fcntl_getfd(br_fd_from_raw(raw), &flags) == BR_OK;
}

#endif
