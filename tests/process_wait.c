/* SPDX-License-Identifier: MIT */
/* process.h: fork, wait4, waitid and the status helpers against the
 * children's real fates (exit codes, signals, stops), their resource usage
 * (process_common.h). */
#include "process_common.h"

/* ---- forked children (tap_in_child and the tap_fork_ helpers, tap.h) ---- */

/* A static variable the fork test changes in the child only. */
static int touched = 1;

/* fork: the child runs and sees itself as the kernel does (its pid, its
 * parent), fork returned 0 there and the child's pid here, and memory is
 * copied, not shared. */
static void test_fork(void)
{
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	int pid = -1, me = br_getpid();
	int64_t rep[4] = {-1, -1, -1, -1};

	if (!tap_ok(!br_pipe2(BR_O_CLOEXEC, &r, &w), "a pipe for the child's report"))
		return;
	br_errno e = br_fork(&pid);
	if (!e && pid == 0) {
		/* What fork returned here, who we are, who our parent is, and
		 * a write the parent must not see. */
		touched = 2;
		int64_t mine[4] = {pid, br_getpid(), br_getppid(), touched};
		br_exit_group(br_write_all(br_borrow(w), mine, sizeof mine) ? 1 : 0);
	}
	tap_errno(e, BR_OK, "br_fork succeeds");
	if (!tap_ok(pid > 0 && pid != me, "in the parent *pid is a new positive pid"))
		return;
	br_close(&w);
	tap_eq(tap_read_full(br_borrow(r), rep, sizeof rep), sizeof rep,
	       "the child ran: its report arrived through the pipe");
	tap_eq((uint64_t)rep[0], 0, "in the child *pid was 0");
	tap_eq((uint64_t)rep[1], (uint64_t)pid, "the child's getpid() is the pid fork returned to the parent");
	tap_eq((uint64_t)rep[2], (uint64_t)me, "the child's getppid() is the parent's pid");
	tap_ok(rep[3] == 2 && touched == 1, "memory is copied: the child's write to a static is not seen here");
	int status = tap_reap(pid, 0);
	tap_ok(br_wifexited(status) && br_wexitstatus(status) == 0, "wait4 reaps it, exited with 0");
}

/* fork fails with EAGAIN at RLIMIT_NPROC, with *pid -1. The limit does not
 * bind root, so a child of root drops to an unprivileged uid first. */
static void child_fork_nproc(void)
{
	br_rlimit zero = {0, 0};
	int pid = 1234;

	if (br_syscall0(BR_SYS_geteuid) == 0)
		tap_c_errno(br_syscall_errno(br_syscall3(BR_SYS_setresuid, 65534, 65534, 65534)), BR_OK,
			"(child) drop to uid 65534");
	tap_c_errno(br_prlimit64(0, 6 /* RLIMIT_NPROC */, &zero, 0), BR_OK, "(child) RLIMIT_NPROC 0");
	br_errno e = br_fork(&pid);
	if (!e && pid == 0)
		br_exit_group(3);
	tap_c_errno(e, BR_EAGAIN, "fork beyond RLIMIT_NPROC is EAGAIN");
	tap_c_eq((uint64_t)(int64_t)pid, (uint64_t)-1, "and *pid is -1");
}

/* Exit codes 0, 1, 42, 255 come back exactly; only the low 8 bits of the
 * argument survive. */
static void test_exit_codes(void)
{
	static const int codes[] = {0, 1, 42, 255, 256, 0x1234};
	static const char *const names[] = {
		"exit_group(0): wifexited, wexitstatus 0",
		"exit_group(1): wifexited, wexitstatus 1",
		"exit_group(42): wifexited, wexitstatus 42",
		"exit_group(255): wifexited, wexitstatus 255",
		"exit_group(256): wexitstatus 0 (status & 0xff)",
		"exit_group(0x1234): wexitstatus 0x34",
	};

	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		int status = tap_reap(tap_fork_exit(codes[i]), 0);
		bool ok = tap_ok(status == (codes[i] & 0xff) << 8 && br_wifexited(status) &&
					 br_wexitstatus(status) == (codes[i] & 0xff) && !br_wifsignaled(status) &&
					 !br_wifstopped(status),
				 names[i]);
		if (!ok)
			tap_diag_status(status);
	}
}

/* Children that kill themselves: wifsignaled and the signal. */
static void test_killed(void)
{
	static const int sigs[] = {BR_SIGKILL, BR_SIGTERM};
	static const char *const names[] = {
		"a child killed by SIGKILL: wifsignaled, wtermsig SIGKILL, not wifexited",
		"a child killed by SIGTERM: wifsignaled, wtermsig SIGTERM, not wifexited",
	};

	for (int i = 0; i < 2; i++) {
		int pid = -1;
		if (br_fork(&pid)) {
			tap_ok(false, names[i]);
			continue;
		}
		if (pid == 0) {
			(void)!br_kill(br_getpid(), sigs[i]);
			br_exit_group(99);
		}
		int status = tap_reap(pid, 0);
		if (!tap_ok(status != -1 && br_wifsignaled(status) && br_wtermsig(status) == sigs[i] &&
				    !br_wifexited(status) && !br_wifstopped(status) && !(status & 0x80),
			    names[i]))
			tap_diag_status(status);
	}
}

/* A child that stops itself: invisible to a plain WNOHANG wait, reported
 * with WUNTRACED (0x137f), continued (0xffff with WCONTINUED), then its
 * own exit; a second one is killed while stopped. */
static void test_stopped(void)
{
	br_owned_fd go BR_AUTOCLOSE = BR_NO_FD;
	int pid, status = -1, got = -1;

	pid = tap_fork_stopper(&go, 3);
	if (!tap_ok(pid > 0, "fork a child that stops itself"))
		return;
	status = tap_reap(pid, BR_WUNTRACED);
	if (!tap_ok(br_wifstopped(status) && br_wstopsig(status) == BR_SIGSTOP && !br_wifexited(status) &&
			    !br_wifsignaled(status),
		    "wait4(WUNTRACED): wifstopped, wstopsig SIGSTOP"))
		tap_diag_status(status);
	tap_eq((uint64_t)status, 0x137f, "the raw status is 0x137f");
	status = 12345;
	tap_ok(!br_wait4(pid, &status, BR_WNOHANG, 0, &got) && got == 0 && status == 12345,
	       "stopped, it is not reported again without WUNTRACED: WNOHANG gives 0, status untouched");
	tap_errno(br_kill(pid, BR_SIGCONT), BR_OK, "SIGCONT it");
	status = tap_reap(pid, BR_WCONTINUED);
	if (!tap_ok(status == 0xffff && !br_wifstopped(status) && !br_wifexited(status) && !br_wifsignaled(status),
		    "wait4(WCONTINUED) reports it continued (0xffff): none of exited/signaled/stopped"))
		tap_diag_status(status);
	br_close(&go);
	status = tap_reap(pid, 0);
	tap_ok(br_wifexited(status) && br_wexitstatus(status) == 3, "released, it exits with its own code 3");

	pid = tap_fork_stopper(&go, 4);
	if (!tap_ok(pid > 0, "fork a second child that stops itself"))
		return;
	status = tap_reap(pid, BR_WUNTRACED);
	tap_ok(br_wifstopped(status) && br_wstopsig(status) == BR_SIGSTOP, "it stops");
	tap_errno(br_kill(pid, BR_SIGKILL), BR_OK, "SIGKILL it while stopped");
	status = tap_reap(pid, 0);
	tap_ok(br_wifsignaled(status) && br_wtermsig(status) == BR_SIGKILL, "reaped: wifsignaled, wtermsig SIGKILL");
}

/* WNOHANG with a running child gives 0 and leaves *status alone; a
 * blocking wait4 then waits for the exit. */
static void test_wnohang(void)
{
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	int pid = -1, status = 12345, got = -1;
	char c;
	size_t n;

	if (br_pipe2(BR_O_CLOEXEC, &r, &w) || br_fork(&pid)) {
		tap_ok(false, "fork a child that waits on a pipe");
		return;
	}
	if (pid == 0) {
		/* Runs until the parent closes its write end. */
		br_close(&w);
		(void)!br_read(br_borrow(r), &c, 1, &n);
		br_exit_group(7);
	}
	tap_errno(br_wait4(pid, &status, BR_WNOHANG, 0, &got), BR_OK, "wait4(child, WNOHANG) while it runs succeeds");
	tap_eq((uint64_t)got, 0, "*out is 0: nothing to report");
	tap_eq((uint64_t)status, 12345, "*status is untouched");
	got = -1;
	tap_ok(!br_wait4(-1, &status, BR_WNOHANG, 0, &got) && got == 0, "wait4(-1, WNOHANG) gives 0 too");
	br_close(&w);
	status = tap_reap(pid, 0);
	tap_ok(br_wifexited(status) && br_wexitstatus(status) == 7,
	       "released, it exits 7 and a blocking wait4 reaps it");
}

/* wait4 with no such child, and bad arguments. */
static void test_wait_errors(void)
{
	int status = 12345, got = 1234;
	br_siginfo info;

	tap_errno(br_wait4(-1, &status, 0, 0, &got), BR_ECHILD, "wait4(-1) with no children is ECHILD");
	tap_eq((uint64_t)(int64_t)got, (uint64_t)-1, "*out is -1 on error");
	tap_errno(br_wait4(-1, &status, BR_WNOHANG, 0, &got), BR_ECHILD,
		  "wait4(-1, WNOHANG) with no children is ECHILD");
	tap_errno(br_wait4(br_getppid(), &status, 0, 0, &got), BR_ECHILD, "wait4(our parent) is ECHILD: not a child");
	tap_errno(br_wait4(0, &status, 0, 0, &got), BR_ECHILD, "wait4(0): no child in our group, ECHILD");
	tap_errno(br_waitid(BR_P_ALL, 0, &info, BR_WEXITED, 0), BR_ECHILD, "waitid(P_ALL) with no children is ECHILD");

	int pid = tap_fork_exit(5);
	tap_errno(br_wait4(pid, &status, 0x100, 0, &got), BR_EINVAL, "wait4 with an unknown option bit is EINVAL");
	/* The kernel reaps first and copies the status after: the child is
	 * gone although the call failed. */
	tap_errno(br_wait4(pid, (int *)16, 0, 0, &got), BR_EFAULT, "wait4 into an unmapped status is EFAULT");
	tap_errno(br_wait4(pid, &status, 0, 0, &got), BR_ECHILD, "and the child was reaped all the same: ECHILD");
}

/* Burns ms milliseconds of this process's CPU time: on CPU time, not
 * wall time, so that a busy machine cannot make it burn less. */
static void spin(int ms)
{
	br_timespec t;
	do {
		if (br_clock_gettime(2 /* CLOCK_PROCESS_CPUTIME_ID */, &t))
			return;
	} while (t.sec * 1000 + t.nsec / 1000000 < ms);
}

/* "VmHWM:   1234 kB" from /proc/self/status, in KiB; 0 if not found. */
static uint64_t vm_hwm(void)
{
	tap_slurp("/proc/self/status", filebuf, sizeof filebuf);
	const char *p = find(filebuf, "VmHWM:");
	uint64_t v = 0;
	if (!p)
		return 0;
	p += 6;
	while (*p == ' ' || *p == '\t')
		p++;
	return tap_parse_dec(&p, 0, &v) ? v : 0;
}

static char big[9 << 20];

/* big in 4 KiB pages only: a kernel with transparent huge pages "always"
 * (Debian's 6.1) maps each aligned 2 MiB of it in one fault, and minflt
 * would count faults, not the pages touched. Where the kernel has no THP,
 * madvise is EINVAL and there is nothing to turn off. */
static void big_small_pages(void)
{
	uintptr_t a = ((uintptr_t)big + 4095) & ~(uintptr_t)4095, e = ((uintptr_t)big + sizeof big) & ~(uintptr_t)4095;
	(void)br_syscall3(BR_SYS_madvise, (long)a, (long)(e - a), 15 /* MADV_NOHUGEPAGE */);
}

/* Makes the rss /proc shows include the caller's own latest faults.
 * Before 6.2 (SPLIT_RSS_COUNTING) a task keeps its rss changes to itself
 * and folds them into the mm's counters, which /proc reads, only every 64
 * faults (TASK_RSS_EVENTS_THRESH) and at exit, before the exit takes
 * maxrss: a VmHWM read right after touching memory lacks up to 64 faults'
 * worth that maxrss has (6.1, the 1 MiB child: VmHWM 840 KiB, maxrss
 * 1080 KiB; folded, both are 1080). 128 read faults on fresh anonymous pages force a fold and
 * add no rss: each maps the shared zero page. Later kernels count in
 * per-CPU counters and do not need it. */
static void fold_rss(void)
{
	void *p;
	if (br_mmap(0, 128 * 4096, BR_PROT_READ, BR_MAP_PRIVATE | BR_MAP_ANONYMOUS, br_fd_from_raw(-1), 0, &p))
		return;
	for (size_t i = 0; i < 128 * 4096; i += 4096)
		(void)((volatile char *)p)[i];
	(void)!br_munmap(p, 128 * 4096);
}

/* Forks a child that touches the first `touch` bytes of big, burns 60 ms
 * of CPU and sends its VmHWM; reaps it into *ru. */
static bool busy_child(size_t touch, br_rusage *ru, uint64_t *hwm, int64_t *wall_us)
{
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	br_timespec t0, t1;
	int pid = -1, status = -1, got = -1;

	*hwm = 0;
	(void)!br_clock_gettime(BR_CLOCK_MONOTONIC, &t0);
	if (br_pipe2(BR_O_CLOEXEC, &r, &w) || br_fork(&pid))
		return false;
	if (pid == 0) {
		for (size_t i = 0; i < touch; i += 4096)
			((volatile char *)big)[i] = 1;
		spin(60);
		fold_rss();
		*hwm = vm_hwm();
		br_exit_group(br_write_all(br_borrow(w), hwm, sizeof *hwm) ? 1 : 0);
	}
	br_close(&w);
	bool ok = tap_read_full(br_borrow(r), hwm, sizeof *hwm) == sizeof *hwm;
	for (size_t i = 0; i < sizeof *ru; i++)
		((volatile unsigned char *)ru)[i] = 0xa5;
	ok &= !br_wait4(pid, &status, 0, ru, &got) && got == pid && status == 0;
	(void)!br_clock_gettime(BR_CLOCK_MONOTONIC, &t1);
	*wall_us = (t1.sec - t0.sec) * 1000000 + (t1.nsec - t0.nsec) / 1000;
	return ok;
}

static void rusage_diag(const br_rusage *ru, uint64_t hwm)
{
	tap_puts("#   maxrss ");
	tap_putu((uint64_t)ru->maxrss);
	tap_puts(" KiB, VmHWM ");
	tap_putu(hwm);
	tap_puts(" KiB, minflt ");
	tap_putu((uint64_t)ru->minflt);
	tap_puts("\n");
}

/* wait4's rusage describes the child: the CPU time it burnt, the pages it
 * touched, its peak resident size. */
static void test_rusage(void)
{
	br_rusage ru, ru8;
	uint64_t hwm, hwm8;
	int64_t wall, wall8;

	big_small_pages();
	tap_ok(busy_child(1 << 20, &ru, &hwm, &wall),
	       "wait4 with a rusage reaps a child that touched 1 MiB, burnt 60 ms of CPU, read its VmHWM");
	tap_ok(ru.utime.sec >= 0 && ru.utime.usec >= 0 && ru.utime.usec < 1000000 && ru.stime.sec >= 0 &&
		       ru.stime.usec >= 0 && ru.stime.usec < 1000000,
	       "utime and stime are non-negative timevals (usec < 1e6)");
	int64_t cpu = (ru.utime.sec + ru.stime.sec) * 1000000 + ru.utime.usec + ru.stime.usec;
	tap_ok(cpu >= 55000 && cpu <= wall + 20000, "utime + stime is the 60 ms burnt, and no more than the wall time");
	/* Since 6.2 the kernel's rss counters are per-CPU, and the exit
	 * takes maxrss from a quick, approximate read of them (6.18: 896 KiB
	 * against a VmHWM of 1088), so allow some slack. On 6.1 the two agree
	 * to the KiB once the child has folded its counts (fold_rss). */
	if (!tap_ok(ru.maxrss > 0 && hwm >= 1024 && (uint64_t)ru.maxrss * 4 >= hwm * 3 &&
			    (uint64_t)ru.maxrss <= hwm * 5 / 4,
		    "maxrss > 0 and within 25% of the VmHWM the child read (KiB)"))
		rusage_diag(&ru, hwm);
	if (!tap_ok(ru.minflt >= 256, "minflt counts the 256 pages it touched"))
		rusage_diag(&ru, hwm);
	if (tap_ok(busy_child(9 << 20, &ru8, &hwm8, &wall8), "a second child touches 9 MiB") &&
	    !tap_ok(ru8.maxrss >= ru.maxrss + 7 * 1024 && ru8.minflt >= ru.minflt + 7 * 256,
		    "its maxrss and minflt are larger by at least 7 MiB worth"))
		rusage_diag(&ru8, hwm8);
}

/* Pre-fills *info with a pattern, so that fields the kernel wrote show. */
static void info_fill(br_siginfo *info)
{
	for (size_t i = 0; i < sizeof *info; i++)
		((volatile unsigned char *)info)[i] = 0x55;
}

/* waitid: each id type, the report's fields, WNOWAIT, WNOHANG, errors. */
static void test_waitid(void)
{
	br_siginfo info;
	int uid = (int)br_syscall0(BR_SYS_getuid);
	int pid, status, pg = -1;

	pid = tap_fork_exit(42);
	info_fill(&info);
	tap_errno(br_waitid(BR_P_PID, pid, &info, BR_WEXITED, 0), BR_OK, "waitid(P_PID, child, WEXITED)");
	tap_ok(info.signo == BR_SIGCHLD && info.errno_value == 0, "si_signo SIGCHLD, si_errno 0");
	tap_eq((uint64_t)info.code, BR_CLD_EXITED, "si_code CLD_EXITED");
	tap_eq((uint64_t)info.u.child.pid, (uint64_t)pid, "si_pid is the child");
	tap_eq((uint64_t)info.u.child.uid, (uint64_t)uid, "si_uid is our uid");
	tap_eq((uint64_t)info.u.child.status, 42, "si_status is the exit code 42 (not a wait status)");
	tap_errno(br_waitid(BR_P_PID, pid, &info, BR_WEXITED, 0), BR_ECHILD, "it was reaped: waitid again is ECHILD");

	pid = tap_fork_exit(7);
	info_fill(&info);
	tap_ok(!br_waitid(BR_P_ALL, 12345, &info, BR_WEXITED, 0) && info.u.child.pid == pid &&
		       info.code == BR_CLD_EXITED && info.u.child.status == 7,
	       "waitid(P_ALL) (id ignored) reaps the child: exited 7");

	/* P_PGID: a child in a group of its own, set from both sides (the
	 * usual race-free idiom), is found by its group and not by ours. */
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	pid = -1;
	if (br_pipe2(BR_O_CLOEXEC, &r, &w) || br_fork(&pid)) {
		tap_ok(false, "fork a child for P_PGID");
	} else {
		if (pid == 0) {
			char c;
			size_t n;
			br_close(&w);
			(void)!br_setpgid(0, 0);
			(void)!br_read(br_borrow(r), &c, 1, &n);
			br_exit_group(8);
		}
		(void)!br_setpgid(pid, pid);
		tap_ok(!br_getpgid(pid, &pg) && pg == pid, "the child leads its own process group");
		int ours = -1;
		(void)!br_getpgid(0, &ours);
		tap_errno(br_waitid(BR_P_PGID, ours, &info, BR_WEXITED | BR_WNOHANG, 0), BR_ECHILD,
			  "waitid(P_PGID, our group) is ECHILD: no child of ours is in it");
		br_close(&w);
		info_fill(&info);
		tap_errno(br_waitid(BR_P_PGID, pid, &info, BR_WEXITED, 0), BR_OK, "waitid(P_PGID, its group)");
		tap_ok(info.u.child.pid == pid && info.code == BR_CLD_EXITED && info.u.child.status == 8,
		       "reaps it: exited 8");
	}
	br_close(&r);
	br_close(&w);

	/* Killed: the signal in si_status, CLD_KILLED. */
	if (!br_fork(&pid)) {
		if (pid == 0) {
			(void)!br_kill(br_getpid(), BR_SIGKILL);
			br_exit_group(99);
		}
		info_fill(&info);
		tap_ok(!br_waitid(BR_P_PID, pid, &info, BR_WEXITED, 0) && info.signo == BR_SIGCHLD &&
			       info.code == BR_CLD_KILLED && info.u.child.status == BR_SIGKILL &&
			       info.u.child.pid == pid,
		       "a child killed by SIGKILL: CLD_KILLED, si_status SIGKILL");
	}

	/* Stopped, seen by waitid(WSTOPPED), continued, then killed. */
	br_owned_fd go BR_AUTOCLOSE = BR_NO_FD;
	pid = tap_fork_stopper(&go, 99);
	if (tap_ok(pid > 0, "fork a child that stops itself")) {
		info_fill(&info);
		tap_ok(!br_waitid(BR_P_PID, pid, &info, BR_WSTOPPED, 0) && info.code == BR_CLD_STOPPED &&
			       info.u.child.status == BR_SIGSTOP,
		       "waitid(WSTOPPED): CLD_STOPPED, si_status SIGSTOP");
		(void)!br_kill(pid, BR_SIGCONT);
		info_fill(&info);
		tap_ok(!br_waitid(BR_P_PID, pid, &info, BR_WCONTINUED, 0) && info.code == BR_CLD_CONTINUED &&
			       info.u.child.status == BR_SIGCONT,
		       "waitid(WCONTINUED) after SIGCONT: CLD_CONTINUED, si_status SIGCONT");
		(void)!br_kill(pid, BR_SIGKILL);
		status = tap_reap(pid, 0);
		tap_ok(br_wifsignaled(status) && br_wtermsig(status) == BR_SIGKILL, "then killed and reaped");
		br_close(&go);
	}

	/* WNOHANG with a running child: the kernel clears si_signo and
	 * si_pid (so does qemu-user) to say that nothing was ready. */
	pid = -1;
	if (br_pipe2(BR_O_CLOEXEC, &r, &w) || br_fork(&pid)) {
		tap_ok(false, "fork a running child for WNOHANG");
	} else {
		if (pid == 0) {
			char c;
			size_t n;
			br_close(&w);
			(void)!br_read(br_borrow(r), &c, 1, &n);
			br_exit_group(0);
		}
		info_fill(&info);
		tap_ok(!br_waitid(BR_P_PID, pid, &info, BR_WEXITED | BR_WNOHANG, 0) && info.signo == 0 &&
			       info.u.child.pid == 0,
		       "waitid(WNOHANG) while it runs: OK, with si_signo and si_pid cleared");
		info_fill(&info);
		tap_ok(!br_waitid(BR_P_ALL, 0, &info, BR_WEXITED | BR_WNOHANG, 0) && info.signo == 0 &&
			       info.u.child.pid == 0,
		       "waitid(P_ALL, WNOHANG): the same");
		br_close(&w);
		tap_ok(!br_waitid(BR_P_PID, pid, &info, BR_WEXITED, 0) && info.u.child.pid == pid, "then reaps it");
	}

	/* waitid fills a rusage too: a child that touched 1 MiB shows it (a
	 * child that touched nothing may show maxrss 0: the kernel reads its
	 * per-CPU rss counters approximately). */
	br_rusage ru;
	pid = -1;
	if (!br_fork(&pid) && pid == 0) {
		for (size_t i = 0; i < (1 << 20); i += 4096)
			((volatile char *)big)[i] = 1;
		br_exit_group(12);
	}
	for (size_t i = 0; i < sizeof ru; i++)
		((volatile unsigned char *)&ru)[i] = 0;
	tap_ok(!br_waitid(BR_P_PID, pid, &info, BR_WEXITED, &ru) && info.u.child.status == 12,
	       "waitid with a rusage reaps a child that touched 1 MiB: exited 12");
	tap_ok(ru.maxrss >= 512 && ru.minflt >= 256 && ru.utime.usec < 1000000 && ru.stime.usec < 1000000,
	       "the rusage is filled in: maxrss, minflt");

	/* P_PIDFD: the child a pidfd refers to. */
	pid = tap_fork_exit(11);
	long fd = br_syscall2(BR_SYS_pidfd_open, pid, 0);
	if (br_syscall_errno(fd)) {
		tap_skip("waitid(P_PIDFD)", "pidfd_open failed");
		(void)tap_reap(pid, 0);
	} else {
		info_fill(&info);
		tap_ok(!br_waitid(BR_P_PIDFD, (int)fd, &info, BR_WEXITED, 0) && info.u.child.pid == pid &&
			       info.u.child.status == 11,
		       "waitid(P_PIDFD, pidfd_open(child)) reaps it: exited 11");
		br_close_raw((int)fd);
	}

	pid = tap_fork_exit(0);
	tap_errno(br_waitid(42, pid, &info, BR_WEXITED, 0), BR_EINVAL, "waitid with idtype 42 is EINVAL");
	tap_errno(br_waitid(BR_P_PID, pid, &info, 0, 0), BR_EINVAL, "waitid with options 0 is EINVAL");
	tap_errno(br_waitid(BR_P_PID, pid, &info, BR_WNOWAIT, 0), BR_EINVAL,
		  "waitid with only WNOWAIT is EINVAL (no state asked for)");
	tap_errno(br_waitid(BR_P_PID, pid, &info, BR_WEXITED | 0x100, 0), BR_EINVAL, "an unknown option bit is EINVAL");
	tap_errno(br_waitid(BR_P_PID, 0, &info, BR_WEXITED, 0), BR_EINVAL, "P_PID with id 0 is EINVAL");
	tap_ok(!br_waitid(BR_P_PID, pid, &info, BR_WEXITED, 0) && info.u.child.pid == pid,
	       "the failed calls left the child for a good one");
}


static void test_fork_nproc(void)
{
	tap_in_child(child_fork_nproc, "the RLIMIT_NPROC child ran to its end");
}

int main(int argc, char **argv, char **envp)
{
	static void (*const tests[])(void) = {
		test_fork,
		test_fork_nproc,
		test_exit_codes,
		test_killed,
		test_stopped,
		test_wnohang,
		test_wait_errors,
		test_rusage,
		test_waitid,
	};

	(void)argc, (void)argv, (void)envp;
	return process_run(tests, sizeof tests / sizeof tests[0]);
}
