/* The environment and auxiliary vector, recorded once at start-up (the
 * only global state bedrock has) and read-only afterwards. */
#include <bedrock/crt.h>

static char **br__envp;
static unsigned long *br__auxv;

/* Records envp and the auxiliary vector after it. Internal (br__), but not
 * static: the fuzz targets call it with environments of their making. */
void br__record_startup(char **envp);

void br__record_startup(char **envp)
{
	char **p = envp;

	br__envp = envp;
	while (*p)
		p++;
	/* The kernel puts the auxiliary vector right after envp's NULL. */
	br__auxv = (unsigned long *)(p + 1);
}

/* Runs as this object's .preinit_array entry (writable like the compiler's own
 * entries: a read-only one makes clang's section "A" and GNU ld then merges
 * text and data into one RWX segment), so whenever br_getenv or
 * br_getauxval is linked in, the environment is recorded before any
 * .init_array function or main runs (preinit functions of the program's
 * own objects may run earlier). */
static void record(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv;
	br__record_startup(envp);
}

__attribute__((__section__(".preinit_array"), __used__)) static void (*br__record)(int, char **,
											  char **) = record;

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
