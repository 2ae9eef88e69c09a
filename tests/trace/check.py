#!/usr/bin/env python3
"""Proves from a syscall trace that every public bedrock wrapper issues
exactly the syscalls its documentation names, with the documented arguments.

    check.py ARCH TRACER[,TRACER...] PROGRAM...

A TRACER is strace or qemu-<arch> (run with -strace -D file); "none" when
the build found neither, which skips the test. Each PROGRAM is a build of
calls.c (trace-calls: wrappers inlined; trace-calls-ool: their out-of-line
copies). Every program runs under every tracer; the trace is cut into
segments at the markers write(-1, NULL, 7000 + i), and each segment must be
exactly the calls expectations() lists under the segment's name (the
program prints the names). Output: TAP, one point per segment, that is per
wrapper call, per program and tracer.

What a tracer does not print (qemu 7.2 prints preadv2/pwritev2 as a bare
"Unknown syscall N", strace's table gives preadv/pwritev four arguments on
64-bit, ...) is listed once per tracer as a TAP comment, so that nothing
unseen passes silently.

Forked children (br_fork and the exits) run segments of their own: strace
follows them (-ff, one file per process) and qemu logs them with their pid
in the same file. The trace is cut per process, each call belonging to its
own process's last marker; segments named "... (in the child...)" must come
from a process other than the first, every other one from the first.
calls.c never lets two processes issue calls at the same time, except the
clone's two returns, which qemu logs as two " = N" pieces after the one
clone line, in either order (see parse_trace); any other piece of a line
that does not parse fails the trace.

Finally every public function of every header (include/bedrock/*.h and the
architecture's arch/ARCH/include/bedrock/arch/ARCH/*.h) must have a segment: one added
without one fails the suite. A pure function gets a segment that expects
no syscall; ALLOWLIST is for what cannot be called at all.
"""
import errno
import os
import re
import subprocess
import sys
import tempfile

MASK64 = (1 << 64) - 1
MARK_BASE = 7000
ERESTARTSYS = 512  # kernel-internal: what strace shows for a read a signal interrupted


# ---------------------------------------------------------------- expectations
class Bind:
    """The first time: remember the value under name (a kernel-chosen fd or
    address), optionally checking it with pred; afterwards: must be equal."""

    def __init__(self, name, pred=None, what=None):
        self.name, self.pred, self.what = name, pred, what

    def __repr__(self):
        return "$" + self.name + (" (" + self.what + ")" if self.what else "")


class Expr:
    """A value computed from earlier bindings (env: name -> int)."""

    def __init__(self, fn, text):
        self.fn, self.text = fn, text

    def __repr__(self):
        return self.text


class Path:
    """A string argument: compared where the tracer prints the string (qemu);
    strace runs raw, where it is an address and not checked."""

    def __init__(self, s):
        self.s = s

    def __repr__(self):
        return '"%s"' % self.s


class Has:
    """A decoded struct must contain (or, with absent=True, must not contain)
    text; an undecoded pointer cannot be checked."""

    def __init__(self, text, absent=False):
        self.text, self.absent = text, absent

    def __repr__(self):
        return ("{no %s}" if self.absent else "{%s}") % self.text


class Strs:
    """A NULL-terminated array of strings (execve's argv, envp): compared
    where the tracer prints the strings (strace ["a", "b"], qemu
    {"a","b",NULL}); an address otherwise."""

    def __init__(self, *strings):
        self.strings = list(strings)

    def __repr__(self):
        return "[%s]" % ", ".join('"%s"' % x for x in self.strings)


class C:
    """One expected syscall: name, positional argument specs (None: any; int:
    that value as a 64-bit register; or one of the classes above), the
    result (ret: value or Bind; err: errno name or tuple of names), rep:
    None (exactly once), '*' (any number of times) or '+' (at least once),
    and note: what the tracer cannot show when this call matches."""

    def __init__(self, name, *args, ret=None, err=None, rep=None, note=None):
        self.name, self.args, self.ret, self.rep, self.note = name, args, ret, rep, note
        self.err = (err,) if isinstance(err, str) else err

    def __repr__(self):
        def show(a):
            if a is None:
                return "*"
            if isinstance(a, int):
                return hex(a) if a > 4096 else str(a)
            return repr(a)

        s = "%s(%s)" % (self.name, ", ".join(show(a) for a in self.args))
        if self.err:
            s += " = -1 " + "|".join(self.err)
        elif self.ret is not None:
            s += " = " + show(self.ret)
        return s + (self.rep or "")


def expectations(arch, kind=None):
    """The expected calls of every segment, by the segment's name (under
    tracer kind "strace" or "qemu", where the two differ)."""
    generic = arch != "x86_64"
    # Open flags that differ per architecture (arm64 has its own).
    if arch == "aarch64":
        O_DIRECTORY, O_NOFOLLOW = 0o40000, 0o100000
    else:
        O_DIRECTORY, O_NOFOLLOW = 0o200000, 0o400000
    O_WRONLY, O_CREAT, O_EXCL = 0o1, 0o100, 0o200
    O_NONBLOCK, O_CLOEXEC = 0o4000, 0o2000000
    AT_FDCWD, AT_REMOVEDIR = -100, 0x200
    F_GETFD, F_SETFD, F_GETFL, F_SETFL, F_DUPFD_CLOEXEC, F_SETPIPE_SZ = 1, 2, 3, 4, 1030, 1031
    FIONREAD, FIONBIO, FIONCLEX, FIOCLEX = 0x541B, 0x5421, 0x5450, 0x5451
    SIGKILL, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM, SIGCHLD = 9, 10, 12, 14, 15, 17
    AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH = 0x100, 0x1000
    WNOHANG, WUNTRACED, WEXITED, WCONTINUED, WNOWAIT, WALL = 1, 2, 4, 8, 0x1000000, 0x40000000
    P_ALL, P_PID = 0, 1
    PR_SET_PDEATHSIG, PR_SET_NAME, PR_SET_CHILD_SUBREAPER = 1, 15, 36
    STATX_TYPE, STATX_INO, STATX_SIZE, STATX_BASIC_STATS = 0x1, 0x100, 0x200, 0x7FF
    MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_BIND, MS_REC = 2, 4, 8, 0x1000, 0x4000
    MNT_DETACH, UMOUNT_NOFOLLOW = 2, 8
    NOPE = "/nonexistent-bedrock-trace/"
    SIGSET = 8  # sizeof(br_sigset), the kernel's sigsetsize
    # bedrock installs its own sa_restorer where the architecture has one.
    restorer = Has("SA_RESTORER", absent=(arch == "riscv64"))

    def move_fd(name, to):
        # calls.c's move_fd: a kernel-chosen descriptor to a fixed number.
        return [C("dup3", Bind(name), to, O_CLOEXEC, ret=to), C("close", Bind(name), ret=0)]

    def fork(child):
        # br_fork: clone with SIGCHLD as the exit signal and every other
        # argument 0, which makes the per-architecture argument order moot.
        return [C("clone", SIGCHLD, 0, 0, 0, 0, ret=Bind(child, lambda pid: pid > 0, "> 0"))]

    # calls.c's fork_child() lets the child run and spins until its exit's
    # SIGCHLD: the handler's return is the one call.
    run_child = [C("rt_sigreturn")]

    def short_write(fd, total):
        # br_write_all's loop: one write that the one-page pipe cuts short,
        # then the rest from where it stopped, which fails with EAGAIN.
        return [
            C("write", fd, Bind("p%d" % total), total,
              ret=Bind("n%d" % total, lambda n: 0 < n < total, "0 < n < %d" % total)),
            C("write", fd, Expr(lambda e: e["p%d" % total] + e["n%d" % total], "$p + $n"),
              Expr(lambda e: total - e["n%d" % total], "%d - $n" % total), err="EAGAIN"),
        ]

    E = {
        # Before main: bedrock's start-up issues nothing (strace shows execve).
        "start-up": [C("execve", rep="*")],
        # MAP_SHARED|MAP_ANONYMOUS, read and write: calls.c's segment list.
        "setup: a shared page for the segment list": [C("mmap", 0, 16384, 3, 0x21, -1, 0, ret=Bind("shared"))],

        "br_memfd_create": [C("memfd_create", Path("bedrock-trace"), 3, ret=Bind("memfd"))],
        "setup: memfd to fd 60": move_fd("memfd", 60),
        "br_pipe2": [C("pipe2", None, O_CLOEXEC, ret=0)],
        "setup: pipe to fds 50, 51": move_fd("r", 50) + move_fd("w", 51),
        "br_pipe2 (non-blocking)": [C("pipe2", None, O_CLOEXEC | O_NONBLOCK, ret=0)],
        "setup: pipe to fds 52, 53 of one page": move_fd("sr", 52) + move_fd("sw", 53) + [
            C("fcntl", 53, F_SETPIPE_SZ, 4096)],
        "br_openat": [C("openat", AT_FDCWD, Path("/"), O_DIRECTORY | O_CLOEXEC, ret=Bind("root"))],
        "setup: / to fd 62": move_fd("root", 62),

        # io.h: counts 1001.., iovec counts 3..10, offsets 0xN23456789. The
        # preadv family passes the offset as pos_l (the whole 64-bit offset)
        # and pos_h (offset >> 32).
        "br_write": [C("write", 60, None, 1001, ret=1001)],
        "br_read": [C("read", 60, None, 1003, ret=0)],
        "br_pwrite": [C("pwrite64", 60, None, 1004, 0x223456789, ret=1004)],
        "br_pread": [C("pread64", 60, None, 1005, 0x123456789, ret=1005)],
        "br_writev": [C("writev", 60, None, 3, ret=10 + 11 + 12)],
        "br_readv": [C("readv", 60, None, 4, ret=10 + 11 + 12 + 13)],
        "br_pwritev": [C("pwritev", 60, None, 5, 0x323456789, 3, ret=60)],
        "br_preadv": [C("preadv", 60, None, 6, 0x423456789, 4)],
        "br_pwritev2": [C("pwritev2", 60, None, 7, 0x523456789, 5, 0x02)],  # RWF_DSYNC
        "br_preadv2": [C("preadv2", 60, None, 8, 0x623456789, 6, 0x08)],  # RWF_NOWAIT
        "br_pwritev2 (file position)": [C("pwritev2", 60, None, 9, MASK64, 0xFFFFFFFF, 0x04)],
        "br_preadv2 (file position)": [C("preadv2", 60, None, 10, MASK64, 0xFFFFFFFF, 0)],

        # fd.h: the conversions are pure.
        "br_borrow": [],
        "br_fd_from_raw": [],
        "br_owned_fd_from_raw": [],
        "br_owned_fd_into_raw": [],
        "br_dup": [C("dup", 60, ret=Bind("dup"))],
        "br_close (owned)": [C("close", Bind("dup"), ret=0)],
        "br_close (holds nothing)": [],
        # The generic table has no dup2: dup3(old, new, 0), and for old == new
        # only the check that old is open, fcntl(F_GETFD).
        "br_dup2": [C("dup3", 60, 61, 0, ret=61)] if generic else [C("dup2", 60, 61, ret=61)],
        "br_dup2 (same fd)": [C("fcntl", 60, F_GETFD)] if generic else [C("dup2", 60, 60, ret=60)],
        "br_dup3": [C("dup3", 60, 61, O_CLOEXEC, ret=61)],
        "br_close_raw": [C("close", 61, ret=0)],
        "br_fcntl_dupfd_cloexec": [C("fcntl", 60, F_DUPFD_CLOEXEC, 77,
                                     ret=Bind("dupfd", lambda fd: fd >= 77, ">= 77"))],
        "br_close (fcntl_dupfd_cloexec's)": [C("close", Bind("dupfd"), ret=0)],
        "br_fcntl_getfd": [C("fcntl", 60, F_GETFD, ret=1)],
        "br_fcntl_setfd": [C("fcntl", 60, F_SETFD, 1, ret=0)],
        # Documented: unknown flag bits are refused without a syscall.
        "br_fcntl_setfd (unknown flag)": [],
        "br_fcntl_getfl": [C("fcntl", 60, F_GETFL)],
        "br_fcntl_setfl": [C("fcntl", 60, F_SETFL, O_NONBLOCK, ret=0)],
        "br_ioctl_fioclex": [C("ioctl", 60, FIOCLEX, 0, ret=0)],
        "br_ioctl_fionclex": [C("ioctl", 60, FIONCLEX, 0, ret=0)],
        "br_ioctl_fionbio": [C("ioctl", 60, FIONBIO, None, ret=0)],

        # The one helper that loops, and only when a write is short.
        "br_write_all": [C("write", 51, None, 1009, ret=1009)],
        "br_ioctl_fionread": [C("ioctl", 50, FIONREAD, None, ret=0)],
        "br_read (drain the pipe)": [C("read", 50, None, 1009, ret=1009)],
        "br_write_all (short write, then EAGAIN)": short_write(53, 70000),
        "setup: drain the small pipe": [C("read", 52, None, 70001)],
        "br_write_all_partial (short write, then EAGAIN)": short_write(53, 70001),

        # fs.h; the failing calls fail for a missing directory.
        "br_openat (O_CREAT, fails)": [C("openat", AT_FDCWD, Path("/nonexistent-bedrock-trace/f"),
                                         O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o641,
                                         err="ENOENT")],
        "br_lseek": [C("lseek", 60, 1013, 1)],  # SEEK_CUR
        "br_lseek (negative)": [C("lseek", 60, -1014, 2)],  # SEEK_END
        "br_fstat": [C("fstat", 60, None, ret=0)],
        "br_ftruncate": [C("ftruncate", 60, 0x723456789, ret=0)],
        "br_fsync": [C("fsync", 60, ret=0)],
        "br_fdatasync": [C("fdatasync", 60, ret=0)],
        "br_mkdirat (fails)": [C("mkdirat", AT_FDCWD, Path("/nonexistent-bedrock-trace/d"), 0o751,
                                 err="ENOENT")],
        "br_unlinkat (fails)": [C("unlinkat", AT_FDCWD, Path("/nonexistent-bedrock-trace/d"),
                                  AT_REMOVEDIR, err="ENOENT")],
        "br_readlinkat": [C("readlinkat", AT_FDCWD, Path("/proc/self/exe"), None, 1011)],
        "br_getdents64": [C("getdents64", 62, None, 1012)],
        # The generic table's fstatat is newfstatat too.
        "br_fstatat (fails)": [C("newfstatat", 62, Path("nonexistent-bedrock-trace/s"), None,
                                 AT_SYMLINK_NOFOLLOW, err="ENOENT")],
        "br_fstatat (the descriptor itself)": [C("newfstatat", 60, Path(""), None, AT_EMPTY_PATH, ret=0)],
        "br_statx (fails)": [C("statx", 62, Path("nonexistent-bedrock-trace/x"), AT_SYMLINK_NOFOLLOW,
                               STATX_TYPE | STATX_INO | STATX_SIZE, None, err="ENOENT")],
        "br_statx (the descriptor itself)": [C("statx", 60, Path(""), AT_EMPTY_PATH, STATX_BASIC_STATS, None,
                                               ret=0)],
        # Made to fail before they change anything: missing paths, fd 1021
        # not open. pivot_root checks CAP_SYS_ADMIN before the paths (EPERM
        # when not root); the others look the paths up first.
        "br_chdir (fails)": [C("chdir", Path(NOPE + "cwd"), err="ENOENT")],
        "br_fchdir (not open)": [C("fchdir", 1021, err="EBADF")],
        "br_chroot (fails)": [C("chroot", Path(NOPE + "root"), err="ENOENT")],
        "br_mount (fails)": [C("mount", Path(NOPE + "src"), Path(NOPE + "dst"), Path("bedrock-fs"),
                               MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_BIND | MS_REC, Path("trace-data"),
                               err="ENOENT")],
        "br_umount2 (fails)": [C("umount2", Path(NOPE + "dst"), MNT_DETACH | UMOUNT_NOFOLLOW, err="ENOENT")],
        "br_pivot_root (fails)": [C("pivot_root", Path(NOPE + "new"), Path(NOPE + "old"),
                                    err=("ENOENT", "EPERM"))],

        # mm.h: PROT_READ|PROT_WRITE = 3, MAP_PRIVATE|MAP_ANONYMOUS = 0x22.
        "br_mmap (anonymous)": [C("mmap", 0, 0x3000, 3, 0x22, -1, 0, ret=Bind("anon"))],
        "br_mprotect": [C("mprotect", Bind("anon"), 0x1000, 1, ret=0)],
        "br_munmap": [C("munmap", Bind("anon"), 0x3000, ret=0)],
        "br_mmap (file)": [C("mmap", 0, 0x2000, 1, 1, 60, 0x123456000, ret=Bind("filemap"))],
        "br_munmap (file)": [C("munmap", Bind("filemap"), 0x2000, ret=0)],

        "br_getrandom": [C("getrandom", None, 1016, 1)],  # GRND_NONBLOCK

        # time.h: CLOCK_BOOTTIME 7, ITIMER_VIRTUAL 1.
        "br_clock_gettime": [C("clock_gettime", 7, None, ret=0)],
        "br_nanosleep": [C("nanosleep", None, None, ret=0)],
        "br_setitimer": [C("setitimer", 1, None, None, ret=0)],

        # signal.h: the set helpers are pure.
        "br_sigset_empty": [],
        "br_sigset_full": [],
        "br_sigset_add": [],
        "br_sigset_del": [],
        "br_sigset_has": [],
        "br_rt_sigaction": [C("rt_sigaction", SIGUSR2, restorer, None, SIGSET, ret=0)],
        "br_rt_sigaction (SIGKILL)": [C("rt_sigaction", SIGKILL, None, 0, SIGSET, err="EINVAL")],
        "br_rt_sigprocmask": [C("rt_sigprocmask", 0, None, None, SIGSET, ret=0)],  # SIG_BLOCK
        "br_rt_sigpending": [C("rt_sigpending", None, SIGSET, ret=0)],
        "br_rt_sigtimedwait": [C("rt_sigtimedwait", None, None, None, SIGSET, err="EAGAIN")],
        "br_signalfd": [C("signalfd4", -1, None, SIGSET, O_CLOEXEC | O_NONBLOCK, ret=Bind("sfd"))],
        "br_signalfd_set_mask": [C("signalfd4", Bind("sfd"), None, SIGSET, 0, ret=Bind("sfd"))],
        "br_close (signalfd)": [C("close", Bind("sfd"), ret=0)],
        "br_tgkill (no such thread)": [C("tgkill", 2000000001, 2000000002, SIGUSR1, err="ESRCH")],
        "br_rt_sigprocmask (restore)": [C("rt_sigprocmask", 2, None, 0, SIGSET, ret=0)],  # SIG_SETMASK
        "br_rt_sigaction (handler)": [C("rt_sigaction", SIGALRM, restorer, 0, SIGSET, ret=0)],
        # Never retried: one read, interrupted (strace shows the kernel's
        # ERESTARTSYS, which becomes EINTR without SA_RESTART), then the
        # handler's return. The timer repeats, so a tick may also land
        # before the read starts or before the disarm.
        "br_read (EINTR, no retry)": [
            C("setitimer", 0, None, 0, ret=0),  # ITIMER_REAL, armed
            C("rt_sigreturn", rep="*"),
            C("read", 50, None, 1018, err=("EINTR", "ERESTARTSYS")),
            C("rt_sigreturn", rep="+"),
            C("setitimer", 0, None, 0, ret=0),  # disarmed
            C("rt_sigreturn", rep="*"),
        ],
        "setup: SIGALRM back to default": [C("rt_sigaction", SIGALRM, None, 0, SIGSET, ret=0)],

        # process.h; signals go to pids beyond any pid_max.
        "br_getpid": [C("getpid", ret=Bind("pid"))],
        "br_getppid": [C("getppid")],
        "br_gettid": [C("gettid", ret=Bind("pid"))],  # one thread: tid == pid
        "br_kill (no such process)": [C("kill", 2000000003, SIGTERM, err="ESRCH")],
        "br_prlimit64": [C("prlimit64", 0, 7, 0, None, ret=0)],  # RLIMIT_NOFILE, read only
        "br_getsid (no such process)": [C("getsid", 2000000006, err="ESRCH")],
        "br_getpgid (no such process)": [C("getpgid", 2000000007, err="ESRCH")],
        "br_setpgid (no such process)": [C("setpgid", 2000000008, 2000000009, err="ESRCH")],
        "br_prctl (unknown option)": [C("prctl", 1000001, 0x1001, 0x1002, 0x1003, 0x1004, err="EINVAL")],
        "br_execve (no such file)": [C("execve", Path(NOPE + "exe"), Strs("trace-argv0", "trace-argv1"),
                                       Strs("BEDROCK_TRACE=env"), err="ENOENT")],

        # Forks. The first child: its own session, prctl, exit_group(90).
        "setup: SIGCHLD handler": [C("rt_sigaction", SIGCHLD, restorer, 0, SIGSET, ret=0)],
        "br_fork": fork("child1"),
        "setup: run the child, wait for its SIGCHLD": run_child,
        "br_setsid (in the child)": [C("setsid", ret=Bind("child1"))],
        "br_getsid (in the child)": [C("getsid", 0, ret=Bind("child1"))],
        "br_getpgid (in the child)": [C("getpgid", 0, ret=Bind("child1"))],
        "br_setpgid (in the child, a session leader)": [C("setpgid", 0, 0, err="EPERM")],
        # qemu 7.2 refuses PR_SET_CHILD_SUBREAPER itself (EINVAL, "TODO" in
        # its do_prctl); the kernel never sees the call.
        "br_prctl_set_child_subreaper (in the child)": [
            C("prctl", PR_SET_CHILD_SUBREAPER, 1, err="EINVAL",
              note="prctl(PR_SET_CHILD_SUBREAPER): qemu 7.2 answers EINVAL itself, the kernel never sees it")
            if kind == "qemu"
            else C("prctl", PR_SET_CHILD_SUBREAPER, 1, ret=0)],
        "br_prctl_set_pdeathsig (in the child)": [C("prctl", PR_SET_PDEATHSIG, SIGUSR2, ret=0)],
        "br_prctl_set_name (in the child)": [C("prctl", PR_SET_NAME, Path("bedrock-trc"), ret=0)],
        "br_exit_group (in the child)": [C("exit_group", 90)],
        "br_wait4": [C("wait4", Bind("child1"), Has("WEXITSTATUS(s) == 90"), WUNTRACED | WCONTINUED | WALL, None,
                       ret=Bind("child1"))],
        # The wait-status helpers are pure.
        "br_wifexited": [],
        "br_wexitstatus": [],
        "br_wifsignaled": [],
        "br_wtermsig": [],
        "br_wifstopped": [],
        "br_wstopsig": [],
        # The second child ends with exit(2), reported by waitid and left
        # for wait4 (WNOWAIT).
        "br_fork (second child)": fork("child2"),
        "br_exit_thread (in the child)": [C("exit", 91)],
        "br_waitid (WNOWAIT)": [C("waitid", P_PID, Bind("child2"), Has("si_status=91"), WEXITED | WNOWAIT, None,
                                  ret=0)],
        "br_wait4 (any child, WNOHANG)": [C("wait4", -1, 0, WNOHANG, 0, ret=Bind("child2"))],
        # The third ends with crt's br_exit: no fini arrays here, so only
        # exit_group.
        "br_fork (third child)": fork("child3"),
        "br_exit (in the child)": [C("exit_group", 92)],
        "br_waitid (any child)": [C("waitid", P_ALL, 0, Has("si_status=92"), WEXITED, 0, ret=0)],
        "br_wait4 (no child left)": [C("wait4", -1, 0, WNOHANG, 0, err="ECHILD")],
        "setup: SIGCHLD back to default": [C("rt_sigaction", SIGCHLD, None, 0, SIGSET, ret=0)],

        # syscall.h's raw stubs: every register of each reaches the kernel.
        "br_syscall0": [C("getpid", ret=Bind("pid"))],
        "br_syscall1": [C("close", 1101, err="EBADF")],
        "br_syscall2": [C("kill", 2000000010, 0, err="ESRCH")],
        "br_syscall3": [C("lseek", 60, 1102, 0, ret=1102)],
        "br_syscall4": [C("pread64", 60, None, 1103, 0x823456789, ret=0)],
        "br_syscall5": [C("statx", 62, Path(""), AT_EMPTY_PATH, STATX_TYPE | STATX_SIZE, None, ret=0)],
        "br_syscall6": [C("mmap", 0x1104000, 0x2000, 1, 2, 1105, 0x3000, err="EBADF")],
        # Pure: conversions, tables, what crt0 recorded.
        "br_syscall_errno": [],
        "br_errno_name": [],
        "br_errno_message": [],
        "br_getauxval": [],
        "br_getenv": [],

        # ---- string, parse, fmt ----
        "br_strlen": [], "br_strnlen": [], "br_strcmp": [], "br_strncmp": [], "br_memchr": [],
        "br_memrchr": [], "br_strchr": [], "br_strrchr": [], "br_strstr": [], "br_memmem": [],
        "br_strlcpy": [], "br_strlcat": [], "br_strcopy": [], "br_strappend": [],
        "br_parse_i64": [], "br_parse_u64": [], "br_fmt": [], "br_vfmt": [],
        # One write of the whole output; past 4 KiB the output is made in a mapping of its own.
        "br_fprint": [C("write", 60, None, 1011, ret=1011)],
        "br_fprint (over 4 KiB: formatted in a mapping)": [
            C("mmap", 0, 5013, 3, 0x22, -1, 0, ret=Bind("fmtmap")),
            C("write", 60, None, 5012, ret=5012),
            C("munmap", Bind("fmtmap"), 5013, ret=0)],
        "br_vfprint": [C("write", 60, None, 1013, ret=1013)],
        "setup: stdout and stderr to the memfd (saved at 63, 64)": [
            C("dup3", 1, 63, O_CLOEXEC, ret=63), C("dup3", 2, 64, O_CLOEXEC, ret=64),
            C("dup3", 60, 1, 0, ret=1), C("dup3", 60, 2, 0, ret=2)],
        "br_print": [C("write", 1, None, 1014, ret=1014)],
        "br_eprint": [C("write", 2, None, 1015, ret=1015)],
        "setup: stdout and stderr back": [
            C("dup3", 63, 1, 0, ret=1), C("dup3", 64, 2, 0, ret=2),
            C("close", 63, ret=0), C("close", 64, ret=0)],
        # The writer (a 1024-byte buffer) writes only when it must.
        "br_writer_init": [],
        "br_writer_write (buffered)": [],
        "br_writer_write (fills the buffer)": [C("write", 60, None, 1024, ret=1024)],
        "br_writer_fmt (buffered)": [],
        "br_writer_write (larger than the buffer: straight through)": [
            C("write", 60, None, 992 + 17, ret=992 + 17), C("write", 60, None, 1100, ret=1100)],
        "br_writer_vfmt (longer than the buffer)": [
            C("write", 60, None, 1024, ret=1024), C("write", 60, None, 1024, ret=1024)],
        "br_writer_flush": [C("write", 60, None, 2100 - 2048, ret=2100 - 2048)],
        "br_writer_flush (nothing buffered)": [],
        # ---- end string, parse, fmt ----

        "setup: close everything": [C("close", fd, ret=0) for fd in (50, 51, 52, 53, 60, 62)],
        "br_exit_group": [C("exit_group", 0)],
    }
    return E


# ---------------------------------------------------------------- trace parsing
# qemu -strace prints some arguments symbolically; these are qemu 7.2's
# spellings with the values qemu gives them for the target (errno values and
# everything else here are the same on x86_64, aarch64 and riscv64).
SYMBOLS = {
    "NULL": 0, "AT_FDCWD": -100, "AT_REMOVEDIR": 0x200, "AT_SYMLINK_NOFOLLOW": 0x100,
    "AT_EMPTY_PATH": 0x1000,
    "O_RDONLY": 0, "O_WRONLY": 1, "O_RDWR": 2, "O_CREAT": 0o100, "O_EXCL": 0o200,
    "O_NOCTTY": 0o400, "O_TRUNC": 0o1000, "O_APPEND": 0o2000, "O_NONBLOCK": 0o4000,
    "O_DSYNC": 0o10000, "O_ASYNC": 0o20000, "O_SYNC": 0o4010000, "O_NOATIME": 0o1000000,
    "O_CLOEXEC": 0o2000000, "O_PATH": 0o10000000,
    "SEEK_SET": 0, "SEEK_CUR": 1, "SEEK_END": 2, "SEEK_DATA": 3, "SEEK_HOLE": 4,
    "PROT_NONE": 0, "PROT_READ": 1, "PROT_WRITE": 2, "PROT_EXEC": 4,
    "MAP_SHARED": 1, "MAP_PRIVATE": 2, "MAP_FIXED": 0x10, "MAP_ANONYMOUS": 0x20,
    "F_DUPFD": 0, "F_GETFD": 1, "F_SETFD": 2, "F_GETFL": 3, "F_SETFL": 4,
    "F_DUPFD_CLOEXEC": 1030, "F_SETPIPE_SZ": 1031, "F_GETPIPE_SZ": 1032,
    "FIONREAD": 0x541B, "FIONBIO": 0x5421, "FIONCLEX": 0x5450, "FIOCLEX": 0x5451,
    "CLOCK_REALTIME": 0, "CLOCK_MONOTONIC": 1, "CLOCK_PROCESS_CPUTIME_ID": 2,
    "CLOCK_THREAD_CPUTIME_ID": 3, "CLOCK_MONOTONIC_RAW": 4, "CLOCK_BOOTTIME": 7,
    "ITIMER_REAL": 0, "ITIMER_VIRTUAL": 1, "ITIMER_PROF": 2,
    "SIG_BLOCK": 0, "SIG_UNBLOCK": 1, "SIG_SETMASK": 2,
    # strace's decoders (calls it runs not raw) and qemu's.
    "AT_STATX_SYNC_AS_STAT": 0, "AT_STATX_FORCE_SYNC": 0x2000, "AT_STATX_DONT_SYNC": 0x4000,
    "STATX_TYPE": 0x1, "STATX_MODE": 0x2, "STATX_NLINK": 0x4, "STATX_UID": 0x8, "STATX_GID": 0x10,
    "STATX_ATIME": 0x20, "STATX_MTIME": 0x40, "STATX_CTIME": 0x80, "STATX_INO": 0x100, "STATX_SIZE": 0x200,
    "STATX_BLOCKS": 0x400, "STATX_BASIC_STATS": 0x7FF, "STATX_BTIME": 0x800,
    "MS_RDONLY": 1, "MS_NOSUID": 2, "MS_NODEV": 4, "MS_NOEXEC": 8, "MS_SYNCHRONOUS": 16, "MS_REMOUNT": 32,
    "MS_MANDLOCK": 64, "MS_DIRSYNC": 128, "MS_NOATIME": 1024, "MS_NODIRATIME": 2048, "MS_BIND": 4096,
    "MS_MOVE": 8192, "MS_REC": 16384, "MS_PRIVATE": 1 << 18, "MS_SLAVE": 1 << 19, "MS_SHARED": 1 << 20,
    "MNT_FORCE": 1, "MNT_DETACH": 2, "MNT_EXPIRE": 4, "UMOUNT_NOFOLLOW": 8,
    "WNOHANG": 1, "WUNTRACED": 2, "WSTOPPED": 2, "WEXITED": 4, "WCONTINUED": 8, "WNOWAIT": 0x1000000,
    "__WNOTHREAD": 0x20000000, "__WALL": 0x40000000, "__WCLONE": 0x80000000,
    "P_ALL": 0, "P_PID": 1, "P_PGID": 2, "P_PIDFD": 3,
    "PR_SET_PDEATHSIG": 1, "PR_GET_PDEATHSIG": 2, "PR_SET_NAME": 15, "PR_GET_NAME": 16,
    "PR_SET_CHILD_SUBREAPER": 36, "PR_GET_CHILD_SUBREAPER": 37,
}
for _i, _s in enumerate("HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM "
                        "STKFLT CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH IO "
                        "PWR SYS".split(), 1):
    SYMBOLS["SIG" + _s] = _i


def qemu_symbols(arch):
    s = dict(SYMBOLS)
    if arch == "aarch64":
        # arm64's own values. qemu 7.2 forgets TARGET_O_LARGEFILE for aarch64
        # (its generic 0100000 is arm64's O_NOFOLLOW), so it prints O_NOFOLLOW
        # as O_LARGEFILE: both names stand for 0100000 here.
        s.update(O_DIRECTORY=0o40000, O_NOFOLLOW=0o100000, O_DIRECT=0o200000, O_LARGEFILE=0o100000)
    else:
        s.update(O_DIRECT=0o40000, O_LARGEFILE=0o100000, O_DIRECTORY=0o200000, O_NOFOLLOW=0o400000)
    return s


def split_call(text):
    """'name(a, {b, c}, "d,e") = rest' -> (name, [args], rest); None if not a call."""
    m = re.match(r"(\w+)\(", text)
    if not m:
        return None
    args, cur, depth, i, quote = [], "", 0, m.end(), False
    while i < len(text):
        ch = text[i]
        if quote:
            cur += ch
            if ch == "\\" and i + 1 < len(text):
                cur += text[i + 1]
                i += 1
            elif ch == '"':
                quote = False
        elif ch == '"':
            quote = True
            cur += ch
        elif ch in "{[(":
            depth += 1
            cur += ch
        elif ch in "}])" and depth > 0:
            depth -= 1
            cur += ch
        elif ch == ")":
            if cur.strip() or args:
                args.append(cur.strip())
            return m.group(1), args, text[i + 1:]
        elif ch == "," and depth == 0:
            args.append(cur.strip())
            cur = ""
        else:
            cur += ch
        i += 1
    return None


def parse_value(tok, symbols):
    """An argument as an int, ('str', s), ('struct', text) or ('sym', text)."""
    # strace's comments ("0xf4241 /* PR_??? */"); qemu's names of clone's
    # arguments ("child_stack=0x0").
    tok = re.sub(r"\s*/\*.*?\*/", "", tok).strip()
    m = re.fullmatch(r"[a-z_]+=(.*)", tok)
    if m:
        tok = m.group(1)
    if tok.startswith('"'):
        return ("str", tok[1:-1].encode().decode("unicode_escape") if tok.endswith('"') else tok[1:])
    if tok[:1] in "{[":
        return ("struct", tok)
    value = 0
    for part in tok.split("|"):
        part = part.strip()
        if re.fullmatch(r"-?0x[0-9a-fA-F]+", part):
            value |= int(part, 16)
        elif re.fullmatch(r"-?0[0-7]*", part):
            value |= int(part, 8)
        elif re.fullmatch(r"-?[1-9][0-9]*", part):
            value |= int(part)
        elif part in symbols:
            value |= symbols[part]
        else:
            return ("sym", tok)
    return value


def parse_result(rest):
    """' = 3', ' = -1 EBADF (...)', ' = -1 errno=9 (...)', ' = ?', or nothing
    (qemu's exit_group) -> (value or None, errno number or None)."""
    m = re.match(r"\s*=\s*(\S+)(?:\s+(\S+))?", rest)
    if not m or m.group(1) == "?":
        return None, None
    value = parse_value(m.group(1), {})
    err = None
    if value == -1 and m.group(2):
        e = m.group(2)
        if e.startswith("errno="):
            err = int(e[6:])
        elif e == "ERESTARTSYS":
            err = ERESTARTSYS
        else:
            err = getattr(errno, e, None)
    return (value if isinstance(value, int) else None), err


class Call:
    def __init__(self, line, name, args, value, err, pid):
        self.line, self.name, self.args, self.value, self.err = line, name, args, value, err
        self.pid = pid


# What may follow a call on its line: a result, nothing (exit, exit_group,
# or a call still blocked when the trace ended), qemu's explanation of
# what a call returned ("(old_value = NULL)").
RESULT = re.compile(r"\s*(=\s*(\?|-?\w+)(\s+\S+(\s+\(.*\))?)?(\s+\(.*\))?)?\s*")


def parse_trace(text, kind, arch, numbers, pid=None, problems=None):
    """The trace as a list of Calls, signal and exit notices left out; pid
    is the process of a strace -ff file (qemu prints it on every line).
    Lines that do not parse are added to problems."""
    symbols = qemu_symbols(arch) if kind == "qemu" else SYMBOLS
    names = {v: k for k, v in numbers.items()}
    problems = [] if problems is None else problems
    calls = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        body, line_pid = line, pid
        if kind == "qemu":
            if line.startswith("--- "):
                continue  # "--- SIGALRM ... ---": a signal delivered
            m = re.match(r"(\d+) (.*)", line)
            if not m:
                problems.append("a line of no call: %r" % line)
                continue
            line_pid, body = int(m.group(1)), m.group(2)
            m = re.fullmatch(r"Unknown syscall (\d+)", body)
            if m:
                # qemu 7.2 implements no preadv2/pwritev2: it prints the number
                # only, and the program gets ENOSYS.
                n = int(m.group(1))
                calls.append(Call(line, names.get(n, "syscall_%d" % n), None, None, errno.ENOSYS, line_pid))
                continue
        elif body.startswith(("---", "+++")):
            continue
        parts = split_call(body)
        if not parts:
            problems.append("a line of no call: %r" % line)
            continue
        name, args, rest = parts
        if kind == "qemu" and name == "clone":
            # A fork returns twice, in the parent (the child's pid) and in
            # the child (0), and qemu logs both returns as " = N" pieces
            # after the one clone line: " = C\n = 0\n", " =  = C\n0\n",
            # " =  = 0\nC\n" or " = 0\n = C\n". The parent's is the one that
            # is not 0 (or the error, which has no second return). What
            # follows must be exactly those pieces.
            j = i
            while j < len(lines) and not re.match(r"\d+ |--- ", lines[j]):
                j += 1
            pieces = "\n".join([rest] + lines[i:j])
            if len(re.findall(r"(?<!\S)=(?!\S)", pieces)) == 2:
                results = re.findall(r"-?\d+", pieces)
                if re.fullmatch(r"[\s=\d-]*", pieces) and len(results) == 2 and results.count("0") == 1:
                    i = j
                    rest = " = " + [r for r in results if r != "0"][0]
                else:
                    problems.append("clone's two returns do not parse: %r" % pieces)
        if not RESULT.fullmatch(rest):
            problems.append("a line that does not parse (mixed with another process's?): %r" % line)
        value, err = parse_result(rest)
        calls.append(Call(line, name, [parse_value(a, symbols) for a in args], value, err, line_pid))
    return calls


def syscall_numbers(arch):
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "arch", arch, "include", "bedrock", "arch", arch, "syscall_nr.h")
    with open(path) as f:
        return {m.group(1): int(m.group(2)) for m in re.finditer(r"#define BR_SYS_(\w+) (\d+)", f.read())}


# ---------------------------------------------------------------- matching
def errnum(name):
    return ERESTARTSYS if name == "ERESTARTSYS" else getattr(errno, name)


def same(a, b, bits=64):
    m = (1 << bits) - 1
    return (a & m) == (b & m)


MISSING = object()  # an argument the tracer did not print


def match_value(spec, seen, env, where, notes, low32=False):
    """None if seen satisfies spec, else why not. Adds to notes what the
    tracer could not show."""
    if spec is None:
        return None
    if seen is MISSING:
        notes.add("%s: not printed" % where)
        return None
    bits = 32 if low32 else 64
    if isinstance(spec, Bind):
        if not isinstance(seen, int):
            return "%s: %r is not a number" % (where, seen)
        if spec.name in env:
            return None if same(seen, env[spec.name]) else "%s: %#x, but $%s is %#x" % (
                where, seen, spec.name, env[spec.name])
        if spec.pred and not spec.pred(seen):
            return "%s: %d is not %s" % (where, seen, spec.what)
        env[spec.name] = seen
        return None
    if isinstance(spec, Expr):
        spec = spec.fn(env)
    if isinstance(spec, int):
        if not isinstance(seen, int):
            return "%s: expected %#x, seen %r" % (where, spec & MASK64, seen)
        if low32:
            notes.add("%s: only the low 32 bits are shown" % where)
        return None if same(seen, spec, bits) else "%s: expected %#x, seen %#x" % (
            where, spec & MASK64, seen & MASK64)
    if isinstance(spec, Path):
        if isinstance(seen, tuple) and seen[0] == "str":
            return None if seen[1] == spec.s else "%s: expected %r, seen %r" % (where, spec.s, seen[1])
        notes.add("%s: an address, the string is not shown" % where)
        return None
    if isinstance(spec, Strs):
        if isinstance(seen, tuple) and seen[0] == "struct":
            strings = [x.encode().decode("unicode_escape") for x in re.findall(r'"((?:[^"\\]|\\.)*)"', seen[1])]
            return None if strings == spec.strings else "%s: expected %r, seen %s" % (where, spec.strings, seen[1])
        notes.add("%s: an address, the strings are not shown" % where)
        return None
    if isinstance(spec, Has):
        if isinstance(seen, tuple) and seen[0] == "struct":
            if (spec.text in seen[1]) != spec.absent:
                return None
            return "%s: %s %s" % (where, seen[1], "has " + spec.text if spec.absent else "lacks " + spec.text)
        notes.add("%s: an address, the struct is not shown" % where)
        return None
    raise TypeError(spec)


def match_call(exp, call, env, kind, notes):
    """None if call satisfies exp (binding into env), else why not."""
    if call.name != exp.name:
        return "%s instead of %s" % (call.name, exp.name)
    if call.args is None:
        # qemu 7.2 has no preadv2/pwritev2: "Unknown syscall N", ENOSYS.
        notes.add('%s: the number only ("%s"), no arguments, no result' % (exp.name, call.line.split(" ", 1)[1]))
        return None
    trial = dict(env)
    for i, spec in enumerate(exp.args):
        seen = call.args[i] if i < len(call.args) else MISSING
        where = "%s arg %d" % (exp.name, i + 1)
        # qemu 7.2 prints mmap's offset with %#x: the low 32 bits only.
        low32 = kind == "qemu" and exp.name == "mmap" and i == 5
        why = match_value(spec, seen, trial, where, notes, low32)
        if why:
            return why
    if exp.err:
        if call.err not in [errnum(e) for e in exp.err]:
            return "%s: expected error %s, seen %s" % (exp.name, "|".join(exp.err), result_text(call))
    elif exp.ret is not None:
        if call.err is not None or call.value is None:
            return "%s: expected success, seen %s" % (exp.name, result_text(call))
        else:
            why = match_value(exp.ret, call.value, trial, exp.name + " result", notes)
            if why:
                return why
    if exp.note:
        notes.add(exp.note)
    env.clear()
    env.update(trial)
    return None


def result_text(call):
    if call.err is not None:
        return "-1 " + errno.errorcode.get(call.err, str(call.err))
    return "?" if call.value is None else str(call.value)


def match_segment(exps, calls, env, kind, notes):
    """None if the calls are exactly the expected sequence, else why not."""
    best = ["%d syscall(s) where %d expected" % (len(calls), len(exps))]

    def go(i, j, env):
        if i == len(exps):
            if j == len(calls):
                return dict(env)
            best[0] = "unexpected %s" % calls[j].line.strip()
            return None
        e = exps[i]
        if e.rep in ("*", "+"):
            # Zero more of it (not for '+' before the first), or one more.
            if e.rep == "*":
                r = go(i + 1, j, env)
                if r is not None:
                    return r
            if j < len(calls):
                trial = dict(env)
                if match_call(e, calls[j], trial, kind, set()) is None:
                    r = go(i, j + 1, trial) if e.rep == "*" else go_star(i, j + 1, trial)
                    if r is not None:
                        return r
            return None
        if j >= len(calls):
            best[0] = "missing %r" % e
            return None
        trial = dict(env)
        why = match_call(e, calls[j], trial, kind, notes)
        if why:
            best[0] = why
            return None
        return go(i + 1, j + 1, trial)

    def go_star(i, j, env):
        # After the first of a '+': the rest behave like '*'.
        e = exps[i]
        r = go(i + 1, j, env)
        if r is not None:
            return r
        if j < len(calls):
            trial = dict(env)
            if match_call(e, calls[j], trial, kind, set()) is None:
                return go_star(i, j + 1, trial)
        return None

    result = go(0, 0, env)
    if result is None:
        return best[0]
    env.clear()
    env.update(result)
    return None


# ---------------------------------------------------------------- coverage
# Public functions that need no segment, each with the reason. A pure
# function gets a segment expecting no syscall instead (that proves it), so
# this is for what cannot be called in a trace at all; empty so far.
ALLOWLIST = {}


def headers(arch):
    """The public headers: include/bedrock/*.h and the architecture's own."""
    here = os.path.dirname(os.path.abspath(__file__))
    inc = os.path.join(here, "..", "..", "include", "bedrock")
    found = [os.path.join(inc, f) for f in sorted(os.listdir(inc)) if f.endswith(".h")]
    for own in (os.path.join(inc, "generic"),
                os.path.join(here, "..", "..", "arch", arch, "include", "bedrock", "arch", arch)):
        if os.path.isdir(own):
            found += [os.path.join(own, f) for f in sorted(os.listdir(own)) if f.endswith(".h")]
    # Named as a user includes them: bedrock/..., from the last include/.
    return [(os.path.normpath(h).rsplit("/include/", 1)[1], h) for h in found]


def public_functions(path):
    """The br_ functions a public header declares or defines, in order
    (br__ names are internal): every br_name( outside any braces and
    parentheses, comments and preprocessor lines left out, however the
    declaration is spread over lines."""
    with open(path) as f:
        text = re.sub(r"/\*.*?\*/|//[^\n]*", " ", f.read(), flags=re.S)
    text = re.sub(r"^[ \t]*#(?:[^\n]*\\\n)*[^\n]*", " ", text, flags=re.M)
    found, depth = [], 0
    for m in re.finditer(r"[{}()]|\b(br_[a-z0-9]\w*)\s*(?=\()", text):
        if m.group(1):
            if depth == 0 and m.group(1) not in found:
                found.append(m.group(1))
        else:
            depth += 1 if m.group(0) in "{(" else -1
    return found


# ---------------------------------------------------------------- running
class Skip(Exception):
    pass


# The calls strace decodes rather than printing raw: their strings, flags,
# wait statuses and siginfo are worth seeing, and every argument still is.
STRACE_DECODED = ["rt_sigaction", "execve", "newfstatat", "statx", "chdir", "chroot", "mount", "umount2",
                  "pivot_root", "wait4", "waitid", "prctl"]


def run_traced(kind, tracer, program, tmp, arch, numbers):
    """Runs program under the tracer: (status, stdout, stderr, calls, main
    pid, problems), the calls of every process in the order each process
    made them."""
    trace = os.path.join(tmp, "trace")
    if kind == "strace":
        # Raw: every argument as the register's value, so that preadv2 and
        # pwritev2 show pos_l and pos_h undecoded (strace's 64-bit table
        # gives preadv/pwritev four arguments: their pos_h is seen under
        # qemu only); except STRACE_DECODED, rt_sigaction's decoded struct
        # showing whether bedrock set SA_RESTORER, execve's argv and envp
        # in full (abbrev off). -ff: every forked child, each in a file
        # trace.PID of its own.
        cmd = [tracer, "-ff", "-o", trace, "-e", "raw=!" + ",".join(STRACE_DECODED),
               "-e", "abbrev=!execve", program]
    else:
        cmd = [tracer, "-strace", "-D", trace, program]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    stderr = p.stderr.decode(errors="replace")
    problems, calls, main_pid = [], [], None
    if kind == "strace":
        files = {}
        for f in os.listdir(tmp):
            m = re.fullmatch(r"trace\.(\d+)", f)
            if m:
                files[int(m.group(1))] = open(os.path.join(tmp, f)).read()
        # The first process is the one that was exec'd; the others forked.
        mains = [pid for pid, text in files.items() if text.startswith("execve(")]
        if not mains and re.search(r"ptrace|not permitted", stderr, re.I):
            # A container without ptrace; anything else is a failure below.
            raise Skip("strace cannot trace here: " + stderr.strip()[:200])
        if len(mains) == 1:
            main_pid = mains[0]
        else:
            problems.append("%d traces begin with execve" % len(mains))
        for pid in sorted(files, key=lambda pid: pid != main_pid):
            calls += parse_trace(files[pid], kind, arch, numbers, pid, problems)
    else:
        text = open(trace).read() if os.path.exists(trace) else ""
        calls = parse_trace(text, kind, arch, numbers, None, problems)
        main_pid = calls[0].pid if calls else None
    return p.returncode, p.stdout.decode(errors="replace"), stderr, calls, main_pid, problems


def is_marker(c):
    return (c.name == "write" and c.args and len(c.args) >= 3 and isinstance(c.args[0], int)
            and same(c.args[0], -1) and isinstance(c.args[2], int)
            and MARK_BASE < c.args[2] <= MARK_BASE + 1000)


def segments(calls, nsegs, main_pid):
    """Cuts the calls at the markers: ([prelude, segment 1, ..., segment n],
    [None, pid of segment 1, ...], problems). Each call belongs to the last
    marker its own process issued; a forked process's calls before its first
    marker are a problem (calls.c starts each child with a marker)."""
    segs, pids, problems = [[] for _ in range(nsegs + 1)], [None] * (nsegs + 1), []
    current, last = {main_pid: 0}, 0
    for c in calls:
        if is_marker(c):
            n = c.args[2] - MARK_BASE
            if n > nsegs:
                problems.append("marker %d beyond the %d segments" % (n, nsegs))
                continue
            if pids[n] is not None:
                problems.append("marker %d issued twice" % n)
            if n <= current.get(c.pid, 0):
                problems.append("marker %d after marker %d in process %s" % (n, current.get(c.pid, 0), c.pid))
            pids[n], current[c.pid], last = c.pid, n, max(last, n)
        elif c.pid in current:
            segs[current[c.pid]].append(c)
        else:
            problems.append("process %s: %s before its first marker" % (c.pid, c.line.strip()))
    missing = [n for n in range(1, nsegs + 1) if pids[n] is None]
    if missing:
        problems.append("%d of %d markers missing (first: %d)" % (len(missing), nsegs, missing[0]))
    return segs, pids, problems


def main(argv):
    if len(argv) < 4:
        print("usage: check.py ARCH TRACER[,TRACER...] PROGRAM...", file=sys.stderr)
        return 2
    arch, programs = argv[1], argv[3:]
    tracers = []
    for t in argv[2].split(","):
        base = os.path.basename(t)
        kind = "strace" if base.startswith("strace") else "qemu" if base.startswith("qemu") else None
        if kind and os.path.exists(t):
            tracers.append((kind, t, "strace" if kind == "strace" else base + " -strace"))
    numbers = syscall_numbers(arch)

    out, count, failed = [], 0, 0

    def point(ok, name, diag=(), directive=""):
        nonlocal count, failed
        count += 1
        failed += not ok
        out.append("%s %d - %s%s" % ("ok" if ok else "not ok", count, name, directive))
        out.extend("#   " + d for d in diag)

    if not tracers:
        # The coverage check below needs no tracer and still runs.
        point(True, "trace [%s]" % arch, directive=" # SKIP no tracer (strace or qemu-%s) found" % arch)

    for kind, tracer, tracer_name in tracers:
        expect = expectations(arch, kind)
        notes = {}
        for program in programs:
            label = "out-of-line" if "ool" in os.path.basename(program) else "inline"
            tag = "[%s, %s, %s]" % (arch, label, tracer_name)
            with tempfile.TemporaryDirectory(prefix="bedrock-trace-") as tmp:
                try:
                    status, stdout, stderr, calls, main_pid, problems = run_traced(
                        kind, tracer, program, tmp, arch, numbers)
                except Skip as e:
                    point(True, "%s traces %s" % (tracer_name, tag), directive=" # SKIP " + str(e))
                    continue
            names = [n for n in stdout.splitlines() if n]
            point(not problems, "every line of the trace parses %s" % tag, problems[:20])
            segs, pids, problems = segments(calls, len(names), main_pid)
            point(not problems and names and names[-1] == "br_exit_group",
                  "the trace cuts into the %d segments the program names %s" % (len(names), tag),
                  problems + ([] if names else ["no segment names on stdout; stderr: " + stderr.strip()[:300]]))
            point(status == 0, "exits with status 0 %s" % tag,
                  [] if status == 0 else ["status %d; stderr: %s" % (status, stderr.strip()[:300])])

            env, seen_notes = {}, set()
            for name, seg, pid in zip(["start-up"] + names, segs, pids):
                if name == "report":
                    continue  # the program's own output of the names
                if name not in expect:
                    point(False, "%s %s" % (name, tag), ["no expectation in check.py for this segment"])
                    continue
                exps = expect[name]
                why = match_segment(exps, seg, env, kind, seen_notes)
                in_child = "(in the child" in name
                if why is None and pid is not None and (pid != main_pid) != in_child:
                    why = "issued by process %s, %s" % (
                        pid, "the first process, not a forked child" if in_child else "not the first process")
                diag = []
                if why:
                    diag = ["expected: " + ("; ".join(map(repr, exps)) or "no syscall"),
                            "seen:     " + ("; ".join(c.line.strip() for c in seg) or "no syscall"),
                            "why:      " + why]
                point(why is None, "%s %s" % (name, tag), diag)
            for name in expect:
                if name != "start-up" and name not in names:
                    point(False, "%s %s" % (name, tag), ["segment not run by " + os.path.basename(program)])
            for n in seen_notes:
                notes.setdefault(n, []).append(label)
        for n in sorted(notes):
            out.append("# not visible under %s (%s): %s" % (tracer_name, ", ".join(notes[n]), n))

    # Every public function needs a segment (or an ALLOWLIST entry): a
    # wrapper added to a header without one fails here.
    traced = {name.split(" ")[0] for name in expectations(arch)}
    declared = set()
    for rel, path in headers(arch):
        functions = public_functions(path)
        declared.update(functions)
        missing = [f for f in functions if f not in traced and f not in ALLOWLIST]
        point(not missing, "every public function of %s is traced [%s]" % (rel, arch),
              ["no segment in calls.c and check.py: " + ", ".join(missing)] if missing else [])
    stale = sorted(f for f in ALLOWLIST if f not in declared or f in traced)
    point(not stale, "the allowlist names only declared, untraced functions [%s]" % arch,
          ["stale: " + ", ".join(stale)] if stale else [])

    print("1..%d" % count)
    print("\n".join(out))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
