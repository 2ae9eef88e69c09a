/* process.h: ids checked against the kernel's own view in /proc, kill's
 * delivery and errors, prlimit64 read, lowered (the fd table then really
 * ends there: EMFILE, with nothing leaked) and restored, and exit_group
 * observed from a parent, since it cannot be observed from inside.
 * Then fork, execve, wait4/waitid and the status helpers against the
 * children's real fates (exit codes, signals, stops), sessions and process
 * groups against /proc/thread-self/stat, prctl's name, subreaper and parent-death
 * signal by their effects, and exit_thread. Forked children never print
 * TAP: their checks travel to the parent through a pipe, and they always
 * end with br_exit_group (returning from main would run ours twice). */
#include "tap.h"

/* Signal numbers, the same on x86_64 and the generic table. */
#define SIGURG 23
#define SIGCHLD 17
#define SIG_BLOCK 0
#define SIG_SETMASK 2
#define SIGBIT(s) (1ull << ((s) - 1))

/* Where tap_slurp puts the /proc files read here. */
static char filebuf[8192];
/* The most descriptors the EMFILE test creates. */
#define MAXFDS 4096

/* The first occurrence of needle in the NUL-terminated hay, or NULL. */
static const char *find(const char *hay, const char *needle)
{
	size_t n = tap_strlen(needle);
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i] == needle[i])
			i++;
		if (i == n)
			return hay;
	}
	return 0;
}

/* The number a /proc link names ("1234" or "1234/task/1234"). */
static int64_t link_number(const char *path, const char **rest)
{
	static char buf[64];
	size_t len;
	uint64_t v;
	const char *p = buf;

	if (br_readlinkat(BR_AT_FDCWD, path, buf, sizeof buf - 1, &len))
		return -1;
	buf[len] = 0;
	if (!tap_parse_dec(&p, 0, &v))
		return -1;
	if (rest)
		*rest = p;
	return (int64_t)v;
}

/* Field 4 of /proc/self/stat, after "pid (comm) state"; comm may hold
 * spaces and parentheses, so search from the last ')'. */
static int64_t stat_ppid(void)
{
	size_t n = tap_slurp("/proc/self/stat", filebuf, sizeof filebuf);
	const char *p = filebuf + n;
	uint64_t v;

	while (p > filebuf && p[-1] != ')')
		p--;
	if (p == filebuf || p[0] != ' ' || p[1] == 0 || p[2] != ' ')
		return -1;
	p += 3;
	return tap_parse_dec(&p, 0, &v) ? (int64_t)v : -1;
}

/* getpid, gettid and getppid against /proc/self, /proc/thread-self and
 * /proc/self/stat. */
static void test_ids(void)
{
	int pid = br_getpid(), tid = br_gettid(), ppid = br_getppid();
	const char *rest = 0;
	uint64_t t = 0;

	tap_ok(pid > 0 && link_number("/proc/self", 0) == pid, "br_getpid() is the pid /proc/self names");
	bool ok = link_number("/proc/thread-self", &rest) == pid && rest && find(rest, "/task/") == rest;
	if (ok) {
		rest += 6;
		ok = tap_parse_dec(&rest, 0, &t) && *rest == 0;
	}
	tap_ok(ok && (int64_t)t == tid, "br_gettid() is the tid of /proc/thread-self");
	tap_eq((uint64_t)tid, (uint64_t)pid, "br_gettid() == br_getpid() in a single-threaded process");
	tap_ok(ppid > 0 && stat_ppid() == ppid, "br_getppid() is field 4 of /proc/self/stat");
	tap_eq((uint64_t)br_getpid(), (uint64_t)pid, "br_getpid() is stable");
}

/* kill: signal 0 probes existence, a real signal is delivered to the pid
 * named (seen pending while blocked), bad pids and signals fail. */
static void test_kill(void)
{
	int pid = br_getpid();

	tap_errno(br_kill(pid, 0), BR_OK, "kill(self, 0) succeeds");
	tap_errno(br_kill(br_getppid(), 0), BR_OK, "kill(parent, 0) succeeds");
	tap_errno(br_kill(0, 0), BR_OK, "kill(0, 0): our process group exists");
	tap_errno(br_kill(0x7fffffff, 0), BR_ESRCH, "kill(INT_MAX, 0) is ESRCH");
	tap_errno(br_kill(-0x7fffffff - 1, 0), BR_ESRCH, "kill(INT_MIN, 0) is ESRCH");
	tap_errno(br_kill(pid, 1000), BR_EINVAL, "kill(self, 1000) is EINVAL");
	tap_errno(br_kill(pid, -1), BR_EINVAL, "kill(self, -1) is EINVAL");
	tap_errno(br_kill(pid, 65), BR_EINVAL, "kill(self, 65) is EINVAL (signals end at 64)");

	/* SIGURG is ignored by default, so unblocking it again discards it. */
	uint64_t set = SIGBIT(SIGURG), old = 0, pending = 0;
	long r = br_syscall4(BR_SYS_rt_sigprocmask, SIG_BLOCK, (long)&set, (long)&old, 8);
	if (!tap_ok(r == 0, "block SIGURG")) {
		tap_skip("kill delivers", "rt_sigprocmask failed");
		return;
	}
	tap_errno(br_kill(pid, SIGURG), BR_OK, "kill(self, SIGURG) succeeds");
	r = br_syscall2(BR_SYS_rt_sigpending, (long)&pending, 8);
	tap_ok(r == 0 && (pending & SIGBIT(SIGURG)) && !(pending & ~SIGBIT(SIGURG)),
	       "SIGURG, and only it, is now pending for this process");
	r = br_syscall4(BR_SYS_rt_sigprocmask, SIG_SETMASK, (long)&old, 0, 8);
	pending = ~0ull;
	tap_ok(r == 0 && br_syscall2(BR_SYS_rt_sigpending, (long)&pending, 8) == 0 && !(pending & SIGBIT(SIGURG)),
	       "unblocked, it was discarded (default action: ignore)");
}

/* What /proc/self/limits says for "Max open files": soft and hard. */
static bool proc_nofile(uint64_t *soft, uint64_t *hard)
{
	tap_slurp("/proc/self/limits", filebuf, sizeof filebuf);
	const char *p = find(filebuf, "Max open files");
	uint64_t *out[2] = {soft, hard};

	if (!p)
		return false;
	p += 14;
	for (int i = 0; i < 2; i++) {
		while (*p == ' ')
			p++;
		if (find(p, "unlimited") == p) {
			*out[i] = BR_RLIM_INFINITY;
			p += 9;
		} else if (!tap_parse_dec(&p, 0, out[i])) {
			return false;
		}
	}
	return true;
}

/* prlimit64(RLIMIT_NOFILE): reading agrees with /proc/self/limits; a
 * lowered soft limit ends the fd table exactly there (every creating call
 * then fails with EMFILE and hands back no descriptor, pipe2 included when
 * only one slot is left), and restoring it brings back the old state with
 * no descriptor leaked. */
static void test_prlimit(void)
{
	br_rlimit old = {0, 0}, now, lowered;
	uint64_t soft, hard;

	tap_errno(br_prlimit64(0, BR_RLIMIT_NOFILE, 0, &old), BR_OK, "prlimit64(0, NOFILE, NULL, &old) reads");
	tap_ok(old.cur > 0 && old.cur <= old.max, "0 < cur <= max");
	tap_ok(proc_nofile(&soft, &hard) && soft == old.cur && hard == old.max,
	       "the same soft and hard values as /proc/self/limits");
	tap_errno(br_prlimit64(br_getpid(), BR_RLIMIT_NOFILE, 0, &now), BR_OK, "reading by our own pid works too");
	tap_ok(now.cur == old.cur && now.max == old.max, "and gives the same values");

	int hi, before = tap_fd_census(&hi);
	/* Inherited descriptors may leave holes (a shell's 255, say): every
	 * free number below the limit counts, up to the size of fds[]. */
	if (!tap_ok(before > 0 && hi >= 0 && (uint64_t)hi + 3 < old.cur && hi + 3 - before <= MAXFDS,
		    "/proc/self/fd lists our descriptors")) {
		tap_skip("prlimit64 lowering", "cannot count descriptors");
		return;
	}
	/* Numbers from 0 to cur - 1 are allowed: two above the highest open. */
	lowered.cur = (uint64_t)hi + 3;
	lowered.max = old.max;
	int room = (int)lowered.cur - before;
	now.cur = now.max = 0;
	tap_errno(br_prlimit64(0, BR_RLIMIT_NOFILE, &lowered, &now), BR_OK, "lower the soft limit to highest fd + 3");
	tap_ok(now.cur == old.cur && now.max == old.max, "the call returned the previous limit in *old");
	tap_ok(proc_nofile(&soft, &hard) && soft == lowered.cur && hard == old.max, "/proc/self/limits shows the new soft limit");

	/* Fill all free numbers below the limit but one. */
	static br_owned_fd fds[MAXFDS];
	int got = 0;
	bool below = true;
	while (got < room - 1 && got < MAXFDS && !br_memfd_create("bedrock-nofile", BR_MFD_CLOEXEC, &fds[got])) {
		below &= (uint64_t)fds[got].raw < lowered.cur;
		got++;
	}
	tap_eq((uint64_t)got, (uint64_t)(room - 1), "memfd_create succeeds for all free numbers but one");

	/* One slot left: pipe2 needs two, fails, and must not keep the one. */
	br_owned_fd r = {7777}, w = {7777};
	tap_errno(br_pipe2(BR_O_CLOEXEC, &r, &w), BR_EMFILE, "pipe2 with one free slot is EMFILE");
	tap_ok(r.raw == -1 && w.raw == -1, "and hands back no descriptors");

	if (got < MAXFDS && !br_memfd_create("bedrock-nofile", BR_MFD_CLOEXEC, &fds[got])) {
		below &= (uint64_t)fds[got].raw < lowered.cur;
		got++;
		tap_ok(true, "the last slot is still free after the failed pipe2");
	} else {
		tap_ok(false, "the last slot is still free after the failed pipe2");
	}
	tap_ok(below, "every descriptor created is below the soft limit");

	bool clean = true;
	for (int i = 0; i < 3; i++) {
		br_owned_fd x = {7777};
		clean &= br_memfd_create("bedrock-nofile", 0, &x) == BR_EMFILE && x.raw == -1;
	}
	tap_ok(clean, "the table is full: memfd_create is EMFILE, out -1, three times in a row");
	br_owned_fd o = {7777};
	tap_errno(br_openat(BR_AT_FDCWD, "/", BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &o), BR_EMFILE,
		  "openat is EMFILE too");
	tap_eq((uint64_t)(int64_t)o.raw, (uint64_t)-1, "and its out fd is -1");
	br_sigset none = br_sigset_empty();
	br_owned_fd sfd = {7777};
	tap_errno(br_signalfd(&none, BR_SFD_CLOEXEC, &sfd), BR_EMFILE, "signalfd is EMFILE too");
	tap_eq((uint64_t)(int64_t)sfd.raw, (uint64_t)-1, "and signalfd's out fd is -1");
	br_close(&sfd);
	br_close(&o);
	br_close(&r);
	br_close(&w);

	for (int i = 0; i < got; i++)
		br_close(&fds[i]);
	tap_errno(br_prlimit64(0, BR_RLIMIT_NOFILE, &old, 0), BR_OK, "restore the old limit");
	tap_ok(!br_prlimit64(0, BR_RLIMIT_NOFILE, 0, &now) && now.cur == old.cur && now.max == old.max,
	       "reading back gives the old limit");
	int hi2, after = tap_fd_census(&hi2);
	tap_ok(after == before && hi2 == hi, "the same descriptors are open as before: none leaked");
}

/* Argument errors, each leaving the limit unchanged. */
static void test_prlimit_errors(void)
{
	br_rlimit old, now, bad;

	if (br_prlimit64(0, BR_RLIMIT_NOFILE, 0, &old)) {
		tap_skip("prlimit64 errors", "cannot read the limit");
		return;
	}
	bad.cur = old.max == BR_RLIM_INFINITY ? BR_RLIM_INFINITY : old.max + 1;
	bad.max = old.max == BR_RLIM_INFINITY ? 1000 : old.max;
	tap_errno(br_prlimit64(0, BR_RLIMIT_NOFILE, &bad, 0), BR_EINVAL, "cur > max is EINVAL");
	tap_errno(br_prlimit64(0, BR_RLIMIT_NOFILE, (const br_rlimit *)16, 0), BR_EFAULT,
		  "an unmapped new_limit pointer is EFAULT");
	tap_errno(br_prlimit64(0, BR_RLIMIT_NOFILE, 0, (br_rlimit *)16), BR_EFAULT,
		  "an unmapped old pointer is EFAULT");
	tap_errno(br_prlimit64(0, 100, 0, &now), BR_EINVAL, "resource 100 is EINVAL");
	tap_errno(br_prlimit64(0x7fffffff, BR_RLIMIT_NOFILE, 0, &now), BR_ESRCH, "pid INT_MAX is ESRCH");
	tap_errno(br_prlimit64(0, BR_RLIMIT_NOFILE, 0, 0), BR_OK, "neither pointer: nothing to do, OK");
	tap_ok(!br_prlimit64(0, BR_RLIMIT_NOFILE, 0, &now) && now.cur == old.cur && now.max == old.max,
	       "the limit is unchanged after the failed calls");
}

/* Written to by the destructor below when it runs; -1 while not wanted. */
static int fini_fd = -1;

__attribute__((destructor)) static void fini_probe(void)
{
	size_t n;
	if (fini_fd >= 0)
		(void)!br_write(br_fd_from_raw(fini_fd), "F", 1, &n);
}

/* br_exit_group ends the process with status & 0xff and runs no fini
 * arrays (that is br_exit's job): seen from the parent of a forked child. */
static void test_exit_group(void)
{
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;

	if (br_pipe2(BR_O_CLOEXEC, &r, &w)) {
		tap_skip("br_exit_group", "no pipe");
		return;
	}
	/* clone(SIGCHLD) is fork on every architecture; the argument orders
	 * differ only in the arguments left 0 here. */
	long pid = br_syscall5(BR_SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		fini_fd = w.raw;
		br_exit_group(0x1234);
	}
	br_close(&w);
	if (!tap_ok(pid > 0, "fork a child (clone with SIGCHLD)"))
		return;
	int status = -1;
	long got = br_syscall4(BR_SYS_wait4, pid, (long)&status, 0, 0);
	tap_eq((uint64_t)got, (uint64_t)pid, "wait4 reaps it");
	tap_ok((status & 0x7f) == 0, "the child exited (no signal)");
	tap_eq((uint64_t)((status >> 8) & 0xff), 0x34, "br_exit_group(0x1234) gives exit status 0x34");
	char c;
	size_t n = 9;
	tap_ok(!br_read(br_borrow(r), &c, 1, &n) && n == 0, "no destructor ran in the child");
}

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

/* ---- execve ---- */

static char scratch[64];

/* scratch + "/" + name in buf. */
static const char *in_scratch(char *buf, const char *name)
{
	char *p = buf;
	for (const char *s = scratch; *s;)
		*p++ = *s++;
	*p++ = '/';
	while (*name)
		*p++ = *name++;
	*p = 0;
	return buf;
}

/* Creates scratch/name holding text, with the given mode, and closes it
 * (an executable still open for writing would make execve ETXTBSY). */
static bool make_exec_file(const char *name, const char *text, unsigned mode)
{
	char path[128];
	br_owned_fd f BR_AUTOCLOSE = BR_NO_FD;
	if (br_openat(BR_AT_FDCWD, in_scratch(path, name), BR_O_CREAT | BR_O_TRUNC | BR_O_WRONLY | BR_O_CLOEXEC, 0600,
		      &f))
		return false;
	return !br_write_all(br_borrow(f), text, tap_strlen(text)) &&
	       !br_syscall_errno(br_syscall2(BR_SYS_fchmod, f.raw, mode));
}

/* Forks a child that execs path. Returns what its execve failed with, or
 * BR_OK when the exec happened: the child's close-on-exec pipe then closed
 * without a report. *status is its wait status (-1 if not reaped). */
static br_errno exec_child(const char *path, char *const argv[], char *const envp[], int *status)
{
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	int32_t err = -1;
	int pid = -1;

	*status = -1;
	if (br_pipe2(BR_O_CLOEXEC, &r, &w) || br_fork(&pid))
		return BR_EIO;
	if (pid == 0) {
		err = (int32_t)br_execve(path, argv, envp);
		(void)!br_write_all(br_borrow(w), &err, sizeof err);
		br_exit_group(127);
	}
	br_close(&w);
	size_t n = tap_read_full(br_borrow(r), &err, sizeof err);
	*status = tap_reap(pid, 0);
	return n == 0 ? BR_OK : n == sizeof err ? (br_errno)err : BR_EIO;
}

static bool exited_with(int status, int code)
{
	return br_wifexited(status) && br_wexitstatus(status) == code;
}

/* execve: the program runs and its exit code comes back; argv and envp
 * reach it; each failure comes back from the call in the child. Under
 * qemu-user the programs are the host's (qemu passes execve through and
 * there is no binfmt_misc to run a foreign one); in the boot tests they are
 * busybox's (tools/boot/run.py). */
static void test_execve(void)
{
	static char *const env_none[] = {0};
	static char *const env_bar[] = {"FOO=bar", 0};
	static char *const env_baz[] = {"FOO=baz", 0};
	static char *const sh_exit7[] = {"sh", "-c", "exit 7", 0};
	static char *const sh_kill[] = {"sh", "-c", "kill -TERM $$", 0};
	static char *const true_argv[] = {"true", 0};
	static char *const sh_args_x[] = {"sh", "-c", "test \"$1\" = x && test \"$FOO\" = bar", "sh", "x", 0};
	static char *const sh_args_y[] = {"sh", "-c", "test \"$1\" = x && test \"$FOO\" = bar", "sh", "y", 0};
	char path[128], num[24];
	int status, fds = tap_open_fds();

	tap_errno(exec_child("/bin/sh", sh_exit7, env_none, &status), BR_OK, "execve /bin/sh -c 'exit 7' happened");
	tap_ok(exited_with(status, 7), "the parent sees exit code 7");
	tap_errno(exec_child("/bin/true", true_argv, env_none, &status), BR_OK, "execve /bin/true happened");
	tap_ok(exited_with(status, 0), "exit code 0");
	tap_errno(exec_child("/bin/sh", sh_kill, env_none, &status), BR_OK, "execve sh -c 'kill -TERM $$'");
	tap_ok(br_wifsignaled(status) && br_wtermsig(status) == BR_SIGTERM,
	       "the exec'd program's death by SIGTERM shows");

	tap_ok(exec_child("/bin/sh", sh_args_x, env_bar, &status) == BR_OK && exited_with(status, 0),
	       "argv $1 = x and envp FOO=bar reach the program: exit 0");
	tap_ok(exec_child("/bin/sh", sh_args_x, env_baz, &status) == BR_OK && exited_with(status, 1),
	       "with FOO=baz the same test fails: exit 1 (envp is what it sees)");
	tap_ok(exec_child("/bin/sh", sh_args_y, env_bar, &status) == BR_OK && exited_with(status, 1),
	       "with $1 = y it fails: exit 1 (argv is what it sees)");
	tap_ok(exec_child("/bin/sh", sh_args_x, env_none, &status) == BR_OK && exited_with(status, 1),
	       "with an empty envp FOO is unset: exit 1 (nothing inherited)");

	tap_errno(exec_child("/nonexistent/bedrock-prog", true_argv, env_none, &status), BR_ENOENT,
		  "execve of a missing path is ENOENT (in the child)");
	tap_ok(exited_with(status, 127), "and the child went on to exit 127");
	tap_errno(exec_child("/", true_argv, env_none, &status), BR_EACCES, "execve of a directory is EACCES");
	tap_errno(exec_child("/bin/sh/x", true_argv, env_none, &status), BR_ENOTDIR,
		  "a path through a regular file is ENOTDIR");
	tap_errno(exec_child((const char *)16, true_argv, env_none, &status), BR_EFAULT, "an unmapped path is EFAULT");

	char *p = scratch;
	for (const char *s = "/tmp/bedrock-exec-"; *s;)
		*p++ = *s++;
	for (const char *s = tap_num((uint64_t)br_getpid(), false, num); *s;)
		*p++ = *s++;
	*p = 0;
	if (br_mkdirat(BR_AT_FDCWD, scratch, 0700)) {
		tap_skip("execve of files without permission or format", "cannot make the scratch directory");
	} else {
		bool made = make_exec_file("noperm", "#!/bin/sh\nexit 0\n", 0644) &&
			    make_exec_file("noformat", "this is not a program\n", 0755) &&
			    make_exec_file("script", "#!/bin/sh\nexit 3\n", 0755);
		if (tap_ok(made, "files: a script without x bits, text with x bits, an executable script")) {
			/* Root too: exec needs at least one x bit. */
			tap_errno(exec_child(in_scratch(path, "noperm"), true_argv, env_none, &status), BR_EACCES,
				  "execve of a file with mode 0644 is EACCES");
			tap_errno(exec_child(in_scratch(path, "noformat"), true_argv, env_none, &status), BR_ENOEXEC,
				  "execve of a text file with no #! is ENOEXEC");
			tap_errno(exec_child(in_scratch(path, "script"), true_argv, env_none, &status), BR_OK,
				  "execve of a #!/bin/sh script happened");
			tap_ok(exited_with(status, 3), "its interpreter ran it: exit 3");
		}
		(void)!br_unlinkat(BR_AT_FDCWD, in_scratch(path, "noperm"), 0);
		(void)!br_unlinkat(BR_AT_FDCWD, in_scratch(path, "noformat"), 0);
		(void)!br_unlinkat(BR_AT_FDCWD, in_scratch(path, "script"), 0);
		tap_errno(br_unlinkat(BR_AT_FDCWD, scratch, BR_AT_REMOVEDIR), BR_OK, "scratch directory removed");
	}
	tap_eq((uint64_t)tap_open_fds(), (uint64_t)fds, "no descriptor leaked in the parent");
}

/* ---- sessions and process groups ---- */

/* Field n (1-based, n >= 4) of the kernel's stat file for us; comm may hold spaces and
 * parentheses, so count from the last ')'. */
static int64_t stat_field(int n)
{
	/* thread-self: the same pgrp and session as /proc/self/stat, which
	 * qemu-user 7.2 synthesizes with 0 in every field but a few. */
	size_t len = tap_slurp("/proc/thread-self/stat", filebuf, sizeof filebuf);
	const char *p = filebuf + len;
	uint64_t v;

	while (p > filebuf && p[-1] != ')')
		p--;
	if (p == filebuf)
		return -1;
	/* After ')': " state f4 f5 ..." */
	for (int f = 2; f < n && *p; p++)
		if (*p == ' ')
			f++;
	return tap_parse_dec(&p, 0, &v) ? (int64_t)v : -1;
}

static int parent_sid, parent_pgid;

/* A forked child leads no group, so setsid succeeds there. */
static void child_setsid(void)
{
	int me = br_getpid(), sid = -1, x = -1;

	tap_c_ok(!br_getpgid(0, &x) && x == parent_pgid && x != me,
	     "(child) a forked child is in its parent's group, which it does not lead");
	tap_c_ok(!br_getsid(0, &x) && x == parent_sid, "(child) and in its parent's session");
	tap_c_errno(br_setsid(&sid), BR_OK, "setsid in a child that leads no group succeeds");
	tap_c_eq((uint64_t)sid, (uint64_t)me, "the new session's id is the child's pid");
	tap_c_ok(!br_getsid(0, &x) && x == me, "getsid(0) == getpid() afterwards");
	tap_c_ok(!br_getpgid(0, &x) && x == me, "and it leads a new process group: getpgid(0) == getpid()");
	tap_c_ok(stat_field(5) == me && stat_field(6) == me, "/proc/thread-self/stat agrees: pgrp and session are its pid");
	tap_c_ok(!br_getsid(br_getppid(), &x) && x == parent_sid, "the parent's session is unchanged");
	sid = 1234;
	tap_c_errno(br_setsid(&sid), BR_EPERM, "setsid again, now a group leader, is EPERM");
	tap_c_eq((uint64_t)(int64_t)sid, (uint64_t)-1, "*sid is -1 on error");
}

/* setpgid(0, 0) makes the caller lead a group; a group leader cannot setsid. */
static void child_setpgid(void)
{
	int me = br_getpid(), x = -1;

	tap_c_errno(br_setpgid(0, 0), BR_OK, "(child) setpgid(0, 0)");
	tap_c_ok(!br_getpgid(0, &x) && x == me, "getpgid(0) == getpid() afterwards");
	tap_c_ok(stat_field(5) == me, "/proc/thread-self/stat field 5 (pgrp) agrees");
	tap_c_ok(!br_getsid(0, &x) && x == parent_sid, "still in the parent's session");
	tap_c_errno(br_setsid(&x), BR_EPERM, "setsid in a process that leads a group is EPERM");
}

static void test_sessions(void)
{
	int x = -1, pid = -1;
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;

	tap_errno(br_getsid(0, &parent_sid), BR_OK, "getsid(0)");
	tap_ok(!br_getsid(br_getpid(), &x) && x == parent_sid, "getsid(getpid()) is the same");
	/* Session 0 is the kernel's first one, which no process leads: PID 1
	 * starts in it, and everything an init that never calls setsid starts
	 * stays in it (the boot tests: tests/boot/init.c, keel). */
	x = -1;
	tap_ok(parent_sid > 0 || (parent_sid == 0 && !br_getsid(1, &x) && x == 0),
	       "the session is a pid, or 0 when it is PID 1's first session, which no process leads");
	tap_eq((uint64_t)stat_field(6), (uint64_t)parent_sid, "and /proc/thread-self/stat field 6 (session)");
	tap_errno(br_getpgid(0, &parent_pgid), BR_OK, "getpgid(0)");
	tap_ok(parent_pgid > 0 && !br_getpgid(br_getpid(), &x) && x == parent_pgid, "getpgid(getpid()) is the same");
	tap_eq((uint64_t)stat_field(5), (uint64_t)parent_pgid, "and /proc/thread-self/stat field 5 (pgrp)");
	x = 1234;
	tap_errno(br_getsid(0x7fffffff, &x), BR_ESRCH, "getsid(INT_MAX) is ESRCH");
	tap_eq((uint64_t)(int64_t)x, (uint64_t)-1, "*sid is -1 on error");
	x = 1234;
	tap_errno(br_getpgid(0x7fffffff, &x), BR_ESRCH, "getpgid(INT_MAX) is ESRCH");
	tap_eq((uint64_t)(int64_t)x, (uint64_t)-1, "*pgid is -1 on error");
	tap_errno(br_getpgid(-1, &x), BR_ESRCH, "getpgid(-1) is ESRCH");

	tap_in_child(child_setsid, "the setsid child ran to its end");
	tap_in_child(child_setpgid, "the setpgid child ran to its end");

	/* The parent moves a live child between groups. */
	if (br_pipe2(BR_O_CLOEXEC, &r, &w) || br_fork(&pid)) {
		tap_ok(false, "fork a child to move between groups");
		return;
	}
	if (pid == 0) {
		char c;
		size_t n;
		br_close(&w);
		(void)!br_read(br_borrow(r), &c, 1, &n);
		br_exit_group(0);
	}
	tap_ok(!br_getpgid(pid, &x) && x == parent_pgid, "getpgid(child): it starts in our group");
	tap_errno(br_setpgid(pid, 0), BR_OK, "setpgid(child, 0)");
	tap_ok(!br_getpgid(pid, &x) && x == pid, "now it leads its own group");
	tap_errno(br_setpgid(pid, parent_pgid), BR_OK, "setpgid(child, our group)");
	tap_ok(!br_getpgid(pid, &x) && x == parent_pgid, "moves it back");
	tap_errno(br_setpgid(pid, 0x7ffffff0), BR_EPERM, "a group that does not exist in our session is EPERM");
	tap_errno(br_setpgid(pid, -1), BR_EINVAL, "a negative pgid is EINVAL");
	br_close(&w);
	tap_ok(exited_with(tap_reap(pid, 0), 0), "the child is reaped");
	tap_errno(br_setpgid(br_getppid(), 0), BR_ESRCH, "setpgid of our parent (not a child) is ESRCH");
	tap_errno(br_setpgid(0x7fffffff, 0), BR_ESRCH, "setpgid(INT_MAX) is ESRCH");
	tap_ok(!br_getpgid(0, &x) && x == parent_pgid, "our own group never changed");

	/* Once a child has exec'd, its group is its own business: EACCES. */
	br_owned_fd er BR_AUTOCLOSE = BR_NO_FD, ew BR_AUTOCLOSE = BR_NO_FD;
	br_close(&r);
	pid = -1;
	if (br_pipe2(BR_O_CLOEXEC, &r, &w) || br_pipe2(BR_O_CLOEXEC, &er, &ew) || br_fork(&pid)) {
		tap_ok(false, "fork a child that execs");
		return;
	}
	if (pid == 0) {
		static char *const argv[] = {"sh", "-c", "read x", 0};
		static char *const envp[] = {0};
		br_owned_fd in = {0};
		/* Its stdin is the pipe; sh's read ends at the parent's close. */
		if (!br_dup2(br_borrow(r), &in))
			(void)!br_execve("/bin/sh", argv, envp);
		(void)!br_write_all(br_borrow(ew), "!", 1);
		br_exit_group(127);
	}
	br_close(&ew);
	char c;
	tap_eq(tap_read_full(br_borrow(er), &c, 1), 0,
	       "the child exec'd sh (its close-on-exec pipe closed, no failure written)");
	tap_errno(br_setpgid(pid, 0), BR_EACCES, "setpgid of a child after its execve is EACCES");
	br_close(&w);
	tap_ok(tap_reap(pid, 0) != -1, "sh reads end of file, exits and is reaped");
}

/* ---- prctl ---- */

/* /proc/self/comm without its newline into buf (16 bytes). */
static bool read_comm(char buf[16])
{
	size_t n = tap_slurp("/proc/self/comm", filebuf, sizeof filebuf);
	if (n == 0 || n > 16 || filebuf[n - 1] != '\n')
		return false;
	for (size_t i = 0; i < 16; i++)
		buf[i] = i < n - 1 ? filebuf[i] : 0;
	return true;
}

static void test_prctl_name(void)
{
	char orig[16], got[16], comm[16];
	long res = 1;

	for (int i = 0; i < 16; i++)
		orig[i] = got[i] = 0x55;
	tap_errno(br_prctl(BR_PR_GET_NAME, (unsigned long)orig, 0, 0, 0, &res), BR_OK, "prctl(PR_GET_NAME)");
	tap_eq((uint64_t)res, 0, "*result is what the kernel returned, 0");
	tap_ok(read_comm(comm) && tap_streq(comm, orig), "the name is /proc/self/comm");

	tap_errno(br_prctl_set_name("bedrock-prctl"), BR_OK, "br_prctl_set_name(\"bedrock-prctl\")");
	tap_ok(read_comm(comm) && tap_streq(comm, "bedrock-prctl"), "/proc/self/comm shows it");
	tap_ok(!br_prctl(BR_PR_GET_NAME, (unsigned long)got, 0, 0, 0, &res) && tap_streq(got, "bedrock-prctl"),
	       "PR_GET_NAME reads it back");

	tap_errno(br_prctl_set_name("abcdefghijklmnopqrstuvwxyz"), BR_OK, "a 26-byte name is accepted");
	tap_ok(read_comm(comm) && tap_streq(comm, "abcdefghijklmno"), "/proc/self/comm keeps its first 15 bytes");
	for (int i = 0; i < 16; i++)
		got[i] = 0x55;
	tap_ok(!br_prctl(BR_PR_GET_NAME, (unsigned long)got, 0, 0, 0, &res) && tap_streq(got, "abcdefghijklmno"),
	       "PR_GET_NAME gives the 15 bytes and a NUL");

	tap_errno(br_prctl_set_name((const char *)16), BR_EFAULT, "an unmapped name is EFAULT");
	tap_errno(br_prctl(BR_PR_GET_NAME, 16, 0, 0, 0, &res), BR_EFAULT,
		  "PR_GET_NAME into an unmapped buffer is EFAULT");
	tap_errno(br_prctl_set_name(orig), BR_OK, "restore the original name");
	tap_ok(read_comm(comm) && tap_streq(comm, orig), "/proc/self/comm is back");
}

/* Reads an int a prctl getter writes; -1 on failure. */
static int prctl_get_int(int option)
{
	int v = -1;
	long res;
	if (br_prctl(option, (unsigned long)&v, 0, 0, 0, &res))
		return -1;
	return v;
}

/* A child forks a grandchild and exits; the grandchild, orphaned, waits
 * until it has a new parent and sends {its pid, its parent} through w. */
static void orphan_grandchild(br_fd w)
{
	int gpid = -1, parent = br_getpid();
	if (br_fork(&gpid))
		br_exit_group(1);
	if (gpid == 0) {
		br_timespec ms = {0, 1000000};
		for (int i = 0; i < 5000 && br_getppid() == parent; i++)
			(void)!br_nanosleep(&ms, 0);
		int32_t rep[2] = {br_getpid(), br_getppid()};
		(void)!br_write_all(w, rep, sizeof rep);
		br_exit_group(42);
	}
	br_exit_group(0);
}

/* Forks the child of orphan_grandchild; its exit is reaped here. Returns
 * the grandchild's report in rep. */
static bool orphan(int32_t rep[2])
{
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	int pid = -1;

	if (br_pipe2(BR_O_CLOEXEC, &r, &w) || br_fork(&pid))
		return false;
	if (pid == 0)
		orphan_grandchild(br_borrow(w));
	br_close(&w);
	if (!exited_with(tap_reap(pid, 0), 0))
		return false;
	return tap_read_full(br_borrow(r), rep, 2 * sizeof rep[0]) == 2 * sizeof rep[0];
}

static void test_subreaper(void)
{
	int32_t rep[2] = {-1, -1};
	int me = br_getpid();

	int v = -1;
	long res;
	br_errno e = br_prctl(BR_PR_GET_CHILD_SUBREAPER, (unsigned long)&v, 0, 0, 0, &res);
	if (e == BR_EINVAL && tap_under_qemu()) {
		tap_skip("child subreaper",
			 "qemu-user 7.2 answers PR_SET/GET_CHILD_SUBREAPER with EINVAL (not implemented)");
		return;
	}
	tap_ok(!e && v == 0, "PR_GET_CHILD_SUBREAPER is 0 at first");
	tap_errno(br_prctl_set_child_subreaper(true), BR_OK, "br_prctl_set_child_subreaper(true)");
	tap_eq((uint64_t)prctl_get_int(BR_PR_GET_CHILD_SUBREAPER), 1, "PR_GET_CHILD_SUBREAPER reads 1");
	if (tap_ok(orphan(rep), "a child forks a grandchild and exits; the grandchild reports")) {
		tap_eq((uint64_t)rep[1], (uint64_t)me, "the orphaned grandchild's getppid() is now our pid");
		int status = tap_reap(rep[0], 0);
		tap_ok(exited_with(status, 42), "and we reap it with wait4: exited 42");
	}

	tap_errno(br_prctl_set_child_subreaper(false), BR_OK, "br_prctl_set_child_subreaper(false)");
	tap_eq((uint64_t)prctl_get_int(BR_PR_GET_CHILD_SUBREAPER), 0, "PR_GET_CHILD_SUBREAPER reads 0");
	if (tap_ok(orphan(rep), "an orphan again, without the flag")) {
		tap_ok(rep[1] != me && rep[1] > 0, "it went to someone else (init or a reaper above us)");
		int got = -1, status;
		tap_errno(br_wait4(rep[0], &status, 0, 0, &got), BR_ECHILD, "and it is not ours to wait for: ECHILD");
	}
}

static void child_pdeathsig_reset(void)
{
	tap_c_eq((uint64_t)prctl_get_int(BR_PR_GET_PDEATHSIG), 0, "(child) fork cleared the parent-death signal");
}

/* The parent-death signal: set, read back, not inherited, and delivered. */
static void test_pdeathsig(void)
{
	tap_eq((uint64_t)prctl_get_int(BR_PR_GET_PDEATHSIG), 0, "PR_GET_PDEATHSIG is 0 at first");
	tap_errno(br_prctl_set_pdeathsig(BR_SIGTERM), BR_OK, "br_prctl_set_pdeathsig(SIGTERM)");
	tap_eq((uint64_t)prctl_get_int(BR_PR_GET_PDEATHSIG), BR_SIGTERM, "PR_GET_PDEATHSIG reads SIGTERM");
	tap_in_child(child_pdeathsig_reset, "the pdeathsig child ran to its end");
	tap_errno(br_prctl_set_pdeathsig(65), BR_EINVAL, "signal 65 is EINVAL");
	tap_eq((uint64_t)prctl_get_int(BR_PR_GET_PDEATHSIG), BR_SIGTERM, "and changed nothing");
	tap_errno(br_prctl_set_pdeathsig(0), BR_OK, "br_prctl_set_pdeathsig(0)");
	tap_eq((uint64_t)prctl_get_int(BR_PR_GET_PDEATHSIG), 0, "PR_GET_PDEATHSIG reads 0");
	long res;
	tap_errno(br_prctl(BR_PR_GET_PDEATHSIG, 16, 0, 0, 0, &res), BR_EFAULT,
		  "PR_GET_PDEATHSIG into an unmapped int is EFAULT");

	/* Delivery: a grandchild asks for SIGTERM when its parent (our
	 * child) dies and sleeps; the child exits as soon as it is ready.
	 * Pipe a tells the child, pipe b brings its pid here and reaches end
	 * of file when the grandchild, which holds b's write end, is gone. */
	br_owned_fd ar BR_AUTOCLOSE = BR_NO_FD, aw BR_AUTOCLOSE = BR_NO_FD;
	br_owned_fd br BR_AUTOCLOSE = BR_NO_FD, bw BR_AUTOCLOSE = BR_NO_FD;
	bool reaper = !br_prctl_set_child_subreaper(true);
	int pid = -1;
	if (br_pipe2(BR_O_CLOEXEC, &ar, &aw) || br_pipe2(BR_O_CLOEXEC, &br, &bw) || br_fork(&pid)) {
		tap_ok(false, "fork for the parent-death signal");
		return;
	}
	if (pid == 0) {
		int gpid = -1, parent = br_getpid();
		if (br_fork(&gpid))
			br_exit_group(1);
		if (gpid == 0) {
			br_timespec ten = {10, 0};
			int32_t me = br_getpid();
			/* Had the parent gone before the prctl, no signal would come. */
			if (br_prctl_set_pdeathsig(BR_SIGTERM) || br_getppid() != parent)
				br_exit_group(2);
			(void)!br_write_all(br_borrow(aw), &me, sizeof me);
			(void)!br_nanosleep(&ten, 0);
			br_exit_group(99);
		}
		int32_t g;
		br_exit_group(tap_read_full(br_borrow(ar), &g, sizeof g) == sizeof g &&
					      !br_write_all(br_borrow(bw), &g, sizeof g)
				      ? 0
				      : 3);
	}
	br_close(&aw);
	br_close(&bw);
	tap_ok(exited_with(tap_reap(pid, 0), 0), "a child whose grandchild set a parent-death signal exits");
	int32_t gpid = -1;
	char c;
	tap_eq(tap_read_full(br_borrow(br), &gpid, sizeof gpid), sizeof gpid,
	       "the grandchild had set PR_SET_PDEATHSIG(SIGTERM)");
	tap_eq(tap_read_full(br_borrow(br), &c, 1), 0, "it died with its parent, long before its 10 s sleep ended");
	if (reaper) {
		int status = tap_reap(gpid, 0);
		tap_ok(br_wifsignaled(status) && br_wtermsig(status) == BR_SIGTERM,
		       "reaped here (we are its subreaper): killed by SIGTERM");
		(void)!br_prctl_set_child_subreaper(false);
	} else if (tap_under_qemu()) {
		tap_skip("the grandchild was killed by SIGTERM",
			 "qemu-user 7.2 has no PR_SET_CHILD_SUBREAPER, so init reaps it, not us");
	} else {
		tap_ok(false, "the grandchild was killed by SIGTERM (could not become its subreaper)");
	}
}

static void test_prctl_errors(void)
{
	long res = 99;
	tap_errno(br_prctl(12345, 0, 0, 0, 0, &res), BR_EINVAL, "prctl option 12345 is EINVAL");
	tap_eq((uint64_t)res, 0, "*result is 0 on error");
	tap_errno(br_prctl(-1, 0, 0, 0, 0, &res), BR_EINVAL, "prctl option -1 is EINVAL");
}

/* br_exit_thread in the only thread ends the process with that code. */
static void test_exit_thread(void)
{
	int pid = -1;
	if (br_fork(&pid)) {
		tap_ok(false, "fork for br_exit_thread");
		return;
	}
	if (pid == 0)
		br_exit_thread(77);
	tap_ok(exited_with(tap_reap(pid, 0), 77), "br_exit_thread(77) in a forked child: exited 77");
	if (br_fork(&pid)) {
		tap_ok(false, "fork for br_exit_thread");
		return;
	}
	if (pid == 0)
		br_exit_thread(0x1ff);
	tap_ok(exited_with(tap_reap(pid, 0), 0xff), "br_exit_thread(0x1ff): exited 0xff");
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;

	test_ids();
	test_kill();
	test_prlimit();
	test_prlimit_errors();
	test_exit_group();

	int fds = tap_open_fds();
	test_fork();
	tap_in_child(child_fork_nproc, "the RLIMIT_NPROC child ran to its end");
	test_exit_codes();
	test_killed();
	test_stopped();
	test_wnohang();
	test_wait_errors();
	test_rusage();
	test_waitid();
	test_execve();
	test_sessions();
	test_prctl_name();
	test_subreaper();
	test_pdeathsig();
	test_prctl_errors();
	test_exit_thread();
	tap_eq((uint64_t)tap_open_fds(), (uint64_t)fds, "no descriptor leaked by the process tests");
	int got = 1234, status;
	tap_errno(br_wait4(-1, &status, BR_WNOHANG, 0, &got), BR_ECHILD, "no child is left, not even a zombie: ECHILD");
	return tap_done();
}
