#!/bin/bash
# SPDX-License-Identifier: MIT
# The ways a user builds a program against bedrock, for one architecture:
#   subproject   meson, subprojects/bedrock -> this tree, dependency('bedrock'),
#                the parent at -O0 (buildtype=debug): bedrock's tests are off
#                and its examples not built, its library still built at -Os
#   wrap         meson, subprojects/bedrock.wrap naming a `meson dist`
#                tarball (BEDROCK_DIST; skipped, said so, when unset)
#   meson-pc     meson, dependency('bedrock') from an installed bedrock.pc
#   cc-prefix    cc $(pkg-config --cflags bedrock) hello.c -o hello $(pkg-config --libs bedrock)
#                after `meson install` with --prefix=<temp dir>; the same
#                flags with clang -Werror and with g++/clang++ for a C++ program
#   cc-destdir   the same after `meson install --destdir`, with
#                PKG_CONFIG_SYSROOT_DIR=<destdir>
# Each path builds hello (C), support (popcount and 128-bit division: the
# compiler's support routines must link) and, where it can, hello-cpp
# (C++17, -Wall -Wextra -Werror -fno-exceptions -fno-rtti). Each binary must
# be a static ELF for ARCH with no interpreter and no dynamic section, and
# must run (qemu-ARCH for a foreign one) and print its text. One line per
# check: "PASS ...", "FAIL ..." or "SKIP ... (reason)"; exit 1 if any failed.
#
# usage: tests/consumer/run.sh ARCH      (x86_64, aarch64 or riscv64)
# CC / CXX override the gcc compilers of the cc-* checks (default: cc / c++
# natively, ARCH-linux-gnu-gcc / -g++ across).
set -u
arch=${1:?usage: run.sh x86_64|aarch64|riscv64}
repo=$(cd "$(dirname "$0")/../.." && pwd)
here=$repo/tests/consumer
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bedrock-consumer-$arch.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

case $arch in
x86_64) machine='Advanced Micro Devices X86-64' ;;
aarch64) machine='AArch64' ;;
riscv64) machine='RISC-V' ;;
*) echo "FAIL consumer $arch: unknown architecture"; exit 1 ;;
esac
if [ "$arch" = "$(uname -m)" ]; then
	cross=() wrap=() cc=${CC:-cc} cxx=${CXX:-c++} clang=(clang) clangxx=(clang++)
else
	cross=(--cross-file "$repo/cross/$arch-linux.txt") wrap=("qemu-$arch")
	cc=${CC:-$arch-linux-gnu-gcc} cxx=${CXX:-$arch-linux-gnu-g++}
	clang=(clang "--target=$arch-linux-gnu") clangxx=(clang++ "--target=$arch-linux-gnu")
fi
cxxflags=(-std=c++17 -Wall -Wextra -Werror -fno-exceptions -fno-rtti)

failed=0
result() { # result OK? WHAT [LOG]
	if [ "$1" = 0 ]; then
		echo "PASS consumer $arch $2"
	else
		echo "FAIL consumer $arch $2"
		[ -n "${3:-}" ] && [ -s "$3" ] && tail -n 15 "$3" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
}
step() { # step WHAT COMMAND...: run it, output to a log, report
	local what=$1 log=$tmp/log.$RANDOM
	shift
	"$@" >"$log" 2>&1
	result $? "$what" "$log"
}
check_bin() { # check_bin NAME FILE WANT: static ELF for ARCH, runs, prints WANT
	local name=$1 f=$2 want=$3 log=$tmp/log.$RANDOM st out
	if [ ! -f "$f" ]; then
		result 1 "$name: static ELF (not built)"
		result 1 "$name: runs and prints its text (not built)"
		return
	fi
	{
		readelf -hlSW "$f" >"$tmp/elf" || exit 1
		grep -q "Machine: *$machine\$" "$tmp/elf" || { echo "machine is not $machine"; exit 1; }
		grep -qE 'Type: *EXEC ' "$tmp/elf" || { echo "type is not EXEC"; exit 1; }
		! grep -qE '^ *INTERP |program interpreter' "$tmp/elf" || { echo "has PT_INTERP"; exit 1; }
		! grep -qE '^ *DYNAMIC |\] \.dynamic ' "$tmp/elf" || { echo "has a dynamic section"; exit 1; }
	} >"$log" 2>&1
	result $? "$name: static ELF for $arch, no interpreter, no dynamic section" "$log"
	out=$("${wrap[@]}" "$f" 2>"$log")
	st=$?
	echo "exit $st, output: $out" >>"$log"
	[ $st -eq 0 ] && [ "$out" = "$want" ]
	result $? "$name: runs and prints \"$want\"" "$log"
}
hello_text='Hello from a bedrock consumer'
support_text='support routines ok'
cpp_text='Hello from a bedrock C++ consumer'
check_all() { # check_all PATHNAME DIR: the three programs of a meson build dir
	check_bin "$1 hello" "$2/hello" "$hello_text"
	check_bin "$1 support" "$2/support" "$support_text"
	check_bin "$1 hello-cpp" "$2/hello-cpp" "$cpp_text"
}

# subproject: the consumer project with subprojects/bedrock -> the tree,
# built at -O0 (buildtype=debug) as a parent project often is.
mkdir -p "$tmp/src/subprojects"
cp "$here/meson.build" "$here/meson_options.txt" "$here/hello.c" "$here/support.c" "$here/hello.cc" "$tmp/src/"
ln -s "$repo" "$tmp/src/subprojects/bedrock"
step "subproject: meson setup --buildtype=debug + compile" \
	bash -c 'meson setup "$1" "$2" --buildtype=debug -Dcpp=true --force-fallback-for=bedrock "${@:3}" && meson compile -C "$1"' \
	bash "$tmp/b-sub" "$tmp/src" "${cross[@]}"
check_all subproject "$tmp/b-sub"
{
	# Every compile of bedrock's own sources has the library's own
	# optimisation, none the parent's -O0: -Os, and -O2 for the mem
	# functions (src/mem.c or arch/<arch>/mem.c, the hot loops).
	python3 - "$tmp/b-sub/compile_commands.json" <<'PY2'
import json, sys
cmds = [c for c in json.load(open(sys.argv[1])) if any("/subprojects/bedrock/" + d + "/" in c["file"] for d in ("src", "crt", "arch"))]
print(len(cmds), "compiles of bedrock's sources")
def want(f):
    return "-O2" if f.endswith("/mem.c") else "-Os"
bad = [(c["file"], want(c["file"])) for c in cmds
       if want(c["file"]) not in c["command"].split() or "-O0" in c["command"].split()]
print("without their own optimisation (file, wanted):", bad)
sys.exit(0 if cmds and not bad else 1)
PY2
} >"$tmp/log.opt" 2>&1
result $? "subproject: bedrock's library compiled at its own -Os (mem functions -O2) under a -O0 parent" "$tmp/log.opt"
{
	meson introspect --targets "$tmp/b-sub" >"$tmp/targets.json" &&
	python3 - "$tmp/targets.json" "$tmp/b-sub" <<'PY2'
import json, os, sys
targets = json.load(open(sys.argv[1]))
tests = [t["name"] for t in targets if t["name"].startswith("test-")]
print("bedrock test targets:", tests)
built = [f for t in targets if t.get("subproject") == "bedrock" and t["type"] == "executable"
         for f in t["filename"] if os.path.exists(f)]
print("bedrock executables built by default:", built)
sys.exit(0 if not tests and not built else 1)
PY2
} >"$tmp/log.tests" 2>&1
result $? "subproject: bedrock's tests off, its examples not built" "$tmp/log.tests"

# wrap: the consumer project with subprojects/bedrock.wrap, the tarball of
# `meson dist` in subprojects/packagecache (as a downloaded one would be).
if [ -n "${BEDROCK_DIST:-}" ] && [ -f "$BEDROCK_DIST" ]; then
	rm -rf "$tmp/src/subprojects" && mkdir -p "$tmp/src/subprojects/packagecache"
	cp "$BEDROCK_DIST" "$tmp/src/subprojects/packagecache/"
	tarball=${BEDROCK_DIST##*/}
	cat >"$tmp/src/subprojects/bedrock.wrap" <<EOF
[wrap-file]
directory = ${tarball%.tar.xz}
source_url = https://example.invalid/$tarball
source_filename = $tarball
source_hash = $(sha256sum "$BEDROCK_DIST" | cut -d' ' -f1)

[provide]
bedrock = bedrock_dep
EOF
	step "wrap: meson setup + compile with subprojects/bedrock.wrap ($tarball)" \
		bash -c 'meson setup "$1" "$2" --wrap-mode=nodownload -Dcpp=true --force-fallback-for=bedrock "${@:3}" && meson compile -C "$1"' \
		bash "$tmp/b-wrap" "$tmp/src" "${cross[@]}"
	check_all wrap "$tmp/b-wrap"
else
	echo "SKIP consumer $arch wrap: no meson dist tarball (BEDROCK_DIST unset; .ci/run makes one)"
fi

# Install bedrock itself (library only, no tests) into a temporary prefix,
# and once more into a destdir.
step "install: meson setup + install --prefix, install --destdir" \
	bash -c 'meson setup "$1" "$2" -Dtests=false --prefix="$3" "${@:5}" && meson install -C "$1" && meson install -C "$1" --destdir "$4"' \
	bash "$tmp/b-lib" "$repo" "$tmp/prefix" "$tmp/dest" "${cross[@]}"
pc=$(find "$tmp/prefix" -name bedrock.pc 2>/dev/null | head -n 1)
pcdir=${pc%/*}
# The API reference came with it: man finds br_read(3) and a constant's page.
{
	MANPATH=$tmp/prefix/share/man man -w br_read && MANPATH=$tmp/prefix/share/man man -w BR_O_CLOEXEC &&
	MANPATH=$tmp/prefix/share/man MANWIDTH=80 man br_read 2>&1 | tee "$tmp/man.txt" | head -n 12 &&
	grep -q 'br_errno br_read(br_fd fd, void \*buf, size_t len, size_t \*nread);' "$tmp/man.txt"
} >"$tmp/log.man" 2>&1
result $? "install: man br_read shows the installed page" "$tmp/log.man"

# meson-pc: the consumer project again, bedrock found through pkg-config.
rm -rf "$tmp/src/subprojects"
step "meson-pc: meson setup + compile with -Dpkg_config_path" \
	bash -c 'meson setup "$1" "$2" --wrap-mode=nofallback -Dcpp=true -Dpkg_config_path="$3" "${@:4}" && meson compile -C "$1"' \
	bash "$tmp/b-pc" "$tmp/src" "$pcdir" "${cross[@]}"
check_all meson-pc "$tmp/b-pc"

# cc-prefix: plain compilers with pkg-config's flags (made by a gcc build):
# gcc, clang -Werror, g++ and clang++ with the C++ flags.
ccbuild() { # ccbuild WHAT OUT SOURCE COMPILER...: pkg-config's flags around it
	local what=$1 out=$2 src=$3
	shift 3
	step "cc-prefix: $what" env PKG_CONFIG_LIBDIR="$pcdir" bash -c 'out=$1 src=$2; shift 2
		cflags=$(pkg-config --cflags bedrock) && libs=$(pkg-config --libs bedrock) && echo "$* $cflags $src -o $out $libs" &&
		"$@" $cflags "$src" -o "$out" $libs' bash "$out" "$src" "$@"
}
ccbuild "$cc \$(pkg-config --cflags bedrock) hello.c -o hello \$(pkg-config --libs bedrock)" "$tmp/cc-hello" "$here/hello.c" "$cc"
check_bin "cc-prefix $cc hello" "$tmp/cc-hello" "$hello_text"
ccbuild "$cc ... support.c" "$tmp/cc-support" "$here/support.c" "$cc"
check_bin "cc-prefix $cc support" "$tmp/cc-support" "$support_text"
ccbuild "${clang[*]} -Werror ... support.c" "$tmp/clang-support" "$here/support.c" "${clang[@]}" -Werror -Wall -Wextra
check_bin "cc-prefix ${clang[*]} -Werror support" "$tmp/clang-support" "$support_text"
ccbuild "$cxx ${cxxflags[*]} ... hello.cc" "$tmp/cxx-hello" "$here/hello.cc" "$cxx" "${cxxflags[@]}"
check_bin "cc-prefix $cxx hello.cc" "$tmp/cxx-hello" "$cpp_text"
ccbuild "${clangxx[*]} ${cxxflags[*]} ... hello.cc" "$tmp/clangxx-hello" "$here/hello.cc" "${clangxx[@]}" "${cxxflags[@]}"
check_bin "cc-prefix ${clangxx[*]} hello.cc" "$tmp/clangxx-hello" "$cpp_text"

# cc-destdir: the same against the destdir copy, through the sysroot.
step "cc-destdir: $cc with PKG_CONFIG_SYSROOT_DIR=<destdir>" \
	env PKG_CONFIG_LIBDIR="$tmp/dest$pcdir" PKG_CONFIG_SYSROOT_DIR="$tmp/dest" bash -c 'cflags=$(pkg-config --cflags bedrock) && libs=$(pkg-config --libs bedrock) && echo "$cflags | $libs" &&
		case "$cflags" in *"$4"*) ;; *) echo "cflags do not point into the destdir"; exit 1;; esac &&
		$1 $cflags "$2" -o "$3" $libs' \
	bash "$cc" "$here/hello.c" "$tmp/hello-cc-destdir" "$tmp/dest"
check_bin cc-destdir "$tmp/hello-cc-destdir" "$hello_text"

[ $failed -eq 0 ]
