/* SPDX-License-Identifier: MIT */
/* signal.h: handlers really run and return (through bedrock's trampoline
 * where the architecture needs one), masks, pending sets, synchronous
 * waits, signalfd records, and EINTR from a timer during a blocking read;
 * then SIGCHLD as the kernel reports children's exits, deaths, stops and
 * continues (signalfd records, an SA_SIGINFO handler, SA_NOCLDSTOP) and
 * the automatic reaping of SIG_IGN and SA_NOCLDWAIT. Forked children only
 * exit (br_exit_group), stop or die; they print nothing. */
#include "tap.h"

static volatile int hits, last_sig, info_pid, info_code;

static void on_signal(int sig)
{
	hits++;
	last_sig = sig;
}

static void on_siginfo(int sig, br_siginfo *info, void *ctx)
{
	(void)ctx;
	hits++;
	last_sig = sig;
	info_pid = info->u.kill.pid;
	info_code = info->code;
}

static br_sigaction handler_action(br_sighandler fn, unsigned long flags)
{
	br_sigaction a = {.flags = flags, .mask = br_sigset_empty()};
	a.handler = fn;
	return a;
}

static void test_sigset(void)
{
	br_sigset s = br_sigset_empty();
	tap_errno(br_sigset_add(&s, BR_SIGUSR1), BR_OK, "sigset_add SIGUSR1");
	tap_errno(br_sigset_add(&s, 64), BR_OK, "sigset_add 64");
	tap_eq(s.bits, (1ull << 9) | (1ull << 63), "bits are sig-1");
	tap_ok(br_sigset_has(s, BR_SIGUSR1) && !br_sigset_has(s, BR_SIGUSR2), "has");
	tap_errno(br_sigset_add(&s, 0), BR_EINVAL, "sigset_add 0 is EINVAL");
	tap_errno(br_sigset_add(&s, 65), BR_EINVAL, "sigset_add 65 is EINVAL");
	tap_errno(br_sigset_del(&s, 64), BR_OK, "sigset_del 64");
	tap_errno(br_sigset_del(&s, -1), BR_EINVAL, "sigset_del -1 is EINVAL");
	tap_ok(!br_sigset_has(s, 64) && !br_sigset_has(s, 0) && !br_sigset_has(s, 65), "has is false outside");
	tap_eq(br_sigset_full().bits, ~0ull, "full set");
}

static void test_sigaction(void)
{
	br_sigaction a = handler_action(on_signal, 0), old;
	int pid = br_getpid();

	tap_errno(br_rt_sigaction(BR_SIGUSR1, &a, &old), BR_OK, "install SIGUSR1 handler");
	tap_ok(old.handler == BR_SIG_DFL, "previous action was SIG_DFL");
	hits = 0;
	tap_errno(br_kill(pid, BR_SIGUSR1), BR_OK, "kill(self, SIGUSR1)");
	tap_ok(hits == 1 && last_sig == BR_SIGUSR1, "handler ran once and returned to us");
	tap_errno(br_tgkill(pid, br_gettid(), BR_SIGUSR1), BR_OK, "tgkill(self, SIGUSR1)");
	tap_eq((uint64_t)hits, 2, "handler ran again (the trampoline restored the context)");

	tap_errno(br_rt_sigaction(BR_SIGUSR1, 0, &old), BR_OK, "read the action back");
	tap_ok(old.handler == on_signal, "the kernel reports our handler");
	tap_ok((old.flags & (BR_SA_SIGINFO | BR_SA_RESTART)) == 0, "and no flags we did not ask for");

	a = handler_action(0, BR_SA_SIGINFO | BR_SA_RESETHAND);
	a.sigaction = on_siginfo;
	tap_errno(br_rt_sigaction(BR_SIGUSR2, &a, 0), BR_OK, "install SA_SIGINFO|SA_RESETHAND handler");
	hits = 0;
	info_pid = 0;
	tap_errno(br_kill(pid, BR_SIGUSR2), BR_OK, "kill(self, SIGUSR2)");
	tap_ok(hits == 1 && last_sig == BR_SIGUSR2, "siginfo handler ran");
	tap_eq((uint64_t)info_pid, (uint64_t)pid, "siginfo carries the sender pid");
	tap_eq((uint64_t)info_code, 0, "siginfo code is SI_USER");
	tap_errno(br_rt_sigaction(BR_SIGUSR2, 0, &old), BR_OK, "read SIGUSR2 back");
	tap_ok(old.handler == BR_SIG_DFL, "SA_RESETHAND reset it to SIG_DFL");

	a = handler_action(BR_SIG_IGN, 0);
	tap_errno(br_rt_sigaction(BR_SIGUSR1, &a, 0), BR_OK, "ignore SIGUSR1");
	hits = 0;
	tap_errno(br_kill(pid, BR_SIGUSR1), BR_OK, "kill(self, SIGUSR1) while ignored");
	tap_eq((uint64_t)hits, 0, "nothing ran");

	tap_errno(br_rt_sigaction(BR_SIGKILL, &a, 0), BR_EINVAL, "SIGKILL cannot be caught: EINVAL");
	tap_errno(br_rt_sigaction(BR_SIGSTOP, &a, 0), BR_EINVAL, "SIGSTOP cannot be caught: EINVAL");
	tap_errno(br_rt_sigaction(0, &a, 0), BR_EINVAL, "signal 0: EINVAL");
	tap_errno(br_rt_sigaction(65, &a, 0), BR_EINVAL, "signal 65: EINVAL");
	tap_errno(br_rt_sigaction(BR_SIGUSR1, 0, (br_sigaction *)0), BR_OK, "NULL act and old: a no-op");
	tap_errno(br_syscall_errno(br_syscall4(BR_SYS_rt_sigaction, BR_SIGUSR1, 8, 0, 8)), BR_EFAULT,
		  "bad act pointer reaches the kernel as EFAULT");
	a = handler_action(BR_SIG_DFL, 0);
	tap_errno(br_rt_sigaction(BR_SIGUSR1, &a, 0), BR_OK, "restore SIGUSR1 default");
}

static void test_mask_and_wait(void)
{
	br_sigset set = br_sigset_empty(), old, pending;
	br_siginfo info;
	br_timespec zero = {0, 0};
	int sig, pid = br_getpid();

	tap_errno(br_sigset_add(&set, BR_SIGUSR2), BR_OK, "set of SIGUSR2");
	tap_errno(br_rt_sigprocmask(BR_SIG_BLOCK, &set, &old), BR_OK, "block SIGUSR2");
	tap_ok(!br_sigset_has(old, BR_SIGUSR2), "it was not blocked before");
	tap_errno(br_rt_sigprocmask(BR_SIG_BLOCK, 0, &old), BR_OK, "read the mask");
	tap_ok(br_sigset_has(old, BR_SIGUSR2), "the kernel reports it blocked");
	tap_errno(br_kill(pid, BR_SIGUSR2), BR_OK, "send blocked SIGUSR2");
	tap_errno(br_rt_sigpending(&pending), BR_OK, "sigpending");
	tap_ok(br_sigset_has(pending, BR_SIGUSR2), "SIGUSR2 is pending");
	tap_errno(br_rt_sigtimedwait(&set, &info, &zero, &sig), BR_OK, "sigtimedwait takes it");
	tap_eq((uint64_t)sig, BR_SIGUSR2, "returned number is SIGUSR2");
	tap_ok(info.signo == BR_SIGUSR2 && info.u.kill.pid == pid, "siginfo has signo and sender");
	tap_errno(br_rt_sigpending(&pending), BR_OK, "sigpending again");
	tap_ok(!br_sigset_has(pending, BR_SIGUSR2), "no longer pending");
	tap_errno(br_rt_sigtimedwait(&set, &info, &zero, &sig), BR_EAGAIN, "nothing pending: EAGAIN");
	tap_eq((uint64_t)sig, 0, "signal number 0 on error");
	br_timespec bad = {0, 1000000000};
	tap_errno(br_rt_sigtimedwait(&set, &info, &bad, &sig), BR_EINVAL, "nsec 1e9: EINVAL");
	tap_errno(br_rt_sigprocmask(7, &set, 0), BR_EINVAL, "unknown how: EINVAL");
	tap_errno(br_rt_sigprocmask(BR_SIG_BLOCK, (const br_sigset *)8, 0), BR_EFAULT, "bad set: EFAULT");

	/* signalfd: the same signal as a record read from a descriptor. */
	int before = tap_open_fds();
	{
		br_owned_fd sfd BR_AUTOCLOSE = BR_NO_FD;
		br_signalfd_siginfo rec;
		size_t n;
		unsigned fdflags;

		tap_errno(br_signalfd(&set, BR_SFD_CLOEXEC | BR_SFD_NONBLOCK, &sfd), BR_OK, "signalfd");
		tap_errno(br_fcntl_getfd(br_borrow(sfd), &fdflags), BR_OK, "F_GETFD on it");
		tap_eq(fdflags, BR_FD_CLOEXEC, "SFD_CLOEXEC reached the kernel");
		tap_errno(br_read(br_borrow(sfd), &rec, sizeof rec, &n), BR_EAGAIN, "empty non-blocking signalfd: EAGAIN");
		tap_errno(br_kill(pid, BR_SIGUSR2), BR_OK, "send SIGUSR2");
		tap_errno(br_read(br_borrow(sfd), &rec, sizeof rec, &n), BR_OK, "read a record");
		tap_eq(n, sizeof rec, "one whole 128-byte record");
		tap_ok(rec.ssi_signo == BR_SIGUSR2 && rec.ssi_pid == (uint32_t)pid, "record names SIGUSR2 and us");
		br_sigset none = br_sigset_empty();
		tap_errno(br_signalfd_set_mask(br_borrow(sfd), &none), BR_OK, "signalfd_set_mask");
		tap_errno(br_signalfd_set_mask(br_fd_from_raw(0), &none), BR_EINVAL, "set_mask on a non-signalfd: EINVAL");
		br_owned_fd bad_fd = BR_NO_FD;
		tap_errno(br_signalfd(&set, 0x1, &bad_fd), BR_EINVAL, "signalfd unknown flag: EINVAL");
		tap_eq((uint64_t)(int64_t)bad_fd.raw, (uint64_t)-1, "out fd is BR_NO_FD on error");
	}
	tap_eq((uint64_t)tap_open_fds(), (uint64_t)before, "no descriptor leaked");
	tap_errno(br_rt_sigprocmask(BR_SIG_UNBLOCK, &set, 0), BR_OK, "unblock SIGUSR2");
}

/* A timer signal with a handler installed without SA_RESTART must make a
 * blocking read on an empty pipe return EINTR, and nothing may be lost. */
static void test_eintr(void)
{
	br_sigaction a = handler_action(on_signal, 0);
	br_itimerval t = {{0, 0}, {0, 50000}}, off = {{0, 0}, {0, 0}};
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	char c;
	size_t n;

	tap_errno(br_rt_sigaction(BR_SIGALRM, &a, 0), BR_OK, "SIGALRM handler without SA_RESTART");
	tap_errno(br_pipe2(BR_O_CLOEXEC, &r, &w), BR_OK, "pipe");
	hits = 0;
	tap_errno(br_setitimer(BR_ITIMER_REAL, &t, 0), BR_OK, "arm a 50 ms timer");
	tap_errno(br_read(br_borrow(r), &c, 1, &n), BR_EINTR, "blocking read interrupted: EINTR");
	tap_ok(hits == 1 && last_sig == BR_SIGALRM, "the handler ran");
	tap_eq(n, 0, "nread 0 on EINTR");
	tap_errno(br_write(br_borrow(w), "x", 1, &n), BR_OK, "the pipe still works");
	tap_errno(br_read(br_borrow(r), &c, 1, &n), BR_OK, "read after EINTR");
	tap_ok(n == 1 && c == 'x', "nothing lost");

	br_timespec req = {5, 0}, rem = {0, 0};
	hits = 0;
	tap_errno(br_setitimer(BR_ITIMER_REAL, &t, 0), BR_OK, "arm again");
	tap_errno(br_nanosleep(&req, &rem), BR_EINTR, "nanosleep(5 s) interrupted: EINTR");
	tap_ok(rem.sec >= 3 && rem.sec <= 5, "rem holds the time left");
	tap_errno(br_setitimer(BR_ITIMER_REAL, &off, 0), BR_OK, "disarm");
	a = handler_action(BR_SIG_DFL, 0);
	tap_errno(br_rt_sigaction(BR_SIGALRM, &a, 0), BR_OK, "restore SIGALRM");
}

/* ---- SIGCHLD: the kernel's report of a child's fate (children from tap.h's tap_fork_exit and tap_fork_stopper) ---- */

static volatile int chld_hits, chld_code, chld_pid, chld_status;

static void on_sigchld(int sig, br_siginfo *info, void *ctx)
{
	(void)ctx;
	if (sig != BR_SIGCHLD)
		return;
	chld_hits++;
	chld_code = info->code;
	chld_pid = info->u.child.pid;
	chld_status = info->u.child.status;
}

/* The next record of a non-blocking signalfd, waiting up to 5 s for it;
 * ssi_signo 0 if none came. (The SIGCHLD of an exit or a stop is queued
 * before the parent's wait returns, but that of a continue is sent by the
 * child once it runs again, possibly after the parent saw WCONTINUED.) */
static br_signalfd_siginfo next_record(br_fd sfd, int wait_ms)
{
	br_signalfd_siginfo rec;
	br_timespec ms = {0, 1000000};
	size_t n;
	br_errno e;

	while ((e = br_read(sfd, &rec, sizeof rec, &n)) == BR_EAGAIN && wait_ms-- > 0)
		(void)!br_nanosleep(&ms, 0);
	if (e || n != sizeof rec)
		rec.ssi_signo = 0;
	return rec;
}

/* signalfd reports each change of a child: exited with its code, killed
 * with the signal, stopped and continued, each with the child's pid. */
static void test_sigchld_signalfd(void)
{
	br_sigset set = br_sigset_empty();
	br_owned_fd sfd BR_AUTOCLOSE = BR_NO_FD, go BR_AUTOCLOSE = BR_NO_FD;
	br_signalfd_siginfo rec;
	uint32_t uid = (uint32_t)br_syscall0(BR_SYS_getuid);
	int pid;

	if (br_sigset_add(&set, BR_SIGCHLD) || br_rt_sigprocmask(BR_SIG_BLOCK, &set, 0) ||
	    br_signalfd(&set, BR_SFD_CLOEXEC | BR_SFD_NONBLOCK, &sfd)) {
		tap_ok(false, "block SIGCHLD and open a signalfd for it");
		return;
	}
	tap_eq(next_record(br_borrow(sfd), 0).ssi_signo, 0, "nothing to read before any child");

	pid = tap_fork_exit(5);
	tap_ok(br_wifexited(tap_reap(pid, 0)), "a child exits 5 and is reaped");
	rec = next_record(br_borrow(sfd), 5000);
	tap_eq(rec.ssi_signo, BR_SIGCHLD, "signalfd has a SIGCHLD record");
	tap_eq((uint64_t)rec.ssi_code, BR_CLD_EXITED, "ssi_code CLD_EXITED");
	tap_eq(rec.ssi_pid, (uint64_t)pid, "ssi_pid is the child");
	tap_eq(rec.ssi_uid, uid, "ssi_uid is our uid");
	tap_eq((uint64_t)rec.ssi_status, 5, "ssi_status is its exit code 5");
	tap_eq(next_record(br_borrow(sfd), 0).ssi_signo, 0, "and only one record");

	pid = -1;
	if (!br_fork(&pid) && pid == 0) {
		(void)!br_kill(br_getpid(), BR_SIGKILL);
		br_exit_group(99);
	}
	tap_ok(br_wifsignaled(tap_reap(pid, 0)), "a child kills itself with SIGKILL and is reaped");
	rec = next_record(br_borrow(sfd), 5000);
	tap_ok(rec.ssi_signo == BR_SIGCHLD && rec.ssi_code == BR_CLD_KILLED && rec.ssi_pid == (uint32_t)pid &&
		       rec.ssi_status == BR_SIGKILL,
	       "its record: CLD_KILLED, ssi_status SIGKILL, its pid");

	pid = tap_fork_stopper(&go, 0);
	tap_ok(br_wifstopped(tap_reap(pid, BR_WUNTRACED)), "a child stops itself");
	rec = next_record(br_borrow(sfd), 5000);
	tap_ok(rec.ssi_signo == BR_SIGCHLD && rec.ssi_code == BR_CLD_STOPPED && rec.ssi_pid == (uint32_t)pid &&
		       rec.ssi_status == BR_SIGSTOP,
	       "its record: CLD_STOPPED, ssi_status SIGSTOP");
	(void)!br_kill(pid, BR_SIGCONT);
	tap_eq((uint64_t)tap_reap(pid, BR_WCONTINUED), 0xffff, "SIGCONT: it continues");
	rec = next_record(br_borrow(sfd), 5000);
	tap_ok(rec.ssi_signo == BR_SIGCHLD && rec.ssi_code == BR_CLD_CONTINUED && rec.ssi_pid == (uint32_t)pid &&
		       rec.ssi_status == BR_SIGCONT,
	       "its record: CLD_CONTINUED, ssi_status SIGCONT");
	br_close(&go);
	tap_ok(br_wifexited(tap_reap(pid, 0)), "released, it exits");
	rec = next_record(br_borrow(sfd), 5000);
	tap_ok(rec.ssi_signo == BR_SIGCHLD && rec.ssi_code == BR_CLD_EXITED && rec.ssi_status == 0,
	       "its record: CLD_EXITED, ssi_status 0");
	tap_errno(br_rt_sigprocmask(BR_SIG_UNBLOCK, &set, 0), BR_OK, "unblock SIGCHLD");
}

/* An SA_SIGINFO handler gets the same report: a child exits while
 * SIGCHLD is blocked, and unblocking runs the handler once. */
static void test_sigchld_handler(void)
{
	br_sigset set = br_sigset_empty(), pending;
	br_sigaction a = handler_action(0, BR_SA_SIGINFO | BR_SA_RESTART), dfl = handler_action(BR_SIG_DFL, 0);
	a.sigaction = on_sigchld;

	if (br_sigset_add(&set, BR_SIGCHLD) || br_rt_sigprocmask(BR_SIG_BLOCK, &set, 0)) {
		tap_ok(false, "block SIGCHLD");
		return;
	}
	tap_errno(br_rt_sigaction(BR_SIGCHLD, &a, 0), BR_OK, "SA_SIGINFO handler for SIGCHLD");
	chld_hits = 0;
	int pid = tap_fork_exit(6);
	tap_ok(br_wifexited(tap_reap(pid, 0)), "a child exits 6 and is reaped");
	tap_ok(!br_rt_sigpending(&pending) && br_sigset_has(pending, BR_SIGCHLD) && chld_hits == 0,
	       "SIGCHLD is pending (reaping does not take it) and the handler has not run");
	tap_errno(br_rt_sigprocmask(BR_SIG_UNBLOCK, &set, 0), BR_OK, "unblock SIGCHLD");
	tap_eq((uint64_t)chld_hits, 1, "the handler ran once");
	tap_ok(chld_code == BR_CLD_EXITED && chld_pid == pid && chld_status == 6,
	       "with si_code CLD_EXITED, the child's pid and si_status 6");

	/* With SA_NOCLDSTOP a stop sends nothing; the death still does. */
	br_owned_fd go BR_AUTOCLOSE = BR_NO_FD;
	br_siginfo info;
	br_timespec zero = {0, 0};
	int sig;
	a.flags |= BR_SA_NOCLDSTOP;
	(void)!br_rt_sigprocmask(BR_SIG_BLOCK, &set, 0);
	tap_errno(br_rt_sigaction(BR_SIGCHLD, &a, 0), BR_OK, "the handler again, with SA_NOCLDSTOP");
	pid = tap_fork_stopper(&go, 0);
	tap_ok(br_wifstopped(tap_reap(pid, BR_WUNTRACED)), "a child stops itself");
	br_errno e = br_rt_sigpending(&pending);
	if (tap_under_qemu() && !e && br_sigset_has(pending, BR_SIGCHLD))
		tap_skip("no SIGCHLD is pending for the stop",
			 "qemu-user 7.2 installs its host SIGCHLD handler without SA_NOCLDSTOP");
	else
		tap_ok(!e && !br_sigset_has(pending, BR_SIGCHLD), "no SIGCHLD is pending for the stop");
	(void)!br_rt_sigtimedwait(&set, &info, &zero, &sig);
	(void)!br_kill(pid, BR_SIGKILL);
	tap_ok(br_wifsignaled(tap_reap(pid, 0)), "killed, it is reaped");
	tap_ok(!br_rt_sigtimedwait(&set, &info, &zero, &sig) && sig == BR_SIGCHLD && info.code == BR_CLD_KILLED &&
		       info.u.child.pid == pid,
	       "its death was signalled: CLD_KILLED, its pid");
	tap_errno(br_rt_sigprocmask(BR_SIG_UNBLOCK, &set, 0), BR_OK, "unblock SIGCHLD");
	tap_errno(br_rt_sigaction(BR_SIGCHLD, &dfl, 0), BR_OK, "restore SIGCHLD's default");
}

/* SIGCHLD ignored, or SA_NOCLDWAIT: children leave no zombie behind, so
 * wait4 waits for them to go and then has nothing to report (ECHILD). */
static void test_sigchld_autoreap(void)
{
	br_sigaction ign = handler_action(BR_SIG_IGN, 0), dfl = handler_action(BR_SIG_DFL, 0);
	br_sigaction nowait = handler_action(0, BR_SA_SIGINFO | BR_SA_NOCLDWAIT | BR_SA_RESTART);
	int status, got;
	nowait.sigaction = on_sigchld;

	tap_errno(br_rt_sigaction(BR_SIGCHLD, &ign, 0), BR_OK, "SIGCHLD set to SIG_IGN");
	int pid = tap_fork_exit(3);
	tap_errno(br_wait4(pid, &status, 0, 0, &got), BR_ECHILD,
		  "wait4 for an exiting child is ECHILD: it reaped itself");
	tap_errno(br_rt_sigaction(BR_SIGCHLD, &dfl, 0), BR_OK, "SIGCHLD back to SIG_DFL");
	pid = tap_fork_exit(3);
	tap_ok(br_wifexited(tap_reap(pid, 0)), "now a child is a zombie until reaped again");

	tap_errno(br_rt_sigaction(BR_SIGCHLD, &nowait, 0), BR_OK, "a SIGCHLD handler with SA_NOCLDWAIT");
	chld_hits = 0;
	pid = tap_fork_exit(4);
	br_errno e = br_wait4(pid, &status, 0, 0, &got);
	if (tap_under_qemu() && e == BR_OK)
		tap_skip("wait4 with SA_NOCLDWAIT is ECHILD", "qemu-user 7.2 does not pass SA_NOCLDWAIT to the host");
	else
		tap_errno(e, BR_ECHILD, "wait4 with SA_NOCLDWAIT is ECHILD: no zombie");
	tap_ok(chld_hits == 1 && chld_pid == pid && chld_status == 4, "the handler still ran for it, si_status 4");
	tap_errno(br_rt_sigaction(BR_SIGCHLD, &dfl, 0), BR_OK, "SIGCHLD back to SIG_DFL");
	tap_errno(br_wait4(-1, &status, BR_WNOHANG, 0, &got), BR_ECHILD, "no child left");
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	int fds = tap_open_fds();
	test_sigset();
	test_sigaction();
	test_mask_and_wait();
	test_eintr();
	test_sigchld_signalfd();
	test_sigchld_handler();
	test_sigchld_autoreap();
	tap_eq((uint64_t)tap_open_fds(), (uint64_t)fds, "no descriptor leaked overall");
	return tap_done();
}
