/* SPDX-License-Identifier: MIT */
/* errno.h: every value has its name and message; unknown values give NULL. */
#include "tap.h"

int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;

	tap_ok(tap_streq(br_errno_name(BR_EAGAIN), "EAGAIN"), "name of EAGAIN");
	tap_ok(tap_streq(br_errno_name(BR_EWOULDBLOCK), "EAGAIN"), "EWOULDBLOCK is EAGAIN");
	tap_ok(tap_streq(br_errno_name(BR_ENOTSUP), "EOPNOTSUPP"), "ENOTSUP is EOPNOTSUPP");
	tap_ok(tap_streq(br_errno_name(BR_EDEADLOCK), "EDEADLK"), "EDEADLOCK is EDEADLK");
	tap_ok(tap_streq(br_errno_name(BR_EHWPOISON), "EHWPOISON"), "name of EHWPOISON (133)");
	tap_ok(tap_streq(br_errno_message(BR_EAGAIN), "Resource temporarily unavailable"), "message of EAGAIN");
	tap_ok(tap_streq(br_errno_message(BR_ENOENT), "No such file or directory"), "message of ENOENT");
	tap_ok(tap_streq(br_errno_message(BR_OK), "Success"), "message of BR_OK");
	tap_ok(br_errno_name(BR_OK) == 0, "BR_OK has no errno name");
	tap_ok(br_errno_name((br_errno)41) == 0 && br_errno_message((br_errno)41) == 0, "41 (unused) is unknown");
	tap_ok(br_errno_name((br_errno)58) == 0, "58 (unused) is unknown");
	tap_ok(br_errno_name((br_errno)134) == 0 && br_errno_message((br_errno)134) == 0, "134 is unknown");
	tap_ok(br_errno_name((br_errno)-1) == 0 && br_errno_message((br_errno)-1) == 0, "-1 is unknown");
	tap_ok(br_errno_name((br_errno)0x7fffffff) == 0, "INT_MAX is unknown");

	int named = 0;
	bool all_prefixed = true;
	for (int v = 1; v <= 133; v++) {
		const char *n = br_errno_name((br_errno)v);
		if (!n)
			continue;
		named++;
		all_prefixed &= n[0] == 'E' && br_errno_message((br_errno)v) != 0;
	}
	tap_eq((uint64_t)named, 131, "131 of 1..133 have names (41 and 58 are aliases)");
	tap_ok(all_prefixed, "every name starts with E and has a message");
	/* The kernel's answer for a bad fd must name-round-trip. */
	br_errno e = br_syscall_errno(br_syscall1(BR_SYS_close, -1));
	tap_errno(e, BR_EBADF, "close(-1) is EBADF from the kernel");
	tap_ok(tap_streq(br_errno_name(e), "EBADF"), "and its name is EBADF");
	return tap_done();
}
