/* SPDX-License-Identifier: MIT */
/* fs.h's names and modes: mknodat, symlinkat, linkat, renameat2,
 * fchmod(at), fchown(at), umask, getcwd, faccessat2, sync, syncfs,
 * close_range and openat2, each checked by what the kernel reports
 * afterwards (fstat, readlinkat, the bytes behind a name, /proc/self/cwd,
 * F_GETFD), with bad input. Works in /tmp/bedrock-links-<pid>, removed at
 * the end; umask 0 while it runs. */
#include "tap.h"

static char dirpath[64];
static br_owned_fd dir = {-1};
static bool is_root;

static br_fd d(void)
{
	return br_borrow(dir);
}

static br_stat stat_at(const char *name, unsigned flags)
{
	br_stat st;
	if (br_fstatat(d(), name, &st, flags))
		st.st_mode = 0, st.st_nlink = 0;
	return st;
}

/* The contents of name (up to 63 bytes). */
static const char *contents(const char *name)
{
	static char buf[64];
	br_owned_fd fd BR_AUTOCLOSE = BR_NO_FD;
	size_t n = 0;
	buf[0] = 0;
	if (!br_openat(d(), name, BR_O_RDONLY | BR_O_CLOEXEC, 0, &fd)) {
		n = tap_read_full(br_borrow(fd), buf, sizeof buf - 1);
		buf[n] = 0;
	}
	return buf;
}

static void make(const char *name, const char *text, unsigned mode)
{
	br_owned_fd fd BR_AUTOCLOSE = BR_NO_FD;
	if (br_openat(d(), name, BR_O_WRONLY | BR_O_CREAT | BR_O_TRUNC | BR_O_CLOEXEC, mode, &fd) ||
	    br_write_all(br_borrow(fd), text, tap_strlen(text)))
		tap_ok(false, tap_nm("create", name, 0));
}

static void test_mknod(void)
{
	br_stat st;
	tap_errno(br_mknodat(d(), "fifo", BR_S_IFIFO | 0640, 0), BR_OK, "mknodat: a FIFO");
	st = stat_at("fifo", 0);
	tap_eq(st.st_mode, BR_S_IFIFO | 0640, "mknodat: a FIFO with mode 0640");
	tap_errno(br_mknodat(d(), "fifo", BR_S_IFIFO | 0640, 0), BR_EEXIST, "mknodat: exists: EEXIST");
	tap_errno(br_mknodat(d(), "reg", BR_S_IFREG | 0604, 0), BR_OK, "mknodat: a regular file");
	tap_eq(stat_at("reg", 0).st_mode, BR_S_IFREG | 0604, "mknodat: regular, mode 0604");
	tap_errno(br_mknodat(d(), "dir", BR_S_IFDIR | 0700, 0), BR_EPERM, "mknodat: a directory: EPERM");
	tap_errno(br_mknodat(d(), "missing/x", BR_S_IFIFO | 0600, 0), BR_ENOENT, "mknodat: missing parent: ENOENT");
	tap_errno(br_mknodat(d(), (const char *)8, BR_S_IFIFO | 0600, 0), BR_EFAULT, "mknodat: bad pointer: EFAULT");
	tap_eq(br_makedev(1, 3), 0x103, "makedev(1, 3) is the kernel's 0x103");
	tap_eq(br_makedev(259, 0x12345), 0x12310345, "makedev with a wide minor and major");
	if (!is_root) {
		tap_errno(br_mknodat(d(), "null", BR_S_IFCHR | 0666, br_makedev(1, 3)), BR_EPERM,
			  "mknodat: a device without CAP_MKNOD: EPERM");
		return;
	}
	tap_errno(br_mknodat(d(), "null", BR_S_IFCHR | 0666, br_makedev(1, 3)), BR_OK, "mknodat: char device 1:3");
	st = stat_at("null", 0);
	tap_ok(st.st_mode == (BR_S_IFCHR | 0666) && st.st_rdev == br_makedev(1, 3),
	       "fstatat: a character device, rdev 1:3");
	br_owned_fd fd BR_AUTOCLOSE = BR_NO_FD;
	size_t n = 0;
	br_errno e = br_openat(d(), "null", BR_O_WRONLY | BR_O_CLOEXEC, 0, &fd);
	if (e == BR_EACCES || e == BR_EPERM)
		tap_skip("the node is /dev/null", "this file system is mounted nodev");
	else
		tap_ok(!e && !br_write(br_borrow(fd), "xyz", 3, &n) && n == 3, "the node works as /dev/null");
}

static void test_links(void)
{
	char buf[64];
	size_t n;

	make("target", "hello", 0644);
	tap_errno(br_symlinkat("target", d(), "sym"), BR_OK, "symlinkat");
	tap_ok(!br_readlinkat(d(), "sym", buf, sizeof buf, &n) && n == 6 && buf[0] == 't' && buf[5] == 't',
	       "readlinkat gives the target back");
	tap_eq(stat_at("sym", BR_AT_SYMLINK_NOFOLLOW).st_mode & BR_S_IFMT, BR_S_IFLNK, "it is a symbolic link");
	tap_ok(tap_streq(contents("sym"), "hello"), "opening it reaches the target");
	tap_errno(br_symlinkat("x", d(), "sym"), BR_EEXIST, "symlinkat: exists: EEXIST");
	tap_errno(br_symlinkat("dangling-target", d(), "dangling"), BR_OK, "symlinkat: a dangling link is fine");
	tap_errno(br_symlinkat("", d(), "empty"), BR_ENOENT, "symlinkat: empty target: ENOENT");
	tap_errno(br_symlinkat((const char *)8, d(), "bad"), BR_EFAULT, "symlinkat: bad pointer: EFAULT");
	tap_errno(br_symlinkat("t", br_fd_from_raw(tap_bad_fd[0].raw), "x"), BR_EBADF, "symlinkat: closed dir: EBADF");

	tap_errno(br_linkat(d(), "target", d(), "hard", 0), BR_OK, "linkat");
	br_stat a = stat_at("target", 0), b = stat_at("hard", 0);
	tap_ok(a.st_ino == b.st_ino && a.st_nlink == 2, "the same inode, two links");
	tap_errno(br_linkat(d(), "sym", d(), "hard-sym", 0), BR_OK, "linkat of a symbolic link, not followed");
	tap_eq(stat_at("hard-sym", BR_AT_SYMLINK_NOFOLLOW).st_mode & BR_S_IFMT, BR_S_IFLNK, "the new name is a link");
	tap_errno(br_linkat(d(), "sym", d(), "hard-follow", BR_AT_SYMLINK_FOLLOW), BR_OK,
		  "linkat AT_SYMLINK_FOLLOW");
	tap_eq(stat_at("hard-follow", BR_AT_SYMLINK_NOFOLLOW).st_ino, a.st_ino, "it links the target");
	tap_errno(br_linkat(d(), "target", d(), "hard", 0), BR_EEXIST, "linkat: exists: EEXIST");
	tap_errno(br_linkat(d(), "nothing", d(), "x", 0), BR_ENOENT, "linkat: missing: ENOENT");
	tap_errno(br_linkat(d(), "target", d(), "y", 0x1), BR_EINVAL, "linkat: unknown flag: EINVAL");
	tap_errno(br_linkat(d(), ".", d(), "dirlink", 0), BR_EPERM, "linkat of a directory: EPERM");
}

static void test_rename(void)
{
	make("r1", "one", 0600);
	make("r2", "two", 0600);
	tap_errno(br_renameat2(d(), "r1", d(), "r3", 0), BR_OK, "renameat2, flags 0");
	tap_ok(tap_streq(contents("r3"), "one") && stat_at("r1", 0).st_mode == 0, "r1 is now r3");
	tap_errno(br_renameat2(d(), "r3", d(), "r2", BR_RENAME_NOREPLACE), BR_EEXIST, "RENAME_NOREPLACE: EEXIST");
	tap_ok(tap_streq(contents("r2"), "two"), "r2 untouched");
	tap_errno(br_renameat2(d(), "r3", d(), "r2", BR_RENAME_EXCHANGE), BR_OK, "RENAME_EXCHANGE");
	tap_ok(tap_streq(contents("r2"), "one") && tap_streq(contents("r3"), "two"), "the two swapped");
	tap_errno(br_renameat2(d(), "r3", d(), "r9", BR_RENAME_EXCHANGE), BR_ENOENT, "RENAME_EXCHANGE, one missing");
	tap_errno(br_renameat2(d(), "r3", d(), "r2", BR_RENAME_EXCHANGE | BR_RENAME_NOREPLACE), BR_EINVAL,
		  "EXCHANGE with NOREPLACE: EINVAL");
	tap_errno(br_renameat2(d(), "r3", d(), "r2", 0x80), BR_EINVAL, "unknown flag: EINVAL");
	tap_errno(br_renameat2(d(), "r3", d(), "r2", 0), BR_OK, "renameat2 replaces");
	tap_ok(tap_streq(contents("r2"), "two") && stat_at("r3", 0).st_mode == 0, "r2 holds r3's bytes");
	tap_errno(br_renameat2(d(), "r2", br_fd_from_raw(tap_bad_fd[0].raw), "x", 0), BR_EBADF, "closed dir: EBADF");
}

static void test_modes(void)
{
	br_owned_fd fd BR_AUTOCLOSE = BR_NO_FD;
	make("m", "", 0600);
	if (br_openat(d(), "m", BR_O_RDONLY | BR_O_CLOEXEC, 0, &fd))
		return;
	tap_errno(br_fchmod(br_borrow(fd), 04751), BR_OK, "fchmod 04751");
	tap_eq(stat_at("m", 0).st_mode, BR_S_IFREG | 04751, "the mode is 04751");
	tap_errno(br_fchmodat(d(), "m", 0640), BR_OK, "fchmodat 0640");
	tap_eq(stat_at("m", 0).st_mode, BR_S_IFREG | 0640, "the mode is 0640");
	tap_errno(br_fchmodat(d(), "sym", 0606), BR_OK, "fchmodat through a symbolic link");
	tap_eq(stat_at("target", 0).st_mode, BR_S_IFREG | 0606, "the target changed");
	tap_errno(br_fchmodat(d(), "nothing", 0600), BR_ENOENT, "fchmodat: missing: ENOENT");
	tap_errno(br_fchmod(br_fd_from_raw(tap_bad_fd[0].raw), 0600), BR_EBADF, "fchmod: closed fd: EBADF");

	tap_errno(br_fchown(br_borrow(fd), BR_ID_UNCHANGED, BR_ID_UNCHANGED), BR_OK, "fchown(-1, -1): no change");
	if (!is_root) {
		tap_errno(br_fchown(br_borrow(fd), 0, 0), BR_EPERM, "fchown to root as a user: EPERM");
		return;
	}
	tap_errno(br_fchown(br_borrow(fd), 1234, 5678), BR_OK, "fchown 1234:5678");
	br_stat st = stat_at("m", 0);
	tap_ok(st.st_uid == 1234 && st.st_gid == 5678, "owner 1234, group 5678");
	tap_errno(br_fchown(br_borrow(fd), BR_ID_UNCHANGED, 42), BR_OK, "fchown(-1, 42)");
	st = stat_at("m", 0);
	tap_ok(st.st_uid == 1234 && st.st_gid == 42, "only the group changed");
	tap_errno(br_fchownat(d(), "sym", 77, 88, BR_AT_SYMLINK_NOFOLLOW), BR_OK, "fchownat of the link itself");
	st = stat_at("sym", BR_AT_SYMLINK_NOFOLLOW);
	br_stat t = stat_at("target", 0);
	tap_ok(st.st_uid == 77 && st.st_gid == 88 && t.st_uid != 77, "the link changed, not its target");
	tap_errno(br_fchownat(d(), "sym", 99, 98, 0), BR_OK, "fchownat following the link");
	t = stat_at("target", 0);
	tap_ok(t.st_uid == 99 && t.st_gid == 98, "the target changed");
	tap_errno(br_fchownat(br_borrow(fd), "", 5, 6, BR_AT_EMPTY_PATH), BR_OK, "fchownat AT_EMPTY_PATH");
	st = stat_at("m", 0);
	tap_ok(st.st_uid == 5 && st.st_gid == 6, "the descriptor's file changed");
	tap_errno(br_fchownat(d(), "m", 1, 1, 0x1), BR_EINVAL, "fchownat: unknown flag: EINVAL");
}

static void test_umask_cwd(void)
{
	tap_eq(br_umask(027), 0, "umask: the old mask (0) back");
	make("masked", "", 0666);
	tap_eq(stat_at("masked", 0).st_mode, BR_S_IFREG | 0640, "a new file gets 0666 & ~027");
	tap_eq(br_umask(01777), 027, "umask: 027 back");
	tap_eq(br_umask(0), 0777, "umask keeps only 0777's bits");

	char buf[256], want[256];
	size_t n = 0, wn;
	tap_errno(br_getcwd(buf, sizeof buf, &n), BR_OK, "getcwd");
	tap_ok(!br_readlinkat(BR_AT_FDCWD, "/proc/self/cwd", want, sizeof want, &wn) && n == wn + 1 &&
		       buf[wn] == 0 && !__builtin_memcmp(buf, want, wn),
	       "getcwd equals /proc/self/cwd, the length counting the NUL");
	tap_errno(br_getcwd(buf, 1, &n), BR_ERANGE, "getcwd: buffer too small: ERANGE");
	tap_eq(n, 0, "no length on error");
	tap_errno(br_getcwd((char *)8, 256, &n), BR_EFAULT, "getcwd: bad pointer: EFAULT");
	{
		char keep[256];
		size_t kn;
		if (br_getcwd(keep, sizeof keep, &kn) || br_mkdirat(d(), "gone", 0700) || br_fchdir(d()) ||
		    br_chdir("gone") || br_unlinkat(d(), "gone", BR_AT_REMOVEDIR)) {
			tap_ok(false, "set up a removed current directory");
		} else {
			tap_errno(br_getcwd(buf, sizeof buf, &n), BR_ENOENT, "getcwd in a removed directory: ENOENT");
		}
		if (br_chdir(keep))
			tap_ok(false, "back to the first directory");
	}
}

static void test_access(void)
{
	make("ro", "", 0444);
	make("x", "", 0755);
	tap_errno(br_faccessat2(d(), "ro", BR_F_OK, 0), BR_OK, "faccessat2 F_OK");
	tap_errno(br_faccessat2(d(), "ro", BR_R_OK, 0), BR_OK, "faccessat2 R_OK");
	/* Root may write anything, but executes only what has an x bit. */
	tap_errno(br_faccessat2(d(), "ro", BR_W_OK, 0), is_root ? BR_OK : BR_EACCES, "faccessat2 W_OK of 0444");
	tap_errno(br_faccessat2(d(), "ro", BR_X_OK, BR_AT_EACCESS), BR_EACCES, "faccessat2 X_OK of 0444: EACCES");
	tap_errno(br_faccessat2(d(), "x", BR_X_OK | BR_R_OK, BR_AT_EACCESS), BR_OK, "faccessat2 X_OK of 0755");
	tap_errno(br_faccessat2(d(), "dangling", BR_F_OK, 0), BR_ENOENT, "a dangling link: ENOENT");
	tap_errno(br_faccessat2(d(), "dangling", BR_F_OK, BR_AT_SYMLINK_NOFOLLOW), BR_OK,
		  "the link itself with AT_SYMLINK_NOFOLLOW");
	tap_errno(br_faccessat2(d(), "", BR_F_OK, BR_AT_EMPTY_PATH), BR_OK, "AT_EMPTY_PATH: the directory itself");
	tap_errno(br_faccessat2(d(), "ro", 8, 0), BR_EINVAL, "faccessat2: unknown mode: EINVAL");
	tap_errno(br_faccessat2(d(), "ro", BR_F_OK, 0x1), BR_EINVAL, "faccessat2: unknown flag: EINVAL");
}

static void test_sync_close_range(void)
{
	br_sync();
	tap_ok(true, "sync returns");
	tap_errno(br_syncfs(d()), BR_OK, "syncfs of the test directory's file system");
	tap_errno(br_syncfs(br_fd_from_raw(tap_bad_fd[0].raw)), BR_EBADF, "syncfs: closed fd: EBADF");

	br_owned_fd a = BR_NO_FD, b = BR_NO_FD, c = BR_NO_FD;
	if (br_memfd_create("cr", 0, &a) || br_fcntl_dupfd_cloexec(br_borrow(a), 700, &b) ||
	    br_fcntl_dupfd_cloexec(br_borrow(a), 710, &c)) {
		tap_ok(false, "descriptors for close_range");
		return;
	}
	unsigned fl = 9;
	tap_ok(!br_fcntl_setfd(br_borrow(b), 0) && !br_fcntl_setfd(br_borrow(c), 0), "700 and 710 without CLOEXEC");
	tap_errno(br_close_range((unsigned)b.raw, (unsigned)c.raw, BR_CLOSE_RANGE_CLOEXEC), BR_OK,
		  "close_range CLOEXEC over 700..710");
	tap_ok(!br_fcntl_getfd(br_borrow(b), &fl) && fl == BR_FD_CLOEXEC && !br_fcntl_getfd(br_borrow(c), &fl) &&
		       fl == BR_FD_CLOEXEC,
	       "both are close-on-exec now, still open");
	tap_errno(br_close_range((unsigned)b.raw, (unsigned)b.raw + 5, 0), BR_OK, "close_range 700..705");
	tap_ok(!tap_fd_open(b.raw) && tap_fd_open(c.raw), "700 closed, 710 open");
	tap_errno(br_close_range((unsigned)c.raw, UINT32_MAX, 0), BR_OK, "close_range 710..UINT_MAX");
	tap_ok(!tap_fd_open(c.raw) && tap_fd_open(a.raw), "710 closed, the original open");
	tap_errno(br_close_range(10, 9, 0), BR_EINVAL, "close_range first > last: EINVAL");
	tap_errno(br_close_range(900, 901, 0x1), BR_EINVAL, "close_range: unknown flag: EINVAL");
	br_close(&a);
	(void)br_owned_fd_into_raw(&b);
	(void)br_owned_fd_into_raw(&c);
}

static void test_openat2(void)
{
	br_owned_fd fd BR_AUTOCLOSE = BR_NO_FD;
	br_open_how how = {BR_O_RDONLY | BR_O_CLOEXEC, 0, BR_RESOLVE_IN_ROOT};
	br_errno e;

	/* An absolute symbolic link inside the tree: resolved against dir. */
	if (br_mkdirat(d(), "root", 0755) || br_mkdirat(d(), "root/etc", 0755) ||
	    br_symlinkat("/etc/inside", d(), "root/abs"))
		tap_ok(false, "a tree for openat2");
	make("root/etc/inside", "inside", 0644);
	br_owned_fd root BR_AUTOCLOSE = BR_NO_FD;
	if (br_openat(d(), "root", BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &root))
		return;
	e = br_openat2(br_borrow(root), "abs", &how, sizeof how, &fd);
	if (e == BR_ENOSYS) {
		tap_skip("openat2", tap_under_qemu() ? "qemu-user 7.2 has no openat2 (ENOSYS)" : "no openat2 (ENOSYS)");
		return;
	}
	tap_errno(e, BR_OK, "openat2 RESOLVE_IN_ROOT of an absolute link");
	char buf[16];
	tap_ok(tap_read_full(br_borrow(fd), buf, sizeof buf) == 6 && !__builtin_memcmp(buf, "inside", 6),
	       "it opened root/etc/inside");
	br_close(&fd);
	tap_errno(br_openat2(br_borrow(root), "../../../../etc/inside", &how, sizeof how, &fd), BR_OK,
		  "RESOLVE_IN_ROOT: .. stops at the root");
	br_close(&fd);
	how.resolve = BR_RESOLVE_BENEATH;
	tap_errno(br_openat2(br_borrow(root), "abs", &how, sizeof how, &fd), BR_EXDEV,
		  "RESOLVE_BENEATH: an absolute link: EXDEV");
	how.resolve = BR_RESOLVE_NO_SYMLINKS;
	tap_errno(br_openat2(br_borrow(root), "abs", &how, sizeof how, &fd), BR_ELOOP, "RESOLVE_NO_SYMLINKS: ELOOP");
	how.resolve = 0x1000;
	tap_errno(br_openat2(br_borrow(root), "etc", &how, sizeof how, &fd), BR_EINVAL, "unknown resolve flag: EINVAL");
	how.resolve = 0;
	how.mode = 0644;
	tap_errno(br_openat2(br_borrow(root), "etc", &how, sizeof how, &fd), BR_EINVAL,
		  "a mode without O_CREAT: EINVAL (openat ignores it)");
	how.mode = 0;
	tap_errno(br_openat2(br_borrow(root), "etc", &how, 8, &fd), BR_EINVAL, "size 8: EINVAL");
	tap_errno(br_openat2(br_borrow(root), "etc", (const br_open_how *)8, sizeof how, &fd), BR_EFAULT,
		  "bad pointer: EFAULT");
	tap_eq((uint64_t)(int64_t)fd.raw, (uint64_t)-1, "no descriptor on error");
}

/* Removes the test tree (depth two is all it has). */
static void cleanup(void)
{
	static const char *const names[] = {"fifo", "reg", "null", "target", "sym", "dangling", "hard", "hard-sym",
					    "hard-follow", "r2", "m", "masked", "ro", "x", "root/etc/inside",
					    "root/abs", "root/etc", "root"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (br_unlinkat(d(), names[i], 0))
			(void)!br_unlinkat(d(), names[i], BR_AT_REMOVEDIR);
	br_close(&dir);
	tap_errno(br_unlinkat(BR_AT_FDCWD, dirpath, BR_AT_REMOVEDIR), BR_OK, "the test directory is empty at the end");
}

int main(int argc, char **argv, char **envp)
{
	char num[24];
	(void)argc, (void)argv, (void)envp;
	tap_bad_fd[0].raw = tap_closed_number();
	is_root = br_geteuid() == 0;

	const char *pid = tap_num((uint64_t)br_getpid(), false, num);
	char *p = dirpath;
	for (const char *s = "/tmp/bedrock-links-"; *s;)
		*p++ = *s++;
	while (*pid)
		*p++ = *pid++;
	*p = 0;
	(void)br_umask(0);
	if (br_mkdirat(BR_AT_FDCWD, dirpath, 0700) ||
	    br_openat(BR_AT_FDCWD, dirpath, BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &dir)) {
		tap_ok(false, "a test directory in /tmp");
		return tap_done();
	}
	tap_group(test_mknod, "mknodat");
	tap_group(test_links, "symlinkat, linkat");
	tap_group(test_rename, "renameat2");
	tap_group(test_modes, "fchmod, fchown");
	tap_group(test_umask_cwd, "umask, getcwd");
	tap_group(test_access, "faccessat2");
	tap_group(test_sync_close_range, "sync, close_range");
	tap_group(test_openat2, "openat2");
	cleanup();
	return tap_done();
}
