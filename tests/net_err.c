/* SPDX-License-Identifier: MIT */
/* net.h, bad input: every socket call on descriptors that are not open
 * (EBADF) and on ones that are not sockets (ENOTSOCK), bad pointers for
 * addresses, lengths, buffers and options (EFAULT), bad lengths (EINVAL),
 * unknown domains, types, protocols and flags, calls in the wrong state,
 * too many iovecs, oversized datagrams, and EMFILE at socket() and
 * socketpair(): an error never leaves a descriptor behind. */
#include "net_util.h"

/* Each socket call once on fd, expecting want from all of them. */
static void every_call(br_fd fd, br_errno want, const char *what)
{
	br_sockaddr_any a = br_sockaddr_inet(BR_INADDR_LOOPBACK, 9);
	br_owned_fd o = br_owned_fd_from_raw(4444);
	char buf[8];
	br_iovec iov = {buf, sizeof buf};
	br_msghdr msg = {0, 0, &iov, 1, 0, 0, 0};
	br_mmsghdr mm = {msg, 0};
	uint32_t len = sizeof a.storage;
	size_t n = 7;
	unsigned count = 7;
	int v;
	bool on;
	br_timeval tv = {0, 0};
	br_ucred cred;
	br_errno pending;
	int ok = 0, total = 0;

#define CHECK(call)                                                                                        \
	do {                                                                                               \
		br_errno e_ = (call);                                                                      \
		total++;                                                                                   \
		if (e_ == want)                                                                            \
			ok++;                                                                              \
		else                                                                                       \
			tap_diag(tap_nm(what, #call, tap_errname(e_)));                                    \
	} while (0)
	CHECK(br_bind(fd, &a.sa, a.len));
	CHECK(br_listen(fd, 1));
	CHECK(br_accept4(fd, &a.sa, &len, 0, &o));
	CHECK(br_accept(fd, 0, 0, &o));
	CHECK(br_connect(fd, &a.sa, a.len));
	CHECK(br_shutdown(fd, BR_SHUT_RDWR));
	CHECK(br_getsockname(fd, &a.sa, &len));
	CHECK(br_getpeername(fd, &a.sa, &len));
	CHECK(br_sendto(fd, buf, 1, BR_MSG_NOSIGNAL, &a.sa, a.len, &n));
	CHECK(br_send(fd, buf, 1, BR_MSG_NOSIGNAL, &n));
	CHECK(br_recvfrom(fd, buf, 1, BR_MSG_DONTWAIT, 0, 0, &n));
	CHECK(br_recv(fd, buf, 1, BR_MSG_DONTWAIT, &n));
	CHECK(br_sendmsg(fd, &msg, BR_MSG_NOSIGNAL, &n));
	CHECK(br_recvmsg(fd, &msg, BR_MSG_DONTWAIT, &n));
	CHECK(br_sendmmsg(fd, &mm, 1, BR_MSG_NOSIGNAL, &count));
	CHECK(br_recvmmsg(fd, &mm, 1, BR_MSG_DONTWAIT, 0, &count));
	CHECK(br_setsockopt_int(fd, BR_SOL_SOCKET, BR_SO_REUSEADDR, 1));
	CHECK(br_getsockopt_int(fd, BR_SOL_SOCKET, BR_SO_TYPE, &v));
	CHECK(br_setsockopt_reuseaddr(fd, true));
	CHECK(br_getsockopt_reuseaddr(fd, &on));
	CHECK(br_setsockopt_reuseport(fd, true));
	CHECK(br_getsockopt_reuseport(fd, &on));
	CHECK(br_setsockopt_keepalive(fd, true));
	CHECK(br_getsockopt_keepalive(fd, &on));
	CHECK(br_setsockopt_rcvbuf(fd, 4096));
	CHECK(br_getsockopt_rcvbuf(fd, &v));
	CHECK(br_setsockopt_sndbuf(fd, 4096));
	CHECK(br_getsockopt_sndbuf(fd, &v));
	CHECK(br_setsockopt_rcvtimeo(fd, &tv));
	CHECK(br_getsockopt_rcvtimeo(fd, &tv));
	CHECK(br_setsockopt_sndtimeo(fd, &tv));
	CHECK(br_getsockopt_sndtimeo(fd, &tv));
	CHECK(br_getsockopt_error(fd, &pending));
	CHECK(br_getsockopt_peercred(fd, &cred));
	CHECK(br_setsockopt_tcp_nodelay(fd, true));
	CHECK(br_getsockopt_tcp_nodelay(fd, &on));
	CHECK(br_setsockopt_ipv6_v6only(fd, true));
	CHECK(br_getsockopt_ipv6_v6only(fd, &on));
	CHECK(br_send_fds(fd, buf, 1, 0, 0, &n));
	bool cut;
	CHECK(br_recv_fds(fd, buf, 1, &o, 1, &n, &cut, &n));
#undef CHECK
	tap_eq((uint64_t)ok, (uint64_t)total, tap_nm(what, br_errno_name(want), "from every socket call"));
	tap_eq((uint64_t)(int64_t)o.raw, (uint64_t)-1, tap_nm(what, "the accept out descriptor holds nothing", 0));
}

static void test_bad_fds(void)
{
	for (int i = 0; i < TAP_NBAD; i++)
		every_call(br_fd_from_raw(tap_bad_fd[i].raw), BR_EBADF, tap_bad_fd[i].what);
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	(void)!br_pipe2(BR_O_CLOEXEC, &r, &w);
	every_call(br_borrow(r), BR_ENOTSOCK, "a pipe");
}

static void test_create(void)
{
	br_owned_fd s = br_owned_fd_from_raw(4444);

	tap_errno(br_socket(12345, BR_SOCK_STREAM, 0, &s), BR_EAFNOSUPPORT, "socket of an unknown family: EAFNOSUPPORT");
	tap_eq((uint64_t)(int64_t)s.raw, (uint64_t)-1, "holds nothing");
	tap_errno(br_socket(BR_AF_INET, 14, 0, &s), BR_EINVAL, "an unknown type: EINVAL");
	if (tap_under_qemu())
		tap_skip("an unknown type flag: EINVAL", "qemu-user 7.2 drops socket type flags it does not know "
			 "and creates the socket");
	else
		tap_errno(br_socket(BR_AF_INET, BR_SOCK_STREAM | 0x100000, 0, &s), BR_EINVAL, "an unknown type flag: EINVAL");
	tap_errno(br_socket(BR_AF_INET, BR_SOCK_STREAM, BR_IPPROTO_UDP, &s), BR_EPROTONOSUPPORT,
		  "a stream socket with UDP: EPROTONOSUPPORT");
	tap_errno(br_socket(BR_AF_UNIX, BR_SOCK_STREAM, 7, &s), BR_EPROTONOSUPPORT, "a Unix socket with a protocol: EPROTONOSUPPORT");
}

static void test_bad_pointers_lengths(void)
{
	br_owned_fd t BR_AUTOCLOSE = BR_NO_FD, u BR_AUTOCLOSE = BR_NO_FD, c BR_AUTOCLOSE = BR_NO_FD;
	br_owned_fd s BR_AUTOCLOSE = BR_NO_FD, x = BR_NO_FD;
	br_sockaddr_any a = br_sockaddr_inet(BR_INADDR_LOOPBACK, 0), ua;
	uint32_t len;
	size_t n;
	char buf[8];
	int v;

	(void)!br_socket(BR_AF_INET, BR_SOCK_STREAM, 0, &t);
	tap_errno(br_bind(br_borrow(t), (const br_sockaddr *)NT_BAD_PTR, 16), BR_EFAULT, "bind with a bad address: EFAULT");
	tap_errno(br_bind(br_borrow(t), &a.sa, 0), BR_EINVAL, "bind with length 0: EINVAL");
	tap_errno(br_bind(br_borrow(t), &a.sa, 15), BR_EINVAL, "bind IPv4 with length 15: EINVAL");
	tap_errno(br_bind(br_borrow(t), &a.sa, 129), BR_EINVAL, "bind with a length beyond sockaddr_storage: EINVAL");
	tap_errno(br_bind(br_borrow(t), &a.sa, 0x80000000u), BR_EINVAL, "bind with a negative length: EINVAL");
	br_sockaddr_any six = nt_loopback(BR_AF_INET6, 0);
	tap_errno(br_bind(br_borrow(t), &six.sa, six.len), BR_EAFNOSUPPORT, "bind an IPv6 address to an IPv4 socket: EAFNOSUPPORT");
	tap_errno(br_connect(br_borrow(t), (const br_sockaddr *)NT_BAD_PTR, 16), BR_EFAULT, "connect with a bad address: EFAULT");
	tap_errno(br_connect(br_borrow(t), &a.sa, 8), BR_EINVAL, "connect with length 8: EINVAL");
	tap_errno(br_accept(br_borrow(t), 0, 0, &x), BR_EINVAL, "accept on a socket that does not listen: EINVAL");
	tap_errno(br_listen(br_borrow(t), 4), BR_OK, "listen");
	len = sizeof a.storage;
	tap_errno(br_getsockname(br_borrow(t), (br_sockaddr *)NT_BAD_PTR, &len), BR_EFAULT, "getsockname into a bad pointer: EFAULT");
	tap_errno(br_getsockname(br_borrow(t), &a.sa, (uint32_t *)NT_BAD_PTR), BR_EFAULT, "getsockname with a bad length pointer: EFAULT");
	len = 0x80000000u;
	tap_errno(br_getsockname(br_borrow(t), &a.sa, &len), BR_EINVAL, "getsockname with a negative room: EINVAL");
	len = 4;
	tap_errno(br_getsockname(br_borrow(t), &a.sa, &len), BR_OK, "getsockname with room for 4 bytes");
	tap_eq(len, 16, "reports the full length 16");
	a = nt_local(br_borrow(t));
	(void)!br_socket(BR_AF_INET, BR_SOCK_STREAM, 0, &c);
	(void)!br_connect(br_borrow(c), &a.sa, a.len);
	len = 16;
	tap_errno(br_accept4(br_borrow(t), (br_sockaddr *)NT_BAD_PTR, &len, 0, &x), BR_EFAULT, "accept4 into a bad address: EFAULT");
	tap_eq((uint64_t)(int64_t)x.raw, (uint64_t)-1, "holds nothing");
	(void)!br_connect(br_borrow(c), &a.sa, a.len);

	(void)!nt_server(BR_AF_INET, BR_SOCK_DGRAM, &u, &ua);
	(void)!br_socket(BR_AF_INET, BR_SOCK_DGRAM, 0, &s);
	tap_errno(br_sendto(br_borrow(s), NT_BAD_PTR, 4, 0, &ua.sa, ua.len, &n), BR_EFAULT, "sendto from a bad buffer: EFAULT");
	tap_errno(br_sendto(br_borrow(s), buf, 4, 0, (const br_sockaddr *)NT_BAD_PTR, 16, &n), BR_EFAULT, "sendto a bad address: EFAULT");
	tap_errno(br_sendto(br_borrow(s), buf, 4, 0, &ua.sa, 3, &n), BR_EINVAL, "sendto with address length 3: EINVAL");
	static char big[70000];
	tap_errno(br_sendto(br_borrow(s), big, sizeof big, 0, &ua.sa, ua.len, &n), BR_EMSGSIZE, "a UDP datagram of 70000 bytes: EMSGSIZE");
	(void)!br_sendto(br_borrow(s), buf, 4, 0, &ua.sa, ua.len, &n);
	tap_errno(br_recvfrom(br_borrow(u), NT_BAD_PTR, 4, 0, 0, 0, &n), BR_EFAULT, "recvfrom into a bad buffer: EFAULT");
	tap_eq(n, 0, "count 0 on error");
	br_iovec iov[1025];
	for (int i = 0; i < 1025; i++)
		iov[i] = (br_iovec){buf, 1};
	br_msghdr msg = {&ua.sa, ua.len, iov, 1025, 0, 0, 0};
	tap_errno(br_sendmsg(br_borrow(s), &msg, 0, &n), BR_EMSGSIZE, "sendmsg of 1025 iovecs: EMSGSIZE");
	tap_errno(br_sendmsg(br_borrow(s), (const br_msghdr *)NT_BAD_PTR, 0, &n), BR_EFAULT, "sendmsg of a bad msghdr: EFAULT");
	br_cmsghdr bogus = {8, BR_SOL_SOCKET, BR_SCM_RIGHTS};
	msg.iovlen = 1;
	msg.control = &bogus;
	msg.controllen = sizeof bogus;
	if (tap_under_qemu())
		tap_skip("sendmsg with a control message shorter than its header: EINVAL",
			 "qemu-user 7.2 converts control messages itself and drops a malformed one");
	else
		tap_errno(br_sendmsg(br_borrow(s), &msg, 0, &n), BR_EINVAL,
			  "sendmsg with a control message shorter than its header: EINVAL");
	unsigned count;
	tap_errno(br_sendmmsg(br_borrow(s), (br_mmsghdr *)NT_BAD_PTR, 1, 0, &count), BR_EFAULT, "sendmmsg of a bad array: EFAULT");
	br_timespec bad = {0, -1};
	br_mmsghdr mm = {{0, 0, iov, 1, 0, 0, 0}, 0};
	if (tap_under_qemu())
		tap_skip("recvmmsg with a negative timeout: EINVAL", "qemu-user 7.2 ignores recvmmsg's timeout");
	else
		tap_errno(br_recvmmsg(br_borrow(u), &mm, 1, 0, &bad, &count), BR_EINVAL,
			  "recvmmsg with a negative timeout: EINVAL");

	uint32_t olen = 2;
	tap_errno(br_getsockopt(br_borrow(s), BR_SOL_SOCKET, BR_SO_TYPE, &v, (uint32_t *)NT_BAD_PTR), BR_EFAULT, "getsockopt with a bad length pointer: EFAULT");
	tap_errno(br_getsockopt(br_borrow(s), BR_SOL_SOCKET, BR_SO_TYPE, NT_BAD_PTR, &olen), BR_EFAULT, "getsockopt into a bad pointer: EFAULT");
	olen = 0x80000000u;
	tap_errno(br_getsockopt(br_borrow(s), BR_SOL_SOCKET, BR_SO_TYPE, &v, &olen), BR_EINVAL, "getsockopt with a negative room: EINVAL");
	tap_errno(br_setsockopt(br_borrow(s), BR_SOL_SOCKET, BR_SO_REUSEADDR, &v, 2), BR_EINVAL, "setsockopt of an int with 2 bytes: EINVAL");
	tap_errno(br_setsockopt(br_borrow(s), BR_SOL_SOCKET, BR_SO_REUSEADDR, NT_BAD_PTR, 4), BR_EFAULT, "setsockopt from a bad pointer: EFAULT");
	br_ucred cred;
	cred.pid = 77;
	tap_errno(br_getsockopt_peercred(br_borrow(s), &cred), BR_OK, "SO_PEERCRED of an unconnected UDP socket");
	tap_eq((uint64_t)cred.pid, 0, "no peer: pid 0");
	tap_errno(br_listen(br_borrow(s), 1), BR_EOPNOTSUPP, "listen on UDP: EOPNOTSUPP");
}

static void test_emfile(void)
{
	br_owned_fd fillers[4096], s = br_owned_fd_from_raw(4444), a = BR_NO_FD, b = BR_NO_FD;
	br_rlimit old, lim;
	int hi, count = 0;

	tap_fd_census(&hi);
	(void)!br_prlimit64(0, BR_RLIMIT_NOFILE, 0, &old);
	lim = (br_rlimit){(uint64_t)hi + 2, old.max};
	(void)!br_prlimit64(0, BR_RLIMIT_NOFILE, &lim, 0);
	while (count < 4096 && br_dup(BR_STDERR, &fillers[count]) == BR_OK)
		count++;
	br_errno e1 = br_socket(BR_AF_INET, BR_SOCK_STREAM, 0, &s);
	br_close(&fillers[--count]); /* one free: socketpair needs two */
	int pre = tap_open_fds();
	br_errno e2 = br_socketpair(BR_AF_UNIX, BR_SOCK_STREAM, 0, &a, &b);
	int post = tap_open_fds();
	while (count)
		br_close(&fillers[--count]);
	(void)!br_prlimit64(0, BR_RLIMIT_NOFILE, &old, 0);
	tap_errno(e1, BR_EMFILE, "socket with a full table: EMFILE");
	tap_eq((uint64_t)(int64_t)s.raw, (uint64_t)-1, "holds nothing");
	tap_errno(e2, BR_EMFILE, "socketpair with one free slot: EMFILE");
	tap_ok(a.raw == -1 && b.raw == -1, "both hold nothing");
	tap_ok(pre > 0 && pre == post, "no half pair left in the one free slot");
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	nt_loopback_up();
	tap_bad_fd[0].raw = tap_closed_number();
	tap_group(test_bad_fds, "bad descriptors");
	tap_group(test_create, "socket creation");
	tap_group(test_bad_pointers_lengths, "bad pointers and lengths");
	tap_group(test_emfile, "EMFILE");
	return tap_done();
}
