/* SPDX-License-Identifier: MIT */
/* Helpers the socket tests (tests/net_*.c, tests/event.c) share. */
#ifndef BR_TESTS_NET_UTIL_H
#define BR_TESTS_NET_UTIL_H

#include "tap.h"

/* Whether raw has close-on-exec (false if it is not open). */
static __attribute__((unused)) bool nt_cloexec(br_owned_fd fd)
{
	unsigned f = 0;
	return br_fcntl_getfd(br_borrow(fd), &f) == BR_OK && (f & BR_FD_CLOEXEC);
}

/* Whether the open file has O_NONBLOCK. */
static __attribute__((unused)) bool nt_nonblock(br_owned_fd fd)
{
	unsigned f = 0;
	return br_fcntl_getfl(br_borrow(fd), &f) == BR_OK && (f & BR_O_NONBLOCK);
}

/* The loopback address of family (BR_AF_INET or BR_AF_INET6) with port. */
static __attribute__((unused)) br_sockaddr_any nt_loopback(int family, uint16_t port)
{
	br_in6_addr lo = br_in6addr_loopback();
	return family == BR_AF_INET ? br_sockaddr_inet(BR_INADDR_LOOPBACK, port) : br_sockaddr_inet6(&lo, port, 0);
}

/* A socket's local address; len 0 on error. */
static __attribute__((unused)) br_sockaddr_any nt_local(br_fd fd)
{
	br_sockaddr_any a;
	a.len = sizeof a.storage;
	if (br_getsockname(fd, &a.sa, &a.len))
		a.len = 0;
	return a;
}

/* A socket of type bound to the loopback of family with a kernel-chosen
 * port, listening if type is a stream or seqpacket; its address in *addr. */
static __attribute__((unused)) br_errno nt_server(int family, unsigned type, br_owned_fd *out, br_sockaddr_any *addr)
{
	br_sockaddr_any a = nt_loopback(family, 0);
	br_errno e = br_socket(family, type, 0, out);
	if (!e)
		e = br_bind(br_borrow(*out), &a.sa, a.len);
	if (!e && (type & 0xf) != BR_SOCK_DGRAM)
		e = br_listen(br_borrow(*out), 16);
	if (!e)
		*addr = nt_local(br_borrow(*out));
	if (e)
		br_close(out);
	return e;
}

/* A port of family's loopback where nothing listens: bound (so nobody else
 * takes it) but not listening, for ECONNREFUSED; the holder in *hold. */
static __attribute__((unused)) br_sockaddr_any nt_refusing(int family, br_owned_fd *hold)
{
	br_sockaddr_any a = nt_loopback(family, 0);
	if (br_socket(family, BR_SOCK_STREAM, 0, hold) || br_bind(br_borrow(*hold), &a.sa, a.len))
		a.len = 0;
	else
		a = nt_local(br_borrow(*hold));
	return a;
}

/* A connected TCP pair over family's loopback: *client and the accepted *server. */
static __attribute__((unused)) br_errno nt_tcp_pair(int family, br_owned_fd *client, br_owned_fd *server)
{
	br_owned_fd l BR_AUTOCLOSE = BR_NO_FD;
	br_sockaddr_any a;
	br_errno e = nt_server(family, BR_SOCK_STREAM, &l, &a);
	if (!e)
		e = br_socket(family, BR_SOCK_STREAM, 0, client);
	if (!e)
		e = br_connect(br_borrow(*client), &a.sa, a.len);
	if (!e)
		e = br_accept(br_borrow(l), 0, 0, server);
	if (e)
		br_close(client);
	return e;
}

/* Monotonic milliseconds. */
static __attribute__((unused)) int64_t nt_ms(void)
{
	br_timespec t = {0, 0};
	(void)!br_clock_gettime(BR_CLOCK_MONOTONIC, &t);
	return t.sec * 1000 + t.nsec / 1000000;
}

/* Brings the loopback interface up if it is down (it is, in the boot
 * suite's fresh initramfs, where nothing configures it): SIOCGIFFLAGS and
 * SIOCSIFFLAGS on "lo". Returns whether it had to; a comment says so. */
static __attribute__((unused)) bool nt_loopback_up(void)
{
	struct {
		char name[16];
		short flags;
		char pad[22];
	} ifr = {"lo", 0, {0}};
	br_owned_fd s BR_AUTOCLOSE = BR_NO_FD;
	if (br_socket(BR_AF_INET, BR_SOCK_DGRAM, 0, &s) ||
	    br_syscall_errno(br_syscall3(BR_SYS_ioctl, s.raw, 0x8913 /* SIOCGIFFLAGS */, (long)&ifr)) ||
	    (ifr.flags & 1 /* IFF_UP */))
		return false;
	ifr.flags |= 1;
	if (br_syscall_errno(br_syscall3(BR_SYS_ioctl, s.raw, 0x8914 /* SIOCSIFFLAGS */, (long)&ifr)))
		return false;
	tap_diag("the loopback interface was down: brought it up (SIOCSIFFLAGS)");
	return true;
}

/* A bad pointer the kernel must answer with EFAULT: mapped nowhere. */
#define NT_BAD_PTR ((void *)16)

#endif
