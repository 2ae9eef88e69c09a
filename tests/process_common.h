/* SPDX-License-Identifier: MIT */
/* What the process_*.c test programs share (process.h, split by topic:
 * process_ids.c ids, kill, prlimit64 and exit_group; process_wait.c fork,
 * wait4/waitid and the status helpers against the children's real fates;
 * process_exec.c execve, sessions and process groups; process_prctl.c
 * prctl and exit_thread). ids are checked against the kernel's own view in
 * /proc, kill by delivery, prlimit64 read, lowered (the fd table then
 * really ends there: EMFILE, with nothing leaked) and restored, exit_group
 * observed from a parent, since it cannot be observed from inside.
 * Forked children never print TAP: their checks travel to the parent
 * through a pipe, and they always end with br_exit_group (returning from
 * main would run ours twice). */
#ifndef BR_TESTS_PROCESS_COMMON_H
#define BR_TESTS_PROCESS_COMMON_H

#include "tap.h"

/* Signal numbers, the same on x86_64 and the generic table. */
#define SIGURG 23
#define SIGCHLD 17
#define SIG_BLOCK 0
#define SIG_SETMASK 2
#define SIGBIT(s) (1ull << ((s) - 1))

/* Where tap_slurp puts the /proc files read here. */
static __attribute__((unused)) char filebuf[8192];
/* The most descriptors the EMFILE test creates. */
#define MAXFDS 4096

/* The first occurrence of needle in the NUL-terminated hay, or NULL. */
static __attribute__((unused)) const char *find(const char *hay, const char *needle)
{
	size_t n = tap_strlen(needle);
	for (; *hay; hay++) {
		size_t i = 0;
		while (i < n && hay[i] == needle[i])
			i++;
		if (i == n)
			return hay;
	}
	return 0;
}

/* The number a /proc link names ("1234" or "1234/task/1234"). */
static __attribute__((unused)) int64_t link_number(const char *path, const char **rest)
{
	static char buf[64];
	size_t len;
	uint64_t v;
	const char *p = buf;

	if (br_readlinkat(BR_AT_FDCWD, path, buf, sizeof buf - 1, &len))
		return -1;
	buf[len] = 0;
	if (!tap_parse_dec(&p, 0, &v))
		return -1;
	if (rest)
		*rest = p;
	return (int64_t)v;
}

/* Field 4 of /proc/self/stat, after "pid (comm) state"; comm may hold
 * spaces and parentheses, so search from the last ')'. */
static __attribute__((unused)) int64_t stat_ppid(void)
{
	size_t n = tap_slurp("/proc/self/stat", filebuf, sizeof filebuf);
	const char *p = filebuf + n;
	uint64_t v;

	while (p > filebuf && p[-1] != ')')
		p--;
	if (p == filebuf || p[0] != ' ' || p[1] == 0 || p[2] != ' ')
		return -1;
	p += 3;
	return tap_parse_dec(&p, 0, &v) ? (int64_t)v : -1;
}

/* Whether a wait status says: exited with code. */
static __attribute__((unused)) bool exited_with(int status, int code)
{
	return br_wifexited(status) && br_wexitstatus(status) == code;
}

/* The main of every process_*.c program: the tests, then nothing leaked,
 * no child left behind. */
static __attribute__((unused)) int process_run(void (*const tests[])(void), size_t n)
{
	int fds = tap_open_fds();
	for (size_t i = 0; i < n; i++)
		tests[i]();
	tap_eq((uint64_t)tap_open_fds(), (uint64_t)fds, "no descriptor leaked by the process tests");
	int got = 1234, status;
	tap_errno(br_wait4(-1, &status, BR_WNOHANG, 0, &got), BR_ECHILD, "no child is left, not even a zombie: ECHILD");
	return tap_done();
}

#endif
