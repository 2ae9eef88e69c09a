/* fs.h: every wrapper, success and each error, checked against what the
 * kernel reports afterwards (fstat, fcntl flags, /proc/self/fd links, the
 * bytes read back, the entries getdents64 lists). Works in a fresh
 * /tmp/bedrock-test-<pid> directory, removed at the end. umask is 0 while
 * the tests run, so that modes come back exactly as given. fstatat and
 * statx are checked against fstat and a known mtime, chdir/fchdir against
 * /proc/self/cwd; chroot, mount, umount2 and pivot_root (root only) run
 * in forked children, the mounts in a private mount namespace so that
 * nothing reaches the host's; children send their checks to the parent
 * through a pipe and never print TAP themselves. */
#include "tap.h"

/* Kernel values the headers do not carry (the same on all three). */
#define DT_DIR 4
#define DT_REG 8
#define DT_LNK 10
#define F_GET_SEALS 1034
#define F_SEAL_SEAL 1
#define AT_SYMLINK_FOLLOW 0x400
#define CLOCK_REALTIME 0

#define GIB (1024ull * 1024 * 1024)

static char dirpath[64];
static br_owned_fd dir = {-1};
/* A number that was open and no longer is (and stays free). */
static int closed_fd;

/* ---- small helpers (no libc) ---- */

static char *append(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	*p = 0;
	return p;
}

/* dirpath + "/" + name in buf. */
static const char *in_dir(char *buf, const char *name)
{
	append(append(append(buf, dirpath), "/"), name);
	return buf;
}

/* "/proc/self/fd/<raw>" in buf. */
static const char *fd_path(char *buf, int raw)
{
	char num[24];
	append(append(buf, "/proc/self/fd/"), tap_num((uint64_t)raw, false, num));
	return buf;
}

static bool mem_is(const char *got, size_t n, const char *want)
{
	size_t w = tap_strlen(want);
	if (n != w)
		return false;
	for (size_t i = 0; i < n; i++)
		if (got[i] != want[i])
			return false;
	return true;
}

static unsigned getfd(br_owned_fd fd)
{
	unsigned f = 0xdead;
	return br_fcntl_getfd(br_borrow(fd), &f) ? 0xdead : f;
}

static unsigned getfl(br_owned_fd fd)
{
	unsigned f = 0xdead;
	return br_fcntl_getfl(br_borrow(fd), &f) ? 0xdead : f;
}

static br_stat st_of(br_fd fd)
{
	br_stat st;
	if (br_fstat(fd, &st))
		st.st_mode = 0, st.st_ino = 0;
	return st;
}

/* Creates a file in the test directory holding text; returns it open. */
static br_owned_fd make_file(const char *name, const char *text, unsigned mode)
{
	br_owned_fd fd = BR_NO_FD;
	if (br_openat(br_borrow(dir), name, BR_O_CREAT | BR_O_RDWR | BR_O_TRUNC | BR_O_CLOEXEC, mode, &fd))
		return fd;
	if (text && br_write_all(br_borrow(fd), text, tap_strlen(text)))
		br_close(&fd);
	return fd;
}

static br_errno symlink_in_dir(const char *target, const char *name)
{
	return br_syscall_errno(br_syscall3(BR_SYS_symlinkat, (long)target, dir.raw, (long)name));
}

/* ---- tests ---- */

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
	tap_errno(br_openat(br_borrow(dir), (const char *)16, BR_O_RDONLY, 0, &b), BR_EFAULT,
		  "an unmapped path pointer is EFAULT");
	tap_errno(br_openat(br_fd_from_raw(closed_fd), "f", BR_O_RDONLY, 0, &b), BR_EBADF,
		  "a relative path against a closed dir fd is EBADF");
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
	tap_errno(br_memfd_create((const char *)16, 0, &m), BR_EFAULT, "an unmapped name pointer is EFAULT");
}

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
	tap_errno(br_lseek(br_fd_from_raw(closed_fd), 0, BR_SEEK_SET, &pos), BR_EBADF, "lseek on a closed fd is EBADF");
	(void)!br_unlinkat(br_borrow(dir), "seek", 0);
}

/* struct br_stat must be the kernel's struct stat of this architecture:
 * exactly its size (a guard behind it stays intact) and each field where
 * the kernel puts it, checked against values known by other means. */
static void test_fstat(void)
{
	struct {
		br_stat st;
		unsigned char guard[64];
	} g;
	br_owned_fd f BR_AUTOCLOSE = BR_NO_FD, d BR_AUTOCLOSE = BR_NO_FD, null BR_AUTOCLOSE = BR_NO_FD;
	static char data[12345];
	size_t n;

#if defined(__x86_64__)
	tap_eq(sizeof(br_stat), 144, "sizeof(br_stat) is 144 on x86_64");
#else
	tap_eq(sizeof(br_stat), 128, "sizeof(br_stat) is 128 (asm-generic layout)");
#endif
	for (size_t i = 0; i < sizeof g; i++)
		((volatile unsigned char *)&g)[i] = 0xa5;
	f = make_file("stat", 0, 0640);
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (char)i;
	tap_ok(f.raw >= 0 && !br_write_all(br_borrow(f), data, sizeof data), "a file with 12345 bytes written");
	tap_errno(br_fstat(br_borrow(f), &g.st), BR_OK, "fstat succeeds");
	bool guard = true;
	for (size_t i = 0; i < sizeof g.guard; i++)
		guard &= g.guard[i] == 0xa5;
	tap_ok(guard, "the kernel wrote nothing past sizeof(br_stat)");
	br_stat st = g.st;
	tap_eq(st.st_mode & BR_S_IFMT, BR_S_IFREG, "st_mode: S_IFREG");
	tap_eq(st.st_mode & 07777, 0640, "st_mode: permissions 0640");
	tap_eq((uint64_t)st.st_size, 12345, "st_size is 12345");
	tap_eq(st.st_nlink, 1, "st_nlink is 1");
	tap_eq(st.st_uid, (uint64_t)br_syscall0(BR_SYS_getuid), "st_uid is getuid()");
	tap_eq(st.st_gid, (uint64_t)br_syscall0(BR_SYS_getgid), "st_gid is getgid()");
	tap_ok(st.st_blksize >= 512 && (st.st_blksize & (st.st_blksize - 1)) == 0, "st_blksize is a power of two >= 512");
	tap_ok(st.st_blocks * 512 >= 12345 && st.st_blocks < 1024, "st_blocks covers the 12345 bytes");
	br_stat ds = st_of(br_borrow(dir));
	tap_ok(st.st_dev == ds.st_dev && st.st_dev != 0 && st.st_ino != ds.st_ino && st.st_ino != 0,
	       "st_dev is the directory's, st_ino differs from it");
	tap_eq(st.st_rdev, 0, "st_rdev is 0 for a regular file");

	struct {
		int64_t sec;
		long nsec;
	} now = {0, 0};
	(void)br_syscall2(BR_SYS_clock_gettime, CLOCK_REALTIME, (long)&now);
	bool times = true;
	int64_t secs[3] = {st.st_atime_sec, st.st_mtime_sec, st.st_ctime_sec};
	uint64_t nsecs[3] = {st.st_atime_nsec, st.st_mtime_nsec, st.st_ctime_nsec};
	for (int i = 0; i < 3; i++)
		times &= secs[i] <= now.sec + 1 && secs[i] > now.sec - 300 && nsecs[i] < 1000000000u;
	tap_ok(times, "atime, mtime and ctime are within the last minutes, nsec < 1e9");

	/* st_nlink follows hard links. */
	long r = br_syscall5(BR_SYS_linkat, dir.raw, (long)"stat", dir.raw, (long)"stat2", 0);
	tap_ok(r == 0 && st_of(br_borrow(f)).st_nlink == 2, "after linkat st_nlink is 2");
	(void)!br_unlinkat(br_borrow(dir), "stat2", 0);
	(void)!br_unlinkat(br_borrow(dir), "stat", 0);
	tap_eq(st_of(br_borrow(f)).st_nlink, 0, "after unlinking both names it is 0 (the fd keeps the inode)");

	/* Directories: nlink is 2 plus one per subdirectory. */
	bool ok = !br_mkdirat(br_borrow(dir), "sd", 0711) &&
		  !br_openat(br_borrow(dir), "sd", BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &d);
	st = st_of(br_borrow(d));
	tap_ok(ok && (st.st_mode & BR_S_IFMT) == BR_S_IFDIR && (st.st_mode & 07777) == 0711 && st.st_nlink == 2,
	       "a new directory: S_IFDIR, mode 0711, st_nlink 2");
	ok = !br_mkdirat(br_borrow(d), "sub", 0700);
	tap_ok(ok && st_of(br_borrow(d)).st_nlink == 3, "one subdirectory more: st_nlink 3");
	(void)!br_unlinkat(br_borrow(d), "sub", BR_AT_REMOVEDIR);
	(void)!br_unlinkat(br_borrow(dir), "sd", BR_AT_REMOVEDIR);

	/* A device: st_rdev is where the kernel puts it (1:3 is 0x103). */
	ok = !br_openat(BR_AT_FDCWD, "/dev/null", BR_O_RDONLY | BR_O_CLOEXEC, 0, &null);
	st = st_of(br_borrow(null));
	tap_ok(ok && (st.st_mode & BR_S_IFMT) == BR_S_IFCHR && st.st_rdev == 0x103, "/dev/null: S_IFCHR, st_rdev 1:3");

	tap_errno(br_fstat(br_fd_from_raw(closed_fd), &st), BR_EBADF, "fstat of a closed fd is EBADF");
	tap_errno(br_fstat(br_borrow(null), (br_stat *)16), BR_EFAULT, "fstat into an unmapped buffer is EFAULT");
	(void)n;
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
	tap_errno(br_ftruncate(br_fd_from_raw(closed_fd), 1), BR_EBADF, "a closed fd is EBADF");
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
	tap_errno(br_fsync(br_fd_from_raw(closed_fd)), BR_EBADF, "fsync of a closed fd is EBADF");
	tap_errno(br_fdatasync(br_fd_from_raw(closed_fd)), BR_EBADF, "fdatasync of a closed fd is EBADF");
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
	tap_errno(br_mkdirat(br_borrow(dir), (const char *)16, 0750), BR_EFAULT, "an unmapped path is EFAULT");
	tap_errno(br_mkdirat(br_fd_from_raw(closed_fd), "z", 0750), BR_EBADF, "a closed dir fd is EBADF");

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
	tap_errno(br_unlinkat(br_fd_from_raw(closed_fd), "plain", 0), BR_EBADF, "a closed dir fd is EBADF");
	tap_errno(br_unlinkat(br_borrow(dir), (const char *)16, 0), BR_EFAULT, "an unmapped path is EFAULT");

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
	tap_errno(br_readlinkat(br_borrow(dir), (const char *)16, buf, sizeof buf, &n), BR_EFAULT,
		  "an unmapped path is EFAULT");
	tap_errno(br_readlinkat(br_fd_from_raw(closed_fd), "ln", buf, sizeof buf, &n), BR_EBADF,
		  "a closed dir fd is EBADF");
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
	tap_errno(br_getdents64(br_fd_from_raw(closed_fd), buf, sizeof buf, &n), BR_EBADF, "a closed fd is EBADF");

	(void)!br_unlinkat(br_borrow(d), "ln", 0);
	(void)!br_unlinkat(br_borrow(d), "ccc", BR_AT_REMOVEDIR);
	(void)!br_unlinkat(br_borrow(d), "bb", 0);
	(void)!br_unlinkat(br_borrow(d), "a", 0);
	(void)!br_unlinkat(br_borrow(dir), "list", BR_AT_REMOVEDIR);
}

/* ---- checks made in forked children (tap_in_child, tap.h) ---- */

static bool is_root(void)
{
	return br_syscall0(BR_SYS_geteuid) == 0;
}

/* setresuid to nobody: for checks of what an unprivileged caller gets. */
static br_errno drop_root(void)
{
	return br_syscall_errno(br_syscall3(BR_SYS_setresuid, 65534, 65534, 65534));
}

/* ---- fstatat, statx ---- */

static br_stat stat_at(br_fd d, const char *path, unsigned flags)
{
	br_stat st;
	if (br_fstatat(d, path, &st, flags))
		st.st_mode = 0, st.st_ino = 0;
	return st;
}

/* fstatat: the same answers as fstat, a symbolic link itself or its
 * target by AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH, and the errors. */
static void test_fstatat(void)
{
	br_owned_fd f BR_AUTOCLOSE = make_file("sa", "12345", 0640), p BR_AUTOCLOSE = BR_NO_FD;
	struct {
		br_stat st;
		unsigned char guard[64];
	} g;
	br_stat st, fst = st_of(br_borrow(f));
	char path[128];

	for (size_t i = 0; i < sizeof g; i++)
		((volatile unsigned char *)&g)[i] = 0xa5;
	tap_errno(br_fstatat(br_borrow(dir), "sa", &g.st, 0), BR_OK, "fstatat(dir, \"sa\", 0)");
	bool guard = true;
	for (size_t i = 0; i < sizeof g.guard; i++)
		guard &= g.guard[i] == 0xa5;
	tap_ok(guard, "the kernel wrote nothing past sizeof(br_stat)");
	st = g.st;
	tap_ok(fst.st_ino != 0 && st.st_ino == fst.st_ino && st.st_dev == fst.st_dev,
	       "the same st_dev and st_ino as fstat");
	tap_ok(st.st_mode == (BR_S_IFREG | 0640) && st.st_size == 5 && st.st_nlink == 1 && st.st_uid == fst.st_uid,
	       "st_mode S_IFREG|0640, st_size 5, st_nlink 1, as fstat says");
	tap_ok(stat_at(BR_AT_FDCWD, in_dir(path, "sa"), 0).st_ino == fst.st_ino,
	       "AT_FDCWD with the absolute path: the same inode");
	tap_ok(stat_at(br_borrow(f), "", BR_AT_EMPTY_PATH).st_ino == fst.st_ino,
	       "AT_EMPTY_PATH with \"\" stats the fd itself");
	tap_errno(br_fstatat(br_borrow(f), "", &st, 0), BR_ENOENT, "\"\" without AT_EMPTY_PATH is ENOENT");

	if (!tap_ok(!symlink_in_dir("sa", "sl") && !symlink_in_dir("missing-target", "dl") &&
			    !symlink_in_dir("loop", "loop"),
		    "symlinks sl -> sa, dl -> missing-target, loop -> loop")) {
		tap_skip("fstatat on symlinks", "symlinkat failed");
		return;
	}
	st = stat_at(br_borrow(dir), "sl", 0);
	tap_ok((st.st_mode & BR_S_IFMT) == BR_S_IFREG && st.st_ino == fst.st_ino && st.st_size == 5,
	       "without AT_SYMLINK_NOFOLLOW sl is followed: sa's inode and size");
	st = stat_at(br_borrow(dir), "sl", BR_AT_SYMLINK_NOFOLLOW);
	tap_ok((st.st_mode & BR_S_IFMT) == BR_S_IFLNK && st.st_ino != fst.st_ino && st.st_ino != 0,
	       "with AT_SYMLINK_NOFOLLOW: the link itself, S_IFLNK, another inode");
	tap_eq((uint64_t)st.st_size, 2, "its st_size is the target's length, 2");
	tap_errno(br_fstatat(br_borrow(dir), "dl", &st, 0), BR_ENOENT, "a dangling link followed is ENOENT");
	st = stat_at(br_borrow(dir), "dl", BR_AT_SYMLINK_NOFOLLOW);
	tap_ok((st.st_mode & BR_S_IFMT) == BR_S_IFLNK && st.st_size == 14, "not followed it stats: S_IFLNK, size 14");
	tap_errno(br_fstatat(br_borrow(dir), "loop", &st, 0), BR_ELOOP, "a link to itself followed is ELOOP");
	tap_ok(!br_openat(br_borrow(dir), "sl", BR_O_PATH | BR_O_NOFOLLOW | BR_O_CLOEXEC, 0, &p) &&
		       (stat_at(br_borrow(p), "", BR_AT_EMPTY_PATH).st_mode & BR_S_IFMT) == BR_S_IFLNK,
	       "AT_EMPTY_PATH on an O_PATH fd of the link: S_IFLNK");

	tap_errno(br_fstatat(br_borrow(dir), "nope", &st, 0), BR_ENOENT, "a missing name is ENOENT");
	tap_errno(br_fstatat(br_borrow(dir), "sa/x", &st, 0), BR_ENOTDIR, "a path through a file is ENOTDIR");
	tap_errno(br_fstatat(br_borrow(dir), (const char *)16, &st, 0), BR_EFAULT, "an unmapped path is EFAULT");
	tap_errno(br_fstatat(br_borrow(dir), "sa", (br_stat *)16, 0), BR_EFAULT, "an unmapped buffer is EFAULT");
	tap_errno(br_fstatat(br_fd_from_raw(closed_fd), "sa", &st, 0), BR_EBADF, "a closed dir fd is EBADF");
	tap_errno(br_fstatat(br_borrow(dir), "sa", &st, 0x1), BR_EINVAL, "an unknown flag (0x1) is EINVAL");
	(void)!br_unlinkat(br_borrow(dir), "sl", 0);
	(void)!br_unlinkat(br_borrow(dir), "dl", 0);
	(void)!br_unlinkat(br_borrow(dir), "loop", 0);
	(void)!br_unlinkat(br_borrow(dir), "sa", 0);
}

/* Not in the header: the mount id, and the bit the kernel reserves. */
#define STATX_MNT_ID 0x1000u
#define STATX_RESERVED 0x80000000u
/* utimensat's times, the kernel's struct timespec. */
struct kts {
	int64_t sec;
	long nsec;
};

/* The mount point and device of mount id in /proc/self/mountinfo
 * ("id parent major:minor root mountpoint ..."); false if not there. */
static bool mountinfo_lookup(uint64_t id, char *point, size_t cap, uint64_t *major, uint64_t *minor)
{
	static char info[65536];

	tap_slurp("/proc/self/mountinfo", info, sizeof info);
	for (char *line = info; *line;) {
		char *end = line;
		while (*end && *end != '\n')
			end++;
		uint64_t v = 0;
		char *p = line;
		while (*p >= '0' && *p <= '9')
			v = v * 10 + (uint64_t)(*p++ - '0');
		if (v == id && *p == ' ') {
			while (*++p != ' ') /* parent */
				;
			*major = *minor = 0;
			while (*++p != ':')
				*major = *major * 10 + (uint64_t)(*p - '0');
			while (*++p != ' ')
				*minor = *minor * 10 + (uint64_t)(*p - '0');
			while (*++p != ' ') /* root */
				;
			size_t i = 0;
			while (*++p != ' ' && i + 1 < cap)
				point[i++] = *p;
			point[i] = 0;
			return true;
		}
		line = *end ? end + 1 : end;
	}
	return false;
}

/* True when prefix is a leading part of path, ending at a '/' of it. */
static bool path_under(const char *path, const char *prefix)
{
	size_t n = tap_strlen(prefix);
	for (size_t i = 0; i < n; i++)
		if (path[i] != prefix[i])
			return false;
	return n == 1 || path[n] == 0 || path[n] == '/';
}

/* statx: every basic field equals fstat's for the same file, the mask
 * says what was filled, the layout is the kernel's (a known mtime comes
 * back, nothing past 256 bytes is written), and the errors. */
static void test_statx(void)
{
	struct {
		struct br_statx stx;
		unsigned char guard[64];
	} g;
	struct br_statx sx;
	static char data[12345];
	br_owned_fd f BR_AUTOCLOSE = make_file("sx", 0, 0640), null BR_AUTOCLOSE = BR_NO_FD;
	struct kts times[2] = {{1000000000, 1}, {1234567890, 123456789}};

	tap_eq(sizeof(struct br_statx), 256, "sizeof(struct br_statx) is 256");
	/* Fields whose neighbours the kernel leaves 0 (spare, reserved, the
	 * high half of a small mnt_id) would read right at a wrong offset
	 * too, so their offsets are checked against include/uapi/linux/stat.h. */
	tap_ok(offsetof(struct br_statx, stx_mode) == 28 && offsetof(struct br_statx, stx_ino) == 32 &&
		       offsetof(struct br_statx, stx_atime) == 64 && offsetof(struct br_statx, stx_mtime) == 112 &&
		       offsetof(struct br_statx, stx_rdev_major) == 128 &&
		       offsetof(struct br_statx, stx_dev_major) == 136 &&
		       offsetof(struct br_statx, stx_mnt_id) == 144 &&
		       offsetof(struct br_statx, stx_dio_mem_align) == 152 && sizeof(br_statx_timestamp) == 16 &&
		       offsetof(br_statx_timestamp, tv_nsec) == 8 && sizeof(((br_statx_timestamp *)0)->tv_nsec) == 4 &&
		       sizeof(((struct br_statx *)0)->stx_mode) == 2,
	       "struct br_statx and br_statx_timestamp field offsets and widths are the kernel's");
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (char)i;
	bool ok = f.raw >= 0 && !br_write_all(br_borrow(f), data, sizeof data) &&
		  !br_syscall4(BR_SYS_utimensat, dir.raw, (long)"sx", (long)times, 0);
	if (!tap_ok(ok, "a file of 12345 bytes with atime 1000000000.000000001, mtime 1234567890.123456789"))
		return;
	br_stat st = st_of(br_borrow(f));
	for (size_t i = 0; i < sizeof g; i++)
		((volatile unsigned char *)&g)[i] = 0xa5;
	tap_errno(br_statx(br_borrow(dir), "sx", 0, BR_STATX_BASIC_STATS, &g.stx), BR_OK,
		  "statx(dir, \"sx\", 0, STATX_BASIC_STATS)");
	bool guard = true;
	for (size_t i = 0; i < sizeof g.guard; i++)
		guard &= g.guard[i] == 0xa5;
	tap_ok(guard, "the kernel wrote nothing past 256 bytes");
	sx = g.stx;
	tap_eq(sx.stx_mask & BR_STATX_BASIC_STATS, BR_STATX_BASIC_STATS,
	       "stx_mask has every basic-stats bit requested");
	tap_eq(sx.stx_size, (uint64_t)st.st_size, "stx_size is fstat's st_size (12345)");
	tap_eq(sx.stx_mode, st.st_mode, "stx_mode is fstat's st_mode (S_IFREG|0640)");
	tap_eq(sx.stx_ino, st.st_ino, "stx_ino is fstat's st_ino");
	tap_eq(sx.stx_nlink, st.st_nlink, "stx_nlink is fstat's st_nlink");
	tap_ok(sx.stx_uid == st.st_uid && sx.stx_gid == st.st_gid, "stx_uid and stx_gid are fstat's");
	tap_ok(sx.stx_blocks == (uint64_t)st.st_blocks && sx.stx_blksize == (uint32_t)st.st_blksize,
	       "stx_blocks and stx_blksize are fstat's");
	/* st_dev is the kernel's new_encode_dev(major, minor). */
	uint64_t dev =
		(sx.stx_dev_minor & 0xff) | (sx.stx_dev_major << 8) | ((uint64_t)(sx.stx_dev_minor & ~0xffu) << 12);
	tap_eq(dev, st.st_dev, "stx_dev_major:minor encode to fstat's st_dev");
	tap_ok(sx.stx_mtime.tv_sec == 1234567890 && sx.stx_mtime.tv_nsec == 123456789 &&
		       st.st_mtime_sec == 1234567890 && st.st_mtime_nsec == 123456789,
	       "stx_mtime and st_mtime are the 1234567890.123456789 set");
	tap_ok(sx.stx_atime.tv_sec == 1000000000 && sx.stx_atime.tv_nsec == 1,
	       "stx_atime is the 1000000000.000000001 set");
	tap_ok(sx.stx_ctime.tv_sec == st.st_ctime_sec && sx.stx_ctime.tv_nsec == st.st_ctime_nsec,
	       "stx_ctime is fstat's st_ctime");

	/* The mount id: the mountinfo line of that id is the mount the
	 * test directory is on, with the file's device numbers. */
	char point[256];
	uint64_t major = 0, minor = 0;
	ok = !br_statx(br_borrow(dir), "sx", 0, STATX_MNT_ID, &sx);
	/* In a chroot whose root is no mount point, the mounts above the root
	 * are left out of mountinfo: "/" itself is then not found there. */
	struct br_statx rootx;
	char rpoint[256];
	uint64_t rmaj, rmin;
	bool root_listed = !br_statx(BR_AT_FDCWD, "/", 0, STATX_MNT_ID, &rootx) &&
			   mountinfo_lookup(rootx.stx_mnt_id, rpoint, sizeof rpoint, &rmaj, &rmin);
	if (tap_under_qemu() && ok && sx.stx_mnt_id == 0) {
		tap_skip("stx_mnt_id names the mount in /proc/self/mountinfo",
			 "qemu-user 7.2 does not copy stx_mnt_id");
	} else if (!root_listed) {
		tap_skip("stx_mnt_id names the mount in /proc/self/mountinfo",
			 "the mount of \"/\" is not in mountinfo (a chroot): mounts above the root are not listed");
	} else {
		tap_ok(ok && (sx.stx_mask & STATX_MNT_ID) &&
			       mountinfo_lookup(sx.stx_mnt_id, point, sizeof point, &major, &minor) &&
			       path_under(dirpath, point) && major == g.stx.stx_dev_major &&
			       minor == g.stx.stx_dev_minor,
		       "stx_mnt_id names the mount in /proc/self/mountinfo holding the directory, with stx_dev");
	}

	for (size_t i = 0; i < sizeof sx; i++)
		((volatile unsigned char *)&sx)[i] = 0;
	tap_errno(br_statx(br_borrow(f), "", BR_AT_EMPTY_PATH, BR_STATX_INO | BR_STATX_SIZE, &sx), BR_OK,
		  "statx(fd, \"\", AT_EMPTY_PATH, INO|SIZE)");
	tap_ok((sx.stx_mask & (BR_STATX_INO | BR_STATX_SIZE)) == (BR_STATX_INO | BR_STATX_SIZE) &&
		       sx.stx_ino == st.st_ino && sx.stx_size == 12345,
	       "the fd's file: the bits asked for are in stx_mask, ino and size match");
	tap_errno(br_statx(br_borrow(f), "", 0, BR_STATX_BASIC_STATS, &sx), BR_ENOENT,
		  "\"\" without AT_EMPTY_PATH is ENOENT");
	tap_errno(br_statx(br_borrow(dir), "sx", 0, 0, &sx), BR_OK, "mask 0 is allowed");

	if (!symlink_in_dir("sx", "sxl")) {
		tap_ok(!br_statx(br_borrow(dir), "sxl", BR_AT_SYMLINK_NOFOLLOW, BR_STATX_BASIC_STATS, &sx) &&
			       (sx.stx_mode & BR_S_IFMT) == BR_S_IFLNK && sx.stx_size == 2,
		       "AT_SYMLINK_NOFOLLOW on a symlink: S_IFLNK, size 2");
		tap_ok(!br_statx(br_borrow(dir), "sxl", 0, BR_STATX_BASIC_STATS, &sx) && sx.stx_ino == st.st_ino,
		       "followed: the target's inode");
		(void)!br_unlinkat(br_borrow(dir), "sxl", 0);
	}
	tap_ok(!br_statx(br_borrow(dir), ".", 0, BR_STATX_BASIC_STATS, &sx) &&
		       (sx.stx_mode & BR_S_IFMT) == BR_S_IFDIR && sx.stx_ino == st_of(br_borrow(dir)).st_ino,
	       "\".\" is the directory: S_IFDIR, its inode");
	ok = !br_openat(BR_AT_FDCWD, "/dev/null", BR_O_RDONLY | BR_O_CLOEXEC, 0, &null);
	tap_ok(ok && !br_statx(br_borrow(null), "", BR_AT_EMPTY_PATH, BR_STATX_BASIC_STATS, &sx) &&
		       (sx.stx_mode & BR_S_IFMT) == BR_S_IFCHR && sx.stx_rdev_major == 1 && sx.stx_rdev_minor == 3,
	       "/dev/null: S_IFCHR, stx_rdev 1:3");

	tap_errno(br_statx(br_borrow(dir), "nope", 0, BR_STATX_BASIC_STATS, &sx), BR_ENOENT,
		  "a missing name is ENOENT");
	tap_errno(br_statx(br_borrow(dir), "sx/x", 0, BR_STATX_BASIC_STATS, &sx), BR_ENOTDIR,
		  "a path through a file is ENOTDIR");
	tap_errno(br_statx(br_borrow(dir), (const char *)16, 0, BR_STATX_BASIC_STATS, &sx), BR_EFAULT,
		  "an unmapped path is EFAULT");
	tap_errno(br_statx(br_borrow(dir), "sx", 0, BR_STATX_BASIC_STATS, (struct br_statx *)16), BR_EFAULT,
		  "an unmapped buffer is EFAULT");
	tap_errno(br_statx(br_fd_from_raw(closed_fd), "sx", 0, BR_STATX_BASIC_STATS, &sx), BR_EBADF,
		  "a closed dir fd is EBADF");
	tap_errno(br_statx(br_borrow(dir), "sx", 0x1, BR_STATX_BASIC_STATS, &sx), BR_EINVAL,
		  "an unknown flag (0x1) is EINVAL");
	tap_errno(br_statx(br_borrow(dir), "sx", 0x6000, BR_STATX_BASIC_STATS, &sx), BR_EINVAL,
		  "AT_STATX_FORCE_SYNC|AT_STATX_DONT_SYNC together is EINVAL");
	tap_errno(br_statx(br_borrow(dir), "sx", 0, STATX_RESERVED, &sx), BR_EINVAL, "the reserved mask bit is EINVAL");
	(void)!br_unlinkat(br_borrow(dir), "sx", 0);
}

/* ---- current and root directory ---- */

/* Whether /proc/self/cwd names path. */
static bool cwd_is(const char *path)
{
	char buf[256];
	size_t n;
	return !br_readlinkat(BR_AT_FDCWD, "/proc/self/cwd", buf, sizeof buf, &n) && mem_is(buf, n, path);
}

/* chdir and fchdir, seen in /proc/self/cwd and by relative opens; the
 * original directory is restored with fchdir. */
static void test_chdir(void)
{
	br_owned_fd orig BR_AUTOCLOSE = BR_NO_FD, sub BR_AUTOCLOSE = BR_NO_FD,
			 f BR_AUTOCLOSE = make_file("cf", 0, 0600);
	br_owned_fd x BR_AUTOCLOSE = BR_NO_FD;
	static char origpath[256];
	char path[128];
	size_t n;

	bool ok = !br_readlinkat(BR_AT_FDCWD, "/proc/self/cwd", origpath, sizeof origpath - 1, &n) &&
		  !br_openat(BR_AT_FDCWD, ".", BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &orig) &&
		  !br_mkdirat(br_borrow(dir), "csub", 0700) &&
		  !br_openat(br_borrow(dir), "csub", BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &sub);
	if (!tap_ok(ok, "note the current directory; a subdirectory csub")) {
		tap_skip("chdir/fchdir", "setup failed");
		return;
	}
	origpath[n] = 0;
	tap_errno(br_chdir(dirpath), BR_OK, "chdir(the test directory)");
	tap_ok(cwd_is(dirpath), "/proc/self/cwd names it");
	tap_ok(!br_openat(BR_AT_FDCWD, "cf", BR_O_RDONLY | BR_O_CLOEXEC, 0, &x) &&
		       st_of(br_borrow(x)).st_ino == st_of(br_borrow(f)).st_ino,
	       "a relative open of \"cf\" finds the file there");
	br_close(&x);
	tap_errno(br_chdir("csub"), BR_OK, "chdir(\"csub\"), relative");
	tap_ok(cwd_is(in_dir(path, "csub")), "/proc/self/cwd is the test directory/csub");
	tap_errno(br_chdir(".."), BR_OK, "chdir(\"..\")");
	tap_ok(cwd_is(dirpath), "back in the test directory");
	tap_errno(br_fchdir(br_borrow(sub)), BR_OK, "fchdir(fd of csub)");
	tap_ok(cwd_is(in_dir(path, "csub")), "/proc/self/cwd is csub");
	tap_ok(stat_at(BR_AT_FDCWD, ".", 0).st_ino == st_of(br_borrow(sub)).st_ino, "and \".\" is csub's inode");

	tap_errno(br_chdir("nope"), BR_ENOENT, "chdir to a missing name is ENOENT");
	tap_errno(br_chdir(""), BR_ENOENT, "chdir(\"\") is ENOENT");
	tap_errno(br_chdir(in_dir(path, "cf")), BR_ENOTDIR, "chdir to a file is ENOTDIR");
	tap_errno(br_chdir((const char *)16), BR_EFAULT, "chdir with an unmapped path is EFAULT");
	tap_errno(br_fchdir(br_borrow(f)), BR_ENOTDIR, "fchdir to a file's fd is ENOTDIR");
	tap_errno(br_fchdir(br_fd_from_raw(closed_fd)), BR_EBADF, "fchdir to a closed fd is EBADF");
	tap_ok(cwd_is(in_dir(path, "csub")), "the failed calls left the current directory alone");

	tap_errno(br_fchdir(br_borrow(orig)), BR_OK, "fchdir back to the original directory");
	tap_ok(cwd_is(origpath), "/proc/self/cwd is the original again");
	(void)!br_unlinkat(br_borrow(dir), "csub", BR_AT_REMOVEDIR);
	(void)!br_unlinkat(br_borrow(dir), "cf", 0);
}

/* chdir into a directory it may not search, as nobody (the test
 * directory is 0711 meanwhile, so that only the last step decides). */
static void child_chdir_eacces(void)
{
	char path[128];
	tap_c_errno(drop_root(), BR_OK, "(child) drop to uid 65534");
	tap_c_errno(br_chdir(in_dir(path, "root")), BR_OK, "chdir as nobody into a 0755 directory works");
	tap_c_errno(br_chdir(in_dir(path, "private")), BR_EACCES,
		"chdir as nobody into a 0700 root-owned directory is EACCES");
}

static uint64_t marker_ino, dir_ino;

/* chroot: the new root's files at "/", the old tree invisible, and the
 * current directory left where it was until a chdir. */
static void child_chroot(void)
{
	char path[128];
	br_owned_fd x BR_AUTOCLOSE = BR_NO_FD;

	tap_c_errno(br_chroot(in_dir(path, "nope")), BR_ENOENT, "(child) chroot to a missing name is ENOENT");
	tap_c_errno(br_chroot(in_dir(path, "root/marker")), BR_ENOTDIR, "chroot to a file is ENOTDIR");
	tap_c_errno(br_chroot((const char *)16), BR_EFAULT, "chroot with an unmapped path is EFAULT");
	tap_c_ok(!br_openat(BR_AT_FDCWD, dirpath, BR_O_PATH | BR_O_CLOEXEC, 0, &x), "the test directory is visible before");
	br_close(&x);
	if (!tap_c_errno(br_chroot(in_dir(path, "root")), BR_OK, "chroot(test directory/root)"))
		return;
	tap_c_ok(!br_openat(BR_AT_FDCWD, "/marker", BR_O_RDONLY | BR_O_CLOEXEC, 0, &x) &&
		     st_of(br_borrow(x)).st_ino == marker_ino,
	     "\"/marker\" is now the file only the new root holds");
	br_close(&x);
	tap_c_errno(br_openat(BR_AT_FDCWD, dirpath, BR_O_PATH | BR_O_CLOEXEC, 0, &x), BR_ENOENT,
		"the test directory's absolute path no longer resolves");
	tap_c_eq(stat_at(BR_AT_FDCWD, ".", 0).st_ino, dir_ino, "chroot left the current directory where it was (outside)");
	tap_c_errno(br_chdir("/"), BR_OK, "chdir(\"/\")");
	tap_c_eq(stat_at(BR_AT_FDCWD, ".", 0).st_ino, stat_at(BR_AT_FDCWD, "/", 0).st_ino, "now \".\" is the new root");
	tap_c_eq(stat_at(BR_AT_FDCWD, "/..", 0).st_ino, stat_at(BR_AT_FDCWD, "/", 0).st_ino, "and \"/..\" stays in it");
}

static void child_chroot_eperm(void)
{
	tap_c_errno(drop_root(), BR_OK, "(child) drop to uid 65534");
	tap_c_errno(br_chroot("/"), BR_EPERM, "chroot(\"/\") as nobody is EPERM");
}

static void test_chroot(void)
{
	br_owned_fd m BR_AUTOCLOSE = BR_NO_FD, cwd BR_AUTOCLOSE = BR_NO_FD;

	if (!is_root()) {
		tap_skip("chroot and chdir EACCES", "not root (euid != 0): chroot needs CAP_SYS_CHROOT");
		return;
	}
	bool ok = !br_mkdirat(br_borrow(dir), "private", 0700) && !br_mkdirat(br_borrow(dir), "root", 0755) &&
		  !br_openat(br_borrow(dir), "root/marker", BR_O_CREAT | BR_O_WRONLY | BR_O_CLOEXEC, 0644, &m) &&
		  !br_openat(BR_AT_FDCWD, ".", BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &cwd);
	if (tap_ok(ok, "a new root with a file \"marker\"; a 0700 directory")) {
		marker_ino = st_of(br_borrow(m)).st_ino;
		dir_ino = st_of(br_borrow(cwd)).st_ino;
		if (!br_syscall_errno(br_syscall2(BR_SYS_fchmod, dir.raw, 0711))) {
			tap_in_child(child_chdir_eacces, "the chdir EACCES child ran to its end");
			(void)!br_syscall2(BR_SYS_fchmod, dir.raw, 0700);
		}
		tap_in_child(child_chroot, "the chroot child ran to its end");
		tap_in_child(child_chroot_eperm, "the chroot EPERM child ran to its end");
		tap_ok(stat_at(br_borrow(dir), "root/marker", 0).st_ino == marker_ino, "our root is unchanged");
	}
	(void)!br_unlinkat(br_borrow(dir), "root/marker", 0);
	(void)!br_unlinkat(br_borrow(dir), "root", BR_AT_REMOVEDIR);
	(void)!br_unlinkat(br_borrow(dir), "private", BR_AT_REMOVEDIR);
}

/* ---- mount, umount2, pivot_root ---- */

#define CLONE_NEWNS 0x00020000

/* A private mount namespace: nothing mounted here reaches the host's,
 * even if the test dies halfway. */
static bool private_mounts(void)
{
	return tap_c_errno(br_syscall_errno(br_syscall1(BR_SYS_unshare, CLONE_NEWNS)), BR_OK,
		       "(child) unshare(CLONE_NEWNS)") &&
	       tap_c_errno(br_mount(0, "/", 0, BR_MS_REC | BR_MS_PRIVATE, 0), BR_OK, "mount(\"/\", MS_REC|MS_PRIVATE)");
}

/* Where mountinfo is: after pivot_root, /proc is under the old root. */
static const char *mountinfo = "/proc/self/mountinfo";

/* Whether mountinfo has a mount at path. */
static bool mounted_at(const char *path)
{
	static char info[65536];
	size_t len = tap_slurp(mountinfo, info, sizeof info), n = tap_strlen(path);

	/* The mount point is the fifth field; " path " suffices here. */
	for (size_t i = 0; i + n + 2 <= len; i++) {
		if (info[i] != ' ' || info[i + n + 1] != ' ')
			continue;
		size_t j = 0;
		while (j < n && info[i + 1 + j] == path[j])
			j++;
		if (j == n)
			return true;
	}
	return false;
}

static void child_mount(void)
{
	char mnt[128], path[128], buf[16];
	br_owned_fd x BR_AUTOCLOSE = BR_NO_FD, busy BR_AUTOCLOSE = BR_NO_FD;
	size_t n;
	uint64_t dev = st_of(br_borrow(dir)).st_dev;

	if (!private_mounts())
		return;
	in_dir(mnt, "mnt");
	in_dir(path, "mnt/inside");
	tap_c_errno(br_mount("bedrock", mnt, "tmpfs", 0, "size=1m,mode=0710"), BR_OK,
		"mount a tmpfs on the test directory/mnt");
	br_stat st = stat_at(BR_AT_FDCWD, mnt, 0);
	tap_c_ok(st.st_dev != dev && st.st_dev != 0, "mnt is now on another device");
	tap_c_eq(st.st_mode & 07777, 0710, "with the mode the data string gave (mode=0710 reached tmpfs)");
	tap_c_ok(mounted_at(mnt), "/proc/self/mountinfo lists it");
	tap_c_ok(!br_openat(BR_AT_FDCWD, path, BR_O_CREAT | BR_O_EXCL | BR_O_WRONLY | BR_O_CLOEXEC, 0600, &x) &&
		     !br_write_all(br_borrow(x), "tmpfs", 5),
	     "create a file in it");
	br_close(&x);
	tap_c_ok(stat_at(BR_AT_FDCWD, path, 0).st_size == 5, "the file is there, 5 bytes");
	tap_c_errno(br_umount2(mnt, 0), BR_OK, "umount2(mnt, 0)");
	tap_c_errno(br_fstatat(BR_AT_FDCWD, path, &st, 0), BR_ENOENT, "the file is gone with the mount");
	tap_c_eq(stat_at(BR_AT_FDCWD, mnt, 0).st_dev, dev, "mnt is back on the test directory's device");
	tap_c_ok(!mounted_at(mnt), "and no longer in mountinfo");

	/* Busy: an open file keeps a plain unmount from happening. */
	tap_c_errno(br_mount("bedrock", mnt, "tmpfs", 0, 0), BR_OK, "mount it again");
	tap_c_ok(!br_openat(BR_AT_FDCWD, path, BR_O_CREAT | BR_O_RDWR | BR_O_CLOEXEC, 0600, &busy), "open a file on it");
	tap_c_errno(br_umount2(mnt, 0), BR_EBUSY, "umount2 while a file is open on it is EBUSY");
	tap_c_ok(mounted_at(mnt), "it is still mounted");
	tap_c_errno(br_umount2(mnt, BR_MNT_DETACH), BR_OK, "umount2(MNT_DETACH) detaches it all the same");
	tap_c_ok(!mounted_at(mnt), "it left mountinfo at once");
	tap_c_errno(br_fstatat(BR_AT_FDCWD, path, &st, 0), BR_ENOENT, "its file is unreachable by path");
	tap_c_ok(!br_write_all(br_borrow(busy), "still", 5) && !br_pread(br_borrow(busy), buf, sizeof buf, 0, &n) &&
		     mem_is(buf, n, "still"),
	     "but the open descriptor still works");
	br_close(&busy);

	/* Read-only, then remounted read-write. */
	tap_c_errno(br_mount("bedrock", mnt, "tmpfs", BR_MS_RDONLY, 0), BR_OK, "mount with MS_RDONLY");
	tap_c_errno(br_openat(BR_AT_FDCWD, path, BR_O_CREAT | BR_O_WRONLY | BR_O_CLOEXEC, 0600, &x), BR_EROFS,
		"creating a file on it is EROFS");
	tap_c_errno(br_mount(0, mnt, 0, BR_MS_REMOUNT, 0), BR_OK, "MS_REMOUNT without MS_RDONLY");
	tap_c_errno(br_openat(BR_AT_FDCWD, path, BR_O_CREAT | BR_O_WRONLY | BR_O_CLOEXEC, 0600, &x), BR_OK,
		"now it is writable");
	br_close(&x);
	tap_c_errno(br_umount2(mnt, 0), BR_OK, "unmount");

	/* A bind mount shows the source directory at the target. */
	char src[128];
	tap_c_errno(br_mount(in_dir(src, "bindsrc"), mnt, 0, BR_MS_BIND, 0), BR_OK, "MS_BIND of bindsrc onto mnt");
	tap_c_eq(stat_at(BR_AT_FDCWD, in_dir(path, "mnt/b"), 0).st_ino, stat_at(br_borrow(dir), "bindsrc/b", 0).st_ino,
	     "mnt/b is bindsrc/b, the same inode");
	tap_c_errno(br_umount2(mnt, 0), BR_OK, "unmount the bind mount");

	tap_c_errno(br_mount("bedrock", mnt, "bedrock-no-such-fs", 0, 0), BR_ENODEV,
		"an unknown file system type is ENODEV");
	tap_c_errno(br_mount("bedrock", in_dir(path, "nope"), "tmpfs", 0, 0), BR_ENOENT, "a missing target is ENOENT");
	tap_c_errno(br_mount("bedrock", (const char *)16, "tmpfs", 0, 0), BR_EFAULT, "an unmapped target is EFAULT");
	tap_c_errno(br_mount("bedrock", mnt, "tmpfs", 0, "bedrock-bad-option"), BR_EINVAL,
		"an unknown tmpfs option is EINVAL");
	tap_c_errno(br_umount2(mnt, 0), BR_EINVAL, "umount2 of a directory that is no mount point is EINVAL");
	tap_c_errno(br_umount2(in_dir(path, "nope"), 0), BR_ENOENT, "umount2 of a missing path is ENOENT");
	tap_c_errno(br_umount2(mnt, BR_MNT_EXPIRE | BR_MNT_DETACH), BR_EINVAL, "MNT_EXPIRE|MNT_DETACH is EINVAL");
	tap_c_errno(br_umount2(mnt, 0x100), BR_EINVAL, "an unknown umount2 flag is EINVAL");
}

static void child_mount_eperm(void)
{
	tap_c_errno(drop_root(), BR_OK, "(child) drop to uid 65534");
	tap_c_errno(br_mount("bedrock", "/", "tmpfs", 0, 0), BR_EPERM, "mount on \"/\" as nobody is EPERM");
	tap_c_errno(br_umount2("/", BR_MNT_DETACH), BR_EPERM, "umount2 as nobody is EPERM");
}

/* Whether our "/" is the first mount of its mount namespace, which has no
 * parent: mountinfo shows it as its own parent (mount ID = parent ID). On
 * an initramfs that never switched roots this is rootfs itself; elsewhere
 * the first mount is the rootfs above the real "/", out of sight. */
static bool root_is_ns_root(void)
{
	static char info[65536];
	size_t len = tap_slurp(mountinfo, info, sizeof info);
	const char *p = info, *end = info + len;

	while (p < end) {
		/* "<id> <parent> <major:minor> <root> <mount point> ..." */
		uint64_t id, parent;
		const char *q = p;
		bool ok = tap_parse_dec(&q, end, &id) && q < end && *q++ == ' ' && tap_parse_dec(&q, end, &parent);
		for (int f = 2; ok && f < 5 && q < end; q++)
			if (*q == ' ')
				f++;
		if (ok && q + 1 < end && q[0] == '/' && q[1] == ' ' && id == parent)
			return true;
		while (p < end && *p++ != '\n')
			;
	}
	return false;
}

/* pivot_root in a private mount namespace: a tmpfs becomes "/", the old
 * root moves under it and can then be detached. The kernel moves only a
 * root that hangs from a parent mount: on rootfs (the boot tests' root)
 * pivot_root is EINVAL, and the child first moves "/" onto a recursive
 * bind mount of itself, then chroots into that, as switch_root would. */
static void child_pivot_root(void)
{
	char nr[128], sub[128], old[128], other[128], path[160];
	br_owned_fd x BR_AUTOCLOSE = BR_NO_FD;
	uint64_t marker;

	if (!private_mounts())
		return;
	in_dir(other, "mnt");
	if (root_is_ns_root()) {
		in_dir(old, "mnt/old");
		tap_c_ok(!br_mount("bedrock", other, "tmpfs", 0, 0) && !br_mkdirat(BR_AT_FDCWD, old, 0700),
			 "(child) \"/\" is the namespace's first mount (rootfs); a tmpfs on mnt with mnt/old");
		tap_c_errno(br_pivot_root(other, old), BR_EINVAL,
			    "pivot_root(mnt, mnt/old) away from a root with no parent mount is EINVAL");
		tap_c_errno(br_umount2(other, 0), BR_OK, "unmount mnt");
		if (!tap_c_errno(br_mount("/", other, 0, BR_MS_BIND | BR_MS_REC, 0), BR_OK,
				 "MS_BIND|MS_REC of \"/\" onto mnt") ||
		    !tap_c_errno(br_chdir(other), BR_OK, "chdir into it") ||
		    !tap_c_errno(br_mount(".", "/", 0, BR_MS_MOVE, 0), BR_OK, "MS_MOVE it onto \"/\"") ||
		    !tap_c_errno(br_chroot("."), BR_OK, "chroot(\".\"): the root is now a mount with a parent") ||
		    !tap_c_ok(!root_is_ns_root() && mounted_at("/proc"),
			      "mountinfo agrees: \"/\" has a parent, /proc came along"))
			return;
	}
	in_dir(nr, "newroot");
	in_dir(sub, "newroot/sub");
	in_dir(old, "newroot/old");
	if (!tap_c_errno(br_mount("bedrock", nr, "tmpfs", 0, "mode=0755"), BR_OK,
		     "(child) mount a tmpfs as the new root") ||
	    !tap_c_errno(br_mount("bedrock", other, "tmpfs", 0, 0), BR_OK, "and another on mnt") ||
	    !tap_c_ok(!br_mkdirat(BR_AT_FDCWD, old, 0700) && !br_mkdirat(BR_AT_FDCWD, sub, 0700) &&
			  !br_openat(BR_AT_FDCWD, in_dir(path, "newroot/marker"),
				     BR_O_CREAT | BR_O_WRONLY | BR_O_CLOEXEC, 0600, &x),
		  "with directories \"old\", \"sub\" and a file \"marker\" in the new root"))
		return;
	marker = st_of(br_borrow(x)).st_ino;
	br_close(&x);
	/* Each on a mount other than the current root's, so that the
	 * kernel's EBUSY for "the same mount as /" does not come first. */
	tap_c_errno(br_pivot_root(sub, in_dir(path, "newroot/sub")), BR_EINVAL,
		"pivot_root to a directory that is no mount point (newroot/sub) is EINVAL");
	tap_c_errno(br_pivot_root(nr, other), BR_EINVAL, "put_old not under new_root is EINVAL");
	tap_c_errno(br_pivot_root(in_dir(path, "newroot/marker"), old), BR_ENOTDIR, "new_root a file is ENOTDIR");
	tap_c_errno(br_pivot_root(in_dir(path, "nope"), old), BR_ENOENT, "a missing new_root is ENOENT");
	tap_c_errno(br_pivot_root((const char *)16, old), BR_EFAULT, "an unmapped new_root is EFAULT");
	tap_c_errno(br_umount2(other, 0), BR_OK, "unmount mnt again");

	if (!tap_c_errno(br_chdir(nr), BR_OK, "chdir into the new root") ||
	    !tap_c_errno(br_pivot_root(".", "old"), BR_OK, "pivot_root(\".\", \"old\")"))
		return;
	tap_c_eq(stat_at(BR_AT_FDCWD, "/marker", 0).st_ino, marker, "\"/marker\" is the new root's file");
	char *p = path;
	for (const char *q = "/old"; *q;)
		*p++ = *q++;
	for (const char *q = dirpath; *q;)
		*p++ = *q++;
	*p = 0;
	tap_c_ok((stat_at(BR_AT_FDCWD, path, 0).st_mode & BR_S_IFMT) == BR_S_IFDIR,
	     "the old root is under /old: /old/tmp/bedrock-test-<pid> is there");
	mountinfo = "/old/proc/self/mountinfo";
	tap_c_ok(mounted_at("/") && mounted_at("/old") && mounted_at("/old/proc"),
	     "/old/proc/self/mountinfo lists \"/\", \"/old\" and \"/old/proc\"");
	tap_c_errno(br_umount2("/old", BR_MNT_DETACH), BR_OK, "umount2(\"/old\", MNT_DETACH)");
	tap_c_errno(br_openat(BR_AT_FDCWD, "/old/tmp", BR_O_PATH | BR_O_CLOEXEC, 0, &x), BR_ENOENT,
		"the old root is gone: /old is an empty directory");
}

static void test_mount(void)
{
	char mnt[128], nr[128];
	br_owned_fd b BR_AUTOCLOSE = BR_NO_FD;
	br_stat st;

	if (!is_root()) {
		tap_skip("mount, umount2 and pivot_root", "not root (euid != 0): they need CAP_SYS_ADMIN");
		return;
	}
	/* Root in a container without CAP_SYS_ADMIN cannot have a mount
	 * namespace of its own, and in a chroot "/" is no mount point, so the
	 * namespace cannot be made private (mounts could reach the host's):
	 * ask a child whether both work. */
	int pid = -1, status = -1, got;
	if (!br_fork(&pid) && pid == 0) {
		br_errno e = br_syscall_errno(br_syscall1(BR_SYS_unshare, CLONE_NEWNS));
		if (!e)
			e = br_mount(0, "/", 0, BR_MS_REC | BR_MS_PRIVATE, 0);
		br_exit_group(e);
	}
	if (pid > 0 && !br_wait4(pid, &status, 0, 0, &got) && br_wifexited(status) &&
	    br_wexitstatus(status) == BR_EPERM) {
		tap_skip("mount, umount2 and pivot_root",
			 "unshare(CLONE_NEWNS) is EPERM: root without CAP_SYS_ADMIN (an unprivileged container)");
		return;
	}
	if (pid > 0 && br_wifexited(status) && br_wexitstatus(status) == BR_EINVAL) {
		tap_skip("mount, umount2 and pivot_root",
			 "mount(\"/\", MS_REC|MS_PRIVATE) is EINVAL: \"/\" is not a mount point (a chroot), "
			 "so the test's mounts could not be kept from the host");
		return;
	}
	bool ok = !br_mkdirat(br_borrow(dir), "mnt", 0755) && !br_mkdirat(br_borrow(dir), "newroot", 0755) &&
		  !br_mkdirat(br_borrow(dir), "bindsrc", 0755) &&
		  !br_openat(br_borrow(dir), "bindsrc/b", BR_O_CREAT | BR_O_WRONLY | BR_O_CLOEXEC, 0600, &b);
	br_close(&b);
	if (tap_ok(ok, "directories mnt, newroot and bindsrc (holding a file b)")) {
		tap_in_child(child_mount, "the mount child ran to its end");
		tap_in_child(child_pivot_root, "the pivot_root child ran to its end");
		tap_in_child(child_mount_eperm, "the mount EPERM child ran to its end");
		tap_ok(!mounted_at(in_dir(mnt, "mnt")) && !mounted_at(in_dir(nr, "newroot")),
		       "our mountinfo lists neither: the children's mounts stayed in their namespaces");
		tap_errno(br_fstatat(br_borrow(dir), "mnt/inside", &st, 0), BR_ENOENT,
			  "the files made on the tmpfs did not land in the directory under it");
		tap_errno(br_fstatat(br_borrow(dir), "newroot/marker", &st, 0), BR_ENOENT,
			  "nor in the one under the new root");
	}
	(void)!br_unlinkat(br_borrow(dir), "bindsrc/b", 0);
	(void)!br_unlinkat(br_borrow(dir), "bindsrc", BR_AT_REMOVEDIR);
	(void)!br_unlinkat(br_borrow(dir), "newroot", BR_AT_REMOVEDIR);
	(void)!br_unlinkat(br_borrow(dir), "mnt", BR_AT_REMOVEDIR);
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	char num[24];
	long old_umask = br_syscall1(BR_SYS_umask, 0);

	append(append(dirpath, "/tmp/bedrock-test-"), tap_num((uint64_t)br_getpid(), false, num));
	/* High enough that no descriptor opened here will reuse it. */
	br_owned_fd tmp;
	if (br_fcntl_dupfd_cloexec(BR_STDOUT, 1000, &tmp))
		tmp.raw = 1000;
	closed_fd = tmp.raw;
	br_close(&tmp);

	if (!tap_ok(!br_mkdirat(BR_AT_FDCWD, dirpath, 0700) &&
			    !br_openat(BR_AT_FDCWD, dirpath, BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &dir),
		    "make and open the test directory /tmp/bedrock-test-<pid>"))
		return tap_done();
	int fds_before = tap_open_fds();

	test_openat();
	test_tmpfile();
	test_pipe2();
	test_memfd();
	test_lseek();
	test_fstat();
	test_ftruncate();
	test_sync();
	test_mkdir_unlink();
	test_readlinkat();
	test_getdents64();
	test_fstatat();
	test_statx();
	test_chdir();
	test_chroot();
	test_mount();

	tap_eq((uint64_t)tap_open_fds(), (uint64_t)fds_before, "no descriptor leaked");
	(void)!br_unlinkat(br_borrow(dir), "f", 0);
	br_close(&dir);
	tap_errno(br_unlinkat(BR_AT_FDCWD, dirpath, BR_AT_REMOVEDIR), BR_OK,
		  "the test directory is empty and removed (nothing left behind)");
	(void)br_syscall1(BR_SYS_umask, old_umask);
	return tap_done();
}
