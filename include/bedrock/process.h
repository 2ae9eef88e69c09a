/* SPDX-License-Identifier: MIT */
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

/* sched_yield(2): lets the other runnable threads of this CPU run before
 * this one goes on (a spinning waiter's courtesy); cannot fail. */
BR_INLINE void br_sched_yield(void)
{
	(void)br_syscall0(BR_SYS_sched_yield);
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

/* ---- namespaces, credentials, capabilities, pidfds (issue 11) ---- */

/* Namespace flag (unshare, setns, clone): a new mount namespace. */
#define BR_CLONE_NEWNS 0x00020000u
/* Namespace flag: a new cgroup namespace. */
#define BR_CLONE_NEWCGROUP 0x02000000u
/* Namespace flag: a new UTS namespace (host and domain name). */
#define BR_CLONE_NEWUTS 0x04000000u
/* Namespace flag: a new System V IPC namespace. */
#define BR_CLONE_NEWIPC 0x08000000u
/* Namespace flag: a new user namespace. */
#define BR_CLONE_NEWUSER 0x10000000u
/* Namespace flag: children go into a new PID namespace (the first is its init). */
#define BR_CLONE_NEWPID 0x20000000u
/* Namespace flag: a new network namespace. */
#define BR_CLONE_NEWNET 0x40000000u
/* Namespace flag: a new time namespace (for the children). */
#define BR_CLONE_NEWTIME 0x00000080u
/* unshare flag: a private copy of the descriptor table. */
#define BR_CLONE_FILES 0x00000400u
/* unshare flag: a private root, current directory and umask. */
#define BR_CLONE_FS 0x00000200u

/* unshare(2): moves the caller into new namespaces (BR_CLONE_NEW*) or
 * unshares its descriptor table / fs state (BR_CLONE_FILES, BR_CLONE_FS). */
BR_MUST_USE BR_INLINE br_errno br_unshare(unsigned flags)
{
	return br_syscall_errno(br_syscall1(BR_SYS_unshare, (long)flags));
}

/* setns(2): joins the namespace fd refers to (/proc/PID/ns/X, or a pidfd
 * with several BR_CLONE_NEW* flags); nstype 0 accepts any kind. */
BR_MUST_USE BR_INLINE br_errno br_setns(br_fd fd, unsigned nstype)
{
	return br_syscall_errno(br_syscall2(BR_SYS_setns, fd.raw, (long)nstype));
}

/* The "leave it unchanged" value of a uid or gid in the chown and setre*id calls. */
#define BR_ID_UNCHANGED UINT32_MAX

/* getuid(2): the real user id; cannot fail. */
BR_INLINE uint32_t br_getuid(void)
{
	return (uint32_t)br_syscall0(BR_SYS_getuid);
}

/* geteuid(2): the effective user id; cannot fail. */
BR_INLINE uint32_t br_geteuid(void)
{
	return (uint32_t)br_syscall0(BR_SYS_geteuid);
}

/* getgid(2): the real group id; cannot fail. */
BR_INLINE uint32_t br_getgid(void)
{
	return (uint32_t)br_syscall0(BR_SYS_getgid);
}

/* getegid(2): the effective group id; cannot fail. */
BR_INLINE uint32_t br_getegid(void)
{
	return (uint32_t)br_syscall0(BR_SYS_getegid);
}

/* setuid(2): sets the user ids (all of them with CAP_SETUID). This thread
 * only: the kernel changes the calling thread's credentials. */
BR_MUST_USE BR_INLINE br_errno br_setuid(uint32_t uid)
{
	return br_syscall_errno(br_syscall1(BR_SYS_setuid, (long)uid));
}

/* setgid(2): sets the group ids (all of them with CAP_SETGID); this thread only. */
BR_MUST_USE BR_INLINE br_errno br_setgid(uint32_t gid)
{
	return br_syscall_errno(br_syscall1(BR_SYS_setgid, (long)gid));
}

/* setreuid(2): real and effective user id (BR_ID_UNCHANGED keeps one). */
BR_MUST_USE BR_INLINE br_errno br_setreuid(uint32_t ruid, uint32_t euid)
{
	return br_syscall_errno(br_syscall2(BR_SYS_setreuid, (long)ruid, (long)euid));
}

/* setregid(2): real and effective group id (BR_ID_UNCHANGED keeps one). */
BR_MUST_USE BR_INLINE br_errno br_setregid(uint32_t rgid, uint32_t egid)
{
	return br_syscall_errno(br_syscall2(BR_SYS_setregid, (long)rgid, (long)egid));
}

/* setresuid(2): real, effective and saved user id (BR_ID_UNCHANGED keeps one). */
BR_MUST_USE BR_INLINE br_errno br_setresuid(uint32_t ruid, uint32_t euid, uint32_t suid)
{
	return br_syscall_errno(br_syscall3(BR_SYS_setresuid, (long)ruid, (long)euid, (long)suid));
}

/* setresgid(2): real, effective and saved group id (BR_ID_UNCHANGED keeps one). */
BR_MUST_USE BR_INLINE br_errno br_setresgid(uint32_t rgid, uint32_t egid, uint32_t sgid)
{
	return br_syscall_errno(br_syscall3(BR_SYS_setresgid, (long)rgid, (long)egid, (long)sgid));
}

/* getresuid(2): the real, effective and saved user ids. */
BR_MUST_USE BR_INLINE br_errno br_getresuid(uint32_t *ruid, uint32_t *euid, uint32_t *suid)
{
	return br_syscall_errno(br_syscall3(BR_SYS_getresuid, (long)ruid, (long)euid, (long)suid));
}

/* getresgid(2): the real, effective and saved group ids. */
BR_MUST_USE BR_INLINE br_errno br_getresgid(uint32_t *rgid, uint32_t *egid, uint32_t *sgid)
{
	return br_syscall_errno(br_syscall3(BR_SYS_getresgid, (long)rgid, (long)egid, (long)sgid));
}

/* getgroups(2): the supplementary groups into list (size entries; size 0
 * only counts them); *count is how many there are. EINVAL when size is
 * too small. */
BR_MUST_USE BR_INLINE br_errno br_getgroups(size_t size, uint32_t *list, size_t *count)
{
	return br__ret_size(br_syscall2(BR_SYS_getgroups, (long)size, (long)list), count);
}

/* setgroups(2): sets the supplementary groups (needs CAP_SETGID); this thread only. */
BR_MUST_USE BR_INLINE br_errno br_setgroups(size_t count, const uint32_t *list)
{
	return br_syscall_errno(br_syscall2(BR_SYS_setgroups, (long)count, (long)list));
}

/* The capability interface version that carries 64 bits in two br_cap_data. */
#define BR_LINUX_CAPABILITY_VERSION_3 0x20080522u
/* Capability: override file ownership checks (chown). */
#define BR_CAP_CHOWN 0
/* Capability: bypass file read, write and execute permission checks. */
#define BR_CAP_DAC_OVERRIDE 1
/* Capability: kill any process. */
#define BR_CAP_KILL 5
/* Capability: change group ids. */
#define BR_CAP_SETGID 6
/* Capability: change user ids. */
#define BR_CAP_SETUID 7
/* Capability: configure network interfaces and more. */
#define BR_CAP_NET_ADMIN 12
/* Capability: load and unload kernel modules. */
#define BR_CAP_SYS_MODULE 16
/* Capability: chroot. */
#define BR_CAP_SYS_CHROOT 18
/* Capability: mount, sethostname, setns, and much else. */
#define BR_CAP_SYS_ADMIN 21
/* Capability: reboot. */
#define BR_CAP_SYS_BOOT 22
/* Capability: create device nodes with mknod. */
#define BR_CAP_MKNOD 27

/* capget/capset header: the interface version and the thread (0: the caller). */
typedef struct br_cap_header {
	uint32_t version;
	int pid;
} br_cap_header;

/* capget/capset data: one 32-bit slice of the sets; version 3 takes an
 * array of two (capabilities 0..31, then 32..63). */
typedef struct br_cap_data {
	uint32_t effective;
	uint32_t permitted;
	uint32_t inheritable;
} br_cap_data;

/* capget(2): the capability sets of hdr->pid into data[2]; with an unknown
 * version the kernel writes its preferred one into hdr->version (EINVAL). */
BR_MUST_USE BR_INLINE br_errno br_capget(br_cap_header *hdr, br_cap_data *data)
{
	return br_syscall_errno(br_syscall2(BR_SYS_capget, (long)hdr, (long)data));
}

/* capset(2): sets the calling thread's capability sets from data[2]. */
BR_MUST_USE BR_INLINE br_errno br_capset(br_cap_header *hdr, const br_cap_data *data)
{
	return br_syscall_errno(br_syscall2(BR_SYS_capset, (long)hdr, (long)data));
}

/* pidfd_open flag: a non-blocking pidfd (waitid returns EAGAIN while the process runs). */
#define BR_PIDFD_NONBLOCK 04000u

/* pidfd_open(2): a descriptor for process pid (always close-on-exec): it
 * polls readable when the process exits, and signals or waits for exactly
 * that process even after its pid is reused. */
BR_MUST_USE BR_INLINE br_errno br_pidfd_open(int pid, unsigned flags, br_owned_fd *out)
{
	return br__ret_fd(br_syscall2(BR_SYS_pidfd_open, pid, (long)flags), out);
}

/* pidfd_send_signal(2): sends sig to the process pidfd refers to; info
 * may be NULL (as kill), flags must be 0. */
BR_MUST_USE BR_INLINE br_errno br_pidfd_send_signal(br_fd pidfd, int sig, const br_siginfo *info, unsigned flags)
{
	return br_syscall_errno(br_syscall4(BR_SYS_pidfd_send_signal, pidfd.raw, sig, (long)info, (long)flags));
}

/* pidfd_getfd(2): a copy (close-on-exec) of descriptor targetfd of the
 * process pidfd refers to (needs ptrace access to it); flags must be 0. */
BR_MUST_USE BR_INLINE br_errno br_pidfd_getfd(br_fd pidfd, int targetfd, unsigned flags, br_owned_fd *out)
{
	return br__ret_fd(br_syscall3(BR_SYS_pidfd_getfd, pidfd.raw, targetfd, (long)flags), out);
}

BR_END_DECLS

#endif
