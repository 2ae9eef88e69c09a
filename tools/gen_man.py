#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Man pages (section 3) from the comments of bedrock's public headers.

    gen_man.py OUTDIR           write OUTDIR/man3/*.3 and OUTDIR/stamp
    gen_man.py --check OUTDIR   every public declaration has a documentation
                                comment and a page in OUTDIR/man3, and every
                                page passes mandoc -Tlint (or groff -ww)
    gen_man.py --install OUTDIR MANDIR
                                copy OUTDIR/man3 into MANDIR/man3 under the
                                install prefix and destdir (meson install script)
    gen_man.py --headers        the header files, one per line (for meson)

The header comments are the one source. A public declaration is a function,
a typedef or a macro whose name starts with br_ / BR_ but not br__ / BR__;
its documentation is the comment directly above it. Every function and type
gets a page of its own. Constants come in groups (consecutive #define lines
with no blank line between them): a group's page is named after its first
constant and lists them all; every other constant is a .so link to it. The
per-architecture headers (arch/*/include/bedrock/arch/ARCH/) are read for
all three architectures; a name they define differently shows each value.
Every header also gets a module page, bedrock-MODULE(3), with its leading
comment and everything it declares.
"""
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARCHES = ("x86_64", "aarch64", "riscv64")
DATE = "2026-11-30"


def headers():
    """(path, include name, arch or None) of every public header."""
    out = []
    inc = os.path.join(ROOT, "include")
    for d, _, files in sorted(os.walk(os.path.join(inc, "bedrock"))):
        for f in sorted(files):
            if f.endswith(".h"):
                p = os.path.join(d, f)
                out.append((p, os.path.relpath(p, inc), None))
    for a in ARCHES:
        ainc = os.path.join(ROOT, "arch", a, "include")
        for d, _, files in sorted(os.walk(ainc)):
            for f in sorted(files):
                if f.endswith(".h"):
                    p = os.path.join(d, f)
                    out.append((p, os.path.relpath(p, ainc), a))
    return out


# Names the compilers or the kernel choose that the library exports and
# the headers declare (mem.h, crt.h): documented on their module's page
# (bedrock-mem(3), bedrock-crt(3)), not on pages of their own.
STANDARD_NAMES = {"memcpy", "memmove", "memset", "memcmp", "bcmp",
                  "_start", "__stack_chk_fail", "__stack_chk_guard"}


def is_public(name):
    return (name.startswith("br_") and not name.startswith("br__")) or \
        (name.startswith("BR_") and not name.startswith("BR__")) or name in STANDARD_NAMES


def clean_comment(text):
    """The words of a /* */ comment, as paragraphs."""
    body = text.strip()
    body = re.sub(r"^/\*+", "", body)
    body = re.sub(r"\*+/$", "", body)
    lines = [re.sub(r"^\s*\* ?", "", l).rstrip() for l in body.split("\n")]
    return "\n".join(lines).strip()


class Item:
    def __init__(self, kind, name, doc, decl, header, arch, line):
        self.kind, self.name, self.doc, self.decl = kind, name, doc, decl
        self.header, self.arch, self.line = header, arch, line
        self.group = None  # constants: the first name of the group


def parse(path, incname, arch):
    """The module comment and the public items of one header."""
    text = open(path).read()
    lines = text.split("\n")
    items = []
    module_doc = ""
    i, n = 0, len(lines)
    pending = None  # (comment text, line index after it)
    depth = 0  # brace depth: inside function bodies and struct bodies
    group = None  # current constant group (first name), None after a blank line
    prev_define_guard = None
    docs_by_name = {}
    while i < n:
        line = lines[i]
        s = line.strip()
        if depth == 0 and s.startswith("/*"):
            j = i
            while "*/" not in lines[j]:
                j += 1
            comment = "\n".join(lines[i:j + 1])
            after = "\n".join(lines[j + 1:]).lstrip()
            if not module_doc and not items and (after.startswith("#ifndef") or after.startswith("#include")):
                module_doc = clean_comment(comment)
            if comment.strip().startswith("/*") and comment.rstrip().endswith("*/") and \
                    lines[j].rstrip().endswith("*/"):
                pending = clean_comment(comment)
            i = j + 1
            continue
        if s == "":
            pending = None if depth == 0 and not s else pending
            group = None
            i += 1
            continue
        if re.match(r"^BR_(BEGIN|END)_DECLS$", s):
            i += 1
            continue
        if depth == 0 and s.startswith("#ifndef"):
            prev_define_guard = s.split()[1] if len(s.split()) > 1 else None
            i += 1
            continue
        if depth == 0 and s.startswith("#define"):
            m = re.match(r"#define\s+(\w+)(\(([^)]*)\))?\s*(.*)", s)
            name = m.group(1)
            # the whole definition, with continuation lines
            j = i
            while lines[j].rstrip().endswith("\\"):
                j += 1
            if name == prev_define_guard:
                i = j + 1
                continue
            if is_public(name):
                if pending:
                    docs_by_name[name] = pending
                pending = docs_by_name.get(name)  # the other branch of an #ifdef
                value = m.group(4).rstrip("\\").strip()
                if m.group(2):
                    it = Item("macro", name, pending, "#define %s%s" % (name, m.group(2)), incname, arch, i + 1)
                else:
                    it = Item("const", name, pending, value, incname, arch, i + 1)
                    if group is None:
                        group = name
                    it.group = group
                items.append(it)
            pending = None
            i = j + 1
            continue
        if depth == 0 and s.startswith("#"):
            i += 1
            continue
        if depth == 0:
            # A declaration: up to ';' at depth 0 or the '{' of a body.
            j = i
            decl_lines = []
            while True:
                decl_lines.append(lines[j])
                joined = " ".join(l.strip() for l in decl_lines)
                if re.match(r"^typedef\s+(struct|union|enum)\b[^;]*\{", joined) or \
                        re.match(r"^(struct|union|enum)\s+\w+\s*\{", joined):
                    # a typedef'd aggregate: read to the matching '}' NAME;
                    d = 0
                    k = i
                    body = []
                    while True:
                        body.append(lines[k])
                        d += lines[k].count("{") - lines[k].count("}")
                        if d == 0 and ";" in lines[k]:
                            break
                        k += 1
                    full = "\n".join(body)
                    mname = re.search(r"\}\s*(\w+)\s*;\s*$", full)
                    if mname and is_public(mname.group(1)):
                        items.append(Item("type", mname.group(1), pending, full, incname, arch, i + 1))
                    pending = None
                    i = k + 1
                    break
                if ";" in lines[j] or "{" in lines[j]:
                    decl = joined.split("{")[0].strip().rstrip(";").strip()
                    body_follows = "{" in lines[j] and not decl.startswith("typedef")
                    fm = re.search(r"\(\s*\*\s*(\w+)\s*\)\s*\(", decl) if decl.startswith("typedef") else None
                    if fm:
                        if is_public(fm.group(1)):
                            items.append(Item("type", fm.group(1), pending, decl + ";", incname, arch, i + 1))
                    elif decl.startswith("typedef"):
                        tm = re.search(r"(\w+)\s*(\[[^\]]*\])?\s*$", decl)
                        if tm and is_public(tm.group(1)):
                            items.append(Item("type", tm.group(1), pending, decl + ";", incname, arch, i + 1))
                    else:
                        fm = re.search(r"\b(\w+)\s*\(", decl)
                        if fm and is_public(fm.group(1)):
                            items.append(Item("func", fm.group(1), pending, prototype(decl), incname, arch, i + 1))
                    pending = None
                    i = j + 1
                    if body_follows:
                        d = 0
                        k = j
                        while True:
                            d += lines[k].count("{") - lines[k].count("}")
                            if d <= 0 and "}" in lines[k]:
                                break
                            k += 1
                        i = k + 1
                    break
                j += 1
                if j >= n:
                    i = n
                    break
            continue
        i += 1
    return module_doc, items


def prototype(decl):
    """A declaration as a reader wants it: no bedrock attribute macros."""
    d = re.sub(r"\b(BR_MUST_USE|BR_INLINE|BR_NORETURN|extern|static|__inline__|inline)\b", "", decl)
    d = re.sub(r"__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)", "", d)
    d = d.replace("BR_RESTRICT", "restrict")
    d = re.sub(r"\s+", " ", d).strip()
    d = re.sub(r"\(\s+", "(", d)
    return d + ";"


def esc(t):
    """Text for roff: backslashes, leading dots and quotes made harmless."""
    t = t.replace("\\", "\\e")
    out = []
    for l in t.split("\n"):
        if l.startswith(".") or l.startswith("'"):
            l = "\\&" + l
        out.append(l)
    return "\n".join(out)


def para(doc):
    """Doc comment paragraphs as roff text."""
    if not doc:
        return ""
    parts = [p for p in re.split(r"\n\s*\n", doc) if p.strip()]
    return "\n.PP\n".join(esc(" ".join(l.strip() for l in p.split("\n"))) for p in parts)


def summary(doc):
    s = " ".join((doc or "").split())
    s = re.sub(r"^\w+\(2\)(, \w+\(2\))*(:\s*|\s+)", "", s) or s  # "read(2): reads..." -> "reads..."
    m = re.match(r"(.+?[.;:])(\s|$)", s)
    s = m.group(1) if m else s
    s = s.rstrip(".;:")
    return esc(s[:150])


def page_head(name, desc):
    return "\n".join([
        '.TH "%s" 3 %s "bedrock" "bedrock Programmer\'s Manual"' % (name, DATE),
        ".SH NAME",
        "%s \\- %s" % (name.replace("-", "\\-"), desc or "bedrock"),
        ".SH LIBRARY",
        "bedrock (libbedrock,",
        ".IR \"pkg-config bedrock\" )",
    ])


def synopsis(header, code):
    return "\n".join([".SH SYNOPSIS", ".nf", ".B #include <bedrock/bedrock.h>",
                      ".RB \"/* or \" \"#include <%s>\" \" */\"" % header, ".PP", esc(code), ".fi"])


def see_also(names):
    names = sorted(set(names))
    if not names:
        return ""
    return ".SH SEE ALSO\n" + ",\n".join(".BR %s (3)" % n for n in names)


def build(outdir):
    man = os.path.join(outdir, "man3")
    if os.path.isdir(man):
        shutil.rmtree(man)
    os.makedirs(man)
    modules = {}  # include name -> (doc, [items])
    for path, incname, arch in headers():
        doc, items = parse(path, incname, arch)
        key = incname if arch is None else incname.replace("/" + arch + "/", "/ARCH/")
        mdoc, mitems = modules.setdefault(key, (doc, []))
        mitems.extend(items)
    pages = {}
    links = {}
    for incname, (mdoc, items) in sorted(modules.items()):
        modname = "bedrock-" + re.sub(r"\.h$", "", incname.split("bedrock/", 1)[1]).replace("/", "-")
        shown_inc = incname.replace("/ARCH/", "/<arch>/")
        by_name = {}
        for it in items:
            by_name.setdefault(it.name, []).append(it)
        funcs = sorted(n for n, v in by_name.items() if v[0].kind == "func")
        types = sorted(n for n, v in by_name.items() if v[0].kind == "type")
        # Functions, macros with parameters and types: a page each.
        for name, its in by_name.items():
            it = its[0]
            if it.kind == "const":
                continue
            if name in STANDARD_NAMES:
                # No page of bedrock's own: it would shadow the system's
                # memcpy(3) and friends. The module page lists them.
                continue
            variants = {}
            for v in its:
                variants.setdefault(v.decl, []).append(v.arch)
            if len(variants) == 1:
                code = it.decl
            else:
                code = "\n".join("/* %s */\n%s" % (", ".join(a for a in archs if a), d) for d, archs in variants.items())
            body = [page_head(name, summary(it.doc)), synopsis(shown_inc, code),
                    ".SH DESCRIPTION", para(it.doc)]
            if it.kind == "func" and re.match(r"br_errno\b", it.decl):
                body += [".SH RETURN VALUE",
                         ".B BR_OK",
                         "(0) on success, with the results in the out-parameters; otherwise the",
                         "error, a",
                         ".BR br_errno (3)",
                         "value such as",
                         ".BR BR_EBADF .",
                         "A wrapper issues exactly the system call it names and never retries:",
                         ".B BR_EINTR",
                         "comes back to the caller."]
            m = re.match(r"(\w+)\(2\)", it.doc or "")
            body.append(see_also([x for x in funcs + types if x != name][:12] + [modname]))
            if m:
                body[-1] += ",\n.BR %s (2)" % m.group(1)
            pages[name] = "\n".join(b for b in body if b) + "\n"
        # Constant groups.
        groups = {}
        for name, its in by_name.items():
            if its[0].kind != "const":
                continue
            key = its[0].group
            while by_name[key][0].group != key:  # an arch's group inside another's
                key = by_name[key][0].group
            groups.setdefault(key, []).append(name)
        for first, names in groups.items():
            names = [first] + [x for x in names if x != first]
            doc = by_name[first][0].doc
            rows = []
            for nm in names:
                its = by_name[nm]
                vals = {}
                for v in its:
                    vals.setdefault(v.decl, []).append(v.arch)
                if len(vals) == 1:
                    val = esc(its[0].decl)
                else:
                    val = "; ".join("%s on %s" % (esc(d), ", ".join(a for a in archs if a)) for d, archs in vals.items())
                d = by_name[nm][0].doc
                rows.append(".TP\n.B %s\n%s%s" % (nm, val or "(defined)", ("\n.br\n" + esc(" ".join(d.split()))) if d else ""))
            what = summary(doc) or "constants of " + shown_inc
            if len(names) > 1:
                what += " (and %d related constants)" % (len(names) - 1)
            body = [page_head(first, what),
                    ".SH SYNOPSIS", ".nf", ".B #include <bedrock/bedrock.h>",
                    ".RB \"/* or \" \"#include <%s>\" \" */\"" % shown_inc, ".fi",
                    ".SH DESCRIPTION",
                    "A group of constants of %s, each with its value and meaning." % esc(shown_inc),
                    ".SS Constants"] + rows + [see_also([modname])]
            pages[first] = "\n".join(b for b in body if b) + "\n"
            for nm in names[1:]:
                links[nm] = first
        # The module page.
        body = [page_head(modname, summary(mdoc) or shown_inc), ".SH SYNOPSIS", ".nf",
                ".B #include <%s>" % shown_inc, ".fi", ".SH DESCRIPTION", para(mdoc) or esc(shown_inc)]
        if funcs:
            body += [".SS Functions"] + [".TP\n.BR %s (3)\n%s" % (f, summary(by_name[f][0].doc)) for f in funcs]
        if types:
            body += [".SS Types"] + [".TP\n.BR %s (3)\n%s" % (t, summary(by_name[t][0].doc)) for t in types]
        macros = sorted(n for n, v in by_name.items() if v[0].kind == "macro")
        if macros:
            body += [".SS Macros"] + [".TP\n.BR %s (3)\n%s" % (t, summary(by_name[t][0].doc)) for t in macros]
        if groups:
            body += [".SS Constants"] + [".TP\n.BR %s (3)\n%s" % (g, ", ".join(esc(x) for x in names[:8]) + (", ..." if len(names) > 8 else ""))
                                         for g, names in groups.items()]
        body.append(see_also(["bedrock-bedrock"] if modname != "bedrock-bedrock" else []))
        pages[modname] = "\n".join(b for b in body if b) + "\n"
    for name, text in pages.items():
        open(os.path.join(man, name + ".3"), "w").write(text)
    for name, target in links.items():
        if name not in pages:
            open(os.path.join(man, name + ".3"), "w").write(".so man3/%s.3\n" % target)
    open(os.path.join(outdir, "stamp"), "w").write("%d pages, %d links\n" % (len(pages), len(links)))
    return modules


def public_names():
    """What the headers declare, found independently of parse(): function
    names before '(' at the start of a declaration, typedef names, macros."""
    names = {}
    for path, incname, arch in headers():
        text = open(path).read()
        text_nc = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
        for m in re.finditer(r"^[A-Za-z_][\w \t\*]*?\b(br_\w+)\s*\(", text_nc, re.M):
            if is_public(m.group(1)) and not m.group(0).lstrip().startswith(("return", "#")):
                names.setdefault(m.group(1), (incname, "function"))
        for m in re.finditer(r"^\}\s*(br_\w+)\s*;", text_nc, re.M):
            if is_public(m.group(1)):
                names.setdefault(m.group(1), (incname, "type"))
        for m in re.finditer(r"^typedef\b[^;{]*?\b(br_\w+)\s*(\)\s*\(|;)", text_nc, re.M):
            if is_public(m.group(1)):
                names.setdefault(m.group(1), (incname, "type"))
        for m in re.finditer(r"^#\s*define\s+(BR_\w+)", text_nc, re.M):
            if is_public(m.group(1)) and not re.match(r"BR_ARCH_\w+_H$", m.group(1)):
                names.setdefault(m.group(1), (incname, "macro"))
    return names


def check(outdir):
    man = os.path.join(outdir, "man3")
    failures = []
    n = 0
    # Documentation comments: every parsed item has one.
    for path, incname, arch in headers():
        _, items = parse(path, incname, arch)
        for it in items:
            n += 1
            if not it.doc and not (it.kind == "const" and it.group != it.name):
                failures.append("%s:%d: %s has no documentation comment" % (os.path.relpath(path, ROOT), it.line, it.name))
    # Pages: every public name has one.
    names = public_names()
    for name, (incname, kind) in sorted(names.items()):
        if name in STANDARD_NAMES:
            mod = os.path.join(man, "bedrock-" + incname.split("bedrock/", 1)[1][:-2].replace("/", "-") + ".3")
            if not os.path.exists(mod) or name not in open(mod).read():
                failures.append("%s (%s in %s) is not on its module's man page" % (name, kind, incname))
            continue
        if not os.path.exists(os.path.join(man, name + ".3")):
            failures.append("%s (%s in %s) has no man page" % (name, kind, incname))
    # Lint.
    files = sorted(os.path.join(man, f) for f in os.listdir(man))
    real = [f for f in files if not open(f).read().startswith(".so ")]
    lint = None
    if shutil.which("mandoc"):
        r = subprocess.run(["mandoc", "-Tlint", "-Wwarning"] + real, capture_output=True, text=True)
        lint = ("mandoc -Tlint -Wwarning", [l for l in (r.stdout + r.stderr).splitlines() if l.strip()])
    elif shutil.which("groff"):
        out = []
        for f in real:
            r = subprocess.run(["groff", "-man", "-ww", "-z", f], capture_output=True, text=True)
            out += [f + ": " + l for l in r.stderr.splitlines() if l.strip()]
        lint = ("groff -man -ww -z", out)
    print("1..3")
    print(("ok" if not [f for f in failures if "documentation" in f] else "not ok") +
          " 1 - every public declaration of the headers has a documentation comment (%d declarations)" % n)
    for f in failures:
        if "documentation" in f:
            print("# " + f)
    print(("ok" if not [f for f in failures if "man page" in f] else "not ok") +
          " 2 - every public name has a man page (%d names, %d files)" % (len(names), len(files)))
    for f in failures:
        if "man page" in f:
            print("# " + f)
    if lint is None:
        print("ok 3 - pages lint-clean # SKIP neither mandoc nor groff is installed")
        return 0 if not failures else 1
    print(("ok" if not lint[1] else "not ok") + " 3 - %d pages lint-clean under %s" % (len(real), lint[0]))
    for l in lint[1][:40]:
        print("# " + l)
    return 0 if not failures and not lint[1] else 1


def install(outdir, mandir):
    if os.path.isabs(mandir):
        target = os.path.join(os.environ.get("DESTDIR", "/"), mandir.lstrip("/"), "man3")
    else:
        target = os.path.join(os.environ["MESON_INSTALL_DESTDIR_PREFIX"], mandir, "man3")
    os.makedirs(target, exist_ok=True)
    src = os.path.join(outdir, "man3")
    for f in sorted(os.listdir(src)):
        shutil.copyfile(os.path.join(src, f), os.path.join(target, f))
    print("installed %d man pages in %s" % (len(os.listdir(src)), target))


def main():
    a = sys.argv[1:]
    if a == ["--headers"]:
        for path, _, _ in headers():
            print(path)
        return 0
    if len(a) == 2 and a[0] == "--check":
        return check(a[1])
    if len(a) == 3 and a[0] == "--install":
        install(a[1], a[2])
        return 0
    if len(a) == 1:
        build(a[0])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
