#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Measures what bench/mem built: usage: mem_measure.py OUT RESULTS [--quick]

x86_64: every binary's `time` table, ROUNDS rounds interleaved, pinned to
one CPU, best (lowest) per cell; printed as bedrock's ns per call and its
ratio to glibc and musl (bedrock / other: below 1 is faster).
aarch64, riscv64: instructions per byte under qemu-user (-singlestep, one
Trace line per instruction), from runs with 3 and 1 calls (the difference
leaves out start-up and exit), bedrock beside glibc."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

FUNCS = ["memcpy", "memmove", "memset", "memcmp"]


def timing(out, rounds):
    libs = [l for l in ("bedrock", "glibc", "musl") if os.path.exists(os.path.join(out, "mem-%s-x86_64" % l))]
    best = {}
    pin = ["taskset", "-c", "1"] if shutil.which("taskset") else []
    for r in range(rounds):
        for lib in libs:
            p = subprocess.run(pin + [os.path.join(out, "mem-%s-x86_64" % lib), "time"],
                               capture_output=True, text=True, check=True)
            for line in p.stdout.splitlines():
                f, al, n, t = line.split()
                k = (lib, f, al, int(n))
                v = int(t) / 1000.0
                best[k] = min(best.get(k, v), v)
        print("bench/mem: x86_64 round %d/%d done" % (r + 1, rounds), file=sys.stderr)
    return libs, best


def count(qemu, binary, args):
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "log")
        subprocess.run([qemu, "-singlestep", "-d", "exec,nochain", "-D", log, binary] + args,
                       check=True, capture_output=True)
        n = 0
        with open(log, "rb") as f:
            for line in f:
                if line.startswith(b"Trace"):
                    n += 1
        return n


def counts(out, sizes):
    res = {}
    for arch in ("aarch64", "riscv64"):
        qemu = shutil.which("qemu-" + arch)
        if not qemu:
            continue
        for lib in ("bedrock", "glibc"):
            b = os.path.join(out, "mem-%s-%s" % (lib, arch))
            if not os.path.exists(b):
                continue
            for f in FUNCS:
                for mis in (0, 1):
                    for n in sizes:
                        c1 = count(qemu, b, ["run", f, str(n), str(mis), "1"])
                        c3 = count(qemu, b, ["run", f, str(n), str(mis), "3"])
                        res[(arch, lib, f, "misaligned" if mis else "aligned", n)] = (c3 - c1) / 2.0
        print("bench/mem: %s counted" % arch, file=sys.stderr)
    return res


def human(n):
    for unit, div in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= div and n % div == 0:
            return "%d %s" % (n // div, unit)
    return "%d B" % n


def main(argv):
    out, results = argv[1], argv[2]
    quick = "--quick" in argv
    libs, best = timing(out, 2 if quick else 5)
    qsizes = [64, 1024, 16384] if quick else [16, 64, 256, 1024, 4096, 65536]
    cnt = counts(out, qsizes)

    md = ["# mem* against glibc and musl", "",
          "Measured by `bash bench/mem`. x86_64: ns per call, best of %s interleaved rounds of "
          "7 repetitions each, pinned to one CPU; the ratio is bedrock's time over the other's "
          "(below 1.00: bedrock is faster; the goal is at most 1.20 against glibc). "
          "Aligned: both buffers at a multiple of 64; misaligned: destination +3, source +1. "
          "Cells of 4 MiB and more are bound by memory bandwidth and move with whatever else runs on the "
          "machine; whole-process timing of `mem_bench run F N MIS R`, bedrock and glibc in turn, "
          "gives their ratio more steadily." % (2 if quick else 5), ""]
    js = {"x86_64": {}, "qemu": {}}
    sizes = sorted({k[3] for k in best})
    for f in FUNCS:
        head = "| %s | bedrock ns (al.) | ×glibc | ×musl | bedrock ns (misal.) | ×glibc | ×musl |" % f
        md += [head, "|---|---:|---:|---:|---:|---:|---:|"]
        for n in sizes:
            cells = [human(n)]
            for al in ("aligned", "misaligned"):
                b = best.get(("bedrock", f, al, n))
                cells.append("%.1f" % b if b is not None else "—")
                for other in ("glibc", "musl"):
                    o = best.get((other, f, al, n))
                    r = b / o if b and o else None
                    cells.append(("**%.2f**" if r and r > 1.2 and other == "glibc" else "%.2f") % r if r else "—")
                    js["x86_64"]["%s %s %d %s" % (f, al, n, other)] = r
            md.append("| " + " | ".join(cells) + " |")
        md.append("")
    if cnt:
        md += ["Instructions per byte under qemu-user (user-space, `-singlestep`), bedrock / glibc:", ""]
        for arch in ("aarch64", "riscv64"):
            if not any(k[0] == arch for k in cnt):
                continue
            md += ["| %s | " % arch + " | ".join("%s al." % human(n) for n in qsizes) + " | " +
                   " | ".join("%s mis." % human(n) for n in qsizes) + " |",
                   "|---|" + "---:|" * (2 * len(qsizes))]
            for f in FUNCS:
                cells = [f]
                for al in ("aligned", "misaligned"):
                    for n in qsizes:
                        b = cnt.get((arch, "bedrock", f, al, n))
                        g = cnt.get((arch, "glibc", f, al, n))
                        cells.append("%.2f / %.2f" % (b / n, g / n) if b is not None and g is not None else "—")
                        js["qemu"]["%s %s %s %d" % (arch, f, al, n)] = [b, g]
                md.append("| " + " | ".join(cells) + " |")
            md.append("")
    text = "\n".join(md)
    print(text)
    os.makedirs(results, exist_ok=True)
    with open(os.path.join(results, "mem.md"), "w") as fo:
        fo.write(text + "\n")
    with open(os.path.join(results, "mem.json"), "w") as fo:
        json.dump(js, fo, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv)
