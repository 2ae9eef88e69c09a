/* SPDX-License-Identifier: MIT */
/* string.h: pure, no syscall at all. */
#include "trace.h"

void trace_string(void)
{
	char small[64];
	size_t n;

	SEG("br_strlen", "");
	USE(CALL(br_strlen)("abc"));
	SEG("br_strnlen", "");
	USE(CALL(br_strnlen)("abc", 2));
	SEG("br_strcmp", "");
	USE(CALL(br_strcmp)("abc", "abd"));
	SEG("br_strncmp", "");
	USE(CALL(br_strncmp)("abc", "abd", 2));
	SEG("br_memchr", "");
	USE(CALL(br_memchr)("abc", 'c', 3));
	SEG("br_memrchr", "");
	USE(CALL(br_memrchr)("abc", 'a', 3));
	SEG("br_strchr", "");
	USE(CALL(br_strchr)("abc", 'b'));
	SEG("br_strrchr", "");
	USE(CALL(br_strrchr)("abcb", 'b'));
	SEG("br_strstr", "");
	USE(CALL(br_strstr)("abcabd", "abd"));
	SEG("br_memmem", "");
	USE(CALL(br_memmem)("abcabd", 6, "bd", 2));
	SEG("br_strlcpy", "");
	USE(CALL(br_strlcpy)(small, "abcdef", 4));
	SEG("br_strlcat", "");
	USE(CALL(br_strlcat)(small, "xyz", sizeof small));
	SEG("br_strcopy", "");
	USE(CALL(br_strcopy)(small, 4, "abcdef", &n));
	SEG("br_strappend", "");
	USE(CALL(br_strappend)(small, sizeof small, "xyz", &n));
}
