/* SPDX-License-Identifier: MIT */
/* String helpers (bedrock/string.h). Plain byte loops: short strings
 * dominate in a runtime like this one, and a loop of a few bytes is small
 * and reads nothing beyond the string. */
#include <bedrock/string.h>

size_t br_strlen(const char *s)
{
	const char *p = s;
	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t br_strnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

int br_strcmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
	while (*x && *x == *y)
		x++, y++;
	return (int)*x - (int)*y;
}

int br_strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
	if (!n)
		return 0;
	while (--n && *x && *x == *y)
		x++, y++;
	return (int)*x - (int)*y;
}

void *br_memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)(uintptr_t)p;
	return NULL;
}

void *br_memrchr(const void *s, int c, size_t n)
{
	const unsigned char *p = (const unsigned char *)s + n;
	while (n--)
		if (*--p == (unsigned char)c)
			return (void *)(uintptr_t)p;
	return NULL;
}

char *br_strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)(uintptr_t)s;
		if (!*s)
			return NULL;
	}
}

char *br_strrchr(const char *s, int c)
{
	const char *found = NULL;
	for (;; s++) {
		if (*s == (char)c)
			found = s;
		if (!*s)
			return (char *)(uintptr_t)found;
	}
}

void *br_memmem(const void *haystack, size_t hlen, const void *needle, size_t nlen)
{
	const unsigned char *h = (const unsigned char *)haystack, *n = (const unsigned char *)needle;
	if (!nlen)
		return (void *)(uintptr_t)h;
	/* Candidates are where the first needle byte occurs; compare the rest. */
	while (hlen >= nlen) {
		const unsigned char *p = (const unsigned char *)br_memchr(h, n[0], hlen - nlen + 1);
		if (!p)
			return NULL;
		size_t i = 1;
		while (i < nlen && p[i] == n[i])
			i++;
		if (i == nlen)
			return (void *)(uintptr_t)p;
		hlen -= (size_t)(p - h) + 1;
		h = p + 1;
	}
	return NULL;
}

char *br_strstr(const char *haystack, const char *needle)
{
	size_t nlen = br_strlen(needle);
	if (!nlen)
		return (char *)(uintptr_t)haystack;
	for (const char *h = haystack; (h = br_strchr(h, needle[0])) != NULL; h++)
		if (br_strncmp(h, needle, nlen) == 0)
			return (char *)(uintptr_t)h;
	return NULL;
}

/* Copies up to room - 1 bytes of src and a NUL (room > 0); how many bytes, and whether all of src fit. */
static size_t copy_fit(char *dst, const char *src, size_t room, bool *fit)
{
	size_t i = 0;
	while (i + 1 < room && src[i]) {
		dst[i] = src[i];
		i++;
	}
	dst[i] = 0;
	*fit = src[i] == 0;
	return i;
}

size_t br_strlcpy(char *BR_RESTRICT dst, const char *BR_RESTRICT src, size_t size)
{
	bool fit = false;
	size_t n = size ? copy_fit(dst, src, size, &fit) : 0;
	return fit ? n : n + br_strlen(src + n);
}

size_t br_strlcat(char *BR_RESTRICT dst, const char *BR_RESTRICT src, size_t size)
{
	size_t d = br_strnlen(dst, size);
	if (d == size)
		return size + br_strlen(src);
	return d + br_strlcpy(dst + d, src, size - d);
}

br_errno br_strcopy(char *BR_RESTRICT dst, size_t size, const char *BR_RESTRICT src, size_t *len)
{
	bool fit = false;
	size_t n = size ? copy_fit(dst, src, size, &fit) : 0;
	if (len)
		*len = n;
	return fit ? BR_OK : BR_ERANGE;
}

br_errno br_strappend(char *BR_RESTRICT dst, size_t size, const char *BR_RESTRICT src, size_t *len)
{
	size_t d = br_strnlen(dst, size), n;
	if (d == size)
		return BR_EINVAL;
	br_errno e = br_strcopy(dst + d, size - d, src, &n);
	if (len)
		*len = d + n;
	return e;
}
