/* SPDX-License-Identifier: MIT */
/* process.h: execve, sessions and process groups (against
 * /proc/thread-self/stat) (process_common.h). */
#include "process_common.h"

/* ---- execve ---- */

static char scratch[64];

/* scratch + "/" + name in buf. */
static const char *in_scratch(char *buf, const char *name)
{
	char *p = buf;
	for (const char *s = scratch; *s;)
		*p++ = *s++;
	*p++ = '/';
	while (*name)
		*p++ = *name++;
	*p = 0;
	return buf;
}

/* Creates scratch/name holding text, with the given mode, and closes it
 * (an executable still open for writing would make execve ETXTBSY). */
static bool make_exec_file(const char *name, const char *text, unsigned mode)
{
	char path[128];
	br_owned_fd f BR_AUTOCLOSE = BR_NO_FD;
	if (br_openat(BR_AT_FDCWD, in_scratch(path, name), BR_O_CREAT | BR_O_TRUNC | BR_O_WRONLY | BR_O_CLOEXEC, 0600,
		      &f))
		return false;
	return !br_write_all(br_borrow(f), text, tap_strlen(text)) &&
	       !br_syscall_errno(br_syscall2(BR_SYS_fchmod, f.raw, mode));
}

/* Forks a child that execs path. Returns what its execve failed with, or
 * BR_OK when the exec happened: the child's close-on-exec pipe then closed
 * without a report. *status is its wait status (-1 if not reaped). */
static br_errno exec_child(const char *path, char *const argv[], char *const envp[], int *status)
{
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	int32_t err = -1;
	int pid = -1;

	*status = -1;
	if (br_pipe2(BR_O_CLOEXEC, &r, &w) || br_fork(&pid))
		return BR_EIO;
	if (pid == 0) {
		err = (int32_t)br_execve(path, argv, envp);
		(void)!br_write_all(br_borrow(w), &err, sizeof err);
		br_exit_group(127);
	}
	br_close(&w);
	size_t n = tap_read_full(br_borrow(r), &err, sizeof err);
	*status = tap_reap(pid, 0);
	return n == 0 ? BR_OK : n == sizeof err ? (br_errno)err : BR_EIO;
}

/* execve: the program runs and its exit code comes back; argv and envp
 * reach it; each failure comes back from the call in the child. Under
 * qemu-user the programs are the host's (qemu passes execve through and
 * there is no binfmt_misc to run a foreign one); in the boot tests they are
 * busybox's (tools/boot/run.py). */
static void test_execve(void)
{
	static char *const env_none[] = {0};
	static char *const env_bar[] = {"FOO=bar", 0};
	static char *const env_baz[] = {"FOO=baz", 0};
	static char *const sh_exit7[] = {"sh", "-c", "exit 7", 0};
	static char *const sh_kill[] = {"sh", "-c", "kill -TERM $$", 0};
	static char *const true_argv[] = {"true", 0};
	static char *const sh_args_x[] = {"sh", "-c", "test \"$1\" = x && test \"$FOO\" = bar", "sh", "x", 0};
	static char *const sh_args_y[] = {"sh", "-c", "test \"$1\" = x && test \"$FOO\" = bar", "sh", "y", 0};
	char path[128], num[24];
	int status, fds = tap_open_fds();

	tap_errno(exec_child("/bin/sh", sh_exit7, env_none, &status), BR_OK, "execve /bin/sh -c 'exit 7' happened");
	tap_ok(exited_with(status, 7), "the parent sees exit code 7");
	tap_errno(exec_child("/bin/true", true_argv, env_none, &status), BR_OK, "execve /bin/true happened");
	tap_ok(exited_with(status, 0), "exit code 0");
	tap_errno(exec_child("/bin/sh", sh_kill, env_none, &status), BR_OK, "execve sh -c 'kill -TERM $$'");
	tap_ok(br_wifsignaled(status) && br_wtermsig(status) == BR_SIGTERM,
	       "the exec'd program's death by SIGTERM shows");

	tap_ok(exec_child("/bin/sh", sh_args_x, env_bar, &status) == BR_OK && exited_with(status, 0),
	       "argv $1 = x and envp FOO=bar reach the program: exit 0");
	tap_ok(exec_child("/bin/sh", sh_args_x, env_baz, &status) == BR_OK && exited_with(status, 1),
	       "with FOO=baz the same test fails: exit 1 (envp is what it sees)");
	tap_ok(exec_child("/bin/sh", sh_args_y, env_bar, &status) == BR_OK && exited_with(status, 1),
	       "with $1 = y it fails: exit 1 (argv is what it sees)");
	tap_ok(exec_child("/bin/sh", sh_args_x, env_none, &status) == BR_OK && exited_with(status, 1),
	       "with an empty envp FOO is unset: exit 1 (nothing inherited)");

	tap_errno(exec_child("/nonexistent/bedrock-prog", true_argv, env_none, &status), BR_ENOENT,
		  "execve of a missing path is ENOENT (in the child)");
	tap_ok(exited_with(status, 127), "and the child went on to exit 127");
	tap_errno(exec_child("/", true_argv, env_none, &status), BR_EACCES, "execve of a directory is EACCES");
	tap_errno(exec_child("/bin/sh/x", true_argv, env_none, &status), BR_ENOTDIR,
		  "a path through a regular file is ENOTDIR");
	tap_errno(exec_child((const char *)16, true_argv, env_none, &status), BR_EFAULT, "an unmapped path is EFAULT");

	char *p = scratch;
	for (const char *s = "/tmp/bedrock-exec-"; *s;)
		*p++ = *s++;
	for (const char *s = tap_num((uint64_t)br_getpid(), false, num); *s;)
		*p++ = *s++;
	*p = 0;
	if (br_mkdirat(BR_AT_FDCWD, scratch, 0700)) {
		tap_skip("execve of files without permission or format", "cannot make the scratch directory");
	} else {
		bool made = make_exec_file("noperm", "#!/bin/sh\nexit 0\n", 0644) &&
			    make_exec_file("noformat", "this is not a program\n", 0755) &&
			    make_exec_file("script", "#!/bin/sh\nexit 3\n", 0755);
		if (tap_ok(made, "files: a script without x bits, text with x bits, an executable script")) {
			/* Root too: exec needs at least one x bit. */
			tap_errno(exec_child(in_scratch(path, "noperm"), true_argv, env_none, &status), BR_EACCES,
				  "execve of a file with mode 0644 is EACCES");
			tap_errno(exec_child(in_scratch(path, "noformat"), true_argv, env_none, &status), BR_ENOEXEC,
				  "execve of a text file with no #! is ENOEXEC");
			tap_errno(exec_child(in_scratch(path, "script"), true_argv, env_none, &status), BR_OK,
				  "execve of a #!/bin/sh script happened");
			tap_ok(exited_with(status, 3), "its interpreter ran it: exit 3");
		}
		(void)!br_unlinkat(BR_AT_FDCWD, in_scratch(path, "noperm"), 0);
		(void)!br_unlinkat(BR_AT_FDCWD, in_scratch(path, "noformat"), 0);
		(void)!br_unlinkat(BR_AT_FDCWD, in_scratch(path, "script"), 0);
		tap_errno(br_unlinkat(BR_AT_FDCWD, scratch, BR_AT_REMOVEDIR), BR_OK, "scratch directory removed");
	}
	tap_eq((uint64_t)tap_open_fds(), (uint64_t)fds, "no descriptor leaked in the parent");
}

/* ---- sessions and process groups ---- */

/* Field n (1-based, n >= 4) of the kernel's stat file for us; comm may hold spaces and
 * parentheses, so count from the last ')'. */
static int64_t stat_field(int n)
{
	/* thread-self: the same pgrp and session as /proc/self/stat, which
	 * qemu-user 7.2 synthesizes with 0 in every field but a few. */
	size_t len = tap_slurp("/proc/thread-self/stat", filebuf, sizeof filebuf);
	const char *p = filebuf + len;
	uint64_t v;

	while (p > filebuf && p[-1] != ')')
		p--;
	if (p == filebuf)
		return -1;
	/* After ')': " state f4 f5 ..." */
	for (int f = 2; f < n && *p; p++)
		if (*p == ' ')
			f++;
	return tap_parse_dec(&p, 0, &v) ? (int64_t)v : -1;
}

static int parent_sid, parent_pgid;

/* A forked child leads no group, so setsid succeeds there. */
static void child_setsid(void)
{
	int me = br_getpid(), sid = -1, x = -1;

	tap_c_ok(!br_getpgid(0, &x) && x == parent_pgid && x != me,
	     "(child) a forked child is in its parent's group, which it does not lead");
	tap_c_ok(!br_getsid(0, &x) && x == parent_sid, "(child) and in its parent's session");
	tap_c_errno(br_setsid(&sid), BR_OK, "setsid in a child that leads no group succeeds");
	tap_c_eq((uint64_t)sid, (uint64_t)me, "the new session's id is the child's pid");
	tap_c_ok(!br_getsid(0, &x) && x == me, "getsid(0) == getpid() afterwards");
	tap_c_ok(!br_getpgid(0, &x) && x == me, "and it leads a new process group: getpgid(0) == getpid()");
	tap_c_ok(stat_field(5) == me && stat_field(6) == me, "/proc/thread-self/stat agrees: pgrp and session are its pid");
	tap_c_ok(!br_getsid(br_getppid(), &x) && x == parent_sid, "the parent's session is unchanged");
	sid = 1234;
	tap_c_errno(br_setsid(&sid), BR_EPERM, "setsid again, now a group leader, is EPERM");
	tap_c_eq((uint64_t)(int64_t)sid, (uint64_t)-1, "*sid is -1 on error");
}

/* setpgid(0, 0) makes the caller lead a group; a group leader cannot setsid. */
static void child_setpgid(void)
{
	int me = br_getpid(), x = -1;

	tap_c_errno(br_setpgid(0, 0), BR_OK, "(child) setpgid(0, 0)");
	tap_c_ok(!br_getpgid(0, &x) && x == me, "getpgid(0) == getpid() afterwards");
	tap_c_ok(stat_field(5) == me, "/proc/thread-self/stat field 5 (pgrp) agrees");
	tap_c_ok(!br_getsid(0, &x) && x == parent_sid, "still in the parent's session");
	tap_c_errno(br_setsid(&x), BR_EPERM, "setsid in a process that leads a group is EPERM");
}

static void test_sessions(void)
{
	int x = -1, pid = -1;
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;

	tap_errno(br_getsid(0, &parent_sid), BR_OK, "getsid(0)");
	tap_ok(!br_getsid(br_getpid(), &x) && x == parent_sid, "getsid(getpid()) is the same");
	/* Session 0 is the kernel's first one, which no process leads: PID 1
	 * starts in it, and everything an init that never calls setsid starts
	 * stays in it (the boot tests: tests/boot/init.c, keel). */
	x = -1;
	tap_ok(parent_sid > 0 || (parent_sid == 0 && !br_getsid(1, &x) && x == 0),
	       "the session is a pid, or 0 when it is PID 1's first session, which no process leads");
	tap_eq((uint64_t)stat_field(6), (uint64_t)parent_sid, "and /proc/thread-self/stat field 6 (session)");
	tap_errno(br_getpgid(0, &parent_pgid), BR_OK, "getpgid(0)");
	tap_ok(parent_pgid > 0 && !br_getpgid(br_getpid(), &x) && x == parent_pgid, "getpgid(getpid()) is the same");
	tap_eq((uint64_t)stat_field(5), (uint64_t)parent_pgid, "and /proc/thread-self/stat field 5 (pgrp)");
	x = 1234;
	tap_errno(br_getsid(0x7fffffff, &x), BR_ESRCH, "getsid(INT_MAX) is ESRCH");
	tap_eq((uint64_t)(int64_t)x, (uint64_t)-1, "*sid is -1 on error");
	x = 1234;
	tap_errno(br_getpgid(0x7fffffff, &x), BR_ESRCH, "getpgid(INT_MAX) is ESRCH");
	tap_eq((uint64_t)(int64_t)x, (uint64_t)-1, "*pgid is -1 on error");
	tap_errno(br_getpgid(-1, &x), BR_ESRCH, "getpgid(-1) is ESRCH");

	tap_in_child(child_setsid, "the setsid child ran to its end");
	tap_in_child(child_setpgid, "the setpgid child ran to its end");

	/* The parent moves a live child between groups. */
	if (br_pipe2(BR_O_CLOEXEC, &r, &w) || br_fork(&pid)) {
		tap_ok(false, "fork a child to move between groups");
		return;
	}
	if (pid == 0) {
		char c;
		size_t n;
		br_close(&w);
		(void)!br_read(br_borrow(r), &c, 1, &n);
		br_exit_group(0);
	}
	tap_ok(!br_getpgid(pid, &x) && x == parent_pgid, "getpgid(child): it starts in our group");
	tap_errno(br_setpgid(pid, 0), BR_OK, "setpgid(child, 0)");
	tap_ok(!br_getpgid(pid, &x) && x == pid, "now it leads its own group");
	tap_errno(br_setpgid(pid, parent_pgid), BR_OK, "setpgid(child, our group)");
	tap_ok(!br_getpgid(pid, &x) && x == parent_pgid, "moves it back");
	tap_errno(br_setpgid(pid, 0x7ffffff0), BR_EPERM, "a group that does not exist in our session is EPERM");
	tap_errno(br_setpgid(pid, -1), BR_EINVAL, "a negative pgid is EINVAL");
	br_close(&w);
	tap_ok(exited_with(tap_reap(pid, 0), 0), "the child is reaped");
	tap_errno(br_setpgid(br_getppid(), 0), BR_ESRCH, "setpgid of our parent (not a child) is ESRCH");
	tap_errno(br_setpgid(0x7fffffff, 0), BR_ESRCH, "setpgid(INT_MAX) is ESRCH");
	tap_ok(!br_getpgid(0, &x) && x == parent_pgid, "our own group never changed");

	/* Once a child has exec'd, its group is its own business: EACCES. */
	br_owned_fd er BR_AUTOCLOSE = BR_NO_FD, ew BR_AUTOCLOSE = BR_NO_FD;
	br_close(&r);
	pid = -1;
	if (br_pipe2(BR_O_CLOEXEC, &r, &w) || br_pipe2(BR_O_CLOEXEC, &er, &ew) || br_fork(&pid)) {
		tap_ok(false, "fork a child that execs");
		return;
	}
	if (pid == 0) {
		static char *const argv[] = {"sh", "-c", "read x", 0};
		static char *const envp[] = {0};
		br_owned_fd in = {0};
		/* Its stdin is the pipe; sh's read ends at the parent's close. */
		if (!br_dup2(br_borrow(r), &in))
			(void)!br_execve("/bin/sh", argv, envp);
		(void)!br_write_all(br_borrow(ew), "!", 1);
		br_exit_group(127);
	}
	br_close(&ew);
	char c;
	tap_eq(tap_read_full(br_borrow(er), &c, 1), 0,
	       "the child exec'd sh (its close-on-exec pipe closed, no failure written)");
	tap_errno(br_setpgid(pid, 0), BR_EACCES, "setpgid of a child after its execve is EACCES");
	br_close(&w);
	tap_ok(tap_reap(pid, 0) != -1, "sh reads end of file, exits and is reaped");
}

int main(int argc, char **argv, char **envp)
{
	static void (*const tests[])(void) = {
		test_execve,
		test_sessions,
	};

	(void)argc, (void)argv, (void)envp;
	return process_run(tests, sizeof tests / sizeof tests[0]);
}
