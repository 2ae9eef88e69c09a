/* Processes: identity, creation (fork, execve), waiting, sessions and
 * process groups, prctl, signals to others, limits, immediate exit. */
#ifndef BEDROCK_PROCESS_H
#define BEDROCK_PROCESS_H

#include <bedrock/signal.h>

BR_BEGIN_DECLS

/* getpid(2): this process's id; cannot fail. */
BR_INLINE int br_getpid(void)
{
	return (int)br_syscall0(BR_SYS_getpid);
}

/* getppid(2): the parent's id; cannot fail. */
BR_INLINE int br_getppid(void)
{
	return (int)br_syscall0(BR_SYS_getppid);
}

/* gettid(2): this thread's id; cannot fail. */
BR_INLINE int br_gettid(void)
{
	return (int)br_syscall0(BR_SYS_gettid);
}

/* kill(2): sends signal sig to pid (0: the process group; -1: everyone allowed). */
BR_MUST_USE BR_INLINE br_errno br_kill(int pid, int sig)
{
	return br_syscall_errno(br_syscall2(BR_SYS_kill, pid, sig));
}

/* exit_group(2): ends every thread at once with status & 0xff, running
 * nothing (no fini arrays: that is br_exit). */
BR_NORETURN BR_INLINE void br_exit_group(int status)
{
	(void)br_syscall1(BR_SYS_exit_group, status);
	/* Unreachable unless a seccomp filter made exit_group fail: die by
	 * SIGILL then, rather than run on past a noreturn call. */
	__builtin_trap();
}

/* One resource limit, as prlimit64 reads and writes it. */
typedef struct br_rlimit {
	uint64_t cur;
	uint64_t max;
} br_rlimit;

/* No limit. */
#define BR_RLIM_INFINITY UINT64_MAX
/* Resource: the number of open descriptors (one more than the highest). */
#define BR_RLIMIT_NOFILE 7

/* prlimit64(2): sets (new_limit non-NULL) and/or reads (old non-NULL) a
 * resource limit of pid (0: this process). */
BR_MUST_USE BR_INLINE br_errno br_prlimit64(int pid, int resource, const br_rlimit *new_limit, br_rlimit *old)
{
	return br_syscall_errno(br_syscall4(BR_SYS_prlimit64, pid, resource, (long)new_limit, (long)old));
}

/* Resource usage of a process, as wait4 reports it; the kernel's struct rusage. */
typedef struct br_rusage {
	br_timeval utime;
	br_timeval stime;
	long maxrss, ixrss, idrss, isrss, minflt, majflt, nswap, inblock, oublock, msgsnd, msgrcv, nsignals,
		nvcsw, nivcsw;
} br_rusage;

/* fork: clone(2) with only SIGCHLD as the exit signal, issued directly (the
 * generic syscall table has no fork). *pid is the child's id in the parent
 * and 0 in the child. Nothing is shared afterwards: bedrock keeps no locks
 * or per-thread state that a child could inherit half-held. */
BR_MUST_USE BR_INLINE br_errno br_fork(int *pid)
{
	/* All other clone arguments are 0, so their per-architecture order
	 * (x86_64 swaps tls and child_tid) does not matter here. */
	return br__ret_id(br_syscall5(BR_SYS_clone, BR_SIGCHLD, 0, 0, 0, 0), pid);
}

/* execve(2): replaces the process image; returns only on failure (ENOENT,
 * EACCES, ENOEXEC, E2BIG, ...). argv and envp are NULL-terminated. */
BR_MUST_USE BR_INLINE br_errno br_execve(const char *path, char *const argv[], char *const envp[])
{
	return br_syscall_errno(br_syscall3(BR_SYS_execve, (long)path, (long)argv, (long)envp));
}

/* wait4 option: return at once if no child has changed state. */
#define BR_WNOHANG 0x00000001
/* wait4/waitid option: also report stopped children. */
#define BR_WUNTRACED 0x00000002
/* waitid option: report stopped children. */
#define BR_WSTOPPED 0x00000002
/* waitid option: report children that exited. */
#define BR_WEXITED 0x00000004
/* wait option: report children continued by SIGCONT. */
#define BR_WCONTINUED 0x00000008
/* waitid option: leave the child waitable. */
#define BR_WNOWAIT 0x01000000
/* wait option: also wait for children of other threads in the group. */
#define BR_WALL 0x40000000

/* wait4(2): waits for a child (pid > 0: that one; -1: any; 0: own group;
 * < -1: group -pid). *out is the child reaped (0 with BR_WNOHANG when none
 * is ready), *status its wait status (decode with br_wifexited...); status
 * and rusage may be NULL. ECHILD when there is no such child. */
BR_MUST_USE BR_INLINE br_errno br_wait4(int pid, int *status, int options, br_rusage *rusage, int *out)
{
	return br__ret_id(br_syscall4(BR_SYS_wait4, pid, (long)status, options, (long)rusage), out);
}

/* waitid id type: any child. */
#define BR_P_ALL 0
/* waitid id type: the child with this pid. */
#define BR_P_PID 1
/* waitid id type: any child in process group id. */
#define BR_P_PGID 2
/* waitid id type: the child this pidfd refers to. */
#define BR_P_PIDFD 3

/* waitid(2): waits for a child's state change (BR_WEXITED, BR_WSTOPPED,
 * BR_WCONTINUED, maybe with BR_WNOHANG/BR_WNOWAIT) and describes it in
 * *info (info->signo 0 with BR_WNOHANG when none is ready). rusage may be NULL. */
BR_MUST_USE BR_INLINE br_errno br_waitid(int idtype, int id, br_siginfo *info, int options, br_rusage *rusage)
{
	return br_syscall_errno(br_syscall5(BR_SYS_waitid, idtype, id, (long)info, options, (long)rusage));
}

/* si_code of a waitid report: the child exited (status is its exit code). */
#define BR_CLD_EXITED 1
/* si_code of a waitid report: killed by a signal (status is the signal). */
#define BR_CLD_KILLED 2
/* si_code of a waitid report: killed by a signal and dumped core. */
#define BR_CLD_DUMPED 3
/* si_code of a waitid report: stopped (status is the signal). */
#define BR_CLD_STOPPED 5
/* si_code of a waitid report: continued. */
#define BR_CLD_CONTINUED 6

/* A wait status: did the child exit normally? */
BR_INLINE bool br_wifexited(int status)
{
	return (status & 0x7f) == 0;
}

/* A wait status: the exit code (valid when br_wifexited). */
BR_INLINE int br_wexitstatus(int status)
{
	return (status >> 8) & 0xff;
}

/* A wait status: was the child killed by a signal? */
BR_INLINE bool br_wifsignaled(int status)
{
	return (status & 0x7f) != 0 && (status & 0x7f) != 0x7f;
}

/* A wait status: the signal that killed it (valid when br_wifsignaled). */
BR_INLINE int br_wtermsig(int status)
{
	return status & 0x7f;
}

/* A wait status: is the child stopped? */
BR_INLINE bool br_wifstopped(int status)
{
	return (status & 0xff) == 0x7f;
}

/* A wait status: the signal that stopped it (valid when br_wifstopped). */
BR_INLINE int br_wstopsig(int status)
{
	return (status >> 8) & 0xff;
}

/* setsid(2): a new session and process group led by the caller; *sid is
 * its id. EPERM if the caller already leads a process group. */
BR_MUST_USE BR_INLINE br_errno br_setsid(int *sid)
{
	return br__ret_id(br_syscall0(BR_SYS_setsid), sid);
}

/* getsid(2): the session of pid (0: the caller). */
BR_MUST_USE BR_INLINE br_errno br_getsid(int pid, int *sid)
{
	return br__ret_id(br_syscall1(BR_SYS_getsid, pid), sid);
}

/* setpgid(2): moves pid (0: the caller) into process group pgid (0: pid's own). */
BR_MUST_USE BR_INLINE br_errno br_setpgid(int pid, int pgid)
{
	return br_syscall_errno(br_syscall2(BR_SYS_setpgid, pid, pgid));
}

/* getpgid(2): the process group of pid (0: the caller). */
BR_MUST_USE BR_INLINE br_errno br_getpgid(int pid, int *pgid)
{
	return br__ret_id(br_syscall1(BR_SYS_getpgid, pid), pgid);
}

/* prctl: send this signal when the parent dies (0: none). */
#define BR_PR_SET_PDEATHSIG 1
/* prctl: read the parent-death signal into an int. */
#define BR_PR_GET_PDEATHSIG 2
/* prctl: set the thread's name (16 bytes with the NUL; longer is cut). */
#define BR_PR_SET_NAME 15
/* prctl: read the thread's name into 16 bytes. */
#define BR_PR_GET_NAME 16
/* prctl: orphaned descendants are reparented to this process, not to init. */
#define BR_PR_SET_CHILD_SUBREAPER 36
/* prctl: read the subreaper flag into an int. */
#define BR_PR_GET_CHILD_SUBREAPER 37

/* prctl(2) in general: *result is what the kernel returned (0 on error). */
BR_MUST_USE BR_INLINE br_errno br_prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4,
					unsigned long arg5, long *result)
{
	long r = br_syscall5(BR_SYS_prctl, option, (long)arg2, (long)arg3, (long)arg4, (long)arg5);
	br_errno e = br_syscall_errno(r);
	*result = e ? 0 : r;
	return e;
}

/* prctl(PR_SET_CHILD_SUBREAPER): become (or stop being) the reaper of
 * orphaned descendants, as a PID 1 that is not PID 1 must. */
BR_MUST_USE BR_INLINE br_errno br_prctl_set_child_subreaper(bool on)
{
	return br_syscall_errno(br_syscall2(BR_SYS_prctl, BR_PR_SET_CHILD_SUBREAPER, on));
}

/* prctl(PR_SET_PDEATHSIG): receive sig when the parent thread dies (0: never). */
BR_MUST_USE BR_INLINE br_errno br_prctl_set_pdeathsig(int sig)
{
	return br_syscall_errno(br_syscall2(BR_SYS_prctl, BR_PR_SET_PDEATHSIG, sig));
}

/* prctl(PR_SET_NAME): the name ps and /proc/self/comm show (15 bytes kept). */
BR_MUST_USE BR_INLINE br_errno br_prctl_set_name(const char *name)
{
	return br_syscall_errno(br_syscall2(BR_SYS_prctl, BR_PR_SET_NAME, (long)name));
}

/* exit(2): ends the calling thread only; in a single-threaded program that
 * is the process, without fini arrays (those are br_exit). */
BR_NORETURN BR_INLINE void br_exit_thread(int status)
{
	(void)br_syscall1(BR_SYS_exit, status);
	/* As in br_exit_group: only a seccomp filter could get here. */
	__builtin_trap();
}

BR_END_DECLS

#endif
