/* SPDX-License-Identifier: MIT */
/* Clocks, sleeping and interval timers. */
#ifndef BEDROCK_TIME_H
#define BEDROCK_TIME_H

#include <bedrock/syscall.h>

BR_BEGIN_DECLS

/* A point or span in time; the kernel's struct __kernel_timespec. */
typedef struct br_timespec {
	int64_t sec;
	int64_t nsec;
} br_timespec;

/* A span for interval timers; the kernel's 64-bit struct timeval. */
typedef struct br_timeval {
	int64_t sec;
	int64_t usec;
} br_timeval;

/* An interval timer: reloads with interval after value runs out. */
typedef struct br_itimerval {
	br_timeval interval;
	br_timeval value;
} br_itimerval;

/* Wall-clock time, settable. */
#define BR_CLOCK_REALTIME 0
/* Time since an unspecified start, never set back. */
#define BR_CLOCK_MONOTONIC 1
/* CPU time of the process. */
#define BR_CLOCK_PROCESS_CPUTIME_ID 2
/* CPU time of the thread. */
#define BR_CLOCK_THREAD_CPUTIME_ID 3
/* Monotonic, without NTP rate adjustment. */
#define BR_CLOCK_MONOTONIC_RAW 4
/* Monotonic, including time suspended. */
#define BR_CLOCK_BOOTTIME 7

/* setitimer: real time; expiry sends SIGALRM. */
#define BR_ITIMER_REAL 0
/* setitimer: user CPU time; expiry sends SIGVTALRM. */
#define BR_ITIMER_VIRTUAL 1
/* setitimer: user and system CPU time; expiry sends SIGPROF. */
#define BR_ITIMER_PROF 2

BR_BEGIN_DECLS
/* clock_gettime(2) through the vDSO (no syscall; looked up on first use),
 * else the syscall. Through the vDSO a bad ts is not EFAULT but a crash,
 * as with every libc. */
BR_MUST_USE br_errno br_clock_gettime(int clock, br_timespec *ts);

/* clock_getres(2): the resolution of clock, through the vDSO as
 * br_clock_gettime; res may be NULL. */
BR_MUST_USE br_errno br_clock_getres(int clock, br_timespec *res);

/* gettimeofday(2): the wall clock in microseconds (the time zone argument
 * is obsolete and passed as NULL), through the vDSO as br_clock_gettime. */
BR_MUST_USE br_errno br_gettimeofday(br_timeval *tv);

/* getcpu(2): the CPU (and NUMA node) the caller ran on a moment ago; either
 * may be NULL. The vDSO's where it has one (x86_64, riscv64), else the syscall. */
BR_MUST_USE br_errno br_getcpu(unsigned *cpu, unsigned *node);
BR_END_DECLS

/* nanosleep(2): sleeps for *req; EINTR when a handled signal arrives, with
 * the time left in *rem (if rem is not NULL). */
BR_MUST_USE BR_INLINE br_errno br_nanosleep(const br_timespec *req, br_timespec *rem)
{
	return br_syscall_errno(br_syscall2(BR_SYS_nanosleep, (long)req, (long)rem));
}

/* setitimer(2): arms (or with a zero value disarms) timer which; the
 * previous setting goes to *old if old is not NULL. */
BR_MUST_USE BR_INLINE br_errno br_setitimer(int which, const br_itimerval *value, br_itimerval *old)
{
	return br_syscall_errno(br_syscall3(BR_SYS_setitimer, which, (long)value, (long)old));
}

BR_END_DECLS

#endif
