/* SPDX-License-Identifier: MIT */
/* io.h, one buffer: read, write, pread and pwrite (io_common.h). */
#include "io_common.h"

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

int main(int argc, char **argv, char **envp)
{
	static const struct io_group groups[] = {
		{test_read, "read"},
		{test_write, "write"},
		{test_pread, "pread"},
		{test_pwrite, "pwrite"},
	};

	(void)argc, (void)argv, (void)envp;
	return io_run(groups, sizeof groups / sizeof groups[0]);
}
