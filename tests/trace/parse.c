/* SPDX-License-Identifier: MIT */
/* parse.h: pure, no syscall at all. */
#include "trace.h"

void trace_parse(void)
{
	int64_t i;
	uint64_t u;

	SEG("br_parse_i64", "");
	USE(CALL(br_parse_i64)("-1234", 5, 10, &i));
	SEG("br_parse_u64", "");
	USE(CALL(br_parse_u64)("0x1234", 6, 0, &u));
}
