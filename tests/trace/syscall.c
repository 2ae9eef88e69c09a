/* SPDX-License-Identifier: MIT */
/* syscall.h's raw stubs, each with a call whose every argument the tracers
 * print: every register reaches the kernel. */
#include "trace.h"

void trace_syscall(void)
{
	SEG("br_syscall0", "getpid() = $pid");
	USE(CALL(br_syscall0)(BR_SYS_getpid));
	SEG("br_syscall1", "close(1101) = -1 EBADF");
	USE(CALL(br_syscall1)(BR_SYS_close, 1101));
	SEG("br_syscall2", "kill(2000000010, 0) = -1 ESRCH");
	USE(CALL(br_syscall2)(BR_SYS_kill, 2000000010, 0));
	SEG("br_syscall3", "lseek(60, 1102, SEEK_SET) = 1102");
	USE(CALL(br_syscall3)(BR_SYS_lseek, FD_MEM, 1102, BR_SEEK_SET));
	SEG("br_syscall4", "pread64(60, *, 1103, 0x823456789) = 0");
	USE(CALL(br_syscall4)(BR_SYS_pread64, FD_MEM, (long)buf, 1103, 0x823456789));
	SEG("br_syscall5", "statx(62, '', AT_EMPTY_PATH, STATX_TYPE|STATX_SIZE, *) = 0");
	USE(CALL(br_syscall5)(BR_SYS_statx, FD_ROOT, (long)"", BR_AT_EMPTY_PATH, BR_STATX_TYPE | BR_STATX_SIZE,
			      (long)buf));
	SEG("br_syscall6", "mmap(0x1104000, 0x2000, PROT_READ, MAP_PRIVATE, 1105, 0x3000) = -1 EBADF");
	USE(CALL(br_syscall6)(BR_SYS_mmap, 0x1104000, 0x2000, BR_PROT_READ, BR_MAP_PRIVATE, 1105, 0x3000));
	/* Pure: a conversion. */
	SEG("br_syscall_errno", "");
	USE(CALL(br_syscall_errno)(-2));
}
