/* SPDX-License-Identifier: MIT */
/* io.h, vectored: readv, writev, preadv, pwritev, preadv2 and pwritev2
 * (io_common.h). */
#include "io_common.h"

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

int main(int argc, char **argv, char **envp)
{
	static const struct io_group groups[] = {
		{test_readv, "readv"},
		{test_writev, "writev"},
		{test_preadv, "preadv"},
		{test_pwritev, "pwritev"},
		{test_preadv2, "preadv2"},
		{test_pwritev2, "pwritev2"},
	};

	(void)argc, (void)argv, (void)envp;
	return io_run(groups, sizeof groups / sizeof groups[0]);
}
