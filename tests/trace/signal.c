/* SPDX-License-Identifier: MIT */
/* signal.h: the set helpers are pure; bedrock installs its own sa_restorer
 * where the architecture has one (not riscv64: the vDSO's). */
#include "trace.h"

static volatile int alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

void trace_signal(void)
{
	br_sigset s = br_sigset_empty(), usr1 = br_sigset_empty(), both, oldmask, pending;
	br_sigaction ign = {.flags = 0, .mask = br_sigset_empty()}, old, alarm;
	br_siginfo info;
	br_timespec now = {0, 0};
	br_owned_fd sfd = BR_NO_FD;
	int sig;
	size_t n;

	SEG("br_sigset_empty", "");
	s = CALL(br_sigset_empty)();
	SEG("br_sigset_full", "");
	both = CALL(br_sigset_full)();
	SEG("br_sigset_add", "");
	USE(CALL(br_sigset_add)(&usr1, BR_SIGUSR1));
	SEG("br_sigset_del", "");
	USE(CALL(br_sigset_del)(&both, BR_SIGKILL));
	SEG("br_sigset_has", "");
	USE(CALL(br_sigset_has)(both, BR_SIGUSR2));
	both = usr1;
	USE(br_sigset_add(&both, BR_SIGUSR2));
	USE(s.bits);

	ign.handler = BR_SIG_IGN;
	SEG("br_rt_sigaction", "[x86_64 aarch64] rt_sigaction(SIGUSR2, {SA_RESTORER}, *, SIGSETSIZE) = 0"
			       "  [riscv64] rt_sigaction(SIGUSR2, {!SA_RESTORER}, *, SIGSETSIZE) = 0");
	USE(CALL(br_rt_sigaction)(BR_SIGUSR2, &ign, &old));
	SEG("br_rt_sigaction (SIGKILL)", "rt_sigaction(SIGKILL, *, 0, SIGSETSIZE) = -1 EINVAL");
	USE(CALL(br_rt_sigaction)(BR_SIGKILL, &ign, 0));
	SEG("br_rt_sigprocmask", "rt_sigprocmask(SIG_BLOCK, *, *, SIGSETSIZE) = 0");
	USE(CALL(br_rt_sigprocmask)(BR_SIG_BLOCK, &usr1, &oldmask));
	SEG("br_rt_sigpending", "rt_sigpending(*, SIGSETSIZE) = 0");
	USE(CALL(br_rt_sigpending)(&pending));
	SEG("br_rt_sigtimedwait", "rt_sigtimedwait(*, *, *, SIGSETSIZE) = -1 EAGAIN");
	USE(CALL(br_rt_sigtimedwait)(&usr1, &info, &now, &sig));
	SEG("br_signalfd", "signalfd4(-1, *, SIGSETSIZE, O_CLOEXEC|O_NONBLOCK) = $sfd");
	USE(CALL(br_signalfd)(&usr1, BR_SFD_CLOEXEC | BR_SFD_NONBLOCK, &sfd));
	SEG("br_signalfd_set_mask", "signalfd4($sfd, *, SIGSETSIZE, 0) = $sfd");
	USE(CALL(br_signalfd_set_mask)(br_borrow(sfd), &both));
	SEG("br_close (signalfd)", "close($sfd) = 0");
	CALL(br_close)(&sfd);
	/* Beyond any pid_max (at most 2^22): ESRCH, nobody is signalled. */
	SEG("br_tgkill (no such thread)", "tgkill(2000000001, 2000000002, SIGUSR1) = -1 ESRCH");
	USE(CALL(br_tgkill)(2000000001, 2000000002, BR_SIGUSR1));
	SEG("br_rt_sigprocmask (restore)", "rt_sigprocmask(SIG_SETMASK, *, 0, SIGSETSIZE) = 0");
	USE(CALL(br_rt_sigprocmask)(BR_SIG_SETMASK, &oldmask, 0));

	/* EINTR must come back after exactly one read: a repeating 50 ms timer
	 * (so that a tick which comes before the read starts cannot leave it
	 * blocked forever) and a handler without SA_RESTART. */
	alarm = (br_sigaction){.flags = 0, .mask = br_sigset_empty()};
	alarm.handler = on_alarm;
	SEG("br_rt_sigaction (handler)", "[x86_64 aarch64] rt_sigaction(SIGALRM, {SA_RESTORER}, 0, SIGSETSIZE) = 0"
					 "  [riscv64] rt_sigaction(SIGALRM, {!SA_RESTORER}, 0, SIGSETSIZE) = 0");
	USE(CALL(br_rt_sigaction)(BR_SIGALRM, &alarm, 0));
	br_itimerval tick = {{0, 50000}, {0, 50000}}, off = {{0, 0}, {0, 0}};
	/* Never retried: one read, interrupted (strace shows the kernel's
	 * ERESTARTSYS, which becomes EINTR without SA_RESTART), then the
	 * handler's return. The timer repeats, so a tick may also land before
	 * the read starts or before the disarm. */
	SEG("br_read (EINTR, no retry)",
	    "setitimer(ITIMER_REAL, *, 0) = 0; rt_sigreturn()*; read(50, *, 1018) = -1 EINTR|ERESTARTSYS;"
	    " rt_sigreturn()+; setitimer(ITIMER_REAL, *, 0) = 0; rt_sigreturn()*");
	USE(br_setitimer(BR_ITIMER_REAL, &tick, 0));
	USE(CALL(br_read)(br_fd_from_raw(FD_PIPE_R), buf, 1018, &n));
	USE(br_setitimer(BR_ITIMER_REAL, &off, 0));
	SEG("setup: SIGALRM back to default", "rt_sigaction(SIGALRM, *, 0, SIGSETSIZE) = 0");
	alarm.handler = BR_SIG_DFL;
	USE(br_rt_sigaction(BR_SIGALRM, &alarm, 0));
}
