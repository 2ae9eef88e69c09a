/* SPDX-License-Identifier: MIT */
/* Set-uid safety: a program started with AT_SECURE (set-uid, set-gid or
 * file capabilities) by someone who closed its stdin, stdout or stderr
 * would get that number back from its first open, and then write its
 * output or error messages into that file (a set-uid program's file). So,
 * as musl does, one ppoll over fds 0, 1 and 2 finds the closed ones
 * (POLLNVAL) and /dev/null is opened into each, lowest first. A failure
 * here ends the program (SIGABRT) rather than run it in that state.
 * Without AT_SECURE nothing is done and no system call is made. */
#include <bedrock/fs.h>
#include <bedrock/syscall.h>
#include "internal.h"

struct br__pollfd {
	int fd;
	short events, revents;
};

#define POLLNVAL 0x20

void br__secure_fds(unsigned long secure)
{
	if (!secure)
		return;

	struct br__pollfd p[3] = {{0, 0, 0}, {1, 0, 0}, {2, 0, 0}};
	long zero[2] = {0, 0};
	if (br_syscall5(BR_SYS_ppoll, (long)p, 3, (long)zero, 0, 8) < 0)
		br__crt_abort(BR__CRT_MSG("cannot check the standard descriptors"));
	for (int i = 0; i < 3; i++)
		if (p[i].revents & POLLNVAL &&
		    br_syscall4(BR_SYS_openat, BR_AT_FDCWD_RAW, (long)"/dev/null", BR_O_RDWR, 0) != i)
			br__crt_abort(BR__CRT_MSG("cannot open /dev/null for a closed standard descriptor"));
}
