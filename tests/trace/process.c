/* SPDX-License-Identifier: MIT */
/* process.h; signals go to pids beyond any pid_max. The forks run
 * segments in their children (named "... (in the child...)"). */
#include "trace.h"

static void on_child(int sig)
{
	(void)sig;
	trace_child_gone();
}

/* The first child: a session of its own, then prctl, then exit_group. */
static void child_one(void)
{
	int id;

	SEG("br_setsid (in the child)", "setsid() = $child1");
	USE(CALL(br_setsid)(&id));
	SEG("br_getsid (in the child)", "getsid(0) = $child1");
	USE(CALL(br_getsid)(0, &id));
	SEG("br_getpgid (in the child)", "getpgid(0) = $child1");
	USE(CALL(br_getpgid)(0, &id));
	/* A session leader cannot move to another group: EPERM. */
	SEG("br_setpgid (in the child, a session leader)", "setpgid(0, 0) = -1 EPERM");
	USE(CALL(br_setpgid)(0, 0));
	/* qemu 7.2 refuses PR_SET_CHILD_SUBREAPER itself (EINVAL, "TODO" in
	 * its do_prctl); the kernel never sees the call. */
	SEG("br_prctl_set_child_subreaper (in the child)",
	    "[strace] prctl(PR_SET_CHILD_SUBREAPER, 1) = 0"
	    "  [qemu] prctl(PR_SET_CHILD_SUBREAPER, 1) = -1 EINVAL note 'prctl(PR_SET_CHILD_SUBREAPER):"
	    " qemu 7.2 answers EINVAL itself, the kernel never sees it'");
	USE(CALL(br_prctl_set_child_subreaper)(true));
	SEG("br_prctl_set_pdeathsig (in the child)", "prctl(PR_SET_PDEATHSIG, SIGUSR2) = 0");
	USE(CALL(br_prctl_set_pdeathsig)(BR_SIGUSR2));
	SEG("br_prctl_set_name (in the child)", "prctl(PR_SET_NAME, 'bedrock-trc') = 0");
	USE(CALL(br_prctl_set_name)("bedrock-trc"));
	SEG("br_exit_group (in the child)", "exit_group(90)");
	CALL(br_exit_group)(90);
}

static void child_two(void)
{
	SEG("br_exit_thread (in the child)", "exit(91)");
	CALL(br_exit_thread)(91);
}

static void child_three(void)
{
	/* crt's br_exit: no fini arrays here, so only exit_group. */
	SEG("br_exit (in the child)", "exit_group(92)");
	CALL(br_exit)(92);
}

static char trace_arg0[] = "trace-argv0", trace_arg1[] = "trace-argv1", trace_env[] = "BEDROCK_TRACE=env";
static char *const trace_argv[] = {trace_arg0, trace_arg1, 0};
static char *const trace_envp[] = {trace_env, 0};

/* br_fork: clone with SIGCHLD as the exit signal and every other argument
 * 0, which makes the per-architecture argument order moot. */
static void fork_calls(void)
{
	br_sigaction act = {.flags = 0, .mask = br_sigset_empty()};
	br_rusage ru;
	br_siginfo info;
	int pid, status = 0, out;

	act.handler = on_child;
	SEG("setup: SIGCHLD handler", "[x86_64 aarch64] rt_sigaction(SIGCHLD, {SA_RESTORER}, 0, SIGSETSIZE) = 0"
				      "  [riscv64] rt_sigaction(SIGCHLD, {!SA_RESTORER}, 0, SIGSETSIZE) = 0");
	USE(br_rt_sigaction(BR_SIGCHLD, &act, 0));

	SEG("br_fork", "clone(SIGCHLD, 0, 0, 0, 0) = $child1 > 0");
	pid = fork_child(child_one);
	SEG("br_wait4", "wait4($child1, {WEXITSTATUS(s) == 90}, WUNTRACED|WCONTINUED|__WALL, *) = $child1");
	USE(CALL(br_wait4)(pid, &status, BR_WUNTRACED | BR_WCONTINUED | BR_WALL, &ru, &out));
	/* The status helpers are pure: no syscall at all. */
	SEG("br_wifexited", "");
	USE(CALL(br_wifexited)(status));
	SEG("br_wexitstatus", "");
	USE(CALL(br_wexitstatus)(status));
	SEG("br_wifsignaled", "");
	USE(CALL(br_wifsignaled)(status));
	SEG("br_wtermsig", "");
	USE(CALL(br_wtermsig)(status));
	SEG("br_wifstopped", "");
	USE(CALL(br_wifstopped)(status));
	SEG("br_wstopsig", "");
	USE(CALL(br_wstopsig)(status));

	/* The second child ends with exit(2), reported by waitid and left for
	 * wait4 (WNOWAIT). */
	SEG("br_fork (second child)", "clone(SIGCHLD, 0, 0, 0, 0) = $child2 > 0");
	pid = fork_child(child_two);
	SEG("br_waitid (WNOWAIT)", "waitid(P_PID, $child2, {si_status=91}, WEXITED|WNOWAIT, *) = 0");
	USE(CALL(br_waitid)(BR_P_PID, pid, &info, BR_WEXITED | BR_WNOWAIT, &ru));
	SEG("br_wait4 (any child, WNOHANG)", "wait4(-1, 0, WNOHANG, 0) = $child2");
	USE(CALL(br_wait4)(-1, 0, BR_WNOHANG, 0, &out));

	SEG("br_fork (third child)", "clone(SIGCHLD, 0, 0, 0, 0) = $child3 > 0");
	USE(fork_child(child_three));
	SEG("br_waitid (any child)", "waitid(P_ALL, 0, {si_status=92}, WEXITED, 0) = 0");
	USE(CALL(br_waitid)(BR_P_ALL, 0, &info, BR_WEXITED, 0));
	SEG("br_wait4 (no child left)", "wait4(-1, 0, WNOHANG, 0) = -1 ECHILD");
	USE(CALL(br_wait4)(-1, 0, BR_WNOHANG, 0, &out));

	SEG("setup: SIGCHLD back to default", "rt_sigaction(SIGCHLD, *, 0, SIGSETSIZE) = 0");
	act.handler = BR_SIG_DFL;
	USE(br_rt_sigaction(BR_SIGCHLD, &act, 0));
}

void trace_process(void)
{
	br_rlimit lim;
	long r;
	int id;

	SEG("br_getpid", "getpid() = $pid");
	USE(CALL(br_getpid)());
	SEG("br_getppid", "getppid()");
	USE(CALL(br_getppid)());
	/* One thread: tid == pid. */
	SEG("br_gettid", "gettid() = $pid");
	USE(CALL(br_gettid)());
	SEG("br_sched_yield", "sched_yield() = 0");
	CALL(br_sched_yield)();
	SEG("br_kill (no such process)", "kill(2000000003, SIGTERM) = -1 ESRCH");
	USE(CALL(br_kill)(2000000003, BR_SIGTERM));
	/* Read only. */
	SEG("br_prlimit64", "prlimit64(0, RLIMIT_NOFILE, 0, *) = 0");
	USE(CALL(br_prlimit64)(0, BR_RLIMIT_NOFILE, 0, &lim));
	SEG("br_getsid (no such process)", "getsid(2000000006) = -1 ESRCH");
	USE(CALL(br_getsid)(2000000006, &id));
	SEG("br_getpgid (no such process)", "getpgid(2000000007) = -1 ESRCH");
	USE(CALL(br_getpgid)(2000000007, &id));
	SEG("br_setpgid (no such process)", "setpgid(2000000008, 2000000009) = -1 ESRCH");
	USE(CALL(br_setpgid)(2000000008, 2000000009));
	/* An option no kernel has: EINVAL, with all five arguments passed. */
	SEG("br_prctl (unknown option)", "prctl(1000001, 0x1001, 0x1002, 0x1003, 0x1004) = -1 EINVAL");
	USE(CALL(br_prctl)(1000001, 0x1001, 0x1002, 0x1003, 0x1004, &r));
	/* Fails and returns: nothing is replaced. */
	SEG("br_execve (no such file)", "execve('/nonexistent-bedrock-trace/exe', ['trace-argv0', 'trace-argv1'],"
					" ['BEDROCK_TRACE=env']) = -1 ENOENT");
	USE(CALL(br_execve)("/nonexistent-bedrock-trace/exe", trace_argv, trace_envp));
	fork_calls();
}
