/* SPDX-License-Identifier: MIT */
/* Integers from text, strictly: the whole text must be the number. Pure
 * functions: no syscall. Accepts what strtoll/strtoull accept when they
 * consume the whole text, except leading white space (refused) and, for
 * the unsigned parser, a minus sign (refused, where strtoull would negate). */
#ifndef BEDROCK_PARSE_H
#define BEDROCK_PARSE_H

#include <bedrock/base.h>
#include <bedrock/errno.h>

BR_BEGIN_DECLS

/* The len bytes at s as an optionally signed integer in base 2..36, or base 0 for C's prefixes (0x hex, 0 octal, else decimal; 0x is also allowed in base 16); BR_EINVAL for a bad base, no digits or anything after them, BR_ERANGE when it does not fit; *out is written only on success. */
BR_MUST_USE br_errno br_parse_i64(const char *s, size_t len, unsigned base, int64_t *out);
/* br_parse_i64 for an unsigned 64-bit result; an optional '+' but no '-'. */
BR_MUST_USE br_errno br_parse_u64(const char *s, size_t len, unsigned base, uint64_t *out);

BR_END_DECLS

#endif
