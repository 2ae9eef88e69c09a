/* SPDX-License-Identifier: MIT */
/* TCP ping-pong over 127.0.0.1 with bedrock: a forked child echoes, the
 * parent sends 64 bytes and waits for them back, N times (argv[1], default
 * 20000), TCP_NODELAY on both ends; prints round trips per second on
 * stdout. The same program as pingpong_libc.c, call for call. */
#include <bedrock/bedrock.h>

enum { MSG = 64 };

static void fail(int code)
{
	br_exit_group(code);
}

/* recv until len bytes have come; false at end of stream or error. */
static bool recv_all(br_fd s, char *buf, size_t len)
{
	size_t got = 0, n;
	while (got < len) {
		if (br_recv(s, buf + got, len - got, 0, &n) || n == 0)
			return false;
		got += n;
	}
	return true;
}

static void put_num(uint64_t v)
{
	char t[24];
	int n = 23;
	t[n] = '\n';
	do
		t[--n] = (char)('0' + v % 10);
	while (v /= 10);
	(void)!br_write_all(BR_STDOUT, t + n, (size_t)(24 - n));
}

int main(int argc, char **argv, char **envp)
{
	(void)envp;
	uint64_t rounds = 20000;
	if (argc > 1) {
		rounds = 0;
		for (const char *p = argv[1]; *p; p++)
			rounds = rounds * 10 + (uint64_t)(*p - '0');
	}
	br_owned_fd l = BR_NO_FD, c = BR_NO_FD, s = BR_NO_FD;
	br_sockaddr_any a = br_sockaddr_inet(BR_INADDR_LOOPBACK, 0);
	if (br_socket(BR_AF_INET, BR_SOCK_STREAM, 0, &l) || br_bind(br_borrow(l), &a.sa, a.len) ||
	    br_listen(br_borrow(l), 1))
		fail(2);
	a.len = sizeof a.storage;
	if (br_getsockname(br_borrow(l), &a.sa, &a.len))
		fail(2);
	int pid = -1;
	if (br_fork(&pid))
		fail(2);
	char buf[MSG];
	size_t n;
	if (pid == 0) {
		if (br_accept(br_borrow(l), 0, 0, &s) || br_setsockopt_tcp_nodelay(br_borrow(s), true))
			fail(3);
		while (recv_all(br_borrow(s), buf, MSG))
			if (br_send(br_borrow(s), buf, MSG, 0, &n) || n != MSG)
				fail(3);
		br_exit_group(0);
	}
	if (br_socket(BR_AF_INET, BR_SOCK_STREAM, 0, &c) || br_connect(br_borrow(c), &a.sa, a.len) ||
	    br_setsockopt_tcp_nodelay(br_borrow(c), true))
		fail(4);
	for (int i = 0; i < MSG; i++)
		buf[i] = (char)i;
	br_timespec t0, t1;
	(void)!br_clock_gettime(BR_CLOCK_MONOTONIC, &t0);
	for (uint64_t r = 0; r < rounds; r++) {
		if (br_send(br_borrow(c), buf, MSG, 0, &n) || n != MSG || !recv_all(br_borrow(c), buf, MSG))
			fail(5);
	}
	(void)!br_clock_gettime(BR_CLOCK_MONOTONIC, &t1);
	br_close(&c);
	int status;
	(void)!br_wait4(pid, &status, 0, 0, &pid);
	uint64_t ns = (uint64_t)((t1.sec - t0.sec) * 1000000000 + (t1.nsec - t0.nsec));
	put_num(rounds * 1000000000 / (ns ? ns : 1));
	return status == 0 ? 0 : 6;
}
