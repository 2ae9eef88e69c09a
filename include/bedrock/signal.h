/* SPDX-License-Identifier: MIT */
/* Signals: handlers (with the per-architecture return trampoline), masks,
 * synchronous waiting and signalfd. A 64-bit mask covers all of Linux's
 * signals 1..64 on every supported architecture. */
#ifndef BEDROCK_SIGNAL_H
#define BEDROCK_SIGNAL_H

#include <bedrock/fd.h>
#include <bedrock/time.h>

BR_BEGIN_DECLS

/* Hangup. */
#define BR_SIGHUP 1
/* Interrupt from the keyboard. */
#define BR_SIGINT 2
/* Quit from the keyboard. */
#define BR_SIGQUIT 3
/* Illegal instruction. */
#define BR_SIGILL 4
/* Trace trap. */
#define BR_SIGTRAP 5
/* Abort. */
#define BR_SIGABRT 6
/* Bus error. */
#define BR_SIGBUS 7
/* Arithmetic exception. */
#define BR_SIGFPE 8
/* Kill; cannot be caught or blocked. */
#define BR_SIGKILL 9
/* User-defined signal 1. */
#define BR_SIGUSR1 10
/* Invalid memory reference. */
#define BR_SIGSEGV 11
/* User-defined signal 2. */
#define BR_SIGUSR2 12
/* Write to a pipe with no reader. */
#define BR_SIGPIPE 13
/* Real-time timer expired. */
#define BR_SIGALRM 14
/* Termination request. */
#define BR_SIGTERM 15
/* Coprocessor stack fault (unused). */
#define BR_SIGSTKFLT 16
/* A child stopped or terminated. */
#define BR_SIGCHLD 17
/* Continue if stopped. */
#define BR_SIGCONT 18
/* Stop; cannot be caught or blocked. */
#define BR_SIGSTOP 19
/* Stop from the terminal. */
#define BR_SIGTSTP 20
/* Background read from the terminal. */
#define BR_SIGTTIN 21
/* Background write to the terminal. */
#define BR_SIGTTOU 22
/* Urgent data on a socket. */
#define BR_SIGURG 23
/* CPU time limit exceeded. */
#define BR_SIGXCPU 24
/* File size limit exceeded. */
#define BR_SIGXFSZ 25
/* Virtual timer expired. */
#define BR_SIGVTALRM 26
/* Profiling timer expired. */
#define BR_SIGPROF 27
/* Window size changed. */
#define BR_SIGWINCH 28
/* I/O possible. */
#define BR_SIGIO 29
/* Power failure. */
#define BR_SIGPWR 30
/* Bad system call. */
#define BR_SIGSYS 31
/* The highest signal number; 32..64 are the real-time signals. */
#define BR_NSIG 64

/* Flag: no SIGCHLD when children stop. */
#define BR_SA_NOCLDSTOP 0x00000001ul
/* Flag: children do not become zombies. */
#define BR_SA_NOCLDWAIT 0x00000002ul
/* Flag: the handler takes (sig, siginfo, context). */
#define BR_SA_SIGINFO 0x00000004ul
/* Flag: run the handler on the alternate stack. */
#define BR_SA_ONSTACK 0x08000000ul
/* Flag: restart interrupted syscalls instead of failing with EINTR. */
#define BR_SA_RESTART 0x10000000ul
/* Flag: do not block the signal while its handler runs. */
#define BR_SA_NODEFER 0x40000000ul
/* Flag: reset to the default action on entry to the handler. */
#define BR_SA_RESETHAND 0x80000000ul

/* rt_sigprocmask how: add set to the mask. */
#define BR_SIG_BLOCK 0
/* rt_sigprocmask how: remove set from the mask. */
#define BR_SIG_UNBLOCK 1
/* rt_sigprocmask how: replace the mask by set. */
#define BR_SIG_SETMASK 2

/* signalfd flag: close on execve. */
#define BR_SFD_CLOEXEC 02000000u
/* signalfd flag: non-blocking reads. */
#define BR_SFD_NONBLOCK 04000u

/* A set of signals 1..64: bit sig-1. */
typedef struct br_sigset {
	uint64_t bits;
} br_sigset;

/* What the kernel says about a signal (its siginfo_t, 128 bytes). */
typedef struct br_siginfo {
	int32_t signo;
	int32_t errno_value;
	int32_t code;
	int32_t br__pad;
	union {
		/* SIGCHLD: the child, and its exit status or signal. */
		struct {
			int32_t pid;
			uint32_t uid;
			int32_t status;
		} child;
		/* kill/tgkill/sigqueue: the sender. */
		struct {
			int32_t pid;
			uint32_t uid;
		} kill;
		/* SIGSEGV, SIGBUS, SIGILL, SIGFPE: the faulting address. */
		struct {
			void *addr;
		} fault;
		uint8_t raw[112];
	} u;
} br_siginfo;

/* A plain handler. */
typedef void (*br_sighandler)(int sig);
/* A handler for BR_SA_SIGINFO; context is the kernel's ucontext. */
typedef void (*br_sigaction_fn)(int sig, br_siginfo *info, void *context);

/* The default action. */
#define BR_SIG_DFL ((br_sighandler)0)
/* Ignore the signal. */
#define BR_SIG_IGN ((br_sighandler)1)

/* What to do on a signal: handler (or sigaction with BR_SA_SIGINFO), the
 * BR_SA_* flags and the signals blocked while it runs. */
typedef struct br_sigaction {
	union {
		br_sighandler handler;
		br_sigaction_fn sigaction;
	};
	unsigned long flags;
	br_sigset mask;
} br_sigaction;

/* The empty set. */
BR_INLINE br_sigset br_sigset_empty(void)
{
	return (br_sigset){0};
}

/* Every signal 1..64. */
BR_INLINE br_sigset br_sigset_full(void)
{
	return (br_sigset){~(uint64_t)0};
}

/* Adds sig to *set; EINVAL unless 1 <= sig <= 64. */
BR_MUST_USE BR_INLINE br_errno br_sigset_add(br_sigset *set, int sig)
{
	if (sig < 1 || sig > BR_NSIG)
		return BR_EINVAL;
	set->bits |= (uint64_t)1 << (sig - 1);
	return BR_OK;
}

/* Removes sig from *set; EINVAL unless 1 <= sig <= 64. */
BR_MUST_USE BR_INLINE br_errno br_sigset_del(br_sigset *set, int sig)
{
	if (sig < 1 || sig > BR_NSIG)
		return BR_EINVAL;
	set->bits &= ~((uint64_t)1 << (sig - 1));
	return BR_OK;
}

/* Whether sig is in set (false for numbers outside 1..64). */
BR_INLINE bool br_sigset_has(br_sigset set, int sig)
{
	return sig >= 1 && sig <= BR_NSIG && (set.bits >> (sig - 1)) & 1;
}

/* rt_sigaction(2): installs *act (if not NULL) for sig and reports the
 * previous action in *old (if not NULL). bedrock supplies the return
 * trampoline where the architecture needs one (SA_RESTORER on x86_64 and
 * aarch64), so old->flags may show that bit. SIGKILL/SIGSTOP give EINVAL. */
BR_MUST_USE br_errno br_rt_sigaction(int sig, const br_sigaction *act, br_sigaction *old);

/* rt_sigprocmask(2): changes the calling thread's mask (how is BR_SIG_*;
 * set may be NULL to only read) and reports the previous one in *old. */
BR_MUST_USE BR_INLINE br_errno br_rt_sigprocmask(int how, const br_sigset *set, br_sigset *old)
{
	return br_syscall_errno(br_syscall4(BR_SYS_rt_sigprocmask, how, (long)set, (long)old, sizeof(br_sigset)));
}

/* rt_sigpending(2): the signals pending for the thread or process. */
BR_MUST_USE BR_INLINE br_errno br_rt_sigpending(br_sigset *set)
{
	return br_syscall_errno(br_syscall2(BR_SYS_rt_sigpending, (long)set, sizeof(br_sigset)));
}

/* rt_sigtimedwait(2): takes one pending signal of *set (which should be
 * blocked), waiting at most *timeout (NULL: forever); *sig is its number,
 * 0 on error. EAGAIN when the time runs out. info may be NULL. */
BR_MUST_USE BR_INLINE br_errno br_rt_sigtimedwait(const br_sigset *set, br_siginfo *info,
						  const br_timespec *timeout, int *sig)
{
	long r = br_syscall4(BR_SYS_rt_sigtimedwait, (long)set, (long)info, (long)timeout, sizeof(br_sigset));
	br_errno e = br_syscall_errno(r);
	*sig = e ? 0 : (int)r;
	return e;
}

/* One record read from a signalfd; the kernel's struct signalfd_siginfo. */
typedef struct br_signalfd_siginfo {
	uint32_t ssi_signo;
	int32_t ssi_errno;
	int32_t ssi_code;
	uint32_t ssi_pid;
	uint32_t ssi_uid;
	int32_t ssi_fd;
	uint32_t ssi_tid;
	uint32_t ssi_band;
	uint32_t ssi_overrun;
	uint32_t ssi_trapno;
	int32_t ssi_status;
	int32_t ssi_int;
	uint64_t ssi_ptr;
	uint64_t ssi_utime;
	uint64_t ssi_stime;
	uint64_t ssi_addr;
	uint16_t ssi_addr_lsb;
	uint16_t br__pad2;
	int32_t ssi_syscall;
	uint64_t ssi_call_addr;
	uint32_t ssi_arch;
	uint8_t br__pad[28];
} br_signalfd_siginfo;

/* signalfd4(2) with fd -1: a new descriptor that reads the signals of
 * *mask as br_signalfd_siginfo records (block them first).
 * Flags BR_SFD_CLOEXEC, BR_SFD_NONBLOCK. */
BR_MUST_USE BR_INLINE br_errno br_signalfd(const br_sigset *mask, unsigned flags, br_owned_fd *out)
{
	return br__ret_fd(br_syscall4(BR_SYS_signalfd4, -1, (long)mask, sizeof(br_sigset), (long)flags), out);
}

/* signalfd4(2) on an existing signalfd: replaces the signals it reads. */
BR_MUST_USE BR_INLINE br_errno br_signalfd_set_mask(br_fd fd, const br_sigset *mask)
{
	return br_syscall_errno(br_syscall4(BR_SYS_signalfd4, fd.raw, (long)mask, sizeof(br_sigset), 0));
}

/* tgkill(2): sends sig to thread tid of thread group tgid. */
BR_MUST_USE BR_INLINE br_errno br_tgkill(int tgid, int tid, int sig)
{
	return br_syscall_errno(br_syscall3(BR_SYS_tgkill, tgid, tid, sig));
}

BR_END_DECLS

#endif
