/* SPDX-License-Identifier: MIT */
/* String and byte-range helpers. Pure functions: no syscall, no global
 * state. The C names with a br_ prefix and the C contracts, except where a
 * comment says otherwise; copies that may truncate always say so. memcpy,
 * memset, memmove and memcmp are not here: the compiler's own calls to
 * them are served by libbedrock.a. */
#ifndef BEDROCK_STRING_H
#define BEDROCK_STRING_H

#include <bedrock/base.h>
#include <bedrock/errno.h>

BR_BEGIN_DECLS

/* The length of s, not counting its NUL. */
size_t br_strlen(const char *s);
/* The length of s, but looks at no more than max bytes (max if no NUL among them). */
size_t br_strnlen(const char *s, size_t max);
/* <0, 0 or >0 as a sorts before, equal to or after b, bytes compared as unsigned char. */
int br_strcmp(const char *a, const char *b);
/* br_strcmp on at most the first n bytes. */
int br_strncmp(const char *a, const char *b, size_t n);
/* The first byte (unsigned char)c among the n at s, or NULL. */
void *br_memchr(const void *s, int c, size_t n);
/* The last byte (unsigned char)c among the n at s, or NULL. */
void *br_memrchr(const void *s, int c, size_t n);
/* The first (char)c in s, or NULL; c == 0 finds the terminating NUL. */
char *br_strchr(const char *s, int c);
/* The last (char)c in s, or NULL; c == 0 finds the terminating NUL. */
char *br_strrchr(const char *s, int c);
/* The first occurrence of needle in haystack, or NULL; an empty needle is found at haystack. */
char *br_strstr(const char *haystack, const char *needle);
/* The first occurrence of the nlen bytes at needle among the hlen at haystack, or NULL; an empty needle is found at haystack. */
void *br_memmem(const void *haystack, size_t hlen, const void *needle, size_t nlen);

/* BSD strlcpy: copies what fits of src into dst[size] with a NUL (size > 0); returns strlen(src), so a result >= size means it was truncated. */
size_t br_strlcpy(char *BR_RESTRICT dst, const char *BR_RESTRICT src, size_t size);
/* BSD strlcat: appends what fits of src to the string in dst[size]; returns the length it tried to make, >= size when truncated (size, when dst holds no NUL in size bytes: nothing is written). */
size_t br_strlcat(char *BR_RESTRICT dst, const char *BR_RESTRICT src, size_t size);
/* Copies src into dst[size] with a NUL; BR_ERANGE if it did not fit (dst then holds the longest prefix that fits, still NUL-terminated when size > 0); *len (if not NULL) gets the bytes copied. */
BR_MUST_USE br_errno br_strcopy(char *BR_RESTRICT dst, size_t size, const char *BR_RESTRICT src, size_t *len);
/* Appends src to the string in dst[size] the same way; BR_EINVAL (nothing written) when dst holds no NUL in its size bytes; *len (if not NULL) gets the new length of dst. */
BR_MUST_USE br_errno br_strappend(char *BR_RESTRICT dst, size_t size, const char *BR_RESTRICT src, size_t *len);

BR_END_DECLS

#endif
