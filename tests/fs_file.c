/* SPDX-License-Identifier: MIT */
/* fs.h, positions, sizes, syncing and directory entries: lseek,
 * ftruncate, fsync, fdatasync, mkdirat, unlinkat, readlinkat, getdents64
 * (fs_common.h). */
#include "fs_common.h"

/* lseek: every whence, errors with *pos 0, offsets above 4 GiB, holes. */
static void test_lseek(void)
{
	br_owned_fd f BR_AUTOCLOSE = make_file("seek", "0123456789", 0600);
	br_owned_fd m BR_AUTOCLOSE = BR_NO_FD, r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	uint64_t pos = 99;
	char c;
	size_t n;

	tap_ok(f.raw >= 0, "a 10-byte file");
	tap_ok(!br_lseek(br_borrow(f), 3, BR_SEEK_SET, &pos) && pos == 3, "SEEK_SET 3 is 3");
	tap_ok(!br_read(br_borrow(f), &c, 1, &n) && c == '3', "the next read is byte 3");
	tap_ok(!br_lseek(br_borrow(f), 2, BR_SEEK_CUR, &pos) && pos == 6, "SEEK_CUR +2 (after the read) is 6");
	tap_ok(!br_lseek(br_borrow(f), -6, BR_SEEK_CUR, &pos) && pos == 0, "SEEK_CUR -6 is 0");
	tap_ok(!br_lseek(br_borrow(f), 0, BR_SEEK_END, &pos) && pos == 10, "SEEK_END 0 is the size, 10");
	tap_ok(!br_lseek(br_borrow(f), -4, BR_SEEK_END, &pos) && pos == 6, "SEEK_END -4 is 6");
	tap_ok(!br_read(br_borrow(f), &c, 1, &n) && c == '6', "the next read is byte 6");
	tap_ok(!br_lseek(br_borrow(f), 5, BR_SEEK_END, &pos) && pos == 15, "SEEK_END +5 (past the end) is 15");

	pos = 99;
	tap_errno(br_lseek(br_borrow(f), -1, BR_SEEK_SET, &pos), BR_EINVAL, "SEEK_SET -1 is EINVAL");
	tap_eq(pos, 0, "*pos is 0 on error");
	tap_errno(br_lseek(br_borrow(f), -100, BR_SEEK_CUR, &pos), BR_EINVAL, "a negative result via SEEK_CUR is EINVAL");
	tap_errno(br_lseek(br_borrow(f), -11, BR_SEEK_END, &pos), BR_EINVAL, "a negative result via SEEK_END is EINVAL");
	tap_errno(br_lseek(br_borrow(f), 0, 5, &pos), BR_EINVAL, "whence 5 is EINVAL");
	tap_ok(!br_lseek(br_borrow(f), 0, BR_SEEK_CUR, &pos) && pos == 15, "a failed lseek leaves the position alone");

	tap_ok(!br_lseek(br_borrow(f), (int64_t)(5 * GIB), BR_SEEK_SET, &pos) && pos == 5 * GIB,
	       "SEEK_SET 5 GiB is 5 GiB");
	tap_ok(!br_lseek(br_borrow(f), 7, BR_SEEK_CUR, &pos) && pos == 5 * GIB + 7, "SEEK_CUR +7 is 5 GiB + 7");
	tap_ok(!br_write(br_borrow(f), "z", 1, &n) && (uint64_t)st_of(br_borrow(f)).st_size == 5 * GIB + 8,
	       "a write there makes the (sparse) file 5 GiB + 8 bytes");
	tap_ok(!br_lseek(br_borrow(f), -1, BR_SEEK_END, &pos) && pos == 5 * GIB + 7 && !br_read(br_borrow(f), &c, 1, &n) &&
		       c == 'z',
	       "SEEK_END -1 is 5 GiB + 7, where the byte is");
	tap_ok(!br_ftruncate(br_borrow(f), 0), "truncate it back (no 5 GiB file left behind)");

	/* SEEK_DATA (3) and SEEK_HOLE (4) on a sparse memfd, above 4 GiB. */
	bool ok = !br_memfd_create("bedrock-seek", BR_MFD_CLOEXEC, &m) && !br_ftruncate(br_borrow(m), 6 * GIB) &&
		  !br_pwrite(br_borrow(m), "d", 1, 5 * GIB + 1, &n);
	tap_ok(ok && !br_lseek(br_borrow(m), 0, BR_SEEK_DATA, &pos) && pos == 5 * GIB,
	       "SEEK_DATA from 0 finds the data page at 5 GiB");
	tap_ok(!br_lseek(br_borrow(m), (int64_t)(5 * GIB), BR_SEEK_HOLE, &pos) && pos > 5 * GIB && pos < 6 * GIB,
	       "SEEK_HOLE from there finds the hole after it");
	tap_errno(br_lseek(br_borrow(m), (int64_t)(6 * GIB), BR_SEEK_DATA, &pos), BR_ENXIO,
		  "SEEK_DATA at the end is ENXIO");
	tap_ok(!br_lseek(br_borrow(m), INT64_MAX, BR_SEEK_SET, &pos) && pos == (uint64_t)INT64_MAX,
	       "SEEK_SET INT64_MAX on a memfd is INT64_MAX (tmpfs allows any off_t)");

	(void)!br_pipe2(BR_O_CLOEXEC, &r, &w);
	pos = 99;
	tap_errno(br_lseek(br_borrow(r), 0, BR_SEEK_CUR, &pos), BR_ESPIPE, "lseek on a pipe is ESPIPE");
	tap_eq(pos, 0, "*pos is 0");
	(void)!br_unlinkat(br_borrow(dir), "seek", 0);
}

/* ftruncate: the size fstat reports, zeros where data was cut, errors. */
static void test_ftruncate(void)
{
	br_owned_fd f BR_AUTOCLOSE = make_file("trunc", "hello world", 0600);
	br_owned_fd ro BR_AUTOCLOSE = BR_NO_FD, r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	char buf[128];
	size_t n;
	uint64_t pos;

	tap_errno(br_ftruncate(br_borrow(f), 5), BR_OK, "ftruncate to 5");
	tap_eq((uint64_t)st_of(br_borrow(f)).st_size, 5, "fstat: 5 bytes");
	tap_ok(!br_pread(br_borrow(f), buf, sizeof buf, 0, &n) && mem_is(buf, n, "hello"), "they are \"hello\"");
	tap_ok(!br_lseek(br_borrow(f), 0, BR_SEEK_CUR, &pos) && pos == 11, "the position (11) is unchanged");
	tap_errno(br_ftruncate(br_borrow(f), 100), BR_OK, "ftruncate up to 100");
	tap_eq((uint64_t)st_of(br_borrow(f)).st_size, 100, "fstat: 100 bytes");
	bool zeros = !br_pread(br_borrow(f), buf, sizeof buf, 0, &n) && n == 100;
	for (size_t i = 5; i < 100 && zeros; i++)
		zeros = buf[i] == 0;
	tap_ok(zeros, "bytes 5..99 read back as zero (\" world\" is gone)");
	tap_errno(br_ftruncate(br_borrow(f), 5 * GIB + 1), BR_OK, "ftruncate to 5 GiB + 1");
	tap_eq((uint64_t)st_of(br_borrow(f)).st_size, 5 * GIB + 1, "fstat: 5 GiB + 1");
	tap_ok(!br_pread(br_borrow(f), buf, 4, 5 * GIB - 3, &n) && n == 4 && !buf[0] && !buf[3], "the tail reads as zeros");
	tap_errno(br_ftruncate(br_borrow(f), 0), BR_OK, "ftruncate to 0");
	tap_eq((uint64_t)st_of(br_borrow(f)).st_size, 0, "fstat: empty");

	tap_errno(br_ftruncate(br_borrow(f), 1ull << 63), BR_EINVAL, "length 2^63 (negative off_t) is EINVAL");
	(void)!br_openat(br_borrow(dir), "trunc", BR_O_RDONLY | BR_O_CLOEXEC, 0, &ro);
	tap_errno(br_ftruncate(br_borrow(ro), 1), BR_EINVAL, "a read-only descriptor is EINVAL");
	(void)!br_pipe2(BR_O_CLOEXEC, &r, &w);
	tap_errno(br_ftruncate(br_borrow(w), 1), BR_EINVAL, "a pipe is EINVAL");
	tap_errno(br_ftruncate(br_borrow(dir), 1), BR_EINVAL, "a directory is EINVAL");
	tap_eq((uint64_t)st_of(br_borrow(f)).st_size, 0, "the failed calls changed nothing");
	(void)!br_unlinkat(br_borrow(dir), "trunc", 0);
}

/* fsync and fdatasync: fine on files and directories, EINVAL where there
 * is nothing to sync, EBADF on closed and O_PATH descriptors. */
static void test_sync(void)
{
	br_owned_fd f BR_AUTOCLOSE = make_file("sync", "data", 0600);
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD, p BR_AUTOCLOSE = BR_NO_FD;

	tap_errno(br_fsync(br_borrow(f)), BR_OK, "fsync of a written file");
	tap_errno(br_fdatasync(br_borrow(f)), BR_OK, "fdatasync of it");
	tap_errno(br_fsync(br_borrow(dir)), BR_OK, "fsync of a directory");
	tap_errno(br_fdatasync(br_borrow(dir)), BR_OK, "fdatasync of a directory");
	(void)!br_pipe2(BR_O_CLOEXEC, &r, &w);
	tap_errno(br_fsync(br_borrow(w)), BR_EINVAL, "fsync of a pipe is EINVAL");
	tap_errno(br_fdatasync(br_borrow(r)), BR_EINVAL, "fdatasync of a pipe is EINVAL");
	(void)!br_openat(br_borrow(dir), "sync", BR_O_PATH | BR_O_CLOEXEC, 0, &p);
	tap_errno(br_fsync(br_borrow(p)), BR_EBADF, "fsync of an O_PATH fd is EBADF");
	(void)!br_unlinkat(br_borrow(dir), "sync", 0);
}

/* mkdirat and unlinkat, each outcome checked by trying to open the name. */
static void test_mkdir_unlink(void)
{
	br_owned_fd x BR_AUTOCLOSE = BR_NO_FD, f BR_AUTOCLOSE = make_file("plain", "p", 0600);
	unsigned before = (unsigned)st_of(br_borrow(dir)).st_nlink;

	tap_errno(br_mkdirat(br_borrow(dir), "sub", 0750), BR_OK, "mkdirat(dir, \"sub\", 0750)");
	br_stat st;
	bool ok = !br_openat(br_borrow(dir), "sub", BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &x);
	st = st_of(br_borrow(x));
	br_close(&x);
	tap_ok(ok && (st.st_mode & BR_S_IFMT) == BR_S_IFDIR && (st.st_mode & 07777) == 0750,
	       "it opens as a directory with mode 0750");
	tap_eq(st_of(br_borrow(dir)).st_nlink, before + 1, "the parent's st_nlink went up by one");
	tap_errno(br_mkdirat(br_borrow(dir), "sub", 0750), BR_EEXIST, "mkdirat again is EEXIST");
	tap_errno(br_mkdirat(br_borrow(dir), "plain", 0750), BR_EEXIST, "mkdirat over a file is EEXIST");
	tap_errno(br_mkdirat(br_borrow(dir), "nope/sub", 0750), BR_ENOENT, "a missing parent is ENOENT");
	tap_errno(br_mkdirat(br_borrow(dir), "plain/sub", 0750), BR_ENOTDIR, "a file as parent is ENOTDIR");

	br_owned_fd inner BR_AUTOCLOSE = BR_NO_FD;
	ok = !br_openat(br_borrow(dir), "sub/x", BR_O_CREAT | BR_O_WRONLY | BR_O_CLOEXEC, 0600, &inner);
	tap_ok(ok, "a file sub/x");
	tap_errno(br_unlinkat(br_borrow(dir), "sub", BR_AT_REMOVEDIR), BR_ENOTEMPTY,
		  "unlinkat(AT_REMOVEDIR) of a non-empty directory is ENOTEMPTY");
	tap_errno(br_unlinkat(br_borrow(dir), "sub", 0), BR_EISDIR, "unlinkat without AT_REMOVEDIR on a directory is EISDIR");
	tap_errno(br_unlinkat(br_borrow(dir), "plain", BR_AT_REMOVEDIR), BR_ENOTDIR,
		  "unlinkat(AT_REMOVEDIR) of a file is ENOTDIR");
	tap_errno(br_unlinkat(br_borrow(dir), "plain", 0x1), BR_EINVAL, "an unknown flag is EINVAL");
	tap_errno(br_unlinkat(br_borrow(dir), ".", BR_AT_REMOVEDIR), BR_EINVAL, "removing \".\" is EINVAL");
	tap_errno(br_unlinkat(br_borrow(dir), "missing", 0), BR_ENOENT, "a missing name is ENOENT");

	tap_errno(br_unlinkat(br_borrow(dir), "sub/x", 0), BR_OK, "unlinkat of sub/x");
	tap_errno(br_openat(br_borrow(dir), "sub/x", BR_O_RDONLY, 0, &x), BR_ENOENT, "it no longer opens");
	tap_eq(st_of(br_borrow(inner)).st_nlink, 0, "the open descriptor sees st_nlink 0");
	tap_errno(br_unlinkat(br_borrow(dir), "sub", BR_AT_REMOVEDIR), BR_OK, "unlinkat(AT_REMOVEDIR) of the empty sub");
	tap_errno(br_openat(br_borrow(dir), "sub", BR_O_RDONLY, 0, &x), BR_ENOENT, "it no longer opens");
	tap_eq(st_of(br_borrow(dir)).st_nlink, before, "the parent's st_nlink is back");
	tap_errno(br_unlinkat(br_borrow(dir), "plain", 0), BR_OK, "unlinkat of a file");
	tap_eq(st_of(br_borrow(f)).st_nlink, 0, "its descriptor sees st_nlink 0");
}

/* readlinkat: the target without a NUL, truncated to size, errors. */
static void test_readlinkat(void)
{
	char buf[64];
	size_t n = 99;
	br_owned_fd p BR_AUTOCLOSE = BR_NO_FD, f BR_AUTOCLOSE = make_file("notlink", 0, 0600);
	char path[128];

	tap_errno(symlink_in_dir("target-path-xyz", "ln"), BR_OK, "a symlink to \"target-path-xyz\"");
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = '#';
	tap_errno(br_readlinkat(br_borrow(dir), "ln", buf, sizeof buf, &n), BR_OK, "readlinkat(dir, \"ln\")");
	tap_ok(mem_is(buf, n, "target-path-xyz"), "gives the 15 bytes of the target");
	tap_ok(buf[15] == '#', "and writes no NUL after them");
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = '#';
	tap_errno(br_readlinkat(br_borrow(dir), "ln", buf, 4, &n), BR_OK, "readlinkat with size 4");
	tap_ok(mem_is(buf, n, "targ") && buf[4] == '#', "is truncated to \"targ\", nothing past it written");
	tap_errno(br_readlinkat(br_borrow(dir), "ln", buf, 15, &n), BR_OK, "readlinkat with size == length");
	tap_ok(mem_is(buf, n, "target-path-xyz"), "gives all 15 bytes");

	/* An empty path reads the link an O_PATH descriptor refers to. */
	bool ok = !br_openat(br_borrow(dir), "ln", BR_O_PATH | BR_O_NOFOLLOW | BR_O_CLOEXEC, 0, &p);
	tap_ok(ok && !br_readlinkat(br_borrow(p), "", buf, sizeof buf, &n) && mem_is(buf, n, "target-path-xyz"),
	       "readlinkat(O_PATH fd of the link, \"\") reads it");
	tap_ok(!br_readlinkat(BR_AT_FDCWD, fd_path(path, f.raw), buf, sizeof buf, &n) &&
		       mem_is(buf, n, in_dir(path, "notlink")),
	       "/proc/self/fd/N names the file's absolute path");

	n = 99;
	tap_errno(br_readlinkat(br_borrow(dir), "ln", buf, 0, &n), BR_EINVAL, "size 0 is EINVAL");
	tap_eq(n, 0, "*len is 0 on error");
	tap_errno(br_readlinkat(br_borrow(dir), "notlink", buf, sizeof buf, &n), BR_EINVAL, "a regular file is EINVAL");
	tap_errno(br_readlinkat(br_borrow(dir), "missing", buf, sizeof buf, &n), BR_ENOENT, "a missing name is ENOENT");
	tap_errno(br_readlinkat(br_borrow(dir), "ln", (char *)16, sizeof buf, &n), BR_EFAULT,
		  "an unmapped buffer is EFAULT");
	(void)!br_unlinkat(br_borrow(dir), "ln", 0);
	(void)!br_unlinkat(br_borrow(dir), "notlink", 0);
}

/* The entries of a fresh directory with known contents. */
struct want_entry {
	const char *name;
	unsigned char type;
	uint64_t ino;
	int seen;
};

/* Checks every record of a getdents64 buffer against want[]; false on a
 * malformed record or an unknown name. */
static bool scan(const char *buf, size_t n, struct want_entry *want, size_t nwant)
{
	for (size_t off = 0; off < n;) {
		const br_dirent64 *d = (const br_dirent64 *)(const void *)(buf + off);
		size_t len = tap_strlen(d->d_name);
		if (d->d_reclen % 8 || d->d_reclen < 19 + len + 1 || off + d->d_reclen > n)
			return false;
		size_t i = 0;
		while (i < nwant && !tap_streq(want[i].name, d->d_name))
			i++;
		if (i == nwant || d->d_type != want[i].type || (want[i].ino && d->d_ino != want[i].ino))
			return false;
		want[i].seen++;
		off += d->d_reclen;
	}
	return true;
}

static bool all_seen_once(struct want_entry *want, size_t nwant)
{
	bool ok = true;
	for (size_t i = 0; i < nwant; i++) {
		ok &= want[i].seen == 1;
		want[i].seen = 0;
	}
	return ok;
}

/* getdents64: exactly the entries of a fresh directory, with types and
 * inode numbers, whatever the buffer size; end, rewind and errors. */
static void test_getdents64(void)
{
	br_owned_fd d BR_AUTOCLOSE = BR_NO_FD, x BR_AUTOCLOSE = BR_NO_FD;
	_Alignas(8) char buf[4096];
	size_t n;

	bool ok = !br_mkdirat(br_borrow(dir), "list", 0700) &&
		  !br_openat(br_borrow(dir), "list", BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &d);
	struct want_entry want[] = {
		{".", DT_DIR, 0, 0}, {"..", DT_DIR, 0, 0}, {"a", DT_REG, 0, 0},
		{"bb", DT_REG, 0, 0}, {"ccc", DT_DIR, 0, 0}, {"ln", DT_LNK, 0, 0},
	};
	size_t nwant = sizeof want / sizeof want[0];
	ok = ok && !br_openat(br_borrow(d), "a", BR_O_CREAT | BR_O_WRONLY | BR_O_CLOEXEC, 0600, &x);
	br_close(&x);
	ok = ok && !br_openat(br_borrow(d), "bb", BR_O_CREAT | BR_O_WRONLY | BR_O_CLOEXEC, 0600, &x);
	br_close(&x);
	ok = ok && !br_mkdirat(br_borrow(d), "ccc", 0700);
	ok = ok && !br_syscall3(BR_SYS_symlinkat, (long)"a", d.raw, (long)"ln");
	/* Inode numbers by fstat of each (O_PATH|O_NOFOLLOW: the link itself). */
	for (size_t i = 0; i < nwant && ok; i++) {
		ok = !br_openat(br_borrow(d), want[i].name, BR_O_PATH | BR_O_NOFOLLOW | BR_O_CLOEXEC, 0, &x);
		want[i].ino = st_of(br_borrow(x)).st_ino;
		br_close(&x);
	}
	if (!tap_ok(ok, "a fresh directory with a, bb, ccc/ and ln -> a")) {
		tap_skip("getdents64", "setup failed");
		return;
	}

	size_t total = 0;
	bool good = true;
	br_errno e;
	while (!(e = br_getdents64(br_borrow(d), buf, sizeof buf, &n)) && n) {
		good &= scan(buf, n, want, nwant);
		total += n;
	}
	tap_errno(e, BR_OK, "getdents64 reads to the end without error");
	tap_ok(good && total > 0, "every record is well-formed (reclen, NUL) with the right d_type and d_ino");
	tap_ok(all_seen_once(want, nwant), "exactly ., .., a, bb, ccc and ln, each once");
	tap_ok(!br_getdents64(br_borrow(d), buf, sizeof buf, &n) && n == 0, "at the end *nread is 0");

	/* Rewind, then read with a buffer that holds one 24-byte record. */
	uint64_t pos;
	tap_ok(!br_lseek(br_borrow(d), 0, BR_SEEK_SET, &pos) && pos == 0, "lseek(0) rewinds the directory");
	good = true;
	int calls = 0;
	while (!(e = br_getdents64(br_borrow(d), buf, 32, &n)) && n && calls < 100) {
		good &= n == 24 && scan(buf, n, want, nwant);
		calls++;
	}
	tap_ok(e == BR_OK && good && calls == 6 && all_seen_once(want, nwant),
	       "a 32-byte buffer gets one record per call, all six again");

	tap_ok(!br_lseek(br_borrow(d), 0, BR_SEEK_SET, &pos), "rewind");
	n = 99;
	tap_errno(br_getdents64(br_borrow(d), buf, 8, &n), BR_EINVAL, "a buffer too small for one record is EINVAL");
	tap_eq(n, 0, "*nread is 0 on error");
	tap_errno(br_getdents64(br_borrow(d), (void *)16, sizeof buf, &n), BR_EFAULT, "an unmapped buffer is EFAULT");
	ok = !br_openat(br_borrow(d), "a", BR_O_RDONLY | BR_O_CLOEXEC, 0, &x);
	tap_errno(ok ? br_getdents64(br_borrow(x), buf, sizeof buf, &n) : BR_EIO, BR_ENOTDIR,
		  "getdents64 of a regular file is ENOTDIR");
	br_close(&x);

	(void)!br_unlinkat(br_borrow(d), "ln", 0);
	(void)!br_unlinkat(br_borrow(d), "ccc", BR_AT_REMOVEDIR);
	(void)!br_unlinkat(br_borrow(d), "bb", 0);
	(void)!br_unlinkat(br_borrow(d), "a", 0);
	(void)!br_unlinkat(br_borrow(dir), "list", BR_AT_REMOVEDIR);
}


static br_errno lseek_fd(br_fd fd)
{
	uint64_t pos;
	return br_lseek(fd, 0, BR_SEEK_SET, &pos);
}

static br_errno ftruncate_fd(br_fd fd) { return br_ftruncate(fd, 1); }
static br_errno fsync_fd(br_fd fd) { return br_fsync(fd); }
static br_errno fdatasync_fd(br_fd fd) { return br_fdatasync(fd); }
static br_errno mkdirat_fd(br_fd fd) { return br_mkdirat(fd, "z", 0750); }
static br_errno unlinkat_fd(br_fd fd) { return br_unlinkat(fd, "plain", 0); }
static br_errno mkdirat_path(void *bad) { return br_mkdirat(br_borrow(dir), (const char *)bad, 0750); }
static br_errno unlinkat_path(void *bad) { return br_unlinkat(br_borrow(dir), (const char *)bad, 0); }

static br_errno readlinkat_fd(br_fd fd)
{
	char buf[8];
	size_t n;
	return br_readlinkat(fd, "ln", buf, sizeof buf, &n);
}

static br_errno readlinkat_path(void *bad)
{
	char buf[8];
	size_t n;
	return br_readlinkat(br_borrow(dir), (const char *)bad, buf, sizeof buf, &n);
}

static br_errno getdents64_fd(br_fd fd)
{
	_Alignas(8) char buf[512];
	size_t n;
	return br_getdents64(fd, buf, sizeof buf, &n);
}

/* Bad input every call refuses: a bad descriptor (or dir fd with a
 * relative path) is EBADF, an unmapped path EFAULT. */
static void test_bad_input(void)
{
	static const struct tap_fd_case bad_fd[] = {
		{"lseek", lseek_fd},
		{"ftruncate", ftruncate_fd},
		{"fsync", fsync_fd},
		{"fdatasync", fdatasync_fd},
		{"mkdirat (the dir fd)", mkdirat_fd},
		{"unlinkat (the dir fd)", unlinkat_fd},
		{"readlinkat (the dir fd)", readlinkat_fd},
		{"getdents64", getdents64_fd},
	};
	static const struct tap_ptr_case bad_ptr[] = {
		{"mkdirat (the path)", mkdirat_path},
		{"unlinkat (the path)", unlinkat_path},
		{"readlinkat (the path)", readlinkat_path},
	};
	tap_ebadf_table(bad_fd, sizeof bad_fd / sizeof bad_fd[0]);
	tap_efault_table(bad_ptr, sizeof bad_ptr / sizeof bad_ptr[0]);
}

int main(int argc, char **argv, char **envp)
{
	static void (*const tests[])(void) = {
		test_lseek,
		test_ftruncate,
		test_sync,
		test_mkdir_unlink,
		test_readlinkat,
		test_getdents64,
		test_bad_input,
	};

	(void)argc, (void)argv, (void)envp;
	return fs_run(tests, sizeof tests / sizeof tests[0]);
}
