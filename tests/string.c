/* SPDX-License-Identifier: MIT */
/* bedrock/string.h: each function on ordinary input, at the edges (empty
 * strings, n = 0, bytes >= 0x80, matches at the first and last byte, the
 * terminating NUL) and that nothing is read or written beyond what the
 * contract allows (guard bytes around every destination, sources placed
 * just before an unmapped page). */
#include <bedrock/bedrock.h>
#include "tap.h"

/* A page whose next page is unmapped: strings placed at its end prove that
 * a function does not read past their NUL or past n. */
static char *edge;
static size_t page;

static const char *at_edge(const char *s, size_t len)
{
	char *p = edge + page - len;
	for (size_t i = 0; i < len; i++)
		p[i] = s[i];
	return p;
}

static void test_lengths(void)
{
	tap_eq(br_strlen(""), 0, "strlen: empty");
	tap_eq(br_strlen("abc"), 3, "strlen: abc");
	tap_eq(br_strlen("a\x80\xff"), 3, "strlen: high bytes count");
	tap_eq(br_strlen(at_edge("edge", 5)), 4, "strlen: string ending at an unmapped page");
	tap_eq(br_strnlen("abc", 0), 0, "strnlen: max 0");
	tap_eq(br_strnlen("abc", 2), 2, "strnlen: max below the length");
	tap_eq(br_strnlen("abc", 3), 3, "strnlen: max equal to the length");
	tap_eq(br_strnlen("abc", 100), 3, "strnlen: max above the length");
	tap_eq(br_strnlen(at_edge("abcd", 4), 4), 4, "strnlen: reads no byte past max (no NUL before an unmapped page)");
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void test_compare(void)
{
	tap_eq(br_strcmp("", ""), 0, "strcmp: empty equal");
	tap_eq(br_strcmp("abc", "abc"), 0, "strcmp: equal");
	tap_eq((uint64_t)sign(br_strcmp("abc", "abd")), (uint64_t)-1, "strcmp: less");
	tap_eq((uint64_t)sign(br_strcmp("abd", "abc")), 1, "strcmp: greater");
	tap_eq((uint64_t)sign(br_strcmp("ab", "abc")), (uint64_t)-1, "strcmp: prefix sorts first");
	tap_eq((uint64_t)sign(br_strcmp("abc", "ab")), 1, "strcmp: longer sorts after");
	tap_eq((uint64_t)sign(br_strcmp("\x80", "\x7f")), 1, "strcmp: bytes compare as unsigned char");
	tap_eq(br_strncmp("abc", "abd", 2), 0, "strncmp: equal in the first n");
	tap_eq((uint64_t)sign(br_strncmp("abc", "abd", 3)), (uint64_t)-1, "strncmp: differs at n");
	tap_eq(br_strncmp("abc", "xyz", 0), 0, "strncmp: n 0 is equal");
	tap_eq(br_strncmp("abc", "abc", 100), 0, "strncmp: n past the NUL");
	tap_eq((uint64_t)sign(br_strncmp("\xff", "a", 1)), 1, "strncmp: unsigned char");
	tap_eq(br_strncmp(at_edge("abcd", 4), "abcd", 4), 0, "strncmp: reads no byte past n");
}

static void test_search(void)
{
	static const char s[] = "hello, world";
	tap_ok(br_memchr(s, 'o', 12) == s + 4, "memchr: first match");
	tap_ok(br_memchr(s, 'h', 12) == s, "memchr: match at the first byte");
	tap_ok(br_memchr(s, 'd', 12) == s + 11, "memchr: match at the last byte");
	tap_ok(br_memchr(s, 'd', 11) == 0, "memchr: no match within n");
	tap_ok(br_memchr(s, 'h', 0) == 0, "memchr: n 0");
	tap_ok(br_memchr(s, 0, 13) == s + 12, "memchr: finds a NUL byte");
	tap_ok(br_memchr("\xff", 0x1ff, 1) != 0, "memchr: c as unsigned char");
	tap_ok(br_memrchr(s, 'o', 12) == s + 8, "memrchr: last match");
	tap_ok(br_memrchr(s, 'h', 12) == s, "memrchr: match at the first byte");
	tap_ok(br_memrchr(s, 'x', 12) == 0, "memrchr: no match");
	tap_ok(br_memrchr(s, 'h', 0) == 0, "memrchr: n 0");
	tap_ok(br_strchr(s, 'o') == s + 4, "strchr: first");
	tap_ok(br_strchr(s, 'x') == 0, "strchr: none");
	tap_ok(br_strchr(s, 0) == s + 12, "strchr: NUL finds the terminator");
	tap_ok(br_strchr("a\xe9", 0xe9) != 0, "strchr: c converted to char");
	tap_ok(br_strrchr(s, 'o') == s + 8, "strrchr: last");
	tap_ok(br_strrchr(s, 'x') == 0, "strrchr: none");
	tap_ok(br_strrchr(s, 0) == s + 12, "strrchr: NUL finds the terminator");
	tap_ok(br_strstr(s, "world") == s + 7, "strstr: found");
	tap_ok(br_strstr(s, "worlds") == 0, "strstr: needle longer than the rest");
	tap_ok(br_strstr(s, "") == s, "strstr: empty needle");
	tap_ok(br_strstr("", "a") == 0, "strstr: empty haystack");
	static const char h[] = "aaab";
	tap_ok(br_strstr(h, "aab") == h + 1, "strstr: match after a false start");
	tap_ok(br_strstr(h, h) == h, "strstr: whole string");
	tap_ok(br_memmem(s, 12, "o, w", 4) == s + 4, "memmem: found");
	tap_ok(br_memmem(s, 12, "ld", 2) == s + 10, "memmem: at the very end");
	tap_ok(br_memmem(s, 11, "ld", 2) == 0, "memmem: not within hlen");
	tap_ok(br_memmem(s, 12, "", 0) == s, "memmem: empty needle");
	tap_ok(br_memmem(s, 0, "h", 1) == 0, "memmem: empty haystack");
	tap_ok(br_memmem("a\0b\0c", 5, "b\0c", 3) != 0, "memmem: NUL bytes are ordinary");
	tap_ok(br_memmem(s, 3, "hello", 5) == 0, "memmem: needle longer than haystack");
	const char *e = at_edge("xyzab", 5);
	tap_ok(br_memmem(e, 5, "ab", 2) == e + 3, "memmem: reads nothing past hlen");
}

/* dst[16] between guard bytes; checks that the guards are intact. */
static char cbuf[20];
static char *fresh(void)
{
	for (size_t i = 0; i < sizeof cbuf; i++)
		cbuf[i] = '#';
	return cbuf + 2;
}
static bool guards(size_t size)
{
	for (size_t i = 0; i < sizeof cbuf; i++)
		if ((i < 2 || i >= 2 + size) && cbuf[i] != '#')
			return false;
	return true;
}

static void test_copies(void)
{
	char *d = fresh();
	tap_eq(br_strlcpy(d, "hello", 16), 5, "strlcpy: returns strlen(src)");
	tap_ok(tap_streq(d, "hello") && guards(16), "strlcpy: copied, guards intact");
	d = fresh();
	tap_eq(br_strlcpy(d, "hello, world", 6), 12, "strlcpy: truncation: result >= size");
	tap_ok(tap_streq(d, "hello") && guards(6), "strlcpy: truncated to size - 1 and a NUL");
	d = fresh();
	tap_eq(br_strlcpy(d, "abc", 0), 3, "strlcpy: size 0");
	tap_ok(guards(0), "strlcpy: size 0 writes nothing");
	d = fresh();
	tap_eq(br_strlcpy(d, "abc", 1), 3, "strlcpy: size 1");
	tap_ok(d[0] == 0 && guards(1), "strlcpy: size 1 writes only the NUL");
	d = fresh();
	tap_eq(br_strlcpy(d, "abc", 16), 3, "strlcat: set up");
	tap_eq(br_strlcat(d, "def", 16), 6, "strlcat: returns the length it made");
	tap_ok(tap_streq(d, "abcdef") && guards(16), "strlcat: appended");
	tap_eq(br_strlcat(d, "0123456789xyz", 10), 19, "strlcat: truncation: result >= size");
	tap_ok(tap_streq(d, "abcdef012") && guards(10), "strlcat: truncated to size - 1");
	d = fresh();
	for (int i = 0; i < 4; i++)
		d[i] = 'x';
	tap_eq(br_strlcat(d, "abc", 4), 7, "strlcat: no NUL in size: size + strlen(src)");
	tap_ok(d[0] == 'x' && d[3] == 'x' && guards(4), "strlcat: no NUL in size: nothing written");

	size_t len = 99;
	d = fresh();
	tap_errno(br_strcopy(d, 16, "hello", &len), BR_OK, "strcopy: fits");
	tap_ok(tap_streq(d, "hello") && len == 5 && guards(16), "strcopy: copied, length 5");
	d = fresh();
	tap_errno(br_strcopy(d, 6, "hello", &len), BR_OK, "strcopy: exactly fits with its NUL");
	tap_ok(tap_streq(d, "hello") && len == 5 && guards(6), "strcopy: exact fit");
	d = fresh();
	tap_errno(br_strcopy(d, 5, "hello", &len), BR_ERANGE, "strcopy: one byte short is ERANGE");
	tap_ok(tap_streq(d, "hell") && len == 4 && guards(5), "strcopy: truncated prefix, NUL-terminated");
	d = fresh();
	tap_errno(br_strcopy(d, 0, "", &len), BR_ERANGE, "strcopy: size 0 has no room for the NUL");
	tap_ok(len == 0 && guards(0), "strcopy: size 0 writes nothing");
	d = fresh();
	tap_errno(br_strcopy(d, 1, "", 0), BR_OK, "strcopy: empty string into 1 byte, len NULL");
	tap_ok(d[0] == 0 && guards(1), "strcopy: just the NUL");
	d = fresh();
	tap_errno(br_strcopy(d, 16, "abc", 0), BR_OK, "strappend: set up");
	tap_errno(br_strappend(d, 16, "def", &len), BR_OK, "strappend: fits");
	tap_ok(tap_streq(d, "abcdef") && len == 6 && guards(16), "strappend: appended, new length");
	tap_errno(br_strappend(d, 8, "ghij", &len), BR_ERANGE, "strappend: too long is ERANGE");
	tap_ok(tap_streq(d, "abcdefg") && len == 7 && guards(16), "strappend: truncated, NUL-terminated");
	d = fresh();
	for (int i = 0; i < 4; i++)
		d[i] = 'x';
	len = 99;
	tap_errno(br_strappend(d, 4, "a", &len), BR_EINVAL, "strappend: no NUL in size is EINVAL");
	tap_ok(d[0] == 'x' && d[3] == 'x' && len == 99 && guards(4), "strappend: EINVAL writes nothing");
}

int main(void)
{
	void *m;
	page = (size_t)br_getauxval(BR_AT_PAGESZ);
	if (!page)
		page = 4096;
	if (br_mmap(0, 2 * page, BR_PROT_READ | BR_PROT_WRITE, BR_MAP_PRIVATE | BR_MAP_ANONYMOUS, br_fd_from_raw(-1), 0,
		    &m) ||
	    br_mprotect((char *)m + page, page, BR_PROT_NONE)) {
		tap_ok(false, "a page before an unmapped one");
		return tap_done();
	}
	edge = (char *)m;
	test_lengths();
	test_compare();
	test_search();
	test_copies();
	tap_unmap(m, 2 * page);
	return tap_done();
}
