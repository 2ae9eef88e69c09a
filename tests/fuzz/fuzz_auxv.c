/* SPDX-License-Identifier: MIT */
/* libFuzzer target: br_getauxval over an auxiliary vector built from the
 * input, laid out as the kernel does it: envp strings, NULL, then (type,
 * value) pairs up to AT_NULL, found by br__record_startup after envp's NULL.
 *
 * Input: byte 0 picks 0-7 environment strings (fixed ones), the next 8
 * bytes are a type to look up, the rest are 16-byte (type, value) pairs
 * (a short tail is zero-padded). The harness always appends AT_NULL, and
 * the block is allocated to the exact size so that ASan catches a read
 * past the terminator. A type-0 pair inside the input ends the vector
 * early, as AT_NULL does. Checked against a reference lookup (first match
 * wins; 0 when absent; type 0 never found), for the input's type, every
 * type in the vector and a few well-known ones. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <bedrock/crt.h>

/* crt/env.c's recorder (crt/start.c calls it at start-up; compiled into
 * this target, it is called again for every input). */
void br__record_startup(char **envp);

#define MAX_PAIRS 1024

static char env_strings[8][8] = {"A=1", "B=", "PATH=/", "X", "=", "HOME=~", "C=3", "D==4"};

static unsigned long ref_getauxval(const unsigned long *auxv, unsigned long type)
{
	if (type == 0)
		return 0;
	for (const unsigned long *a = auxv; a[0]; a += 2)
		if (a[0] == type)
			return a[1];
	return 0;
}

static unsigned long load(const uint8_t *p, size_t avail)
{
	unsigned long v = 0;
	memcpy(&v, p, avail < sizeof v ? avail : sizeof v);
	return v;
}

static void check(const unsigned long *auxv, unsigned long type)
{
	if (br_getauxval(type) != ref_getauxval(auxv, type))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t nenv = size ? data[0] & 7 : 0;
	unsigned long query = size > 1 ? load(data + 1, size - 1) : 0;
	size_t rest = size > 9 ? size - 9 : 0;
	size_t npairs = (rest + 15) / 16;
	if (npairs > MAX_PAIRS)
		npairs = MAX_PAIRS;

	size_t words = nenv + 1 + 2 * (npairs + 1);
	void *block = malloc(words * sizeof(unsigned long));
	if (!block)
		abort();
	char **envp = block;
	for (size_t i = 0; i < nenv; i++)
		envp[i] = env_strings[i];
	envp[nenv] = NULL;
	unsigned long *auxv = (unsigned long *)(envp + nenv + 1);
	for (size_t i = 0; i < npairs; i++) {
		const uint8_t *p = data + 9 + 16 * i;
		size_t avail = size - (size_t)(p - data);
		auxv[2 * i] = load(p, avail);
		auxv[2 * i + 1] = avail > 8 ? load(p + 8, avail - 8) : 0;
	}
	auxv[2 * npairs] = 0; /* AT_NULL */
	auxv[2 * npairs + 1] = 0;

	br__record_startup(envp);

	if (br_getauxval(0) != 0)
		__builtin_trap();
	check(auxv, query);
	check(auxv, ~query);
	for (size_t i = 0; i < npairs; i++)
		check(auxv, auxv[2 * i]);
	static const unsigned long known[] = {BR_AT_PHDR,  BR_AT_PHNUM,  BR_AT_PAGESZ, BR_AT_ENTRY,
					      BR_AT_UID,   BR_AT_HWCAP,  BR_AT_SECURE, BR_AT_RANDOM,
					      BR_AT_EXECFN, BR_AT_SYSINFO_EHDR, ~0UL};
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		check(auxv, known[i]);
	/* The environment is still readable through the same record. */
	if (nenv > 0 && br_getenv("A") != env_strings[0] + 2)
		__builtin_trap();

	free(block);
	return 0;
}
