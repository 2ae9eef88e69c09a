/* SPDX-License-Identifier: MIT */
/* What the architectures' own mem functions share (arch/x86_64/mem.c,
 * arch/aarch64/mem.c), written once. SET_UPTO16: memset of n <= 16 bytes
 * by two overlapping stores of the byte pattern w, each file's unaligned
 * u64/u32/u16 types. COPY_BODY(V, L, S): the body of a copy of n bytes
 * from s to d returning ret, at one vector width: V the vector type, L/S
 * its unaligned load and store.
 * Up to 8 vectors: overlapping loads of both ends, all loaded before any
 * store (so overlap in either direction is safe); above: forwards or
 * backwards by 4 vectors, aligned stores, the ends from loads made first.
 * An architecture may define BR__COPY_FORWARD_BIG(d, s, n) before including
 * this, a statement that takes over a large forward copy (x86_64: rep
 * movsb where the CPU makes it fast) and returns. */
#ifndef BR_MEM_ARCH_H
#define BR_MEM_ARCH_H

#define SET_UPTO16(d, w, c, n)                              \
	do {                                                \
		if ((n) >= 8) {                             \
			*(u64 *)(d) = (w);                  \
			*(u64 *)((d) + (n) - 8) = (w);      \
		} else if ((n) >= 4) {                      \
			*(u32 *)(d) = (uint32_t)(w);        \
			*(u32 *)((d) + (n) - 4) = (uint32_t)(w); \
		} else if ((n) >= 2) {                      \
			*(u16 *)(d) = (uint16_t)(w);        \
			*(u16 *)((d) + (n) - 2) = (uint16_t)(w); \
		} else if (n) {                             \
			*(d) = (char)(c);                   \
		}                                           \
	} while (0)

#ifndef BR__COPY_FORWARD_BIG
#define BR__COPY_FORWARD_BIG(d, s, n) ((void)0)
#endif

#define COPY_BODY(V, L, S)                                                                          \
	enum { B = sizeof(V) };                                                                     \
	if (n <= 2 * B) {                                                                           \
		V a = L(s), b = L(s + n - B);                                                       \
		S(d, a);                                                                            \
		S(d + n - B, b);                                                                    \
		return ret;                                                                         \
	}                                                                                           \
	if (n <= 4 * B) {                                                                           \
		V a = L(s), b = L(s + B), c = L(s + n - 2 * B), e = L(s + n - B);                   \
		S(d, a);                                                                            \
		S(d + B, b);                                                                        \
		S(d + n - 2 * B, c);                                                                \
		S(d + n - B, e);                                                                    \
		return ret;                                                                         \
	}                                                                                           \
	if (n <= 8 * B) {                                                                           \
		V a = L(s), b = L(s + B), c = L(s + 2 * B), e = L(s + 3 * B);                       \
		V w = L(s + n - 4 * B), x = L(s + n - 3 * B), y = L(s + n - 2 * B), z = L(s + n - B); \
		S(d, a);                                                                            \
		S(d + B, b);                                                                        \
		S(d + 2 * B, c);                                                                    \
		S(d + 3 * B, e);                                                                    \
		S(d + n - 4 * B, w);                                                                \
		S(d + n - 3 * B, x);                                                                \
		S(d + n - 2 * B, y);                                                                \
		S(d + n - B, z);                                                                    \
		return ret;                                                                         \
	}                                                                                           \
	if ((uintptr_t)d - (uintptr_t)s >= n) {                                                     \
		/* Forwards: dst below src or no overlap. */                                        \
		BR__COPY_FORWARD_BIG(d, s, n);                                                      \
		V head = L(s);                                                                      \
		V w = L(s + n - 4 * B), x = L(s + n - 3 * B), y = L(s + n - 2 * B), z = L(s + n - B); \
		char *dd = (char *)(((uintptr_t)d + B) & ~(uintptr_t)(B - 1));                      \
		const char *ss = s + (dd - d);                                                      \
		char *end = d + n - 4 * B;                                                          \
		for (; dd < end; dd += 4 * B, ss += 4 * B) {                                        \
			V a = L(ss), b = L(ss + B), c = L(ss + 2 * B), e = L(ss + 3 * B);           \
			S(dd, a);                                                       \
			S(dd + B, b);                                                 \
			S(dd + 2 * B, c);                                             \
			S(dd + 3 * B, e);                                             \
		}                                                                                   \
		S(d + n - 4 * B, w);                                                                \
		S(d + n - 3 * B, x);                                                                \
		S(d + n - 2 * B, y);                                                                \
		S(d + n - B, z);                                                                    \
		S(d, head);                                                                         \
	} else {                                                                                    \
		/* Backwards: dst overlaps src from above. */                                       \
		V a = L(s), b = L(s + B), c = L(s + 2 * B), e = L(s + 3 * B);                       \
		V tail = L(s + n - B);                                                              \
		char *de = (char *)(((uintptr_t)d + n - 1) & ~(uintptr_t)(B - 1));                  \
		const char *se = s + (de - d);                                                      \
		char *stop = d + 4 * B;                                                             \
		while (de > stop) {                                                                 \
			de -= 4 * B, se -= 4 * B;                                                   \
			V p = L(se), q = L(se + B), r = L(se + 2 * B), t = L(se + 3 * B);           \
			S(de + 3 * B, t);                                             \
			S(de + 2 * B, r);                                             \
			S(de + B, q);                                                 \
			S(de, p);                                                       \
		}                                                                                   \
		S(d, a);                                                                            \
		S(d + B, b);                                                                        \
		S(d + 2 * B, c);                                                                    \
		S(d + 3 * B, e);                                                                    \
		S(d + n - B, tail);                                                                 \
	}

#endif
