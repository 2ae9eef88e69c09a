# SPDX-License-Identifier: MIT
"""Reading a syscall trace (strace raw mode, or qemu-user's -strace) into
Calls, for check.py: arguments as numbers, strings or decoded structs,
results as a value or an errno."""
import errno
import os
import re

ERESTARTSYS = 512  # kernel-internal: what strace shows for a read a signal interrupted


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
# ---- net ---- qemu 7.2's spellings of socket()'s family, type and flags,
# and protocol (the same values on all three architectures).
SYMBOLS.update({"PF_UNIX": 1, "PF_LOCAL": 1, "PF_INET": 2, "PF_INET6": 10, "SOCK_STREAM": 1, "SOCK_DGRAM": 2,
                "SOCK_RAW": 3, "SOCK_SEQPACKET": 5, "SOCK_NONBLOCK": 0o4000, "SOCK_CLOEXEC": 0o2000000,
                "IPPROTO_IP": 0, "IPPROTO_TCP": 6, "IPPROTO_UDP": 17, "IPPROTO_IPV6": 41})
# ---- sys (issue 11): qemu 7.2's spellings in the calls of tty.h, netif.h,
# fs.h's mknodat and faccessat2, process.h's unshare and setns.
SYMBOLS.update({
    "S_IFCHR": 0o20000, "S_IFBLK": 0o60000, "S_IFIFO": 0o10000, "S_IFREG": 0o100000, "S_IFSOCK": 0o140000,
    "makedev(1,3)": 0x103, "F_OK": 0, "X_OK": 1, "W_OK": 2, "R_OK": 4, "AT_EACCESS": 0x200,
    "AT_SYMLINK_FOLLOW": 0x400, "AT_RECURSIVE": 0x8000,
    "CLONE_FILES": 0x400, "CLONE_FS": 0x200, "CLONE_NEWNS": 0x20000, "CLONE_NEWUTS": 0x4000000,
    "CLONE_NEWNET": 0x40000000,
    "TIOCSCTTY": 0x540E, "TIOCGPGRP": 0x540F, "TIOCSPGRP": 0x5410, "TIOCGWINSZ": 0x5413, "TIOCSWINSZ": 0x5414,
    "TIOCNOTTY": 0x5422, "SIOCGIFFLAGS": 0x8913, "SIOCSIFFLAGS": 0x8914,
})


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
