/* SPDX-License-Identifier: MIT */
/* tty.h on a pseudo-terminal of its own (/dev/ptmx): window sizes set on
 * one side read back on the other; in a forked child that starts a
 * session, the terminal becomes its controlling terminal (TIOCSCTTY), its
 * foreground group is read and moved (TIOCGPGRP, TIOCSPGRP) and the
 * terminal given up again (TIOCNOTTY); refusals where the kernel refuses
 * (not a session leader, another session's terminal, not a terminal). */
#include "tap.h"

/* ioctls for setting up the pty (not part of tty.h). */
#define TIOCGPTN 0x80045430u
#define TIOCSPTLCK 0x40045431u

static br_owned_fd master = {-1};
static char slave_path[32] = "/dev/pts/";

/* A new pty: the master in master, the slave's path in slave_path. */
static const char *open_pty(void)
{
	unsigned n = 0;
	int unlock = 0;
	br_errno e = br_openat(BR_AT_FDCWD, "/dev/ptmx", BR_O_RDWR | BR_O_NOCTTY | BR_O_CLOEXEC, 0, &master);
	if ((e == BR_ENOENT || e == BR_ENODEV || e == BR_ENXIO) && br_geteuid() == 0) {
		/* No devpts (the boot suite's /init mounts none): root mounts a
		 * private instance, in a mount namespace of this process's own. */
		br_errno m = br_mkdirat(BR_AT_FDCWD, "/dev/pts", 0755);
		if ((!m || m == BR_EEXIST) && !br_unshare(BR_CLONE_NEWNS) &&
		    !br_mount(0, "/", 0, BR_MS_REC | BR_MS_PRIVATE, 0) &&
		    !br_mount("devpts", "/dev/pts", "devpts", BR_MS_NOSUID | BR_MS_NOEXEC, "newinstance,ptmxmode=0666"))
			e = br_openat(BR_AT_FDCWD, "/dev/pts/ptmx", BR_O_RDWR | BR_O_NOCTTY | BR_O_CLOEXEC, 0, &master);
	}
	if (e)
		return e == BR_ENOENT || e == BR_ENODEV || e == BR_ENXIO ? "no /dev/ptmx here (devpts not mounted)"
									 : "/dev/ptmx cannot be opened";
	if (br_syscall_errno(br_syscall3(BR_SYS_ioctl, master.raw, TIOCSPTLCK, (long)&unlock)) ||
	    br_syscall_errno(br_syscall3(BR_SYS_ioctl, master.raw, TIOCGPTN, (long)&n)))
		return "cannot unlock the pty";
	char num[24];
	const char *s = tap_num(n, false, num);
	char *p = slave_path + 9;
	while (*s)
		*p++ = *s++;
	*p = 0;
	return 0;
}

static void test_winsize(void)
{
	br_owned_fd slave BR_AUTOCLOSE = BR_NO_FD;
	br_winsize set = {33, 111, 640, 480}, got = {0, 0, 0, 0};

	if (!tap_errno(br_openat(BR_AT_FDCWD, slave_path, BR_O_RDWR | BR_O_NOCTTY | BR_O_CLOEXEC, 0, &slave), BR_OK,
		       "open the pty's slave"))
		return;
	tap_errno(br_ioctl_tiocswinsz(br_borrow(master), &set), BR_OK, "TIOCSWINSZ on the master");
	tap_errno(br_ioctl_tiocgwinsz(br_borrow(slave), &got), BR_OK, "TIOCGWINSZ on the slave");
	tap_ok(got.ws_row == 33 && got.ws_col == 111 && got.ws_xpixel == 640 && got.ws_ypixel == 480,
	       "the slave sees 33x111, 640x480");
	set.ws_row = 50;
	tap_errno(br_ioctl_tiocswinsz(br_borrow(slave), &set), BR_OK, "TIOCSWINSZ on the slave");
	tap_ok(!br_ioctl_tiocgwinsz(br_borrow(master), &got) && got.ws_row == 50, "the master sees 50 rows");
	tap_errno(br_ioctl_tiocgwinsz(br_borrow(master), (br_winsize *)8), BR_EFAULT, "TIOCGWINSZ bad pointer: EFAULT");
	tap_errno(br_ioctl_tiocswinsz(br_borrow(master), (const br_winsize *)8), BR_EFAULT,
		  "TIOCSWINSZ bad pointer: EFAULT");

	/* The test process is no session leader (meson's or the shell's child). */
	int sid = -1;
	if (!br_getsid(0, &sid) && sid != br_getpid())
		tap_errno(br_ioctl_tiocsctty(br_borrow(slave), false), BR_EPERM,
			  "TIOCSCTTY from no session leader: EPERM");
	else
		tap_skip("TIOCSCTTY from no session leader: EPERM", "the test runs as a session leader");
	tap_errno(br_ioctl_tiocgpgrp(br_borrow(slave), &sid), BR_ENOTTY,
		  "TIOCGPGRP of a terminal that is not ours: ENOTTY");
}

/* A session leader: takes the pty as its controlling terminal. */
static void session_child(void)
{
	br_owned_fd slave BR_AUTOCLOSE = BR_NO_FD;
	int sid = -1, pgrp = -1;

	if (!tap_c_errno(br_setsid(&sid), BR_OK, "setsid") ||
	    !tap_c_errno(br_openat(BR_AT_FDCWD, slave_path, BR_O_RDWR | BR_O_NOCTTY | BR_O_CLOEXEC, 0, &slave), BR_OK,
			 "open the slave with O_NOCTTY"))
		return;
	tap_c_errno(br_ioctl_tiocgpgrp(br_borrow(slave), &pgrp), BR_ENOTTY, "TIOCGPGRP before: not ours, ENOTTY");
	tap_c_errno(br_ioctl_tiocsctty(br_borrow(slave), false), BR_OK, "TIOCSCTTY");
	tap_c_ok(!br_ioctl_tiocgpgrp(br_borrow(slave), &pgrp) && pgrp == sid, "TIOCGPGRP: our group is foreground");
	br_owned_fd tty BR_AUTOCLOSE = BR_NO_FD;
	tap_c_errno(br_openat(BR_AT_FDCWD, "/dev/tty", BR_O_RDWR | BR_O_CLOEXEC, 0, &tty), BR_OK,
		    "/dev/tty opens: a controlling terminal");

	/* Another group of the session as foreground, then back. */
	int pid = -1;
	br_owned_fd go = BR_NO_FD;
	pid = tap_fork_stopper(&go, 0);
	if (pid > 0 && !br_setpgid(pid, pid)) {
		tap_c_errno(br_ioctl_tiocspgrp(br_borrow(slave), pid), BR_OK, "TIOCSPGRP to the child's group");
		tap_c_ok(!br_ioctl_tiocgpgrp(br_borrow(slave), &pgrp) && pgrp == pid, "TIOCGPGRP reads it back");
		/* Back in the background ourselves: SIGTTOU unless ignored. */
		br_sigaction ign = {.flags = 0, .mask = br_sigset_empty()}, old;
		ign.handler = BR_SIG_IGN;
		(void)!br_rt_sigaction(BR_SIGTTOU, &ign, &old);
		tap_c_errno(br_ioctl_tiocspgrp(br_borrow(slave), sid), BR_OK, "TIOCSPGRP back, SIGTTOU ignored");
		(void)!br_rt_sigaction(BR_SIGTTOU, &old, 0);
		tap_c_ok(!br_ioctl_tiocgpgrp(br_borrow(slave), &pgrp) && pgrp == sid, "our group again");
	} else {
		tap_c_ok(false, "a child in a group of its own");
	}
	if (pid > 0) {
		(void)!br_kill(pid, BR_SIGKILL);
		(void)tap_reap(pid, 0);
	}
	br_close(&go);
	tap_c_errno(br_ioctl_tiocspgrp(br_borrow(slave), 2000000000), BR_ESRCH, "TIOCSPGRP of no group: ESRCH");
	tap_c_errno(br_ioctl_tiocspgrp(br_borrow(slave), -5), BR_EINVAL, "TIOCSPGRP negative: EINVAL");
	/* The master answers for its slave (the kernel's tty_pair_get_tty). */
	tap_c_errno(br_ioctl_tiocsctty(br_borrow(master), false), BR_OK, "TIOCSCTTY on the master: ours already");
	br_owned_fd other BR_AUTOCLOSE = BR_NO_FD;
	if (!br_openat(BR_AT_FDCWD, "/dev/ptmx", BR_O_RDWR | BR_O_NOCTTY | BR_O_CLOEXEC, 0, &other))
		tap_c_errno(br_ioctl_tiocsctty(br_borrow(other), false), BR_EPERM,
			    "TIOCSCTTY of a second terminal: EPERM (one is ours)");
	/* A session leader giving up its terminal sends SIGHUP to the
	 * foreground group, itself here: blocked, seen pending, discarded. */
	br_sigset hup = br_sigset_empty(), pending, oldmask;
	(void)!br_sigset_add(&hup, BR_SIGHUP);
	(void)!br_rt_sigprocmask(BR_SIG_BLOCK, &hup, &oldmask);
	tap_c_errno(br_ioctl_tiocnotty(br_borrow(slave)), BR_OK, "TIOCNOTTY");
	tap_c_ok(!br_rt_sigpending(&pending) && br_sigset_has(pending, BR_SIGHUP),
		 "TIOCNOTTY of a session leader: SIGHUP to its foreground group");
	br_sigaction ign = {.flags = 0, .mask = br_sigset_empty()};
	ign.handler = BR_SIG_IGN;
	(void)!br_rt_sigaction(BR_SIGHUP, &ign, 0);
	(void)!br_rt_sigprocmask(BR_SIG_SETMASK, &oldmask, 0);
	tap_c_errno(br_ioctl_tiocgpgrp(br_borrow(slave), &pgrp), BR_ENOTTY, "TIOCGPGRP after: ENOTTY");
	tap_c_errno(br_ioctl_tiocnotty(br_borrow(slave)), BR_ENOTTY, "TIOCNOTTY again: ENOTTY");
}

/* Another session may not take the terminal the first one holds. */
static void steal_child(void)
{
	br_owned_fd slave BR_AUTOCLOSE = BR_NO_FD;
	int sid;
	if (br_setsid(&sid) ||
	    br_openat(BR_AT_FDCWD, slave_path, BR_O_RDWR | BR_O_NOCTTY | BR_O_CLOEXEC, 0, &slave) ||
	    br_ioctl_tiocsctty(br_borrow(slave), false)) {
		tap_c_ok(false, "first session takes the terminal");
		return;
	}
	int pid = -1;
	if (br_fork(&pid)) {
		tap_c_ok(false, "fork");
		return;
	}
	if (pid == 0) {
		br_owned_fd s2 BR_AUTOCLOSE = BR_NO_FD;
		bool ok = !br_setsid(&sid) && !br_openat(BR_AT_FDCWD, slave_path, BR_O_RDWR | BR_O_NOCTTY | BR_O_CLOEXEC,
							 0, &s2);
		br_errno e = br_ioctl_tiocsctty(br_borrow(s2), false);
		br_exit_group(!ok ? 3 : e == BR_EPERM ? 0 : 4);
	}
	tap_c_eq((uint64_t)tap_reap(pid, 0), 0, "a second session's TIOCSCTTY: EPERM");
	if (br_geteuid() == 0) {
		if (br_fork(&pid)) {
			tap_c_ok(false, "fork");
			return;
		}
		if (pid == 0) {
			br_owned_fd s2 BR_AUTOCLOSE = BR_NO_FD;
			int pg = -1;
			bool ok = !br_setsid(&sid) &&
				  !br_openat(BR_AT_FDCWD, slave_path, BR_O_RDWR | BR_O_NOCTTY | BR_O_CLOEXEC, 0, &s2);
			br_errno e = br_ioctl_tiocsctty(br_borrow(s2), true);
			br_exit_group(!ok ? 3 : e ? 4 : br_ioctl_tiocgpgrp(br_borrow(s2), &pg) || pg != sid ? 5 : 0);
		}
		tap_c_eq((uint64_t)tap_reap(pid, 0), 0, "steal (root): TIOCSCTTY takes it, TIOCGPGRP is ours");
	}
}

static void test_sessions(void)
{
	tap_in_child(session_child, "controlling terminal in a new session");
	tap_in_child(steal_child, "a second session");
}

static void test_bad(void)
{
	br_owned_fd m BR_AUTOCLOSE = BR_NO_FD;
	br_winsize ws;
	int pg;
	br_fd closed = br_fd_from_raw(tap_bad_fd[0].raw);

	if (br_memfd_create("bedrock-tty", BR_MFD_CLOEXEC, &m))
		return;
	tap_errno(br_ioctl_tiocgwinsz(br_borrow(m), &ws), BR_ENOTTY, "TIOCGWINSZ on a memfd: ENOTTY");
	tap_errno(br_ioctl_tiocswinsz(br_borrow(m), &ws), BR_ENOTTY, "TIOCSWINSZ on a memfd: ENOTTY");
	tap_errno(br_ioctl_tiocgpgrp(br_borrow(m), &pg), BR_ENOTTY, "TIOCGPGRP on a memfd: ENOTTY");
	tap_errno(br_ioctl_tiocspgrp(br_borrow(m), 1), BR_ENOTTY, "TIOCSPGRP on a memfd: ENOTTY");
	tap_errno(br_ioctl_tiocsctty(br_borrow(m), false), BR_ENOTTY, "TIOCSCTTY on a memfd: ENOTTY");
	tap_errno(br_ioctl_tiocnotty(br_borrow(m)), BR_ENOTTY, "TIOCNOTTY on a memfd: ENOTTY");
	tap_errno(br_ioctl_tiocgwinsz(closed, &ws), BR_EBADF, "TIOCGWINSZ: closed fd: EBADF");
	tap_errno(br_ioctl_tiocsctty(closed, false), BR_EBADF, "TIOCSCTTY: closed fd: EBADF");
	tap_errno(br_ioctl_tiocnotty(closed), BR_EBADF, "TIOCNOTTY: closed fd: EBADF");
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	tap_bad_fd[0].raw = tap_closed_number();

	tap_group(test_bad, "not a terminal");
	const char *why = open_pty();
	if (why) {
		tap_skip("pseudo-terminal tests", why);
		return tap_done();
	}
	tap_group(test_winsize, "window size");
	tap_group(test_sessions, "sessions");
	br_close(&master);
	return tap_done();
}
