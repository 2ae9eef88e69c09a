/* SPDX-License-Identifier: MIT */
/* libFuzzer target: br_getenv over an environment built from the input.
 *
 * Input: NUL-separated pieces. The first piece is the name looked up, the
 * others are the environment strings (any bytes but NUL; a string without
 * '=' is allowed, the kernel passes whatever execve got). Each piece gets
 * its own exact-size allocation so that ASan sees any read past a string.
 * The block handed to br__record_startup is what the kernel lays out:
 * envp[0..n-1], NULL, then an auxiliary vector holding only AT_NULL.
 *
 * Checked against a reference lookup: the same pointer (first match wins),
 * NULL for a NULL, empty or '='-containing name, every name taken from the
 * environment itself, and br_getauxval finding nothing in an empty vector. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <bedrock/crt.h>

/* crt/env.c's recorder (crt/start.c calls it at start-up; compiled into
 * this target, it is called again for every input). */
void br__record_startup(char **envp);

#define MAX_STRINGS 4096

static void fail(const char *what)
{
	(void)what;
	__builtin_trap();
}

static const char *ref_getenv(char **envp, const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || memchr(name, '=', n))
		return NULL;
	for (char **e = envp; *e; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

static void check(char **envp, const char *name)
{
	const char *got = br_getenv(name), *want = ref_getenv(envp, name);

	if (got != want)
		fail("br_getenv differs from the reference");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Split into pieces (at most MAX_STRINGS + 1). */
	size_t npieces = 0, start = 0;
	char *pieces[MAX_STRINGS + 1];

	for (size_t i = 0; i <= size && npieces <= MAX_STRINGS; i++) {
		if (i == size || data[i] == 0) {
			size_t len = i - start;
			char *p = malloc(len + 1);
			if (!p)
				abort();
			memcpy(p, data + start, len);
			p[len] = 0;
			pieces[npieces++] = p;
			start = i + 1;
		}
	}

	size_t nenv = npieces - 1;
	/* envp[nenv] = NULL, then AT_NULL: two words of zero. */
	size_t words = nenv + 1 + 2;
	void *block = malloc(words * sizeof(unsigned long));
	if (!block)
		abort();
	char **envp = block;
	for (size_t i = 0; i < nenv; i++)
		envp[i] = pieces[i + 1];
	envp[nenv] = NULL;
	unsigned long *auxv = (unsigned long *)(envp + nenv + 1);
	auxv[0] = 0;
	auxv[1] = 0;

	br__record_startup(envp);

	if (br_getenv(NULL) != NULL)
		fail("br_getenv(NULL) is not NULL");
	check(envp, pieces[0]);
	/* Every prefix of the name, and the name of every entry (up to its
	 * first '=', or all of it), and that minus its last character. */
	for (size_t n = strlen(pieces[0]); n-- > 0;) {
		char c = pieces[0][n];
		pieces[0][n] = 0;
		check(envp, pieces[0]);
		pieces[0][n] = c;
	}
	for (size_t i = 0; i < nenv; i++) {
		size_t len = strcspn(envp[i], "=");
		char *name = malloc(len + 1);
		if (!name)
			abort();
		memcpy(name, envp[i], len);
		name[len] = 0;
		check(envp, name);
		const char *v = br_getenv(name);
		if (len > 0 && envp[i][len] == '=' && !v)
			fail("a set variable was not found");
		if (v && (v[-1] != '=' || strncmp(v - len - 1, name, len) != 0))
			fail("the value does not follow name=");
		if (len > 0) {
			name[len - 1] = 0;
			check(envp, name);
		}
		free(name);
	}
	/* The auxiliary vector is empty: nothing is ever found. */
	for (size_t i = 0; i < 64 && i < size; i++)
		if (br_getauxval(data[i]) != 0)
			fail("br_getauxval found something in an empty vector");

	free(block);
	for (size_t i = 0; i < npieces; i++)
		free(pieces[i]);
	return 0;
}
