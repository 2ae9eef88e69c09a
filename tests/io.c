/* io.h, reading and writing: read, write, pread, pwrite, readv, writev,
 * preadv, pwritev, preadv2, pwritev2, br_write_all and br_write_all_partial.
 * Every answer is checked against what the kernel reports afterwards: the
 * bytes in the file (read back with pread), the file position (lseek
 * SEEK_CUR), the bytes left in a pipe (FIONREAD) and the descriptors left
 * open. The descriptor operations of io.h (dup, fcntl, ioctl) are in fd.c. */
#include "tap.h"

#define GIB (1ULL << 30)
/* Offsets the kernel sees as negative (loff_t) and must refuse. */
#define OFF_2_63 (1ULL << 63)
#define OFF_MAX_1 (UINT64_MAX - 1)
/* Bits no kernel defines as RWF_* flags. 0x100 is not among them: Linux
 * 6.18 made it RWF_NOSIGNAL, so it is accepted there. */
#define RWF_BOGUS_HI 0x80000000u
#define RWF_BOGUS_LO 0x200u

static size_t page;
static char tmp_path[64];

static void fill(char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (char)(seed + i * 31 + (i >> 9));
}

/* An empty memfd; a failure to make one fails the test that needs it. */
static br_owned_fd mfd(void)
{
	br_owned_fd m = BR_NO_FD;
	tap_errno(br_memfd_create("bedrock-io", BR_MFD_CLOEXEC, &m), BR_OK, "set-up: memfd_create");
	return m;
}

/* A memfd holding content, positioned at 0. */
static br_owned_fd mfd_with(const void *content, size_t len)
{
	br_owned_fd m = mfd();
	size_t n = 0;

	if (len && (br_pwrite(br_borrow(m), content, len, 0, &n) || n != len))
		tap_ok(false, "set-up: fill the memfd");
	return m;
}

static br_owned_fd open_path(const char *path, unsigned flags)
{
	br_owned_fd f = BR_NO_FD;
	tap_errno(br_openat(BR_AT_FDCWD, path, flags | BR_O_CLOEXEC, 0600, &f), BR_OK, tap_nm("set-up: open", path, 0));
	return f;
}

static void mkpipe(unsigned flags, br_owned_fd *r, br_owned_fd *w)
{
	tap_errno(br_pipe2(flags | BR_O_CLOEXEC, r, w), BR_OK, "set-up: pipe2");
}

/* The file position, UINT64_MAX if lseek fails. */
static uint64_t pos_of(br_owned_fd f)
{
	uint64_t p;
	return br_lseek(br_borrow(f), 0, BR_SEEK_CUR, &p) ? UINT64_MAX : p;
}

static void seek_to(br_owned_fd f, uint64_t off)
{
	uint64_t p;
	if (br_lseek(br_borrow(f), (int64_t)off, BR_SEEK_SET, &p) || p != off)
		tap_ok(false, "set-up: lseek");
}

static uint64_t size_of(br_owned_fd f)
{
	br_stat st;
	return br_fstat(br_borrow(f), &st) ? UINT64_MAX : (uint64_t)st.st_size;
}

/* Bytes ready in a pipe, UINT64_MAX if FIONREAD fails. */
static uint64_t pending(br_owned_fd f)
{
	uint64_t n;
	return br_ioctl_fionread(br_borrow(f), &n) ? UINT64_MAX : n;
}

static char back[1 << 20];

/* Whether the file holds exactly want[0..n) at off, read back with pread. */
static bool file_has(br_owned_fd f, uint64_t off, const void *want, size_t n, const char *name)
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
static bool file_zero(br_owned_fd f, uint64_t off, size_t n, const char *name)
{
	static const char zeros[64];
	return file_has(f, off, zeros, n, name);
}

/* Reads up to max of what a pipe holds; never more than FIONREAD says is
 * there, so that a test that expects too much fails instead of blocking. */
static size_t drain(br_owned_fd r, char *buf, size_t max)
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

static void ebadf_all(const char *fn, fd_call call)
{
	for (int i = 0; i < TAP_NBAD; i++) {
		size_t n = 99;
		tap_errno(call(br_fd_from_raw(tap_bad_fd[i].raw), &n), BR_EBADF, tap_nm(fn, tap_bad_fd[i].what, "EBADF"));
		tap_eq(n, 0, tap_nm(fn, tap_bad_fd[i].what, "count 0"));
	}
}

static char one_byte[8] = "x";
static br_iovec one_iov = {one_byte, 1};

static br_errno call_read(br_fd fd, size_t *n) { return br_read(fd, one_byte, 1, n); }
static br_errno call_write(br_fd fd, size_t *n) { return br_write(fd, one_byte, 1, n); }
static br_errno call_pread(br_fd fd, size_t *n) { return br_pread(fd, one_byte, 1, 0, n); }
static br_errno call_pwrite(br_fd fd, size_t *n) { return br_pwrite(fd, one_byte, 1, 0, n); }
static br_errno call_readv(br_fd fd, size_t *n) { return br_readv(fd, &one_iov, 1, n); }
static br_errno call_writev(br_fd fd, size_t *n) { return br_writev(fd, &one_iov, 1, n); }
static br_errno call_preadv(br_fd fd, size_t *n) { return br_preadv(fd, &one_iov, 1, 0, n); }
static br_errno call_pwritev(br_fd fd, size_t *n) { return br_pwritev(fd, &one_iov, 1, 0, n); }
static br_errno call_preadv2(br_fd fd, size_t *n) { return br_preadv2(fd, &one_iov, 1, 0, 0, n); }
static br_errno call_pwritev2(br_fd fd, size_t *n) { return br_pwritev2(fd, &one_iov, 1, 0, 0, n); }
static br_errno call_write_all(br_fd fd, size_t *n) { return br_write_all_partial(fd, one_byte, 1, n); }

/* read: a file read in steps to end of file, a pipe, len 0, each error. */
static void test_read(void)
{
	br_owned_fd f BR_AUTOCLOSE = mfd_with("hello world", 11);
	char buf[32];
	size_t n = 99;

	tap_errno(br_read(br_borrow(f), buf, 5, &n), BR_OK, "read: 5 of 11 bytes");
	tap_eq(n, 5, "read: count 5");
	tap_mem(buf, "hello", 5, "read: the first 5 bytes");
	tap_eq(pos_of(f), 5, "read: position moved to 5");
	tap_errno(br_read(br_borrow(f), buf, sizeof buf, &n), BR_OK, "read: more than is left");
	tap_eq(n, 6, "read: short count 6 at the end");
	tap_mem(buf, " world", 6, "read: the last 6 bytes");
	tap_eq(pos_of(f), 11, "read: position at the end");
	n = 99;
	tap_errno(br_read(br_borrow(f), buf, sizeof buf, &n), BR_OK, "read: at end of file");
	tap_eq(n, 0, "read: count 0 at end of file");
	seek_to(f, 0);
	n = 99;
	tap_errno(br_read(br_borrow(f), buf, 0, &n), BR_OK, "read: len 0");
	tap_eq(n, 0, "read: len 0 reads nothing");
	tap_eq(pos_of(f), 0, "read: len 0 leaves the position");

	/* A pipe gives what it holds, not len. */
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	mkpipe(0, &r, &w);
	tap_errno(br_write(br_borrow(w), "xyz", 3, &n), BR_OK, "read: set-up write to pipe");
	tap_errno(br_read(br_borrow(r), buf, sizeof buf, &n), BR_OK, "read: pipe");
	tap_eq(n, 3, "read: pipe gives the 3 bytes it holds");
	tap_mem(buf, "xyz", 3, "read: pipe bytes");
	tap_eq(pending(r), 0, "read: pipe empty afterwards");

	ebadf_all("read", call_read);
	n = 99;
	tap_errno(br_read(br_borrow(w), buf, 1, &n), BR_EBADF, "read: write end of a pipe is EBADF");
	tap_eq(n, 0, "read: count 0 on EBADF");
	{
		br_owned_fd wo BR_AUTOCLOSE = open_path(tmp_path, BR_O_WRONLY);
		tap_errno(br_read(br_borrow(wo), buf, 1, &n), BR_EBADF, "read: O_WRONLY file is EBADF");
	}
	{
		br_owned_fd p BR_AUTOCLOSE = open_path("/tmp", BR_O_PATH);
		tap_errno(br_read(br_borrow(p), buf, 1, &n), BR_EBADF, "read: O_PATH descriptor is EBADF");
	}

	/* The kernel's EFAULT comes back for a buffer that is not mapped. */
	n = 99;
	tap_errno(br_read(br_borrow(f), (void *)1, 4, &n), BR_EFAULT, "read: buffer (void *)1 is EFAULT");
	tap_eq(n, 0, "read: count 0 on EFAULT");
	tap_errno(br_read(br_borrow(f), (void *)8, 4, &n), BR_EFAULT, "read: buffer (void *)8 is EFAULT");
	tap_eq(pos_of(f), 0, "read: EFAULT leaves the position");

	{
		br_owned_fd d BR_AUTOCLOSE = open_path("/", BR_O_RDONLY | BR_O_DIRECTORY);
		tap_errno(br_read(br_borrow(d), buf, 1, &n), BR_EISDIR, "read: directory is EISDIR");
	}
	{
		br_owned_fd nr BR_AUTOCLOSE = BR_NO_FD, nw BR_AUTOCLOSE = BR_NO_FD;
		mkpipe(BR_O_NONBLOCK, &nr, &nw);
		n = 99;
		tap_errno(br_read(br_borrow(nr), buf, 1, &n), BR_EAGAIN, "read: empty O_NONBLOCK pipe is EAGAIN");
		tap_eq(n, 0, "read: count 0 on EAGAIN");
	}
}

/* write: at the position, len 0, O_APPEND, a pipe, each error. */
static void test_write(void)
{
	br_owned_fd f BR_AUTOCLOSE = mfd();
	size_t n = 99;

	tap_errno(br_write(br_borrow(f), "abc", 3, &n), BR_OK, "write: 3 bytes");
	tap_eq(n, 3, "write: count 3");
	tap_eq(pos_of(f), 3, "write: position moved to 3");
	tap_errno(br_write(br_borrow(f), "defg", 4, &n), BR_OK, "write: 4 more");
	tap_eq(n, 4, "write: count 4");
	file_has(f, 0, "abcdefg", 7, "write: the file holds abcdefg");
	tap_eq(size_of(f), 7, "write: size 7");
	seek_to(f, 1);
	tap_errno(br_write(br_borrow(f), "XY", 2, &n), BR_OK, "write: over existing bytes");
	file_has(f, 0, "aXYdefg", 7, "write: overwrote at the position");
	tap_eq(pos_of(f), 3, "write: position 3");
	n = 99;
	tap_errno(br_write(br_borrow(f), "zz", 0, &n), BR_OK, "write: len 0");
	tap_eq(n, 0, "write: len 0 writes nothing");
	tap_eq(size_of(f), 7, "write: len 0 leaves the size");
	tap_eq(pos_of(f), 3, "write: len 0 leaves the position");

	/* O_APPEND (set with F_SETFL): every write goes to the end. */
	unsigned fl = 0;
	tap_errno(br_fcntl_setfl(br_borrow(f), BR_O_APPEND), BR_OK, "write: F_SETFL O_APPEND");
	tap_errno(br_fcntl_getfl(br_borrow(f), &fl), BR_OK, "write: F_GETFL");
	tap_ok(fl & BR_O_APPEND, "write: O_APPEND is set");
	seek_to(f, 0);
	tap_errno(br_write(br_borrow(f), "!", 1, &n), BR_OK, "write: with O_APPEND at position 0");
	file_has(f, 0, "aXYdefg!", 8, "write: O_APPEND appended");
	tap_eq(pos_of(f), 8, "write: O_APPEND moved the position to the end");

	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	mkpipe(0, &r, &w);
	static char big[1234], got[1234];
	fill(big, sizeof big, 7);
	tap_errno(br_write(br_borrow(w), big, sizeof big, &n), BR_OK, "write: 1234 bytes to a pipe");
	tap_eq(n, 1234, "write: count 1234");
	tap_eq(drain(r, got, sizeof got), 1234, "write: 1234 bytes came out of the pipe");
	tap_mem(got, big, sizeof big, "write: pipe bytes match");

	ebadf_all("write", call_write);
	n = 99;
	tap_errno(br_write(br_borrow(r), "a", 1, &n), BR_EBADF, "write: read end of a pipe is EBADF");
	tap_eq(n, 0, "write: count 0 on EBADF");
	{
		br_owned_fd ro BR_AUTOCLOSE = open_path(tmp_path, BR_O_RDONLY);
		uint64_t before = size_of(ro);
		tap_errno(br_write(br_borrow(ro), "a", 1, &n), BR_EBADF, "write: O_RDONLY file is EBADF");
		tap_eq(size_of(ro), before, "write: O_RDONLY file unchanged");
	}

	n = 99;
	tap_errno(br_write(br_borrow(f), (void *)1, 4, &n), BR_EFAULT, "write: buffer (void *)1 is EFAULT");
	tap_eq(n, 0, "write: count 0 on EFAULT");
	tap_errno(br_write(br_borrow(f), (void *)8, 4, &n), BR_EFAULT, "write: buffer (void *)8 is EFAULT");
	tap_eq(size_of(f), 8, "write: EFAULT wrote nothing");

	/* A full non-blocking pipe: short write, then EAGAIN. */
	br_owned_fd nr BR_AUTOCLOSE = BR_NO_FD, nw BR_AUTOCLOSE = BR_NO_FD;
	mkpipe(BR_O_NONBLOCK, &nr, &nw);
	size_t total = 0;
	while (!br_write(br_borrow(nw), back, sizeof back, &n) && n)
		total += n;
	tap_ok(total > 0 && total < sizeof back, "write: non-blocking pipe took part of 1 MiB");
	tap_eq(pending(nr), total, "write: FIONREAD agrees with the count");
	n = 99;
	tap_errno(br_write(br_borrow(nw), "a", 1, &n), BR_EAGAIN, "write: full O_NONBLOCK pipe is EAGAIN");
	tap_eq(n, 0, "write: count 0 on EAGAIN");
}

/* pread: at an offset, the position untouched, short at EOF, each error. */
static void test_pread(void)
{
	br_owned_fd f BR_AUTOCLOSE = mfd_with("0123456789", 10);
	char buf[16];
	size_t n = 99;

	seek_to(f, 5);
	tap_errno(br_pread(br_borrow(f), buf, 3, 2, &n), BR_OK, "pread: 3 at offset 2");
	tap_eq(n, 3, "pread: count 3");
	tap_mem(buf, "234", 3, "pread: bytes 2..4");
	tap_eq(pos_of(f), 5, "pread: position untouched");
	tap_errno(br_pread(br_borrow(f), buf, 16, 7, &n), BR_OK, "pread: across the end");
	tap_eq(n, 3, "pread: short count 3");
	tap_mem(buf, "789", 3, "pread: the last 3 bytes");
	n = 99;
	tap_errno(br_pread(br_borrow(f), buf, 4, 10, &n), BR_OK, "pread: at the end");
	tap_eq(n, 0, "pread: count 0 at the end");
	tap_errno(br_pread(br_borrow(f), buf, 4, 5 * GIB, &n), BR_OK, "pread: far past the end");
	tap_eq(n, 0, "pread: count 0 past the end");
	tap_eq(pos_of(f), 5, "pread: position still 5");

	/* loff_t is signed: the kernel refuses offsets of 2^63 and above. */
	n = 99;
	tap_errno(br_pread(br_borrow(f), buf, 1, OFF_2_63, &n), BR_EINVAL, "pread: offset 2^63 is EINVAL");
	tap_eq(n, 0, "pread: count 0 on EINVAL");
	tap_errno(br_pread(br_borrow(f), buf, 1, OFF_MAX_1, &n), BR_EINVAL, "pread: offset 2^64-2 is EINVAL");
	tap_errno(br_pread(br_borrow(f), buf, 1, UINT64_MAX, &n), BR_EINVAL, "pread: offset 2^64-1 is EINVAL");
	tap_eq(pos_of(f), 5, "pread: EINVAL leaves the position");

	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	mkpipe(0, &r, &w);
	tap_errno(br_write(br_borrow(w), "abc", 3, &n), BR_OK, "pread: set-up write to pipe");
	n = 99;
	tap_errno(br_pread(br_borrow(r), buf, 3, 0, &n), BR_ESPIPE, "pread: pipe is ESPIPE");
	tap_eq(n, 0, "pread: count 0 on ESPIPE");
	tap_eq(pending(r), 3, "pread: ESPIPE consumed nothing");

	ebadf_all("pread", call_pread);
	{
		br_owned_fd wo BR_AUTOCLOSE = open_path(tmp_path, BR_O_WRONLY);
		tap_errno(br_pread(br_borrow(wo), buf, 1, 0, &n), BR_EBADF, "pread: O_WRONLY file is EBADF");
	}
	n = 99;
	tap_errno(br_pread(br_borrow(f), (void *)1, 4, 0, &n), BR_EFAULT, "pread: buffer (void *)1 is EFAULT");
	tap_eq(n, 0, "pread: count 0 on EFAULT");
	tap_errno(br_pread(br_borrow(f), (void *)8, 4, 0, &n), BR_EFAULT, "pread: buffer (void *)8 is EFAULT");
}

/* pwrite: at an offset, the position untouched, holes, above 4 GiB,
 * O_APPEND (Linux appends, ignoring the offset), each error. */
static void test_pwrite(void)
{
	br_owned_fd f BR_AUTOCLOSE = mfd();
	size_t n = 99;

	tap_errno(br_pwrite(br_borrow(f), "abc", 3, 4, &n), BR_OK, "pwrite: 3 at offset 4");
	tap_eq(n, 3, "pwrite: count 3");
	file_has(f, 0, "\0\0\0\0abc", 7, "pwrite: a hole of zeros, then abc");
	tap_eq(pos_of(f), 0, "pwrite: position untouched");
	tap_errno(br_pwrite(br_borrow(f), "Z", 1, 1, &n), BR_OK, "pwrite: 1 at offset 1");
	file_has(f, 0, "\0Z\0\0abc", 7, "pwrite: overwrote byte 1");
	tap_eq(size_of(f), 7, "pwrite: size 7");
	n = 99;
	tap_errno(br_pwrite(br_borrow(f), "Q", 0, 100, &n), BR_OK, "pwrite: len 0 far out");
	tap_eq(n, 0, "pwrite: len 0 writes nothing");
	tap_eq(size_of(f), 7, "pwrite: len 0 does not extend");

	/* One 64-bit register on every target: 5 GiB must arrive whole. */
	static const char hi[] = "five-gibibytes!";
	tap_errno(br_ftruncate(br_borrow(f), 6 * GIB), BR_OK, "pwrite: ftruncate to 6 GiB");
	tap_errno(br_pwrite(br_borrow(f), hi, 15, 5 * GIB + 3, &n), BR_OK, "pwrite: at 5 GiB + 3");
	tap_eq(n, 15, "pwrite: count 15 at 5 GiB");
	file_has(f, 5 * GIB + 3, hi, 15, "pwrite: bytes at 5 GiB + 3");
	file_zero(f, 1 * GIB + 3, 15, "pwrite: nothing at 1 GiB + 3 (offset not truncated)");
	tap_eq(size_of(f), 6 * GIB, "pwrite: size still 6 GiB");
	tap_eq(pos_of(f), 0, "pwrite: position still 0");

	n = 99;
	tap_errno(br_pwrite(br_borrow(f), "x", 1, OFF_2_63, &n), BR_EINVAL, "pwrite: offset 2^63 is EINVAL");
	tap_eq(n, 0, "pwrite: count 0 on EINVAL");
	tap_errno(br_pwrite(br_borrow(f), "x", 1, OFF_MAX_1, &n), BR_EINVAL, "pwrite: offset 2^64-2 is EINVAL");
	tap_errno(br_pwrite(br_borrow(f), "x", 1, UINT64_MAX, &n), BR_EINVAL, "pwrite: offset 2^64-1 is EINVAL");
	tap_eq(size_of(f), 6 * GIB, "pwrite: EINVAL wrote nothing");

	/* Linux ignores the offset of pwrite on an O_APPEND file. */
	{
		br_owned_fd t BR_AUTOCLOSE = open_path(tmp_path, BR_O_RDWR | BR_O_TRUNC);
		tap_errno(br_write(br_borrow(t), "0123", 4, &n), BR_OK, "pwrite: set-up O_APPEND file");
		br_owned_fd a BR_AUTOCLOSE = open_path(tmp_path, BR_O_WRONLY | BR_O_APPEND);
		tap_errno(br_pwrite(br_borrow(a), "ab", 2, 1, &n), BR_OK, "pwrite: O_APPEND file at offset 1");
		tap_eq(n, 2, "pwrite: O_APPEND count 2");
		file_has(t, 0, "0123ab", 6, "pwrite: O_APPEND appended instead of writing at 1");
		tap_eq(pos_of(a), 0, "pwrite: O_APPEND position untouched");
	}

	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	mkpipe(0, &r, &w);
	n = 99;
	tap_errno(br_pwrite(br_borrow(w), "abc", 3, 0, &n), BR_ESPIPE, "pwrite: pipe is ESPIPE");
	tap_eq(n, 0, "pwrite: count 0 on ESPIPE");
	tap_eq(pending(r), 0, "pwrite: ESPIPE put nothing in the pipe");

	ebadf_all("pwrite", call_pwrite);
	{
		br_owned_fd ro BR_AUTOCLOSE = open_path(tmp_path, BR_O_RDONLY);
		tap_errno(br_pwrite(br_borrow(ro), "a", 1, 0, &n), BR_EBADF, "pwrite: O_RDONLY file is EBADF");
		tap_eq(size_of(ro), 6, "pwrite: O_RDONLY file unchanged");
	}
	n = 99;
	tap_errno(br_pwrite(br_borrow(f), (void *)1, 4, 0, &n), BR_EFAULT, "pwrite: buffer (void *)1 is EFAULT");
	tap_eq(n, 0, "pwrite: count 0 on EFAULT");
	tap_errno(br_pwrite(br_borrow(f), (void *)8, 4, 0, &n), BR_EFAULT, "pwrite: buffer (void *)8 is EFAULT");
	file_has(f, 0, "\0Z\0\0abc", 7, "pwrite: EFAULT changed nothing");
}

static br_iovec many[BR_IOV_MAX + 1];
static char many_src[BR_IOV_MAX + 1], many_dst[BR_IOV_MAX + 1];

/* 1025 one-byte iovecs over buf. */
static void iov_bytes(char *buf)
{
	for (int i = 0; i <= BR_IOV_MAX; i++)
		many[i] = (br_iovec){buf + i, 1};
}

/* readv: scatter over iovecs of different sizes, partial at end of file,
 * 1024 iovecs and not 1025, bad iovecs, each error. */
static void test_readv(void)
{
	char src[30];
	fill(src, sizeof src, 1);
	br_owned_fd f BR_AUTOCLOSE = mfd_with(src, sizeof src);
	char a[1], b[7], c[4], d[12], e[20];
	size_t n = 99;

	for (size_t i = 0; i < sizeof e; i++)
		e[i] = '#';
	br_iovec v[5] = {{a, 1}, {b, 7}, {c, 0}, {d, 12}, {e, 20}};
	tap_errno(br_readv(br_borrow(f), v, 5, &n), BR_OK, "readv: 40 bytes asked of 30");
	tap_eq(n, 30, "readv: short count 30 at end of file");
	tap_mem(a, src, 1, "readv: iovec 0 (1 byte)");
	tap_mem(b, src + 1, 7, "readv: iovec 1 (7 bytes)");
	tap_mem(d, src + 8, 12, "readv: iovec 3 (12 bytes, after an empty one)");
	tap_mem(e, src + 20, 10, "readv: iovec 4 filled with the last 10");
	tap_mem(e + 10, "##########", 10, "readv: rest of iovec 4 untouched");
	tap_eq(pos_of(f), 30, "readv: position 30");
	n = 99;
	tap_errno(br_readv(br_borrow(f), v, 5, &n), BR_OK, "readv: at end of file");
	tap_eq(n, 0, "readv: count 0 at end of file");
	seek_to(f, 0);
	tap_errno(br_readv(br_borrow(f), v, 0, &n), BR_OK, "readv: 0 iovecs");
	tap_eq(n, 0, "readv: 0 iovecs read nothing");
	tap_eq(pos_of(f), 0, "readv: 0 iovecs leave the position");

	/* UIO_MAXIOV is the limit, inclusive. */
	fill(many_src, sizeof many_src, 3);
	br_owned_fd g BR_AUTOCLOSE = mfd_with(many_src, sizeof many_src);
	iov_bytes(many_dst);
	tap_errno(br_readv(br_borrow(g), many, BR_IOV_MAX, &n), BR_OK, "readv: 1024 iovecs");
	tap_eq(n, BR_IOV_MAX, "readv: 1024 bytes");
	tap_mem(many_dst, many_src, BR_IOV_MAX, "readv: 1024 iovecs hold the bytes in order");
	seek_to(g, 0);
	n = 99;
	tap_errno(br_readv(br_borrow(g), many, BR_IOV_MAX + 1, &n), BR_EINVAL, "readv: 1025 iovecs is EINVAL");
	tap_eq(n, 0, "readv: count 0 on EINVAL");
	tap_eq(pos_of(g), 0, "readv: EINVAL leaves the position");

	n = 99;
	tap_errno(br_readv(br_borrow(f), (const br_iovec *)8, 1, &n), BR_EFAULT, "readv: iovec array (void *)8 is EFAULT");
	tap_eq(n, 0, "readv: count 0 on EFAULT");
	br_iovec badv[2] = {{(void *)1, 4}, {b, 4}};
	tap_errno(br_readv(br_borrow(f), badv, 2, &n), BR_EFAULT, "readv: first buffer (void *)1 is EFAULT");
	tap_eq(pos_of(f), 0, "readv: EFAULT leaves the position");
	/* A fault after some bytes arrived is a short read, not an error. */
	br_iovec halfv[2] = {{b, 5}, {(void *)8, 4}};
	tap_errno(br_readv(br_borrow(f), halfv, 2, &n), BR_OK, "readv: second buffer bad");
	tap_eq(n, 5, "readv: short read of the first buffer");
	tap_mem(b, src, 5, "readv: the first buffer's bytes");
	tap_eq(pos_of(f), 5, "readv: position moved by the short read");
	br_iovec negv[1] = {{b, (size_t)1 << 63}};
	tap_errno(br_readv(br_borrow(f), negv, 1, &n), BR_EINVAL, "readv: iov_len 2^63 (negative) is EINVAL");

	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	mkpipe(0, &r, &w);
	tap_errno(br_write(br_borrow(w), "pipedata", 8, &n), BR_OK, "readv: set-up write to pipe");
	br_iovec pv[2] = {{a, 1}, {b, 7}};
	tap_errno(br_readv(br_borrow(r), pv, 2, &n), BR_OK, "readv: pipe");
	tap_eq(n, 8, "readv: 8 bytes from the pipe");
	tap_ok(a[0] == 'p' && b[0] == 'i' && b[6] == 'a', "readv: pipe bytes scattered");

	ebadf_all("readv", call_readv);
	tap_errno(br_readv(br_borrow(w), pv, 2, &n), BR_EBADF, "readv: write end of a pipe is EBADF");
}

/* writev: gather from iovecs of different sizes, 1024 and not 1025, bad
 * iovecs, each error. */
static void test_writev(void)
{
	br_owned_fd f BR_AUTOCLOSE = mfd();
	size_t n = 99;
	br_iovec v[4] = {{"abc", 3}, {"zzz", 0}, {"defgh", 5}, {"ijklmnopqrs", 11}};

	tap_errno(br_writev(br_borrow(f), v, 4, &n), BR_OK, "writev: 4 iovecs");
	tap_eq(n, 19, "writev: count 19");
	file_has(f, 0, "abcdefghijklmnopqrs", 19, "writev: the bytes in order");
	tap_eq(pos_of(f), 19, "writev: position 19");
	tap_errno(br_writev(br_borrow(f), v, 0, &n), BR_OK, "writev: 0 iovecs");
	tap_eq(n, 0, "writev: 0 iovecs write nothing");
	tap_eq(size_of(f), 19, "writev: size still 19");

	fill(many_src, sizeof many_src, 5);
	iov_bytes(many_src);
	br_owned_fd g BR_AUTOCLOSE = mfd();
	tap_errno(br_writev(br_borrow(g), many, BR_IOV_MAX, &n), BR_OK, "writev: 1024 iovecs");
	tap_eq(n, BR_IOV_MAX, "writev: 1024 bytes");
	file_has(g, 0, many_src, BR_IOV_MAX, "writev: 1024 iovecs gathered in order");
	n = 99;
	tap_errno(br_writev(br_borrow(g), many, BR_IOV_MAX + 1, &n), BR_EINVAL, "writev: 1025 iovecs is EINVAL");
	tap_eq(n, 0, "writev: count 0 on EINVAL");
	tap_eq(size_of(g), BR_IOV_MAX, "writev: EINVAL wrote nothing");

	n = 99;
	tap_errno(br_writev(br_borrow(f), (const br_iovec *)8, 1, &n), BR_EFAULT, "writev: iovec array (void *)8 is EFAULT");
	tap_eq(n, 0, "writev: count 0 on EFAULT");
	br_iovec badv[2] = {{(void *)1, 4}, {"ab", 2}};
	tap_errno(br_writev(br_borrow(f), badv, 2, &n), BR_EFAULT, "writev: first buffer (void *)1 is EFAULT");
	tap_eq(size_of(f), 19, "writev: EFAULT wrote nothing");
	/* A fault after some bytes went out is a short write. */
	br_iovec halfv[2] = {{"tuv", 3}, {(void *)8, 4}};
	tap_errno(br_writev(br_borrow(f), halfv, 2, &n), BR_OK, "writev: second buffer bad");
	tap_eq(n, 3, "writev: short write of the first buffer");
	file_has(f, 16, "qrstuv", 6, "writev: exactly those 3 bytes reached the file");
	tap_eq(size_of(f), 22, "writev: size 22");
	br_iovec negv[1] = {{"ab", (size_t)1 << 63}};
	tap_errno(br_writev(br_borrow(f), negv, 1, &n), BR_EINVAL, "writev: iov_len 2^63 (negative) is EINVAL");

	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	mkpipe(0, &r, &w);
	char got[32];
	tap_errno(br_writev(br_borrow(w), v, 4, &n), BR_OK, "writev: pipe");
	tap_eq(drain(r, got, 19), 19, "writev: 19 bytes came out of the pipe");
	tap_mem(got, "abcdefghijklmnopqrs", 19, "writev: pipe bytes gathered");

	ebadf_all("writev", call_writev);
	tap_errno(br_writev(br_borrow(r), v, 4, &n), BR_EBADF, "writev: read end of a pipe is EBADF");
}

/* preadv: scatter at an offset, the position untouched, above 4 GiB (the
 * offset travels as two halves), each error. */
static void test_preadv(void)
{
	char src[20];
	fill(src, sizeof src, 9);
	br_owned_fd f BR_AUTOCLOSE = mfd_with(src, sizeof src);
	char a[3], b[5], c[8];
	size_t n = 99;
	br_iovec v[3] = {{a, 3}, {b, 5}, {c, 8}};

	seek_to(f, 2);
	tap_errno(br_preadv(br_borrow(f), v, 3, 6, &n), BR_OK, "preadv: 16 asked at offset 6");
	tap_eq(n, 14, "preadv: short count 14 at the end");
	tap_mem(a, src + 6, 3, "preadv: iovec 0");
	tap_mem(b, src + 9, 5, "preadv: iovec 1");
	tap_mem(c, src + 14, 6, "preadv: iovec 2 (partly)");
	tap_eq(pos_of(f), 2, "preadv: position untouched");
	n = 99;
	tap_errno(br_preadv(br_borrow(f), v, 3, 20, &n), BR_OK, "preadv: at the end");
	tap_eq(n, 0, "preadv: count 0 at the end");

	/* Offsets with both halves non-zero, and with a low half of all ones. */
	static const char hi[] = "above-4-GiB";
	tap_errno(br_ftruncate(br_borrow(f), 6 * GIB), BR_OK, "preadv: ftruncate to 6 GiB");
	tap_errno(br_pwrite(br_borrow(f), hi, 11, 5 * GIB + 3, &n), BR_OK, "preadv: set-up at 5 GiB + 3");
	tap_errno(br_pwrite(br_borrow(f), "lo", 2, 1 * GIB + 3, &n), BR_OK, "preadv: set-up at 1 GiB + 3");
	tap_errno(br_pwrite(br_borrow(f), "XY", 2, 0xffffffffu, &n), BR_OK, "preadv: set-up at 4 GiB - 1");
	char big[11] = {0};
	br_iovec bv[2] = {{big, 4}, {big + 4, 7}};
	tap_errno(br_preadv(br_borrow(f), bv, 2, 5 * GIB + 3, &n), BR_OK, "preadv: at 5 GiB + 3");
	tap_eq(n, 11, "preadv: count 11");
	tap_mem(big, hi, 11, "preadv: the bytes written at 5 GiB + 3");
	br_iovec lv[1] = {{big, 2}};
	tap_errno(br_preadv(br_borrow(f), lv, 1, 0xffffffffu, &n), BR_OK, "preadv: at 4 GiB - 1");
	tap_mem(big, "XY", 2, "preadv: the bytes at 4 GiB - 1");
	tap_eq(pos_of(f), 2, "preadv: position still 2");

	n = 99;
	tap_errno(br_preadv(br_borrow(f), v, 3, OFF_2_63, &n), BR_EINVAL, "preadv: offset 2^63 is EINVAL");
	tap_eq(n, 0, "preadv: count 0 on EINVAL");
	tap_errno(br_preadv(br_borrow(f), v, 3, OFF_MAX_1, &n), BR_EINVAL, "preadv: offset 2^64-2 is EINVAL");
	tap_errno(br_preadv(br_borrow(f), v, 3, UINT64_MAX, &n), BR_EINVAL,
		  "preadv: offset 2^64-1 is EINVAL (not the current position)");
	tap_eq(pos_of(f), 2, "preadv: EINVAL leaves the position");

	fill(many_src, sizeof many_src, 11);
	br_owned_fd g BR_AUTOCLOSE = mfd_with(many_src, sizeof many_src);
	iov_bytes(many_dst);
	tap_errno(br_preadv(br_borrow(g), many, BR_IOV_MAX, 1, &n), BR_OK, "preadv: 1024 iovecs at offset 1");
	tap_eq(n, BR_IOV_MAX, "preadv: 1024 bytes");
	tap_mem(many_dst, many_src + 1, BR_IOV_MAX, "preadv: 1024 iovecs hold the bytes");
	n = 99;
	tap_errno(br_preadv(br_borrow(g), many, BR_IOV_MAX + 1, 0, &n), BR_EINVAL, "preadv: 1025 iovecs is EINVAL");
	tap_eq(n, 0, "preadv: count 0 on EINVAL");

	n = 99;
	tap_errno(br_preadv(br_borrow(f), (const br_iovec *)8, 1, 0, &n), BR_EFAULT,
		  "preadv: iovec array (void *)8 is EFAULT");
	tap_eq(n, 0, "preadv: count 0 on EFAULT");
	br_iovec badv[1] = {{(void *)1, 4}};
	tap_errno(br_preadv(br_borrow(f), badv, 1, 0, &n), BR_EFAULT, "preadv: buffer (void *)1 is EFAULT");

	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	mkpipe(0, &r, &w);
	tap_errno(br_write(br_borrow(w), "abc", 3, &n), BR_OK, "preadv: set-up write to pipe");
	n = 99;
	tap_errno(br_preadv(br_borrow(r), v, 3, 0, &n), BR_ESPIPE, "preadv: pipe is ESPIPE");
	tap_eq(n, 0, "preadv: count 0 on ESPIPE");
	tap_eq(pending(r), 3, "preadv: ESPIPE consumed nothing");

	ebadf_all("preadv", call_preadv);
	{
		br_owned_fd wo BR_AUTOCLOSE = open_path(tmp_path, BR_O_WRONLY);
		tap_errno(br_preadv(br_borrow(wo), v, 3, 0, &n), BR_EBADF, "preadv: O_WRONLY file is EBADF");
	}
}

/* pwritev: gather at an offset, the position untouched, above 4 GiB,
 * O_APPEND, each error. */
static void test_pwritev(void)
{
	br_owned_fd f BR_AUTOCLOSE = mfd_with("..........", 10);
	size_t n = 99;
	br_iovec v[3] = {{"ab", 2}, {"", 0}, {"cdef", 4}};

	seek_to(f, 1);
	tap_errno(br_pwritev(br_borrow(f), v, 3, 7, &n), BR_OK, "pwritev: 6 at offset 7");
	tap_eq(n, 6, "pwritev: count 6");
	file_has(f, 0, ".......abcdef", 13, "pwritev: bytes at 7, file extended");
	tap_eq(pos_of(f), 1, "pwritev: position untouched");

	/* Above 4 GiB the high half must reach the kernel. */
	static const char hi[] = "gathered-high";
	br_iovec hv[2] = {{(void *)hi, 8}, {(void *)(hi + 8), 5}};
	tap_errno(br_pwritev(br_borrow(f), hv, 2, 5 * GIB + 3, &n), BR_OK, "pwritev: at 5 GiB + 3");
	tap_eq(n, 13, "pwritev: count 13");
	file_has(f, 5 * GIB + 3, hi, 13, "pwritev: bytes at 5 GiB + 3");
	file_zero(f, 1 * GIB + 3, 13, "pwritev: nothing at 1 GiB + 3 (high half not lost)");
	tap_eq(size_of(f), 5 * GIB + 16, "pwritev: size 5 GiB + 16");
	br_iovec lv[1] = {{"LO", 2}};
	tap_errno(br_pwritev(br_borrow(f), lv, 1, 0xffffffffu, &n), BR_OK, "pwritev: at 4 GiB - 1");
	file_has(f, 0xffffffffu, "LO", 2, "pwritev: bytes at 4 GiB - 1");
	tap_eq(pos_of(f), 1, "pwritev: position still 1");

	n = 99;
	tap_errno(br_pwritev(br_borrow(f), v, 3, OFF_2_63, &n), BR_EINVAL, "pwritev: offset 2^63 is EINVAL");
	tap_eq(n, 0, "pwritev: count 0 on EINVAL");
	tap_errno(br_pwritev(br_borrow(f), v, 3, OFF_MAX_1, &n), BR_EINVAL, "pwritev: offset 2^64-2 is EINVAL");
	tap_errno(br_pwritev(br_borrow(f), v, 3, UINT64_MAX, &n), BR_EINVAL, "pwritev: offset 2^64-1 is EINVAL");
	tap_eq(size_of(f), 5 * GIB + 16, "pwritev: EINVAL wrote nothing");
	tap_eq(pos_of(f), 1, "pwritev: EINVAL leaves the position");

	fill(many_src, sizeof many_src, 13);
	iov_bytes(many_src);
	br_owned_fd g BR_AUTOCLOSE = mfd();
	tap_errno(br_pwritev(br_borrow(g), many, BR_IOV_MAX, 2, &n), BR_OK, "pwritev: 1024 iovecs at offset 2");
	tap_eq(n, BR_IOV_MAX, "pwritev: 1024 bytes");
	file_has(g, 2, many_src, BR_IOV_MAX, "pwritev: 1024 iovecs gathered");
	n = 99;
	tap_errno(br_pwritev(br_borrow(g), many, BR_IOV_MAX + 1, 0, &n), BR_EINVAL, "pwritev: 1025 iovecs is EINVAL");
	tap_eq(n, 0, "pwritev: count 0 on EINVAL");
	tap_eq(size_of(g), BR_IOV_MAX + 2, "pwritev: EINVAL wrote nothing");

	{
		br_owned_fd t BR_AUTOCLOSE = open_path(tmp_path, BR_O_RDWR | BR_O_TRUNC);
		tap_errno(br_write(br_borrow(t), "0123", 4, &n), BR_OK, "pwritev: set-up O_APPEND file");
		br_owned_fd a BR_AUTOCLOSE = open_path(tmp_path, BR_O_WRONLY | BR_O_APPEND);
		tap_errno(br_pwritev(br_borrow(a), v, 3, 0, &n), BR_OK, "pwritev: O_APPEND file at offset 0");
		file_has(t, 0, "0123abcdef", 10, "pwritev: O_APPEND appended instead of writing at 0");
		tap_eq(pos_of(a), 0, "pwritev: O_APPEND position untouched");
	}

	n = 99;
	tap_errno(br_pwritev(br_borrow(f), (const br_iovec *)8, 1, 0, &n), BR_EFAULT,
		  "pwritev: iovec array (void *)8 is EFAULT");
	tap_eq(n, 0, "pwritev: count 0 on EFAULT");
	br_iovec badv[1] = {{(void *)1, 4}};
	tap_errno(br_pwritev(br_borrow(f), badv, 1, 0, &n), BR_EFAULT, "pwritev: buffer (void *)1 is EFAULT");
	file_has(f, 0, ".......", 7, "pwritev: EFAULT changed nothing");

	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	mkpipe(0, &r, &w);
	n = 99;
	tap_errno(br_pwritev(br_borrow(w), v, 3, 0, &n), BR_ESPIPE, "pwritev: pipe is ESPIPE");
	tap_eq(n, 0, "pwritev: count 0 on ESPIPE");
	tap_eq(pending(r), 0, "pwritev: ESPIPE put nothing in the pipe");

	ebadf_all("pwritev", call_pwritev);
	{
		br_owned_fd ro BR_AUTOCLOSE = open_path(tmp_path, BR_O_RDONLY);
		tap_errno(br_pwritev(br_borrow(ro), v, 3, 0, &n), BR_EBADF, "pwritev: O_RDONLY file is EBADF");
		file_has(ro, 0, "0123abcdef", 10, "pwritev: O_RDONLY file unchanged");
	}
}

/* qemu-user 7.2 has no preadv2/pwritev2. There (and only there) ENOSYS
 * from the first, valid call skips the group; natively it is a failure. */
static bool v2_missing(br_errno e, const char *name, const char *reason)
{
	if (e == BR_ENOSYS && tap_under_qemu()) {
		tap_skip(name, reason);
		return true;
	}
	return false;
}

/* preadv2: at an offset; at and advancing the position for UINT64_MAX;
 * flags reach the kernel (RWF_NOWAIT), unknown ones are EOPNOTSUPP. */
static void test_preadv2(void)
{
	char src[20];
	fill(src, sizeof src, 17);
	br_owned_fd f BR_AUTOCLOSE = mfd_with(src, sizeof src);
	char a[3], b[4];
	size_t n = 99;
	br_iovec v[2] = {{a, 3}, {b, 4}};

	seek_to(f, 2);
	br_errno e = br_preadv2(br_borrow(f), v, 2, 5, 0, &n);
	if (v2_missing(e, "preadv2: every check", "qemu-user 7.2 has no preadv2"))
		return;
	tap_errno(e, BR_OK, "preadv2: 7 at offset 5");
	tap_eq(n, 7, "preadv2: count 7");
	tap_mem(a, src + 5, 3, "preadv2: iovec 0");
	tap_mem(b, src + 8, 4, "preadv2: iovec 1");
	tap_eq(pos_of(f), 2, "preadv2: explicit offset leaves the position");

	tap_errno(br_preadv2(br_borrow(f), v, 2, UINT64_MAX, 0, &n), BR_OK, "preadv2: offset UINT64_MAX");
	tap_eq(n, 7, "preadv2: count 7 at the position");
	tap_mem(a, src + 2, 3, "preadv2: UINT64_MAX read from the position (iovec 0)");
	tap_mem(b, src + 5, 4, "preadv2: UINT64_MAX read from the position (iovec 1)");
	tap_eq(pos_of(f), 9, "preadv2: UINT64_MAX advanced the position to 9");
	seek_to(f, 17);
	tap_errno(br_preadv2(br_borrow(f), v, 2, UINT64_MAX, 0, &n), BR_OK, "preadv2: UINT64_MAX near the end");
	tap_eq(n, 3, "preadv2: short count 3");
	tap_eq(pos_of(f), 20, "preadv2: position at the end");

	static const char hi[] = "v2-high";
	tap_errno(br_pwrite(br_borrow(f), hi, 7, 5 * GIB + 3, &n), BR_OK, "preadv2: set-up at 5 GiB + 3");
	tap_errno(br_pwrite(br_borrow(f), "lo", 2, 0xffffffffu, &n), BR_OK, "preadv2: set-up at 4 GiB - 1");
	tap_errno(br_preadv2(br_borrow(f), v, 2, 5 * GIB + 3, 0, &n), BR_OK, "preadv2: at 5 GiB + 3");
	tap_eq(n, 7, "preadv2: count 7 at 5 GiB");
	tap_ok(a[0] == 'v' && a[2] == '-' && b[0] == 'h' && b[3] == 'h', "preadv2: the bytes at 5 GiB + 3");
	tap_errno(br_preadv2(br_borrow(f), v, 1, 0xffffffffu, 0, &n), BR_OK,
		  "preadv2: offset 4 GiB - 1 (low half all ones) is an offset");
	tap_eq(n, 3, "preadv2: count 3 at 4 GiB - 1");
	tap_mem(a, "lo", 2, "preadv2: the bytes at 4 GiB - 1");
	tap_eq(pos_of(f), 20, "preadv2: position still 20");

	/* The flags reach the kernel: RWF_NOWAIT on an empty blocking pipe. */
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	mkpipe(0, &r, &w);
	n = 99;
	tap_diag("a hang here means RWF_NOWAIT did not reach the kernel");
	/* Linux 6.1 pipes refuse RWF_NOWAIT with EOPNOTSUPP (later kernels
	 * take it): that answer also proves the flag reached the kernel. */
	br_errno nowait = br_preadv2(br_borrow(r), v, 2, UINT64_MAX, BR_RWF_NOWAIT, &n);
	if (nowait == BR_EOPNOTSUPP)
		tap_skip("preadv2: RWF_NOWAIT on an empty pipe is EAGAIN",
			 "this kernel's pipes refuse RWF_NOWAIT (EOPNOTSUPP)");
	else
		tap_errno(nowait, BR_EAGAIN, "preadv2: RWF_NOWAIT on an empty pipe is EAGAIN");
	tap_eq(n, 0, "preadv2: count 0 on EAGAIN");
	tap_errno(br_write(br_borrow(w), "pip", 3, &n), BR_OK, "preadv2: set-up write to pipe");
	tap_errno(br_preadv2(br_borrow(r), v, 2, 0, 0, &n), BR_ESPIPE, "preadv2: pipe at offset 0 is ESPIPE");
	tap_eq(pending(r), 3, "preadv2: ESPIPE consumed nothing");
	tap_errno(br_preadv2(br_borrow(r), v, 2, UINT64_MAX, nowait == BR_EOPNOTSUPP ? 0 : BR_RWF_NOWAIT, &n), BR_OK,
		  "preadv2: pipe at UINT64_MAX with RWF_NOWAIT (flags 0 where pipes refuse it)");
	tap_eq(n, 3, "preadv2: 3 bytes from the pipe");
	tap_mem(a, "pip", 3, "preadv2: pipe bytes");

	seek_to(f, 4);
	n = 99;
	tap_errno(br_preadv2(br_borrow(f), v, 2, 0, RWF_BOGUS_HI, &n), BR_EOPNOTSUPP,
		  "preadv2: flag 0x80000000 is EOPNOTSUPP");
	tap_eq(n, 0, "preadv2: count 0 on EOPNOTSUPP");
	tap_errno(br_preadv2(br_borrow(f), v, 2, UINT64_MAX, RWF_BOGUS_LO, &n), BR_EOPNOTSUPP,
		  "preadv2: flag 0x200 is EOPNOTSUPP");
	tap_eq(pos_of(f), 4, "preadv2: EOPNOTSUPP leaves the position");

	n = 99;
	tap_errno(br_preadv2(br_borrow(f), v, 2, OFF_2_63, 0, &n), BR_EINVAL, "preadv2: offset 2^63 is EINVAL");
	tap_eq(n, 0, "preadv2: count 0 on EINVAL");
	tap_errno(br_preadv2(br_borrow(f), v, 2, OFF_MAX_1, 0, &n), BR_EINVAL, "preadv2: offset 2^64-2 is EINVAL");

	fill(many_src, sizeof many_src, 19);
	br_owned_fd g BR_AUTOCLOSE = mfd_with(many_src, sizeof many_src);
	iov_bytes(many_dst);
	tap_errno(br_preadv2(br_borrow(g), many, BR_IOV_MAX, 0, 0, &n), BR_OK, "preadv2: 1024 iovecs");
	tap_mem(many_dst, many_src, BR_IOV_MAX, "preadv2: 1024 iovecs hold the bytes");
	tap_errno(br_preadv2(br_borrow(g), many, BR_IOV_MAX + 1, 0, 0, &n), BR_EINVAL, "preadv2: 1025 iovecs is EINVAL");
	tap_errno(br_preadv2(br_borrow(f), (const br_iovec *)8, 1, 0, 0, &n), BR_EFAULT,
		  "preadv2: iovec array (void *)8 is EFAULT");
	br_iovec badv[1] = {{(void *)1, 4}};
	tap_errno(br_preadv2(br_borrow(f), badv, 1, 0, 0, &n), BR_EFAULT, "preadv2: buffer (void *)1 is EFAULT");
	tap_eq(pos_of(f), 4, "preadv2: errors leave the position");

	ebadf_all("preadv2", call_preadv2);
	tap_errno(br_preadv2(br_borrow(w), v, 2, UINT64_MAX, 0, &n), BR_EBADF, "preadv2: write end of a pipe is EBADF");
}

/* pwritev2: at an offset; at and advancing the position for UINT64_MAX;
 * RWF_APPEND; unknown flags are EOPNOTSUPP and write nothing. */
static void test_pwritev2(void)
{
	br_owned_fd f BR_AUTOCLOSE = mfd_with("0123456789", 10);
	size_t n = 99;
	br_iovec v[2] = {{"ab", 2}, {"cde", 3}};

	seek_to(f, 1);
	br_errno e = br_pwritev2(br_borrow(f), v, 2, 4, 0, &n);
	if (v2_missing(e, "pwritev2: every check", "qemu-user 7.2 has no pwritev2"))
		return;
	tap_errno(e, BR_OK, "pwritev2: 5 at offset 4");
	tap_eq(n, 5, "pwritev2: count 5");
	file_has(f, 0, "0123abcde9", 10, "pwritev2: bytes at 4");
	tap_eq(pos_of(f), 1, "pwritev2: explicit offset leaves the position");

	tap_errno(br_pwritev2(br_borrow(f), v, 2, UINT64_MAX, 0, &n), BR_OK, "pwritev2: offset UINT64_MAX");
	tap_eq(n, 5, "pwritev2: count 5 at the position");
	file_has(f, 0, "0abcdecde9", 10, "pwritev2: UINT64_MAX wrote at the position 1");
	tap_eq(pos_of(f), 6, "pwritev2: UINT64_MAX advanced the position to 6");

	/* RWF_APPEND: at the end whatever the offset; with UINT64_MAX the
	 * position follows to the new end. */
	br_iovec xv[1] = {{"XY", 2}};
	tap_errno(br_pwritev2(br_borrow(f), xv, 1, 0, BR_RWF_APPEND, &n), BR_OK, "pwritev2: RWF_APPEND at offset 0");
	file_has(f, 0, "0abcdecde9XY", 12, "pwritev2: RWF_APPEND appended");
	tap_eq(pos_of(f), 6, "pwritev2: RWF_APPEND with an offset leaves the position");
	tap_errno(br_pwritev2(br_borrow(f), xv, 1, UINT64_MAX, BR_RWF_APPEND, &n), BR_OK,
		  "pwritev2: RWF_APPEND at UINT64_MAX");
	file_has(f, 10, "XYXY", 4, "pwritev2: appended again");
	tap_eq(pos_of(f), 14, "pwritev2: RWF_APPEND at UINT64_MAX moved the position to the end");
	tap_errno(br_pwritev2(br_borrow(f), xv, 1, 0, BR_RWF_DSYNC, &n), BR_OK, "pwritev2: RWF_DSYNC");
	tap_errno(br_pwritev2(br_borrow(f), v, 1, 2, BR_RWF_SYNC, &n), BR_OK, "pwritev2: RWF_SYNC");
	file_has(f, 0, "XYab", 4, "pwritev2: RWF_DSYNC and RWF_SYNC wrote at their offsets");

	static const char hi[] = "v2-gather-hi";
	br_iovec hv[2] = {{(void *)hi, 3}, {(void *)(hi + 3), 9}};
	tap_errno(br_pwritev2(br_borrow(f), hv, 2, 5 * GIB + 3, 0, &n), BR_OK, "pwritev2: at 5 GiB + 3");
	tap_eq(n, 12, "pwritev2: count 12");
	file_has(f, 5 * GIB + 3, hi, 12, "pwritev2: bytes at 5 GiB + 3");
	file_zero(f, 1 * GIB + 3, 12, "pwritev2: nothing at 1 GiB + 3");
	tap_errno(br_pwritev2(br_borrow(f), xv, 1, 0xffffffffu, 0, &n), BR_OK,
		  "pwritev2: offset 4 GiB - 1 (low half all ones) is an offset");
	file_has(f, 0xffffffffu, "XY", 2, "pwritev2: bytes at 4 GiB - 1");
	tap_eq(pos_of(f), 14, "pwritev2: position still 14");
	uint64_t size = size_of(f);

	n = 99;
	tap_errno(br_pwritev2(br_borrow(f), v, 2, 0, RWF_BOGUS_HI, &n), BR_EOPNOTSUPP,
		  "pwritev2: flag 0x80000000 is EOPNOTSUPP");
	tap_eq(n, 0, "pwritev2: count 0 on EOPNOTSUPP");
	tap_errno(br_pwritev2(br_borrow(f), v, 2, UINT64_MAX, RWF_BOGUS_LO, &n), BR_EOPNOTSUPP,
		  "pwritev2: flag 0x200 is EOPNOTSUPP");
	file_has(f, 0, "XYab", 4, "pwritev2: EOPNOTSUPP wrote nothing");
	tap_eq(pos_of(f), 14, "pwritev2: EOPNOTSUPP leaves the position");

	n = 99;
	tap_errno(br_pwritev2(br_borrow(f), v, 2, OFF_2_63, 0, &n), BR_EINVAL, "pwritev2: offset 2^63 is EINVAL");
	tap_eq(n, 0, "pwritev2: count 0 on EINVAL");
	tap_errno(br_pwritev2(br_borrow(f), v, 2, OFF_MAX_1, 0, &n), BR_EINVAL, "pwritev2: offset 2^64-2 is EINVAL");
	tap_eq(size_of(f), size, "pwritev2: EINVAL wrote nothing");

	fill(many_src, sizeof many_src, 23);
	iov_bytes(many_src);
	br_owned_fd g BR_AUTOCLOSE = mfd();
	tap_errno(br_pwritev2(br_borrow(g), many, BR_IOV_MAX, UINT64_MAX, 0, &n), BR_OK, "pwritev2: 1024 iovecs");
	file_has(g, 0, many_src, BR_IOV_MAX, "pwritev2: 1024 iovecs gathered");
	tap_eq(pos_of(g), BR_IOV_MAX, "pwritev2: position 1024");
	tap_errno(br_pwritev2(br_borrow(g), many, BR_IOV_MAX + 1, 0, 0, &n), BR_EINVAL, "pwritev2: 1025 iovecs is EINVAL");
	tap_eq(size_of(g), BR_IOV_MAX, "pwritev2: EINVAL wrote nothing");
	tap_errno(br_pwritev2(br_borrow(f), (const br_iovec *)8, 1, 0, 0, &n), BR_EFAULT,
		  "pwritev2: iovec array (void *)8 is EFAULT");
	br_iovec badv[1] = {{(void *)1, 4}};
	tap_errno(br_pwritev2(br_borrow(f), badv, 1, 0, 0, &n), BR_EFAULT, "pwritev2: buffer (void *)1 is EFAULT");
	file_has(f, 0, "XYab", 4, "pwritev2: EFAULT changed nothing");

	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	mkpipe(0, &r, &w);
	tap_errno(br_pwritev2(br_borrow(w), v, 2, 0, 0, &n), BR_ESPIPE, "pwritev2: pipe at offset 0 is ESPIPE");
	tap_eq(pending(r), 0, "pwritev2: ESPIPE put nothing in the pipe");
	tap_errno(br_pwritev2(br_borrow(w), v, 2, UINT64_MAX, 0, &n), BR_OK, "pwritev2: pipe at UINT64_MAX");
	char got[8];
	tap_eq(drain(r, got, 5), 5, "pwritev2: 5 bytes came out of the pipe");
	tap_mem(got, "abcde", 5, "pwritev2: pipe bytes");

	ebadf_all("pwritev2", call_pwritev2);
	tap_errno(br_pwritev2(br_borrow(r), v, 2, UINT64_MAX, 0, &n), BR_EBADF, "pwritev2: read end of a pipe is EBADF");
}

static char wa_buf[1 << 20];

/* br_write_all / br_write_all_partial: everything arrives, short writes
 * are continued, and on error the count is exactly what reached the file. */
static void test_write_all(void)
{
	size_t n = 99;

	fill(wa_buf, sizeof wa_buf, 29);
	{
		br_owned_fd f BR_AUTOCLOSE = mfd();
		tap_errno(br_write_all(br_borrow(f), wa_buf, sizeof wa_buf), BR_OK, "write_all: 1 MiB to a memfd");
		tap_eq(size_of(f), sizeof wa_buf, "write_all: size 1 MiB");
		tap_eq(pos_of(f), sizeof wa_buf, "write_all: position 1 MiB");
		file_has(f, 0, wa_buf, sizeof wa_buf, "write_all: every byte arrived");
		tap_errno(br_write_all_partial(br_borrow(f), wa_buf, 100, &n), BR_OK, "write_all_partial: 100 more");
		tap_eq(n, 100, "write_all_partial: written 100");
		file_has(f, sizeof wa_buf, wa_buf, 100, "write_all_partial: the 100 bytes");
		n = 99;
		tap_errno(br_write_all_partial(br_borrow(f), wa_buf, 0, &n), BR_OK, "write_all_partial: len 0");
		tap_eq(n, 0, "write_all_partial: written 0");
		tap_eq(size_of(f), sizeof wa_buf + 100, "write_all_partial: len 0 wrote nothing");
	}

	/* The kernel caps one write at MAX_RW_COUNT (INT_MAX rounded down to a
	 * page): a longer buffer takes two writes, which the loop must issue. */
	{
		size_t len = 0x80000000u + 2 * page, cap = 0x7fffffffu & ~(page - 1);
		void *p = 0;
		br_owned_fd null BR_AUTOCLOSE = open_path("/dev/null", BR_O_WRONLY);
		tap_errno(br_mmap(0, len, BR_PROT_READ, BR_MAP_PRIVATE | BR_MAP_ANONYMOUS, br_fd_from_raw(-1), 0, &p),
			  BR_OK, "write_all: map 2 GiB + 2 pages (zero pages)");
		tap_errno(br_write(br_borrow(null), p, len, &n), BR_OK, "write: 2 GiB + 2 pages to /dev/null");
		tap_eq(n, cap, "write: one write is cut at MAX_RW_COUNT");
		n = 99;
		tap_errno(br_write_all_partial(br_borrow(null), p, len, &n), BR_OK,
			  "write_all_partial: 2 GiB + 2 pages to /dev/null");
		tap_eq(n, len, "write_all_partial: all of it, over the short write");
		tap_errno(br_write_all(br_borrow(null), p, len), BR_OK, "write_all: 2 GiB + 2 pages to /dev/null");
		if (p)
			tap_errno(br_munmap(p, len), BR_OK, "write_all: unmap");
	}

	/* A non-blocking pipe takes what fits, then EAGAIN: the count is what
	 * the pipe holds. */
	{
		br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
		mkpipe(BR_O_NONBLOCK, &r, &w);
		n = 99;
		tap_errno(br_write_all_partial(br_borrow(w), wa_buf, sizeof wa_buf, &n), BR_EAGAIN,
			  "write_all_partial: full O_NONBLOCK pipe is EAGAIN");
		tap_ok(n > 0 && n < sizeof wa_buf, "write_all_partial: part got through");
		tap_eq(pending(r), n, "write_all_partial: written equals what the pipe holds");
		tap_eq(drain(r, back, sizeof back), n, "write_all_partial: drained that much");
		tap_mem(back, wa_buf, n, "write_all_partial: the first bytes, in order");
		tap_errno(br_write_all(br_borrow(w), wa_buf, sizeof wa_buf), BR_EAGAIN, "write_all: EAGAIN too");
	}

	/* A buffer whose second page is unmapped: one page, then EFAULT. */
	{
		char *p = 0;
		br_owned_fd f BR_AUTOCLOSE = mfd();
		tap_errno(br_mmap(0, 2 * page, BR_PROT_READ | BR_PROT_WRITE, BR_MAP_PRIVATE | BR_MAP_ANONYMOUS,
				  br_fd_from_raw(-1), 0, (void **)&p),
			  BR_OK, "write_all: map two pages");
		if (p) {
			fill(p, page, 31);
			tap_errno(br_munmap(p + page, page), BR_OK, "write_all: unmap the second page");
			n = 99;
			tap_errno(br_write_all_partial(br_borrow(f), p, 2 * page, &n), BR_EFAULT,
				  "write_all_partial: half-unmapped buffer is EFAULT");
			tap_eq(size_of(f), n, "write_all_partial: written equals the bytes in the file");
			file_has(f, 0, p, n, "write_all_partial: and they are the first bytes");
			if (tap_under_qemu() && n == 0)
				tap_skip("write_all_partial: exactly the mapped page got through",
					 "qemu-user checks the whole buffer before write(2) and issues none");
			else
				tap_eq(n, page, "write_all_partial: exactly the mapped page got through");
			tap_errno(br_write_all(br_borrow(f), p, 2 * page), BR_EFAULT, "write_all: EFAULT too");
			tap_errno(br_munmap(p, page), BR_OK, "write_all: unmap the first page");
		}
	}

	ebadf_all("write_all_partial", call_write_all);
	for (int i = 0; i < TAP_NBAD; i++)
		tap_errno(br_write_all(br_fd_from_raw(tap_bad_fd[i].raw), "a", 1), BR_EBADF,
			  tap_nm("write_all", tap_bad_fd[i].what, "EBADF"));
	{
		br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
		mkpipe(0, &r, &w);
		n = 99;
		tap_errno(br_write_all_partial(br_borrow(r), "abc", 3, &n), BR_EBADF,
			  "write_all_partial: read end of a pipe is EBADF");
		tap_eq(n, 0, "write_all_partial: written 0 on EBADF");
	}
}

/* The slow reader of test_write_all_signals: a SIGALRM handler that takes
 * at most one 4 KiB pipeful per timer tick, so the writer keeps blocking
 * and its writes are cut short or interrupted (EINTR) by the signal. */
static char slow_got[256 * 1024];
static volatile size_t slow_len;
static volatile int slow_ticks;
static int slow_fd = -1;

static void slow_reader(int sig)
{
	size_t n;
	(void)sig;
	slow_ticks++;
	if (slow_len < sizeof slow_got &&
	    br_read(br_fd_from_raw(slow_fd), slow_got + slow_len, 4096, &n) == BR_OK)
		slow_len += n;
}

/* br_write_all against signals: EPIPE when the reader is gone (SIGPIPE
 * ignored), and every byte through a 4 KiB pipe whose reader is a timer
 * signal handler, over short writes and EINTR. */
static void test_write_all_signals(void)
{
	br_sigaction ign = {.flags = 0}, dfl = {.flags = 0}, slow = {.flags = 0};
	size_t n = 99;

	ign.handler = BR_SIG_IGN;
	dfl.handler = BR_SIG_DFL;
	slow.handler = slow_reader;
	tap_errno(br_rt_sigaction(BR_SIGPIPE, &ign, 0), BR_OK, "write_all: ignore SIGPIPE");
	{
		br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
		mkpipe(0, &r, &w);
		br_close(&r);
		tap_errno(br_write_all_partial(br_borrow(w), "abc", 3, &n), BR_EPIPE,
			  "write_all_partial: reader closed is EPIPE");
		tap_eq(n, 0, "write_all_partial: written 0 on EPIPE");
	}
	tap_errno(br_rt_sigaction(BR_SIGPIPE, &dfl, 0), BR_OK, "write_all: SIGPIPE back to default");

	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	mkpipe(0, &r, &w);
	/* F_SETPIPE_SZ (1031): the smallest pipe, one page. */
	tap_eq((uint64_t)br_syscall3(BR_SYS_fcntl, w.raw, 1031, 4096), 4096, "write_all: pipe shrunk to 4 KiB");
	tap_errno(br_ioctl_fionbio(br_borrow(r), true), BR_OK, "write_all: reader non-blocking (the handler must not block)");
	slow_fd = r.raw;
	slow_len = 0;
	slow_ticks = 0;
	fill(wa_buf, sizeof slow_got, 37);
	br_itimerval tick = {{0, 2000}, {0, 2000}}, off = {{0, 0}, {0, 0}};
	tap_errno(br_rt_sigaction(BR_SIGALRM, &slow, 0), BR_OK, "write_all: SIGALRM handler, no SA_RESTART");
	tap_errno(br_setitimer(BR_ITIMER_REAL, &tick, 0), BR_OK, "write_all: 2 ms ticks");
	br_errno e = br_write_all_partial(br_borrow(w), wa_buf, sizeof slow_got, &n);
	tap_errno(br_setitimer(BR_ITIMER_REAL, &off, 0), BR_OK, "write_all: ticks off");
	tap_errno(br_rt_sigaction(BR_SIGALRM, &dfl, 0), BR_OK, "write_all: SIGALRM back to default");
	tap_errno(e, BR_OK, "write_all_partial: 256 KiB through a 4 KiB pipe to a slow reader");
	tap_eq(n, sizeof slow_got, "write_all_partial: written is all of it");
	tap_ok(slow_ticks >= 32, "write_all: the writer was interrupted by many signals");
	size_t got = slow_len;
	got += drain(r, slow_got + got, sizeof slow_got - got);
	tap_eq(got, sizeof slow_got, "write_all: the reader got every byte");
	tap_mem(slow_got, wa_buf, sizeof slow_got, "write_all: in order, none lost or doubled");
	slow_fd = -1;
}

/* The numbers the error cases use, and the scratch file. */
static void set_up(void)
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

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;

	int before = tap_open_fds();
	tap_ok(before >= 0, "set-up: /proc/self/fd readable");
	set_up();
	tap_group(test_read, "read");
	tap_group(test_write, "write");
	tap_group(test_pread, "pread");
	tap_group(test_pwrite, "pwrite");
	tap_group(test_readv, "readv");
	tap_group(test_writev, "writev");
	tap_group(test_preadv, "preadv");
	tap_group(test_pwritev, "pwritev");
	tap_group(test_preadv2, "preadv2");
	tap_group(test_pwritev2, "pwritev2");
	tap_group(test_write_all, "write_all");
	tap_group(test_write_all_signals, "write_all with signals");
	tap_errno(br_unlinkat(BR_AT_FDCWD, tmp_path, 0), BR_OK, "clean-up: remove the scratch file");
	tap_eq((uint64_t)tap_open_fds(), (uint64_t)before, "no descriptor leaked overall");
	return tap_done();
}
