/* SPDX-License-Identifier: MIT */
/* bedrock/parse.h: every base and prefix, signs, the limits of 64 bits
 * exactly and one past them, no digits, trailing junk, bad bases, and that
 * *out is left alone on every error. (tests/differential/parse.c compares
 * with glibc's strtoll/strtoull on random text.) */
#include <bedrock/bedrock.h>
#include "tap.h"

static void i64(const char *s, unsigned base, br_errno want_e, int64_t want, const char *name)
{
	int64_t v = 0x5a5a5a5a;
	br_errno e = br_parse_i64(s, br_strlen(s), base, &v);
	tap_errno(e, want_e, name);
	tap_eq((uint64_t)v, want_e ? 0x5a5a5a5a : (uint64_t)want, tap_nm(name, want_e ? "out untouched" : "value", 0));
}

static void u64(const char *s, unsigned base, br_errno want_e, uint64_t want, const char *name)
{
	uint64_t v = 0x5a5a5a5a;
	br_errno e = br_parse_u64(s, br_strlen(s), base, &v);
	tap_errno(e, want_e, name);
	tap_eq(v, want_e ? 0x5a5a5a5a : want, tap_nm(name, want_e ? "out untouched" : "value", 0));
}

int main(void)
{
	i64("0", 10, BR_OK, 0, "i64: 0");
	i64("-0", 10, BR_OK, 0, "i64: -0");
	i64("+42", 10, BR_OK, 42, "i64: +42");
	i64("-42", 10, BR_OK, -42, "i64: -42");
	i64("9223372036854775807", 10, BR_OK, INT64_MAX, "i64: INT64_MAX");
	i64("9223372036854775808", 10, BR_ERANGE, 0, "i64: INT64_MAX + 1");
	i64("-9223372036854775808", 10, BR_OK, INT64_MIN, "i64: INT64_MIN");
	i64("-9223372036854775809", 10, BR_ERANGE, 0, "i64: INT64_MIN - 1");
	i64("99999999999999999999999999", 10, BR_ERANGE, 0, "i64: far beyond 64 bits");
	i64("0x7fffffffffffffff", 0, BR_OK, INT64_MAX, "i64: base 0 hex");
	i64("-0X8000000000000000", 0, BR_OK, INT64_MIN, "i64: base 0 hex, upper-case X, negative");
	i64("0777", 0, BR_OK, 0777, "i64: base 0 octal");
	i64("0", 0, BR_OK, 0, "i64: base 0 lone zero");
	i64("089", 0, BR_EINVAL, 0, "i64: base 0 octal with 8 is junk");
	i64("123", 0, BR_OK, 123, "i64: base 0 decimal");
	i64("ff", 16, BR_OK, 255, "i64: base 16");
	i64("0xff", 16, BR_OK, 255, "i64: base 16 accepts 0x");
	i64("0x", 16, BR_EINVAL, 0, "i64: 0x without digits is junk");
	i64("0x", 0, BR_EINVAL, 0, "i64: base 0 0x without digits is junk");
	i64("-101", 2, BR_OK, -5, "i64: base 2");
	i64("102", 2, BR_EINVAL, 0, "i64: digit beyond base 2");
	i64("zZ", 36, BR_OK, 36 * 35 + 35, "i64: base 36, both cases");
	i64("1y2p0ij32e8e7", 36, BR_OK, INT64_MAX, "i64: INT64_MAX in base 36");
	i64("", 10, BR_EINVAL, 0, "i64: empty");
	i64("-", 10, BR_EINVAL, 0, "i64: sign alone");
	i64("+-1", 10, BR_EINVAL, 0, "i64: two signs");
	i64(" 1", 10, BR_EINVAL, 0, "i64: leading space refused");
	i64("1 ", 10, BR_EINVAL, 0, "i64: trailing space is junk");
	i64("12a", 10, BR_EINVAL, 0, "i64: trailing junk");
	i64("99999999999999999999x", 10, BR_EINVAL, 0, "i64: junk wins over overflow");
	i64("1", 1, BR_EINVAL, 0, "i64: base 1");
	i64("1", 37, BR_EINVAL, 0, "i64: base 37");
	i64("\xb0", 36, BR_EINVAL, 0, "i64: a high byte is no digit");
	i64("[", 36, BR_EINVAL, 0, "i64: '[' (Z + 1) is no digit");
	i64("@", 36, BR_EINVAL, 0, "i64: '@' (A - 1) is no digit");
	{
		int64_t v = 7;
		tap_errno(br_parse_i64("12345", 3, 10, &v), BR_OK, "i64: only len bytes are read");
		tap_eq((uint64_t)v, 123, "i64: len 3 of 12345");
		tap_errno(br_parse_i64("1\0002", 3, 10, &v), BR_EINVAL, "i64: an embedded NUL is junk");
	}

	u64("18446744073709551615", 10, BR_OK, UINT64_MAX, "u64: UINT64_MAX");
	u64("18446744073709551616", 10, BR_ERANGE, 0, "u64: UINT64_MAX + 1");
	u64("0xffffffffffffffff", 0, BR_OK, UINT64_MAX, "u64: base 0 hex");
	u64("0x10000000000000000", 0, BR_ERANGE, 0, "u64: 2^64 in hex");
	u64("1777777777777777777777", 8, BR_OK, UINT64_MAX, "u64: UINT64_MAX in octal");
	u64("+7", 10, BR_OK, 7, "u64: plus sign");
	u64("-7", 10, BR_EINVAL, 0, "u64: minus sign refused (strtoull would negate)");
	u64("-0", 10, BR_EINVAL, 0, "u64: -0 refused too");
	u64("3w5e11264sgsf", 36, BR_OK, UINT64_MAX, "u64: UINT64_MAX in base 36");
	u64("3w5e11264sgsg", 36, BR_ERANGE, 0, "u64: UINT64_MAX + 1 in base 36");
	u64("", 16, BR_EINVAL, 0, "u64: empty");
	u64("g", 16, BR_EINVAL, 0, "u64: no hex digit");
	u64("1", 0, BR_OK, 1, "u64: base 0 one digit");
	u64("1", 99, BR_EINVAL, 0, "u64: base 99");
	return tap_done();
}
