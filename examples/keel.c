/* SPDX-License-Identifier: MIT */
/* keel: a container init in the manner of tini, and a drop-in for it.
 *
 *   keel [-s] [-g] [-p SIG] [-e CODE]... [-v]... [-w] [-h] [-l] [--] command [args...]
 *   keel --version
 *
 * Runs command as its only direct child, in a process group of its own,
 * forwards every signal it receives to it (-g: to its process group), reaps
 * every zombie that is reparented to it (as PID 1, or as a child subreaper
 * with -s) and exits with the command's exit code, 128+N if it died of
 * signal N, 127 if it was not found and 126 if it could not be executed;
 * a code given with -e becomes 0. KEEL_SUBREAPER, KEEL_KILL_PROCESS_GROUP
 * (set: as -s, -g) and KEEL_VERBOSITY (a number, default 1) are read from
 * the environment, and tini's TINI_* names for the same.
 *
 * Signals: keel blocks them all as its first act and takes them one at a
 * time with rt_sigtimedwait, so no handler ever runs and a signal to a PID 1
 * with no handler is still delivered (the kernel ignores only unblocked
 * ones). Everything keel writes is written with them blocked: a write that
 * fails with EPIPE or EFBIG leaves its SIGPIPE or SIGXFSZ pending instead of
 * killing keel, and the terminal lets a background keel write with TOSTOP
 * set instead of stopping it with SIGTTOU (the kernel sends SIGTTOU/SIGTTIN
 * for terminal I/O only when they are neither blocked nor ignored). Such a
 * signal, raised by the kernel on keel itself for keel's own write (SI_USER
 * with keel's pid), is dropped, never forwarded. SIGCHLD is keel's own;
 * every other catchable signal is forwarded, SIGTSTP included (keel itself
 * never stops, the command does, as with tini). SIGKILL and SIGSTOP cannot
 * be caught.
 *
 * A forwarding that fails other than with ESRCH (EPERM: a set-uid command
 * keel may not signal) is reported once and changes nothing else: after
 * every signal, whatever it was, keel reaps what has exited, so no stream of
 * signals can keep it from seeing its child exit.
 *
 * When keel's group owns the terminal, the child takes it over (as a shell
 * does for a foreground job) so that the command can read it and ^C/^Z
 * reach it; when the child has exited keel gives it back to its own group,
 * so that whoever ran keel (a shell script without job control) is in the
 * foreground again.
 *
 * No allocation and no global state: everything lives in main's frame. */
#include <bedrock/crt.h>
#include <bedrock/fs.h>
#include <bedrock/io.h>
#include <bedrock/parse.h>
#include <bedrock/process.h>
#include <bedrock/string.h>
#include <bedrock/tty.h>

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

#ifndef KEEL_VERSION
#define KEEL_VERSION "unknown"
#endif

/* siginfo's si_code for kill(2) and for what the kernel raises itself for
 * a write (SIGPIPE, SIGXFSZ: send_sig without siginfo). */
#define SI_USER 0

/* Verbosity levels: 0 only fatal errors, 1 (default) warnings, 2 (-v) what
 * was spawned, forwarded and how the command ended, 3 (-vv) every zombie
 * reaped and the first signal dropped. */
#define WARN 1
#define INFO 2
#define DEBUG 3

/* A literal rather than an array: no 32-byte alignment padding around it. */
#define USAGE                                                                               \
	"usage: keel [-s] [-g] [-p SIG] [-e CODE]... [-v]... [-w] [-h] [-l] [--] command [args...]\n" \
	"       keel --version\n"                                                            \
	"runs command, forwards signals to it, reaps zombies\n"                              \
	"  -s       be a subreaper when not PID 1 (or KEEL_SUBREAPER/TINI_SUBREAPER set)\n"  \
	"  -g       signal the child's process group (or KEEL_/TINI_KILL_PROCESS_GROUP set)\n" \
	"  -p SIG   keel receives SIG (SIGKILL, KILL or 9) when its parent dies\n"           \
	"  -e CODE  the command's exit code CODE (0-255) counts as 0; repeatable\n"          \
	"  -v       more output on stderr; repeatable (KEEL_/TINI_VERBOSITY: level, default 1)\n" \
	"  -w       warn when reaping a zombie other than the command\n"                     \
	"  -l       show the license\n"

#define LICENSE "keel is part of bedrock, released under the MIT license (SPDX-License-Identifier: MIT).\n"

/* Signal names 1..31, in order, for -p. */
#define SIGNAMES                                                                                  \
	"HUP\0INT\0QUIT\0ILL\0TRAP\0ABRT\0BUS\0FPE\0KILL\0USR1\0SEGV\0USR2\0PIPE\0ALRM\0TERM\0STKFLT\0" \
	"CHLD\0CONT\0STOP\0TSTP\0TTIN\0TTOU\0URG\0XCPU\0XFSZ\0VTALRM\0PROF\0WINCH\0IO\0PWR\0SYS\0"

/* What the loop needs from the options. */
struct opts {
	int verbosity;
	bool subreaper, group, warn_reap;
	int pdeathsig;
	uint64_t zero_codes[4];
};

/* The decimal value of s, if it is digits only (a '+' before them, as
 * tini's strtol takes) and at most max. */
static bool number(const char *s, uint64_t max, uint64_t *v)
{
	return br_parse_u64(s, br_strlen(s), 10, v) == BR_OK && *v <= max;
}

/* Writes "keel: " and the parts then a newline to stderr, in one writev.
 * Signals are blocked whenever this runs: a dead stderr gives EPIPE and a
 * pending SIGPIPE that the loop drops, and then there is nobody left to
 * tell. (br_eprint would do it in one call, but its formatter makes keel
 * 3.6 KB bigger on x86_64, half as big again, for five numbers.) */
static void say(const char *a, const char *b, const char *c, const char *d)
{
	const char *part[] = { "keel: ", a, b, c, d, "\n" };
	br_iovec iov[6];
	size_t i, n;

	for (i = 0; i < 6; i++)
		iov[i] = (br_iovec){ (void *)part[i], br_strlen(part[i]) };
	br_errno ignored = br_writev(BR_STDERR, iov, 6, &n);

	(void)ignored;
}

/* The decimal text of v (a pid may be negative: a process group) in buf:
 * what say() prints numbers with, instead of br_fmt (see say()). */
static const char *dec(int v, char buf[12])
{
	char *p = buf + 11;
	unsigned u = v < 0 ? -(unsigned)v : (unsigned)v;

	*p = 0;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	return p;
}

/* "keel: <what><arg>[: <errno name>]"; returns 1. */
static int complain(const char *what, const char *arg, br_errno e)
{
	const char *name = br_errno_name(e);

	say(what, arg, e ? ": " : "", e && name ? name : "");
	return 1;
}

/* Writes text to fd; returns the exit code given. One write: the text is
 * far below PIPE_BUF, and with every signal blocked nothing interrupts it. */
static int show(br_fd fd, const char *text, size_t n, int code)
{
	/* As in say(): text that cannot be written changes nothing. */
	br_errno ignored = br_write(fd, text, n, &n);

	(void)ignored;
	return code;
}

/* The signal number of name (SIGTERM, TERM or 15); 0 if none. */
static int signal_number(const char *name)
{
	const char *n = SIGNAMES;
	uint64_t v;
	int sig;

	if (number(name, BR_NSIG, &v))
		return (int)v;
	if (br_strncmp(name, "SIG", 3) == 0)
		name += 3;
	for (sig = 1; *n; sig++, n += br_strlen(n) + 1)
		if (br_strcmp(name, n) == 0)
			return sig;
	return 0;
}

/* Options from the command line (after the environment, so they add to
 * it); returns the index of the command, or -1 - the exit code when keel
 * is to exit at once (help, license, version, a bad option). */
static int parse(int argc, char **argv, struct opts *o)
{
	int i;

	if (argc == 2 && br_strcmp(argv[1], "--version") == 0)
		return -1 - show(BR_STDOUT, "keel " KEEL_VERSION "\n", sizeof "keel " KEEL_VERSION "\n" - 1, 0);
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *f = argv[i] + 1;

		if (f[0] == '-' && !f[1])
			return i + 1;
		for (; *f; f++) {
			const char *arg = f + 1;
			uint64_t v;

			if (*f == 's')
				o->subreaper = true;
			else if (*f == 'g')
				o->group = true;
			else if (*f == 'w')
				o->warn_reap = true;
			else if (*f == 'v')
				o->verbosity++;
			else if (*f == 'h')
				return -1 - show(BR_STDOUT, USAGE, sizeof USAGE - 1, 0);
			else if (*f == 'l')
				return -1 - show(BR_STDOUT, LICENSE, sizeof LICENSE - 1, 0);
			else if (*f != 'p' && *f != 'e')
				return -1 - show(BR_STDERR, USAGE, sizeof USAGE - 1, 1);
			else {
				/* The value is the rest of this word or the next one. */
				if (!*arg) {
					if (++i >= argc)
						return -1 - show(BR_STDERR, USAGE, sizeof USAGE - 1, 1);
					arg = argv[i];
				}
				if (*f == 'p') {
					int sig = signal_number(arg);

					if (sig < 1 || sig > BR_NSIG)
						return -1 - complain("-p: not a signal: ", arg, BR_OK);
					o->pdeathsig = sig;
				} else {
					if (!number(arg, 255, &v))
						return -1 - complain("-e: not an exit code (0-255): ", arg, BR_OK);
					o->zero_codes[v / 64] |= 1ull << (v % 64);
				}
				break;
			}
		}
	}
	return i;
}

/* The environment's settings: KEEL_X, else TINI_X. */
static const char *setting(const char *keel, const char *tini)
{
	const char *v = br_getenv(keel);

	return v ? v : br_getenv(tini);
}

/* execve of argv[0], searched in PATH when it has no '/', as execvp does:
 * ENOENT and ENOTDIR move on to the next directory, EACCES too but is
 * remembered, anything else stops the search. Returns only with the reason. */
static br_errno exec_search(char **argv, char **envp)
{
	const char *cmd = argv[0], *p;
	size_t n = br_strlen(cmd);
	br_errno found = BR_ENOENT;

	if (br_strchr(cmd, '/'))
		return br_execve(cmd, argv, envp);
	if (n == 0)
		return BR_ENOENT;
	p = br_getenv("PATH");
	if (!p)
		p = DEFAULT_PATH;
	for (;;) {
		char path[4096];
		const char *colon = br_strchr(p, ':');
		size_t d = colon ? (size_t)(colon - p) : br_strlen(p);

		/* An empty entry is the current directory; a name that does
		 * not fit cannot exist (ENAMETOOLONG), so it is skipped. */
		if (d + 1 + n < sizeof path) {
			br_errno e;

			/* The entry (up to its colon), a '/' if it is not
			 * empty, and the name: all known to fit. */
			(void)br_strlcpy(path, p, d + 1);
			if (d)
				path[d++] = '/';
			(void)br_strlcpy(path + d, cmd, sizeof path - d);
			e = br_execve(path, argv, envp);
			if (e == BR_EACCES)
				found = e;
			else if (e != BR_ENOENT && e != BR_ENOTDIR)
				return e;
		}
		if (!colon)
			return found;
		p = colon + 1;
	}
}

/* The child, between fork and execve: its own process group (the terminal
 * too, when keel's group has it), keel's original signal mask, then the
 * command. On failure it sends the errno through report (close-on-exec, so
 * keel reads end-of-file when the execve succeeds) and exits 127 or 126. */
BR_NORETURN static void child(char **argv, char **envp, const br_sigset *mask, bool owns_tty, br_fd report)
{
	int self = br_getpid();
	size_t n;
	br_errno e = br_setpgid(0, 0);

	/* SIGTTOU is still blocked here, so this works from the background.
	 * It may fail (the terminal gone): the command runs regardless. */
	if (!e && owns_tty)
		(void)!br_ioctl_tiocspgrp(BR_STDIN, self);
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

/* Reaps every child that has exited (one SIGCHLD may stand for many, or
 * none may have come yet); returns the command's exit code once it is
 * among them, else -1. */
static int reap(int pid, const struct opts *o)
{
	int code = -1, status, reaped;
	char b1[12], b2[12];

	for (;;) {
		br_errno e = br_wait4(-1, &status, BR_WNOHANG, NULL, &reaped);

		if (e == BR_EINTR)
			continue;
		/* ECHILD: none left at all. */
		if (e || reaped == 0)
			return code;
		if (reaped == pid) {
			bool exited = br_wifexited(status);

			code = exited ? br_wexitstatus(status) : 128 + br_wtermsig(status);
			if (o->verbosity >= INFO)
				say("child ", dec(pid, b1), exited ? " exited with " : " killed by signal ",
				    dec(exited ? code : code - 128, b2));
			/* 128+N of a signal above 127 wraps, as an exit code does. */
			code &= 255;
		} else if (o->verbosity >= DEBUG || (o->warn_reap && o->verbosity >= WARN)) {
			say(o->warn_reap ? "warning: reaped zombie " : "reaped ", dec(reaped, b1), "", "");
		}
	}
}

/* Options, the child, then the wait-and-forward loop until the child is gone. */
int main(int argc, char **argv, char **envp)
{
	struct opts o = { WARN, false, false, false, 0, { 0 } };
	br_sigset all = br_sigset_full(), old;
	/* SIG_DFL, no flags, no mask: for SIGCHLD. */
	const br_sigaction dfl = { { BR_SIG_DFL }, 0, { 0 } };
	br_owned_fd reader, writer;
	br_errno e, exec_error;
	int i, pid, self, keel_group, fg, ppid, code = -1;
	bool owns_tty, kill_reported = false, drop_reported = false;
	const char *v;
	uint64_t level;
	char b1[12], b2[12];
	size_t n;

	/* First of all: from here on no write of keel's can kill or stop it. */
	e = br_rt_sigprocmask(BR_SIG_BLOCK, &all, &old);
	if (e)
		return complain("rt_sigprocmask", "", e);

	if (setting("KEEL_SUBREAPER", "TINI_SUBREAPER"))
		o.subreaper = true;
	if (setting("KEEL_KILL_PROCESS_GROUP", "TINI_KILL_PROCESS_GROUP"))
		o.group = true;
	v = setting("KEEL_VERBOSITY", "TINI_VERBOSITY");
	if (v && number(v, 99, &level))
		o.verbosity = (int)level;
	i = parse(argc, argv, &o);
	if (i < 0)
		return -1 - i;
	if (i >= argc)
		return show(BR_STDERR, USAGE, sizeof USAGE - 1, 1);

	/* Parent-death signal. A parent that died before the prctl went
	 * unnoticed by the kernel: then keel sends it itself (tgkill, so that
	 * it is not taken for one keel's own writes raised). */
	if (o.pdeathsig) {
		ppid = br_getppid();
		e = br_prctl_set_pdeathsig(o.pdeathsig);
		if (e)
			return complain("PR_SET_PDEATHSIG", "", e);
		if (br_getppid() != ppid) {
			br_errno ignored = br_tgkill(br_getpid(), br_gettid(), o.pdeathsig);

			(void)ignored;
		}
	}

	/* Not PID 1 and not a subreaper either (no -s, or the kernel said no:
	 * qemu-user 7.2 answers EINVAL): orphans go past keel to some other
	 * reaper. Everything else still works: say so and go on (tini gives
	 * up when -s fails). A subreaper flag keel inherited across execve
	 * (PR_GET_CHILD_SUBREAPER) is as good as -s. */
	self = br_getpid();
	if (self != 1) {
		long r;
		int already = 0;

		e = o.subreaper ? br_prctl_set_child_subreaper(true) : BR_OK;
		if (!o.subreaper &&
		    br_prctl(BR_PR_GET_CHILD_SUBREAPER, (unsigned long)&already, 0, 0, 0, &r) != BR_OK)
			already = 0;
		if ((!o.subreaper || e) && !already && o.verbosity >= WARN)
			complain("warning: not PID 1, orphans will not be reaped: ",
				 o.subreaper ? "PR_SET_CHILD_SUBREAPER" : "use -s", e);
	}

	/* A SIGCHLD that keel's parent left ignored (or SA_NOCLDWAIT) would
	 * make the kernel reap the child itself, and keel would never see it
	 * exit. */
	e = br_rt_sigaction(BR_SIGCHLD, &dfl, NULL);
	if (e)
		return complain("rt_sigaction", "", e);
	/* Both may fail (no terminal, not ours): then there is nothing to
	 * hand over, or to take back. */
	owns_tty = br_getpgid(0, &keel_group) == BR_OK && br_ioctl_tiocgpgrp(BR_STDIN, &fg) == BR_OK &&
		   fg == keel_group;
	e = br_pipe2(BR_O_CLOEXEC, &reader, &writer);
	if (e)
		return complain("pipe2", "", e);
	e = br_fork(&pid);
	if (e)
		return complain("fork", "", e);
	if (pid == 0)
		child(argv + i, envp, &old, owns_tty, br_borrow(writer));
	br_close(&writer);
	if (o.verbosity >= INFO)
		say("spawned ", argv[i], " as ", dec(pid, b1));

	/* End-of-file: the execve succeeded (or the child died before it). */
	do
		e = br_read(br_borrow(reader), &exec_error, sizeof exec_error, &n);
	while (e == BR_EINTR);
	br_close(&reader);
	if (!e && n == sizeof exec_error)
		complain(argv[i], ": cannot execute", exec_error);

	while (code < 0) {
		br_siginfo info;
		int sig;

		e = br_rt_sigtimedwait(&all, &info, NULL, &sig);
		if (e == BR_EINTR)
			continue;
		if (e)
			return complain("rt_sigtimedwait", "", e);
		if (sig == BR_SIGCHLD) {
			/* Reaped below. */
		} else if (info.code == SI_USER && info.u.kill.pid == self) {
			/* The kernel's answer to a write of keel's (EPIPE, EFBIG).
			 * Said once only: saying it is a write that raises the
			 * next one, and would go on for ever. */
			if (o.verbosity >= DEBUG && !drop_reported) {
				drop_reported = true;
				say("dropped signal ", dec(sig, b1),
				    ", raised by keel's own write (further ones are dropped silently)", "");
			}
		} else {
			/* ESRCH: the child (or its whole group) is already gone. */
			int to = o.group ? -pid : pid;

			e = br_kill(to, sig);
			if (e && e != BR_ESRCH && !kill_reported && o.verbosity >= WARN) {
				kill_reported = true;
				say("warning: cannot forward signals: kill ", dec(to, b1), ": ", br_errno_name(e));
			} else if (!e && o.verbosity >= INFO) {
				say("forwarded signal ", dec(sig, b1), " to ", dec(to, b2));
			}
		}
		/* After every signal, not only SIGCHLD: however many others
		 * come first, an exited child is seen. */
		code = reap(pid, &o);
	}

	/* The terminal back to keel's group, if the child took it (and still
	 * has it, or gave it to some group of its own). SIGTTOU is blocked. */
	if (owns_tty && br_ioctl_tiocgpgrp(BR_STDIN, &fg) == BR_OK && fg != keel_group)
		(void)!br_ioctl_tiocspgrp(BR_STDIN, keel_group);
	return (o.zero_codes[code / 64] >> (code % 64)) & 1 ? 0 : code;
}
