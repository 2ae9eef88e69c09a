/* SPDX-License-Identifier: MIT */
/* What the fs_*.c test programs share (fs.h, split by topic: fs_open.c the
 * calls that make descriptors, fs_file.c positions, sizes, syncing and
 * directory entries, fs_stat.c fstat/fstatat/statx, fs_root.c the current
 * and root directory and mounts). Every wrapper, success and each error,
 * checked against what the kernel reports afterwards (fstat, fcntl flags,
 * /proc/self/fd links, the bytes read back, the entries getdents64 lists).
 * Each program works in a fresh /tmp/bedrock-test-<pid> directory, removed
 * at the end. umask is 0 while the tests run, so that modes come back
 * exactly as given. The bad descriptors and unmapped pointers every call
 * must refuse are checked from tables (tap.h), each program its calls. */
#ifndef BR_TESTS_FS_COMMON_H
#define BR_TESTS_FS_COMMON_H

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

static __attribute__((unused)) char dirpath[64];
static __attribute__((unused)) br_owned_fd dir = {-1};
/* A number that was open and no longer is (and stays free): tap_bad_fd[0]. */
#define closed_fd (tap_bad_fd[0].raw)

/* ---- small helpers (no libc) ---- */

static __attribute__((unused)) char *append(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	*p = 0;
	return p;
}

/* dirpath + "/" + name in buf. */
static __attribute__((unused)) const char *in_dir(char *buf, const char *name)
{
	append(append(append(buf, dirpath), "/"), name);
	return buf;
}

/* "/proc/self/fd/<raw>" in buf. */
static __attribute__((unused)) const char *fd_path(char *buf, int raw)
{
	char num[24];
	append(append(buf, "/proc/self/fd/"), tap_num((uint64_t)raw, false, num));
	return buf;
}

static __attribute__((unused)) bool mem_is(const char *got, size_t n, const char *want)
{
	size_t w = tap_strlen(want);
	if (n != w)
		return false;
	for (size_t i = 0; i < n; i++)
		if (got[i] != want[i])
			return false;
	return true;
}

static __attribute__((unused)) unsigned getfd(br_owned_fd fd)
{
	unsigned f = 0xdead;
	return br_fcntl_getfd(br_borrow(fd), &f) ? 0xdead : f;
}

static __attribute__((unused)) unsigned getfl(br_owned_fd fd)
{
	unsigned f = 0xdead;
	return br_fcntl_getfl(br_borrow(fd), &f) ? 0xdead : f;
}

static __attribute__((unused)) br_stat st_of(br_fd fd)
{
	br_stat st;
	if (br_fstat(fd, &st))
		st.st_mode = 0, st.st_ino = 0;
	return st;
}

/* Creates a file in the test directory holding text; returns it open. */
static __attribute__((unused)) br_owned_fd make_file(const char *name, const char *text, unsigned mode)
{
	br_owned_fd fd = BR_NO_FD;
	if (br_openat(br_borrow(dir), name, BR_O_CREAT | BR_O_RDWR | BR_O_TRUNC | BR_O_CLOEXEC, mode, &fd))
		return fd;
	if (text && br_write_all(br_borrow(fd), text, tap_strlen(text)))
		br_close(&fd);
	return fd;
}

static __attribute__((unused)) br_errno symlink_in_dir(const char *target, const char *name)
{
	return br_syscall_errno(br_syscall3(BR_SYS_symlinkat, (long)target, dir.raw, (long)name));
}


/* ---- checks made in forked children (tap_in_child, tap.h) ---- */

static __attribute__((unused)) bool is_root(void)
{
	return br_syscall0(BR_SYS_geteuid) == 0;
}

/* setresuid to nobody: for checks of what an unprivileged caller gets. */
static __attribute__((unused)) br_errno drop_root(void)
{
	return br_syscall_errno(br_syscall3(BR_SYS_setresuid, 65534, 65534, 65534));
}

/* ---- fstatat, statx ---- */

static __attribute__((unused)) br_stat stat_at(br_fd d, const char *path, unsigned flags)
{
	br_stat st;
	if (br_fstatat(d, path, &st, flags))
		st.st_mode = 0, st.st_ino = 0;
	return st;
}

/* The main of every fs_*.c program: the test directory made (and the
 * closed number chosen) before the tests and removed after them, nothing
 * leaked, nothing left behind. */
static __attribute__((unused)) int fs_run(void (*const tests[])(void), size_t n)
{
	char num[24];
	long old_umask = br_syscall1(BR_SYS_umask, 0);

	append(append(dirpath, "/tmp/bedrock-test-"), tap_num((uint64_t)br_getpid(), false, num));
	/* High enough that no descriptor opened here will reuse it. */
	tap_bad_fd[0].raw = tap_closed_number();

	if (!tap_ok(!br_mkdirat(BR_AT_FDCWD, dirpath, 0700) &&
			    !br_openat(BR_AT_FDCWD, dirpath, BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &dir),
		    "make and open the test directory /tmp/bedrock-test-<pid>"))
		return tap_done();
	int fds_before = tap_open_fds();

	for (size_t i = 0; i < n; i++)
		tests[i]();

	tap_eq((uint64_t)tap_open_fds(), (uint64_t)fds_before, "no descriptor leaked");
	(void)!br_unlinkat(br_borrow(dir), "f", 0);
	br_close(&dir);
	tap_errno(br_unlinkat(BR_AT_FDCWD, dirpath, BR_AT_REMOVEDIR), BR_OK,
		  "the test directory is empty and removed (nothing left behind)");
	(void)br_syscall1(BR_SYS_umask, old_umask);
	return tap_done();
}

#endif
