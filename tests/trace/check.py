#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Proves from a syscall trace that every public bedrock wrapper issues
exactly the syscalls its documentation names, with the documented arguments.

    check.py ARCH TRACER[,TRACER...] PROGRAM...

A TRACER is strace or qemu-<arch> (run with -strace -D file); "none" when
the build found neither, which skips the test. Each PROGRAM is a build of
the trace sources, tests/trace/*.c (trace-calls: wrappers inlined;
trace-calls-ool: their out-of-line copies). Every program runs under every
tracer; the trace is cut into segments at the markers
write(-1, NULL, 7000 + i), and each segment must be exactly the calls its
expectation states. The expectations are written next to their calls, in
the sources: SEG("br_pwrite", "pwrite64(60, *, 1004, 0x223456789) = 1004")
before the call; the program prints, at its end, one line per segment,
"name TAB expectation", and this engine parses the notation (below, and
HACKING.md). Output: TAP, one point per segment, that is per wrapper call,
per program and tracer.

What a tracer does not print (qemu 7.2 prints preadv2/pwritev2 as a bare
"Unknown syscall N", strace's table gives preadv/pwritev four arguments on
64-bit, ...) is listed once per tracer as a TAP comment, so that nothing
unseen passes silently.

Forked children (br_fork and the exits) run segments of their own: strace
follows them (-ff, one file per process) and qemu logs them with their pid
in the same file. The trace is cut per process, each call belonging to its
own process's last marker; segments named "... (in the child...)" must come
from a process other than the first, every other one from the first.
The program never lets two processes issue calls at the same time, except
the clone's two returns, which qemu logs as two " = N" pieces after the one
clone line, in either order (see parse_trace); any other piece of a line
that does not parse fails the trace.

Finally every public function of every header (include/bedrock/*.h,
include/bedrock/generic/*.h and the architecture's
arch/ARCH/include/bedrock/arch/ARCH/*.h) must have a segment in the
sources (a SEG whose name is the function's, optionally followed by a space
and a comment): one added without one fails the suite. A pure function gets
a segment that expects no syscall; ALLOWLIST is for what cannot be called
at all.
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
# The notation a segment states its calls in (HACKING.md, "Trace segments"):
#
#   expectation  := alternative...          first one whose tags fit wins
#   alternative  := ["[" tag... "]"] [call (";" call)...]
#   tag          := x86_64 | aarch64 | riscv64 | generic (the last two)
#                 | strace | qemu
#   call         := name "(" [arg ("," arg)...] ")" ["*" | "+"]
#                   ["=" result] ["note" 'text']
#   arg          := "*" (anything) | expr | bind | 'string' | ['s', ...]
#                 | "{" ["!"] text "}" (a decoded struct has / lacks text)
#   expr         := term (("+" | "-" | "|") term)...   left to right
#   term         := ["-"] (number | CONSTANT | $name)  numbers as in C
#   bind         := $name [("<"|"<="|">"|">="|"=="|"!=") term]...
#   result       := "-1" ERRNAME ("|" ERRNAME)... | expr | bind
#
# Arguments left out at the end are not checked; no "=" accepts any result.
# $name binds a kernel-chosen value the first time and must be equal to it
# afterwards, in any later segment.

class NotationError(Exception):
    pass


class Bind:
    """The first time: remember the value under name (a kernel-chosen fd or
    address), checking it against preds [(op, value)]; afterwards: must be
    equal."""

    def __init__(self, name, preds=()):
        self.name, self.preds = name, list(preds)


class Expr:
    """A value computed from earlier bindings: terms [(op, int or name)]."""

    def __init__(self, terms):
        self.terms = terms

    def value(self, env):
        acc = 0
        for op, t in self.terms:
            v = env[t] if isinstance(t, str) else t
            acc = acc + v if op == "+" else acc - v if op == "-" else acc | v
        return acc


class Path:
    """A string argument: compared where the tracer prints the string (qemu);
    strace runs raw, where it is an address and not checked."""

    def __init__(self, s):
        self.s = s


class Has:
    """A decoded struct must contain (or, with absent=True, must not contain)
    text; an undecoded pointer cannot be checked."""

    def __init__(self, text, absent=False):
        self.text, self.absent = text, absent


class Strs:
    """A NULL-terminated array of strings (execve's argv, envp): compared
    where the tracer prints the strings (strace ["a", "b"], qemu
    {"a","b",NULL}); an address otherwise."""

    def __init__(self, strings):
        self.strings = list(strings)


class C:
    """One expected syscall: name, argument specs (None: any; int: that
    value as a 64-bit register; or one of the classes above), the result
    (ret: value, Expr or Bind; err: tuple of errno names), rep: None
    (exactly once), '*' (any number of times) or '+' (at least once), note:
    what the tracer cannot show when this call matches, text: as written."""

    def __init__(self, name, args, ret=None, err=None, rep=None, note=None, text=""):
        self.name, self.args, self.ret, self.err = name, args, ret, err
        self.rep, self.note, self.text = rep, note, text

    def __repr__(self):
        return self.text


ARCHES = ("x86_64", "aarch64", "riscv64")
TRACERS = ("strace", "qemu")
CMP = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
       ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b}


class Parser:
    def __init__(self, text, consts):
        self.s, self.i, self.consts = text, 0, consts

    def fail(self, what):
        raise NotationError("%s at column %d: %r" % (what, self.i + 1, self.s[self.i:self.i + 30] or "end"))

    def ws(self):
        while self.i < len(self.s) and self.s[self.i] in " \t\n":
            self.i += 1

    def peek(self, lit):
        self.ws()
        return self.s.startswith(lit, self.i)

    def eat(self, lit):
        if self.peek(lit):
            self.i += len(lit)
            return True
        return False

    def expect(self, lit):
        if not self.eat(lit):
            self.fail("expected %r" % lit)

    def match(self, pattern):
        self.ws()
        m = re.compile(pattern).match(self.s, self.i)
        if m:
            self.i = m.end()
        return m

    def at_end(self):
        self.ws()
        return self.i >= len(self.s)

    def string(self):
        m = self.match(r"'([^']*)'")
        if not m:
            self.fail("expected a 'string'")
        return m.group(1)

    def term(self):
        if self.eat("-"):
            t = self.term()
            return -t if isinstance(t, int) else self.fail("a name cannot be negated")
        m = self.match(r"0[xX][0-9a-fA-F]+|0[0-7]*(?![\w])|[1-9][0-9]*(?![\w])")
        if m:
            return int(m.group(0), 0) if not re.fullmatch(r"0[0-7]+", m.group(0)) else int(m.group(0), 8)
        m = self.match(r"\$(\w+)")
        if m:
            return m.group(1)
        m = self.match(r"[A-Za-z_]\w*")
        if m:
            if m.group(0) not in self.consts:
                self.i = m.start()
                self.fail("unknown constant %s" % m.group(0))
            return self.consts[m.group(0)]
        self.fail("expected a number, a CONSTANT or a $name")

    def expr(self, first=None):
        terms = [("+", self.term() if first is None else first)]
        while True:
            m = self.match(r"[-+|]")
            if not m:
                break
            terms.append((m.group(0), self.term()))
        if all(isinstance(t, int) for _, t in terms):
            return Expr(terms).value({})
        return Expr(terms)

    def value(self):
        """An argument or a result: bind, expr."""
        m = self.match(r"\$(\w+)")
        if m:
            name, preds = m.group(1), []
            while True:
                c = self.match(r"<=|>=|==|!=|<|>")
                if not c:
                    break
                t = self.term()
                if not isinstance(t, int):
                    self.fail("a comparison needs a number")
                preds.append((c.group(0), t))
            if preds or not self.peek_op():
                return Bind(name, preds)
            return self.expr(first=name)
        return self.expr()

    def peek_op(self):
        self.ws()
        return self.s[self.i:self.i + 1] in ("+", "-", "|")

    def arg(self):
        if self.eat("*"):
            return None
        if self.peek("'"):
            return Path(self.string())
        if self.eat("["):
            strings = [self.string()]
            while self.eat(","):
                strings.append(self.string())
            self.expect("]")
            return Strs(strings)
        if self.eat("{"):
            absent = self.eat("!")
            self.ws()
            start, depth = self.i, 1
            while self.i < len(self.s):
                depth += {"{": 1, "}": -1}.get(self.s[self.i], 0)
                if depth == 0:
                    break
                self.i += 1
            else:
                self.fail("unclosed {")
            text = self.s[start:self.i].strip()
            self.i += 1
            return Has(text, absent)
        return self.value()

    def call(self):
        start = self.i
        m = self.match(r"[a-z_]\w*")
        if not m:
            self.fail("expected a syscall name")
        name, args = m.group(0), []
        self.expect("(")
        if not self.eat(")"):
            while True:
                args.append(self.arg())
                if self.eat(")"):
                    break
                self.expect(",")
        rep = "*" if self.eat("*") else "+" if self.eat("+") else None
        ret = err = note = None
        if self.eat("="):
            m = self.match(r"-1\s+(E[A-Z0-9]+(?:\s*\|\s*E[A-Z0-9]+)*)")
            if m:
                err = tuple(e.strip() for e in m.group(1).split("|"))
                for e in err:
                    if e != "ERESTARTSYS" and not hasattr(errno, e):
                        self.fail("unknown errno %s" % e)
            else:
                ret = self.value()
        if self.match(r"note\b"):
            note = self.string()
        return C(name, args, ret=ret, err=err, rep=rep, note=note, text=self.s[start:self.i].strip())


def parse_expectation(text, arch, kind, consts):
    """The calls text expects on arch under tracer kind, and the text of the
    alternative chosen. Raises NotationError."""
    p, chosen = Parser(text, consts), None
    while True:
        tags = None
        if p.eat("["):
            m = p.match(r"([^\]]*)\]")
            if not m:
                p.fail("unclosed [")
            tags = m.group(1).replace(",", " ").split()
            for t in tags:
                if t not in ARCHES + TRACERS + ("generic",):
                    p.fail("unknown tag %s" % t)
        start, calls = p.i, []
        if not p.at_end() and not p.peek("["):
            calls.append(p.call())
            while p.eat(";"):
                calls.append(p.call())
        if not p.at_end() and not p.peek("["):
            p.fail("expected ';', '[' or the end")
        if chosen is None:
            archs = [t for t in tags or () if t not in TRACERS]
            kinds = [t for t in tags or () if t in TRACERS]
            fits_arch = not archs or arch in archs or ("generic" in archs and arch != "x86_64")
            fits_kind = not kinds or kind in kinds
            if fits_arch and fits_kind:
                chosen = (calls, p.s[start:p.i].strip())
        if p.at_end():
            break
    if chosen is None:
        raise NotationError("no alternative for %s under %s" % (arch, kind))
    return chosen


def expect_constants(arch):
    """The names an expectation may use: the trace symbols, with this
    architecture's true open flags, and the flags qemu never prints."""
    c = dict(SYMBOLS)
    if arch == "aarch64":
        c.update(O_DIRECTORY=0o40000, O_NOFOLLOW=0o100000, O_DIRECT=0o200000, O_LARGEFILE=0o400000)
    else:
        c.update(O_DIRECT=0o40000, O_LARGEFILE=0o100000, O_DIRECTORY=0o200000, O_NOFOLLOW=0o400000)
    c.update(MFD_CLOEXEC=1, MFD_ALLOW_SEALING=2, RWF_HIPRI=1, RWF_DSYNC=2, RWF_SYNC=4, RWF_NOWAIT=8,
             RWF_APPEND=0x10, GRND_NONBLOCK=1, GRND_RANDOM=2, FD_CLOEXEC=1, RLIMIT_NOFILE=7,
             SIGSETSIZE=8)  # sizeof(br_sigset): the kernel's sigsetsize
    return c


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
        for op, v in spec.preds:
            if not CMP[op](seen, v):
                return "%s: %d is not %s %d" % (where, seen, op, v)
        env[spec.name] = seen
        return None
    if isinstance(spec, Expr):
        try:
            spec = spec.value(env)
        except KeyError as e:
            return "%s: $%s is not bound yet" % (where, e.args[0])
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
    marker are a problem (the program starts each child with a marker)."""
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




def source_segments():
    """The segment names the trace sources (every .c here) state with a
    literal name, SEG("name", ...) or expect_segment("name", ...)."""
    here = os.path.dirname(os.path.abspath(__file__))
    names = []
    for f in sorted(os.listdir(here)):
        if f.endswith(".c"):
            with open(os.path.join(here, f)) as src:
                names += re.findall(r'\b(?:SEG|expect_segment)\(\s*"([^"]*)"', src.read())
    return names


def read_report(stdout):
    """The program's report: a (name, expectation) per line, "name TAB
    expectation", the first one the prelude (before the first marker)."""
    entries, problems = [], []
    for line in stdout.splitlines():
        if line:
            name, tab, text = line.partition("\t")
            if not tab:
                problems.append("a line of the report without a tab: %r" % line[:100])
            entries.append((name, text))
    if entries and entries[0][0] != "start-up":
        problems.append("the report does not begin with the start-up prelude")
    return entries, problems


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
    consts = expect_constants(arch)
    stated = source_segments()

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
            entries, report_problems = read_report(stdout)
            names = [n for n, _ in entries[1:]]
            point(not problems, "every line of the trace parses %s" % tag, problems[:20])
            segs, pids, problems = segments(calls, len(names), main_pid)
            problems = report_problems + problems
            point(not problems and names and names[-1] == "br_exit_group",
                  "the trace cuts into the %d segments the program names %s" % (len(names), tag),
                  problems + ([] if names else ["no segment names on stdout; stderr: " + stderr.strip()[:300]]))
            point(status == 0, "exits with status 0 %s" % tag,
                  [] if status == 0 else ["status %d; stderr: %s" % (status, stderr.strip()[:300])])

            env, seen_notes = {}, set()
            for (name, text), seg, pid in zip(entries, segs, pids):
                if name == "report":
                    continue  # the program's own output of the report
                try:
                    exps, chosen = parse_expectation(text, arch, kind, consts)
                except NotationError as e:
                    point(False, "%s %s" % (name, tag), ["the expectation does not parse: %s" % e,
                                                         "expectation: " + text])
                    continue
                why = match_segment(exps, seg, env, kind, seen_notes)
                in_child = "(in the child" in name
                if why is None and pid is not None and (pid != main_pid) != in_child:
                    why = "issued by process %s, %s" % (
                        pid, "the first process, not a forked child" if in_child else "not the first process")
                diag = []
                if why:
                    diag = ["expected: " + (chosen or "no syscall"),
                            "seen:     " + ("; ".join(c.line.strip() for c in seg) or "no syscall"),
                            "why:      " + why]
                point(why is None, "%s %s" % (name, tag), diag)
            ran = {n for n, _ in entries}
            for name in stated:
                if name not in ran:
                    point(False, "%s %s" % (name, tag), ["segment not run by " + os.path.basename(program)])
            for n in seen_notes:
                notes.setdefault(n, []).append(label)
        for n in sorted(notes):
            out.append("# not visible under %s (%s): %s" % (tracer_name, ", ".join(notes[n]), n))

    # Every public function needs a segment (or an ALLOWLIST entry): a
    # wrapper added to a header without one fails here.
    traced = {name.split(" ")[0] for name in stated}
    declared = set()
    for rel, path in headers(arch):
        functions = public_functions(path)
        declared.update(functions)
        missing = [f for f in functions if f not in traced and f not in ALLOWLIST]
        point(not missing, "every public function of %s is traced [%s]" % (rel, arch),
              ["no segment in tests/trace/*.c: " + ", ".join(missing)] if missing else [])
    stale = sorted(f for f in ALLOWLIST if f not in declared or f in traced)
    point(not stale, "the allowlist names only declared, untraced functions [%s]" % arch,
          ["stale: " + ", ".join(stale)] if stale else [])

    print("1..%d" % count)
    print("\n".join(out))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
