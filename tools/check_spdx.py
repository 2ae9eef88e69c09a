#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Every source file carries an SPDX licence line in its first lines.

    check_spdx.py [--fix]

Source files: C, headers, assembly, Python, shell, meson files and the
cross files under the tree (build directories, .git and the fuzz corpus
left out). With --fix the missing lines are added (after a shebang). TAP.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TAG = "SPDX-License-Identifier: MIT"
SKIP_DIRS = {".git", "corpus", "subprojects", "results", "out"}  # out: bench/run's
C_LIKE = (".c", ".h", ".S", ".cc")
HASH = (".py", ".sh", ".txt", ".build", ".wrap", ".config")
HASH_NAMES = {"run", "meson.build", "meson_options.txt"}


def sources():
    for d, dirs, files in os.walk(ROOT):
        rel = os.path.relpath(d, ROOT)
        dirs[:] = sorted(x for x in dirs if x not in SKIP_DIRS and not x.startswith(("build", "b-")))
        for f in sorted(files):
            p = os.path.join(d, f)
            if f.endswith(C_LIKE) or f.endswith(HASH) or f in HASH_NAMES:
                if f.endswith(".txt") and not (rel.startswith("cross") or f == "meson_options.txt"):
                    continue
                if f == "run" and not open(p, "rb").read(2) == b"#!":
                    continue
                yield p


def fix(p):
    text = open(p).read()
    if p.endswith(C_LIKE):
        line = "// " + TAG + "\n" if p.endswith(".cc") else "/* " + TAG + " */\n"
    else:
        line = "# " + TAG + "\n"
    if text.startswith("#!"):
        nl = text.index("\n") + 1
        text = text[:nl] + line + text[nl:]
    else:
        text = line + text
    open(p, "w").write(text)


def main():
    do_fix = "--fix" in sys.argv
    missing = []
    n = 0
    for p in sources():
        n += 1
        head = "".join(open(p, errors="replace").readlines()[:3])
        if TAG not in head:
            missing.append(os.path.relpath(p, ROOT))
            if do_fix:
                fix(p)
    print("1..1")
    if missing and not do_fix:
        print("not ok 1 - %d of %d source files lack an SPDX line in their first three lines" % (len(missing), n))
        for m in missing:
            print("# " + m)
        return 1
    print("ok 1 - all %d source files carry an SPDX line%s" % (n, " (%d added)" % len(missing) if missing else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
