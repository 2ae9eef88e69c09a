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
"name TAB expectation", and this engine parses the notation (notation.py,
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
clone line, in either order (see tracelog.py); any other piece of a line
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

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from notation import Bind, Expr, Has, NotationError, Path, Strs, expect_constants, parse_expectation, CMP  # noqa: E402
from tracelog import ERESTARTSYS, parse_trace, syscall_numbers  # noqa: E402

MASK64 = (1 << 64) - 1
MARK_BASE = 7000


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
