/* keel: a container init in the manner of tini.
 *
 *   keel [-s] [-g] [-h] [--] command [args...]
 *
 * Runs command as its only direct child, in a process group of its own,
 * forwards every signal it receives to it (-g: to its process group), reaps
 * every zombie that is reparented to it (as PID 1, or as a child subreaper
 * with -s) and exits with the command's exit code, 128+N if it died of
 * signal N, 127 if it was not found and 126 if it could not be executed.
 *
 * Signals: keel blocks them all and takes them one at a time with
 * rt_sigtimedwait, so no handler ever runs and a signal to a PID 1 with no
 * handler is still delivered (the kernel ignores only unblocked ones).
 * SIGCHLD is keel's own; every other catchable signal is forwarded,
 * SIGTSTP included (keel itself never stops, the command does, as with
 * tini). SIGTTIN and SIGTTOU are blocked too, so the kernel never sends them
 * to keel for its own terminal I/O (it lets the write through, or fails
 * the read, when they are blocked); one that arrives was sent on purpose
 * and is forwarded like the rest. SIGKILL and SIGSTOP cannot be caught.
 *
 * When keel's group owns the terminal, the child takes it over (as a shell
 * does for a foreground job) so that the command can read it and ^C/^Z
 * reach it.
 *
 * No allocation and no global state: everything lives in main's frame. */
#include <bedrock/crt.h>
#include <bedrock/fs.h>
#include <bedrock/io.h>
#include <bedrock/process.h>

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* ioctl requests (asm-generic/ioctls.h, the same on all three architectures). */
#define TIOCGPGRP 0x540f
#define TIOCSPGRP 0x5410

/* A literal rather than an array: no 32-byte alignment padding around it. */
#define USAGE                                                  \
	"usage: keel [-s] [-g] [-h] [--] command [args...]\n"  \
	"runs command, forwards signals to it, reaps zombies\n" \
	"  -s  be a subreaper when not PID 1\n"                 \
	"  -g  signal the child's process group\n"

/* The length of a NUL-terminated string. */
static size_t len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* Writes "keel: <what><arg>[: <errno name>]\n" to stderr; returns 1, keel's own failure code. */
static int complain(const char *what, const char *arg, br_errno e)
{
	const char *name = br_errno_name(e);
	const char *part[] = { "keel: ", what, arg, e ? ": " : "", e && name ? name : "", "\n" };
	br_iovec iov[6];
	size_t i, n;

	for (i = 0; i < 6; i++)
		iov[i] = (br_iovec){ (void *)part[i], len(part[i]) };
	/* If stderr fails too there is nobody left to tell. */
	br_errno ignored = br_writev(BR_STDERR, iov, 6, &n);

	(void)ignored;
	return 1;
}

/* Prints the usage to fd; returns the exit code given. One write: the
 * text is far below PIPE_BUF, and with no handler installed nothing can
 * interrupt it. */
static int show_usage(br_fd fd, int code)
{
	size_t n;
	/* As in complain(): a usage that cannot be written changes nothing. */
	br_errno ignored = br_write(fd, USAGE, sizeof USAGE - 1, &n);

	(void)ignored;
	return code;
}

/* execve of argv[0], searched in PATH when it has no '/', as execvp does:
 * ENOENT and ENOTDIR move on to the next directory, EACCES too but is
 * remembered, anything else stops the search. Returns only with the reason. */
static br_errno exec_search(char **argv, char **envp)
{
	const char *cmd = argv[0], *p;
	size_t n = len(cmd);
	br_errno found = BR_ENOENT;

	for (p = cmd; *p; p++)
		if (*p == '/')
			return br_execve(cmd, argv, envp);
	if (n == 0)
		return BR_ENOENT;
	p = br_getenv("PATH");
	if (!p)
		p = DEFAULT_PATH;
	for (;;) {
		char path[4096];
		size_t d = 0;

		for (; *p && *p != ':'; p++)
			if (d < sizeof path)
				path[d++] = *p;
		/* An empty entry is the current directory; a name that does
		 * not fit cannot exist (ENAMETOOLONG), so it is skipped. */
		if (d + 1 + n < sizeof path) {
			br_errno e;
			size_t i;

			if (d)
				path[d++] = '/';
			for (i = 0; i <= n; i++)
				path[d + i] = cmd[i];
			e = br_execve(path, argv, envp);
			if (e == BR_EACCES)
				found = e;
			else if (e != BR_ENOENT && e != BR_ENOTDIR)
				return e;
		}
		if (!*p++)
			return found;
	}
}

/* The child, between fork and execve: its own process group (the terminal
 * too, when keel's group has it), keel's original signal mask, then the
 * command. On failure it sends the errno through report (close-on-exec, so
 * keel reads end-of-file when the execve succeeds) and exits 127 or 126. */
BR_NORETURN static void child(char **argv, char **envp, const br_sigset *mask, br_fd report)
{
	int keel_group, fg, self = br_getpid();
	size_t n;
	/* Both ioctls may fail (no terminal, not ours): then there is nothing
	 * to hand over, and the command runs regardless. */
	bool owns_tty = br_getpgid(0, &keel_group) == BR_OK &&
			br_syscall3(BR_SYS_ioctl, 0, TIOCGPGRP, (long)&fg) == 0 && fg == keel_group;
	br_errno e = br_setpgid(0, 0);

	/* SIGTTOU is still blocked here, so this works from the background. */
	if (!e && owns_tty)
		(void)br_syscall3(BR_SYS_ioctl, 0, TIOCSPGRP, (long)&self);
	if (!e)
		e = br_rt_sigprocmask(BR_SIG_SETMASK, mask, NULL);
	if (!e)
		e = exec_search(argv, envp);
	/* Should the write fail, keel sees end-of-file and has only the exit
	 * code, which still tells 127 from 126. */
	br_errno ignored = br_write(report, &e, sizeof e, &n);

	(void)ignored;
	br_exit_group(e == BR_ENOENT ? 127 : 126);
}

/* Options, the child, then the wait-and-forward loop until the child is gone. */
int main(int argc, char **argv, char **envp)
{
	bool subreaper = false, group = false;
	br_sigset all = br_sigset_full(), old;
	/* The kernel's struct sigaction, all zero: SIG_DFL, no flags, no mask
	 * (32 bytes covers every architecture's layout). The default action
	 * needs no return trampoline, so the bare syscall does. */
	const uint64_t dfl[4] = { 0 };
	br_owned_fd reader, writer;
	br_errno e, exec_error;
	int i, pid, code = -1;
	size_t n;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *f = argv[i] + 1;

		if (f[0] == '-' && !f[1]) {
			i++;
			break;
		}
		for (; *f; f++) {
			if (*f == 's')
				subreaper = true;
			else if (*f == 'g')
				group = true;
			else if (*f == 'h')
				return show_usage(BR_STDOUT, 0);
			else
				return show_usage(BR_STDERR, 1);
		}
	}
	if (i >= argc)
		return show_usage(BR_STDERR, 1);

	/* Not PID 1 and not a subreaper either (no -s, or the kernel said no:
	 * qemu-user 7.2 answers EINVAL): orphans go past keel to some other
	 * reaper. Everything else still works: say so and go on, as tini does
	 * when it is neither (tini gives up when -s fails). */
	if (br_getpid() != 1) {
		e = subreaper ? br_prctl_set_child_subreaper(true) : BR_OK;
		if (!subreaper || e)
			complain("warning: not PID 1, orphans will not be reaped: ",
				 subreaper ? "PR_SET_CHILD_SUBREAPER" : "use -s", e);
	}

	/* A SIGCHLD that keel's parent left ignored (or SA_NOCLDWAIT) would
	 * make the kernel reap the child itself, and keel would never see it
	 * exit. Blocked before the fork, every signal waits for the loop. */
	e = br_syscall_errno(br_syscall4(BR_SYS_rt_sigaction, BR_SIGCHLD, (long)dfl, 0, sizeof(br_sigset)));
	if (!e)
		e = br_rt_sigprocmask(BR_SIG_BLOCK, &all, &old);
	if (e)
		return complain("signals", "", e);
	e = br_pipe2(BR_O_CLOEXEC, &reader, &writer);
	if (e)
		return complain("pipe2", "", e);
	e = br_fork(&pid);
	if (e)
		return complain("fork", "", e);
	if (pid == 0)
		child(argv + i, envp, &old, br_borrow(writer));
	br_close(&writer);

	/* End-of-file: the execve succeeded (or the child died before it). */
	do
		e = br_read(br_borrow(reader), &exec_error, sizeof exec_error, &n);
	while (e == BR_EINTR);
	br_close(&reader);
	if (!e && n == sizeof exec_error)
		complain(argv[i], ": cannot execute", exec_error);

	for (;;) {
		int sig, status, reaped;

		e = br_rt_sigtimedwait(&all, NULL, NULL, &sig);
		if (e == BR_EINTR)
			continue;
		if (e)
			return complain("rt_sigtimedwait", "", e);
		if (sig != BR_SIGCHLD) {
			/* ESRCH: the child (or its whole group) is already gone. */
			e = br_kill(group ? -pid : pid, sig);
			if (e && e != BR_ESRCH)
				complain("kill", "", e);
			continue;
		}
		/* One SIGCHLD may stand for many exits: reap all that are ready
		 * (ECHILD: none left at all), the command's status last seen. */
		for (;;) {
			e = br_wait4(-1, &status, BR_WNOHANG, NULL, &reaped);
			if (e == BR_EINTR)
				continue;
			if (e || reaped == 0)
				break;
			if (reaped == pid)
				code = br_wifexited(status) ? br_wexitstatus(status) : 128 + br_wtermsig(status);
		}
		if (code >= 0)
			return code;
	}
}
