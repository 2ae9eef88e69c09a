# SPDX-License-Identifier: MIT
"""The notation a trace segment states its expected syscalls in, next to
its call in tests/trace/*.c (HACKING.md, "Trace segments"), parsed into
the expectations check.py matches against a trace."""
import errno
import re

from tracelog import SYMBOLS


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
