/* SPDX-License-Identifier: MIT */
/* net.h: sockets on fixed descriptors (70 a Unix listener on an abstract
 * name, 71 its client, 72 the accepted end, 73/74 a datagram pair, 75 an
 * IPv6 TCP socket); every new socket gets SOCK_CLOEXEC (0x80000) unless
 * BR_SOCK_INHERIT; send and recv are sendto and recvfrom, recvmsg and
 * recvmmsg add MSG_CMSG_CLOEXEC (0x40000000); the address, text and
 * control-message helpers are pure, except that br_cmsg_take_rights closes
 * the descriptors it has no room for. Constants: AF_UNIX 1, AF_INET6 10,
 * SOCK_STREAM 1, SOCK_DGRAM 2, SOCK_NONBLOCK 0x800, SOL_SOCKET 1,
 * IPPROTO_TCP 6, IPPROTO_IPV6 41, MSG_DONTWAIT 0x40, MSG_NOSIGNAL 0x4000. */
#include "trace.h"

enum { FD_LISTEN = 70, FD_CLIENT = 71, FD_ACCEPTED = 72, FD_DG_A = 73, FD_DG_B = 74, FD_TCP6 = 75 };

static void pure_calls(void)
{
	br_sockaddr_any a, b;
	br_in6_addr six;
	br_in_addr four;
	char text[BR_SOCKADDR_STRLEN];
	size_t control[32];
	br_fd fds[2] = {{60}, {60}};
	br_ucred cred = {1, 2, 3};
	br_msghdr msg = {0, 0, 0, 0, control, 0, 0};
	size_t n;

	SEG("br_htons", "");
	USE(CALL(br_htons)(1001));
	SEG("br_ntohs", "");
	USE(CALL(br_ntohs)(1002));
	SEG("br_htonl", "");
	USE(CALL(br_htonl)(1003));
	SEG("br_ntohl", "");
	USE(CALL(br_ntohl)(1004));
	SEG("br_sockaddr_inet", "");
	a = CALL(br_sockaddr_inet)(BR_INADDR_LOOPBACK, 1005);
	SEG("br_in6addr_loopback", "");
	six = CALL(br_in6addr_loopback)();
	SEG("br_in6addr_any", "");
	six = CALL(br_in6addr_any)();
	SEG("br_sockaddr_inet6", "");
	b = CALL(br_sockaddr_inet6)(&six, 1006, 0);
	SEG("br_sockaddr_unix", "");
	USE(CALL(br_sockaddr_unix)("/nonexistent-bedrock-trace/s", &a));
	SEG("br_sockaddr_unix_abstract", "");
	USE(CALL(br_sockaddr_unix_abstract)("bedrock-trace", 13, &b));
	SEG("br_sockaddr_port", "");
	USE(CALL(br_sockaddr_port)(&a));
	SEG("br_sockaddr_equal", "");
	USE(CALL(br_sockaddr_equal)(&a, &b));
	SEG("br_inet_pton4", "");
	USE(CALL(br_inet_pton4)("10.0.0.1", &four));
	SEG("br_inet_pton6", "");
	USE(CALL(br_inet_pton6)("fe80::1", &six));
	SEG("br_inet_ntop4", "");
	USE(CALL(br_inet_ntop4)(&four, text));
	SEG("br_inet_ntop6", "");
	USE(CALL(br_inet_ntop6)(&six, text));
	SEG("br_sockaddr_parse", "");
	USE(CALL(br_sockaddr_parse)("fe80::1%2", 1007, &a));
	SEG("br_sockaddr_format", "");
	USE(CALL(br_sockaddr_format)(&a, text, sizeof text));
	SEG("br_cmsg_put_rights", "");
	msg.controllen = CALL(br_cmsg_put_rights)(control, sizeof control, fds, 1);
	SEG("br_cmsg_put_creds", "");
	msg.controllen += CALL(br_cmsg_put_creds)((char *)control + msg.controllen, sizeof control - msg.controllen, &cred);
	SEG("br_cmsg_firsthdr", "");
	br_cmsghdr *c = CALL(br_cmsg_firsthdr)(&msg);
	SEG("br_cmsg_nxthdr", "");
	USE(CALL(br_cmsg_nxthdr)(&msg, c));
	SEG("br_cmsg_data", "");
	USE(CALL(br_cmsg_data)(c));
	SEG("br_cmsg_creds", "");
	USE(CALL(br_cmsg_creds)(&msg, &cred));

	/* Two descriptors of our own in a control buffer and room for none:
	 * both closed, in order. */
	SEG("setup: two descriptors, 80 and 81", "dup3(60, 80, O_CLOEXEC) = 80; dup3(60, 81, O_CLOEXEC) = 81");
	USE(br_syscall3(BR_SYS_dup3, FD_MEM, 80, BR_O_CLOEXEC));
	USE(br_syscall3(BR_SYS_dup3, FD_MEM, 81, BR_O_CLOEXEC));
	fds[0] = br_fd_from_raw(80);
	fds[1] = br_fd_from_raw(81);
	msg.controllen = br_cmsg_put_rights(control, sizeof control, fds, 2);
	SEG("br_cmsg_take_rights (no room: closes them)", "close(80) = 0; close(81) = 0");
	USE(CALL(br_cmsg_take_rights)(&msg, 0, 0, &n));
}

static void socket_calls(void)
{
	br_owned_fd o = BR_NO_FD, p = BR_NO_FD;
	br_sockaddr_any a, name;
	char text[64];
	uint32_t len;
	size_t n;

	(void)!br_sockaddr_unix_abstract("bedrock-trace-net", 17, &name); /* length 2 + 1 + 17 = 20 */
	SEG("br_socket", "socket(1, 0x80001, 0) = $ls");
	USE(CALL(br_socket)(BR_AF_UNIX, BR_SOCK_STREAM, 0, &o));
	SEG("setup: listener to fd 70", "dup3($ls, 70, O_CLOEXEC) = 70; close($ls) = 0");
	move_fd(o.raw, FD_LISTEN);
	SEG("br_bind", "bind(70, *, 20) = 0");
	USE(CALL(br_bind)(br_fd_from_raw(FD_LISTEN), &name.sa, name.len));
	SEG("br_listen", "listen(70, 1011) = 0");
	USE(CALL(br_listen)(br_fd_from_raw(FD_LISTEN), 1011));
	SEG("br_socket (inheritable, non-blocking)", "socket(1, 0x801, 0) = $cs");
	USE(CALL(br_socket)(BR_AF_UNIX, BR_SOCK_STREAM | BR_SOCK_NONBLOCK | BR_SOCK_INHERIT, 0, &o));
	SEG("setup: client to fd 71", "dup3($cs, 71, O_CLOEXEC) = 71; close($cs) = 0");
	move_fd(o.raw, FD_CLIENT);
	SEG("br_connect", "connect(71, *, 20) = 0");
	USE(CALL(br_connect)(br_fd_from_raw(FD_CLIENT), &name.sa, name.len));
	a.len = sizeof a.storage;
	SEG("br_accept4", "accept4(70, *, *, 0x80800) = $as");
	USE(CALL(br_accept4)(br_fd_from_raw(FD_LISTEN), &a.sa, &a.len, BR_SOCK_NONBLOCK, &o));
	SEG("setup: accepted to fd 72", "dup3($as, 72, O_CLOEXEC) = 72; close($as) = 0");
	move_fd(o.raw, FD_ACCEPTED);
	SEG("setup: a second client", "socket(1, 0x80001, 0) = $c2; connect($c2, *, 20) = 0");
	USE(br_socket(BR_AF_UNIX, BR_SOCK_STREAM, 0, &p));
	USE(br_connect(br_borrow(p), &name.sa, name.len));
	SEG("br_accept", "accept4(70, 0, 0, 0x80000) = $a2");
	USE(CALL(br_accept)(br_fd_from_raw(FD_LISTEN), 0, 0, &o));
	SEG("setup: close both", "close($a2) = 0; close($c2) = 0");
	br_close(&o);
	br_close(&p);
	len = sizeof a.storage;
	SEG("br_getsockname", "getsockname(70, *, *) = 0");
	USE(CALL(br_getsockname)(br_fd_from_raw(FD_LISTEN), &a.sa, &len));
	len = sizeof a.storage;
	SEG("br_getpeername", "getpeername(71, *, *) = 0");
	USE(CALL(br_getpeername)(br_fd_from_raw(FD_CLIENT), &a.sa, &len));

	SEG("br_sendto", "sendto(71, *, 1021, 0x4000, 0, 0) = 1021");
	USE(CALL(br_sendto)(br_fd_from_raw(FD_CLIENT), buf, 1021, BR_MSG_NOSIGNAL, 0, 0, &n));
	SEG("br_recvfrom", "recvfrom(72, *, 1022, 0x40, 0, 0) = 1021");
	USE(CALL(br_recvfrom)(br_fd_from_raw(FD_ACCEPTED), buf, 1022, BR_MSG_DONTWAIT, 0, 0, &n));
	SEG("br_send", "sendto(72, *, 1023, 0x4000, 0, 0) = 1023");
	USE(CALL(br_send)(br_fd_from_raw(FD_ACCEPTED), buf, 1023, BR_MSG_NOSIGNAL, &n));
	SEG("br_recv", "recvfrom(71, *, 1024, 0, 0, 0) = 1023");
	USE(CALL(br_recv)(br_fd_from_raw(FD_CLIENT), buf, 1024, 0, &n));
	br_msghdr msg = {0, 0, iov, 3, 0, 0, 0};
	SEG("br_sendmsg", "sendmsg(71, *, 0x4000) = 33");
	USE(CALL(br_sendmsg)(br_fd_from_raw(FD_CLIENT), &msg, BR_MSG_NOSIGNAL, &n));
	SEG("br_recvmsg", "recvmsg(72, *, 0x40000040) = 33");
	USE(CALL(br_recvmsg)(br_fd_from_raw(FD_ACCEPTED), &msg, BR_MSG_DONTWAIT, &n));
	SEG("br_shutdown", "shutdown(71, 1) = 0");
	USE(CALL(br_shutdown)(br_fd_from_raw(FD_CLIENT), BR_SHUT_WR));

	SEG("br_socketpair", "socketpair(1, 0x80002, 0, *) = 0");
	USE(CALL(br_socketpair)(BR_AF_UNIX, BR_SOCK_DGRAM, 0, &o, &p));
	SEG("setup: pair to fds 73, 74", "dup3($pa, 73, O_CLOEXEC) = 73; close($pa) = 0; dup3($pb, 74, O_CLOEXEC) = 74;"
					  " close($pb) = 0");
	move_fd(o.raw, FD_DG_A);
	move_fd(p.raw, FD_DG_B);
	br_mmsghdr mm[2] = {{{0, 0, iov, 1, 0, 0, 0}, 0}, {{0, 0, iov + 1, 1, 0, 0, 0}, 0}};
	unsigned count;
	SEG("br_sendmmsg", "sendmmsg(73, *, 2, 0x4000) = 2");
	USE(CALL(br_sendmmsg)(br_fd_from_raw(FD_DG_A), mm, 2, BR_MSG_NOSIGNAL, &count));
	br_timespec t = {1025, 0}; /* checked after each message: long enough for both */
	SEG("br_recvmmsg", "recvmmsg(74, *, 2, 0x40000040, *) = 2");
	USE(CALL(br_recvmmsg)(br_fd_from_raw(FD_DG_B), mm, 2, BR_MSG_DONTWAIT, &t, &count));
	br_fd give = br_fd_from_raw(FD_MEM);
	SEG("br_send_fds", "sendmsg(73, *, 0x4000) = 1026");
	USE(CALL(br_send_fds)(br_fd_from_raw(FD_DG_A), buf, 1026, &give, 1, &n));
	br_owned_fd got = BR_NO_FD;
	bool cut;
	SEG("br_recv_fds", "recvmsg(74, *, 0x40000000) = 1026");
	USE(CALL(br_recv_fds)(br_fd_from_raw(FD_DG_B), buf, 1027, &got, 1, &n, &cut, &n));
	SEG("setup: close the received descriptor", "close($got) = 0");
	br_close(&got);
	(void)text;
}

static void option_calls(void)
{
	br_owned_fd o = BR_NO_FD;
	br_fd s = br_fd_from_raw(FD_TCP6), u = br_fd_from_raw(FD_ACCEPTED);
	br_timeval tv = {0, 1028};
	br_ucred cred;
	br_errno pending;
	uint32_t len = 4;
	int v = 1;
	bool on;

	SEG("br_socket (IPv6 TCP)", "socket(10, 0x80001, 0) = $t6");
	USE(CALL(br_socket)(BR_AF_INET6, BR_SOCK_STREAM, 0, &o));
	SEG("setup: IPv6 socket to fd 75", "dup3($t6, 75, O_CLOEXEC) = 75; close($t6) = 0");
	move_fd(o.raw, FD_TCP6);
	SEG("br_setsockopt", "setsockopt(75, 1, 2, *, 4) = 0");
	USE(CALL(br_setsockopt)(s, BR_SOL_SOCKET, BR_SO_REUSEADDR, &v, 4));
	SEG("br_getsockopt", "getsockopt(75, 1, 3, *, *) = 0");
	USE(CALL(br_getsockopt)(s, BR_SOL_SOCKET, BR_SO_TYPE, &v, &len));
	SEG("br_setsockopt_int", "setsockopt(75, 1, 6, *, 4) = 0");
	USE(CALL(br_setsockopt_int)(s, BR_SOL_SOCKET, BR_SO_BROADCAST, 1));
	SEG("br_getsockopt_int", "getsockopt(75, 1, 39, *, *) = 0");
	USE(CALL(br_getsockopt_int)(s, BR_SOL_SOCKET, BR_SO_DOMAIN, &v));
	SEG("br_setsockopt_reuseaddr", "setsockopt(75, 1, 2, *, 4) = 0");
	USE(CALL(br_setsockopt_reuseaddr)(s, true));
	SEG("br_getsockopt_reuseaddr", "getsockopt(75, 1, 2, *, *) = 0");
	USE(CALL(br_getsockopt_reuseaddr)(s, &on));
	SEG("br_setsockopt_reuseport", "setsockopt(75, 1, 15, *, 4) = 0");
	USE(CALL(br_setsockopt_reuseport)(s, true));
	SEG("br_getsockopt_reuseport", "getsockopt(75, 1, 15, *, *) = 0");
	USE(CALL(br_getsockopt_reuseport)(s, &on));
	SEG("br_setsockopt_keepalive", "setsockopt(75, 1, 9, *, 4) = 0");
	USE(CALL(br_setsockopt_keepalive)(s, true));
	SEG("br_getsockopt_keepalive", "getsockopt(75, 1, 9, *, *) = 0");
	USE(CALL(br_getsockopt_keepalive)(s, &on));
	SEG("br_setsockopt_rcvbuf", "setsockopt(75, 1, 8, *, 4) = 0");
	USE(CALL(br_setsockopt_rcvbuf)(s, 10290));
	SEG("br_getsockopt_rcvbuf", "getsockopt(75, 1, 8, *, *) = 0");
	USE(CALL(br_getsockopt_rcvbuf)(s, &v));
	SEG("br_setsockopt_sndbuf", "setsockopt(75, 1, 7, *, 4) = 0");
	USE(CALL(br_setsockopt_sndbuf)(s, 10300));
	SEG("br_getsockopt_sndbuf", "getsockopt(75, 1, 7, *, *) = 0");
	USE(CALL(br_getsockopt_sndbuf)(s, &v));
	SEG("br_setsockopt_rcvtimeo", "setsockopt(75, 1, 20, *, 16) = 0");
	USE(CALL(br_setsockopt_rcvtimeo)(s, &tv));
	SEG("br_getsockopt_rcvtimeo", "getsockopt(75, 1, 20, *, *) = 0");
	USE(CALL(br_getsockopt_rcvtimeo)(s, &tv));
	SEG("br_setsockopt_sndtimeo", "setsockopt(75, 1, 21, *, 16) = 0");
	USE(CALL(br_setsockopt_sndtimeo)(s, &tv));
	SEG("br_getsockopt_sndtimeo", "getsockopt(75, 1, 21, *, *) = 0");
	USE(CALL(br_getsockopt_sndtimeo)(s, &tv));
	SEG("br_getsockopt_error", "getsockopt(75, 1, 4, *, *) = 0");
	USE(CALL(br_getsockopt_error)(s, &pending));
	SEG("br_getsockopt_peercred", "getsockopt(72, 1, 17, *, *) = 0");
	USE(CALL(br_getsockopt_peercred)(u, &cred));
	SEG("br_setsockopt_tcp_nodelay", "setsockopt(75, 6, 1, *, 4) = 0");
	USE(CALL(br_setsockopt_tcp_nodelay)(s, true));
	SEG("br_getsockopt_tcp_nodelay", "getsockopt(75, 6, 1, *, *) = 0");
	USE(CALL(br_getsockopt_tcp_nodelay)(s, &on));
	SEG("br_setsockopt_ipv6_v6only", "setsockopt(75, 41, 26, *, 4) = 0");
	USE(CALL(br_setsockopt_ipv6_v6only)(s, true));
	SEG("br_getsockopt_ipv6_v6only", "getsockopt(75, 41, 26, *, *) = 0");
	USE(CALL(br_getsockopt_ipv6_v6only)(s, &on));
}

void trace_net(void)
{
	pure_calls();
	socket_calls();
	option_calls();
	SEG("setup: close the sockets", "close(70) = 0; close(71) = 0; close(72) = 0; close(73) = 0; close(74) = 0;"
					" close(75) = 0");
	for (int fd = FD_LISTEN; fd <= FD_TCP6; fd++)
		br_close_raw(fd);
}
