/* SPDX-License-Identifier: MIT */
/* Waiting for descriptors and the descriptors made to be waited for:
 * poll and ppoll, epoll, eventfd and timerfd; signalfd (br_signalfd,
 * br_signalfd_set_mask in bedrock/signal.h, included here) belongs beside
 * them. One code path on every architecture: poll is ppoll and
 * epoll_wait is epoll_pwait (aarch64 and riscv64 have neither poll nor
 * epoll_wait). New descriptors get close-on-exec unless the caller passes
 * the family's INHERIT flag. */
#ifndef BEDROCK_EVENT_H
#define BEDROCK_EVENT_H

#include <bedrock/io.h>
#include <bedrock/signal.h>
#include <bedrock/time.h>

BR_BEGIN_DECLS

/* poll event: data to read. */
#define BR_POLLIN 0x0001
/* poll event: urgent data to read. */
#define BR_POLLPRI 0x0002
/* poll event: writing will not block. */
#define BR_POLLOUT 0x0004
/* poll result: an error condition (always reported). */
#define BR_POLLERR 0x0008
/* poll result: hung up, the far end is closed (always reported). */
#define BR_POLLHUP 0x0010
/* poll result: the descriptor is not open (always reported). */
#define BR_POLLNVAL 0x0020
/* poll event: normal data to read. */
#define BR_POLLRDNORM 0x0040
/* poll event: priority band data to read. */
#define BR_POLLRDBAND 0x0080
/* poll event: normal data may be written. */
#define BR_POLLWRNORM 0x0100
/* poll event: priority data may be written. */
#define BR_POLLWRBAND 0x0200
/* poll event: the peer shut down its writing half (stream sockets). */
#define BR_POLLRDHUP 0x2000

/* One descriptor to poll: the kernel's struct pollfd. A negative fd is
 * skipped (revents 0). */
typedef struct br_pollfd {
	int fd;
	short events;
	short revents;
} br_pollfd;

/* ppoll(2): waits until one of the n descriptors is ready, *timeout passes
 * (NULL: forever; the kernel writes back the time left) or a signal not in
 * *mask arrives (mask NULL: the thread's own mask); *nready is the number
 * of descriptors with revents. n beyond RLIMIT_NOFILE gives EINVAL (the
 * kernel reads n as 32 bits). */
BR_MUST_USE BR_INLINE br_errno br_ppoll(br_pollfd *fds, size_t n, br_timespec *timeout, const br_sigset *mask,
					size_t *nready)
{
	return br__ret_size(br_syscall5(BR_SYS_ppoll, (long)fds, (long)n, (long)timeout, (long)mask,
					sizeof(br_sigset)),
			    nready);
}

/* poll(2) as ppoll(2): timeout in milliseconds, negative for none (0: just
 * look). EINTR when a handled signal arrives. */
BR_MUST_USE BR_INLINE br_errno br_poll(br_pollfd *fds, size_t n, int timeout_ms, size_t *nready)
{
	br_timespec ts = {timeout_ms / 1000, (timeout_ms % 1000) * 1000000L};
	return br__ret_size(br_syscall5(BR_SYS_ppoll, (long)fds, (long)n, timeout_ms < 0 ? 0 : (long)&ts, 0,
					sizeof(br_sigset)),
			    nready);
}

/* epoll_create1 flag: close-on-exec; bedrock adds it unless BR_EPOLL_INHERIT. */
#define BR_EPOLL_CLOEXEC 02000000u
/* bedrock's own epoll_create1 flag: no close-on-exec (never reaches the kernel). */
#define BR_EPOLL_INHERIT 0x40000000u

/* epoll_ctl op: add fd to the interest list. */
#define BR_EPOLL_CTL_ADD 1
/* epoll_ctl op: remove fd. */
#define BR_EPOLL_CTL_DEL 2
/* epoll_ctl op: change fd's events and data. */
#define BR_EPOLL_CTL_MOD 3

/* epoll event: data to read. */
#define BR_EPOLLIN 0x00000001u
/* epoll event: urgent data. */
#define BR_EPOLLPRI 0x00000002u
/* epoll event: writable. */
#define BR_EPOLLOUT 0x00000004u
/* epoll result: error (always reported). */
#define BR_EPOLLERR 0x00000008u
/* epoll result: hang-up (always reported). */
#define BR_EPOLLHUP 0x00000010u
/* epoll event: the peer shut down writing. */
#define BR_EPOLLRDHUP 0x00002000u
/* epoll flag: one waiter woken per event (EPOLL_CTL_ADD only). */
#define BR_EPOLLEXCLUSIVE (1u << 28)
/* epoll flag: keep the system awake while the event is pending. */
#define BR_EPOLLWAKEUP (1u << 29)
/* epoll flag: report once, then disable until EPOLL_CTL_MOD re-arms. */
#define BR_EPOLLONESHOT (1u << 30)
/* epoll flag: edge-triggered, report changes rather than states. */
#define BR_EPOLLET (1u << 31)

/* One epoll event and the caller's data for it; the kernel's struct
 * epoll_event (packed to 12 bytes on x86_64, 16 bytes elsewhere). */
typedef struct br_epoll_event {
	uint32_t events;
	union {
		void *ptr;
		int fd;
		uint32_t u32;
		uint64_t u64;
	} data;
} BR__EPOLL_PACKED br_epoll_event;

/* epoll_create1(2): a new epoll instance; flags BR_EPOLL_INHERIT (else
 * close-on-exec). */
BR_MUST_USE BR_INLINE br_errno br_epoll_create1(unsigned flags, br_owned_fd *out)
{
	flags = flags & BR_EPOLL_INHERIT ? flags & ~BR_EPOLL_INHERIT : flags | BR_EPOLL_CLOEXEC;
	return br__ret_fd(br_syscall1(BR_SYS_epoll_create1, (long)flags), out);
}

/* epoll_ctl(2): adds, changes or removes fd (op BR_EPOLL_CTL_*); ev may be
 * NULL for BR_EPOLL_CTL_DEL. */
BR_MUST_USE BR_INLINE br_errno br_epoll_ctl(br_fd ep, int op, br_fd fd, br_epoll_event *ev)
{
	return br_syscall_errno(br_syscall4(BR_SYS_epoll_ctl, ep.raw, op, fd.raw, (long)ev));
}

/* epoll_pwait(2): waits up to timeout_ms (negative: forever, 0: just look)
 * for events, at most max into events, with the signal mask *mask (NULL:
 * the thread's own); *n is how many arrived. */
BR_MUST_USE BR_INLINE br_errno br_epoll_pwait(br_fd ep, br_epoll_event *events, int max, int timeout_ms,
					      const br_sigset *mask, size_t *n)
{
	return br__ret_size(br_syscall6(BR_SYS_epoll_pwait, ep.raw, (long)events, max, timeout_ms, (long)mask,
					sizeof(br_sigset)),
			    n);
}

/* epoll_wait(2) as epoll_pwait(2) with no mask: the one path on every
 * architecture. */
BR_MUST_USE BR_INLINE br_errno br_epoll_wait(br_fd ep, br_epoll_event *events, int max, int timeout_ms, size_t *n)
{
	return br_epoll_pwait(ep, events, max, timeout_ms, 0, n);
}

/* eventfd flag: reads take 1 at a time instead of the whole counter. */
#define BR_EFD_SEMAPHORE 1u
/* eventfd flag: non-blocking reads and writes (EAGAIN). */
#define BR_EFD_NONBLOCK 04000u
/* eventfd flag: close-on-exec; bedrock adds it unless BR_EFD_INHERIT. */
#define BR_EFD_CLOEXEC 02000000u
/* bedrock's own eventfd flag: no close-on-exec (never reaches the kernel). */
#define BR_EFD_INHERIT 0x40000000u

/* eventfd2(2): a counter starting at initval; flags BR_EFD_SEMAPHORE,
 * BR_EFD_NONBLOCK, BR_EFD_INHERIT (else close-on-exec). */
BR_MUST_USE BR_INLINE br_errno br_eventfd(unsigned initval, unsigned flags, br_owned_fd *out)
{
	flags = flags & BR_EFD_INHERIT ? flags & ~BR_EFD_INHERIT : flags | BR_EFD_CLOEXEC;
	return br__ret_fd(br_syscall2(BR_SYS_eventfd2, (long)initval, (long)flags), out);
}

/* read(2) of an eventfd: the counter, which becomes 0 (semaphore mode: 1,
 * and the counter drops by 1); blocks (or EAGAIN) while it is 0. *value
 * 0 on error. A short read cannot happen: the kernel gives 8 bytes or
 * EINVAL. */
BR_MUST_USE BR_INLINE br_errno br_eventfd_read(br_fd fd, uint64_t *value)
{
	uint64_t v = 0;
	br_errno e = br_syscall_errno(br_syscall3(BR_SYS_read, fd.raw, (long)&v, sizeof v));
	*value = e ? 0 : v;
	return e;
}

/* write(2) of an eventfd: adds value to the counter; blocks (or EAGAIN)
 * while that would pass 2^64 - 2; value UINT64_MAX gives EINVAL. */
BR_MUST_USE BR_INLINE br_errno br_eventfd_write(br_fd fd, uint64_t value)
{
	return br_syscall_errno(br_syscall3(BR_SYS_write, fd.raw, (long)&value, sizeof value));
}

/* A timer setting: the first expiry (value) and the period after it
 * (interval, {0, 0} for one shot); the kernel's struct __kernel_itimerspec. */
typedef struct br_itimerspec {
	br_timespec interval;
	br_timespec value;
} br_itimerspec;

/* timerfd_create flag: non-blocking reads (EAGAIN before an expiry). */
#define BR_TFD_NONBLOCK 04000u
/* timerfd_create flag: close-on-exec; bedrock adds it unless BR_TFD_INHERIT. */
#define BR_TFD_CLOEXEC 02000000u
/* bedrock's own timerfd_create flag: no close-on-exec (never reaches the kernel). */
#define BR_TFD_INHERIT 0x40000000u
/* timerfd_settime flag: value is an absolute time on the timer's clock. */
#define BR_TFD_TIMER_ABSTIME 1
/* timerfd_settime flag (CLOCK_REALTIME, absolute): read fails with
 * ECANCELED when the clock is set. */
#define BR_TFD_TIMER_CANCEL_ON_SET 2

/* timerfd_create(2): a timer on clock (BR_CLOCK_MONOTONIC, REALTIME,
 * BOOTTIME...) whose expiries are read as a count; disarmed at first. */
BR_MUST_USE BR_INLINE br_errno br_timerfd_create(int clock, unsigned flags, br_owned_fd *out)
{
	flags = flags & BR_TFD_INHERIT ? flags & ~BR_TFD_INHERIT : flags | BR_TFD_CLOEXEC;
	return br__ret_fd(br_syscall2(BR_SYS_timerfd_create, clock, (long)flags), out);
}

/* timerfd_settime(2): arms (value {0, 0}: disarms) the timer; the previous
 * setting goes to *old if old is not NULL. nsec must be below 10^9. */
BR_MUST_USE BR_INLINE br_errno br_timerfd_settime(br_fd fd, int flags, const br_itimerspec *value,
						  br_itimerspec *old)
{
	return br_syscall_errno(br_syscall4(BR_SYS_timerfd_settime, fd.raw, flags, (long)value, (long)old));
}

/* timerfd_gettime(2): the time to the next expiry and the period. */
BR_MUST_USE BR_INLINE br_errno br_timerfd_gettime(br_fd fd, br_itimerspec *cur)
{
	return br_syscall_errno(br_syscall2(BR_SYS_timerfd_gettime, fd.raw, (long)cur));
}

/* read(2) of a timerfd: the number of expiries since the last read (at
 * least 1; blocks, or EAGAIN, before the first). *count 0 on error. */
BR_MUST_USE BR_INLINE br_errno br_timerfd_read(br_fd fd, uint64_t *count)
{
	uint64_t v = 0;
	br_errno e = br_syscall_errno(br_syscall3(BR_SYS_read, fd.raw, (long)&v, sizeof v));
	*count = e ? 0 : v;
	return e;
}

BR_END_DECLS

#endif
