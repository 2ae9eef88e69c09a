/* SPDX-License-Identifier: MIT */
/* fs.h, what the kernel says of a file: fstat, fstatat and statx
 * (fs_common.h). */
#include "fs_common.h"

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

	tap_errno(br_fstat(br_borrow(null), (br_stat *)16), BR_EFAULT, "fstat into an unmapped buffer is EFAULT");
	(void)n;
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
	tap_errno(br_fstatat(br_borrow(dir), "sa", (br_stat *)16, 0), BR_EFAULT, "an unmapped buffer is EFAULT");
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
			 "the mount of \"/\" is not in mountinfo (a chroot): mounts above the root are not listed; "
			 "fix: mount --rbind the chroot onto itself before entering it");
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
	tap_errno(br_statx(br_borrow(dir), "sx", 0, BR_STATX_BASIC_STATS, (struct br_statx *)16), BR_EFAULT,
		  "an unmapped buffer is EFAULT");
	tap_errno(br_statx(br_borrow(dir), "sx", 0x1, BR_STATX_BASIC_STATS, &sx), BR_EINVAL,
		  "an unknown flag (0x1) is EINVAL");
	tap_errno(br_statx(br_borrow(dir), "sx", 0x6000, BR_STATX_BASIC_STATS, &sx), BR_EINVAL,
		  "AT_STATX_FORCE_SYNC|AT_STATX_DONT_SYNC together is EINVAL");
	tap_errno(br_statx(br_borrow(dir), "sx", 0, STATX_RESERVED, &sx), BR_EINVAL, "the reserved mask bit is EINVAL");
	(void)!br_unlinkat(br_borrow(dir), "sx", 0);
}


static br_errno fstat_fd(br_fd fd)
{
	br_stat st;
	return br_fstat(fd, &st);
}

static br_errno fstatat_fd(br_fd fd)
{
	br_stat st;
	return br_fstatat(fd, "sa", &st, 0);
}

static br_errno fstatat_path(void *bad)
{
	br_stat st;
	return br_fstatat(br_borrow(dir), (const char *)bad, &st, 0);
}

static br_errno statx_fd(br_fd fd)
{
	struct br_statx sx;
	return br_statx(fd, "sx", 0, BR_STATX_BASIC_STATS, &sx);
}

static br_errno statx_path(void *bad)
{
	struct br_statx sx;
	return br_statx(br_borrow(dir), (const char *)bad, 0, BR_STATX_BASIC_STATS, &sx);
}

/* Bad input every call refuses: a bad descriptor (or dir fd with a
 * relative path) is EBADF, an unmapped path EFAULT. */
static void test_bad_input(void)
{
	static const struct tap_fd_case bad_fd[] = {
		{"fstat", fstat_fd},
		{"fstatat (the dir fd)", fstatat_fd},
		{"statx (the dir fd)", statx_fd},
	};
	static const struct tap_ptr_case bad_ptr[] = {
		{"fstatat (the path)", fstatat_path},
		{"statx (the path)", statx_path},
	};
	tap_ebadf_table(bad_fd, sizeof bad_fd / sizeof bad_fd[0]);
	tap_efault_table(bad_ptr, sizeof bad_ptr / sizeof bad_ptr[0]);
}

int main(int argc, char **argv, char **envp)
{
	static void (*const tests[])(void) = {
		test_fstat,
		test_fstatat,
		test_statx,
		test_bad_input,
	};

	(void)argc, (void)argv, (void)envp;
	return fs_run(tests, sizeof tests / sizeof tests[0]);
}
