/* SPDX-License-Identifier: MIT */
/* process.h's credentials, capabilities, namespaces and pidfds: the ids
 * against /proc/self/status, changing them (root, in forked children, so
 * the test keeps its own), capget/capset round trips and refusals,
 * unshare and setns between UTS namespaces (root), pidfd_open,
 * pidfd_send_signal and pidfd_getfd on real children and on bad input. */
#include "tap.h"

static bool is_root;

/* The four numbers after "Key:\t" in /proc/self/status (Uid or Gid). */
static bool status_ids(const char *key, uint64_t ids[4])
{
	static char buf[8192];
	size_t n = tap_slurp("/proc/self/status", buf, sizeof buf);
	size_t k = tap_strlen(key);
	for (const char *p = buf; p < buf + n; p++) {
		if ((p == buf || p[-1] == '\n') && p + k < buf + n) {
			size_t i = 0;
			while (i < k && p[i] == key[i])
				i++;
			if (i == k && p[k] == ':') {
				const char *q = p + k + 1;
				for (int j = 0; j < 4; j++) {
					while (*q == '\t' || *q == ' ')
						q++;
					if (!tap_parse_dec(&q, buf + n, &ids[j]))
						return false;
				}
				return true;
			}
		}
	}
	return false;
}

static void test_ids(void)
{
	uint64_t u[4], g[4];
	uint32_t r = 1, e = 1, s = 1;

	if (!status_ids("Uid", u) || !status_ids("Gid", g)) {
		tap_skip("ids against /proc/self/status", "no /proc");
		return;
	}
	tap_eq(br_getuid(), u[0], "getuid is the real uid of /proc/self/status");
	tap_eq(br_geteuid(), u[1], "geteuid is the effective uid");
	tap_eq(br_getgid(), g[0], "getgid is the real gid");
	tap_eq(br_getegid(), g[1], "getegid is the effective gid");
	tap_errno(br_getresuid(&r, &e, &s), BR_OK, "getresuid");
	tap_ok(r == u[0] && e == u[1] && s == u[2], "getresuid: real, effective, saved as /proc says");
	tap_errno(br_getresgid(&r, &e, &s), BR_OK, "getresgid");
	tap_ok(r == g[0] && e == g[1] && s == g[2], "getresgid: real, effective, saved as /proc says");
	tap_errno(br_getresuid((uint32_t *)8, &e, &s), BR_EFAULT, "getresuid: bad pointer: EFAULT");
	tap_errno(br_getresgid(&r, &e, (uint32_t *)8), BR_EFAULT, "getresgid: bad pointer: EFAULT");

	size_t count = 99, again = 99;
	uint32_t list[256];
	tap_errno(br_getgroups(0, 0, &count), BR_OK, "getgroups(0): the count only");
	tap_errno(br_getgroups(256, list, &again), BR_OK, "getgroups into 256 entries");
	tap_eq(again, count, "the same count both ways");
	if (count > 0)
		tap_errno(br_getgroups(count - 1, list, &again), BR_EINVAL, "getgroups: too small: EINVAL");
	else
		tap_skip("getgroups: too small: EINVAL", "no supplementary groups here");
	if (count > 0)
		tap_errno(br_getgroups(count, (uint32_t *)8, &again), BR_EFAULT, "getgroups: bad pointer: EFAULT");
	else
		tap_skip("getgroups: bad pointer: EFAULT", "no supplementary groups here");

	tap_errno(br_setuid(BR_ID_UNCHANGED), BR_EINVAL, "setuid(-1): EINVAL");
	tap_errno(br_setgid(BR_ID_UNCHANGED), BR_EINVAL, "setgid(-1): EINVAL");
	tap_errno(br_setresuid(BR_ID_UNCHANGED, BR_ID_UNCHANGED, BR_ID_UNCHANGED), BR_OK, "setresuid(-1,-1,-1): no change");
	tap_errno(br_setreuid(BR_ID_UNCHANGED, BR_ID_UNCHANGED), BR_OK, "setreuid(-1,-1): no change");
	tap_ok(br_geteuid() == u[1] && br_getuid() == u[0], "the ids are unchanged");
}

/* Root in a child: groups, then gids, then uids, then the way back is closed. */
static void drop_child(void)
{
	uint32_t r, e, s, groups[2] = {4242, 4343}, list[8];
	size_t n = 0;

	tap_c_errno(br_setgroups(2, groups), BR_OK, "setgroups(4242, 4343)");
	tap_c_ok(!br_getgroups(8, list, &n) && n == 2 && list[0] == 4242 && list[1] == 4343,
		 "getgroups reads them back");
	tap_c_errno(br_getgroups(1, list, &n), BR_EINVAL, "getgroups into 1 entry of 2: EINVAL");
	tap_c_errno(br_getgroups(2, (uint32_t *)8, &n), BR_EFAULT, "getgroups bad pointer: EFAULT");
	tap_c_errno(br_setgroups(70000, groups), BR_EINVAL, "setgroups beyond NGROUPS_MAX: EINVAL");
	tap_c_errno(br_setgroups(2, (const uint32_t *)8), BR_EFAULT, "setgroups bad pointer: EFAULT");
	tap_c_errno(br_setresgid(2001, 2002, 2003), BR_OK, "setresgid(2001, 2002, 2003)");
	tap_c_ok(!br_getresgid(&r, &e, &s) && r == 2001 && e == 2002 && s == 2003, "getresgid reads them back");
	tap_c_errno(br_setregid(2004, BR_ID_UNCHANGED), BR_OK, "setregid(2004, -1)");
	tap_c_ok(br_getgid() == 2004 && br_getegid() == 2002, "setregid changed only the real gid");
	tap_c_errno(br_setgid(2005), BR_OK, "setgid(2005) as root");
	tap_c_ok(!br_getresgid(&r, &e, &s) && r == 2005 && e == 2005 && s == 2005, "setgid as root sets all three");
	tap_c_errno(br_setresuid(1001, 1002, 0), BR_OK, "setresuid(1001, 1002, 0)");
	tap_c_ok(!br_getresuid(&r, &e, &s) && r == 1001 && e == 1002 && s == 0, "getresuid reads them back");
	tap_c_errno(br_setreuid(BR_ID_UNCHANGED, 0), BR_OK, "setreuid(-1, 0): back through the saved uid");
	tap_c_errno(br_setuid(1003), BR_OK, "setuid(1003) as root: every uid");
	tap_c_ok(!br_getresuid(&r, &e, &s) && r == 1003 && e == 1003 && s == 1003, "all three are 1003");
	tap_c_errno(br_setuid(0), BR_EPERM, "setuid(0) afterwards: EPERM");
	tap_c_errno(br_setresuid(0, 0, 0), BR_EPERM, "setresuid(0,0,0) afterwards: EPERM");
	tap_c_errno(br_setgroups(0, 0), BR_EPERM, "setgroups afterwards: EPERM");
	tap_c_errno(br_setgid(0), BR_EPERM, "setgid(0) afterwards: EPERM");
}

static void test_set_ids(void)
{
	if (!is_root) {
		tap_errno(br_setuid(0), br_getuid() == 0 ? BR_OK : BR_EPERM, "setuid(0) as a user: EPERM");
		tap_skip("changing ids", "not root");
		return;
	}
	tap_in_child(drop_child, "dropping root in a child");
	tap_eq(br_geteuid(), 0, "the test itself is still root");
}

static void test_caps(void)
{
	br_cap_header h = {BR_LINUX_CAPABILITY_VERSION_3, 0};
	br_cap_data d[2];

	tap_errno(br_capget(&h, d), BR_OK, "capget, version 3");
	if (is_root)
		tap_ok((d[0].effective >> BR_CAP_SYS_ADMIN & 1) && (d[0].permitted >> BR_CAP_SYS_BOOT & 1),
		       "root has CAP_SYS_ADMIN effective and CAP_SYS_BOOT permitted");
	else
		tap_ok(d[0].effective == 0, "a user has no effective capabilities");
	h.version = 0x12345678;
	tap_errno(br_capget(&h, d), BR_EINVAL, "capget, unknown version: EINVAL");
	tap_eq(h.version, BR_LINUX_CAPABILITY_VERSION_3, "the kernel wrote its preferred version");
	h.version = 0x12345678;
	tap_errno(br_capset(&h, d), BR_EINVAL, "capset, unknown version: EINVAL");
	h.version = BR_LINUX_CAPABILITY_VERSION_3;
	h.pid = 2000000000;
	tap_errno(br_capget(&h, d), BR_ESRCH, "capget of no such process: ESRCH");
	h.pid = 0;
	tap_errno(br_capget(&h, (br_cap_data *)8), BR_EFAULT, "capget bad data pointer: EFAULT");
	tap_errno(br_capget((br_cap_header *)8, d), BR_EFAULT, "capget bad header pointer: EFAULT");
	h.pid = 1;
	tap_errno(br_capset(&h, d), BR_EPERM, "capset of another process: EPERM");
}

static void caps_child(void)
{
	br_cap_header h = {BR_LINUX_CAPABILITY_VERSION_3, 0};
	br_cap_data d[2], back[2];
	br_utsname u;

	if (!tap_c_errno(br_capget(&h, d), BR_OK, "capget"))
		return;
	d[0].effective &= ~(1u << BR_CAP_SYS_ADMIN);
	tap_c_errno(br_capset(&h, d), BR_OK, "capset: CAP_SYS_ADMIN out of the effective set");
	tap_c_ok(!br_capget(&h, back) && !(back[0].effective >> BR_CAP_SYS_ADMIN & 1) &&
			 (back[0].permitted >> BR_CAP_SYS_ADMIN & 1),
		 "capget: gone from effective, still permitted");
	tap_c_errno(br_unshare(BR_CLONE_NEWUTS), BR_EPERM, "unshare(CLONE_NEWUTS) without it: EPERM");
	d[0].effective |= 1u << BR_CAP_SYS_ADMIN;
	tap_c_errno(br_capset(&h, d), BR_OK, "capset: back into the effective set");
	tap_c_errno(br_unshare(BR_CLONE_NEWUTS), BR_OK, "unshare(CLONE_NEWUTS) with it");
	tap_c_ok(!br_uname(&u), "uname in the new namespace");
	d[0].permitted &= ~(1u << BR_CAP_SYS_ADMIN);
	d[0].effective &= ~(1u << BR_CAP_SYS_ADMIN);
	tap_c_errno(br_capset(&h, d), BR_OK, "capset: dropped from permitted");
	d[0].effective |= 1u << BR_CAP_SYS_ADMIN;
	tap_c_errno(br_capset(&h, d), BR_EPERM, "capset: not permitted any more: EPERM");
}

static void test_capset(void)
{
	if (!is_root) {
		tap_skip("capset round trip", "not root");
		return;
	}
	tap_in_child(caps_child, "capability changes in a child");
}

/* setns: join the original UTS namespace again, from a new one. */
static void setns_child(void)
{
	br_owned_fd orig BR_AUTOCLOSE = BR_NO_FD, net BR_AUTOCLOSE = BR_NO_FD;
	br_utsname before, u;

	if (!tap_c_errno(br_openat(BR_AT_FDCWD, "/proc/self/ns/uts", BR_O_RDONLY | BR_O_CLOEXEC, 0, &orig), BR_OK,
			 "open /proc/self/ns/uts") ||
	    br_uname(&before))
		return;
	tap_c_errno(br_unshare(BR_CLONE_NEWUTS), BR_OK, "unshare(CLONE_NEWUTS)");
	tap_c_errno(br_sethostname("bedrock-setns", 13), BR_OK, "a name in the new namespace");
	tap_c_errno(br_setns(br_borrow(orig), BR_CLONE_NEWNET), BR_EINVAL, "setns: wrong type: EINVAL");
	tap_c_errno(br_setns(br_borrow(orig), BR_CLONE_NEWUTS), BR_OK, "setns back to the first namespace");
	tap_c_ok(!br_uname(&u) && tap_streq(u.nodename, before.nodename), "its name is back");
	tap_c_errno(br_unshare(BR_CLONE_NEWUTS), BR_OK, "unshare again");
	tap_c_errno(br_setns(br_borrow(orig), 0), BR_OK, "setns with type 0 (any)");
	tap_c_ok(!br_uname(&u) && tap_streq(u.nodename, before.nodename), "the name again");
	tap_c_errno(br_setns(br_fd_from_raw(tap_bad_fd[0].raw), 0), BR_EBADF, "setns: closed fd: EBADF");
	if (!br_openat(BR_AT_FDCWD, "/proc/self/ns/net", BR_O_RDONLY | BR_O_CLOEXEC, 0, &net))
		tap_c_errno(br_setns(br_borrow(net), BR_CLONE_NEWUTS), BR_EINVAL, "setns: a net ns as UTS: EINVAL");
	br_owned_fd m BR_AUTOCLOSE = BR_NO_FD;
	if (!br_memfd_create("bedrock-ns", BR_MFD_CLOEXEC, &m))
		tap_c_errno(br_setns(br_borrow(m), 0), BR_EINVAL, "setns: not a namespace: EINVAL");
}

static void test_ns(void)
{
	tap_errno(br_unshare(0x1), BR_EINVAL, "unshare: unknown flag: EINVAL");
	tap_errno(br_unshare(0), BR_OK, "unshare(0): nothing");
	tap_errno(br_unshare(BR_CLONE_FILES), BR_OK, "unshare(CLONE_FILES)");
	tap_errno(br_setns(br_fd_from_raw(-1), 0), BR_EBADF, "setns: fd -1: EBADF");
	if (!is_root) {
		tap_errno(br_unshare(BR_CLONE_NEWUTS), BR_EPERM, "unshare(CLONE_NEWUTS) as a user: EPERM");
		tap_skip("setns between UTS namespaces", "not root");
		return;
	}
	tap_in_child(setns_child, "setns in a child");
}

static void test_pidfd(void)
{
	br_owned_fd p BR_AUTOCLOSE = BR_NO_FD, got BR_AUTOCLOSE = BR_NO_FD, mem BR_AUTOCLOSE = BR_NO_FD;
	br_errno e = br_pidfd_open(br_getpid(), 0, &p);

	if (e == BR_ENOSYS) {
		tap_skip("pidfds", "no pidfd_open here (ENOSYS)");
		return;
	}
	tap_errno(e, BR_OK, "pidfd_open of itself");
	unsigned fl = 0;
	tap_ok(!br_fcntl_getfd(br_borrow(p), &fl) && fl == BR_FD_CLOEXEC, "the pidfd is close-on-exec");
	tap_errno(br_pidfd_send_signal(br_borrow(p), 0, 0, 0), BR_OK, "pidfd_send_signal(0) to itself: allowed");
	tap_errno(br_pidfd_send_signal(br_borrow(p), 0, 0, 0x100), BR_EINVAL, "pidfd_send_signal: unknown flag: EINVAL");
	tap_errno(br_pidfd_send_signal(br_fd_from_raw(tap_bad_fd[0].raw), 0, 0, 0), BR_EBADF,
		  "pidfd_send_signal: closed fd: EBADF");

	/* pidfd_getfd on itself: a copy of a descriptor, the same file. */
	br_stat a, b;
	if (!br_memfd_create("bedrock-getfd", BR_MFD_CLOEXEC, &mem)) {
		e = br_pidfd_getfd(br_borrow(p), mem.raw, 0, &got);
		if (e == BR_ENOSYS)
			tap_skip("pidfd_getfd", "no pidfd_getfd here (ENOSYS)");
		else {
			tap_errno(e, BR_OK, "pidfd_getfd of its own memfd");
			tap_ok(got.raw >= 0 && got.raw != mem.raw && !br_fstat(br_borrow(got), &a) &&
				       !br_fstat(br_borrow(mem), &b) && a.st_ino == b.st_ino,
			       "a new descriptor of the same file");
			tap_ok(!br_fcntl_getfd(br_borrow(got), &fl) && fl == BR_FD_CLOEXEC, "close-on-exec");
			br_owned_fd none = BR_NO_FD;
			tap_errno(br_pidfd_getfd(br_borrow(p), tap_bad_fd[0].raw, 0, &none), BR_EBADF,
				  "pidfd_getfd: target not open: EBADF");
			tap_errno(br_pidfd_getfd(br_borrow(p), mem.raw, 1, &none), BR_EINVAL,
				  "pidfd_getfd: flags: EINVAL");
			tap_eq((uint64_t)(int64_t)none.raw, (uint64_t)-1, "no descriptor on error");
		}
	}
	br_close(&p);

	/* A child: signalled through its pidfd, which then polls as exited. */
	int pid = -1;
	br_owned_fd go = BR_NO_FD;
	pid = tap_fork_stopper(&go, 0);
	if (pid < 0) {
		tap_ok(false, "fork");
		return;
	}
	tap_errno(br_pidfd_open(pid, BR_PIDFD_NONBLOCK, &p), BR_OK, "pidfd_open of a child, non-blocking");
	unsigned flags = 0;
	tap_ok(!br_fcntl_getfl(br_borrow(p), &flags) && (flags & BR_O_NONBLOCK), "O_NONBLOCK set");
	br_siginfo info = {0};
	tap_errno(br_waitid(BR_P_PIDFD, p.raw, &info, BR_WEXITED, 0), BR_EAGAIN,
		  "waitid on a running child's non-blocking pidfd: EAGAIN");
	tap_errno(br_pidfd_send_signal(br_borrow(p), BR_SIGKILL, 0, 0), BR_OK, "pidfd_send_signal(SIGKILL)");
	int st = tap_reap(pid, 0);
	tap_ok(br_wifsignaled(st) && br_wtermsig(st) == BR_SIGKILL, "the child died of SIGKILL");
	tap_errno(br_pidfd_send_signal(br_borrow(p), BR_SIGKILL, 0, 0), BR_ESRCH,
		  "pidfd_send_signal to a reaped child: ESRCH (never its pid's next owner)");
	br_close(&go);
	br_close(&p);
	tap_errno(br_pidfd_open(2000000000, 0, &p), BR_ESRCH, "pidfd_open: no such process: ESRCH");
	tap_errno(br_pidfd_open(0, 0, &p), BR_EINVAL, "pidfd_open(0): EINVAL");
	tap_errno(br_pidfd_open(br_getpid(), 1, &p), BR_EINVAL, "pidfd_open: unknown flag: EINVAL");
	tap_eq((uint64_t)(int64_t)p.raw, (uint64_t)-1, "no descriptor on error");
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	tap_bad_fd[0].raw = tap_closed_number();
	is_root = br_geteuid() == 0;

	tap_group(test_ids, "ids");
	tap_group(test_set_ids, "set ids");
	tap_group(test_caps, "capabilities");
	tap_group(test_capset, "capset");
	tap_group(test_ns, "namespaces");
	tap_group(test_pidfd, "pidfds");
	return tap_done();
}
