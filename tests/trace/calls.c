/* The program that tests/trace/check.py runs under strace or qemu -strace:
 * it calls every public function of every public header (the wrappers of
 * io.h, fd.h, fs.h, mm.h, rand.h, time.h, signal.h and process.h, the raw
 * stubs of syscall.h, crt.h, errno.h and the pure helpers, which must issue
 * no syscall) once or more, each in a segment of its own, with
 * distinctive arguments (lengths 1001.., offsets 0xN23456789, fd 60..), so
 * that the checker can prove from the trace alone which syscalls each
 * wrapper issued and with which arguments.
 *
 * A segment starts with a marker syscall no wrapper can issue,
 * write(-1, NULL, 7000 + index), which fails (EBADF; EFAULT under qemu,
 * which checks the buffer first) and which both tracers print with its
 * count. Just before the end the program prints the
 * names of its segments, in order, on stdout: the checker finds its
 * expectations by name, so the two files cannot drift apart silently.
 *
 * Built twice: as is, every wrapper is inlined (as users get it); with
 * TRACE_OUT_OF_LINE, every call goes through a pointer to the one
 * out-of-line copy in libbedrock.a (what -O0 address-takers and other
 * languages get), which must issue exactly the same syscalls.
 *
 * Results are not checked here: the trace shows them. Calls that cannot be
 * made harmlessly are made so that they fail (a pid beyond pid_max, a path
 * under a directory that does not exist, a descriptor that is not open).
 *
 * Forked children run segments of their own (setsid, the exits, ...). The
 * segment counter and the list of names live in a MAP_SHARED page, so a
 * child's segments are numbered and named in sequence with the parent's,
 * and the two never run at the same time: qemu -strace writes every call
 * in pieces (the call, " = ", the result) to one log that parent and child
 * share, so two processes issuing calls at once would mix their lines
 * byte by byte. Hence fork_child() below: the only calls that can overlap
 * are the two returns of the clone itself, which check.py takes apart. */
#include <bedrock/bedrock.h>

#ifdef TRACE_OUT_OF_LINE
/* A call through a volatile pointer: the compiler cannot see the target,
 * so it calls the external definition instead of inlining the body. */
#define CALL(f) (*(__typeof__(&f) volatile *)&(__typeof__(&f)){&f})
#else
#define CALL(f) f
#endif

/* Where results go: volatile, so no call is dropped as unused. */
static volatile long sink;
#define USE(x) (sink = (long)(x))

/* The descriptor numbers the checker expects: every long-lived descriptor
 * is moved to a fixed number, since under qemu-user the lowest free number
 * depends on what qemu itself has open. */
enum {
	FD_PIPE_R = 50, /* blocking pipe */
	FD_PIPE_W = 51,
	FD_SMALL_R = 52, /* non-blocking pipe of one page */
	FD_SMALL_W = 53,
	FD_MEM = 60,  /* memfd */
	FD_DUP = 61,  /* dup2/dup3 target */
	FD_ROOT = 62, /* "/" */
};

/* The segment counter and names, and the hand-over flags of fork_child():
 * in a static copy until the first segment maps the shared page. */
struct state {
	int segments;
	int child_ready, child_go; /* fork_child()'s hand-over */
	size_t names_len;
	char names[16384 - 4 * sizeof(int) - sizeof(size_t)];
};
/* check.py expects a mapping of exactly 16 KiB. */
_Static_assert(sizeof(struct state) == 16384, "struct state is not 16 KiB");
static struct state local_state, *shared = &local_state;

static void add_name(const char *s)
{
	/* A truncated list makes the checker fail, never overflows. */
	while (*s && shared->names_len < sizeof shared->names - 1)
		shared->names[shared->names_len++] = *s++;
	if (shared->names_len < sizeof shared->names)
		shared->names[shared->names_len++] = '\n';
}

/* The marker: a write to fd -1 cannot succeed, and no wrapper here is ever
 * called with fd -1 and such a count. */
static void mark(void)
{
	shared->segments++;
	USE(br_syscall3(BR_SYS_write, -1, 0, 7000 + shared->segments));
}

/* Starts the next segment. */
static void seg(const char *name)
{
	add_name(name);
	mark();
}

/* Setup outside any wrapper under test: moves a fresh descriptor to a fixed
 * number (close-on-exec, like everything here) and closes the original. */
static void move_fd(int from, int to)
{
	USE(br_syscall3(BR_SYS_dup3, from, to, BR_O_CLOEXEC));
	USE(br_syscall1(BR_SYS_close, from));
}

static char buf[70001];
static volatile int alarms;
static volatile int children_gone;

static void on_child(int sig)
{
	(void)sig;
	children_gone++;
}

/* Starts the segment name with br_fork, runs child() in the child (it must
 * end in an exit wrapper) and returns the child's pid (-1 if the fork
 * failed) once the child has exited, without any wait: the parent spins on
 * memory, which qemu does not log. The child first spins until the parent
 * is past the clone (so that after the two returns of the clone only one
 * process at a time issues calls), the parent issues the marker of
 * "setup: run the child, wait for its SIGCHLD" and lets the child go, and
 * waits for the SIGCHLD (on_child) that the child's exit sends, so the
 * child's last call is logged before the parent's next one. */
static int fork_child(const char *name, void (*child)(void))
{
	int pid = -1, gone = children_gone;

	__atomic_store_n(&shared->child_ready, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&shared->child_go, 0, __ATOMIC_SEQ_CST);
	seg(name);
	if (CALL(br_fork)(&pid))
		return -1;
	if (pid == 0) {
		__atomic_store_n(&shared->child_ready, 1, __ATOMIC_SEQ_CST);
		while (!__atomic_load_n(&shared->child_go, __ATOMIC_SEQ_CST))
			;
		child();
		br_exit_group(3); /* not reached: child() exits */
	}
	while (!__atomic_load_n(&shared->child_ready, __ATOMIC_SEQ_CST) && children_gone == gone)
		;
	seg("setup: run the child, wait for its SIGCHLD");
	__atomic_store_n(&shared->child_go, 1, __ATOMIC_SEQ_CST);
	while (children_gone == gone)
		;
	return pid;
}

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

/* One iovec array for all vectored calls; only its count varies. */
static br_iovec iov[10];

static void io_calls(void)
{
	br_fd mem = br_fd_from_raw(FD_MEM);
	size_t n;

	seg("br_write");
	USE(CALL(br_write)(mem, buf, 1001, &n));
	seg("br_read");
	USE(CALL(br_read)(mem, buf, 1003, &n));
	seg("br_pwrite");
	USE(CALL(br_pwrite)(mem, buf, 1004, 0x223456789u, &n));
	seg("br_pread");
	USE(CALL(br_pread)(mem, buf, 1005, 0x123456789u, &n));
	seg("br_writev");
	USE(CALL(br_writev)(mem, iov, 3, &n));
	seg("br_readv");
	USE(CALL(br_readv)(mem, iov, 4, &n));
	seg("br_pwritev");
	USE(CALL(br_pwritev)(mem, iov, 5, 0x323456789u, &n));
	seg("br_preadv");
	USE(CALL(br_preadv)(mem, iov, 6, 0x423456789u, &n));
	seg("br_pwritev2");
	USE(CALL(br_pwritev2)(mem, iov, 7, 0x523456789u, BR_RWF_DSYNC, &n));
	seg("br_preadv2");
	USE(CALL(br_preadv2)(mem, iov, 8, 0x623456789u, BR_RWF_NOWAIT, &n));
	/* UINT64_MAX means "the file position": both halves all ones. */
	seg("br_pwritev2 (file position)");
	USE(CALL(br_pwritev2)(mem, iov, 9, UINT64_MAX, BR_RWF_SYNC, &n));
	seg("br_preadv2 (file position)");
	USE(CALL(br_preadv2)(mem, iov, 10, UINT64_MAX, 0, &n));
}

static void fd_calls(void)
{
	br_fd mem = br_fd_from_raw(FD_MEM);
	br_owned_fd o = BR_NO_FD, none = BR_NO_FD, target = br_owned_fd_from_raw(FD_DUP);
	br_owned_fd same = br_owned_fd_from_raw(FD_MEM);
	unsigned flags;

	/* The conversions are pure: no syscall at all. */
	seg("br_borrow");
	USE(CALL(br_borrow)(same).raw);
	seg("br_fd_from_raw");
	USE(CALL(br_fd_from_raw)(1019).raw);
	seg("br_owned_fd_from_raw");
	o = CALL(br_owned_fd_from_raw)(1020);
	USE(o.raw);
	seg("br_owned_fd_into_raw");
	USE(CALL(br_owned_fd_into_raw)(&o));

	seg("br_dup");
	USE(CALL(br_dup)(mem, &o));
	seg("br_close (owned)");
	CALL(br_close)(&o);
	seg("br_close (holds nothing)");
	CALL(br_close)(&none);
	seg("br_dup2");
	USE(CALL(br_dup2)(mem, &target));
	seg("br_dup2 (same fd)");
	USE(CALL(br_dup2)(mem, &same));
	seg("br_dup3");
	USE(CALL(br_dup3)(mem, &target, BR_DUP_CLOEXEC));
	seg("br_close_raw");
	CALL(br_close_raw)(FD_DUP);
	seg("br_fcntl_dupfd_cloexec");
	USE(CALL(br_fcntl_dupfd_cloexec)(mem, 77, &o));
	seg("br_close (fcntl_dupfd_cloexec's)");
	CALL(br_close)(&o);
	seg("br_fcntl_getfd");
	USE(CALL(br_fcntl_getfd)(mem, &flags));
	seg("br_fcntl_setfd");
	USE(CALL(br_fcntl_setfd)(mem, BR_FD_CLOEXEC));
	/* Documented: unknown bits are refused before any syscall. */
	seg("br_fcntl_setfd (unknown flag)");
	USE(CALL(br_fcntl_setfd)(mem, 2));
	seg("br_fcntl_getfl");
	USE(CALL(br_fcntl_getfl)(mem, &flags));
	seg("br_fcntl_setfl");
	USE(CALL(br_fcntl_setfl)(mem, BR_O_NONBLOCK));
	seg("br_ioctl_fioclex");
	USE(CALL(br_ioctl_fioclex)(mem));
	seg("br_ioctl_fionclex");
	USE(CALL(br_ioctl_fionclex)(mem));
	seg("br_ioctl_fionbio");
	USE(CALL(br_ioctl_fionbio)(mem, false));
}

static void pipe_calls(void)
{
	br_fd r = br_fd_from_raw(FD_PIPE_R), w = br_fd_from_raw(FD_PIPE_W);
	br_fd small_w = br_fd_from_raw(FD_SMALL_W);
	uint64_t avail;
	size_t n;

	/* Goes through in one write: exactly one write(2). */
	seg("br_write_all");
	USE(CALL(br_write_all)(w, buf, 1009));
	seg("br_ioctl_fionread");
	USE(CALL(br_ioctl_fionread)(r, &avail));
	seg("br_read (drain the pipe)");
	USE(CALL(br_read)(r, buf, 1009, &n));
	/* A pipe of one page, non-blocking: the first write is short, the loop
	 * writes the rest and stops at EAGAIN. */
	seg("br_write_all (short write, then EAGAIN)");
	USE(CALL(br_write_all)(small_w, buf, 70000));
	seg("setup: drain the small pipe");
	USE(br_syscall3(BR_SYS_read, FD_SMALL_R, (long)buf, sizeof buf));
	seg("br_write_all_partial (short write, then EAGAIN)");
	USE(CALL(br_write_all_partial)(small_w, buf, 70001, &n));
}

static void fs_calls(void)
{
	br_fd mem = br_fd_from_raw(FD_MEM);
	uint64_t pos;
	br_stat st;
	size_t n;
	br_owned_fd o;

	seg("br_openat (O_CREAT, fails)");
	USE(CALL(br_openat)(BR_AT_FDCWD, "/nonexistent-bedrock-trace/f",
			    BR_O_WRONLY | BR_O_CREAT | BR_O_EXCL | BR_O_NOFOLLOW | BR_O_CLOEXEC, 0641, &o));
	seg("br_lseek");
	USE(CALL(br_lseek)(mem, 1013, BR_SEEK_CUR, &pos));
	seg("br_lseek (negative)");
	USE(CALL(br_lseek)(mem, -1014, BR_SEEK_END, &pos));
	seg("br_fstat");
	USE(CALL(br_fstat)(mem, &st));
	seg("br_ftruncate");
	USE(CALL(br_ftruncate)(mem, 0x723456789u));
	seg("br_fsync");
	USE(CALL(br_fsync)(mem));
	seg("br_fdatasync");
	USE(CALL(br_fdatasync)(mem));
	seg("br_mkdirat (fails)");
	USE(CALL(br_mkdirat)(BR_AT_FDCWD, "/nonexistent-bedrock-trace/d", 0751));
	seg("br_unlinkat (fails)");
	USE(CALL(br_unlinkat)(BR_AT_FDCWD, "/nonexistent-bedrock-trace/d", BR_AT_REMOVEDIR));
	seg("br_readlinkat");
	USE(CALL(br_readlinkat)(BR_AT_FDCWD, "/proc/self/exe", buf, 1011, &n));
	seg("br_getdents64");
	USE(CALL(br_getdents64)(br_fd_from_raw(FD_ROOT), buf, 1012, &n));

	struct br_statx stx;
	/* Relative to fd 62 ("/"), so that the dir argument is checked too. */
	seg("br_fstatat (fails)");
	USE(CALL(br_fstatat)(br_fd_from_raw(FD_ROOT), "nonexistent-bedrock-trace/s", &st, BR_AT_SYMLINK_NOFOLLOW));
	seg("br_fstatat (the descriptor itself)");
	USE(CALL(br_fstatat)(mem, "", &st, BR_AT_EMPTY_PATH));
	seg("br_statx (fails)");
	USE(CALL(br_statx)(br_fd_from_raw(FD_ROOT), "nonexistent-bedrock-trace/x", BR_AT_SYMLINK_NOFOLLOW,
			   BR_STATX_TYPE | BR_STATX_INO | BR_STATX_SIZE, &stx));
	seg("br_statx (the descriptor itself)");
	USE(CALL(br_statx)(mem, "", BR_AT_EMPTY_PATH, BR_STATX_BASIC_STATS, &stx));
	/* The calls that change the process or the system, made so that they
	 * fail before changing anything. */
	seg("br_chdir (fails)");
	USE(CALL(br_chdir)("/nonexistent-bedrock-trace/cwd"));
	seg("br_fchdir (not open)");
	USE(CALL(br_fchdir)(br_fd_from_raw(1021)));
	seg("br_chroot (fails)");
	USE(CALL(br_chroot)("/nonexistent-bedrock-trace/root"));
	seg("br_mount (fails)");
	USE(CALL(br_mount)("/nonexistent-bedrock-trace/src", "/nonexistent-bedrock-trace/dst", "bedrock-fs",
			   BR_MS_NOSUID | BR_MS_NODEV | BR_MS_NOEXEC | BR_MS_BIND | BR_MS_REC, "trace-data"));
	seg("br_umount2 (fails)");
	USE(CALL(br_umount2)("/nonexistent-bedrock-trace/dst", BR_MNT_DETACH | BR_UMOUNT_NOFOLLOW));
	seg("br_pivot_root (fails)");
	USE(CALL(br_pivot_root)("/nonexistent-bedrock-trace/new", "/nonexistent-bedrock-trace/old"));
}

static void mm_rand_time_calls(void)
{
	void *a = 0, *b = 0;
	size_t n;
	br_timespec ts, req = {0, 1017};
	br_itimerval zero = {{0, 0}, {0, 0}}, old;

	seg("br_mmap (anonymous)");
	USE(CALL(br_mmap)(0, 3 * 4096, BR_PROT_READ | BR_PROT_WRITE, BR_MAP_PRIVATE | BR_MAP_ANONYMOUS,
			  br_fd_from_raw(-1), 0, &a));
	seg("br_mprotect");
	USE(CALL(br_mprotect)(a, 4096, BR_PROT_READ));
	seg("br_munmap");
	USE(CALL(br_munmap)(a, 3 * 4096));
	/* A 64-bit, page-aligned file offset (past the end: never touched). */
	seg("br_mmap (file)");
	USE(CALL(br_mmap)(0, 2 * 4096, BR_PROT_READ, BR_MAP_SHARED, br_fd_from_raw(FD_MEM), 0x123456000u, &b));
	seg("br_munmap (file)");
	USE(CALL(br_munmap)(b, 2 * 4096));

	seg("br_getrandom");
	USE(CALL(br_getrandom)(buf, 1016, BR_GRND_NONBLOCK, &n));

	seg("br_clock_gettime");
	USE(CALL(br_clock_gettime)(BR_CLOCK_BOOTTIME, &ts));
	seg("br_nanosleep");
	USE(CALL(br_nanosleep)(&req, &ts));
	seg("br_setitimer");
	USE(CALL(br_setitimer)(BR_ITIMER_VIRTUAL, &zero, &old));
}

static void signal_calls(void)
{
	br_sigset s = br_sigset_empty(), usr1 = br_sigset_empty(), both, oldmask, pending;
	br_sigaction ign = {.flags = 0, .mask = br_sigset_empty()}, old, alarm;
	br_siginfo info;
	br_timespec now = {0, 0};
	br_owned_fd sfd = BR_NO_FD;
	int sig;
	size_t n;

	/* The set helpers are pure: no syscall at all. */
	seg("br_sigset_empty");
	s = CALL(br_sigset_empty)();
	seg("br_sigset_full");
	both = CALL(br_sigset_full)();
	seg("br_sigset_add");
	USE(CALL(br_sigset_add)(&usr1, BR_SIGUSR1));
	seg("br_sigset_del");
	USE(CALL(br_sigset_del)(&both, BR_SIGKILL));
	seg("br_sigset_has");
	USE(CALL(br_sigset_has)(both, BR_SIGUSR2));
	both = usr1;
	USE(br_sigset_add(&both, BR_SIGUSR2));
	USE(s.bits);

	ign.handler = BR_SIG_IGN;
	seg("br_rt_sigaction");
	USE(CALL(br_rt_sigaction)(BR_SIGUSR2, &ign, &old));
	seg("br_rt_sigaction (SIGKILL)");
	USE(CALL(br_rt_sigaction)(BR_SIGKILL, &ign, 0));
	seg("br_rt_sigprocmask");
	USE(CALL(br_rt_sigprocmask)(BR_SIG_BLOCK, &usr1, &oldmask));
	seg("br_rt_sigpending");
	USE(CALL(br_rt_sigpending)(&pending));
	seg("br_rt_sigtimedwait");
	USE(CALL(br_rt_sigtimedwait)(&usr1, &info, &now, &sig));
	seg("br_signalfd");
	USE(CALL(br_signalfd)(&usr1, BR_SFD_CLOEXEC | BR_SFD_NONBLOCK, &sfd));
	seg("br_signalfd_set_mask");
	USE(CALL(br_signalfd_set_mask)(br_borrow(sfd), &both));
	seg("br_close (signalfd)");
	CALL(br_close)(&sfd);
	/* Beyond any pid_max (at most 2^22): ESRCH, nobody is signalled. */
	seg("br_tgkill (no such thread)");
	USE(CALL(br_tgkill)(2000000001, 2000000002, BR_SIGUSR1));
	seg("br_rt_sigprocmask (restore)");
	USE(CALL(br_rt_sigprocmask)(BR_SIG_SETMASK, &oldmask, 0));

	/* EINTR must come back after exactly one read: a repeating 50 ms timer
	 * (so that a tick which comes before the read starts cannot leave it
	 * blocked forever) and a handler without SA_RESTART. */
	alarm = (br_sigaction){.flags = 0, .mask = br_sigset_empty()};
	alarm.handler = on_alarm;
	seg("br_rt_sigaction (handler)");
	USE(CALL(br_rt_sigaction)(BR_SIGALRM, &alarm, 0));
	br_itimerval tick = {{0, 50000}, {0, 50000}}, off = {{0, 0}, {0, 0}};
	seg("br_read (EINTR, no retry)");
	USE(br_setitimer(BR_ITIMER_REAL, &tick, 0));
	USE(CALL(br_read)(br_fd_from_raw(FD_PIPE_R), buf, 1018, &n));
	USE(br_setitimer(BR_ITIMER_REAL, &off, 0));
	seg("setup: SIGALRM back to default");
	alarm.handler = BR_SIG_DFL;
	USE(br_rt_sigaction(BR_SIGALRM, &alarm, 0));
}

/* The first child: a session of its own, then prctl, then exit_group. */
static void child_one(void)
{
	int id;

	seg("br_setsid (in the child)");
	USE(CALL(br_setsid)(&id));
	seg("br_getsid (in the child)");
	USE(CALL(br_getsid)(0, &id));
	seg("br_getpgid (in the child)");
	USE(CALL(br_getpgid)(0, &id));
	/* A session leader cannot move to another group: EPERM. */
	seg("br_setpgid (in the child, a session leader)");
	USE(CALL(br_setpgid)(0, 0));
	seg("br_prctl_set_child_subreaper (in the child)");
	USE(CALL(br_prctl_set_child_subreaper)(true));
	seg("br_prctl_set_pdeathsig (in the child)");
	USE(CALL(br_prctl_set_pdeathsig)(BR_SIGUSR2));
	seg("br_prctl_set_name (in the child)");
	USE(CALL(br_prctl_set_name)("bedrock-trc"));
	seg("br_exit_group (in the child)");
	CALL(br_exit_group)(90);
}

static void child_two(void)
{
	seg("br_exit_thread (in the child)");
	CALL(br_exit_thread)(91);
}

static void child_three(void)
{
	seg("br_exit (in the child)");
	CALL(br_exit)(92);
}

static char trace_arg0[] = "trace-argv0", trace_arg1[] = "trace-argv1", trace_env[] = "BEDROCK_TRACE=env";
static char *const trace_argv[] = {trace_arg0, trace_arg1, 0};
static char *const trace_envp[] = {trace_env, 0};

static void fork_calls(void)
{
	br_sigaction act = {.flags = 0, .mask = br_sigset_empty()};
	br_rusage ru;
	br_siginfo info;
	int pid, status = 0, out;

	act.handler = on_child;
	seg("setup: SIGCHLD handler");
	USE(br_rt_sigaction(BR_SIGCHLD, &act, 0));

	pid = fork_child("br_fork", child_one);
	seg("br_wait4");
	USE(CALL(br_wait4)(pid, &status, BR_WUNTRACED | BR_WCONTINUED | BR_WALL, &ru, &out));
	/* The status helpers are pure: no syscall at all. */
	seg("br_wifexited");
	USE(CALL(br_wifexited)(status));
	seg("br_wexitstatus");
	USE(CALL(br_wexitstatus)(status));
	seg("br_wifsignaled");
	USE(CALL(br_wifsignaled)(status));
	seg("br_wtermsig");
	USE(CALL(br_wtermsig)(status));
	seg("br_wifstopped");
	USE(CALL(br_wifstopped)(status));
	seg("br_wstopsig");
	USE(CALL(br_wstopsig)(status));

	/* WNOWAIT leaves the second child a zombie for wait4 to reap. */
	pid = fork_child("br_fork (second child)", child_two);
	seg("br_waitid (WNOWAIT)");
	USE(CALL(br_waitid)(BR_P_PID, pid, &info, BR_WEXITED | BR_WNOWAIT, &ru));
	seg("br_wait4 (any child, WNOHANG)");
	USE(CALL(br_wait4)(-1, 0, BR_WNOHANG, 0, &out));

	USE(fork_child("br_fork (third child)", child_three));
	seg("br_waitid (any child)");
	USE(CALL(br_waitid)(BR_P_ALL, 0, &info, BR_WEXITED, 0));
	seg("br_wait4 (no child left)");
	USE(CALL(br_wait4)(-1, 0, BR_WNOHANG, 0, &out));

	seg("setup: SIGCHLD back to default");
	act.handler = BR_SIG_DFL;
	USE(br_rt_sigaction(BR_SIGCHLD, &act, 0));
}

static void process_calls(void)
{
	br_rlimit lim;
	long r;
	int id;

	seg("br_getpid");
	USE(CALL(br_getpid)());
	seg("br_getppid");
	USE(CALL(br_getppid)());
	seg("br_gettid");
	USE(CALL(br_gettid)());
	seg("br_kill (no such process)");
	USE(CALL(br_kill)(2000000003, BR_SIGTERM));
	seg("br_prlimit64");
	USE(CALL(br_prlimit64)(0, BR_RLIMIT_NOFILE, 0, &lim));
	seg("br_getsid (no such process)");
	USE(CALL(br_getsid)(2000000006, &id));
	seg("br_getpgid (no such process)");
	USE(CALL(br_getpgid)(2000000007, &id));
	seg("br_setpgid (no such process)");
	USE(CALL(br_setpgid)(2000000008, 2000000009));
	/* An option no kernel has: EINVAL, with all five arguments passed. */
	seg("br_prctl (unknown option)");
	USE(CALL(br_prctl)(1000001, 0x1001, 0x1002, 0x1003, 0x1004, &r));
	/* Fails and returns: nothing is replaced. */
	seg("br_execve (no such file)");
	USE(CALL(br_execve)("/nonexistent-bedrock-trace/exe", trace_argv, trace_envp));
	fork_calls();
}

/* The raw stubs of syscall.h, each with a call whose every argument the
 * tracers print, and the other pure functions. */
static void raw_and_pure_calls(void)
{
	seg("br_syscall0");
	USE(CALL(br_syscall0)(BR_SYS_getpid));
	seg("br_syscall1");
	USE(CALL(br_syscall1)(BR_SYS_close, 1101));
	seg("br_syscall2");
	USE(CALL(br_syscall2)(BR_SYS_kill, 2000000010, 0));
	seg("br_syscall3");
	USE(CALL(br_syscall3)(BR_SYS_lseek, FD_MEM, 1102, BR_SEEK_SET));
	seg("br_syscall4");
	USE(CALL(br_syscall4)(BR_SYS_pread64, FD_MEM, (long)buf, 1103, 0x823456789));
	seg("br_syscall5");
	USE(CALL(br_syscall5)(BR_SYS_statx, FD_ROOT, (long)"", BR_AT_EMPTY_PATH, BR_STATX_TYPE | BR_STATX_SIZE,
			      (long)buf));
	seg("br_syscall6");
	USE(CALL(br_syscall6)(BR_SYS_mmap, 0x1104000, 0x2000, BR_PROT_READ, BR_MAP_PRIVATE, 1105, 0x3000));
	seg("br_syscall_errno");
	USE(CALL(br_syscall_errno)(-2));
	seg("br_errno_name");
	USE(CALL(br_errno_name)(BR_ENOENT));
	seg("br_errno_message");
	USE(CALL(br_errno_message)(BR_EPERM));
	/* What crt0 recorded: read from memory, no syscall. */
	seg("br_getauxval");
	USE(CALL(br_getauxval)(BR_AT_PAGESZ));
	seg("br_getenv");
	USE(CALL(br_getenv)("BEDROCK_TRACE_UNSET"));
}

/* ---- string, parse, fmt ---- */
/* string.h and parse.h are pure; br_fmt/br_vfmt too; the printing helpers
 * issue exactly one write of the whole output (and, past 4 KiB, format it
 * in a mapping of its own); the writer writes only when its buffer is full,
 * when a write is larger than the buffer, and when flushed. */
static char text_wbuf[1024];

static size_t text_vfmt(char *b, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t n = CALL(br_vfmt)(b, size, fmt, ap);
	va_end(ap);
	return n;
}

static br_errno text_vfprint(br_fd fd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	br_errno e = CALL(br_vfprint)(fd, fmt, ap);
	va_end(ap);
	return e;
}

static br_errno text_writer_vfmt(br_writer *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	br_errno e = CALL(br_writer_vfmt)(w, fmt, ap);
	va_end(ap);
	return e;
}

static void text_calls(void)
{
	br_fd mem = br_fd_from_raw(FD_MEM);
	char small[64];
	size_t n;
	int64_t i;
	uint64_t u;
	br_writer w;

	seg("br_strlen");
	USE(CALL(br_strlen)("abc"));
	seg("br_strnlen");
	USE(CALL(br_strnlen)("abc", 2));
	seg("br_strcmp");
	USE(CALL(br_strcmp)("abc", "abd"));
	seg("br_strncmp");
	USE(CALL(br_strncmp)("abc", "abd", 2));
	seg("br_memchr");
	USE(CALL(br_memchr)("abc", 'c', 3));
	seg("br_memrchr");
	USE(CALL(br_memrchr)("abc", 'a', 3));
	seg("br_strchr");
	USE(CALL(br_strchr)("abc", 'b'));
	seg("br_strrchr");
	USE(CALL(br_strrchr)("abcb", 'b'));
	seg("br_strstr");
	USE(CALL(br_strstr)("abcabd", "abd"));
	seg("br_memmem");
	USE(CALL(br_memmem)("abcabd", 6, "bd", 2));
	seg("br_strlcpy");
	USE(CALL(br_strlcpy)(small, "abcdef", 4));
	seg("br_strlcat");
	USE(CALL(br_strlcat)(small, "xyz", sizeof small));
	seg("br_strcopy");
	USE(CALL(br_strcopy)(small, 4, "abcdef", &n));
	seg("br_strappend");
	USE(CALL(br_strappend)(small, sizeof small, "xyz", &n));
	seg("br_parse_i64");
	USE(CALL(br_parse_i64)("-1234", 5, 10, &i));
	seg("br_parse_u64");
	USE(CALL(br_parse_u64)("0x1234", 6, 0, &u));
	seg("br_fmt");
	USE(CALL(br_fmt)(small, sizeof small, "%d %s %p %x", 1234, "abc", (void *)small, 77u));
	seg("br_vfmt");
	USE(text_vfmt(small, sizeof small, "%-10d|%5s", -5, "ab"));
	seg("br_fprint");
	USE(CALL(br_fprint)(mem, "%1011d", 7));
	seg("br_fprint (over 4 KiB: formatted in a mapping)");
	USE(CALL(br_fprint)(mem, "%5012d", 8));
	seg("br_vfprint");
	USE(text_vfprint(mem, "%1013s", "x"));
	seg("setup: stdout and stderr to the memfd (saved at 63, 64)");
	USE(br_syscall3(BR_SYS_dup3, 1, 63, BR_O_CLOEXEC));
	USE(br_syscall3(BR_SYS_dup3, 2, 64, BR_O_CLOEXEC));
	USE(br_syscall3(BR_SYS_dup3, FD_MEM, 1, 0));
	USE(br_syscall3(BR_SYS_dup3, FD_MEM, 2, 0));
	seg("br_print");
	USE(CALL(br_print)("%1014d", 9));
	seg("br_eprint");
	USE(CALL(br_eprint)("%1015d", 10));
	seg("setup: stdout and stderr back");
	USE(br_syscall3(BR_SYS_dup3, 63, 1, 0));
	USE(br_syscall3(BR_SYS_dup3, 64, 2, 0));
	USE(br_syscall1(BR_SYS_close, 63));
	USE(br_syscall1(BR_SYS_close, 64));
	seg("br_writer_init");
	CALL(br_writer_init)(&w, mem, text_wbuf, sizeof text_wbuf);
	seg("br_writer_write (buffered)");
	USE(CALL(br_writer_write)(&w, buf, 1000));
	seg("br_writer_write (fills the buffer)");
	USE(CALL(br_writer_write)(&w, buf, 1016));
	seg("br_writer_fmt (buffered)");
	USE(CALL(br_writer_fmt)(&w, "%17d", 11));
	seg("br_writer_write (larger than the buffer: straight through)");
	USE(CALL(br_writer_write)(&w, buf, 1100));
	seg("br_writer_vfmt (longer than the buffer)");
	USE(text_writer_vfmt(&w, "%2100d", 12));
	seg("br_writer_flush");
	USE(CALL(br_writer_flush)(&w));
	seg("br_writer_flush (nothing buffered)");
	USE(CALL(br_writer_flush)(&w));
}
/* ---- end string, parse, fmt ---- */

int main(int argc, char **argv, char **envp)
{
	br_owned_fd o = BR_NO_FD, r = BR_NO_FD, w = BR_NO_FD;
	(void)argc, (void)argv, (void)envp;

	/* The segment list moves to a page that forked children share. */
	seg("setup: a shared page for the segment list");
	long page = br_syscall6(BR_SYS_mmap, 0, sizeof(struct state), BR_PROT_READ | BR_PROT_WRITE,
				BR_MAP_SHARED | BR_MAP_ANONYMOUS, -1, 0);
	if (!br_syscall_errno(page)) {
		*(struct state *)page = local_state;
		shared = (struct state *)page;
	}

	for (size_t i = 0; i < sizeof iov / sizeof iov[0]; i++)
		iov[i] = (br_iovec){buf + 100 * i, 10 + i};

	/* The descriptor factories first: everything after uses their fds. */
	seg("br_memfd_create");
	USE(CALL(br_memfd_create)("bedrock-trace", BR_MFD_CLOEXEC | BR_MFD_ALLOW_SEALING, &o));
	seg("setup: memfd to fd 60");
	move_fd(o.raw, FD_MEM);
	seg("br_pipe2");
	USE(CALL(br_pipe2)(BR_O_CLOEXEC, &r, &w));
	seg("setup: pipe to fds 50, 51");
	move_fd(r.raw, FD_PIPE_R);
	move_fd(w.raw, FD_PIPE_W);
	seg("br_pipe2 (non-blocking)");
	USE(CALL(br_pipe2)(BR_O_CLOEXEC | BR_O_NONBLOCK, &r, &w));
	seg("setup: pipe to fds 52, 53 of one page");
	move_fd(r.raw, FD_SMALL_R);
	move_fd(w.raw, FD_SMALL_W);
	USE(br_syscall3(BR_SYS_fcntl, FD_SMALL_W, 1031 /* F_SETPIPE_SZ */, 4096));
	seg("br_openat");
	USE(CALL(br_openat)(BR_AT_FDCWD, "/", BR_O_RDONLY | BR_O_DIRECTORY | BR_O_CLOEXEC, 0, &o));
	seg("setup: / to fd 62");
	move_fd(o.raw, FD_ROOT);

	io_calls();
	fd_calls();
	pipe_calls();
	fs_calls();
	mm_rand_time_calls();
	signal_calls();
	process_calls();
	raw_and_pure_calls();
	text_calls(); /* string, parse, fmt */

	seg("setup: close everything");
	for (int fd = FD_PIPE_R; fd <= FD_SMALL_W; fd++)
		br_close_raw(fd);
	br_close_raw(FD_MEM);
	br_close_raw(FD_ROOT);

	/* The names go out in one segment of their own, which the checker
	 * skips; the last segment is the exit. */
	add_name("report");
	add_name("br_exit_group");
	mark();
	if (br_write_all(BR_STDOUT, shared->names, shared->names_len))
		CALL(br_exit_group)(2);
	mark();
	CALL(br_exit_group)(0);
	return 1; /* not reached */
}
