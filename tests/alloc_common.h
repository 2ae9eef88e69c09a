/* SPDX-License-Identifier: MIT */
/* What tests/alloc.c and tests/alloc_guard.c share: a per-block byte
 * pattern, written and checked through volatile so no access is dropped. */
#ifndef BR_TEST_ALLOC_COMMON_H
#define BR_TEST_ALLOC_COMMON_H

#include <bedrock/bedrock.h>

/* The byte at offset i of a block tagged tag. */
static __attribute__((unused)) unsigned char pat(uint32_t tag, size_t i)
{
	uint32_t x = tag * 2654435761u + (uint32_t)i * 40503u;
	return (unsigned char)(x >> 13 ^ x);
}

static __attribute__((unused)) void fill(void *p, size_t n, uint32_t tag)
{
	volatile unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		b[i] = pat(tag, i);
}

/* Index of the first byte that differs from the pattern, n if none. */
static __attribute__((unused)) size_t check(const void *p, size_t n, uint32_t tag)
{
	const volatile unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i] != pat(tag, i))
			return i;
	return n;
}

#endif
