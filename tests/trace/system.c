/* SPDX-License-Identifier: MIT */
/* system.h (issue 11): reboot with an unknown command and with bad magic
 * numbers (refused: EINVAL as root, EPERM otherwise), names too long to
 * set, a module descriptor that is not open and a module that is not
 * loaded (ENOSYS where the kernel has no module support). */
#include "trace.h"

void trace_system(void)
{
	br_utsname uts;

	SEG("br_reboot (unknown command)", "reboot(0xfee1dead, 672274793, 0x1045, 0) = -1 EINVAL|EPERM");
	USE(CALL(br_reboot)(0x1045, 0));
	SEG("br_reboot_raw (bad magic)", "reboot(0x1046, 0x1047, 0x4321fedc, 0) = -1 EINVAL|EPERM");
	USE(CALL(br_reboot_raw)(0x1046, 0x1047, BR_LINUX_REBOOT_CMD_POWER_OFF, 0));
	SEG("br_uname", "uname(*) = 0");
	USE(CALL(br_uname)(&uts));
	SEG("br_sethostname (too long)", "sethostname(*, 65) = -1 EINVAL|EPERM");
	USE(CALL(br_sethostname)(buf, 65));
	SEG("br_setdomainname (too long)", "setdomainname(*, 66) = -1 EINVAL|EPERM");
	USE(CALL(br_setdomainname)(buf, 66));
	SEG("br_finit_module (not open)", "finit_module(1024, 'trace=1', 2) = -1 EBADF|EPERM|ENOSYS");
	USE(CALL(br_finit_module)(br_fd_from_raw(1024), "trace=1", BR_MODULE_INIT_IGNORE_VERMAGIC));
	SEG("br_delete_module (no such module)",
	    "delete_module('bedrock_trace_none', O_NONBLOCK) = -1 ENOENT|EPERM|ENOSYS");
	USE(CALL(br_delete_module)("bedrock_trace_none", BR_O_NONBLOCK));
}
