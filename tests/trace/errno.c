/* SPDX-License-Identifier: MIT */
/* errno.h: tables, pure. */
#include "trace.h"

void trace_errno(void)
{
	SEG("br_errno_name", "");
	USE(CALL(br_errno_name)(BR_ENOENT));
	SEG("br_errno_message", "");
	USE(CALL(br_errno_message)(BR_EPERM));
}
