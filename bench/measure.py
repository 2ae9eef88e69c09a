#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Measures what bench/run built (bench/out/bin-<arch>/) and reports.

Prints one markdown table per architecture to stdout, progress to stderr,
and writes bench/results/results.md, results.json and chart.svg.
Usage: python3 bench/measure.py <repo root>   (bench/run calls it)."""

import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
OUT = os.path.join(ROOT, "bench", "out")
RES = os.path.join(ROOT, "bench", "results")
ARCHES = ["x86_64", "aarch64", "riscv64"]
VARIANTS = ["floor", "bedrock", "musl", "glibc"]
LOOP_N = (1000, 2000)           # per-call cost: (count(2000) - count(1000)) / 1000
CAT_BYTES = 1 << 30             # 1 GiB through a pipe
CAT_ROUNDS = 21
SPAWN_RUNS, SPAWN_WARMUP = 2000, 50
WALL_ROUNDS = 7                 # native x86_64 1,000,000-call loop

# The targets for bedrock.
SIZE_TARGET = {"x86_64": 560, "aarch64": 680, "riscv64": 800}
INSN_TARGET = 40


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def binpath(arch, prog, variant):
    p = os.path.join(OUT, "bin-" + arch, "%s-%s.stripped" % (prog, variant))
    return p if os.path.exists(p) else None


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def machine():
    cpu = re.search(r"Model name:\s*(.*)", sh("lscpu"))
    return {
        "cpu": cpu.group(1).strip() if cpu else "?",
        "cpus": sh("nproc"),
        "kernel": sh("uname -sr"),
        "os": sh(". /etc/os-release && echo $PRETTY_NAME"),
        "qemu": sh("qemu-x86_64 --version | head -1"),
        "gcc": sh("gcc --version | head -1"),
        "glibc": sh("ldd --version | head -1"),
        "musl": "musl " + sh("dpkg-query -W -f='${Version}' musl 2>/dev/null"),
        "valgrind": sh("valgrind --version"),
        "coreutils": sh("cat --version | head -1"),
        "tree": sh("git -C '%s' describe --always --dirty" % ROOT),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


# ---- instruction counts ---------------------------------------------------

STAGE = tempfile.mkdtemp(prefix="bedrock-bench-")
ENV0 = {}  # counts run with an empty environment and argv[0] "./prog"


def stage(prog):
    """A copy of prog as STAGE/<n>/prog, so every variant runs with the same
    argv[0] (libc start-up code scans argv[0] and the environment)."""
    d = os.path.join(STAGE, str(len(os.listdir(STAGE))))
    os.mkdir(d)
    shutil.copy2(prog, os.path.join(d, "prog"))
    return d


def qemu_count(arch, d, args=(), env=ENV0):
    """User-space instructions from exec to exit: with -singlestep every
    translation block is one instruction, and -d exec,nochain logs one
    Trace line per block executed."""
    logf = os.path.join(d, "log")
    r = subprocess.run([shutil.which("qemu-" + arch), "-singlestep", "-d", "exec,nochain", "-D", logf,
                        "./prog", *args], cwd=d, env=env, stdout=subprocess.DEVNULL)
    if r.returncode != 0:
        raise SystemExit("%s/prog %s exited %d under qemu" % (d, args, r.returncode))
    n = 0
    with open(logf, "rb") as f:
        for line in f:
            if line.startswith(b"Trace"):
                n += 1
    os.unlink(logf)
    return n


def callgrind(d, args=()):
    o = os.path.join(d, "cg")
    r = subprocess.run([shutil.which("valgrind"), "--tool=callgrind", "--callgrind-out-file=" + o, "./prog", *args],
                       cwd=d, env=ENV0, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if r.returncode != 0:
        raise SystemExit("%s/prog exited %d under callgrind" % (d, r.returncode))
    with open(o) as f:
        for line in f:
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise SystemExit("no callgrind total for " + d)


def lackey(d, args=()):
    r = subprocess.run([shutil.which("valgrind"), "--tool=lackey", "./prog", *args], cwd=d, env=ENV0,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    m = re.search(r"guest instrs:\s*([\d,]+)", r.stderr)
    if r.returncode != 0 or not m:
        raise SystemExit("%s/prog failed under lackey" % d)
    return int(m.group(1).replace(",", ""))


def per_call(counter, prog):
    a, b = (counter(prog, (str(n),)) for n in LOOP_N)
    return (b - a) / (LOOP_N[1] - LOOP_N[0])


# ---- timings (x86_64, native) --------------------------------------------

def pin0():
    os.sched_setaffinity(0, {0})


def cat_once(cat):
    t0 = time.perf_counter()
    prod = subprocess.Popen([os.path.join(OUT, "host", "producer"), str(CAT_BYTES)],
                            stdout=subprocess.PIPE, preexec_fn=pin0)
    c = subprocess.Popen([cat], stdin=prod.stdout, stdout=subprocess.DEVNULL, preexec_fn=pin0)
    prod.stdout.close()
    rc = c.wait(), prod.wait()
    t = time.perf_counter() - t0
    if rc != (0, 0):
        raise SystemExit("cat run %s failed: %s" % (cat, rc))
    return t


def cat_check(cat):
    data = os.urandom(3 << 20)
    r = subprocess.run([cat], input=data, capture_output=True)
    if r.returncode != 0 or r.stdout != data:
        raise SystemExit("%s does not copy its input" % cat)


def wall_loop(progs):
    """ns per write: (median time at N=1,000,000 - median at N=0) / 10^6,
    runs interleaved in shuffled order, pinned to CPU 0."""
    times = {p: {"1000000": [], "0": []} for p in progs}
    for _ in range(WALL_ROUNDS):
        runs = [(p, n) for p in progs for n in ("1000000", "0")]
        random.shuffle(runs)
        for p, n in runs:
            t0 = time.perf_counter()
            if subprocess.run([p, n], preexec_fn=pin0).returncode != 0:
                raise SystemExit(p + " failed")
            times[p][n].append(time.perf_counter() - t0)
    return {p: (statistics.median(v["1000000"]) - statistics.median(v["0"])) / 1e6 * 1e9
            for p, v in times.items()}


# ---- measure --------------------------------------------------------------

def measure():
    R = {"machine": machine(), "arch": {}, "loop_n": LOOP_N, "cat_bytes": CAT_BYTES,
         "cat_rounds": CAT_ROUNDS, "spawn_runs": SPAWN_RUNS}
    for arch in ARCHES:
        A = R["arch"][arch] = {v: {} for v in VARIANTS}
        with open(os.path.join(OUT, "bin-" + arch, "pkgconfig-check")) as f:
            R["arch"][arch + "_pkgconfig_check"] = f.read().strip()
        for v in VARIANTS:
            m = A[v]
            for prog in ("hello", "loop", "cat"):
                p = binpath(arch, prog, v)
                if p:
                    m[prog + "_size"] = os.path.getsize(p)
            if not binpath(arch, "hello", v):
                continue
            hello, loop = stage(binpath(arch, "hello", v)), stage(binpath(arch, "loop", v))
            log("%s %s: qemu instruction counts" % (arch, v))
            m["hello_qemu"] = qemu_count(arch, hello)
            m["hello_qemu_env"] = qemu_count(arch, hello, env=dict(os.environ))
            m["call_qemu"] = per_call(lambda p, a: qemu_count(arch, p, a), loop)
            if arch == "x86_64":
                log("%s %s: valgrind callgrind and lackey" % (arch, v))
                m["hello_callgrind"] = callgrind(hello)
                m["hello_lackey"] = lackey(hello)
                m["call_callgrind"] = per_call(callgrind, loop)
        for v in VARIANTS:
            for k in ("call_qemu", "call_callgrind"):
                if k in A[v]:
                    A[v]["extra_" + k] = A[v][k] - A["floor"][k]

    X = R["arch"]["x86_64"]
    log("x86_64: loop of 1,000,000 writes, native wall time (%d rounds)" % WALL_ROUNDS)
    progs = {v: binpath("x86_64", "loop", v) for v in VARIANTS}
    ns = wall_loop([p for p in progs.values() if p])
    for v, p in progs.items():
        if p:
            X[v]["call_ns"] = ns[p]

    cats = {v: binpath("x86_64", "cat", v) for v in ("bedrock", "musl", "glibc")}
    cats["gnu"] = "/bin/cat"
    for c in cats.values():
        cat_check(c)
    log("x86_64: cat 1 GiB from a pipe, %d interleaved rounds, producer and cat on CPU 0" % CAT_ROUNDS)
    t = {v: [] for v in cats}
    for r in range(CAT_ROUNDS):
        order = list(cats)
        random.shuffle(order)
        for v in order:
            t[v].append(cat_once(cats[v]))
        log("  round %d/%d done" % (r + 1, CAT_ROUNDS))
    X.setdefault("gnu", {})
    for v in cats:
        med = statistics.median(t[v])
        X[v]["cat_s"] = med
        X[v]["cat_mibs"] = CAT_BYTES / (1 << 20) / med
        X[v]["cat_all_s"] = t[v]
    # Paired per round: each round runs every cat once, so drift cancels.
    for ref in ("gnu", "musl"):
        rs = sorted(g / b for g, b in zip(t[ref], t["bedrock"]))
        X["bedrock"]["cat_vs_" + ref] = statistics.median(rs)
        X["bedrock"]["cat_vs_%s_range" % ref] = (rs[0], rs[-1])

    log("x86_64: hello start-up, posix_spawn+wait, %d runs each, shuffled" % SPAWN_RUNS)
    hellos = {v: binpath("x86_64", "hello", v) for v in VARIANTS}
    out = subprocess.run([os.path.join(OUT, "host", "spawn"), str(SPAWN_RUNS), str(SPAWN_WARMUP),
                          *hellos.values()], capture_output=True, text=True, check=True).stdout
    byprog = {l.split()[0]: [int(x) for x in l.split()[1:]] for l in out.splitlines()}
    for v, p in hellos.items():
        X[v]["spawn_us"], X[v]["spawn_p10_us"], X[v]["spawn_p90_us"] = (x / 1000 for x in byprog[p])
    return R


# ---- report ---------------------------------------------------------------

def fmt(x, nd=None):
    if x is None:
        return "—"
    if isinstance(x, float) and nd is not None:
        return "{:,.{}f}".format(x, nd)
    if isinstance(x, float) and x != int(x):
        return "{:,.1f}".format(x)
    return "{:,}".format(int(x))


def signed(x):
    if x is None:
        return "—"
    s = fmt(abs(x))
    return ("+" if x > 0 else "−" if x < 0 else "±") + s


def status_max(value, limit, unit=""):
    if value is None:
        return "—"
    if value <= limit:
        return "met"
    return "**missed by %s%s** (+%.0f%%)" % (fmt(value - limit), unit, 100.0 * (value - limit) / limit)


def tables(R):
    out = []
    for arch in ARCHES:
        A = R["arch"][arch]
        x86 = arch == "x86_64"
        g = lambda v, k: A.get(v, {}).get(k)
        rows = []

        def row(name, key, target="", status="", f=fmt, gnu="—"):
            rows.append([name] + [f(g(v, key)) for v in VARIANTS[:2]] + [target, status] +
                        [f(g(v, key)) for v in VARIANTS[2:]] + ([gnu] if x86 else []))

        row("hello: stripped size (B)", "hello_size", "≤ %d" % SIZE_TARGET[arch],
            status_max(g("bedrock", "hello_size"), SIZE_TARGET[arch], " B"))
        row("hello: instructions exec→exit (qemu -singlestep)", "hello_qemu", "≤ %d" % INSN_TARGET,
            status_max(g("bedrock", "hello_qemu"), INSN_TARGET))
        row("hello: the same with the caller's environment²", "hello_qemu_env")
        if x86:
            row("hello: Ir exec→exit (callgrind)¹", "hello_callgrind")
            row("hello: instructions exec→exit (lackey)", "hello_lackey")
        row("loop: instructions per write (qemu)", "call_qemu")
        e = g("bedrock", "extra_call_qemu")
        row("loop: extra per write over floor (qemu)", "extra_call_qemu", "±0 (floor)",
            "met" if e is not None and e <= 0 else "**missed by %s**" % fmt(e), f=signed)
        if x86:
            e = g("bedrock", "extra_call_callgrind")
            row("loop: extra per write over floor (callgrind)", "extra_call_callgrind", "±0 (floor)",
                "met" if e is not None and e <= 0 else "**missed by %s**" % fmt(e), f=signed)
            row("loop: ns per write, N=1,000,000, native", "call_ns", f=lambda x: fmt(x, 1) if x is not None else "—")
        row("cat: stripped size (B)", "cat_size")
        if x86:
            gnu = A["gnu"]["cat_mibs"]
            B = A["bedrock"]
            rg, rm = B["cat_vs_gnu"], B["cat_vs_musl"]
            st = ("met" if rg >= 1 else "**missed by %.1f%%**" % (100 * (1 - rg))) + \
                 ": %.3f× GNU (rounds %.2f–%.2f), %.3f× musl (rounds %.2f–%.2f)" % (
                     rg, *B["cat_vs_gnu_range"], rm, *B["cat_vs_musl_range"])
            row("cat: MiB/s, 1 GiB from a pipe, pinned, median", "cat_mibs", "≥ GNU cat", st,
                f=lambda x: fmt(x, 0) if x is not None else "—", gnu=fmt(gnu, 0))
            fl = A["floor"]["spawn_us"]
            row("hello: µs per posix_spawn+wait, median", "spawn_us", "", "%.3f× floor" % (A["bedrock"]["spawn_us"] / fl),
                f=lambda x: "%.1f (%.2f×)" % (x, x / fl) if x is not None else "—")
        head = ["%s" % arch, "floor", "bedrock", "bedrock target", "status", "musl", "glibc"] + (["GNU cat"] if x86 else [])
        t = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
        t += ["| " + " | ".join(r) + " |" for r in rows]
        out.append("\n".join(t))
    return out


def notes(R):
    M = R["machine"]
    chk = ", ".join("%s %s" % (a, R["arch"][a + "_pkgconfig_check"]) for a in ARCHES)
    return [
        "Machine: %s (%s CPUs), %s, %s; %s; %s; %s; %s; %s; %s. Tree: `%s`, %s." % (
            M["cpu"], M["cpus"], M["kernel"], M["os"], M["qemu"], M["gcc"], M["glibc"], M["musl"],
            M["valgrind"], M["coreutils"], M["tree"], M["date"]),
        "",
        "How: bedrock hello and cat are meson's `examples/` built against `bedrock_dep` "
        "(default options: buildtype=minsize); the loop is built with the installed "
        "`pkg-config --cflags/--libs bedrock` at the same -O level (hello built that way is "
        "byte-identical to meson's: %s). Floor: inline-asm syscalls and an own `_start` "
        "(bench/src/floor.h); floor and libc variants use the same size flags as bedrock "
        "(-Os, sections + --gc-sections, -z norelro/noseparate-code/max-page-size=4096). "
        "musl only on x86_64 (Debian musl-tools). Sizes after `strip`. Instructions: "
        "`Trace` lines of `qemu-<arch> -singlestep -d exec,nochain` (qemu-x86_64 too). "
        "Per write: (count at N=%d − count at N=%d) / %d; extra = minus the floor's. "
        "Timings on x86_64 only (aarch64/riscv64 run under qemu, which would time qemu): "
        "cat = GNU coreutils cat, and bench/src/cat_libc.c (examples/cat.c's logic) built "
        "with musl and glibc, reading 1 GiB of 64 KiB writes from a pipe, output /dev/null, "
        "producer and cat pinned to CPU 0, %d rounds in shuffled order, medians (the ratios are "
        "medians of per-round ratios); ns per write = (median time at N=10^6 − at N=0) / 10^6, "
        "pinned, interleaved; start-up = "
        "bench/src/spawn.c, %d runs per binary after %d warm-up rounds, each round in a new "
        "random order, median (ratio to the floor)." % (
            chk, LOOP_N[1], LOOP_N[0], LOOP_N[1] - LOOP_N[0], R["cat_rounds"], R["spawn_runs"], SPAWN_WARMUP),
        "",
        "¹ callgrind's Ir misses the last basic block before exit_group (the block is never "
        "left), so it reads a few instructions low; lackey's guest-instruction count agrees "
        "with qemu's.",
        "",
        "² Every count runs the binary as `./prog` with an empty environment, except this row, "
        "which passes the environment bench/run was started with (%d variables, %d bytes): "
        "libc start-up scans it (glibc's tunables), bedrock's does not." % (R["env_vars"], R["env_bytes"]),
    ]


# ---- chart ----------------------------------------------------------------

COLORS = {"floor": "#7f7f7f", "bedrock": "#d62728", "musl": "#1f77b4", "glibc": "#2ca02c", "gnu": "#9467bd"}


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def chart(R):
    import math
    W, LABEL, BAR, GAP, PAD = 960, 170, 14, 4, 30
    plot_w = W - LABEL - 150
    y = 40
    parts = []

    def panel(title, rows, log=False, unit=""):
        """rows: (label, variant, value, target or None)."""
        nonlocal y
        rows = [r for r in rows if r[2] is not None]
        if not rows:
            return
        parts.append('<text x="10" y="%d" font-weight="bold">%s</text>' % (y, esc(title)))
        y += 10
        vals = [r[2] for r in rows] + [r[3] for r in rows if r[3] is not None]
        if log:
            lo = 10 ** math.floor(math.log10(max(min(v for v in vals if v > 0), 1)))
            hi = 10 ** math.ceil(math.log10(max(vals)))
            pos = lambda v: plot_w * (math.log10(max(v, lo)) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))
            for k in range(int(math.log10(lo)), int(math.log10(hi)) + 1):
                x = LABEL + pos(10 ** k)
                parts.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>' % (
                    x, y, x, y + len(rows) * (BAR + GAP)))
                parts.append('<text x="%.1f" y="%d" font-size="9" fill="#888" text-anchor="middle">%s</text>' % (
                    x, y + len(rows) * (BAR + GAP) + 10, fmt(10 ** k)))
            zero = 0
        else:
            lo, hi = min(0, min(vals)), max(max(vals), 1e-9)
            span = hi - lo or 1
            pos = lambda v: plot_w * (v - lo) / span
            zero = pos(0)
        for label, variant, v, target in rows:
            x0, x1 = sorted((LABEL + zero, LABEL + pos(v)))
            parts.append('<text x="%d" y="%d" font-size="11" text-anchor="end">%s</text>' % (
                LABEL - 6, y + BAR - 3, esc(label)))
            parts.append('<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/>' % (
                x0, y, max(x1 - x0, 1), BAR, COLORS[variant]))
            parts.append('<text x="%.1f" y="%d" font-size="11">%s%s</text>' % (
                max(x1, LABEL + zero) + 4, y + BAR - 3, fmt(v) if not isinstance(v, float) or v == int(v)
                else "{:,.0f}".format(v) if abs(v) >= 100 else "%.1f" % v, unit))
            if target is not None:
                tx = LABEL + pos(target)
                parts.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="black" stroke-width="2" '
                             'stroke-dasharray="3,2"><title>target %s</title></line>' % (tx, y - 2, tx, y + BAR + 2, fmt(target)))
            y += BAR + GAP
        y += PAD + (10 if log else 0)

    A = R["arch"]
    per = lambda key, tgt=None: [("%s %s" % (a, v), v, A[a][v].get(key), tgt(a) if tgt and v == "bedrock" else None)
                                 for a in ARCHES for v in VARIANTS if key in A[a][v]]
    panel("Stripped hello size, bytes (log scale; dashed: bedrock target)", per("hello_size", lambda a: SIZE_TARGET[a]), log=True)
    panel("hello: user instructions exec→exit, qemu -singlestep (log scale)", per("hello_qemu", lambda a: INSN_TARGET), log=True)
    panel("loop: extra instructions per write() over the floor (qemu)", per("extra_call_qemu", lambda a: 0))
    X = A["x86_64"]
    panel("x86_64 cat: MiB/s, 1 GiB from a pipe, pinned to one CPU (median)",
          [("%s cat" % ("GNU" if v == "gnu" else v), v, X[v]["cat_mibs"], X["gnu"]["cat_mibs"] if v == "bedrock" else None)
           for v in ("bedrock", "musl", "glibc", "gnu")])
    panel("x86_64 hello: µs per posix_spawn+wait (median)",
          [("%s" % v, v, X[v]["spawn_us"], None) for v in VARIANTS], unit=" µs")
    M = R["machine"]
    parts.append('<text x="10" y="%d" font-size="10" fill="#555">%s</text>' % (
        y, esc("%s · %s · %s · tree %s · %s" % (M["cpu"], M["kernel"], M["qemu"], M["tree"], M["date"]))))
    y += 10
    head = ('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
            'font-family="sans-serif" font-size="12">\n<rect width="100%%" height="100%%" fill="white"/>\n'
            '<text x="10" y="20" font-size="15" font-weight="bold">bedrock vs floor, musl, glibc</text>\n' % (W, y, W, y))
    return head + "\n".join(parts) + "\n</svg>\n"


def main():
    t0 = time.time()
    R = measure()
    R["measure_seconds"] = round(time.time() - t0)
    R["env_vars"] = len(os.environ)
    R["env_bytes"] = sum(len(k) + len(v) + 2 for k, v in os.environ.items())
    shutil.rmtree(STAGE, ignore_errors=True)
    R["build_seconds"] = int(os.environ.get("BUILD_SECONDS", "0"))
    ts = tables(R)
    body = notes(R)
    md = ["# bedrock benchmarks", "", "Generated by `bash bench/run` (do not edit by hand).", ""]
    for arch, t in zip(ARCHES, ts):
        md += ["## %s" % arch, "", t, ""]
    md += body
    md += ["", "Run time: %d s build + %d s measurement." % (R["build_seconds"], R["measure_seconds"]), ""]
    os.makedirs(RES, exist_ok=True)
    with open(os.path.join(RES, "results.md"), "w") as f:
        f.write("\n".join(md))
    with open(os.path.join(RES, "results.json"), "w") as f:
        json.dump(R, f, indent=1, sort_keys=True)
    with open(os.path.join(RES, "chart.svg"), "w") as f:
        f.write(chart(R))
    print("\n".join(md[4:]))
    log("wrote bench/results/results.md, results.json, chart.svg")


if __name__ == "__main__":
    main()
