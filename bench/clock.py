#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""ns per clock_gettime(CLOCK_MONOTONIC): bedrock (vDSO, looked up on first
use) against glibc and musl static, x86_64 native, in the same run.

    clock.py ROOT            (bench/run calls it after building bench/out/)

Each program (bench/src/clock_*.c) times 11 rounds of 10^6 calls with the
clock itself and prints its median round; the three run in turn, pinned to
one CPU, for ROUNDS turns, so that a drift of the machine's speed hits all
three alike. Reported: the median over the turns of each program's figure,
and the median over the turns of the per-turn ratio bedrock/glibc and
bedrock/musl. Writes bench/results/clock.md and prints it."""
import os
import statistics
import subprocess
import sys

ROUNDS = 15


def run(path):
    cmd = [path]
    if subprocess.run(["taskset", "-c", "0", "true"], capture_output=True).returncode == 0:
        cmd = ["taskset", "-c", "0", path]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return int(out.strip()) / 10.0


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    bin_dir = os.path.join(root, "bench", "out", "bin-x86_64")
    names = [n for n in ("bedrock", "glibc", "musl") if os.path.exists(os.path.join(bin_dir, "clock-" + n))]
    if "bedrock" not in names:
        sys.exit("clock.py: no bench/out/bin-x86_64/clock-bedrock (run bench/run)")
    got = {n: [] for n in names}
    for _ in range(ROUNDS):
        for n in names:
            got[n].append(run(os.path.join(bin_dir, "clock-" + n)))
    lines = ["| x86_64, native | " + " | ".join(names) + " |",
             "|---|" + "---:|" * len(names),
             "| ns per clock_gettime(MONOTONIC), median of %d turns | " % ROUNDS +
             " | ".join("%.1f" % statistics.median(got[n]) for n in names) + " |"]
    for other in names[1:]:
        ratios = [b / o for b, o in zip(got["bedrock"], got[other])]
        lines.append("| bedrock / %s, median of the per-turn ratios (min–max) | %.2f× (%.2f–%.2f) |%s" %
                     (other, statistics.median(ratios), min(ratios), max(ratios), " |" * (len(names) - 1)))
    text = "\n".join(lines) + "\n"
    os.makedirs(os.path.join(root, "bench", "results"), exist_ok=True)
    with open(os.path.join(root, "bench", "results", "clock.md"), "w") as f:
        f.write(text)
    sys.stdout.write(text)


main()
