/* SPDX-License-Identifier: MIT */
/* TCP ping-pong over 127.0.0.1 with the C library (glibc or musl, static):
 * the same program as pingpong_bedrock.c, call for call. */
#define _GNU_SOURCE /* accept4 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { MSG = 64 };

static int recv_all(int s, char *buf, size_t len)
{
	size_t got = 0;
	while (got < len) {
		ssize_t n = recv(s, buf + got, len - got, 0);
		if (n <= 0)
			return 0;
		got += (size_t)n;
	}
	return 1;
}

int main(int argc, char **argv)
{
	unsigned long long rounds = argc > 1 ? strtoull(argv[1], 0, 10) : 20000;
	int one = 1;
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 1) ||
	    getsockname(l, (struct sockaddr *)&a, &len))
		return 2;
	pid_t pid = fork();
	char buf[MSG];
	if (pid < 0)
		return 2;
	if (pid == 0) {
		int s = accept4(l, 0, 0, SOCK_CLOEXEC);
		if (s < 0 || setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one))
			_exit(3);
		while (recv_all(s, buf, MSG))
			if (send(s, buf, MSG, 0) != MSG)
				_exit(3);
		_exit(0);
	}
	int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c < 0 || connect(c, (struct sockaddr *)&a, sizeof a) ||
	    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one))
		return 4;
	for (int i = 0; i < MSG; i++)
		buf[i] = (char)i;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned long long r = 0; r < rounds; r++)
		if (send(c, buf, MSG, 0) != MSG || !recv_all(c, buf, MSG))
			return 5;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	close(c);
	int status;
	waitpid(pid, &status, 0);
	unsigned long long ns = (unsigned long long)((t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec));
	printf("%llu\n", rounds * 1000000000ULL / (ns ? ns : 1));
	return status == 0 ? 0 : 6;
}
