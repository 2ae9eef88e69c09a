/* SPDX-License-Identifier: MIT */
/* The environment and auxiliary vector, recorded once at start-up (the
 * only global state bedrock has) and read-only afterwards. */
#include <bedrock/crt.h>
#include "internal.h"

static char **br__envp;
static unsigned long *br__auxv;

/* Records envp and the auxiliary vector after it; called by crt/start.c
 * before any init array runs, overriding its empty weak default. Also
 * called by the fuzz targets with environments of their making. */
void br__record_startup(char **envp);

void br__record_startup(char **envp)
{
	char **p = envp;

	br__envp = envp;
	while (*p)
		p++;
	/* The kernel puts the auxiliary vector right after envp's NULL. */
	br__auxv = (unsigned long *)(p + 1);
#if defined(BR__CRT) && !defined(BR__HARDENED)
	/* Default profile: the set-uid check where the auxiliary vector is
	 * read anyway (the hardened start-up makes it for every program). */
	br__secure_fds(br_getauxval(BR_AT_SECURE));
#endif
}

unsigned long br_getauxval(unsigned long type)
{
	/* AT_NULL (0) ends the vector, so type 0 is never found. */
	for (unsigned long *a = br__auxv; a && a[0]; a += 2)
		if (a[0] == type)
			return a[1];
	return 0;
}

const char *br_getenv(const char *name)
{
	size_t n = 0;

	if (!name || !br__envp)
		return (const char *)0;
	for (; name[n]; n++)
		if (name[n] == '=')
			return (const char *)0;
	if (n == 0)
		return (const char *)0;
	for (char **e = br__envp; *e; e++) {
		size_t i = 0;
		while (i < n && (*e)[i] == name[i])
			i++;
		if (i == n && (*e)[n] == '=')
			return *e + n + 1;
	}
	return (const char *)0;
}
