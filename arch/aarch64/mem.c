/* SPDX-License-Identifier: MIT */
/* memcpy, memmove, memset, memcmp and bcmp for aarch64 (unaligned access to
 * normal memory is architectural, so no alignment step is needed for
 * correctness; stores are aligned in the loops for speed).
 *
 * Up to 16 bytes: two possibly overlapping scalar loads and stores. Above:
 * 16-byte vectors (q registers), which the compiler pairs into ldp/stp of
 * 32 bytes: up to 128 bytes every load before every store (also memmove's
 * semantics); larger, a loop of 64 bytes to 16-byte aligned destinations
 * with the unaligned head and tail loaded before it and stored after it,
 * backwards when the destination overlaps the source from above; fills
 * loop over 128 bytes. memcmp compares 64 bytes (four ldp'd word pairs) per
 * step and orders the first differing word by its byte-reversed value.
 *
 * Built with -O2 -fno-builtin -fno-tree-loop-distribute-patterns whatever
 * the library's optimisation (meson.build). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
int bcmp(const void *a, const void *b, size_t n);

typedef char v16 __attribute__((__vector_size__(16)));
typedef char u16v __attribute__((__vector_size__(16), __aligned__(1), __may_alias__));
typedef uint64_t __attribute__((__aligned__(1), __may_alias__)) u64;
typedef uint32_t __attribute__((__aligned__(1), __may_alias__)) u32;
typedef uint16_t __attribute__((__aligned__(1), __may_alias__)) u16;
typedef uint64_t v2u64 __attribute__((__vector_size__(16)));

#define L16(p) (*(const u16v *)(const void *)(p))
#define S16(p, v) (*(u16v *)(void *)(p) = (v))

/* COPY_BODY: the copy shared with arch/x86_64/mem.c. */
#include "mem_arch.h"


static __attribute__((__noinline__)) void *copy_big(char *d, const char *s, size_t n)
{
	void *ret = d;
	if (n > 128 && n <= 256) {
		/* Sixteen q registers: the first 128 bytes and the last 128. */
		u16v a0 = L16(s), a1 = L16(s + 16), a2 = L16(s + 32), a3 = L16(s + 48);
		u16v a4 = L16(s + 64), a5 = L16(s + 80), a6 = L16(s + 96), a7 = L16(s + 112);
		const char *t = s + n - 128;
		u16v b0 = L16(t), b1 = L16(t + 16), b2 = L16(t + 32), b3 = L16(t + 48);
		u16v b4 = L16(t + 64), b5 = L16(t + 80), b6 = L16(t + 96), b7 = L16(t + 112);
		char *e = d + n - 128;
		S16(d, a0), S16(d + 16, a1), S16(d + 32, a2), S16(d + 48, a3);
		S16(d + 64, a4), S16(d + 80, a5), S16(d + 96, a6), S16(d + 112, a7);
		S16(e, b0), S16(e + 16, b1), S16(e + 32, b2), S16(e + 48, b3);
		S16(e + 64, b4), S16(e + 80, b5), S16(e + 96, b6), S16(e + 112, b7);
		return ret;
	}
	COPY_BODY(v16, L16, S16)
	return ret;
}

void *memmove(void *dst, const void *src, size_t n)
{
	char *d = dst;
	const char *s = src;
	if (n <= 16) {
		if (n >= 8) {
			uint64_t a = *(const u64 *)s, b = *(const u64 *)(s + n - 8);
			*(u64 *)d = a;
			*(u64 *)(d + n - 8) = b;
		} else if (n >= 4) {
			uint32_t a = *(const u32 *)s, b = *(const u32 *)(s + n - 4);
			*(u32 *)d = a;
			*(u32 *)(d + n - 4) = b;
		} else if (n >= 2) {
			uint16_t a = *(const u16 *)s, b = *(const u16 *)(s + n - 2);
			*(u16 *)d = a;
			*(u16 *)(d + n - 2) = b;
		} else if (n) {
			*d = *s;
		}
		return dst;
	}
	return copy_big(d, s, n);
}

/* memmove handles every overlap, so it is a correct memcpy. */
void *memcpy(void *restrict dst, const void *restrict src, size_t n) __attribute__((__alias__("memmove")));

/* n > 16: stp of q pairs; beyond 128 bytes a loop of 128 to aligned
 * addresses between an unaligned head and tail. */
static __attribute__((__noinline__)) void *set_big(char *d, uint64_t w, size_t n)
{
	v16 v = (v16)(v2u64){w, w};
	if (n <= 32) {
		S16(d, v);
		S16(d + n - 16, v);
		return d;
	}
	if (n <= 128) {
		S16(d, v);
		S16(d + 16, v);
		S16(d + n - 32, v);
		S16(d + n - 16, v);
		if (n > 64) {
			S16(d + 32, v);
			S16(d + 48, v);
			S16(d + n - 64, v);
			S16(d + n - 48, v);
		}
		return d;
	}
	S16(d, v);
	char *dd = (char *)(((uintptr_t)d + 16) & ~(uintptr_t)15);
	char *end = d + n - 128;
	for (; dd < end; dd += 128) {
		S16(dd, v), S16(dd + 16, v), S16(dd + 32, v), S16(dd + 48, v);
		S16(dd + 64, v), S16(dd + 80, v), S16(dd + 96, v), S16(dd + 112, v);
	}
	S16(end, v), S16(end + 16, v), S16(end + 32, v), S16(end + 48, v);
	S16(end + 64, v), S16(end + 80, v), S16(end + 96, v), S16(end + 112, v);
	return d;
}

void *memset(void *dst, int c, size_t n)
{
	char *d = dst;
	uint64_t w = (uint64_t)(unsigned char)c * 0x0101010101010101u;
	if (n <= 16) {
		SET_UPTO16(d, w, c, n);
		return dst;
	}
	return set_big(d, w, n);
}

/* -1 or 1: the order of two unequal little-endian words by their first byte. */
static inline int order(uint64_t p, uint64_t q)
{
	p = __builtin_bswap64(p);
	q = __builtin_bswap64(q);
	return p < q ? -1 : 1;
}

/* Whether 16 (32) bytes are equal: two (four) words each, one branch. */
static inline __attribute__((__always_inline__)) bool eq16(const char *x, const char *y)
{
	uint64_t p0 = *(const u64 *)x, p1 = *(const u64 *)(x + 8);
	uint64_t q0 = *(const u64 *)y, q1 = *(const u64 *)(y + 8);
	return p0 == q0 && p1 == q1;
}

static inline __attribute__((__always_inline__)) bool eq32(const char *x, const char *y)
{
	uint64_t p0 = *(const u64 *)x, p1 = *(const u64 *)(x + 8);
	uint64_t p2 = *(const u64 *)(x + 16), p3 = *(const u64 *)(x + 24);
	uint64_t q0 = *(const u64 *)y, q1 = *(const u64 *)(y + 8);
	uint64_t q2 = *(const u64 *)(y + 16), q3 = *(const u64 *)(y + 24);
	return p0 == q0 && p1 == q1 && p2 == q2 && p3 == q3;
}

/* The order of the first differing word among the n / 8 at x and y (one differs). */
static __attribute__((__noinline__)) int first_diff(const char *x, const char *y, size_t n)
{
	for (size_t i = 0;; i += 8) {
		uint64_t p = *(const u64 *)(x + i), q = *(const u64 *)(y + i);
		if (p != q || i + 8 >= n)
			return p == q ? 0 : order(p, q);
	}
}

int memcmp(const void *a, const void *b, size_t n)
{
	const char *x = a, *y = b;
	if (n < 16) {
		uint64_t p, q;
		if (n >= 8) {
			p = *(const u64 *)x, q = *(const u64 *)y;
			if (p != q)
				return order(p, q);
			p = *(const u64 *)(x + n - 8), q = *(const u64 *)(y + n - 8);
			return p == q ? 0 : order(p, q);
		}
		if (n >= 4) {
			/* First and last 4 bytes as one number, first bytes lowest. */
			p = (uint64_t)*(const u32 *)x | (uint64_t)*(const u32 *)(x + n - 4) << 32;
			q = (uint64_t)*(const u32 *)y | (uint64_t)*(const u32 *)(y + n - 4) << 32;
			return p == q ? 0 : order(p, q);
		}
		for (size_t i = 0; i < n; i++)
			if (x[i] != y[i])
				return (unsigned char)x[i] - (unsigned char)y[i];
		return 0;
	}
	if (n < 32) {
		/* The first 16 bytes, then the last 16 (overlapping). */
		if (!eq16(x, y))
			return first_diff(x, y, 16);
		if (!eq16(x + n - 16, y + n - 16))
			return first_diff(x + n - 16, y + n - 16, 16);
		return 0;
	}
	if (n < 64) {
		if (!eq32(x, y))
			return first_diff(x, y, 32);
		if (!eq32(x + n - 32, y + n - 32))
			return first_diff(x + n - 32, y + n - 32, 32);
		return 0;
	}
	/* 64 bytes per step through moving pointers (ldp, cmp, ccmp), then the
	 * last 64 (overlapping bytes already found equal). */
	const char *last = x + n - 64;
	/* In assembly: the compiler pairs only one side's loads and branches
	 * after every second word; here both sides are ldp and each 32 bytes
	 * one cmp, three ccmp and one branch. On exit x, y point at the first
	 * 64 bytes that differ (found), or at or past last. */
	unsigned found;
	__asm__("1:\n\t"
		"cmp %[x], %[last]\n\t"
		"b.hs 3f\n\t"
		"ldp x8, x9, [%[x]]\n\t"
		"ldp x10, x11, [%[y]]\n\t"
		"ldp x12, x13, [%[x], #16]\n\t"
		"ldp x14, x15, [%[y], #16]\n\t"
		"cmp x8, x10\n\t"
		"ccmp x9, x11, #0, eq\n\t"
		"ccmp x12, x14, #0, eq\n\t"
		"ccmp x13, x15, #0, eq\n\t"
		"b.ne 2f\n\t"
		"ldp x8, x9, [%[x], #32]\n\t"
		"ldp x10, x11, [%[y], #32]\n\t"
		"ldp x12, x13, [%[x], #48]\n\t"
		"ldp x14, x15, [%[y], #48]\n\t"
		"cmp x8, x10\n\t"
		"ccmp x9, x11, #0, eq\n\t"
		"ccmp x12, x14, #0, eq\n\t"
		"ccmp x13, x15, #0, eq\n\t"
		"b.ne 2f\n\t"
		"add %[x], %[x], #64\n\t"
		"add %[y], %[y], #64\n\t"
		"b 1b\n"
		"2:\n\t"
		"mov %w[f], #1\n\t"
		"b 4f\n"
		"3:\n\t"
		"mov %w[f], #0\n"
		"4:"
		: [x] "+r"(x), [y] "+r"(y), [f] "=r"(found)
		: [last] "r"(last)
		: "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "cc", "memory");
	if (found)
		return first_diff(x, y, 64);
	y += last - x, x = last;
	if (!eq32(x, y) || !eq32(x + 32, y + 32))
		return first_diff(x, y, 64);
	return 0;
}

/* memcmp's answer is a valid bcmp answer. */
int bcmp(const void *a, const void *b, size_t n) __attribute__((__alias__("memcmp")));
