/* SPDX-License-Identifier: MIT */
/* libFuzzer target: br__vdso_lookup (src/vdso.c), the ELF reader that finds
 * clock_gettime and its kin in the vDSO, over any bytes at all.
 *
 * The input is the image itself, copied into a block of exactly its size so
 * that ASan catches any read past it; the last byte's low bits also pick how much
 * of it the lookup is told it may read (all, or a prefix), which must bound
 * every read too. Each of the three architectures' names and versions, no
 * version, and a name no vDSO has are looked up; an answer must be NULL or
 * an address inside the bytes given. The seeds (corpus/vdso/) are the
 * x86_64 vDSO of the machine that made them and damaged copies of it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *br__vdso_lookup(const void *image, size_t len, const char *name, const char *version);

static const char *const queries[][2] = {
	{ "__vdso_clock_gettime", "LINUX_2.6" },  { "__vdso_gettimeofday", "LINUX_2.6" },
	{ "__vdso_clock_getres", "LINUX_2.6" },   { "__vdso_getcpu", "LINUX_2.6" },
	{ "__kernel_clock_gettime", "LINUX_2.6.39" }, { "__vdso_clock_gettime", "LINUX_4.15" },
	{ "__vdso_clock_gettime", NULL },         { "__vdso_time", NULL },
	{ "no_such_function", NULL },             { "", NULL },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *img = malloc(size ? size : 1);
	if (!img)
		abort();
	memcpy(img, data, size);
	size_t len = size;
	if (size && (data[size - 1] & 3) == 1)
		len = size / 2;
	else if (size && (data[size - 1] & 3) == 2)
		len = size > 64 ? 64 : size;

	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		unsigned char *f = br__vdso_lookup(img, len, queries[i][0], queries[i][1]);
		if (f && (f < img || f >= img + len))
			__builtin_trap();
		/* The same answer every time: the lookup keeps no state. */
		if (br__vdso_lookup(img, len, queries[i][0], queries[i][1]) != (void *)f)
			__builtin_trap();
	}
	free(img);
	return 0;
}
