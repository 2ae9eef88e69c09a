/* SPDX-License-Identifier: MIT */
/* process.h's namespaces, credentials, capabilities and pidfds (issue
 * 11): -1 ids (no change, or EINVAL), an unshare of the descriptor table
 * only, descriptors 1021.. that are not open, a pid beyond pid_max. */
#include "trace.h"

void trace_cred(void)
{
	br_owned_fd o = BR_NO_FD;
	size_t n;
	uint32_t r, e, sv, groups[4];
	br_cap_header hdr = {BR_LINUX_CAPABILITY_VERSION_3, 0};
	br_cap_data caps[2];

	SEG("br_unshare", "unshare(CLONE_FILES) = 0");
	USE(CALL(br_unshare)(BR_CLONE_FILES));
	SEG("br_setns (not open)", "setns(1021, CLONE_NEWNET) = -1 EBADF");
	USE(CALL(br_setns)(br_fd_from_raw(1021), BR_CLONE_NEWNET));
	SEG("br_getuid", "getuid()");
	USE(CALL(br_getuid)());
	SEG("br_geteuid", "geteuid()");
	USE(CALL(br_geteuid)());
	SEG("br_getgid", "getgid()");
	USE(CALL(br_getgid)());
	SEG("br_getegid", "getegid()");
	USE(CALL(br_getegid)());
	SEG("br_setuid (invalid id)", "setuid(0xffffffff) = -1 EINVAL");
	USE(CALL(br_setuid)(BR_ID_UNCHANGED));
	SEG("br_setgid (invalid id)", "setgid(0xffffffff) = -1 EINVAL");
	USE(CALL(br_setgid)(BR_ID_UNCHANGED));
	SEG("br_setreuid (no change)", "setreuid(0xffffffff, 0xffffffff) = 0");
	USE(CALL(br_setreuid)(BR_ID_UNCHANGED, BR_ID_UNCHANGED));
	SEG("br_setregid (no change)", "setregid(0xffffffff, 0xffffffff) = 0");
	USE(CALL(br_setregid)(BR_ID_UNCHANGED, BR_ID_UNCHANGED));
	SEG("br_setresuid (no change)", "setresuid(0xffffffff, 0xffffffff, 0xffffffff) = 0");
	USE(CALL(br_setresuid)(BR_ID_UNCHANGED, BR_ID_UNCHANGED, BR_ID_UNCHANGED));
	SEG("br_setresgid (no change)", "setresgid(0xffffffff, 0xffffffff, 0xffffffff) = 0");
	USE(CALL(br_setresgid)(BR_ID_UNCHANGED, BR_ID_UNCHANGED, BR_ID_UNCHANGED));
	SEG("br_getresuid", "getresuid(*, *, *) = 0");
	USE(CALL(br_getresuid)(&r, &e, &sv));
	SEG("br_getresgid", "getresgid(*, *, *) = 0");
	USE(CALL(br_getresgid)(&r, &e, &sv));
	SEG("br_getgroups", "getgroups(0, *)");
	USE(CALL(br_getgroups)(0, groups, &n));
	/* Beyond NGROUPS_MAX; a user gets EPERM first. */
	SEG("br_setgroups (too many)", "setgroups(70001, *) = -1 EINVAL|EPERM");
	USE(CALL(br_setgroups)(70001, groups));
	SEG("br_capget", "capget(*, *) = 0");
	USE(CALL(br_capget)(&hdr, caps));
	hdr.version = 0x1044;
	SEG("br_capset (unknown version)", "capset(*, *) = -1 EINVAL");
	USE(CALL(br_capset)(&hdr, caps));
	SEG("br_pidfd_open (no such process)", "pidfd_open(2000000011, 0) = -1 ESRCH");
	USE(CALL(br_pidfd_open)(2000000011, 0, &o));
	SEG("br_pidfd_send_signal (not open)", "pidfd_send_signal(1022, SIGUSR1, 0, 0) = -1 EBADF");
	USE(CALL(br_pidfd_send_signal)(br_fd_from_raw(1022), BR_SIGUSR1, 0, 0));
	SEG("br_pidfd_getfd (not open)", "pidfd_getfd(1023, 5, 0) = -1 EBADF");
	USE(CALL(br_pidfd_getfd)(br_fd_from_raw(1023), 5, 0, &o));
}
