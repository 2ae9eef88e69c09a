/* SPDX-License-Identifier: MIT */
/* event.h: poll is ppoll and epoll_wait is epoll_pwait on every
 * architecture (SIGSETSIZE 8); new descriptors get close-on-exec
 * (0x80000) unless the INHERIT flag is given. Fixed descriptors: 76 an
 * epoll instance, 77 an eventfd, 78 a timerfd. */
#include "trace.h"

enum { FD_EPOLL = 76, FD_EVENT = 77, FD_TIMER = 78 };

void trace_event(void)
{
	br_owned_fd o = BR_NO_FD;
	br_pollfd p = {FD_PIPE_W, BR_POLLOUT, 0};
	br_timespec t = {0, 1031};
	br_sigset mask = br_sigset_empty();
	br_epoll_event ev, out[4];
	br_itimerspec spec = {{0, 0}, {0, 1032}}, cur;
	uint64_t v;
	size_t n;

	SEG("br_poll", "ppoll(*, 1, *, 0, SIGSETSIZE) = 1");
	USE(CALL(br_poll)(&p, 1, 1030, &n));
	SEG("br_poll (no timeout)", "ppoll(*, 1, 0, 0, SIGSETSIZE) = 1");
	USE(CALL(br_poll)(&p, 1, -1, &n));
	SEG("br_ppoll", "ppoll(*, 1, *, *, SIGSETSIZE) = 1");
	USE(CALL(br_ppoll)(&p, 1, &t, &mask, &n));

	SEG("br_epoll_create1", "epoll_create1(0x80000) = $ep");
	USE(CALL(br_epoll_create1)(0, &o));
	SEG("setup: epoll to fd 76", "dup3($ep, 76, O_CLOEXEC) = 76; close($ep) = 0");
	move_fd(o.raw, FD_EPOLL);
	SEG("br_epoll_create1 (inheritable)", "epoll_create1(0) = $ep2");
	USE(CALL(br_epoll_create1)(BR_EPOLL_INHERIT, &o));
	SEG("setup: close it", "close($ep2) = 0");
	br_close(&o);
	ev.events = BR_EPOLLOUT;
	ev.data.u64 = 1033;
	SEG("br_epoll_ctl", "epoll_ctl(76, 1, 51, *) = 0");
	USE(CALL(br_epoll_ctl)(br_fd_from_raw(FD_EPOLL), BR_EPOLL_CTL_ADD, br_fd_from_raw(FD_PIPE_W), &ev));
	SEG("br_epoll_pwait", "epoll_pwait(76, *, 4, 1034, *, SIGSETSIZE) = 1");
	USE(CALL(br_epoll_pwait)(br_fd_from_raw(FD_EPOLL), out, 4, 1034, &mask, &n));
	SEG("br_epoll_wait", "epoll_pwait(76, *, 3, 1035, 0, SIGSETSIZE) = 1");
	USE(CALL(br_epoll_wait)(br_fd_from_raw(FD_EPOLL), out, 3, 1035, &n));
	SEG("br_epoll_ctl (delete)", "epoll_ctl(76, 2, 51, 0) = 0");
	USE(CALL(br_epoll_ctl)(br_fd_from_raw(FD_EPOLL), BR_EPOLL_CTL_DEL, br_fd_from_raw(FD_PIPE_W), 0));

	SEG("br_eventfd", "eventfd2(1036, 0x80801) = $ev");
	USE(CALL(br_eventfd)(1036, BR_EFD_SEMAPHORE | BR_EFD_NONBLOCK, &o));
	SEG("setup: eventfd to fd 77", "dup3($ev, 77, O_CLOEXEC) = 77; close($ev) = 0");
	move_fd(o.raw, FD_EVENT);
	SEG("br_eventfd_write", "write(77, *, 8) = 8");
	USE(CALL(br_eventfd_write)(br_fd_from_raw(FD_EVENT), 1037));
	SEG("br_eventfd_read", "read(77, *, 8) = 8");
	USE(CALL(br_eventfd_read)(br_fd_from_raw(FD_EVENT), &v));

	SEG("br_timerfd_create", "timerfd_create(CLOCK_MONOTONIC, 0x80800) = $tf");
	USE(CALL(br_timerfd_create)(BR_CLOCK_MONOTONIC, BR_TFD_NONBLOCK, &o));
	SEG("setup: timerfd to fd 78", "dup3($tf, 78, O_CLOEXEC) = 78; close($tf) = 0");
	move_fd(o.raw, FD_TIMER);
	SEG("br_timerfd_settime", "timerfd_settime(78, 1, *, *) = 0");
	USE(CALL(br_timerfd_settime)(br_fd_from_raw(FD_TIMER), BR_TFD_TIMER_ABSTIME, &spec, &cur));
	SEG("br_timerfd_gettime", "timerfd_gettime(78, *) = 0");
	USE(CALL(br_timerfd_gettime)(br_fd_from_raw(FD_TIMER), &cur));
	SEG("br_timerfd_read", "read(78, *, 8) = 8");
	USE(CALL(br_timerfd_read)(br_fd_from_raw(FD_TIMER), &v));
	SEG("setup: close 76, 77, 78", "close(76) = 0; close(77) = 0; close(78) = 0");
	br_close_raw(FD_EPOLL);
	br_close_raw(FD_EVENT);
	br_close_raw(FD_TIMER);
}
