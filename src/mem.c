/* The four functions compilers emit calls to even in freestanding code.
 * Built with -fno-tree-loop-distribute-patterns (gcc) and -fno-builtin, so
 * that the loops below are not turned back into calls to themselves.
 * Word-at-a-time when both pointers share alignment; bytes otherwise, since
 * riscv64 may trap on misaligned words. */
#include <stddef.h>
#include <stdint.h>

/* may_alias: the words overlay objects of any type. */
typedef uintptr_t __attribute__((__may_alias__)) br__word;
#define WORD sizeof(br__word)
#define ALIGNED(p) (((uintptr_t)(p) & (WORD - 1)) == 0)

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* Copies forwards; memmove relies on that when dst is below src. */
static void copy_forward(unsigned char *d, const unsigned char *s, size_t n)
{
	if ((((uintptr_t)d ^ (uintptr_t)s) & (WORD - 1)) == 0) {
		while (n && !ALIGNED(d)) {
			*d++ = *s++;
			n--;
		}
		for (; n >= WORD; n -= WORD, d += WORD, s += WORD)
			*(br__word *)(void *)d = *(const br__word *)(const void *)s;
	}
	while (n--)
		*d++ = *s++;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	copy_forward(dst, src, n);
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if ((uintptr_t)d - (uintptr_t)s >= n) {
		/* dst is below src or the ranges do not overlap. */
		copy_forward(d, s, n);
		return dst;
	}
	d += n;
	s += n;
	if ((((uintptr_t)d ^ (uintptr_t)s) & (WORD - 1)) == 0) {
		while (n && !ALIGNED(d)) {
			*--d = *--s;
			n--;
		}
		for (; n >= WORD; n -= WORD) {
			d -= WORD;
			s -= WORD;
			*(br__word *)(void *)d = *(const br__word *)(const void *)s;
		}
	}
	while (n--)
		*--d = *--s;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	br__word w = (unsigned char)c;

	w |= w << 8;
	w |= w << 16;
	w |= (w << 16) << 16;
	while (n && !ALIGNED(d)) {
		*d++ = (unsigned char)c;
		n--;
	}
	for (; n >= WORD; n -= WORD, d += WORD)
		*(br__word *)(void *)d = w;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}
