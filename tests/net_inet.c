/* SPDX-License-Identifier: MIT */
/* net.h over IP, for 127.0.0.1 and ::1 alike: TCP (socket, bind to a
 * kernel-chosen port, listen, connect, accept4 and its flags, the
 * addresses each side reports, data both ways, MSG_PEEK, shutdown), UDP
 * (datagram boundaries and sender addresses, MSG_TRUNC, sendmmsg and
 * recvmmsg), non-blocking connect (EINPROGRESS, then poll and SO_ERROR),
 * ECONNREFUSED blocking and not, EADDRINUSE and SO_REUSEPORT, dual-stack
 * and IPV6_V6ONLY, and the typed socket options, read back from the
 * kernel. Every group checks that it left no descriptor open. */
#include "net_util.h"

static int fam;			 /* the family of the current round */
static const char *fam_name;	 /* "IPv4" or "IPv6" */

static const char *nm(const char *what)
{
	return tap_nm(fam_name, what, 0);
}

static void test_tcp(void)
{
	br_owned_fd l BR_AUTOCLOSE = BR_NO_FD, c BR_AUTOCLOSE = BR_NO_FD, s BR_AUTOCLOSE = BR_NO_FD;
	br_sockaddr_any la, peer, ca, pa;
	char buf[64];
	size_t n;

	if (!tap_errno(nt_server(fam, BR_SOCK_STREAM, &l, &la), BR_OK, nm("TCP listener on loopback port 0")))
		return;
	tap_ok(nt_cloexec(l) && !nt_nonblock(l), nm("socket: close-on-exec by default, blocking"));
	tap_ok(la.sa.sa_family == fam && br_sockaddr_port(&la) != 0, nm("getsockname: the family and a real port"));
	tap_eq(la.len, fam == BR_AF_INET ? 16 : 28, nm("getsockname: the address length"));
	int v = -1;
	tap_errno(br_getsockopt_int(br_borrow(l), BR_SOL_SOCKET, BR_SO_ACCEPTCONN, &v), BR_OK, nm("SO_ACCEPTCONN"));
	tap_eq((uint64_t)v, 1, nm("the listener listens"));
	tap_errno(br_getsockopt_int(br_borrow(l), BR_SOL_SOCKET, BR_SO_DOMAIN, &v), BR_OK, nm("SO_DOMAIN"));
	tap_eq((uint64_t)v, (uint64_t)fam, nm("domain"));
	tap_errno(br_getsockopt_int(br_borrow(l), BR_SOL_SOCKET, BR_SO_PROTOCOL, &v), BR_OK, nm("SO_PROTOCOL"));
	tap_eq((uint64_t)v, BR_IPPROTO_TCP, nm("protocol TCP"));

	tap_errno(br_socket(fam, BR_SOCK_STREAM, 0, &c), BR_OK, nm("client socket"));
	tap_errno(br_connect(br_borrow(c), &la.sa, la.len), BR_OK, nm("connect (blocking)"));
	peer.len = sizeof peer.storage;
	tap_errno(br_accept4(br_borrow(l), &peer.sa, &peer.len, 0, &s), BR_OK, nm("accept4 with the peer address"));
	tap_ok(nt_cloexec(s) && !nt_nonblock(s), nm("accepted: close-on-exec, blocking"));
	ca = nt_local(br_borrow(c));
	tap_ok(br_sockaddr_equal(&peer, &ca), nm("the peer accept4 reports is the client's local address"));
	pa.len = sizeof pa.storage;
	tap_errno(br_getpeername(br_borrow(c), &pa.sa, &pa.len), BR_OK, nm("getpeername (client)"));
	tap_ok(br_sockaddr_equal(&pa, &la), nm("the client's peer is the listener's address"));
	pa.len = sizeof pa.storage;
	tap_errno(br_getpeername(br_borrow(s), &pa.sa, &pa.len), BR_OK, nm("getpeername (server)"));
	tap_ok(br_sockaddr_equal(&pa, &ca), nm("the server's peer is the client"));
	pa.len = sizeof pa.storage;
	tap_errno(br_getpeername(br_borrow(l), &pa.sa, &pa.len), BR_ENOTCONN, nm("getpeername of a listener: ENOTCONN"));

	tap_errno(br_send(br_borrow(c), "hello, server", 13, 0, &n), BR_OK, nm("send"));
	tap_eq(n, 13, nm("all 13 bytes"));
	tap_errno(br_recv(br_borrow(s), buf, 5, BR_MSG_PEEK | BR_MSG_WAITALL, &n), BR_OK, nm("recv MSG_PEEK"));
	tap_mem(buf, "hello", 5, nm("peeked bytes"));
	tap_errno(br_recv(br_borrow(s), buf, sizeof buf, 0, &n), BR_OK, nm("recv"));
	tap_eq(n, 13, nm("the peeked bytes are still there"));
	tap_mem(buf, "hello, server", 13, nm("same bytes"));
	tap_errno(br_sendto(br_borrow(s), "back", 4, BR_MSG_NOSIGNAL, 0, 0, &n), BR_OK, nm("sendto with no address"));
	tap_errno(br_recvfrom(br_borrow(c), buf, sizeof buf, 0, 0, 0, &n), BR_OK, nm("recvfrom with no address"));
	tap_ok(n == 4 && !__builtin_memcmp(buf, "back", 4), nm("reply arrived"));
	tap_errno(br_recv(br_borrow(c), buf, sizeof buf, BR_MSG_DONTWAIT, &n), BR_EAGAIN, nm("recv MSG_DONTWAIT on nothing: EAGAIN"));

	tap_errno(br_shutdown(br_borrow(c), BR_SHUT_WR), BR_OK, nm("shutdown SHUT_WR"));
	n = 99;
	tap_errno(br_recv(br_borrow(s), buf, sizeof buf, 0, &n), BR_OK, nm("recv after the peer's FIN"));
	tap_eq(n, 0, nm("0 bytes: end of stream"));
	tap_errno(br_send(br_borrow(c), "x", 1, BR_MSG_NOSIGNAL, &n), BR_EPIPE, nm("send after SHUT_WR: EPIPE"));
	tap_errno(br_shutdown(br_borrow(c), 7), BR_EINVAL, nm("shutdown how 7: EINVAL"));
	tap_errno(br_shutdown(br_borrow(l), BR_SHUT_RDWR), BR_OK, nm("shutdown of a listener"));

	/* accept4's flags: non-blocking, and inheritable. */
	br_owned_fd l2 BR_AUTOCLOSE = BR_NO_FD, c2 BR_AUTOCLOSE = BR_NO_FD, c3 BR_AUTOCLOSE = BR_NO_FD;
	br_owned_fd s2 BR_AUTOCLOSE = BR_NO_FD, s3 BR_AUTOCLOSE = BR_NO_FD;
	(void)!nt_server(fam, BR_SOCK_STREAM, &l2, &la);
	(void)!br_socket(fam, BR_SOCK_STREAM, 0, &c2);
	(void)!br_connect(br_borrow(c2), &la.sa, la.len);
	(void)!br_socket(fam, BR_SOCK_STREAM | BR_SOCK_INHERIT | BR_SOCK_NONBLOCK, 0, &c3);
	tap_ok(!nt_cloexec(c3) && nt_nonblock(c3), nm("socket BR_SOCK_INHERIT|NONBLOCK: no close-on-exec, non-blocking"));
	(void)!br_connect(br_borrow(c3), &la.sa, la.len);
	tap_errno(br_accept4(br_borrow(l2), 0, 0, BR_SOCK_NONBLOCK, &s2), BR_OK, nm("accept4 SOCK_NONBLOCK, no address"));
	tap_ok(nt_cloexec(s2) && nt_nonblock(s2), nm("the accepted socket is non-blocking and close-on-exec"));
	tap_errno(br_accept4(br_borrow(l2), 0, 0, BR_SOCK_INHERIT, &s3), BR_OK, nm("accept4 BR_SOCK_INHERIT"));
	tap_ok(!nt_cloexec(s3) && !nt_nonblock(s3), nm("the accepted socket has no close-on-exec"));
	br_owned_fd s4 = br_owned_fd_from_raw(12345);
	(void)!br_ioctl_fionbio(br_borrow(l2), true);
	tap_errno(br_accept(br_borrow(l2), 0, 0, &s4), BR_EAGAIN, nm("accept on a non-blocking listener with none waiting: EAGAIN"));
	tap_eq((uint64_t)(int64_t)s4.raw, (uint64_t)-1, nm("and the out descriptor holds nothing"));
	tap_errno(br_accept4(br_borrow(l2), 0, 0, 0x1234, &s4), BR_EINVAL, nm("accept4 unknown flags: EINVAL"));
}

static void test_udp(void)
{
	br_owned_fd a BR_AUTOCLOSE = BR_NO_FD, b BR_AUTOCLOSE = BR_NO_FD;
	br_sockaddr_any aa, ba, from;
	char buf[64];
	size_t n;

	if (!tap_errno(nt_server(fam, BR_SOCK_DGRAM, &a, &aa), BR_OK, nm("UDP socket a")) ||
	    !tap_errno(nt_server(fam, BR_SOCK_DGRAM, &b, &ba), BR_OK, nm("UDP socket b")))
		return;
	tap_errno(br_sendto(br_borrow(a), "one", 3, 0, &ba.sa, ba.len, &n), BR_OK, nm("sendto b"));
	tap_errno(br_sendto(br_borrow(a), "second", 6, 0, &ba.sa, ba.len, &n), BR_OK, nm("sendto b again"));
	tap_errno(br_sendto(br_borrow(a), "", 0, 0, &ba.sa, ba.len, &n), BR_OK, nm("sendto an empty datagram"));
	from.len = sizeof from.storage;
	tap_errno(br_recvfrom(br_borrow(b), buf, sizeof buf, 0, &from.sa, &from.len, &n), BR_OK, nm("recvfrom"));
	tap_ok(n == 3 && !__builtin_memcmp(buf, "one", 3), nm("the first datagram alone"));
	tap_ok(br_sockaddr_equal(&from, &aa), nm("from a's address"));
	tap_errno(br_recvfrom(br_borrow(b), buf, 2, BR_MSG_TRUNC, 0, 0, &n), BR_OK, nm("recvfrom MSG_TRUNC into 2 bytes"));
	tap_eq(n, 6, nm("reports the datagram's real length"));
	n = 9;
	tap_errno(br_recvfrom(br_borrow(b), buf, sizeof buf, 0, 0, 0, &n), BR_OK, nm("the empty datagram"));
	tap_eq(n, 0, nm("has 0 bytes"));

	/* Three datagrams in one sendmmsg, three back in one recvmmsg. */
	char in[3][8];
	br_iovec out_iov[3] = {{(void *)"m1", 2}, {(void *)"mm2", 3}, {(void *)"mmm3", 4}};
	br_iovec in_iov[3] = {{in[0], 8}, {in[1], 8}, {in[2], 8}};
	br_mmsghdr out[3], got[3];
	br_sockaddr_any froms[3];
	__builtin_memset(out, 0, sizeof out);
	__builtin_memset(got, 0, sizeof got);
	for (int i = 0; i < 3; i++) {
		out[i].hdr.name = &ba.sa;
		out[i].hdr.namelen = ba.len;
		out[i].hdr.iov = &out_iov[i];
		out[i].hdr.iovlen = 1;
		got[i].hdr.name = &froms[i].storage;
		got[i].hdr.namelen = sizeof froms[i].storage;
		got[i].hdr.iov = &in_iov[i];
		got[i].hdr.iovlen = 1;
	}
	unsigned count = 0;
	tap_errno(br_sendmmsg(br_borrow(a), out, 3, 0, &count), BR_OK, nm("sendmmsg"));
	tap_eq(count, 3, nm("sent 3"));
	tap_ok(out[0].len == 2 && out[1].len == 3 && out[2].len == 4, nm("each message's byte count"));
	br_timespec t = {1, 0};
	tap_errno(br_recvmmsg(br_borrow(b), got, 3, BR_MSG_WAITFORONE, &t, &count), BR_OK, nm("recvmmsg"));
	tap_eq(count, 3, nm("received 3"));
	tap_ok(got[0].len == 2 && got[1].len == 3 && got[2].len == 4 && !__builtin_memcmp(in[2], "mmm3", 4),
	       nm("in order, boundaries kept"));
	froms[1].len = got[1].hdr.namelen;
	tap_ok(br_sockaddr_equal(&froms[1], &aa), nm("each with the sender's address"));
	tap_errno(br_recvmmsg(br_borrow(b), got, 3, BR_MSG_DONTWAIT, 0, &count), BR_EAGAIN, nm("recvmmsg on nothing: EAGAIN"));
	tap_eq(count, 0, nm("count 0"));
	tap_errno(br_sendmmsg(br_borrow(a), out, 0, 0, &count), BR_OK, nm("sendmmsg of 0 messages"));
	tap_eq(count, 0, nm("sends none"));

	/* connect() on UDP: a default peer, and only its datagrams. */
	tap_errno(br_connect(br_borrow(a), &ba.sa, ba.len), BR_OK, nm("UDP connect"));
	tap_errno(br_send(br_borrow(a), "c", 1, 0, &n), BR_OK, nm("send without an address"));
	tap_errno(br_recv(br_borrow(b), buf, sizeof buf, 0, &n), BR_OK, nm("arrives"));
	br_sockaddr_any none;
	__builtin_memset(&none, 0, sizeof none);
	none.sa.sa_family = 0; /* AF_UNSPEC: dissolve the association */
	tap_errno(br_connect(br_borrow(a), &none.sa, sizeof none.sa), BR_OK, nm("connect AF_UNSPEC dissolves it"));
	tap_errno(br_send(br_borrow(a), "c", 1, 0, &n), BR_EDESTADDRREQ, nm("then send without an address: EDESTADDRREQ"));
}

static void test_nonblocking_connect(void)
{
	br_owned_fd l BR_AUTOCLOSE = BR_NO_FD, c BR_AUTOCLOSE = BR_NO_FD, hold BR_AUTOCLOSE = BR_NO_FD;
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD;
	br_sockaddr_any la;
	br_errno pending = BR_EIO;
	size_t n;

	(void)!nt_server(fam, BR_SOCK_STREAM, &l, &la);
	(void)!br_socket(fam, BR_SOCK_STREAM | BR_SOCK_NONBLOCK, 0, &c);
	br_errno e = br_connect(br_borrow(c), &la.sa, la.len);
	tap_errno(e, BR_EINPROGRESS, nm("non-blocking connect: EINPROGRESS"));
	br_pollfd p = {c.raw, BR_POLLOUT, 0};
	tap_errno(br_poll(&p, 1, 5000, &n), BR_OK, nm("poll for POLLOUT"));
	tap_ok(n == 1 && (p.revents & BR_POLLOUT) && !(p.revents & BR_POLLERR), nm("writable, no error"));
	tap_errno(br_getsockopt_error(br_borrow(c), &pending), BR_OK, nm("SO_ERROR"));
	tap_errno(pending, BR_OK, nm("the connect succeeded"));

	br_sockaddr_any refusing = nt_refusing(fam, &hold);
	tap_errno(br_socket(fam, BR_SOCK_STREAM | BR_SOCK_NONBLOCK, 0, &r), BR_OK, nm("another non-blocking socket"));
	e = br_connect(br_borrow(r), &refusing.sa, refusing.len);
	tap_errno(e, BR_EINPROGRESS, nm("non-blocking connect to a closed port: EINPROGRESS"));
	if (e == BR_EINPROGRESS) {
		p = (br_pollfd){r.raw, BR_POLLOUT, 0};
		tap_errno(br_poll(&p, 1, 5000, &n), BR_OK, nm("poll"));
		tap_ok(n == 1 && (p.revents & BR_POLLERR), nm("POLLERR"));
		tap_errno(br_getsockopt_error(br_borrow(r), &pending), BR_OK, nm("SO_ERROR"));
		tap_errno(pending, BR_ECONNREFUSED, nm("SO_ERROR says ECONNREFUSED"));
		tap_errno(br_getsockopt_error(br_borrow(r), &pending), BR_OK, nm("SO_ERROR again"));
		tap_errno(pending, BR_OK, nm("reading it cleared it"));
	}
	br_close(&r);
	(void)!br_socket(fam, BR_SOCK_STREAM, 0, &r);
	tap_errno(br_connect(br_borrow(r), &refusing.sa, refusing.len), BR_ECONNREFUSED, nm("blocking connect to a closed port: ECONNREFUSED"));
}

static void test_addrinuse(void)
{
	br_owned_fd a BR_AUTOCLOSE = BR_NO_FD, b BR_AUTOCLOSE = BR_NO_FD, x BR_AUTOCLOSE = BR_NO_FD;
	br_owned_fd y BR_AUTOCLOSE = BR_NO_FD;
	br_sockaddr_any aa;
	bool on = false;

	(void)!nt_server(fam, BR_SOCK_STREAM, &a, &aa);
	(void)!br_socket(fam, BR_SOCK_STREAM, 0, &b);
	tap_errno(br_bind(br_borrow(b), &aa.sa, aa.len), BR_EADDRINUSE, nm("bind to a listening port: EADDRINUSE"));
	tap_errno(br_bind(br_borrow(a), &aa.sa, aa.len), BR_EINVAL, nm("bind of a bound socket: EINVAL"));

	(void)!br_socket(fam, BR_SOCK_DGRAM, 0, &x);
	(void)!br_socket(fam, BR_SOCK_DGRAM, 0, &y);
	tap_errno(br_setsockopt_reuseport(br_borrow(x), true), BR_OK, nm("SO_REUSEPORT on"));
	tap_errno(br_getsockopt_reuseport(br_borrow(x), &on), BR_OK, nm("read back"));
	tap_ok(on, nm("is on"));
	tap_errno(br_setsockopt_reuseport(br_borrow(y), true), BR_OK, nm("SO_REUSEPORT on the second"));
	br_sockaddr_any lo = nt_loopback(fam, 0);
	tap_errno(br_bind(br_borrow(x), &lo.sa, lo.len), BR_OK, nm("bind the first"));
	br_sockaddr_any xa = nt_local(br_borrow(x));
	tap_errno(br_bind(br_borrow(y), &xa.sa, xa.len), BR_OK, nm("both bind one port with SO_REUSEPORT"));
}

static void test_options(void)
{
	br_owned_fd s BR_AUTOCLOSE = BR_NO_FD, u BR_AUTOCLOSE = BR_NO_FD;
	bool on = true;
	int bytes = 0;
	br_timeval tv = {0, 150000}, back = {9, 9};

	(void)!br_socket(fam, BR_SOCK_STREAM, 0, &s);
	tap_errno(br_getsockopt_reuseaddr(br_borrow(s), &on), BR_OK, nm("SO_REUSEADDR read"));
	tap_ok(!on, nm("off by default"));
	tap_errno(br_setsockopt_reuseaddr(br_borrow(s), true), BR_OK, nm("SO_REUSEADDR on"));
	(void)!br_getsockopt_reuseaddr(br_borrow(s), &on);
	tap_ok(on, nm("reads back on"));
	tap_errno(br_setsockopt_keepalive(br_borrow(s), true), BR_OK, nm("SO_KEEPALIVE on"));
	on = false;
	tap_errno(br_getsockopt_keepalive(br_borrow(s), &on), BR_OK, nm("SO_KEEPALIVE read"));
	tap_ok(on, nm("reads back on"));
	tap_errno(br_setsockopt_tcp_nodelay(br_borrow(s), true), BR_OK, nm("TCP_NODELAY on"));
	on = false;
	tap_errno(br_getsockopt_tcp_nodelay(br_borrow(s), &on), BR_OK, nm("TCP_NODELAY read"));
	tap_ok(on, nm("reads back on"));
	tap_errno(br_setsockopt_rcvbuf(br_borrow(s), 40000), BR_OK, nm("SO_RCVBUF 40000"));
	tap_errno(br_getsockopt_rcvbuf(br_borrow(s), &bytes), BR_OK, nm("SO_RCVBUF read"));
	tap_eq((uint64_t)bytes, 80000, nm("the kernel doubled it"));
	tap_errno(br_setsockopt_sndbuf(br_borrow(s), 30000), BR_OK, nm("SO_SNDBUF 30000"));
	tap_errno(br_getsockopt_sndbuf(br_borrow(s), &bytes), BR_OK, nm("SO_SNDBUF read"));
	tap_eq((uint64_t)bytes, 60000, nm("doubled"));
	tap_errno(br_setsockopt_sndtimeo(br_borrow(s), &tv), BR_OK, nm("SO_SNDTIMEO 150 ms"));
	tap_errno(br_getsockopt_sndtimeo(br_borrow(s), &back), BR_OK, nm("SO_SNDTIMEO read"));
	tap_ok(back.sec == 0 && back.usec >= 148000 && back.usec <= 152000, nm("150 ms (to the kernel's tick)"));
	br_timeval bad = {0, 1000000};
	tap_errno(br_setsockopt_rcvtimeo(br_borrow(s), &bad), BR_EDOM, nm("SO_RCVTIMEO usec 10^6: EDOM"));
	tap_errno(br_setsockopt_int(br_borrow(s), BR_SOL_SOCKET, 9999, 1), BR_ENOPROTOOPT, nm("an unknown option: ENOPROTOOPT"));
	tap_errno(br_setsockopt_ipv6_v6only(br_borrow(s), true),
		  fam == BR_AF_INET ? BR_ENOPROTOOPT : BR_OK, nm("IPV6_V6ONLY (ENOPROTOOPT on IPv4)"));
	if (fam == BR_AF_INET6) {
		on = false;
		tap_errno(br_getsockopt_ipv6_v6only(br_borrow(s), &on), BR_OK, nm("IPV6_V6ONLY read"));
		tap_ok(on, nm("reads back on"));
	}

	/* SO_RCVTIMEO really times out: a blocking recvfrom on an idle UDP socket. */
	br_sockaddr_any ua;
	(void)!nt_server(fam, BR_SOCK_DGRAM, &u, &ua);
	tap_errno(br_setsockopt_rcvtimeo(br_borrow(u), &tv), BR_OK, nm("SO_RCVTIMEO 150 ms"));
	tap_errno(br_getsockopt_rcvtimeo(br_borrow(u), &back), BR_OK, nm("SO_RCVTIMEO read"));
	tap_ok(back.sec == 0 && back.usec >= 148000 && back.usec <= 152000, nm("150 ms back"));
	char c;
	size_t n;
	int64_t t0 = nt_ms();
	tap_errno(br_recv(br_borrow(u), &c, 1, 0, &n), BR_EAGAIN, nm("blocking recv times out: EAGAIN"));
	int64_t took = nt_ms() - t0;
	tap_ok(took >= 140 && took < 3000, nm("after about 150 ms"));
}

/* An AF_INET6 socket on :: takes IPv4 peers as ::ffff:a.b.c.d unless V6ONLY. */
static void test_dual_stack(void)
{
	for (int only = 0; only < 2; only++) {
		br_owned_fd l BR_AUTOCLOSE = BR_NO_FD, c BR_AUTOCLOSE = BR_NO_FD, s BR_AUTOCLOSE = BR_NO_FD;
		br_in6_addr any = br_in6addr_any();
		br_sockaddr_any a = br_sockaddr_inet6(&any, 0, 0), peer;
		const char *what = only ? "V6ONLY" : "dual-stack";
		(void)!br_socket(BR_AF_INET6, BR_SOCK_STREAM, 0, &l);
		tap_errno(br_setsockopt_ipv6_v6only(br_borrow(l), only), BR_OK, tap_nm(what, "set IPV6_V6ONLY", 0));
		if (br_bind(br_borrow(l), &a.sa, a.len) || br_listen(br_borrow(l), 4)) {
			tap_ok(false, tap_nm(what, "bind and listen on [::]:0", 0));
			continue;
		}
		a = nt_local(br_borrow(l));
		br_sockaddr_any v4 = br_sockaddr_inet(BR_INADDR_LOOPBACK, br_sockaddr_port(&a));
		(void)!br_socket(BR_AF_INET, BR_SOCK_STREAM, 0, &c);
		br_errno e = br_connect(br_borrow(c), &v4.sa, v4.len);
		if (only) {
			tap_errno(e, BR_ECONNREFUSED, tap_nm(what, "an IPv4 client is refused", 0));
			continue;
		}
		tap_errno(e, BR_OK, tap_nm(what, "an IPv4 client connects to [::]", 0));
		peer.len = sizeof peer.storage;
		tap_errno(br_accept(br_borrow(l), &peer.sa, &peer.len, &s), BR_OK, tap_nm(what, "accept", 0));
		char text[BR_SOCKADDR_STRLEN];
		br_sockaddr_format(&peer, text, sizeof text);
		tap_ok(peer.sa.sa_family == BR_AF_INET6 && text[0] == '[' && tap_strlen(text) > 22 &&
			       __builtin_memcmp(text, "[::ffff:127.0.0.1]:", 19) == 0,
		       tap_nm(what, "the peer is ::ffff:127.0.0.1", text));
	}
}

static void round(int family, const char *name)
{
	fam = family;
	fam_name = name;
	tap_group(test_tcp, tap_nm(name, "TCP", 0));
	tap_group(test_udp, tap_nm(name, "UDP", 0));
	tap_group(test_nonblocking_connect, tap_nm(name, "non-blocking connect", 0));
	tap_group(test_addrinuse, tap_nm(name, "EADDRINUSE", 0));
	tap_group(test_options, tap_nm(name, "socket options", 0));
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	nt_loopback_up();
	round(BR_AF_INET, "IPv4");
	round(BR_AF_INET6, "IPv6");
	tap_group(test_dual_stack, "dual stack");
	return tap_done();
}
