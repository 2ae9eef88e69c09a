/* SPDX-License-Identifier: MIT */
/* What the io_*.c test programs share (io.h, reading and writing, split by
 * topic: io_rw.c read/write/pread/pwrite, io_vec.c the vectored calls,
 * io_all.c br_write_all and br_write_all_partial). Every answer is checked
 * against what the kernel reports afterwards: the bytes in the file (read
 * back with pread), the file position (lseek SEEK_CUR), the bytes left in a
 * pipe (FIONREAD) and the descriptors left open. The descriptor operations
 * of io.h (dup, fcntl, ioctl) are in fd.c. */
#ifndef BR_TESTS_IO_COMMON_H
#define BR_TESTS_IO_COMMON_H

#include "tap.h"


#define GIB (1ULL << 30)
/* Offsets the kernel sees as negative (loff_t) and must refuse. */
#define OFF_2_63 (1ULL << 63)
#define OFF_MAX_1 (UINT64_MAX - 1)
/* Bits no kernel defines as RWF_* flags. 0x100 is not among them: Linux
 * 6.18 made it RWF_NOSIGNAL, so it is accepted there. */
#define RWF_BOGUS_HI 0x80000000u
#define RWF_BOGUS_LO 0x200u

static __attribute__((unused)) size_t page;
static __attribute__((unused)) char tmp_path[64];

static __attribute__((unused)) void fill(char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (char)(seed + i * 31 + (i >> 9));
}

/* An empty memfd; a failure to make one fails the test that needs it. */
static __attribute__((unused)) br_owned_fd mfd(void)
{
	br_owned_fd m = BR_NO_FD;
	tap_errno(br_memfd_create("bedrock-io", BR_MFD_CLOEXEC, &m), BR_OK, "set-up: memfd_create");
	return m;
}

/* A memfd holding content, positioned at 0. */
static __attribute__((unused)) br_owned_fd mfd_with(const void *content, size_t len)
{
	br_owned_fd m = mfd();
	size_t n = 0;

	if (len && (br_pwrite(br_borrow(m), content, len, 0, &n) || n != len))
		tap_ok(false, "set-up: fill the memfd");
	return m;
}

static __attribute__((unused)) br_owned_fd open_path(const char *path, unsigned flags)
{
	br_owned_fd f = BR_NO_FD;
	tap_errno(br_openat(BR_AT_FDCWD, path, flags | BR_O_CLOEXEC, 0600, &f), BR_OK, tap_nm("set-up: open", path, 0));
	return f;
}

static __attribute__((unused)) void mkpipe(unsigned flags, br_owned_fd *r, br_owned_fd *w)
{
	tap_errno(br_pipe2(flags | BR_O_CLOEXEC, r, w), BR_OK, "set-up: pipe2");
}

/* The file position, UINT64_MAX if lseek fails. */
static __attribute__((unused)) uint64_t pos_of(br_owned_fd f)
{
	uint64_t p;
	return br_lseek(br_borrow(f), 0, BR_SEEK_CUR, &p) ? UINT64_MAX : p;
}

static __attribute__((unused)) void seek_to(br_owned_fd f, uint64_t off)
{
	uint64_t p;
	if (br_lseek(br_borrow(f), (int64_t)off, BR_SEEK_SET, &p) || p != off)
		tap_ok(false, "set-up: lseek");
}

static __attribute__((unused)) uint64_t size_of(br_owned_fd f)
{
	br_stat st;
	return br_fstat(br_borrow(f), &st) ? UINT64_MAX : (uint64_t)st.st_size;
}

/* Bytes ready in a pipe, UINT64_MAX if FIONREAD fails. */
static __attribute__((unused)) uint64_t pending(br_owned_fd f)
{
	uint64_t n;
	return br_ioctl_fionread(br_borrow(f), &n) ? UINT64_MAX : n;
}

static __attribute__((unused)) char back[1 << 20];

/* Whether the file holds exactly want[0..n) at off, read back with pread. */
static __attribute__((unused)) bool file_has(br_owned_fd f, uint64_t off, const void *want, size_t n, const char *name)
{
	size_t got = 0, k = 1;

	while (got < n && got < sizeof back && k) {
		if (br_pread(br_borrow(f), back + got, n - got, off + got, &k))
			break;
		got += k;
	}
	if (got != n)
		return tap_eq(got, n, name);
	return tap_mem(back, want, n, name);
}

/* Whether the n bytes at off read back as zeros (a hole). */
static __attribute__((unused)) bool file_zero(br_owned_fd f, uint64_t off, size_t n, const char *name)
{
	static const char zeros[64];
	return file_has(f, off, zeros, n, name);
}

/* Reads up to max of what a pipe holds; never more than FIONREAD says is
 * there, so that a test that expects too much fails instead of blocking. */
static __attribute__((unused)) size_t drain(br_owned_fd r, char *buf, size_t max)
{
	size_t got = 0, k = 1;
	uint64_t there = pending(r);

	if (there == UINT64_MAX)
		return 0;
	if (there < max)
		max = there;
	while (got < max && k && !br_read(br_borrow(r), buf + got, max - got, &k))
		got += k;
	return got;
}

/* The EBADF checks every call shares: each bad number, count zeroed. */
typedef br_errno (*fd_call)(br_fd fd, size_t *count);

static __attribute__((unused)) void ebadf_all(const char *fn, fd_call call)
{
	for (int i = 0; i < TAP_NBAD; i++) {
		size_t n = 99;
		tap_errno(call(br_fd_from_raw(tap_bad_fd[i].raw), &n), BR_EBADF, tap_nm(fn, tap_bad_fd[i].what, "EBADF"));
		tap_eq(n, 0, tap_nm(fn, tap_bad_fd[i].what, "count 0"));
	}
}

static __attribute__((unused)) char one_byte[8] = "x";
static __attribute__((unused)) br_iovec one_iov = {one_byte, 1};

static __attribute__((unused)) br_errno call_read(br_fd fd, size_t *n) { return br_read(fd, one_byte, 1, n); }
static __attribute__((unused)) br_errno call_write(br_fd fd, size_t *n) { return br_write(fd, one_byte, 1, n); }
static __attribute__((unused)) br_errno call_pread(br_fd fd, size_t *n) { return br_pread(fd, one_byte, 1, 0, n); }
static __attribute__((unused)) br_errno call_pwrite(br_fd fd, size_t *n) { return br_pwrite(fd, one_byte, 1, 0, n); }
static __attribute__((unused)) br_errno call_readv(br_fd fd, size_t *n) { return br_readv(fd, &one_iov, 1, n); }
static __attribute__((unused)) br_errno call_writev(br_fd fd, size_t *n) { return br_writev(fd, &one_iov, 1, n); }
static __attribute__((unused)) br_errno call_preadv(br_fd fd, size_t *n) { return br_preadv(fd, &one_iov, 1, 0, n); }
static __attribute__((unused)) br_errno call_pwritev(br_fd fd, size_t *n) { return br_pwritev(fd, &one_iov, 1, 0, n); }
static __attribute__((unused)) br_errno call_preadv2(br_fd fd, size_t *n) { return br_preadv2(fd, &one_iov, 1, 0, 0, n); }
static __attribute__((unused)) br_errno call_pwritev2(br_fd fd, size_t *n) { return br_pwritev2(fd, &one_iov, 1, 0, 0, n); }
static __attribute__((unused)) br_errno call_write_all(br_fd fd, size_t *n) { return br_write_all_partial(fd, one_byte, 1, n); }

/* The numbers the error cases use, and the scratch file. */
static __attribute__((unused)) void set_up(void)
{
	char num[24];
	const char *pid = tap_num((uint64_t)br_getpid(), false, num);
	const char *prefix = "/tmp/bedrock-test-io-";
	size_t i = 0;

	while (*prefix)
		tmp_path[i++] = *prefix++;
	while (*pid)
		tmp_path[i++] = *pid++;
	tmp_path[i] = 0;
	br_owned_fd t BR_AUTOCLOSE = BR_NO_FD;
	tap_errno(br_openat(BR_AT_FDCWD, tmp_path, BR_O_CREAT | BR_O_EXCL | BR_O_RDWR | BR_O_CLOEXEC, 0600, &t),
		  BR_OK, "set-up: create the scratch file in /tmp");

	page = br_getauxval(BR_AT_PAGESZ);
	tap_bad_fd[0].raw = tap_closed_number();
	tap_ok(!tap_fd_open(tap_bad_fd[0].raw), "set-up: the closed number is not open");
}

/* One group of checks: a test function and its name. */
struct io_group {
	void (*fn)(void);
	const char *name;
};

/* The main of every io_*.c program: the scratch file and the numbers the
 * error cases use, then each group, checked for leaked descriptors. */
static __attribute__((unused)) int io_run(const struct io_group *groups, size_t n)
{
	int before = tap_open_fds();
	tap_ok(before >= 0, "set-up: /proc/self/fd readable");
	set_up();
	for (size_t i = 0; i < n; i++)
		tap_group(groups[i].fn, groups[i].name);
	tap_errno(br_unlinkat(BR_AT_FDCWD, tmp_path, 0), BR_OK, "clean-up: remove the scratch file");
	tap_eq((uint64_t)tap_open_fds(), (uint64_t)before, "no descriptor leaked overall");
	return tap_done();
}

#endif
