/* SPDX-License-Identifier: MIT */
/* fd.h: the conversions are pure; dup2 differs per architecture. */
#include "trace.h"

void trace_fd(void)
{
	br_fd mem = br_fd_from_raw(FD_MEM);
	br_owned_fd o = BR_NO_FD, none = BR_NO_FD, target = br_owned_fd_from_raw(FD_DUP);
	br_owned_fd same = br_owned_fd_from_raw(FD_MEM);
	unsigned flags;

	SEG("br_borrow", "");
	USE(CALL(br_borrow)(same).raw);
	SEG("br_fd_from_raw", "");
	USE(CALL(br_fd_from_raw)(1019).raw);
	SEG("br_owned_fd_from_raw", "");
	o = CALL(br_owned_fd_from_raw)(1020);
	USE(o.raw);
	SEG("br_owned_fd_into_raw", "");
	USE(CALL(br_owned_fd_into_raw)(&o));

	SEG("br_dup", "dup(60) = $dup");
	USE(CALL(br_dup)(mem, &o));
	SEG("br_close (owned)", "close($dup) = 0");
	CALL(br_close)(&o);
	SEG("br_close (holds nothing)", "");
	CALL(br_close)(&none);
	/* The generic table has no dup2: dup3(old, new, 0), and for old == new
	 * only the check that old is open, fcntl(F_GETFD). */
	SEG("br_dup2", "[x86_64] dup2(60, 61) = 61  [generic] dup3(60, 61, 0) = 61");
	USE(CALL(br_dup2)(mem, &target));
	SEG("br_dup2 (same fd)", "[x86_64] dup2(60, 60) = 60  [generic] fcntl(60, F_GETFD)");
	USE(CALL(br_dup2)(mem, &same));
	SEG("br_dup3", "dup3(60, 61, O_CLOEXEC) = 61");
	USE(CALL(br_dup3)(mem, &target, BR_DUP_CLOEXEC));
	SEG("br_close_raw", "close(61) = 0");
	CALL(br_close_raw)(FD_DUP);
	SEG("br_fcntl_dupfd_cloexec", "fcntl(60, F_DUPFD_CLOEXEC, 77) = $dupfd >= 77");
	USE(CALL(br_fcntl_dupfd_cloexec)(mem, 77, &o));
	SEG("br_close (fcntl_dupfd_cloexec's)", "close($dupfd) = 0");
	CALL(br_close)(&o);
	SEG("br_fcntl_getfd", "fcntl(60, F_GETFD) = FD_CLOEXEC");
	USE(CALL(br_fcntl_getfd)(mem, &flags));
	SEG("br_fcntl_setfd", "fcntl(60, F_SETFD, FD_CLOEXEC) = 0");
	USE(CALL(br_fcntl_setfd)(mem, BR_FD_CLOEXEC));
	/* Documented: unknown bits are refused before any syscall. */
	SEG("br_fcntl_setfd (unknown flag)", "");
	USE(CALL(br_fcntl_setfd)(mem, 2));
	SEG("br_fcntl_getfl", "fcntl(60, F_GETFL)");
	USE(CALL(br_fcntl_getfl)(mem, &flags));
	SEG("br_fcntl_setfl", "fcntl(60, F_SETFL, O_NONBLOCK) = 0");
	USE(CALL(br_fcntl_setfl)(mem, BR_O_NONBLOCK));
	SEG("br_ioctl_fioclex", "ioctl(60, FIOCLEX, 0) = 0");
	USE(CALL(br_ioctl_fioclex)(mem));
	SEG("br_ioctl_fionclex", "ioctl(60, FIONCLEX, 0) = 0");
	USE(CALL(br_ioctl_fionclex)(mem));
	SEG("br_ioctl_fionbio", "ioctl(60, FIONBIO, *) = 0");
	USE(CALL(br_ioctl_fionbio)(mem, false));
}
