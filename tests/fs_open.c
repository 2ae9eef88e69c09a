/* SPDX-License-Identifier: MIT */
/* fs.h, the calls that make descriptors: openat (and O_TMPFILE), pipe2,
 * memfd_create (fs_common.h). */
#include "fs_common.h"

/* openat: creation, exclusivity, errors, and the flags the kernel reports
 * back through F_GETFD and F_GETFL (which proves the arch's O_ values). */
static void test_openat(void)
{
	br_owned_fd a BR_AUTOCLOSE = BR_NO_FD, b BR_AUTOCLOSE = BR_NO_FD;
	char path[128];

	tap_errno(br_openat(br_borrow(dir), "f", BR_O_CREAT | BR_O_EXCL | BR_O_RDWR | BR_O_CLOEXEC, 0640, &a), BR_OK,
		  "openat(dir, \"f\", O_CREAT|O_EXCL) creates it");
	tap_ok(a.raw >= 0 && tap_fd_open(a.raw), "and returns an open descriptor");
	br_stat st = st_of(br_borrow(a));
	tap_ok((st.st_mode & BR_S_IFMT) == BR_S_IFREG && (st.st_mode & 07777) == 0640 && st.st_size == 0,
	       "fstat: an empty regular file with mode 0640");
	b.raw = 1234;
	tap_errno(br_openat(br_borrow(dir), "f", BR_O_CREAT | BR_O_EXCL | BR_O_RDWR, 0640, &b), BR_EEXIST,
		  "O_CREAT|O_EXCL a second time is EEXIST");
	tap_eq((uint64_t)(int64_t)b.raw, (uint64_t)-1, "out fd is -1 on error");

	/* Relative to the dir fd means inside that directory. */
	tap_errno(br_openat(BR_AT_FDCWD, in_dir(path, "f"), BR_O_RDONLY | BR_O_CLOEXEC, 0, &b), BR_OK,
		  "the file opens by its absolute path");
	tap_ok(st_of(br_borrow(b)).st_ino == st.st_ino && st.st_ino != 0, "the same inode: created relative to dir");
	br_close(&b);

	b.raw = 1234;
	tap_errno(br_openat(br_borrow(dir), "missing", BR_O_RDONLY, 0, &b), BR_ENOENT, "a missing name is ENOENT");
	tap_eq((uint64_t)(int64_t)b.raw, (uint64_t)-1, "out fd is -1");
	tap_errno(br_openat(br_borrow(dir), "", BR_O_RDONLY, 0, &b), BR_ENOENT, "an empty path is ENOENT");
	tap_errno(br_openat(br_borrow(dir), "f", BR_O_RDONLY | BR_O_DIRECTORY, 0, &b), BR_ENOTDIR,
		  "O_DIRECTORY on a regular file is ENOTDIR");
	tap_errno(br_openat(br_borrow(dir), "f/x", BR_O_RDONLY, 0, &b), BR_ENOTDIR, "a path through a file is ENOTDIR");
	tap_errno(br_openat(br_borrow(a), "x", BR_O_RDONLY, 0, &b), BR_ENOTDIR,
		  "a relative path against a non-directory fd is ENOTDIR");
	tap_errno(br_openat(br_fd_from_raw(closed_fd), in_dir(path, "f"), BR_O_RDONLY | BR_O_CLOEXEC, 0, &b), BR_OK,
		  "an absolute path ignores the (closed) dir fd");
	br_close(&b);
	tap_errno(br_openat(br_borrow(dir), "g", BR_O_CREAT | BR_O_DIRECTORY | BR_O_RDWR, 0600, &b), BR_EINVAL,
		  "O_CREAT|O_DIRECTORY is EINVAL (Linux 6.4+)");

	tap_errno(br_openat(BR_AT_FDCWD, dirpath, BR_O_RDONLY | BR_O_DIRECTORY, 0, &b), BR_OK,
		  "O_DIRECTORY on a directory opens it");
	tap_ok((st_of(br_borrow(b)).st_mode & BR_S_IFMT) == BR_S_IFDIR, "fstat: S_IFDIR");
	tap_eq(getfd(b), 0, "without O_CLOEXEC, F_GETFD is 0");
	br_close(&b);
	tap_eq(getfd(a), BR_FD_CLOEXEC, "O_CLOEXEC shows as FD_CLOEXEC in F_GETFD");

	/* F_GETFL reports the access mode and status flags exactly; O_LARGEFILE
	 * is forced on by 64-bit kernels and must be the arch's value. */
	tap_errno(br_openat(br_borrow(dir), "f", BR_O_WRONLY | BR_O_APPEND | BR_O_NONBLOCK | BR_O_CLOEXEC, 0, &b), BR_OK,
		  "open O_WRONLY|O_APPEND|O_NONBLOCK");
	unsigned fl = getfl(b);
	tap_eq(fl & ~BR_O_LARGEFILE, BR_O_WRONLY | BR_O_APPEND | BR_O_NONBLOCK, "F_GETFL: O_WRONLY|O_APPEND|O_NONBLOCK");
	if (tap_under_qemu())
		tap_skip("F_GETFL: and BR_O_LARGEFILE, the arch's value",
			 "qemu-user 7.2 drops O_LARGEFILE from F_GETFL for 64-bit targets (no TARGET_O_LARGEFILE)");
	else
		tap_ok(fl & BR_O_LARGEFILE, "F_GETFL: and BR_O_LARGEFILE, the arch's value");
	tap_eq(getfl(a) & ~BR_O_LARGEFILE, BR_O_RDWR, "F_GETFL of the O_RDWR descriptor is O_RDWR");

	/* O_APPEND: writes land at the end whatever the position. */
	size_t n;
	char buf[16];
	bool ok = !br_pwrite(br_borrow(a), "abc", 3, 0, &n) && !br_write(br_borrow(b), "xy", 2, &n) &&
		  !br_pread(br_borrow(a), buf, sizeof buf, 0, &n);
	tap_ok(ok && mem_is(buf, n, "abcxy"), "an O_APPEND write goes to the end (\"abcxy\")");
	br_close(&b);

	/* O_TRUNC empties an existing file. */
	tap_errno(br_openat(br_borrow(dir), "f", BR_O_RDWR | BR_O_TRUNC | BR_O_CLOEXEC, 0, &b), BR_OK, "open O_TRUNC");
	tap_eq((uint64_t)st_of(br_borrow(a)).st_size, 0, "the file is empty afterwards");
	br_close(&b);

	/* O_NOFOLLOW and O_PATH, against a symbolic link to f. */
	if (symlink_in_dir("f", "lnf")) {
		tap_skip("O_NOFOLLOW/O_PATH", "symlinkat failed");
	} else {
		tap_errno(br_openat(br_borrow(dir), "lnf", BR_O_RDONLY | BR_O_NOFOLLOW, 0, &b), BR_ELOOP,
			  "O_NOFOLLOW on a symlink is ELOOP");
		tap_errno(br_openat(br_borrow(dir), "lnf", BR_O_RDONLY | BR_O_CLOEXEC, 0, &b), BR_OK,
			  "without it the link is followed");
		tap_ok(st_of(br_borrow(b)).st_ino == st.st_ino, "to f");
		br_close(&b);
		tap_errno(br_openat(br_borrow(dir), "lnf", BR_O_PATH | BR_O_NOFOLLOW | BR_O_CLOEXEC, 0, &b), BR_OK,
			  "O_PATH|O_NOFOLLOW opens the link itself");
		tap_ok((st_of(br_borrow(b)).st_mode & BR_S_IFMT) == BR_S_IFLNK, "fstat: S_IFLNK");
		tap_eq(getfl(b) & BR_O_PATH, BR_O_PATH, "F_GETFL shows O_PATH");
		br_close(&b);
		(void)!br_unlinkat(br_borrow(dir), "lnf", 0);
	}

	/* The mode argument is masked by umask. */
	uint64_t old = (uint64_t)br_syscall1(BR_SYS_umask, 027);
	tap_errno(br_openat(br_borrow(dir), "m", BR_O_CREAT | BR_O_EXCL | BR_O_WRONLY | BR_O_CLOEXEC, 0666, &b), BR_OK,
		  "create with mode 0666 under umask 027");
	(void)br_syscall1(BR_SYS_umask, (long)old);
	tap_eq(st_of(br_borrow(b)).st_mode & 07777, 0640, "the file's mode is 0640");
	br_close(&b);
	(void)!br_unlinkat(br_borrow(dir), "m", 0);
}

/* O_TMPFILE: an unnamed regular file in the directory, nlink 0, no entry,
 * until linked in through /proc/self/fd. */
static void test_tmpfile(void)
{
	br_owned_fd t BR_AUTOCLOSE = BR_NO_FD, b BR_AUTOCLOSE = BR_NO_FD;
	char path[64];
	size_t n;
	char buf[8];

	tap_errno(br_openat(br_borrow(dir), ".", BR_O_TMPFILE | BR_O_RDWR | BR_O_CLOEXEC, 0600, &t), BR_OK,
		  "O_TMPFILE in the test directory");
	if (t.raw < 0)
		return;
	br_stat st = st_of(br_borrow(t));
	tap_ok((st.st_mode & BR_S_IFMT) == BR_S_IFREG && st.st_nlink == 0 && (st.st_mode & 0777) == 0600,
	       "fstat: regular, mode 0600, st_nlink 0");
	tap_ok(!br_write(br_borrow(t), "tmp", 3, &n) && !br_pread(br_borrow(t), buf, sizeof buf, 0, &n) &&
		       mem_is(buf, n, "tmp"),
	       "it holds data");
	tap_errno(br_openat(br_borrow(dir), "tmplinked", BR_O_RDONLY, 0, &b), BR_ENOENT, "it has no name yet");
	long r = br_syscall5(BR_SYS_linkat, BR_AT_FDCWD.raw, (long)fd_path(path, t.raw), dir.raw, (long)"tmplinked",
			     AT_SYMLINK_FOLLOW);
	tap_ok(r == 0 && st_of(br_borrow(t)).st_nlink == 1, "linkat from /proc/self/fd gives it a name (st_nlink 1)");
	tap_ok(!br_openat(br_borrow(dir), "tmplinked", BR_O_RDONLY | BR_O_CLOEXEC, 0, &b) &&
		       st_of(br_borrow(b)).st_ino == st.st_ino,
	       "the name opens the same inode");
	br_close(&b);
	(void)!br_unlinkat(br_borrow(dir), "tmplinked", 0);
	tap_errno(br_openat(br_borrow(dir), ".", BR_O_TMPFILE | BR_O_RDONLY, 0600, &b), BR_EINVAL,
		  "O_TMPFILE without write access is EINVAL");
}

/* pipe2: flags on both ends, bytes flow, packet mode, bad flags. */
static void test_pipe2(void)
{
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	char buf[16];
	size_t n;

	tap_errno(br_pipe2(0, &r, &w), BR_OK, "pipe2(0)");
	tap_ok(r.raw >= 0 && w.raw >= 0 && r.raw != w.raw, "two distinct descriptors");
	tap_ok(getfd(r) == 0 && getfd(w) == 0, "neither is close-on-exec");
	tap_ok((getfl(r) & ~BR_O_LARGEFILE) == BR_O_RDONLY && (getfl(w) & ~BR_O_LARGEFILE) == BR_O_WRONLY,
	       "the first is the read end (O_RDONLY), the second the write end (O_WRONLY)");
	tap_ok((st_of(br_borrow(r)).st_mode & BR_S_IFMT) == BR_S_IFIFO && st_of(br_borrow(w)).st_ino == st_of(br_borrow(r)).st_ino,
	       "fstat: both ends are the same S_IFIFO");
	tap_ok(!br_write(br_borrow(w), "hello", 5, &n) && n == 5 && !br_read(br_borrow(r), buf, sizeof buf, &n) &&
		       mem_is(buf, n, "hello"),
	       "bytes written to the second come out of the first");
	br_close(&w);
	tap_ok(!br_read(br_borrow(r), buf, sizeof buf, &n) && n == 0, "end of file once the write end is closed");
	br_close(&r);

	tap_errno(br_pipe2(BR_O_CLOEXEC, &r, &w), BR_OK, "pipe2(O_CLOEXEC)");
	tap_ok(getfd(r) == BR_FD_CLOEXEC && getfd(w) == BR_FD_CLOEXEC, "both ends are close-on-exec");
	tap_ok(!(getfl(r) & BR_O_NONBLOCK) && !(getfl(w) & BR_O_NONBLOCK), "and blocking");
	br_close(&r);
	br_close(&w);

	tap_errno(br_pipe2(BR_O_NONBLOCK | BR_O_CLOEXEC, &r, &w), BR_OK, "pipe2(O_NONBLOCK|O_CLOEXEC)");
	tap_ok((getfl(r) & BR_O_NONBLOCK) && (getfl(w) & BR_O_NONBLOCK), "both ends have O_NONBLOCK");
	tap_errno(br_read(br_borrow(r), buf, sizeof buf, &n), BR_EAGAIN, "reading the empty pipe is EAGAIN");
	br_close(&r);
	br_close(&w);

	/* O_DIRECT differs between architectures: packet mode proves it. */
	tap_errno(br_pipe2(BR_O_DIRECT | BR_O_CLOEXEC, &r, &w), BR_OK, "pipe2(O_DIRECT): packet mode");
	/* The kernel keeps O_DIRECT on the write end only (create_pipe_files). */
	tap_ok((getfl(w) & BR_O_DIRECT) && !(getfl(r) & BR_O_DIRECT), "F_GETFL shows the arch's O_DIRECT on the write end");
	bool ok = !br_write(br_borrow(w), "ab", 2, &n) && !br_write(br_borrow(w), "cd", 2, &n) &&
		  !br_read(br_borrow(r), buf, sizeof buf, &n) && mem_is(buf, n, "ab");
	tap_ok(ok, "a read returns one packet (\"ab\"), not both writes");
	br_close(&r);
	br_close(&w);

	r.raw = w.raw = 1234;
	tap_errno(br_pipe2(BR_O_APPEND, &r, &w), BR_EINVAL, "pipe2(O_APPEND) is EINVAL");
	tap_ok(r.raw == -1 && w.raw == -1, "both out fds are -1");
	tap_errno(br_pipe2(BR_O_CLOEXEC | BR_O_RDWR, &r, &w), BR_EINVAL, "pipe2(O_RDWR) is EINVAL");
	tap_errno(br_pipe2(BR_MFD_CLOEXEC, &r, &w), BR_EINVAL, "pipe2(BR_MFD_CLOEXEC) is EINVAL: not a pipe2 flag");
}

/* memfd_create: the name in /proc/self/fd, close-on-exec, sealing, bad
 * flags and names. */
static void test_memfd(void)
{
	br_owned_fd m BR_AUTOCLOSE = BR_NO_FD;
	char path[64], link[128];
	size_t n;

	tap_errno(br_memfd_create("bedrock-name", 0, &m), BR_OK, "memfd_create(\"bedrock-name\", 0)");
	tap_ok(!br_readlinkat(BR_AT_FDCWD, fd_path(path, m.raw), link, sizeof link, &n) &&
		       mem_is(link, n, "/memfd:bedrock-name (deleted)"),
	       "readlink /proc/self/fd/N is \"/memfd:bedrock-name (deleted)\"");
	br_stat st = st_of(br_borrow(m));
	tap_ok((st.st_mode & BR_S_IFMT) == BR_S_IFREG && st.st_size == 0 && st.st_nlink == 0,
	       "fstat: an empty regular file with no links");
	tap_eq(getfd(m), 0, "without MFD_CLOEXEC, F_GETFD is 0");
	tap_eq(getfl(m) & ~BR_O_LARGEFILE, BR_O_RDWR, "it is open O_RDWR");
	tap_eq((uint64_t)br_syscall2(BR_SYS_fcntl, m.raw, F_GET_SEALS), F_SEAL_SEAL,
	       "without MFD_ALLOW_SEALING it is sealed against seals (F_SEAL_SEAL)");
	char buf[8];
	tap_ok(!br_write(br_borrow(m), "data", 4, &n) && !br_pread(br_borrow(m), buf, sizeof buf, 0, &n) &&
		       mem_is(buf, n, "data"),
	       "it holds data");
	br_close(&m);

	tap_errno(br_memfd_create("x", BR_MFD_CLOEXEC | BR_MFD_ALLOW_SEALING, &m), BR_OK,
		  "memfd_create(MFD_CLOEXEC|MFD_ALLOW_SEALING)");
	tap_eq(getfd(m), BR_FD_CLOEXEC, "F_GETFD is FD_CLOEXEC");
	tap_eq((uint64_t)br_syscall2(BR_SYS_fcntl, m.raw, F_GET_SEALS), 0, "no seals yet: sealing allowed");
	br_close(&m);

	tap_errno(br_memfd_create("", BR_MFD_CLOEXEC, &m), BR_OK, "an empty name is allowed");
	tap_ok(!br_readlinkat(BR_AT_FDCWD, fd_path(path, m.raw), link, sizeof link, &n) &&
		       mem_is(link, n, "/memfd: (deleted)"),
	       "and shows as \"/memfd: (deleted)\"");
	br_close(&m);

	m.raw = 1234;
	tap_errno(br_memfd_create("x", 0x1000, &m), BR_EINVAL, "an unknown flag (0x1000) is EINVAL");
	tap_eq((uint64_t)(int64_t)m.raw, (uint64_t)-1, "out fd is -1");
	static char longname[251];
	for (int i = 0; i < 250; i++)
		longname[i] = 'n';
	tap_errno(br_memfd_create(longname, 0, &m), BR_EINVAL, "a 250-byte name is EINVAL (the limit is 249)");
	longname[249] = 0;
	tap_errno(br_memfd_create(longname, BR_MFD_CLOEXEC, &m), BR_OK, "a 249-byte name is accepted");
	br_close(&m);
}


static br_errno openat_fd(br_fd fd)
{
	br_owned_fd o BR_AUTOCLOSE = BR_NO_FD;
	return br_openat(fd, "f", BR_O_RDONLY | BR_O_CLOEXEC, 0, &o);
}

static br_errno openat_path(void *bad)
{
	br_owned_fd o BR_AUTOCLOSE = BR_NO_FD;
	return br_openat(br_borrow(dir), (const char *)bad, BR_O_RDONLY | BR_O_CLOEXEC, 0, &o);
}

static br_errno memfd_name(void *bad)
{
	br_owned_fd o BR_AUTOCLOSE = BR_NO_FD;
	return br_memfd_create((const char *)bad, BR_MFD_CLOEXEC, &o);
}

/* Bad input every call refuses: a relative path against a bad dir fd is
 * EBADF, an unmapped path or name EFAULT. */
static void test_bad_input(void)
{
	static const struct tap_fd_case bad_fd[] = {
		{"openat (a relative path)", openat_fd},
	};
	static const struct tap_ptr_case bad_ptr[] = {
		{"openat (the path)", openat_path},
		{"memfd_create (the name)", memfd_name},
	};
	tap_ebadf_table(bad_fd, sizeof bad_fd / sizeof bad_fd[0]);
	tap_efault_table(bad_ptr, sizeof bad_ptr / sizeof bad_ptr[0]);
}

int main(int argc, char **argv, char **envp)
{
	static void (*const tests[])(void) = {
		test_openat,
		test_tmpfile,
		test_pipe2,
		test_memfd,
		test_bad_input,
	};

	(void)argc, (void)argv, (void)envp;
	return fs_run(tests, sizeof tests / sizeof tests[0]);
}
