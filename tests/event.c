/* SPDX-License-Identifier: MIT */
/* event.h: poll (as ppoll) and ppoll on pipes (POLLIN, POLLOUT, POLLHUP
 * when the far end is closed, POLLNVAL, negative fds skipped, timeouts
 * measured, the signal mask swapped atomically), epoll (level- and
 * edge-triggered, one-shot, the caller's data, ctl errors, a signalfd
 * among its descriptors), eventfd (counter and semaphore modes, overflow,
 * bad lengths) and timerfd (one-shot and periodic with the expiry count,
 * absolute times, gettime, bad values); close-on-exec by default and the
 * INHERIT flags, and bad pointers, fds and counts for each. */
#include "net_util.h"

static volatile int usr1_hits;

static void on_usr1(int sig)
{
	(void)sig;
	usr1_hits++;
}

static void test_poll(void)
{
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	br_pollfd p[3];
	size_t n = 9;
	char c;

	(void)!br_pipe2(BR_O_CLOEXEC, &r, &w);
	p[0] = (br_pollfd){r.raw, BR_POLLIN, 0};
	p[1] = (br_pollfd){-1, BR_POLLIN, 77};
	p[2] = (br_pollfd){w.raw, BR_POLLOUT, 0};
	tap_errno(br_poll(p, 3, 0, &n), BR_OK, "poll, timeout 0");
	tap_ok(n == 1 && p[0].revents == 0 && p[1].revents == 0 && p[2].revents == BR_POLLOUT,
	       "only the write end is ready; a negative fd is skipped (revents 0)");
	int64_t t0 = nt_ms();
	tap_errno(br_poll(p, 1, 60, &n), BR_OK, "poll an empty pipe for 60 ms");
	int64_t took = nt_ms() - t0;
	tap_ok(n == 0 && took >= 55 && took < 5000, "times out after about 60 ms with nothing ready");
	(void)!br_write(br_borrow(w), "x", 1, &n);
	tap_errno(br_poll(p, 1, -1, &n), BR_OK, "poll with data waiting, no timeout");
	tap_ok(n == 1 && p[0].revents == BR_POLLIN, "POLLIN");
	br_close(&w);
	tap_errno(br_poll(p, 1, -1, &n), BR_OK, "poll after the writer closed, data left");
	tap_ok(n == 1 && p[0].revents == (BR_POLLIN | BR_POLLHUP), "POLLIN|POLLHUP");
	(void)!br_read(br_borrow(r), &c, 1, &n);
	tap_errno(br_poll(p, 1, -1, &n), BR_OK, "poll a drained pipe whose far end is closed");
	tap_ok(n == 1 && p[0].revents == BR_POLLHUP, "POLLHUP alone, without asking for it");
	p[0] = (br_pollfd){tap_bad_fd[0].raw, BR_POLLIN, 0};
	tap_errno(br_poll(p, 1, 0, &n), BR_OK, "poll a closed descriptor");
	tap_ok(n == 1 && p[0].revents == BR_POLLNVAL, "POLLNVAL");
	tap_errno(br_poll((br_pollfd *)NT_BAD_PTR, 1, 0, &n), BR_EFAULT, "poll with a bad array: EFAULT");
	tap_eq(n, 0, "count 0 on error");
	tap_errno(br_poll(p, (size_t)1 << 31, 0, &n), BR_EINVAL, "poll of 2^31 descriptors (beyond RLIMIT_NOFILE): EINVAL");
	tap_errno(br_poll(0, 0, 20, &n), BR_OK, "poll of nothing sleeps the timeout");

	br_timespec left = {5, 0};
	p[0] = (br_pollfd){r.raw, BR_POLLIN, 0};
	tap_errno(br_ppoll(p, 1, &left, 0, &n), BR_OK, "ppoll with a 5 s timeout and a ready descriptor");
	tap_ok(n == 1 && left.sec >= 4 && left.sec <= 5, "the kernel writes back the time left");
	br_timespec bad = {0, 1000000000};
	tap_errno(br_ppoll(p, 1, &bad, 0, &n), BR_EINVAL, "ppoll with nsec 10^9: EINVAL");
	tap_errno(br_ppoll(p, 1, (br_timespec *)NT_BAD_PTR, 0, &n), BR_EFAULT, "ppoll with a bad timeout pointer: EFAULT");

	/* The mask is swapped in atomically: SIGUSR1 blocked and pending,
	 * ppoll with an empty mask lets it in at once: EINTR. */
	br_sigaction act = {.flags = 0, .mask = br_sigset_empty()}, old_act;
	br_sigset usr1 = br_sigset_empty(), old_mask, empty = br_sigset_empty();
	act.handler = on_usr1;
	(void)!br_sigset_add(&usr1, BR_SIGUSR1);
	(void)!br_rt_sigaction(BR_SIGUSR1, &act, &old_act);
	(void)!br_rt_sigprocmask(BR_SIG_BLOCK, &usr1, &old_mask);
	(void)!br_kill(br_getpid(), BR_SIGUSR1);
	usr1_hits = 0;
	br_owned_fd r2 BR_AUTOCLOSE = BR_NO_FD, w2 BR_AUTOCLOSE = BR_NO_FD;
	(void)!br_pipe2(BR_O_CLOEXEC, &r2, &w2);
	p[0] = (br_pollfd){r2.raw, BR_POLLIN, 0};
	br_timespec ten = {10, 0};
	tap_errno(br_ppoll(p, 1, &ten, &empty, &n), BR_EINTR, "ppoll with a mask that unblocks a pending signal: EINTR");
	tap_eq((uint64_t)usr1_hits, 1, "the handler ran inside ppoll");
	br_sigset now;
	(void)!br_rt_sigprocmask(BR_SIG_BLOCK, 0, &now);
	tap_ok(br_sigset_has(now, BR_SIGUSR1), "and the old mask is back afterwards");
	(void)!br_rt_sigprocmask(BR_SIG_SETMASK, &old_mask, 0);
	(void)!br_rt_sigaction(BR_SIGUSR1, &old_act, 0);
}

static void test_epoll(void)
{
	br_owned_fd ep BR_AUTOCLOSE = BR_NO_FD, ep2 BR_AUTOCLOSE = BR_NO_FD;
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD, m BR_AUTOCLOSE = BR_NO_FD;
	br_epoll_event ev, out[4];
	size_t n = 9;
	char buf[8];

	tap_errno(br_epoll_create1(0, &ep), BR_OK, "epoll_create1");
	tap_ok(nt_cloexec(ep), "close-on-exec by default");
	tap_errno(br_epoll_create1(BR_EPOLL_INHERIT, &ep2), BR_OK, "epoll_create1 BR_EPOLL_INHERIT");
	tap_ok(!nt_cloexec(ep2), "no close-on-exec");
	br_close(&ep2);
	tap_errno(br_epoll_create1(1, &ep2), BR_EINVAL, "epoll_create1 unknown flag: EINVAL");

	(void)!br_pipe2(BR_O_CLOEXEC | BR_O_NONBLOCK, &r, &w);
	ev.events = BR_EPOLLIN;
	ev.data.u64 = 0x1122334455667788u;
	tap_errno(br_epoll_ctl(br_borrow(ep), BR_EPOLL_CTL_ADD, br_borrow(r), &ev), BR_OK, "ctl ADD (level-triggered)");
	tap_errno(br_epoll_ctl(br_borrow(ep), BR_EPOLL_CTL_ADD, br_borrow(r), &ev), BR_EEXIST, "ADD again: EEXIST");
	tap_errno(br_epoll_wait(br_borrow(ep), out, 4, 0, &n), BR_OK, "wait on nothing ready");
	tap_eq(n, 0, "0 events");
	(void)!br_write(br_borrow(w), "ab", 2, &n);
	tap_errno(br_epoll_wait(br_borrow(ep), out, 4, -1, &n), BR_OK, "wait with data");
	tap_ok(n == 1 && out[0].events == BR_EPOLLIN && out[0].data.u64 == 0x1122334455667788u,
	       "EPOLLIN with the caller's 64-bit data");
	tap_errno(br_epoll_wait(br_borrow(ep), out, 4, 0, &n), BR_OK, "wait again, nothing read");
	tap_eq(n, 1, "level-triggered: reported again");

	ev.events = BR_EPOLLIN | BR_EPOLLET;
	ev.data.fd = r.raw;
	tap_errno(br_epoll_ctl(br_borrow(ep), BR_EPOLL_CTL_MOD, br_borrow(r), &ev), BR_OK, "ctl MOD to edge-triggered");
	tap_errno(br_epoll_wait(br_borrow(ep), out, 4, 0, &n), BR_OK, "wait (the MOD re-arms the edge)");
	tap_ok(n == 1 && out[0].data.fd == r.raw, "one event, data.fd");
	tap_errno(br_epoll_wait(br_borrow(ep), out, 4, 0, &n), BR_OK, "wait again, nothing new");
	tap_eq(n, 0, "edge-triggered: not reported again");
	(void)!br_write(br_borrow(w), "c", 1, &n);
	tap_errno(br_epoll_wait(br_borrow(ep), out, 4, 0, &n), BR_OK, "more data arrives");
	tap_eq(n, 1, "a new edge");

	ev.events = BR_EPOLLIN | BR_EPOLLONESHOT;
	(void)!br_epoll_ctl(br_borrow(ep), BR_EPOLL_CTL_MOD, br_borrow(r), &ev);
	(void)!br_epoll_wait(br_borrow(ep), out, 4, 0, &n);
	tap_eq(n, 1, "one-shot: reported once");
	(void)!br_epoll_wait(br_borrow(ep), out, 4, 0, &n);
	tap_eq(n, 0, "then disabled though data is there");
	(void)!br_read(br_borrow(r), buf, sizeof buf, &n);
	br_close(&w);
	ev.events = BR_EPOLLIN;
	(void)!br_epoll_ctl(br_borrow(ep), BR_EPOLL_CTL_MOD, br_borrow(r), &ev);
	tap_errno(br_epoll_wait(br_borrow(ep), out, 4, 0, &n), BR_OK, "re-armed; the writer has closed");
	tap_ok(n == 1 && out[0].events == BR_EPOLLHUP, "EPOLLHUP without asking");
	tap_errno(br_epoll_ctl(br_borrow(ep), BR_EPOLL_CTL_DEL, br_borrow(r), 0), BR_OK, "ctl DEL with no event");
	tap_errno(br_epoll_wait(br_borrow(ep), out, 4, 0, &n), BR_OK, "wait after DEL");
	tap_eq(n, 0, "nothing");
	tap_errno(br_epoll_ctl(br_borrow(ep), BR_EPOLL_CTL_MOD, br_borrow(r), &ev), BR_ENOENT, "MOD of a removed fd: ENOENT");
	tap_errno(br_epoll_ctl(br_borrow(ep), BR_EPOLL_CTL_ADD, br_borrow(ep), &ev), BR_EINVAL, "ADD the epoll itself: EINVAL");
	(void)!br_memfd_create("bedrock-ev", BR_MFD_CLOEXEC, &m);
	tap_errno(br_epoll_ctl(br_borrow(ep), BR_EPOLL_CTL_ADD, br_borrow(m), &ev), BR_EPERM, "ADD a regular file: EPERM");
	tap_errno(br_epoll_ctl(br_borrow(ep), BR_EPOLL_CTL_ADD, br_fd_from_raw(tap_bad_fd[0].raw), &ev), BR_EBADF, "ADD a closed fd: EBADF");
	tap_errno(br_epoll_ctl(br_borrow(ep), BR_EPOLL_CTL_ADD, br_borrow(r), (br_epoll_event *)NT_BAD_PTR), BR_EFAULT, "ADD with a bad event pointer: EFAULT");
	tap_errno(br_epoll_ctl(br_borrow(r), BR_EPOLL_CTL_ADD, br_borrow(r), &ev), BR_EINVAL, "ctl on a pipe, not an epoll: EINVAL");
	tap_errno(br_epoll_wait(br_borrow(ep), out, 0, 0, &n), BR_EINVAL, "wait with maxevents 0: EINVAL");
	(void)!br_epoll_ctl(br_borrow(ep), BR_EPOLL_CTL_ADD, br_borrow(r), &ev);
	tap_errno(br_epoll_wait(br_borrow(ep), (br_epoll_event *)NT_BAD_PTR, 4, 0, &n), BR_EFAULT, "wait with a bad events pointer: EFAULT");

	/* epoll_pwait's mask, as ppoll's: a pending signal let in gives EINTR. */
	br_owned_fd ep3 BR_AUTOCLOSE = BR_NO_FD;
	(void)!br_epoll_create1(0, &ep3);
	br_sigaction act = {.flags = 0, .mask = br_sigset_empty()}, old_act;
	br_sigset usr1 = br_sigset_empty(), old_mask, empty = br_sigset_empty();
	act.handler = on_usr1;
	(void)!br_sigset_add(&usr1, BR_SIGUSR1);
	(void)!br_rt_sigaction(BR_SIGUSR1, &act, &old_act);
	(void)!br_rt_sigprocmask(BR_SIG_BLOCK, &usr1, &old_mask);
	(void)!br_kill(br_getpid(), BR_SIGUSR1);
	usr1_hits = 0;
	tap_errno(br_epoll_pwait(br_borrow(ep3), out, 4, 10000, &empty, &n), BR_EINTR, "epoll_pwait letting a pending signal in: EINTR");
	tap_eq((uint64_t)usr1_hits, 1, "the handler ran");
	(void)!br_rt_sigprocmask(BR_SIG_SETMASK, &old_mask, 0);
	(void)!br_rt_sigaction(BR_SIGUSR1, &old_act, 0);

	/* signalfd, listed beside them, is an epoll source like any other. */
	br_owned_fd sfd BR_AUTOCLOSE = BR_NO_FD;
	br_sigset usr2 = br_sigset_empty();
	(void)!br_sigset_add(&usr2, BR_SIGUSR2);
	(void)!br_rt_sigprocmask(BR_SIG_BLOCK, &usr2, &old_mask);
	(void)!br_signalfd(&usr2, BR_SFD_CLOEXEC | BR_SFD_NONBLOCK, &sfd);
	ev.events = BR_EPOLLIN;
	ev.data.u32 = 42;
	tap_errno(br_epoll_ctl(br_borrow(ep3), BR_EPOLL_CTL_ADD, br_borrow(sfd), &ev), BR_OK, "ADD a signalfd");
	(void)!br_kill(br_getpid(), BR_SIGUSR2);
	tap_errno(br_epoll_wait(br_borrow(ep3), out, 4, 5000, &n), BR_OK, "a signal arrives");
	tap_ok(n == 1 && out[0].data.u32 == 42, "the signalfd is readable");
	br_signalfd_siginfo si;
	tap_ok(br_read(br_borrow(sfd), &si, sizeof si, &n) == BR_OK && si.ssi_signo == BR_SIGUSR2, "and reads SIGUSR2");
	(void)!br_rt_sigprocmask(BR_SIG_SETMASK, &old_mask, 0);
}

static void test_eventfd(void)
{
	br_owned_fd e BR_AUTOCLOSE = BR_NO_FD, s BR_AUTOCLOSE = BR_NO_FD, i BR_AUTOCLOSE = BR_NO_FD;
	uint64_t v = 99;
	size_t n;

	tap_errno(br_eventfd(3, BR_EFD_NONBLOCK, &e), BR_OK, "eventfd initval 3, non-blocking");
	tap_ok(nt_cloexec(e) && nt_nonblock(e), "close-on-exec by default, non-blocking");
	tap_errno(br_eventfd_read(br_borrow(e), &v), BR_OK, "read");
	tap_eq(v, 3, "the initial value");
	tap_errno(br_eventfd_read(br_borrow(e), &v), BR_EAGAIN, "read at 0: EAGAIN");
	tap_eq(v, 0, "value 0 on error");
	tap_errno(br_eventfd_write(br_borrow(e), 5), BR_OK, "write 5");
	tap_errno(br_eventfd_write(br_borrow(e), 7), BR_OK, "write 7");
	br_pollfd p = {e.raw, BR_POLLIN | BR_POLLOUT, 0};
	tap_ok(br_poll(&p, 1, 0, &n) == BR_OK && p.revents == (BR_POLLIN | BR_POLLOUT), "readable and writable");
	(void)!br_eventfd_read(br_borrow(e), &v);
	tap_eq(v, 12, "counter mode: one read takes the sum");
	tap_errno(br_eventfd_write(br_borrow(e), UINT64_MAX), BR_EINVAL, "write 2^64-1: EINVAL");
	tap_errno(br_eventfd_write(br_borrow(e), UINT64_MAX - 1), BR_OK, "write 2^64-2 (the maximum)");
	tap_errno(br_eventfd_write(br_borrow(e), 1), BR_EAGAIN, "one more would overflow: EAGAIN");
	(void)!br_eventfd_read(br_borrow(e), &v);
	tap_eq(v, UINT64_MAX - 1, "reads back 2^64-2");
	char small[4];
	(void)!br_eventfd_write(br_borrow(e), 1);
	tap_errno(br_read(br_borrow(e), small, 4, &n), BR_EINVAL, "a read of 4 bytes: EINVAL");
	tap_errno(br_write(br_borrow(e), small, 4, &n), BR_EINVAL, "a write of 4 bytes: EINVAL");
	tap_errno(br_syscall_errno(br_syscall3(BR_SYS_read, e.raw, (long)NT_BAD_PTR, 8)), BR_EFAULT,
		  "a read into a bad pointer: EFAULT");

	tap_errno(br_eventfd(2, BR_EFD_SEMAPHORE | BR_EFD_NONBLOCK, &s), BR_OK, "eventfd semaphore, initval 2");
	(void)!br_eventfd_read(br_borrow(s), &v);
	tap_eq(v, 1, "semaphore mode: read gives 1");
	(void)!br_eventfd_read(br_borrow(s), &v);
	tap_eq(v, 1, "and 1 again");
	tap_errno(br_eventfd_read(br_borrow(s), &v), BR_EAGAIN, "then EAGAIN at 0");
	tap_errno(br_eventfd(0, BR_EFD_INHERIT, &i), BR_OK, "eventfd BR_EFD_INHERIT");
	tap_ok(!nt_cloexec(i) && !nt_nonblock(i), "no close-on-exec, blocking");
	br_owned_fd x = BR_NO_FD;
	tap_errno(br_eventfd(0, 0x10, &x), BR_EINVAL, "unknown flag: EINVAL");
	tap_eq((uint64_t)(int64_t)x.raw, (uint64_t)-1, "holds nothing");
}

static void test_timerfd(void)
{
	br_owned_fd t BR_AUTOCLOSE = BR_NO_FD, i BR_AUTOCLOSE = BR_NO_FD;
	br_itimerspec cur = {{9, 9}, {9, 9}}, old, set;
	uint64_t count = 99;
	size_t n;

	tap_errno(br_timerfd_create(BR_CLOCK_MONOTONIC, 0, &t), BR_OK, "timerfd_create CLOCK_MONOTONIC");
	tap_ok(nt_cloexec(t) && !nt_nonblock(t), "close-on-exec by default, blocking");
	tap_errno(br_timerfd_gettime(br_borrow(t), &cur), BR_OK, "gettime");
	tap_ok(cur.value.sec == 0 && cur.value.nsec == 0 && cur.interval.sec == 0, "disarmed at first");

	set = (br_itimerspec){{0, 0}, {0, 50000000}};
	/* From before the arming: the TAP lines between take time on a slow
	 * console (the boot suite's serial port). */
	int64_t t0 = nt_ms();
	tap_errno(br_timerfd_settime(br_borrow(t), 0, &set, &old), BR_OK, "settime one-shot 50 ms");
	tap_ok(old.value.sec == 0 && old.value.nsec == 0, "the old setting was disarmed");
	(void)!br_timerfd_gettime(br_borrow(t), &cur);
	tap_ok(cur.value.sec == 0 && cur.value.nsec > 0 && cur.value.nsec <= 50000000, "gettime: at most 50 ms to go");
	tap_errno(br_timerfd_read(br_borrow(t), &count), BR_OK, "a blocking read waits for the expiry");
	int64_t took = nt_ms() - t0;
	tap_ok(count == 1 && took >= 40 && took < 5000, "one expiry after about 50 ms");
	(void)!br_timerfd_gettime(br_borrow(t), &cur);
	tap_ok(cur.value.sec == 0 && cur.value.nsec == 0, "a one-shot timer is disarmed after it fires");

	tap_errno(br_timerfd_create(BR_CLOCK_MONOTONIC, BR_TFD_NONBLOCK | BR_TFD_INHERIT, &i), BR_OK,
		  "timerfd_create non-blocking, BR_TFD_INHERIT");
	tap_ok(!nt_cloexec(i) && nt_nonblock(i), "no close-on-exec, non-blocking");
	tap_errno(br_timerfd_read(br_borrow(i), &count), BR_EAGAIN, "read before any expiry: EAGAIN");
	tap_eq(count, 0, "count 0 on error");
	set = (br_itimerspec){{0, 20000000}, {0, 20000000}};
	tap_errno(br_timerfd_settime(br_borrow(i), 0, &set, 0), BR_OK, "settime periodic, every 20 ms");
	br_timespec nap = {0, 130000000};
	(void)!br_nanosleep(&nap, 0);
	tap_errno(br_timerfd_read(br_borrow(i), &count), BR_OK, "read after 130 ms");
	tap_ok(count >= 4 && count <= 7, "the expiry count: about 6");
	if (count < 4 || count > 7) {
		tap_puts("#   count ");
		tap_putu(count);
		tap_puts("\n");
	}
	(void)!br_timerfd_gettime(br_borrow(i), &cur);
	tap_ok(cur.interval.sec == 0 && cur.interval.nsec == 20000000, "gettime gives the period");
	br_pollfd p = {i.raw, BR_POLLIN, 0};
	tap_ok(br_poll(&p, 1, 1000, &n) == BR_OK && n == 1, "poll sees the next expiry");

	br_timespec now;
	(void)!br_clock_gettime(BR_CLOCK_MONOTONIC, &now);
	/* A second ago, or half the time since boot on a kernel up for less
	 * than a second (the boot suite's riscv64 kernel): tv_sec < 0 is EINVAL. */
	set = now.sec ? (br_itimerspec){{0, 0}, {now.sec - 1, now.nsec}}
		      : (br_itimerspec){{0, 0}, {0, now.nsec / 2 + 1}};
	tap_errno(br_timerfd_settime(br_borrow(t), BR_TFD_TIMER_ABSTIME, &set, 0), BR_OK, "settime absolute, in the past");
	tap_errno(br_timerfd_read(br_borrow(t), &count), BR_OK, "expires at once");
	tap_eq(count, 1, "once");

	set = (br_itimerspec){{0, 0}, {0, 1000000000}};
	tap_errno(br_timerfd_settime(br_borrow(t), 0, &set, 0), BR_EINVAL, "nsec 10^9: EINVAL");
	set = (br_itimerspec){{0, 0}, {0, 1}};
	tap_errno(br_timerfd_settime(br_borrow(t), 0x100, &set, 0), BR_EINVAL, "unknown settime flag: EINVAL");
	tap_errno(br_timerfd_settime(br_borrow(t), 0, (br_itimerspec *)NT_BAD_PTR, 0), BR_EFAULT, "bad value pointer: EFAULT");
	tap_errno(br_timerfd_gettime(br_borrow(t), (br_itimerspec *)NT_BAD_PTR), BR_EFAULT, "gettime into a bad pointer: EFAULT");
	tap_errno(br_timerfd_gettime(br_fd_from_raw(tap_bad_fd[0].raw), &cur), BR_EBADF, "gettime of a closed fd: EBADF");
	br_owned_fd x = BR_NO_FD;
	tap_errno(br_timerfd_create(9999, 0, &x), BR_EINVAL, "an unknown clock: EINVAL");
	tap_errno(br_timerfd_create(BR_CLOCK_MONOTONIC, 1, &x), BR_EINVAL, "an unknown flag: EINVAL");
	char small[4];
	tap_errno(br_read(br_borrow(t), small, 4, &n), BR_EINVAL, "a read of 4 bytes: EINVAL");
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	tap_bad_fd[0].raw = tap_closed_number();
	tap_group(test_poll, "poll");
	tap_group(test_epoll, "epoll");
	tap_group(test_eventfd, "eventfd");
	tap_group(test_timerfd, "timerfd");
	return tap_done();
}
