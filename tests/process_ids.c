/* SPDX-License-Identifier: MIT */
/* process.h: getpid, gettid, getppid, sched_yield, kill, prlimit64 and
 * exit_group
 * (process_common.h). */
#include "process_common.h"

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

/* sched_yield. A normal thread's yield promises nothing observable (CFS
 * may pick the yielder again at once), but under SCHED_FIFO, which has no
 * timeslice, a thread runs until it blocks or yields, and a yield puts it
 * behind the other runnable threads of its priority. So: this process and
 * a child, both SCHED_FIFO at priority 1 and pinned to the same CPU, the
 * child yielding back after each step of a counter in a shared page; then
 * only our yields can let the child run, and each must move the counter.
 * (With the yield made a no-op the counter never moves.) */
#define SCHED_OTHER 0
#define SCHED_FIFO 1
static void test_sched_yield(void)
{
	uint64_t old[16], one[16] = {0};
	long len = br_syscall3(BR_SYS_sched_getaffinity, 0, sizeof old, (long)old);
	int fifo[1] = {1}, other[1] = {0};
	volatile uint64_t *counter = 0;
	int cpu = -1, pid = -1, i;

	for (i = 0; len > 0 && i < (int)len * 8 && cpu < 0; i++)
		if (old[i / 64] >> (i % 64) & 1)
			cpu = i;
	if (cpu < 0) {
		tap_skip("br_sched_yield lets a SCHED_FIFO child on the same CPU run", "sched_getaffinity failed");
		return;
	}
	one[cpu / 64] = 1ull << (cpu % 64);
	if (!tap_errno(br_syscall_errno(br_syscall3(BR_SYS_sched_setaffinity, 0, sizeof one, (long)one)), BR_OK,
		       "set-up: pin this process to one CPU of its affinity mask"))
		return;
	br_errno e = br_syscall_errno(br_syscall3(BR_SYS_sched_setscheduler, 0, SCHED_FIFO, (long)fifo));
	if (e == BR_EPERM) {
		tap_skip("br_sched_yield lets a SCHED_FIFO child on the same CPU run",
			 "SCHED_FIFO is EPERM here (no CAP_SYS_NICE, no RLIMIT_RTPRIO)");
		(void)br_syscall3(BR_SYS_sched_setaffinity, 0, sizeof old, (long)old);
		return;
	}
	if (tap_errno(e, BR_OK, "set-up: SCHED_FIFO, priority 1") &&
	    tap_errno(br_mmap(0, 4096, BR_PROT_READ | BR_PROT_WRITE, BR_MAP_SHARED | BR_MAP_ANONYMOUS,
			      br_fd_from_raw(-1), 0, (void **)&counter),
		      BR_OK, "set-up: a shared page for the child's counter")) {
		e = br_fork(&pid);
		if (!e && pid == 0) {
			/* Never outlive the test at a real-time priority. */
			(void)!br_prctl_set_pdeathsig(BR_SIGKILL);
			for (;;) {
				++*counter;
				br_sched_yield();
			}
		}
		if (tap_errno(e, BR_OK, "set-up: fork a SCHED_FIFO child on the same CPU")) {
			for (i = 0; i < 100 && *counter == 0; i++)
				br_sched_yield();
			tap_ok(*counter != 0, "br_sched_yield lets the child start");
			int moved = 0;
			for (int round = 0; round < 10; round++) {
				uint64_t before = *counter;
				br_sched_yield();
				moved += *counter != before;
			}
			tap_eq((uint64_t)moved, 10, "each of ten yields let the child run a step");
			tap_errno(br_kill(pid, BR_SIGKILL), BR_OK, "clean-up: kill the child");
			tap_ok(br_wifsignaled(tap_reap(pid, 0)), "clean-up: reap it");
		}
		tap_unmap((void *)counter, 4096);
	}
	tap_errno(br_syscall_errno(br_syscall3(BR_SYS_sched_setscheduler, 0, SCHED_OTHER, (long)other)), BR_OK,
		  "clean-up: SCHED_OTHER again");
	tap_errno(br_syscall_errno(br_syscall3(BR_SYS_sched_setaffinity, 0, sizeof old, (long)old)), BR_OK,
		  "clean-up: the old affinity mask back");
}

int main(int argc, char **argv, char **envp)
{
	static void (*const tests[])(void) = {
		test_ids,
		test_kill,
		test_prlimit,
		test_prlimit_errors,
		test_exit_group,
		test_sched_yield,
	};

	(void)argc, (void)argv, (void)envp;
	return process_run(tests, sizeof tests / sizeof tests[0]);
}
