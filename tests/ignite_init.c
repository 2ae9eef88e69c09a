/* SPDX-License-Identifier: MIT */
/* The init that tests/ignite.c's end-to-end runs let ignite start: it
 * reports on stdout what it finds, one "key: value" line each, and exits
 * 0. As /bin/sh of the initramfs (argv[0] "/bin/sh") it stands in for the
 * emergency shell and reports only that it ran. */
#include <bedrock/bedrock.h>

static size_t len(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

static void put(const char *s)
{
	if (br_write_all(BR_STDOUT, s, len(s)))
		br_exit_group(3);
}

static void num(uint64_t v)
{
	char b[24], *p = b + sizeof b - 1;
	*p = 0;
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	put(p);
}

/* "name: mounted" when path is on another device than "/". */
static void mounted(const char *name, const char *path)
{
	br_stat a, r;
	put(name);
	put(!br_fstatat(BR_AT_FDCWD, path, &a, 0) && !br_fstatat(BR_AT_FDCWD, "/", &r, 0) && a.st_dev != r.st_dev
		    ? ": mounted\n"
		    : ": not mounted\n");
}

int main(int argc, char **argv, char **envp)
{
	if (argv[0][0] == '/' && argv[0][1] == 'b') {
		int sid = -1;
		put("shell: ran, pid ");
		num((uint64_t)br_getpid());
		put(br_getsid(0, &sid) || sid != br_getpid() ? ", no session of its own\n" : ", session leader\n");
		return 0;
	}
	put("argv:");
	for (int i = 0; i < argc; i++) {
		put(" ");
		put(argv[i]);
	}
	put("\npid: ");
	num((uint64_t)br_getpid());
	put("\nenv:");
	for (; *envp; envp++) {
		put(" ");
		put(*envp);
	}
	put("\n");
	mounted("proc", "/proc");
	mounted("sys", "/sys");
	mounted("dev", "/dev");
	mounted("run", "/run");
	br_stat st;
	put(br_fstatat(BR_AT_FDCWD, "/proc/self/stat", &st, 0) ? "proc works: no\n" : "proc works: yes\n");
	put(br_fstatat(BR_AT_FDCWD, "/init", &st, 0) ? "old /init: gone\n" : "old /init: still there\n");
	br_errno e = br_mkdirat(BR_AT_FDCWD, "/ignite-rw-probe", 0700);
	put(e == BR_EROFS ? "root: read-only\n" : "root: writable\n");
	if (!e)
		(void)!br_unlinkat(BR_AT_FDCWD, "/ignite-rw-probe", BR_AT_REMOVEDIR);
	/* The root mount's line of mountinfo: " / / " then the options. */
	static char buf[16384];
	size_t n = 0, got;
	br_owned_fd f BR_AUTOCLOSE = BR_NO_FD;
	if (!br_openat(BR_AT_FDCWD, "/proc/self/mountinfo", BR_O_RDONLY | BR_O_CLOEXEC, 0, &f))
		while (n < sizeof buf - 1 && !br_read(br_borrow(f), buf + n, sizeof buf - 1 - n, &got) && got)
			n += got;
	buf[n] = 0;
	for (char *p = buf; *p;) {
		char *e2 = p;
		while (*e2 && *e2 != '\n')
			e2++;
		char save = *e2;
		*e2 = 0;
		for (char *q = p; q + 5 <= e2; q++)
			if (q[0] == ' ' && q[1] == '/' && q[2] == ' ' && q[3] == '/' && q[4] == ' ') {
				put("root mount:");
				put(q + 4);
				put("\n");
				break;
			}
		*e2 = save;
		p = *e2 ? e2 + 1 : e2;
	}
	return 0;
}
