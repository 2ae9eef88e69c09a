/* SPDX-License-Identifier: MIT */
/* libFuzzer target: br_errno_name and br_errno_message for any int.
 *
 * Input: native-endian 32-bit values (a short tail is zero-padded); each
 * value and its neighbours are looked up. Invariants: a message exactly
 * for 0..133 minus 41 and 58 (which Linux leaves unused), a name exactly
 * for 1..133 minus 41 and 58 (none for 0); a name is E[A-Z0-9]+ and, where
 * glibc has strerrorname_np, the one glibc gives; a message is non-empty
 * printable ASCII with no space at either end and no final period (ELIBBAD's
 * begins with ".lib"); no two values share a name. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <bedrock/errno.h>

const char *br_errno_name(br_errno e);
const char *br_errno_message(br_errno e);

static int known(int v)
{
	return v >= 0 && v <= 133 && v != 41 && v != 58;
}

static void check(int v)
{
	const char *name = br_errno_name((br_errno)v);
	const char *msg = br_errno_message((br_errno)v);

	if (!msg != !known(v))
		__builtin_trap();
	if (!name != !(known(v) && v != 0))
		__builtin_trap();
	if (name) {
		size_t n = strlen(name);
		if (n < 2 || n > 16 || name[0] != 'E')
			__builtin_trap();
		for (size_t i = 1; i < n; i++)
			if (!((name[i] >= 'A' && name[i] <= 'Z') || (name[i] >= '0' && name[i] <= '9')))
				__builtin_trap();
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
		const char *g = strerrorname_np(v);
		if (!g || strcmp(g, name) != 0)
			__builtin_trap();
#endif
	}
	if (msg) {
		size_t n = strlen(msg);
		if (n == 0 || n > 80 || msg[0] == ' ' || msg[n - 1] == ' ' || msg[n - 1] == '.')
			__builtin_trap();
		for (size_t i = 0; i < n; i++)
			if (msg[i] < 0x20 || msg[i] > 0x7e)
				__builtin_trap();
	}
}

/* Names are unique (a property of the table, checked once per process). */
static void check_unique(void)
{
	for (int v = 1; v <= 133; v++)
		for (int w = v + 1; w <= 133; w++) {
			const char *a = br_errno_name((br_errno)v), *b = br_errno_name((br_errno)w);
			if (a && b && strcmp(a, b) == 0)
				__builtin_trap();
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int once;
	if (!once++)
		check_unique();
	for (size_t i = 0; i < size; i += 4) {
		int32_t v = 0;
		memcpy(&v, data + i, size - i < 4 ? size - i : 4);
		check(v);
		check((int)((uint32_t)v - 1));
		check((int)((uint32_t)v + 1));
	}
	return 0;
}
