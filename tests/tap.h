/* SPDX-License-Identifier: MIT */
/* A tiny TAP producer for the test programs, which are bedrock binaries
 * themselves (no libc, so no printf). One translation unit per test, so
 * the state below is per program. */
#ifndef BR_TESTS_TAP_H
#define BR_TESTS_TAP_H

#include <bedrock/bedrock.h>

static int tap_count, tap_failed;

/* br_strlen, with NULL as the empty string. */
static __attribute__((unused)) size_t tap_strlen(const char *s)
{
	return s ? br_strlen(s) : 0;
}

/* br_strcmp equality, with NULL equal only to NULL. */
static __attribute__((unused)) bool tap_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return br_strcmp(a, b) == 0;
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

/* ---- helpers several test programs share ---- */

/* The digits of base (10, or 16 in lowercase) at *s (before end, if any)
 * as a number, *s moved past them; false if none or too many for 64 bits. */
static __attribute__((unused)) bool tap__parse_span(const char **s, const char *end, unsigned base, uint64_t *v)
{
	const char *p = *s;
	while ((!end || p < end) &&
	       ((*p >= '0' && *p <= '9') || (base == 16 && *p >= 'a' && *p <= 'f')))
		p++;
	if (p == *s || br_parse_u64(*s, (size_t)(p - *s), base, v))
		return false;
	*s = p;
	return true;
}

/* For numbers in /proc files: the decimal at *s (before end, if any), *s moved past it; false if none. */
static __attribute__((unused)) bool tap_parse_dec(const char **s, const char *end, uint64_t *v)
{
	return tap__parse_span(s, end, 10, v);
}

/* For /proc/self/maps addresses: lowercase hex at *s (before end, if any), *s moved past it; false if none. */
static __attribute__((unused)) bool tap_parse_hex(const char **s, const char *end, uint64_t *v)
{
	return tap__parse_span(s, end, 16, v);
}

/* For reading pipes and files to the end: up to len bytes, stopping early only at end of file or error. */
static __attribute__((unused)) size_t tap_read_full(br_fd fd, void *buf, size_t len)
{
	size_t total = 0, n;
	while (total < len && !br_read(fd, (char *)buf + total, len - total, &n) && n)
		total += n;
	return total;
}

/* For /proc files (they report size 0): all of path, NUL-terminated in buf; its length, 0 if unreadable. */
static __attribute__((unused)) size_t tap_slurp(const char *path, char *buf, size_t size)
{
	br_owned_fd fd BR_AUTOCLOSE = BR_NO_FD;
	size_t len = 0;

	if (!br_openat(BR_AT_FDCWD, path, BR_O_RDONLY | BR_O_CLOEXEC, 0, &fd))
		len = tap_read_full(br_borrow(fd), buf, size - 1);
	buf[len] = 0;
	return len;
}

/* For leak and fd-table checks: open descriptors' count and highest from /proc/self/fd; -1 without /proc. */
static __attribute__((unused)) int tap_fd_census(int *highest)
{
	br_owned_fd dir BR_AUTOCLOSE = BR_NO_FD;
	_Alignas(8) char buf[4096];
	size_t n;
	int count = 0, hi = -1;

	if (br_openat(BR_AT_FDCWD, "/proc/self/fd", BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &dir))
		return -1;
	while (!br_getdents64(br_borrow(dir), buf, sizeof buf, &n) && n) {
		for (size_t off = 0; off < n;) {
			br_dirent64 *d = (br_dirent64 *)(void *)(buf + off);
			const char *p = d->d_name;
			uint64_t v;
			if (tap_parse_dec(&p, 0, &v) && *p == 0 && (int)v != dir.raw) {
				count++;
				if ((int)v > hi)
					hi = (int)v;
			}
			off += d->d_reclen;
		}
	}
	*highest = hi;
	return count;
}

/* The number of open descriptors, read from /proc/self/fd (not counting the
 * one used to read it); -1 if /proc is not there. */
static __attribute__((unused)) int tap_open_fds(void)
{
	int hi;
	return tap_fd_census(&hi);
}

/* Whether raw is an open descriptor (fcntl F_GETFD succeeds). */
static __attribute__((unused)) bool tap_fd_open(int raw)
{
	unsigned flags;
	return br_fcntl_getfd(br_fd_from_raw(raw), &flags) == BR_OK;
}

/* For test names built from parts: "a: b: c" (c may be NULL), in a buffer valid until the next call. */
static __attribute__((unused)) const char *tap_nm(const char *a, const char *b, const char *c)
{
	static char name_buf[256];
	const char *parts[3] = {a, b, c};
	size_t i = 0;

	for (int k = 0; k < 3 && parts[k]; k++) {
		if (k)
			for (const char *s = ": "; *s; s++)
				name_buf[i++] = *s;
		for (const char *s = parts[k]; *s && i < sizeof name_buf - 4; s++)
			name_buf[i++] = *s;
	}
	name_buf[i] = 0;
	return name_buf;
}

/* For the EBADF checks: descriptor numbers that name nothing; main sets [0] to tap_closed_number(). */
#define TAP_NBAD 4
static __attribute__((unused)) struct {
	int raw;
	const char *what;
} tap_bad_fd[TAP_NBAD] = {
	{0, "closed fd"},
	{-1, "fd -1"},
	{1 << 30, "fd 1<<30"},
	{INT32_MAX, "fd INT32_MAX"},
};

/* For a closed number no test reopens: once open (F_DUPFD_CLOEXEC from 900), above all the tests allocate. */
static __attribute__((unused)) int tap_closed_number(void)
{
	br_owned_fd m BR_AUTOCLOSE = BR_NO_FD;
	br_owned_fd d = BR_NO_FD;

	if (br_memfd_create("bedrock-closed", BR_MFD_CLOEXEC, &m) ||
	    br_fcntl_dupfd_cloexec(br_borrow(m), 900, &d))
		return 899;
	int n = d.raw;
	br_close(&d);
	return n;
}

/* ---- tables of bad input ----
 * The checks every call taking a descriptor or a pointer shares, made from
 * a table of calls instead of a line each: a program lists its calls once
 * (a name and a function making the call with the bad value put in) and
 * every bad value of the kind is tried on every call. */

/* For EBADF tables: a call that takes the bad descriptor fd. */
struct tap_fd_case {
	const char *name;
	br_errno (*call)(br_fd fd);
};

/* For EBADF tables: each call with each tap_bad_fd number must be EBADF ("name: what: EBADF"). */
static __attribute__((unused)) void tap_ebadf_table(const struct tap_fd_case *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (int b = 0; b < TAP_NBAD; b++)
			tap_errno(t[i].call(br_fd_from_raw(tap_bad_fd[b].raw)), BR_EBADF,
				  tap_nm(t[i].name, tap_bad_fd[b].what, "EBADF"));
}

/* For EFAULT tables: a call that takes the unmapped pointer bad (a path, a name or a buffer). */
struct tap_ptr_case {
	const char *name;
	br_errno (*call)(void *bad);
};

/* For EFAULT tables: addresses in the first page, which is never mapped. */
#define TAP_NBADPTR 2
static __attribute__((unused)) const struct {
	uintptr_t addr;
	const char *what;
} tap_bad_ptr[TAP_NBADPTR] = {
	{1, "pointer 1"},
	{16, "pointer 16"},
};

/* For EFAULT tables: each call with each tap_bad_ptr address must be EFAULT ("name: what: EFAULT"). */
static __attribute__((unused)) void tap_efault_table(const struct tap_ptr_case *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (int b = 0; b < TAP_NBADPTR; b++)
			tap_errno(t[i].call((void *)tap_bad_ptr[b].addr), BR_EFAULT,
				  tap_nm(t[i].name, tap_bad_ptr[b].what, "EFAULT"));
}

/* For leak checks per group: runs fn, then checks that it left no descriptor open. */
static __attribute__((unused)) void tap_group(void (*fn)(void), const char *name)
{
	int before = tap_open_fds();
	fn();
	tap_eq((uint64_t)tap_open_fds(), (uint64_t)before, tap_nm(name, "no descriptor leaked", 0));
}

/* ---- checks made in forked children ----
 * A child printing TAP would number its lines on its own, so its checks
 * travel to the parent through a pipe as records and are printed there.
 * The name is a pointer: a forked child that has not exec'd has its
 * parent's layout, so the parent's copy of the string is at the same
 * address. 32 bytes, under PIPE_BUF: a record is written atomically and
 * never interleaved with another process's. */
enum { TAP_CHK_OK, TAP_CHK_EQ, TAP_CHK_ERRNO };
struct tap_check {
	int64_t kind;
	const char *name;
	uint64_t got, want;
};
/* In a child: the write end of the pipe its checks go to. */
static __attribute__((unused)) int tap_check_fd = -1;

/* Sends one check record to the parent; a child that cannot exits 97. */
static __attribute__((unused)) void tap_check_send(int64_t kind, const char *name, uint64_t got,
						   uint64_t want)
{
	struct tap_check c = {kind, name, got, want};
	if (br_write_all(br_fd_from_raw(tap_check_fd), &c, sizeof c))
		br_exit_group(97);
}

/* tap_ok for a forked child: the parent prints it. */
static __attribute__((unused)) bool tap_c_ok(bool cond, const char *name)
{
	tap_check_send(TAP_CHK_OK, name, cond, 1);
	return cond;
}

/* tap_eq for a forked child: the parent prints it. */
static __attribute__((unused)) bool tap_c_eq(uint64_t got, uint64_t want, const char *name)
{
	tap_check_send(TAP_CHK_EQ, name, got, want);
	return got == want;
}

/* tap_errno for a forked child: the parent prints it. */
static __attribute__((unused)) bool tap_c_errno(br_errno got, br_errno want, const char *name)
{
	tap_check_send(TAP_CHK_ERRNO, name, (uint64_t)got, (uint64_t)want);
	return got == want;
}

/* In the parent: prints the checks children sent, until every write end is closed; how many. */
static __attribute__((unused)) int tap_replay_checks(br_fd r)
{
	struct tap_check c;
	int count = 0;

	while (tap_read_full(r, &c, sizeof c) == sizeof c) {
		if (c.kind == TAP_CHK_ERRNO)
			tap_errno((br_errno)c.got, (br_errno)c.want, c.name);
		else if (c.kind == TAP_CHK_EQ)
			tap_eq(c.got, c.want, c.name);
		else
			tap_ok(c.got != 0, c.name);
		count++;
	}
	return count;
}

/* After a failed check on a child: its wait status as a comment. */
static __attribute__((unused)) void tap_diag_status(int status)
{
	tap_puts("#   wait status ");
	tap_puti(status);
	tap_puts("\n");
}

/* For checks in a forked child: runs fn there, prints its checks, then checks it ended with status 0. */
static __attribute__((unused)) void tap_in_child(void (*fn)(void), const char *what)
{
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	int pid = -1, status = -1, got = -1;

	if (br_pipe2(BR_O_CLOEXEC, &r, &w) || br_fork(&pid)) {
		tap_ok(false, what);
		return;
	}
	if (pid == 0) {
		br_close(&r);
		tap_check_fd = w.raw;
		fn();
		br_exit_group(0);
	}
	br_close(&w);
	int n = tap_replay_checks(br_borrow(r));
	bool reaped = !br_wait4(pid, &status, 0, 0, &got) && got == pid;
	if (!tap_ok(reaped && n > 0 && status == 0, what))
		tap_diag_status(status);
}

/* For tests of a child's fate: a forked child that at once does br_exit_group(code); its pid, -1 if none. */
static __attribute__((unused)) int tap_fork_exit(int code)
{
	int pid = -1;
	if (br_fork(&pid))
		return -1;
	if (pid == 0)
		br_exit_group(code);
	return pid;
}

/* For tests of a child's fate: wait4(pid, &status, options) that must reap exactly pid; status, else -1. */
static __attribute__((unused)) int tap_reap(int pid, int options)
{
	int status = -1, got = -1;
	if (br_wait4(pid, &status, options, 0, &got) || got != pid)
		return -1;
	return status;
}

/* For stop/continue reports: a forked child that stops itself, then exits with code once *go is closed. */
static __attribute__((unused)) int tap_fork_stopper(br_owned_fd *go, int code)
{
	br_owned_fd r = BR_NO_FD;
	int pid = -1;
	char c;
	size_t n;

	if (br_pipe2(BR_O_CLOEXEC, &r, go))
		return -1;
	if (br_fork(&pid)) {
		br_close(&r);
		br_close(go);
		return -1;
	}
	if (pid == 0) {
		br_close(go);
		(void)!br_kill(br_getpid(), BR_SIGSTOP);
		(void)!br_read(br_borrow(r), &c, 1, &n);
		br_exit_group(code);
	}
	br_close(&r);
	return pid;
}

/* ---- /proc/self/maps ---- */

/* For mapping checks by the kernel's view: range and perms of the /proc/self/maps line with addr, if any. */
static __attribute__((unused)) bool tap_maps_find(const void *addr, uint64_t *start, uint64_t *end,
						  char perms[5])
{
	static char maps[1 << 16];
	size_t len = tap_slurp("/proc/self/maps", maps, sizeof maps);

	for (const char *p = maps, *e = maps + len; p < e;) {
		const char *eol = p;
		while (eol < e && *eol != '\n')
			eol++;
		uint64_t s, t;
		const char *q = p;
		if (tap_parse_hex(&q, eol, &s) && q < eol && *q++ == '-' && tap_parse_hex(&q, eol, &t) &&
		    q + 5 <= eol && *q == ' ' && s <= (uintptr_t)addr && (uintptr_t)addr < t) {
			*start = s;
			*end = t;
			for (int i = 0; i < 4; i++)
				perms[i] = q[1 + i];
			perms[4] = 0;
			return true;
		}
		p = eol + 1;
	}
	return false;
}

/* For mapping checks: whether [addr, addr + len) is exactly one mapping with these permissions ("rw-p"). */
static __attribute__((unused)) bool tap_mapped_as(const void *addr, size_t len, const char *perms)
{
	uint64_t s, t;
	char p[5];
	return tap_maps_find(addr, &s, &t, p) && s == (uintptr_t)addr && t == (uintptr_t)addr + len &&
	       tap_streq(p, perms);
}

/* Cleanup of a scratch mapping that should not fail; only a failure is worth a test point. */
static __attribute__((unused)) void tap_unmap(void *addr, size_t len)
{
	br_errno e = br_munmap(addr, len);
	if (e)
		tap_errno(e, BR_OK, "munmap of a scratch mapping");
}

#endif
