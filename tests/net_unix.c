/* SPDX-License-Identifier: MIT */
/* net.h over Unix-domain sockets: socketpair, stream, datagram and
 * seqpacket sockets on filesystem paths (up to the 108-byte limit) and
 * abstract names (autobind included), the addresses the kernel reports
 * and their exact lengths, SO_PEERCRED, SCM_RIGHTS (received descriptors
 * are owned, close-on-exec, the same open files; a control buffer too
 * small (MSG_CTRUNC) leaks nothing), SCM_CREDENTIALS, EMFILE at accept4
 * and at SCM_RIGHTS reception, and EPIPE with and without MSG_NOSIGNAL
 * (SIGPIPE pending, and a child killed by it). */
#include "net_util.h"

static char tmpdir[64];

/* "/tmp/bedrock-net-<pid>" */
static void make_tmpdir(void)
{
	char num[24];
	const char *p = tap_num((uint64_t)br_getpid(), false, num);
	size_t i = 0;
	for (const char *s = "/tmp/bedrock-net-"; *s; s++)
		tmpdir[i++] = *s;
	while (*p)
		tmpdir[i++] = *p++;
	tmpdir[i] = 0;
	(void)!br_mkdirat(BR_AT_FDCWD, tmpdir, 0700);
}

/* A unique abstract name: "bedrock-<pid>-<tag>"; its length. */
static size_t abstract_name(char *buf, const char *tag)
{
	char num[24];
	const char *p = tap_num((uint64_t)br_getpid(), false, num);
	size_t i = 0;
	for (const char *s = "bedrock-"; *s; s++)
		buf[i++] = *s;
	while (*p)
		buf[i++] = *p++;
	buf[i++] = '-';
	while (*tag)
		buf[i++] = *tag++;
	return i;
}

static void test_socketpair(void)
{
	br_owned_fd a BR_AUTOCLOSE = BR_NO_FD, b BR_AUTOCLOSE = BR_NO_FD;
	br_ucred cred = {0, 0, 0};
	char buf[16];
	size_t n;

	tap_errno(br_socketpair(BR_AF_UNIX, BR_SOCK_STREAM, 0, &a, &b), BR_OK, "socketpair stream");
	tap_ok(nt_cloexec(a) && nt_cloexec(b), "both ends close-on-exec by default");
	tap_errno(br_send(br_borrow(a), "ping", 4, 0, &n), BR_OK, "send on one end");
	tap_errno(br_recv(br_borrow(b), buf, sizeof buf, 0, &n), BR_OK, "recv on the other");
	tap_ok(n == 4 && !__builtin_memcmp(buf, "ping", 4), "the bytes");
	tap_errno(br_getsockopt_peercred(br_borrow(a), &cred), BR_OK, "SO_PEERCRED");
	tap_ok(cred.pid == br_getpid() && cred.uid == (uint32_t)br_syscall0(BR_SYS_getuid) &&
		       cred.gid == (uint32_t)br_syscall0(BR_SYS_getgid),
	       "the peer is this process, with its uid and gid");
	br_close(&a);
	br_close(&b);
	tap_errno(br_socketpair(BR_AF_UNIX, BR_SOCK_DGRAM | BR_SOCK_NONBLOCK | BR_SOCK_INHERIT, 0, &a, &b), BR_OK,
		  "socketpair dgram, non-blocking, inheritable");
	tap_ok(!nt_cloexec(a) && !nt_cloexec(b) && nt_nonblock(a) && nt_nonblock(b), "flags on both ends");
	(void)!br_send(br_borrow(a), "12", 2, 0, &n);
	(void)!br_send(br_borrow(a), "345", 3, 0, &n);
	tap_errno(br_recv(br_borrow(b), buf, sizeof buf, 0, &n), BR_OK, "recv a datagram");
	tap_eq(n, 2, "boundaries kept: 2 bytes");
	tap_errno(br_recv(br_borrow(b), buf, sizeof buf, 0, &n), BR_OK, "the next");
	tap_eq(n, 3, "3 bytes");
	tap_errno(br_recv(br_borrow(b), buf, sizeof buf, 0, &n), BR_EAGAIN, "then EAGAIN");
	br_close(&a);
	br_close(&b);
	tap_errno(br_socketpair(BR_AF_INET, BR_SOCK_STREAM, 0, &a, &b), BR_EOPNOTSUPP, "socketpair AF_INET: EOPNOTSUPP");
	tap_ok(a.raw == -1 && b.raw == -1, "both out descriptors hold nothing");
	tap_errno(br_socketpair(BR_AF_UNIX, 15, 0, &a, &b), BR_EINVAL, "socketpair of an unknown type: EINVAL");
}

/* A stream server and client on addr; checks the addresses both report. */
static void stream_on(const br_sockaddr_any *addr, uint32_t reported_len, const char *what)
{
	br_owned_fd l BR_AUTOCLOSE = BR_NO_FD, c BR_AUTOCLOSE = BR_NO_FD, s BR_AUTOCLOSE = BR_NO_FD;
	br_sockaddr_any got, peer;
	br_ucred cred = {0, 0, 0};
	char buf[8];
	size_t n;

	(void)!br_socket(BR_AF_UNIX, BR_SOCK_STREAM, 0, &l);
	if (!tap_errno(br_bind(br_borrow(l), &addr->sa, addr->len), BR_OK, tap_nm(what, "bind", 0)))
		return;
	tap_errno(br_listen(br_borrow(l), 4), BR_OK, tap_nm(what, "listen", 0));
	got = nt_local(br_borrow(l));
	tap_eq(got.len, reported_len, tap_nm(what, "getsockname gives the bound length", 0));
	tap_ok(br_sockaddr_equal(&got, addr), tap_nm(what, "and the same address", 0));
	(void)!br_socket(BR_AF_UNIX, BR_SOCK_STREAM, 0, &c);
	tap_errno(br_connect(br_borrow(c), &addr->sa, addr->len), BR_OK, tap_nm(what, "connect", 0));
	peer.len = sizeof peer.storage;
	tap_errno(br_accept4(br_borrow(l), &peer.sa, &peer.len, 0, &s), BR_OK, tap_nm(what, "accept4", 0));
	tap_eq(peer.len, 2, tap_nm(what, "an unbound client is unnamed: length 2", 0));
	peer.len = sizeof peer.storage;
	tap_errno(br_getpeername(br_borrow(c), &peer.sa, &peer.len), BR_OK, tap_nm(what, "getpeername", 0));
	tap_ok(br_sockaddr_equal(&peer, addr), tap_nm(what, "the client's peer is the server's address", 0));
	tap_errno(br_getsockopt_peercred(br_borrow(s), &cred), BR_OK, tap_nm(what, "SO_PEERCRED", 0));
	tap_eq((uint64_t)cred.pid, (uint64_t)br_getpid(), tap_nm(what, "the client's pid", 0));
	(void)!br_send(br_borrow(c), "abc", 3, 0, &n);
	tap_errno(br_recv(br_borrow(s), buf, sizeof buf, 0, &n), BR_OK, tap_nm(what, "data", 0));
	tap_eq(n, 3, tap_nm(what, "3 bytes", 0));
	br_owned_fd d BR_AUTOCLOSE = BR_NO_FD;
	(void)!br_socket(BR_AF_UNIX, BR_SOCK_STREAM, 0, &d);
	tap_errno(br_bind(br_borrow(d), &addr->sa, addr->len), BR_EADDRINUSE, tap_nm(what, "a second bind: EADDRINUSE", 0));
}

static void test_paths(void)
{
	br_sockaddr_any a;
	char path[160];
	size_t i = 0;

	for (const char *s = tmpdir; *s; s++)
		path[i++] = *s;
	for (const char *s = "/s"; *s; s++)
		path[i++] = *s;
	path[i] = 0;
	(void)!br_sockaddr_unix(path, &a);
	stream_on(&a, a.len, "path");
	tap_errno(br_unlinkat(BR_AT_FDCWD, path, 0), BR_OK, "path: the socket file exists until unlinked");

	/* A 108-byte relative name fills sun_path with no NUL. */
	br_owned_fd cwd BR_AUTOCLOSE = BR_NO_FD;
	(void)!br_openat(BR_AT_FDCWD, ".", BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &cwd);
	if (!tap_errno(br_chdir(tmpdir), BR_OK, "chdir to the scratch directory"))
		return;
	for (i = 0; i < 108; i++)
		path[i] = (char)('a' + i % 26);
	path[108] = 0;
	tap_errno(br_sockaddr_unix(path, &a), BR_OK, "a 108-byte path");
	/* The kernel stores a NUL after the 108 bytes and reports 111. */
	stream_on(&a, 111, "108-byte path");
	(void)!br_unlinkat(BR_AT_FDCWD, path, 0);
	br_owned_fd x BR_AUTOCLOSE = BR_NO_FD;
	(void)!br_socket(BR_AF_UNIX, BR_SOCK_STREAM, 0, &x);
	br_sockaddr_un big;
	big.sun_family = BR_AF_UNIX;
	tap_errno(br_bind(br_borrow(x), (const br_sockaddr *)&big, sizeof big + 1), BR_EINVAL,
		  "bind with a length beyond sockaddr_un: EINVAL");
	tap_errno(br_fchdir(br_borrow(cwd)), BR_OK, "back to the first directory");
}

static void test_abstract(void)
{
	br_sockaddr_any a, got;
	char name[64];
	size_t len = abstract_name(name, "stream");

	(void)!br_sockaddr_unix_abstract(name, len, &a);
	stream_on(&a, a.len, "abstract");
	name[len] = 0;
	name[len + 1] = 'z';
	(void)!br_sockaddr_unix_abstract(name, len + 2, &a);
	stream_on(&a, a.len, "abstract name with a 0 byte inside");

	/* Autobind: binding the family alone gives a name of five hex digits. */
	br_owned_fd s BR_AUTOCLOSE = BR_NO_FD;
	br_sockaddr_any fam;
	fam.sa.sa_family = BR_AF_UNIX;
	(void)!br_socket(BR_AF_UNIX, BR_SOCK_DGRAM, 0, &s);
	tap_errno(br_bind(br_borrow(s), &fam.sa, 2), BR_OK, "bind the family alone: autobind");
	got = nt_local(br_borrow(s));
	tap_eq(got.len, 2 + 1 + 5, "an abstract name of 5 bytes");
	bool hex = got.un.sun_path[0] == 0;
	for (int i = 1; i <= 5; i++) {
		char c = got.un.sun_path[i];
		hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
	}
	tap_ok(hex, "a 0 byte and five hex digits");
}

static void test_dgram_seqpacket(void)
{
	br_owned_fd a BR_AUTOCLOSE = BR_NO_FD, b BR_AUTOCLOSE = BR_NO_FD;
	br_sockaddr_any aa, ba, from;
	char name[64], buf[16];
	size_t n;

	(void)!br_sockaddr_unix_abstract(name, abstract_name(name, "dgram-a"), &aa);
	(void)!br_sockaddr_unix_abstract(name, abstract_name(name, "dgram-b"), &ba);
	(void)!br_socket(BR_AF_UNIX, BR_SOCK_DGRAM, 0, &a);
	(void)!br_socket(BR_AF_UNIX, BR_SOCK_DGRAM, 0, &b);
	tap_errno(br_bind(br_borrow(a), &aa.sa, aa.len), BR_OK, "dgram: bind a");
	tap_errno(br_bind(br_borrow(b), &ba.sa, ba.len), BR_OK, "dgram: bind b");
	tap_errno(br_sendto(br_borrow(a), "dg", 2, 0, &ba.sa, ba.len, &n), BR_OK, "dgram: sendto b");
	from.len = sizeof from.storage;
	tap_errno(br_recvfrom(br_borrow(b), buf, sizeof buf, 0, &from.sa, &from.len, &n), BR_OK, "dgram: recvfrom");
	tap_ok(n == 2 && br_sockaddr_equal(&from, &aa), "dgram: from a's abstract name, with its length");
	from.len = 4;
	(void)!br_sendto(br_borrow(a), "dg", 2, 0, &ba.sa, ba.len, &n);
	tap_errno(br_recvfrom(br_borrow(b), buf, sizeof buf, 0, &from.sa, &from.len, &n), BR_OK, "dgram: recvfrom with room for 4 bytes of address");
	tap_eq(from.len, aa.len, "the kernel reports the full length (the address was cut)");
	br_sockaddr_any nobody;
	(void)!br_sockaddr_unix_abstract(name, abstract_name(name, "nobody"), &nobody);
	tap_errno(br_sendto(br_borrow(a), "x", 1, 0, &nobody.sa, nobody.len, &n), BR_ECONNREFUSED, "dgram: sendto an unbound name: ECONNREFUSED");

	br_owned_fd l BR_AUTOCLOSE = BR_NO_FD, c BR_AUTOCLOSE = BR_NO_FD, s BR_AUTOCLOSE = BR_NO_FD;
	br_sockaddr_any sa;
	(void)!br_sockaddr_unix_abstract(name, abstract_name(name, "seq"), &sa);
	(void)!br_socket(BR_AF_UNIX, BR_SOCK_SEQPACKET, 0, &l);
	tap_errno(br_bind(br_borrow(l), &sa.sa, sa.len), BR_OK, "seqpacket: bind");
	tap_errno(br_listen(br_borrow(l), 2), BR_OK, "seqpacket: listen");
	(void)!br_socket(BR_AF_UNIX, BR_SOCK_SEQPACKET, 0, &c);
	tap_errno(br_connect(br_borrow(c), &sa.sa, sa.len), BR_OK, "seqpacket: connect");
	tap_errno(br_accept(br_borrow(l), 0, 0, &s), BR_OK, "seqpacket: accept");
	(void)!br_send(br_borrow(c), "first", 5, 0, &n);
	(void)!br_send(br_borrow(c), "second!", 7, BR_MSG_EOR, &n);
	tap_errno(br_recv(br_borrow(s), buf, sizeof buf, 0, &n), BR_OK, "seqpacket: recv");
	tap_eq(n, 5, "one record, not the stream's 12 bytes");
	br_iovec iov = {buf, 3};
	br_msghdr m = {0, 0, &iov, 1, 0, 0, 0};
	tap_errno(br_recvmsg(br_borrow(s), &m, 0, &n), BR_OK, "seqpacket: recvmsg into 3 bytes");
	tap_ok(n == 3 && (m.flags & BR_MSG_TRUNC), "cut to 3 with MSG_TRUNC");
	tap_errno(br_recv(br_borrow(s), buf, sizeof buf, BR_MSG_DONTWAIT, &n), BR_EAGAIN, "the rest of that record is gone");
	br_close(&c);
	n = 9;
	tap_errno(br_recv(br_borrow(s), buf, sizeof buf, 0, &n), BR_OK, "seqpacket: recv after the peer closed");
	tap_eq(n, 0, "0: end");
}

static void test_rights(void)
{
	br_owned_fd a BR_AUTOCLOSE = BR_NO_FD, b BR_AUTOCLOSE = BR_NO_FD;
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD, m BR_AUTOCLOSE = BR_NO_FD;
	br_owned_fd got[4] = {BR_NO_FD, BR_NO_FD, BR_NO_FD, BR_NO_FD};
	char buf[16];
	size_t n, nfds;
	bool cut = true;

	(void)!br_socketpair(BR_AF_UNIX, BR_SOCK_STREAM, 0, &a, &b);
	(void)!br_pipe2(BR_O_CLOEXEC, &r, &w);
	(void)!br_memfd_create("bedrock-net", BR_MFD_CLOEXEC, &m);
	int before = tap_open_fds();
	br_fd send3[3] = {br_borrow(r), br_borrow(w), br_borrow(m)};
	tap_errno(br_send_fds(br_borrow(a), "F", 1, send3, 3, &n), BR_OK, "send_fds: 3 descriptors");
	tap_errno(br_recv_fds(br_borrow(b), buf, sizeof buf, got, 4, &nfds, &cut, &n), BR_OK, "recv_fds");
	tap_ok(n == 1 && buf[0] == 'F' && nfds == 3 && !cut, "1 byte, 3 descriptors, nothing cut");
	tap_ok(nt_cloexec(got[0]) && nt_cloexec(got[1]) && nt_cloexec(got[2]), "each received one is close-on-exec");
	tap_ok(got[0].raw != r.raw && got[1].raw != w.raw, "new numbers");
	(void)!br_write(br_borrow(got[1]), "via", 3, &n);
	tap_ok(br_read(br_borrow(r), buf, sizeof buf, &n) == BR_OK && n == 3, "the received write end is the same pipe");
	for (int i = 0; i < 3; i++)
		br_close(&got[i]);
	tap_eq((uint64_t)tap_open_fds(), (uint64_t)before, "closing them leaves the count as before");

	/* Room for one: the kernel installs one, MSG_CTRUNC, nothing leaks. */
	(void)!br_send_fds(br_borrow(a), "G", 1, send3, 3, &n);
	tap_errno(br_recv_fds(br_borrow(b), buf, sizeof buf, got, 1, &nfds, &cut, &n), BR_OK, "recv_fds with room for 1 of 3");
	tap_ok(nfds == 1 && cut, "1 taken, truncated reported");
	br_close(&got[0]);
	tap_eq((uint64_t)tap_open_fds(), (uint64_t)before, "the two that did not fit were never left open");

	/* The raw call, a control length of CMSG_LEN(4): room for exactly one. */
	if (tap_under_qemu()) {
		tap_skip("recvmsg with room for one descriptor: MSG_CTRUNC, one arrives, nothing leaks",
			 "qemu-user 7.2 hands the kernel a control buffer twice the guest's and drops the "
			 "descriptors that do not fit the guest's without closing them or setting MSG_CTRUNC");
	} else {
		size_t control[BR_CMSG_SPACE(sizeof(int)) / sizeof(size_t)];
		br_iovec iov = {buf, sizeof buf};
		br_msghdr msg = {0, 0, &iov, 1, control, BR_CMSG_LEN(sizeof(int)), 0};
		(void)!br_send_fds(br_borrow(a), "H", 1, send3, 3, &n);
		tap_errno(br_recvmsg(br_borrow(b), &msg, 0, &n), BR_OK, "recvmsg with room for one descriptor");
		tap_ok(msg.flags & BR_MSG_CTRUNC, "MSG_CTRUNC");
		tap_eq(br_cmsg_take_rights(&msg, got, 4, &nfds), 1, "one descriptor arrived");
		tap_ok(nfds == 1 && nt_cloexec(got[0]), "close-on-exec although flags were 0 (bedrock adds MSG_CMSG_CLOEXEC)");
		br_close(&got[0]);
		tap_eq((uint64_t)tap_open_fds(), (uint64_t)before, "nothing leaked");
	}

	tap_errno(br_send_fds(br_borrow(a), "I", 1, send3, BR_SCM_MAX_FD + 1, &n), BR_EINVAL, "send_fds of 254: EINVAL");
	tap_errno(br_recv_fds(br_borrow(b), buf, 1, got, BR_SCM_MAX_FD + 1, &nfds, &cut, &n), BR_EINVAL, "recv_fds max 254: EINVAL");
	br_fd closed = {tap_bad_fd[0].raw};
	tap_errno(br_send_fds(br_borrow(a), "J", 1, &closed, 1, &n), BR_EBADF, "sending a closed descriptor: EBADF");
	tap_errno(br_send_fds(br_borrow(a), "K", 1, 0, 0, &n), BR_OK, "send_fds of none");
	tap_errno(br_recv_fds(br_borrow(b), buf, 1, got, 0, &nfds, &cut, &n), BR_OK, "recv_fds of none");
	tap_ok(n == 1 && buf[0] == 'K' && nfds == 0 && !cut, "just the byte");
}

static void test_credentials(void)
{
	br_owned_fd a BR_AUTOCLOSE = BR_NO_FD, b BR_AUTOCLOSE = BR_NO_FD;
	size_t control[16];
	char buf[8];
	br_iovec iov = {buf, sizeof buf};
	br_msghdr msg = {0, 0, &iov, 1, control, sizeof control, 0};
	br_ucred cred = {0, 0, 0};
	size_t n;
	uint32_t uid = (uint32_t)br_syscall0(BR_SYS_getuid);

	(void)!br_socketpair(BR_AF_UNIX, BR_SOCK_DGRAM, 0, &a, &b);
	tap_errno(br_setsockopt_int(br_borrow(b), BR_SOL_SOCKET, BR_SO_PASSCRED, 1), BR_OK, "SO_PASSCRED on");
	(void)!br_send(br_borrow(a), "c", 1, 0, &n);
	tap_errno(br_recvmsg(br_borrow(b), &msg, 0, &n), BR_OK, "recvmsg");
	tap_ok(br_cmsg_creds(&msg, &cred), "an SCM_CREDENTIALS message came with it");
	tap_ok(cred.pid == br_getpid() && cred.uid == uid, "the sender's pid and uid");

	br_ucred mine = {br_getpid(), uid, (uint32_t)br_syscall0(BR_SYS_getgid)};
	br_msghdr out = {0, 0, &iov, 1, control, 0, 0};
	out.controllen = br_cmsg_put_creds(control, sizeof control, &mine);
	tap_errno(br_sendmsg(br_borrow(a), &out, 0, &n), BR_OK, "sendmsg with our own credentials");
	msg.controllen = sizeof control;
	(void)!br_recvmsg(br_borrow(b), &msg, 0, &n);
	tap_ok(br_cmsg_creds(&msg, &cred) && cred.pid == mine.pid && cred.gid == mine.gid, "they arrive");
	br_ucred other = mine;
	other.pid = uid == 0 ? 2000000000 : 1;
	out.controllen = br_cmsg_put_creds(control, sizeof control, &other);
	tap_errno(br_sendmsg(br_borrow(a), &out, 0, &n), uid == 0 ? BR_ESRCH : BR_EPERM,
		  uid == 0 ? "claiming a pid that does not exist: ESRCH" : "claiming pid 1: EPERM");
}

/* Fills every free descriptor below the limit set to the highest open + 2;
 * returns the old limit in *old. */
static int fill_table(br_rlimit *old, br_owned_fd *fillers, int max)
{
	int hi, count = 0;
	tap_fd_census(&hi);
	br_rlimit lim = {(uint64_t)hi + 2, 0};
	(void)!br_prlimit64(0, BR_RLIMIT_NOFILE, 0, old);
	lim.max = old->max;
	(void)!br_prlimit64(0, BR_RLIMIT_NOFILE, &lim, 0);
	while (count < max && br_dup(BR_STDERR, &fillers[count]) == BR_OK)
		count++;
	return count;
}

static void unfill(br_rlimit *old, br_owned_fd *fillers, int count)
{
	for (int i = 0; i < count; i++)
		br_close(&fillers[i]);
	(void)!br_prlimit64(0, BR_RLIMIT_NOFILE, old, 0);
}

static void test_emfile(void)
{
	br_owned_fd l BR_AUTOCLOSE = BR_NO_FD, c BR_AUTOCLOSE = BR_NO_FD, s = BR_NO_FD;
	br_owned_fd a BR_AUTOCLOSE = BR_NO_FD, b BR_AUTOCLOSE = BR_NO_FD, got[2] = {BR_NO_FD, BR_NO_FD};
	static br_owned_fd fillers[4096];
	br_sockaddr_any la;
	br_rlimit old;
	char name[64], buf[4];
	size_t n, nfds;
	bool cut = false;

	(void)!br_sockaddr_unix_abstract(name, abstract_name(name, "emfile"), &la);
	(void)!br_socket(BR_AF_UNIX, BR_SOCK_STREAM, 0, &l);
	(void)!br_bind(br_borrow(l), &la.sa, la.len);
	(void)!br_listen(br_borrow(l), 2);
	(void)!br_socket(BR_AF_UNIX, BR_SOCK_STREAM, 0, &c);
	(void)!br_connect(br_borrow(c), &la.sa, la.len);
	(void)!br_socketpair(BR_AF_UNIX, BR_SOCK_STREAM, 0, &a, &b);
	br_fd one = br_borrow(c);
	(void)!br_send_fds(br_borrow(a), "E", 1, &one, 1, &n);
	int before = tap_open_fds();

	int count = fill_table(&old, fillers, 4096);
	br_errno accept_e = br_accept(br_borrow(l), 0, 0, &s);
	br_errno recv_e = br_recv_fds(br_borrow(b), buf, sizeof buf, got, 2, &nfds, &cut, &n);
	unfill(&old, fillers, count);
	if (!tap_ok(count > 0 && count < 4096, "the descriptor table is full up to a lowered RLIMIT_NOFILE")) {
		tap_puts("#   fillers ");
		tap_putu((uint64_t)count);
		tap_puts("\n");
	}
	tap_errno(accept_e, BR_EMFILE, "accept4 with no free descriptor: EMFILE");
	tap_eq((uint64_t)(int64_t)s.raw, (uint64_t)-1, "holds nothing");
	tap_errno(recv_e, BR_OK, "SCM_RIGHTS reception with no free descriptor: the data still arrives");
	tap_ok(n == 1 && buf[0] == 'E' && nfds == 0 && cut, "no descriptor, MSG_CTRUNC reported");
	tap_eq((uint64_t)tap_open_fds(), (uint64_t)before, "nothing leaked");
	tap_errno(br_accept(br_borrow(l), 0, 0, &s), BR_OK, "with room again the connection is still there");
	br_close(&s);
}

static void child_sigpipe(void)
{
	br_owned_fd a = BR_NO_FD, b = BR_NO_FD;
	size_t n;
	(void)!br_socketpair(BR_AF_UNIX, BR_SOCK_STREAM, 0, &a, &b);
	br_close(&b);
	(void)!br_send(br_borrow(a), "x", 1, 0, &n);
	br_exit_group(0); /* not reached: SIGPIPE's default action kills */
}

static void test_epipe(void)
{
	br_owned_fd a BR_AUTOCLOSE = BR_NO_FD, b = BR_NO_FD;
	br_sigset pipe = br_sigset_empty(), old, pending;
	br_siginfo info;
	br_timespec zero = {0, 0};
	size_t n;
	int sig;

	(void)!br_sigset_add(&pipe, BR_SIGPIPE);
	(void)!br_socketpair(BR_AF_UNIX, BR_SOCK_STREAM, 0, &a, &b);
	br_close(&b);
	(void)!br_rt_sigprocmask(BR_SIG_BLOCK, &pipe, &old);
	tap_errno(br_send(br_borrow(a), "x", 1, BR_MSG_NOSIGNAL, &n), BR_EPIPE, "send to a closed peer, MSG_NOSIGNAL: EPIPE");
	(void)!br_rt_sigpending(&pending);
	tap_ok(!br_sigset_has(pending, BR_SIGPIPE), "and no SIGPIPE");
	tap_errno(br_send(br_borrow(a), "x", 1, 0, &n), BR_EPIPE, "without MSG_NOSIGNAL: EPIPE too");
	(void)!br_rt_sigpending(&pending);
	tap_ok(br_sigset_has(pending, BR_SIGPIPE), "and SIGPIPE is pending");
	tap_errno(br_rt_sigtimedwait(&pipe, &info, &zero, &sig), BR_OK, "take it");
	(void)!br_rt_sigprocmask(BR_SIG_SETMASK, &old, 0);

	int pid = -1;
	if (br_fork(&pid) == BR_OK && pid == 0)
		child_sigpipe();
	int status = tap_reap(pid, 0);
	tap_ok(br_wifsignaled(status) && br_wtermsig(status) == BR_SIGPIPE, "unblocked, the default action kills the sender");
}

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	tap_bad_fd[0].raw = tap_closed_number();
	make_tmpdir();
	tap_group(test_socketpair, "socketpair");
	tap_group(test_paths, "path names");
	tap_group(test_abstract, "abstract names");
	tap_group(test_dgram_seqpacket, "datagram and seqpacket");
	tap_group(test_rights, "SCM_RIGHTS");
	tap_group(test_credentials, "SCM_CREDENTIALS");
	tap_group(test_emfile, "EMFILE");
	tap_group(test_epipe, "EPIPE");
	tap_errno(br_unlinkat(BR_AT_FDCWD, tmpdir, BR_AT_REMOVEDIR), BR_OK, "the scratch directory is empty at the end");
	return tap_done();
}
