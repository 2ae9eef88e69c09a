/* SPDX-License-Identifier: MIT */
/* fs.h: the descriptor factories (first: every later segment uses their
 * descriptors), then the rest; the failing calls fail for a missing
 * directory. */
#include "trace.h"

void trace_fs_setup(void)
{
	br_owned_fd o = BR_NO_FD, r = BR_NO_FD, w = BR_NO_FD;

	SEG("br_memfd_create", "memfd_create('bedrock-trace', MFD_CLOEXEC|MFD_ALLOW_SEALING) = $memfd");
	USE(CALL(br_memfd_create)("bedrock-trace", BR_MFD_CLOEXEC | BR_MFD_ALLOW_SEALING, &o));
	SEG("setup: memfd to fd 60", "dup3($memfd, 60, O_CLOEXEC) = 60; close($memfd) = 0");
	move_fd(o.raw, FD_MEM);
	SEG("br_pipe2", "pipe2(*, O_CLOEXEC) = 0");
	USE(CALL(br_pipe2)(BR_O_CLOEXEC, &r, &w));
	SEG("setup: pipe to fds 50, 51",
	    "dup3($r, 50, O_CLOEXEC) = 50; close($r) = 0; dup3($w, 51, O_CLOEXEC) = 51; close($w) = 0");
	move_fd(r.raw, FD_PIPE_R);
	move_fd(w.raw, FD_PIPE_W);
	SEG("br_pipe2 (non-blocking)", "pipe2(*, O_CLOEXEC|O_NONBLOCK) = 0");
	USE(CALL(br_pipe2)(BR_O_CLOEXEC | BR_O_NONBLOCK, &r, &w));
	SEG("setup: pipe to fds 52, 53 of one page",
	    "dup3($sr, 52, O_CLOEXEC) = 52; close($sr) = 0; dup3($sw, 53, O_CLOEXEC) = 53; close($sw) = 0;"
	    "fcntl(53, F_SETPIPE_SZ, 4096)");
	move_fd(r.raw, FD_SMALL_R);
	move_fd(w.raw, FD_SMALL_W);
	USE(br_syscall3(BR_SYS_fcntl, FD_SMALL_W, 1031 /* F_SETPIPE_SZ */, 4096));
	/* O_RDONLY is 0; the mode is not passed on (no O_CREAT). */
	SEG("br_openat", "openat(AT_FDCWD, '/', O_DIRECTORY|O_CLOEXEC) = $root");
	USE(CALL(br_openat)(BR_AT_FDCWD, "/", BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &o));
	SEG("setup: / to fd 62", "dup3($root, 62, O_CLOEXEC) = 62; close($root) = 0");
	move_fd(o.raw, FD_ROOT);
}

void trace_fs(void)
{
	br_fd mem = br_fd_from_raw(FD_MEM);
	uint64_t pos;
	br_stat st;
	size_t n;
	br_owned_fd o;

	SEG("br_openat (O_CREAT, fails)",
	    "openat(AT_FDCWD, '/nonexistent-bedrock-trace/f', O_WRONLY|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, 0641)"
	    " = -1 ENOENT");
	USE(CALL(br_openat)(BR_AT_FDCWD, "/nonexistent-bedrock-trace/f",
			    BR_O_WRONLY | BR_O_CREAT | BR_O_EXCL | BR_O_NOFOLLOW | BR_O_CLOEXEC, 0641, &o));
	SEG("br_lseek", "lseek(60, 1013, SEEK_CUR)");
	USE(CALL(br_lseek)(mem, 1013, BR_SEEK_CUR, &pos));
	SEG("br_lseek (negative)", "lseek(60, -1014, SEEK_END)");
	USE(CALL(br_lseek)(mem, -1014, BR_SEEK_END, &pos));
	SEG("br_fstat", "fstat(60, *) = 0");
	USE(CALL(br_fstat)(mem, &st));
	SEG("br_ftruncate", "ftruncate(60, 0x723456789) = 0");
	USE(CALL(br_ftruncate)(mem, 0x723456789u));
	SEG("br_fsync", "fsync(60) = 0");
	USE(CALL(br_fsync)(mem));
	SEG("br_fdatasync", "fdatasync(60) = 0");
	USE(CALL(br_fdatasync)(mem));
	SEG("br_mkdirat (fails)", "mkdirat(AT_FDCWD, '/nonexistent-bedrock-trace/d', 0751) = -1 ENOENT");
	USE(CALL(br_mkdirat)(BR_AT_FDCWD, "/nonexistent-bedrock-trace/d", 0751));
	SEG("br_unlinkat (fails)", "unlinkat(AT_FDCWD, '/nonexistent-bedrock-trace/d', AT_REMOVEDIR) = -1 ENOENT");
	USE(CALL(br_unlinkat)(BR_AT_FDCWD, "/nonexistent-bedrock-trace/d", BR_AT_REMOVEDIR));
	SEG("br_readlinkat", "readlinkat(AT_FDCWD, '/proc/self/exe', *, 1011)");
	USE(CALL(br_readlinkat)(BR_AT_FDCWD, "/proc/self/exe", buf, 1011, &n));
	SEG("br_getdents64", "getdents64(62, *, 1012)");
	USE(CALL(br_getdents64)(br_fd_from_raw(FD_ROOT), buf, 1012, &n));

	struct br_statx stx;
	/* Relative to fd 62 ("/"), so that the dir argument is checked too.
	 * The generic table's fstatat is newfstatat too. */
	SEG("br_fstatat (fails)", "newfstatat(62, 'nonexistent-bedrock-trace/s', *, AT_SYMLINK_NOFOLLOW) = -1 ENOENT");
	USE(CALL(br_fstatat)(br_fd_from_raw(FD_ROOT), "nonexistent-bedrock-trace/s", &st, BR_AT_SYMLINK_NOFOLLOW));
	SEG("br_fstatat (the descriptor itself)", "newfstatat(60, '', *, AT_EMPTY_PATH) = 0");
	USE(CALL(br_fstatat)(mem, "", &st, BR_AT_EMPTY_PATH));
	SEG("br_statx (fails)", "statx(62, 'nonexistent-bedrock-trace/x', AT_SYMLINK_NOFOLLOW,"
				" STATX_TYPE|STATX_INO|STATX_SIZE, *) = -1 ENOENT");
	USE(CALL(br_statx)(br_fd_from_raw(FD_ROOT), "nonexistent-bedrock-trace/x", BR_AT_SYMLINK_NOFOLLOW,
			   BR_STATX_TYPE | BR_STATX_INO | BR_STATX_SIZE, &stx));
	SEG("br_statx (the descriptor itself)", "statx(60, '', AT_EMPTY_PATH, STATX_BASIC_STATS, *) = 0");
	USE(CALL(br_statx)(mem, "", BR_AT_EMPTY_PATH, BR_STATX_BASIC_STATS, &stx));
	/* The calls that change the process or the system, made so that they
	 * fail before changing anything: missing paths, fd 1021 not open.
	 * pivot_root checks CAP_SYS_ADMIN before the paths (EPERM when not
	 * root); the others look the paths up first. */
	SEG("br_chdir (fails)", "chdir('/nonexistent-bedrock-trace/cwd') = -1 ENOENT");
	USE(CALL(br_chdir)("/nonexistent-bedrock-trace/cwd"));
	SEG("br_fchdir (not open)", "fchdir(1021) = -1 EBADF");
	USE(CALL(br_fchdir)(br_fd_from_raw(1021)));
	SEG("br_chroot (fails)", "chroot('/nonexistent-bedrock-trace/root') = -1 ENOENT");
	USE(CALL(br_chroot)("/nonexistent-bedrock-trace/root"));
	SEG("br_mount (fails)", "mount('/nonexistent-bedrock-trace/src', '/nonexistent-bedrock-trace/dst', 'bedrock-fs',"
				" MS_NOSUID|MS_NODEV|MS_NOEXEC|MS_BIND|MS_REC, 'trace-data') = -1 ENOENT");
	USE(CALL(br_mount)("/nonexistent-bedrock-trace/src", "/nonexistent-bedrock-trace/dst", "bedrock-fs",
			   BR_MS_NOSUID | BR_MS_NODEV | BR_MS_NOEXEC | BR_MS_BIND | BR_MS_REC, "trace-data"));
	SEG("br_umount2 (fails)", "umount2('/nonexistent-bedrock-trace/dst', MNT_DETACH|UMOUNT_NOFOLLOW) = -1 ENOENT");
	USE(CALL(br_umount2)("/nonexistent-bedrock-trace/dst", BR_MNT_DETACH | BR_UMOUNT_NOFOLLOW));
	SEG("br_pivot_root (fails)",
	    "pivot_root('/nonexistent-bedrock-trace/new', '/nonexistent-bedrock-trace/old') = -1 ENOENT|EPERM");
	USE(CALL(br_pivot_root)("/nonexistent-bedrock-trace/new", "/nonexistent-bedrock-trace/old"));
}
