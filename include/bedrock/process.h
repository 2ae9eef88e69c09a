/* The calling process: identity, signals to others, immediate exit. */
#ifndef BEDROCK_PROCESS_H
#define BEDROCK_PROCESS_H

#include <bedrock/syscall.h>

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
	for (;;)
		(void)br_syscall1(BR_SYS_exit_group, status);
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

#endif
