/* SPDX-License-Identifier: MIT */
/* Integer parsing (bedrock/parse.h). */
#include <bedrock/parse.h>

/* The value of digit c, or 36 (no digit in any base) */
static unsigned digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20; /* ASCII letters to lower case; no other byte lands on a..z */
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	return 36;
}

/* The magnitude after the sign: prefix, digits, overflow of 64 bits. */
static br_errno magnitude(const unsigned char *p, const unsigned char *end, unsigned base, uint64_t *out)
{
	if (base == 1 || base > 36)
		return BR_EINVAL;
	/* 0x counts only with a hex digit after it (as in strtoll, where "0x"
	 * is the number 0 followed by "x"). */
	if ((base == 0 || base == 16) && end - p >= 3 && p[0] == '0' && (p[1] | 0x20) == 'x' && digit(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p < end && *p == '0' ? 8 : 10;
	}
	if (p == end)
		return BR_EINVAL;
	uint64_t v = 0;
	bool over = false;
	for (; p < end; p++) {
		unsigned d = digit(*p);
		if (d >= base)
			return BR_EINVAL;
		if (__builtin_mul_overflow(v, base, &v) || __builtin_add_overflow(v, d, &v))
			over = true;
	}
	*out = v;
	return over ? BR_ERANGE : BR_OK;
}

br_errno br_parse_u64(const char *s, size_t len, unsigned base, uint64_t *out)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	uint64_t v;
	if (p < end && *p == '+')
		p++;
	br_errno e = magnitude(p, end, base, &v);
	if (!e)
		*out = v;
	return e;
}

br_errno br_parse_i64(const char *s, size_t len, unsigned base, int64_t *out)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	bool neg = p < end && *p == '-';
	uint64_t v;
	if (p < end && (*p == '-' || *p == '+'))
		p++;
	br_errno e = magnitude(p, end, base, &v);
	if (e)
		return e;
	if (v > (uint64_t)INT64_MAX + neg)
		return BR_ERANGE;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return BR_OK;
}
