/* SPDX-License-Identifier: MIT */
/* What the hardening check (hardening.sh) runs in each profile:
 *   probe addr   prints the addresses of main, of a global and of a TLS
 *                variable (hex, one line): ASLR moves them between runs
 *   probe smash  overflows a stack buffer: the canary must catch it
 *                (stderr message, death by SIGABRT)
 *   probe fds    exit status: bit i set when fd i (0, 1, 2) is not open
 *                on /dev/null, 8 when br_getenv("BR_PROBE") is not "yes"
 *                (run set-uid with closed fds: the crt opened them)
 * Built with -fstack-protector-strong in both profiles. */
#include <bedrock/bedrock.h>

BR_USE_TLS;

int probe_global = 1;
static _Thread_local int probe_tls = 2;
/* Set by a constructor and checked by a destructor: the probe has init
 * and fini arrays for the checks of where they are mapped. */
static int probe_ctor;

__attribute__((__constructor__)) static void probe_init(void)
{
	probe_ctor = 1;
}

__attribute__((__destructor__)) static void probe_fini(void)
{
	if (probe_ctor != 1)
		br_exit_group(9);
}

static void hex(char *p, uintptr_t v)
{
	for (int i = 15; i >= 0; i--, v >>= 4)
		p[i] = "0123456789abcdef"[v & 15];
}

/* Writes n bytes into a 16-byte buffer: n > 16 overruns it. Not inlined,
 * and the buffer escapes, so the compiler neither drops nor bounds it. */
__attribute__((__noinline__)) static int smash(volatile size_t n)
{
	char buf[16];
	for (size_t i = 0; i < n; i++)
		((volatile char *)buf)[i] = 'A';
	__asm__ volatile("" : : "r"(buf) : "memory");
	return buf[0];
}

static bool streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

int main(int argc, char **argv, char **envp)
{
	(void)envp;
	if (argc < 2)
		return 2;
	if (streq(argv[1], "addr")) {
		char line[16 * 3 + 3];
		hex(line, (uintptr_t)main);
		line[16] = ' ';
		hex(line + 17, (uintptr_t)&probe_global);
		line[33] = ' ';
		hex(line + 34, (uintptr_t)&probe_tls);
		line[50] = '\n';
		return br_write_all(BR_STDOUT, line, 51) != BR_OK || probe_tls != 2 || probe_ctor != 1;
	}
	if (streq(argv[1], "smash"))
		return smash(64) == 'A' ? 0 : 1;
	if (streq(argv[1], "fds")) {
		int bad = 0;
		for (int fd = 0; fd < 3; fd++) {
			br_stat st;
			if (br_fstat(br_fd_from_raw(fd), &st) != BR_OK || st.st_rdev != ((1u << 8) | 3u))
				bad |= 1 << fd;
		}
		const char *v = br_getenv("BR_PROBE");
		if (!v || !streq(v, "yes"))
			bad |= 8;
		return bad;
	}
	return 2;
}
