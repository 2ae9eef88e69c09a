/* SPDX-License-Identifier: MIT */
/* fs.h, the current and root directory and mounts: chdir, fchdir,
 * chroot, mount, umount2, pivot_root (fs_common.h). chroot, mount,
 * umount2 and pivot_root (root only) run in forked children, the mounts
 * in a private mount namespace so that nothing reaches the host's;
 * children send their checks to the parent through a pipe and never
 * print TAP themselves. */
#include "fs_common.h"

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
			 "so the test's mounts could not be kept from the host; fix: mount --rbind the chroot "
			 "onto itself before entering it");
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
	static void (*const tests[])(void) = {
		test_chdir,
		test_chroot,
		test_mount,
	};

	(void)argc, (void)argv, (void)envp;
	return fs_run(tests, sizeof tests / sizeof tests[0]);
}
