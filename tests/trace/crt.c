/* SPDX-License-Identifier: MIT */
/* crt.h: what crt0 recorded, read from memory, no syscall (br_exit is
 * traced in process.c's third child). */
#include "trace.h"

void trace_crt(void)
{
	SEG("br_getauxval", "");
	USE(CALL(br_getauxval)(BR_AT_PAGESZ));
	SEG("br_getenv", "");
	USE(CALL(br_getenv)("BEDROCK_TRACE_UNSET"));
}
