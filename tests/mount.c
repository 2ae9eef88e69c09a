/* SPDX-License-Identifier: MIT */
/* mount.h, the descriptor-based mount API: a tmpfs built with fsopen,
 * fsconfig and fsmount, attached with move_mount and seen in
 * /proc/self/mountinfo and through a file written into it; open_tree
 * clones of it; mount_setattr making a mount read-only (EROFS afterwards)
 * and private. All in a forked child in a mount namespace of its own,
 * made private first, so nothing reaches the host's mounts (root only);
 * bad input everywhere. */
#include "tap.h"

static char base[64];

static bool has(const char *hay, size_t n, const char *needle)
{
	size_t k = tap_strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (!__builtin_memcmp(hay + i, needle, k))
			return true;
	return false;
}

/* The mountinfo line of mount point path (its text in line), if any. */
static bool mountinfo(const char *path, char *line, size_t size)
{
	static char buf[1 << 16];
	char key[96];
	size_t n = tap_slurp("/proc/self/mountinfo", buf, sizeof buf), k = 0;
	key[k++] = ' ';
	for (const char *s = path; *s && k < sizeof key - 2; s++)
		key[k++] = *s;
	key[k++] = ' ';
	key[k] = 0;
	for (char *p = buf; p < buf + n;) {
		char *e = p;
		while (e < buf + n && *e != '\n')
			e++;
		/* Field 5 is the mount point: " <root> <mount point> " after the ids. */
		if (has(p, (size_t)(e - p), key)) {
			size_t l = (size_t)(e - p) < size - 1 ? (size_t)(e - p) : size - 1;
			__builtin_memcpy(line, p, l);
			line[l] = 0;
			return true;
		}
		p = e + 1;
	}
	return false;
}

static char *path_of(char *buf, const char *name)
{
	char *p = buf;
	for (const char *s = base; *s;)
		*p++ = *s++;
	*p++ = '/';
	while (*name)
		*p++ = *name++;
	*p = 0;
	return buf;
}

static void api_child(void)
{
	br_owned_fd fs BR_AUTOCLOSE = BR_NO_FD, mnt BR_AUTOCLOSE = BR_NO_FD, tree BR_AUTOCLOSE = BR_NO_FD;
	br_owned_fd f BR_AUTOCLOSE = BR_NO_FD;
	char a[96], b[96], line[512];
	unsigned fl;
	size_t n;

	if (!tap_c_errno(br_unshare(BR_CLONE_NEWNS), BR_OK, "unshare(CLONE_NEWNS)") ||
	    !tap_c_errno(br_mount(0, "/", 0, BR_MS_REC | BR_MS_PRIVATE, 0), BR_OK, "make every mount private"))
		return;
	if (br_mkdirat(BR_AT_FDCWD, path_of(a, "a"), 0755) || br_mkdirat(BR_AT_FDCWD, path_of(b, "b"), 0755)) {
		tap_c_ok(false, "mount points");
		return;
	}

	tap_c_errno(br_fsopen("bedrock-no-such-fs", BR_FSOPEN_CLOEXEC, &fs), BR_ENODEV, "fsopen: unknown type: ENODEV");
	tap_c_errno(br_fsopen("tmpfs", 0x100, &fs), BR_EINVAL, "fsopen: unknown flag: EINVAL");
	if (!tap_c_errno(br_fsopen("tmpfs", BR_FSOPEN_INHERIT, &fs), BR_OK, "fsopen(tmpfs) INHERIT"))
		return;
	tap_c_ok(!br_fcntl_getfd(br_borrow(fs), &fl) && fl == 0, "fsopen INHERIT: not close-on-exec");
	br_close(&fs);
	if (!tap_c_errno(br_fsopen("tmpfs", 0, &fs), BR_OK, "fsopen(tmpfs)"))
		return;
	tap_c_ok(!br_fcntl_getfd(br_borrow(fs), &fl) && fl == BR_FD_CLOEXEC, "fsopen: close-on-exec by default");
	tap_c_errno(br_fsconfig(br_borrow(fs), BR_FSCONFIG_SET_STRING, "size", "1m", 0), BR_OK, "fsconfig size=1m");
	tap_c_errno(br_fsconfig(br_borrow(fs), BR_FSCONFIG_SET_STRING, "mode", "0711", 0), BR_OK, "fsconfig mode=0711");
	tap_c_errno(br_fsconfig(br_borrow(fs), BR_FSCONFIG_SET_STRING, "bedrock-bogus", "1", 0), BR_EINVAL,
		    "fsconfig: unknown key: EINVAL");
	tap_c_errno(br_fsconfig(br_borrow(fs), BR_FSCONFIG_SET_FLAG, "size", "x", 0), BR_EINVAL,
		    "fsconfig: SET_FLAG with a value: EINVAL");
	tap_c_errno(br_fsconfig(br_borrow(fs), 99, 0, 0, 0), BR_EOPNOTSUPP, "fsconfig: unknown command: EOPNOTSUPP");
	/* EBUSY on older kernels (6.1), EINVAL on newer ones. */
	br_errno e = br_fsmount(br_borrow(fs), BR_FSMOUNT_CLOEXEC, 0, &mnt);
	tap_c_ok(e == BR_EBUSY || e == BR_EINVAL, "fsmount before CMD_CREATE: refused (EBUSY or EINVAL)");
	tap_c_errno(br_fsconfig(br_borrow(fs), BR_FSCONFIG_CMD_CREATE, 0, 0, 0), BR_OK, "fsconfig CMD_CREATE");
	tap_c_errno(br_fsmount(br_borrow(fs), BR_FSMOUNT_CLOEXEC, 0x80000000u, &mnt), BR_EINVAL,
		    "fsmount: unknown attribute: EINVAL");
	if (!tap_c_errno(br_fsmount(br_borrow(fs), 0, BR_MOUNT_ATTR_NOSUID | BR_MOUNT_ATTR_NODEV, &mnt), BR_OK,
			 "fsmount nosuid,nodev"))
		return;
	tap_c_ok(!br_fcntl_getfd(br_borrow(mnt), &fl) && fl == BR_FD_CLOEXEC, "fsmount: close-on-exec by default");
	tap_c_ok(!mountinfo(a, line, sizeof line), "a detached mount is in nobody's mountinfo");
	tap_c_errno(br_move_mount(br_borrow(mnt), "", BR_AT_FDCWD, a, BR_MOVE_MOUNT_F_EMPTY_PATH), BR_OK,
		    "move_mount attaches it");
	tap_c_ok(mountinfo(a, line, sizeof line) && has(line, tap_strlen(line), "nosuid,nodev") &&
			 has(line, tap_strlen(line), " - tmpfs ") && has(line, tap_strlen(line), "size=1024k"),
		 "mountinfo: tmpfs, nosuid,nodev, size=1024k");
	br_stat st;
	tap_c_ok(!br_fstatat(BR_AT_FDCWD, a, &st, 0) && (st.st_mode & 07777) == 0711, "its root has mode 0711");
	char file[128];
	for (char *p = file, *s = a;; p++, s++)
		if (!(*p = *s)) {
			__builtin_memcpy(p, "/f", 3);
			break;
		}
	tap_c_ok(!br_openat(BR_AT_FDCWD, file, BR_O_WRONLY | BR_O_CREAT | BR_O_CLOEXEC, 0600, &f) &&
			 !br_write_all(br_borrow(f), "tmp", 3),
		 "a file written into it");
	br_close(&f);

	/* open_tree: a clone of it, attached at b, shows the same file. */
	tap_c_errno(br_open_tree(BR_AT_FDCWD, a, BR_OPEN_TREE_CLONE, &tree), BR_OK, "open_tree CLONE");
	tap_c_ok(!br_fcntl_getfd(br_borrow(tree), &fl) && fl == BR_FD_CLOEXEC, "open_tree: close-on-exec by default");
	tap_c_errno(br_move_mount(br_borrow(tree), "", BR_AT_FDCWD, b, BR_MOVE_MOUNT_F_EMPTY_PATH), BR_OK,
		    "move_mount of the clone");
	br_close(&tree);
	char fb[128], got[8];
	for (char *p = fb, *s = b;; p++, s++)
		if (!(*p = *s)) {
			__builtin_memcpy(p, "/f", 3);
			break;
		}
	tap_c_ok(!br_openat(BR_AT_FDCWD, fb, BR_O_RDONLY | BR_O_CLOEXEC, 0, &f) &&
			 tap_read_full(br_borrow(f), got, sizeof got) == 3 && !__builtin_memcmp(got, "tmp", 3),
		 "the clone shows the same file");
	br_close(&f);
	tap_c_errno(br_open_tree(BR_AT_FDCWD, a, 0x4000000u, &tree), BR_EINVAL, "open_tree: unknown flag: EINVAL");

	/* mount_setattr: b read-only, then rw again; a stays writable. */
	br_mount_attr attr = {BR_MOUNT_ATTR_RDONLY, 0, 0, 0};
	tap_c_errno(br_mount_setattr(BR_AT_FDCWD, b, 0, &attr, sizeof attr), BR_OK, "mount_setattr RDONLY");
	tap_c_ok(mountinfo(b, line, sizeof line) && line[0] && has(line, tap_strlen(line), " ro,"),
		 "mountinfo says ro");
	tap_c_errno(br_mkdirat(BR_AT_FDCWD, path_of(line, "b/d"), 0700), BR_EROFS, "mkdir in it: EROFS");
	tap_c_errno(br_mkdirat(BR_AT_FDCWD, path_of(line, "a/d"), 0700), BR_OK, "the original is still writable");
	(void)!br_unlinkat(BR_AT_FDCWD, line, BR_AT_REMOVEDIR);
	attr.attr_set = 0;
	attr.attr_clr = BR_MOUNT_ATTR_RDONLY;
	attr.propagation = BR_MS_SHARED;
	tap_c_errno(br_mount_setattr(BR_AT_FDCWD, b, BR_AT_RECURSIVE, &attr, sizeof attr), BR_OK,
		    "mount_setattr clear RDONLY, shared, recursive");
	tap_c_ok(mountinfo(b, line, sizeof line) && has(line, tap_strlen(line), " rw,") &&
			 has(line, tap_strlen(line), "shared:"),
		 "mountinfo: rw and shared");
	tap_c_errno(br_mount_setattr(BR_AT_FDCWD, b, 0, &attr, 8), BR_EINVAL, "mount_setattr: size 8: EINVAL");
	attr.attr_set = 0x40000000u;
	tap_c_errno(br_mount_setattr(BR_AT_FDCWD, b, 0, &attr, sizeof attr), BR_EINVAL,
		    "mount_setattr: unknown attribute: EINVAL");
	tap_c_errno(br_mount_setattr(BR_AT_FDCWD, b, 0, (br_mount_attr *)8, sizeof attr), BR_EFAULT,
		    "mount_setattr: bad pointer: EFAULT");

	/* Moving an attached mount, and detaching both; an open mount
	 * descriptor would keep it busy. */
	br_close(&mnt);
	br_close(&fs);
	tap_c_errno(br_umount2(b, BR_MNT_DETACH), BR_OK, "umount the clone");
	tap_c_errno(br_move_mount(BR_AT_FDCWD, a, BR_AT_FDCWD, b, 0), BR_OK, "move_mount of an attached mount");
	tap_c_ok(!mountinfo(a, line, sizeof line) && mountinfo(b, line, sizeof line), "it moved from a to b");
	tap_c_errno(br_move_mount(BR_AT_FDCWD, a, BR_AT_FDCWD, b, 0), BR_EINVAL, "move_mount of no mount: EINVAL");
	tap_c_errno(br_umount2(b, 0), BR_OK, "umount it");
	(void)!br_unlinkat(BR_AT_FDCWD, a, BR_AT_REMOVEDIR);
	(void)!br_unlinkat(BR_AT_FDCWD, b, BR_AT_REMOVEDIR);
	(void)n;
}

static void test_api(void)
{
	br_owned_fd fd = BR_NO_FD;
	br_errno e = br_fsopen("tmpfs", BR_FSOPEN_CLOEXEC, &fd);
	br_close(&fd);
	if (e == BR_ENOSYS) {
		tap_skip("the new mount API", tap_under_qemu() ? "qemu-user 7.2 has no fsopen (ENOSYS)" : "no fsopen (ENOSYS)");
		return;
	}
	if (br_geteuid() != 0) {
		tap_errno(e, BR_EPERM, "fsopen as a user: EPERM");
		return;
	}
	tap_errno(e, BR_OK, "fsopen as root");
	/* In a chroot whose root is no mount point, the namespace cannot be
	 * made private: then there is nothing safe to test on. */
	int pid = -1;
	if (br_fork(&pid)) {
		tap_ok(false, "fork");
		return;
	}
	if (pid == 0) {
		br_errno ue = br_unshare(BR_CLONE_NEWNS);
		br_exit_group(ue ? (int)ue : 200 + (int)br_mount(0, "/", 0, BR_MS_REC | BR_MS_PRIVATE, 0) % 56);
	}
	int raw = tap_reap(pid, 0);
	int st = raw >= 0 && br_wifexited(raw) ? br_wexitstatus(raw) : 255;
	if (st != 200) {
		static char why[200];
		if (st > 200)
			(void)br_fmt(why, sizeof why, "mount(\"/\", MS_REC|MS_PRIVATE) in a new mount namespace: %s: \"/\" "
				     "is no mount point (a chroot?); fix: mount --rbind the chroot onto itself before entering it",
				     br_errno_name((br_errno)(st - 200)));
		else
			(void)br_fmt(why, sizeof why, "unshare(CLONE_NEWNS): %s (a container without CAP_SYS_ADMIN?)",
				     br_errno_name((br_errno)st));
		tap_skip("the new mount API", why);
		return;
	}
	tap_in_child(api_child, "mount API child ended cleanly");
}

static void test_bad(void)
{
	br_owned_fd fd = BR_NO_FD;
	int closed = tap_bad_fd[0].raw;
	br_mount_attr attr = {BR_MOUNT_ATTR_RDONLY, 0, 0, 0};
	br_errno e = br_fsconfig(br_fd_from_raw(closed), BR_FSCONFIG_CMD_CREATE, 0, 0, 0);
	if (e == BR_ENOSYS) {
		tap_skip("mount API bad input", tap_under_qemu() ? "qemu-user 7.2 has no fsconfig (ENOSYS)" : "ENOSYS");
		return;
	}
	tap_errno(e, BR_EBADF, "fsconfig: closed fd: EBADF");
	tap_errno(br_fsopen((const char *)8, 0, &fd), br_geteuid() ? BR_EPERM : BR_EFAULT, "fsopen: bad pointer");
	tap_errno(br_open_tree(br_fd_from_raw(closed), "x", 0, &fd), BR_EBADF, "open_tree: closed dir: EBADF");
	tap_errno(br_mount_setattr(BR_AT_FDCWD, "/nonexistent-bedrock", 0, &attr, sizeof attr), BR_ENOENT,
		  "mount_setattr: missing path: ENOENT");
	tap_eq((uint64_t)(int64_t)fd.raw, (uint64_t)-1, "no descriptor on error");
}

int main(int argc, char **argv, char **envp)
{
	char num[24];
	(void)argc, (void)argv, (void)envp;
	tap_bad_fd[0].raw = tap_closed_number();

	const char *pid = tap_num((uint64_t)br_getpid(), false, num);
	char *p = base;
	for (const char *s = "/tmp/bedrock-mount-"; *s;)
		*p++ = *s++;
	while (*pid)
		*p++ = *pid++;
	*p = 0;
	if (br_mkdirat(BR_AT_FDCWD, base, 0700)) {
		tap_ok(false, "a test directory in /tmp");
		return tap_done();
	}
	tap_group(test_api, "mount API");
	tap_group(test_bad, "bad input");
	tap_errno(br_unlinkat(BR_AT_FDCWD, base, BR_AT_REMOVEDIR), BR_OK, "the test directory is empty at the end");
	return tap_done();
}
