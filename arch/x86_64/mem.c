/* SPDX-License-Identifier: MIT */
/* memcpy, memmove, memset, memcmp and bcmp for x86_64.
 *
 * Up to 32 bytes every size is two possibly overlapping loads and stores
 * (8, 4, 2 or 16 bytes wide) with no loop and no feature test, so the calls
 * gcc emits for small struct copies cost a few instructions and work
 * before anything is initialised. Above that the code asks the CPU once
 * (cpuid on the first such call, cached; no constructor) whether AVX2 is
 * usable (and AVX-512F, for copies and fills 64 bytes wide) and whether
 * `rep movsb`/`rep stosb` are fast (ERMS or FSRM):
 * - up to 256 bytes: all loads, then all stores, 32 bytes wide (16 without
 *   AVX2), overlapping at the ends, which is also memmove's semantics;
 * - larger: a loop of four vectors to aligned destinations, the unaligned
 *   head and tail loaded before the loop and stored after it; backwards
 *   when the destination overlaps the source from above;
 * - from REP_MOVSB (REP_STOSB) bytes on, where the CPU has fast strings and
 *   the ranges do not overlap: rep movsb (rep stosb), which moves whole
 *   cache lines and on large copies avoids reading the destination.
 * memcmp compares 16 or 32 bytes at once (pcmpeqb, pmovmskb), four vectors
 * per test, and finds the first difference from the mask; above 512 bytes
 * with AVX-512BW, 256 bytes per test.
 *
 * Built with -O2 -fno-builtin -fno-tree-loop-distribute-patterns whatever
 * the library's optimisation (meson.build); AVX2 code is in functions of
 * its own (target("avx2")), after which the compiler clears the upper
 * halves (vzeroupper). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
int bcmp(const void *a, const void *b, size_t n);

/* Vectors as the instructions see them, and the same at any address. */
typedef char v16 __attribute__((__vector_size__(16)));
typedef char v32 __attribute__((__vector_size__(32)));
typedef char u16v __attribute__((__vector_size__(16), __aligned__(1), __may_alias__));
typedef char u32v __attribute__((__vector_size__(32), __aligned__(1), __may_alias__));
typedef uint64_t __attribute__((__aligned__(1), __may_alias__)) u64;
typedef uint32_t __attribute__((__aligned__(1), __may_alias__)) u32;
typedef uint16_t __attribute__((__aligned__(1), __may_alias__)) u16;
typedef uint64_t v2u64 __attribute__((__vector_size__(16)));

#define L16(p) (*(const u16v *)(const void *)(p))
#define S16(p, v) (*(u16v *)(void *)(p) = (v))
#define L32(p) (*(const u32v *)(const void *)(p))
#define S32(p, v) (*(u32v *)(void *)(p) = (v))

/* Sizes from which the string instructions beat the vector loops on CPUs
 * with fast strings (measured with bench/mem on an FSRM Xeon; glibc uses
 * the same orders of magnitude). */
#define REP_MOVSB 4096
#define REP_STOSB 4096

/* What cpuid says, once: bit 0 known, bit 1 AVX2 usable (CPU and OS),
 * bit 2 fast strings, bit 3 AVX-512F and BW usable. Racing first calls store the same value. */
enum { F_KNOWN = 1, F_AVX2 = 2, F_ERMS = 4, F_AVX512 = 8 };
static unsigned char features;

static void cpuid(unsigned leaf, unsigned sub, unsigned r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

static __attribute__((__noinline__, __cold__)) unsigned probe(void)
{
	unsigned r[4], f = F_KNOWN;
	cpuid(0, 0, r);
	unsigned max = r[0];
	cpuid(1, 0, r);
	/* OSXSAVE and AVX, then XCR0 must have the SSE and AVX state enabled. */
	bool avx = (r[2] >> 27 & 1) && (r[2] >> 28 & 1), zmm = false;
	if (avx) {
		unsigned lo, hi;
		__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
		avx = (lo & 6) == 6;
		/* And the opmask and all 512-bit register state. */
		zmm = (lo & 0xe6) == 0xe6;
	}
	if (max >= 7) {
		cpuid(7, 0, r);
		if (avx && (r[1] >> 5 & 1))
			f |= F_AVX2;
		/* AVX-512F and BW (byte broadcasts from a general register). */
		if (zmm && (r[1] >> 16 & 1) && (r[1] >> 30 & 1) && (f & F_AVX2))
			f |= F_AVX512;
		/* ERMS (ebx bit 9) or FSRM (edx bit 4). */
		if ((r[1] >> 9 & 1) || (r[3] >> 4 & 1))
			f |= F_ERMS;
	}
	features = (unsigned char)f;
	return f;
}

static inline unsigned cpu(void)
{
	unsigned f = features;
	return f ? f : probe();
}

/* ---- copies ---- */

/* n <= 32, any overlap: every load before the first store. */
static inline __attribute__((__always_inline__)) void copy_small(char *d, const char *s, size_t n)
{
	if (n >= 16) {
		u16v a = L16(s), b = L16(s + n - 16);
		S16(d, a);
		S16(d + n - 16, b);
	} else if (n >= 8) {
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
}

static inline void rep_movsb(char *d, const char *s, size_t n)
{
	__asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
}

/* COPY_BODY (src/mem_arch.h, shared with arch/aarch64/mem.c) at two vector
 * widths; forward copies from REP_MOVSB up, where the CPU has fast strings
 * and the ranges do not overlap at all, go to rep movsb. */
#define BR__COPY_FORWARD_BIG(d, s, n)                                                       \
	do {                                                                                \
		if ((n) >= REP_MOVSB && (f & F_ERMS) && (uintptr_t)(s) - (uintptr_t)(d) >= (n)) { \
			rep_movsb((d), (s), (n));                                           \
			return ret;                                                         \
		}                                                                           \
	} while (0)
#include "mem_arch.h"

static __attribute__((__noinline__)) void *copy_sse(char *d, const char *s, size_t n, unsigned f)
{
	void *ret = d;
	COPY_BODY(v16, L16, S16)
	return ret;
}

static __attribute__((__noinline__, __target__("avx2"))) void *copy_avx2(char *d, const char *s, size_t n, unsigned f)
{
	void *ret = d;
	COPY_BODY(v32, L32, S32)
	return ret;
}

/* With AVX-512 the vectors live in zmm16..zmm24, written in assembly: the
 * compiler would pick zmm0..15 and end the function with vzeroupper, which
 * after 512-bit registers costs as much as a 128-byte copy (EVEX registers
 * 16..31 leave no upper state that SSE code would pay for). */
#define ZCLOB "memory", "xmm16", "xmm17", "xmm18", "xmm19", "xmm20", "xmm21", "xmm22", "xmm23", "xmm24"

static __attribute__((__noinline__, __target__("avx512f"))) void *copy_avx512(char *d, const char *s, size_t n, unsigned f)
{
	if (n <= 128) {
		__asm__ volatile("vmovdqu64 (%[s]), %%zmm16\n\t"
				 "vmovdqu64 -64(%[s],%[n]), %%zmm17\n\t"
				 "vmovdqu64 %%zmm16, (%[d])\n\t"
				 "vmovdqu64 %%zmm17, -64(%[d],%[n])"
				 : : [d] "r"(d), [s] "r"(s), [n] "r"(n) : ZCLOB);
		return d;
	}
	if (n <= 256) {
		__asm__ volatile("vmovdqu64 (%[s]), %%zmm16\n\t"
				 "vmovdqu64 64(%[s]), %%zmm17\n\t"
				 "vmovdqu64 -128(%[s],%[n]), %%zmm18\n\t"
				 "vmovdqu64 -64(%[s],%[n]), %%zmm19\n\t"
				 "vmovdqu64 %%zmm16, (%[d])\n\t"
				 "vmovdqu64 %%zmm17, 64(%[d])\n\t"
				 "vmovdqu64 %%zmm18, -128(%[d],%[n])\n\t"
				 "vmovdqu64 %%zmm19, -64(%[d],%[n])"
				 : : [d] "r"(d), [s] "r"(s), [n] "r"(n) : ZCLOB);
		return d;
	}
	if (n <= 512) {
		__asm__ volatile("vmovdqu64 (%[s]), %%zmm16\n\t"
				 "vmovdqu64 64(%[s]), %%zmm17\n\t"
				 "vmovdqu64 128(%[s]), %%zmm18\n\t"
				 "vmovdqu64 192(%[s]), %%zmm19\n\t"
				 "vmovdqu64 -256(%[s],%[n]), %%zmm20\n\t"
				 "vmovdqu64 -192(%[s],%[n]), %%zmm21\n\t"
				 "vmovdqu64 -128(%[s],%[n]), %%zmm22\n\t"
				 "vmovdqu64 -64(%[s],%[n]), %%zmm23\n\t"
				 "vmovdqu64 %%zmm16, (%[d])\n\t"
				 "vmovdqu64 %%zmm17, 64(%[d])\n\t"
				 "vmovdqu64 %%zmm18, 128(%[d])\n\t"
				 "vmovdqu64 %%zmm19, 192(%[d])\n\t"
				 "vmovdqu64 %%zmm20, -256(%[d],%[n])\n\t"
				 "vmovdqu64 %%zmm21, -192(%[d],%[n])\n\t"
				 "vmovdqu64 %%zmm22, -128(%[d],%[n])\n\t"
				 "vmovdqu64 %%zmm23, -64(%[d],%[n])"
				 : : [d] "r"(d), [s] "r"(s), [n] "r"(n) : ZCLOB);
		return d;
	}
	uintptr_t diff = (uintptr_t)d - (uintptr_t)s;
	bool apart = (uintptr_t)s - (uintptr_t)d >= n && diff >= n;
	/* Forwards (dst below src, or no overlap), unless dst lies just
	 * above src modulo 4 KiB and they do not overlap: then each step's
	 * loads would share their low 12 address bits with the previous
	 * step's stores (4K aliasing: the loads wait), so backwards. */
	if (diff >= n && !(apart && (diff & 4095) < 320)) {
		/* The head and the last 256 bytes loaded first, 256 bytes per
		 * step to aligned dd. */
		if (n >= REP_MOVSB && (f & F_ERMS) && apart) {
			rep_movsb(d, s, n);
			return d;
		}
		char *dd = (char *)(((uintptr_t)d + 64) & ~(uintptr_t)63);
		const char *ss = s + (dd - d);
		char *end = d + n - 256;
		__asm__ volatile("vmovdqu64 (%[s]), %%zmm16\n\t"
				 "vmovdqu64 -256(%[s],%[n]), %%zmm17\n\t"
				 "vmovdqu64 -192(%[s],%[n]), %%zmm18\n\t"
				 "vmovdqu64 -128(%[s],%[n]), %%zmm19\n\t"
				 "vmovdqu64 -64(%[s],%[n]), %%zmm20\n\t"
				 "cmp %[end], %[dd]\n\t"
				 "jae 2f\n"
				 "1:\n\t"
				 "vmovdqu64 (%[ss]), %%zmm21\n\t"
				 "vmovdqu64 64(%[ss]), %%zmm22\n\t"
				 "vmovdqu64 128(%[ss]), %%zmm23\n\t"
				 "vmovdqu64 192(%[ss]), %%zmm24\n\t"
				 "vmovdqa64 %%zmm21, (%[dd])\n\t"
				 "vmovdqa64 %%zmm22, 64(%[dd])\n\t"
				 "vmovdqa64 %%zmm23, 128(%[dd])\n\t"
				 "vmovdqa64 %%zmm24, 192(%[dd])\n\t"
				 "add $256, %[ss]\n\t"
				 "add $256, %[dd]\n\t"
				 "cmp %[end], %[dd]\n\t"
				 "jb 1b\n"
				 "2:\n\t"
				 "vmovdqu64 %%zmm17, -256(%[d],%[n])\n\t"
				 "vmovdqu64 %%zmm18, -192(%[d],%[n])\n\t"
				 "vmovdqu64 %%zmm19, -128(%[d],%[n])\n\t"
				 "vmovdqu64 %%zmm20, -64(%[d],%[n])\n\t"
				 "vmovdqu64 %%zmm16, (%[d])"
				 : [dd] "+r"(dd), [ss] "+r"(ss)
				 : [d] "r"(d), [s] "r"(s), [n] "r"(n), [end] "r"(end)
				 : ZCLOB, "cc");
		return d;
	}
	/* Backwards (dst overlaps src from above, or 4K aliasing forwards):
	 * the first 256 bytes and the last 64 loaded first, 256 bytes per step
	 * down to aligned de. */
	char *de = (char *)(((uintptr_t)d + n - 1) & ~(uintptr_t)63);
	const char *se = s + (de - d);
	char *stop = d + 256;
	__asm__ volatile("vmovdqu64 (%[s]), %%zmm16\n\t"
			 "vmovdqu64 64(%[s]), %%zmm17\n\t"
			 "vmovdqu64 128(%[s]), %%zmm18\n\t"
			 "vmovdqu64 192(%[s]), %%zmm19\n\t"
			 "vmovdqu64 -64(%[s],%[n]), %%zmm20\n\t"
			 "cmp %[stop], %[de]\n\t"
			 "jbe 2f\n"
			 "1:\n\t"
			 "sub $256, %[se]\n\t"
			 "sub $256, %[de]\n\t"
			 "vmovdqu64 (%[se]), %%zmm21\n\t"
			 "vmovdqu64 64(%[se]), %%zmm22\n\t"
			 "vmovdqu64 128(%[se]), %%zmm23\n\t"
			 "vmovdqu64 192(%[se]), %%zmm24\n\t"
			 "vmovdqa64 %%zmm24, 192(%[de])\n\t"
			 "vmovdqa64 %%zmm23, 128(%[de])\n\t"
			 "vmovdqa64 %%zmm22, 64(%[de])\n\t"
			 "vmovdqa64 %%zmm21, (%[de])\n\t"
			 "cmp %[stop], %[de]\n\t"
			 "ja 1b\n"
			 "2:\n\t"
			 "vmovdqu64 %%zmm16, (%[d])\n\t"
			 "vmovdqu64 %%zmm17, 64(%[d])\n\t"
			 "vmovdqu64 %%zmm18, 128(%[d])\n\t"
			 "vmovdqu64 %%zmm19, 192(%[d])\n\t"
			 "vmovdqu64 %%zmm20, -64(%[d],%[n])"
			 : [de] "+r"(de), [se] "+r"(se)
			 : [d] "r"(d), [s] "r"(s), [n] "r"(n), [stop] "r"(stop)
			 : ZCLOB, "cc");
	return d;
}

void *memmove(void *dst, const void *src, size_t n)
{
	char *d = dst;
	const char *s = src;
	if (n <= 32) {
		copy_small(d, s, n);
		return dst;
	}
	if (n <= 64) {
		u16v a = L16(s), b = L16(s + 16), c = L16(s + n - 32), e = L16(s + n - 16);
		S16(d, a);
		S16(d + 16, b);
		S16(d + n - 32, c);
		S16(d + n - 16, e);
		return dst;
	}
	unsigned f = cpu();
	if (n <= 128 && (f & F_AVX512)) {
		/* Here, not in copy_avx512: a call's worth of the time. zmm16
		 * and zmm17 are call-clobbered and this function (no AVX-512
		 * target) never holds a value in them, so they need no clobber. */
		__asm__ volatile("vmovdqu64 (%[s]), %%zmm16\n\t"
				 "vmovdqu64 -64(%[s],%[n]), %%zmm17\n\t"
				 "vmovdqu64 %%zmm16, (%[d])\n\t"
				 "vmovdqu64 %%zmm17, -64(%[d],%[n])"
				 : : [d] "r"(d), [s] "r"(s), [n] "r"(n) : "memory");
		return dst;
	}
	/* Tail calls: the copies return dst. */
	if (f & F_AVX512)
		return copy_avx512(d, s, n, f);
	if (f & F_AVX2)
		return copy_avx2(d, s, n, f);
	return copy_sse(d, s, n, f);
}

/* memmove handles every overlap, so it is a correct memcpy, and one body
 * keeps the code of a program that uses both smaller. */
void *memcpy(void *restrict dst, const void *restrict src, size_t n) __attribute__((__alias__("memmove")));

/* ---- fills ---- */

static inline void rep_stosb(char *d, int c, size_t n)
{
	__asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
}

#define SET_BODY(V, S, vb)                                                                          \
	enum { B = sizeof(V) };                                                                     \
	V v = vb;                                                                                   \
	if (n <= 2 * B) {                                                                           \
		S(d, v);                                                                            \
		S(d + n - B, v);                                                                    \
		return ret;                                                                         \
	}                                                                                           \
	if (n <= 4 * B) {                                                                           \
		S(d, v);                                                                            \
		S(d + B, v);                                                                        \
		S(d + n - 2 * B, v);                                                                \
		S(d + n - B, v);                                                                    \
		return ret;                                                                         \
	}                                                                                           \
	if (n >= REP_STOSB && (f & F_ERMS)) {                                                       \
		rep_stosb(d, c, n);                                                                 \
		return ret;                                                                         \
	}                                                                                           \
	S(d, v);                                                                                    \
	char *dd = (char *)(((uintptr_t)d + B) & ~(uintptr_t)(B - 1));                              \
	char *end = d + n - 4 * B;                                                                  \
	for (; dd < end; dd += 4 * B) {                                                             \
		S(dd, v);                                                               \
		S(dd + B, v);                                                         \
		S(dd + 2 * B, v);                                                     \
		S(dd + 3 * B, v);                                                     \
	}                                                                                           \
	S(end, v);                                                                                  \
	S(end + B, v);                                                                              \
	S(end + 2 * B, v);                                                                          \
	S(end + 3 * B, v);

static __attribute__((__noinline__)) void *set_sse(char *d, int c, size_t n, unsigned f)
{
	void *ret = d;
	char b = (char)c;
	SET_BODY(v16, S16, ((v16){b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b}))
	return ret;
}

static __attribute__((__noinline__, __target__("avx2"))) void *set_avx2(char *d, int c, size_t n, unsigned f)
{
	void *ret = d;
	char b = (char)c;
	SET_BODY(v32, S32, ((v32){b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b,
				  b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b}))
	return ret;
}

/* The fill byte broadcast straight from c's register (vpbroadcastb): a
 * multiply to spread it first costs a quarter of a 128-byte fill. */
static __attribute__((__noinline__, __target__("avx512f,avx512bw"))) void *set_avx512(char *d, int c, size_t n, unsigned f)
{
	if (n <= 256) {
		__asm__ volatile("vpbroadcastb %k[c], %%zmm16\n\t"
				 "vmovdqu64 %%zmm16, (%[d])\n\t"
				 "vmovdqu64 %%zmm16, -64(%[d],%[n])\n\t"
				 "cmp $128, %[n]\n\t"
				 "jbe 1f\n\t"
				 "vmovdqu64 %%zmm16, 64(%[d])\n\t"
				 "vmovdqu64 %%zmm16, -128(%[d],%[n])\n"
				 "1:"
				 : : [d] "r"(d), [n] "r"(n), [c] "r"(c) : "memory", "cc", "xmm16");
		return d;
	}
	if (n >= REP_STOSB && (f & F_ERMS)) {
		rep_stosb(d, c, n);
		return d;
	}
	/* The head, 256 bytes per step to aligned dd, the last 256. */
	char *dd = (char *)(((uintptr_t)d + 64) & ~(uintptr_t)63);
	char *end = d + n - 256;
	__asm__ volatile("vpbroadcastb %k[c], %%zmm16\n\t"
			 "vmovdqu64 %%zmm16, (%[d])\n\t"
			 "cmp %[end], %[dd]\n\t"
			 "jae 2f\n"
			 "1:\n\t"
			 "vmovdqa64 %%zmm16, (%[dd])\n\t"
			 "vmovdqa64 %%zmm16, 64(%[dd])\n\t"
			 "vmovdqa64 %%zmm16, 128(%[dd])\n\t"
			 "vmovdqa64 %%zmm16, 192(%[dd])\n\t"
			 "add $256, %[dd]\n\t"
			 "cmp %[end], %[dd]\n\t"
			 "jb 1b\n"
			 "2:\n\t"
			 "vmovdqu64 %%zmm16, (%[end])\n\t"
			 "vmovdqu64 %%zmm16, 64(%[end])\n\t"
			 "vmovdqu64 %%zmm16, 128(%[end])\n\t"
			 "vmovdqu64 %%zmm16, 192(%[end])"
			 : [dd] "+r"(dd)
			 : [d] "r"(d), [end] "r"(end), [c] "r"(c)
			 : "memory", "cc", "xmm16");
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
	if (n <= 64) {
		u16v v = (u16v)(v2u64){w, w};
		S16(d, v);
		S16(d + n - 16, v);
		if (n > 32) {
			S16(d + 16, v);
			S16(d + n - 32, v);
		}
		return dst;
	}
	unsigned f = cpu();
	if (n <= 128 && (f & F_AVX512)) {
		/* As in memmove: zmm16 is call-clobbered and unused here. */
		__asm__ volatile("vpbroadcastb %k[c], %%zmm16\n\t"
				 "vmovdqu64 %%zmm16, (%[d])\n\t"
				 "vmovdqu64 %%zmm16, -64(%[d],%[n])"
				 : : [d] "r"(d), [n] "r"(n), [c] "r"(c) : "memory");
		return dst;
	}
	if (f & F_AVX512)
		return set_avx512(d, c, n, f);
	if (f & F_AVX2)
		return set_avx2(d, c, n, f);
	return set_sse(d, c, n, f);
}

/* ---- comparisons ---- */

/* The order of the first differing byte at index i. */
static inline int byte_diff(const char *x, const char *y, size_t i)
{
	return (int)(unsigned char)x[i] - (int)(unsigned char)y[i];
}

/* Bit i set where byte i differs. */
static inline unsigned diff16(const char *x, const char *y)
{
	v16 eq = (v16)((v16)L16(x) == (v16)L16(y));
	return (unsigned)__builtin_ia32_pmovmskb128(eq) ^ 0xffffu;
}

static __attribute__((__noinline__)) int cmp_sse(const char *x, const char *y, size_t n)
{
	unsigned m;
	size_t i = 0;
	for (; i + 32 <= n; i += 32) {
		if ((m = diff16(x + i, y + i)))
			return byte_diff(x, y, i + (unsigned)__builtin_ctz(m));
		if ((m = diff16(x + i + 16, y + i + 16)))
			return byte_diff(x, y, i + 16 + (unsigned)__builtin_ctz(m));
	}
	if (i + 16 <= n) {
		if ((m = diff16(x + i, y + i)))
			return byte_diff(x, y, i + (unsigned)__builtin_ctz(m));
	}
	/* The last 16 bytes, overlapping what was compared (n > 16). */
	i = n - 16;
	if ((m = diff16(x + i, y + i)))
		return byte_diff(x, y, i + (unsigned)__builtin_ctz(m));
	return 0;
}


/* Four vectors at offsets o0..o3 (increasing; the bytes before o0 known
 * equal): 0 when all are equal, else the order of the first difference. */
static __attribute__((__always_inline__, __target__("avx2"))) inline int cmp4(const char *x, const char *y, size_t o0,
									     size_t o1, size_t o2, size_t o3)
{
	v32 e0 = (v32)((v32)L32(x + o0) == (v32)L32(y + o0));
	v32 e1 = (v32)((v32)L32(x + o1) == (v32)L32(y + o1));
	v32 e2 = (v32)((v32)L32(x + o2) == (v32)L32(y + o2));
	v32 e3 = (v32)((v32)L32(x + o3) == (v32)L32(y + o3));
	unsigned m;
	if ((unsigned)__builtin_ia32_pmovmskb256(e0 & e1 & e2 & e3) == 0xffffffffu)
		return 0;
	if ((m = (unsigned)__builtin_ia32_pmovmskb256(e0) ^ 0xffffffffu))
		return byte_diff(x, y, o0 + (unsigned)__builtin_ctz(m));
	if ((m = (unsigned)__builtin_ia32_pmovmskb256(e1) ^ 0xffffffffu))
		return byte_diff(x, y, o1 + (unsigned)__builtin_ctz(m));
	if ((m = (unsigned)__builtin_ia32_pmovmskb256(e2) ^ 0xffffffffu))
		return byte_diff(x, y, o2 + (unsigned)__builtin_ctz(m));
	m = (unsigned)__builtin_ia32_pmovmskb256(e3) ^ 0xffffffffu;
	return byte_diff(x, y, o3 + (unsigned)__builtin_ctz(m));
}

/* n > 64: up to 512 bytes straight-line, four vectors per test; beyond,
 * from where x is aligned (only y's loads cross cache lines) 128 bytes per
 * test, and the last 128 bytes (overlapping) at the end. */
static __attribute__((__noinline__, __target__("avx2"))) int cmp_avx2(const char *x, const char *y, size_t n)
{
	int r;
	if (n <= 128)
		return cmp4(x, y, 0, 32, n - 64, n - 32);
	if ((r = cmp4(x, y, 0, 32, 64, 96)))
		return r;
	if (n <= 256)
		return cmp4(x, y, n - 128, n - 96, n - 64, n - 32);
	if (n <= 512) {
		if ((r = cmp4(x, y, 128, 160, 192, 224)))
			return r;
		if ((r = cmp4(x, y, n - 256, n - 224, n - 192, n - 160)))
			return r;
		return cmp4(x, y, n - 128, n - 96, n - 64, n - 32);
	}
	/* The first 128 bytes are equal: from where x is aligned past them. */
	size_t i = 128 - ((uintptr_t)x & 31);
	for (; i + 128 <= n; i += 128) {
		v32 e0 = (v32)((v32)L32(x + i) == (v32)L32(y + i));
		v32 e1 = (v32)((v32)L32(x + i + 32) == (v32)L32(y + i + 32));
		v32 e2 = (v32)((v32)L32(x + i + 64) == (v32)L32(y + i + 64));
		v32 e3 = (v32)((v32)L32(x + i + 96) == (v32)L32(y + i + 96));
		if ((unsigned)__builtin_ia32_pmovmskb256(e0 & e1 & e2 & e3) != 0xffffffffu)
			return cmp4(x, y, i, i + 32, i + 64, i + 96);
	}
	return cmp4(x, y, n - 128, n - 96, n - 64, n - 32);
}

/* n > 512 with AVX-512BW: 256 bytes per test, four 64-byte loads a side
 * (zmm16..19, compared into mask registers); the block that differs, or
 * the tail, is then resolved by cmp4. */
static __attribute__((__noinline__, __target__("avx2,avx512f,avx512bw"))) int cmp_avx512(const char *x, const char *y,
											   size_t n)
{
	/* The first 128 bytes unaligned, then from where x is aligned to 64:
	 * only y's loads cross cache lines. */
	int r;
	if ((r = cmp4(x, y, 0, 32, 64, 96)))
		return r;
	const char *end = x + n - 256, *p = x + 128 - ((uintptr_t)x & 63);
	__asm__("1:\n\t"
		"cmp %[end], %[p]\n\t"
		"ja 2f\n\t"
		"vmovdqu64 (%[p]), %%zmm16\n\t"
		"vmovdqu64 64(%[p]), %%zmm17\n\t"
		"vmovdqu64 128(%[p]), %%zmm18\n\t"
		"vmovdqu64 192(%[p]), %%zmm19\n\t"
		"vpcmpneqb (%[p],%[dy]), %%zmm16, %%k1\n\t"
		"vpcmpneqb 64(%[p],%[dy]), %%zmm17, %%k2\n\t"
		"vpcmpneqb 128(%[p],%[dy]), %%zmm18, %%k3\n\t"
		"vpcmpneqb 192(%[p],%[dy]), %%zmm19, %%k4\n\t"
		"korq %%k2, %%k1, %%k1\n\t"
		"korq %%k4, %%k3, %%k3\n\t"
		"kortestq %%k3, %%k1\n\t"
		"jnz 2f\n\t"
		"add $256, %[p]\n\t"
		"jmp 1b\n"
		"2:"
		: [p] "+r"(p)
		: [end] "r"(end), [dy] "r"(y - x)
		: "memory", "cc", "xmm16", "xmm17", "xmm18", "xmm19", "k1", "k2", "k3", "k4");
	size_t i = (size_t)(p - x);
	if (p <= end) {
		/* A difference in [i, i + 256). */
		if ((r = cmp4(x, y, i, i + 32, i + 64, i + 96)))
			return r;
		return cmp4(x, y, i + 128, i + 160, i + 192, i + 224);
	}
	/* Fewer than 256 bytes left: the last 256, overlapping. */
	if ((r = cmp4(x, y, n - 256, n - 224, n - 192, n - 160)))
		return r;
	return cmp4(x, y, n - 128, n - 96, n - 64, n - 32);
}

/* 64 < n <= 512 with AVX-512BW: whether the ranges differ at all, from
 * two to eight 64-byte compares (zmm16..19, overlapping from both ends)
 * and one test; where they differ cmp_avx2 finds the first byte. */
static __attribute__((__noinline__, __target__("avx512f,avx512bw"))) uint64_t ranges_differ_512(const char *x,
												     const char *y, size_t n)
{
	uint64_t m;
	__asm__("vmovdqu64 (%[x]), %%zmm16\n\t"
		"vmovdqu64 -64(%[x],%[n]), %%zmm17\n\t"
		"vpcmpneqb (%[y]), %%zmm16, %%k1\n\t"
		"vpcmpneqb -64(%[y],%[n]), %%zmm17, %%k2\n\t"
		"korq %%k2, %%k1, %%k1\n\t"
		"cmp $128, %[n]\n\t"
		"jbe 1f\n\t"
		"vmovdqu64 64(%[x]), %%zmm16\n\t"
		"vmovdqu64 -128(%[x],%[n]), %%zmm17\n\t"
		"vpcmpneqb 64(%[y]), %%zmm16, %%k2\n\t"
		"vpcmpneqb -128(%[y],%[n]), %%zmm17, %%k3\n\t"
		"korq %%k2, %%k1, %%k1\n\t"
		"korq %%k3, %%k1, %%k1\n\t"
		"cmp $256, %[n]\n\t"
		"jbe 1f\n\t"
		"vmovdqu64 128(%[x]), %%zmm16\n\t"
		"vmovdqu64 192(%[x]), %%zmm17\n\t"
		"vmovdqu64 -256(%[x],%[n]), %%zmm18\n\t"
		"vmovdqu64 -192(%[x],%[n]), %%zmm19\n\t"
		"vpcmpneqb 128(%[y]), %%zmm16, %%k2\n\t"
		"vpcmpneqb 192(%[y]), %%zmm17, %%k3\n\t"
		"korq %%k2, %%k1, %%k1\n\t"
		"korq %%k3, %%k1, %%k1\n\t"
		"vpcmpneqb -256(%[y],%[n]), %%zmm18, %%k2\n\t"
		"vpcmpneqb -192(%[y],%[n]), %%zmm19, %%k3\n\t"
		"korq %%k2, %%k1, %%k1\n\t"
		"korq %%k3, %%k1, %%k1\n"
		"1:\n\t"
		"kmovq %%k1, %[m]"
		: [m] "=r"(m)
		: [x] "r"(x), [y] "r"(y), [n] "r"(n)
		: "memory", "cc", "xmm16", "xmm17", "xmm18", "xmm19", "k1", "k2", "k3");
	return m;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const char *x = a, *y = b;
	if (n <= 16) {
		uint64_t p, q;
		if (n >= 8) {
			p = __builtin_bswap64(*(const u64 *)x);
			q = __builtin_bswap64(*(const u64 *)y);
			if (p == q) {
				p = __builtin_bswap64(*(const u64 *)(x + n - 8));
				q = __builtin_bswap64(*(const u64 *)(y + n - 8));
			}
		} else if (n >= 4) {
			/* First and last 4 bytes as one big-endian number. */
			p = (uint64_t)__builtin_bswap32(*(const u32 *)x) << 32 | __builtin_bswap32(*(const u32 *)(x + n - 4));
			q = (uint64_t)__builtin_bswap32(*(const u32 *)y) << 32 | __builtin_bswap32(*(const u32 *)(y + n - 4));
		} else {
			for (size_t i = 0; i < n; i++)
				if (x[i] != y[i])
					return byte_diff(x, y, i);
			return 0;
		}
		return (p > q) - (p < q);
	}
	if (n <= 32) {
		/* First and last 16 bytes (overlapping), one test when equal. */
		v16 e0 = (v16)((v16)L16(x) == (v16)L16(y));
		v16 e1 = (v16)((v16)L16(x + n - 16) == (v16)L16(y + n - 16));
		if ((unsigned)__builtin_ia32_pmovmskb128(e0 & e1) == 0xffffu)
			return 0;
		unsigned m = (unsigned)__builtin_ia32_pmovmskb128(e0) ^ 0xffffu;
		if (m)
			return byte_diff(x, y, (unsigned)__builtin_ctz(m));
		m = (unsigned)__builtin_ia32_pmovmskb128(e1) ^ 0xffffu;
		return byte_diff(x, y, n - 16 + (unsigned)__builtin_ctz(m));
	}
	if (n <= 64) {
		/* Four 16-byte vectors (overlapping), one test when equal. */
		v16 e0 = (v16)((v16)L16(x) == (v16)L16(y));
		v16 e1 = (v16)((v16)L16(x + 16) == (v16)L16(y + 16));
		v16 e2 = (v16)((v16)L16(x + n - 32) == (v16)L16(y + n - 32));
		v16 e3 = (v16)((v16)L16(x + n - 16) == (v16)L16(y + n - 16));
		if ((unsigned)__builtin_ia32_pmovmskb128(e0 & e1 & e2 & e3) == 0xffffu)
			return 0;
		return cmp_sse(x, y, n);
	}
	unsigned f = cpu();
	if (f & F_AVX512) {
		if (n > 512)
			return cmp_avx512(x, y, n);
		if (!ranges_differ_512(x, y, n))
			return 0;
	}
	if (!(f & F_AVX2))
		return cmp_sse(x, y, n);
	return cmp_avx2(x, y, n);
}

/* memcmp's answer is a valid bcmp answer. */
int bcmp(const void *a, const void *b, size_t n) __attribute__((__alias__("memcmp")));
