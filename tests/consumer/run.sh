#!/bin/bash
# The ways a user builds a program against bedrock, for one architecture:
#   subproject   meson, subprojects/bedrock -> this tree, dependency('bedrock')
#   meson-pc     meson, dependency('bedrock') from an installed bedrock.pc
#   cc-prefix    cc $(pkg-config --cflags bedrock) hello.c -o hello $(pkg-config --libs bedrock)
#                after `meson install` with --prefix=<temp dir>
#   cc-destdir   the same after `meson install --destdir`, with
#                PKG_CONFIG_SYSROOT_DIR=<destdir>
# Each resulting hello must be a static ELF for ARCH with no interpreter and
# no dynamic section, and must run (qemu-ARCH for a foreign one) and print
# the hello text. One line per check: "PASS ..." or "FAIL ..."; exit 1 if any
# failed.
#
# usage: tests/consumer/run.sh ARCH      (x86_64, aarch64 or riscv64)
# CC overrides the compiler of the cc-* checks (default: cc natively,
# ARCH-linux-gnu-gcc across).
set -u
arch=${1:?usage: run.sh x86_64|aarch64|riscv64}
repo=$(cd "$(dirname "$0")/../.." && pwd)
here=$repo/tests/consumer
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bedrock-consumer-$arch.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
want='Hello from a bedrock consumer'

case $arch in
x86_64) machine='Advanced Micro Devices X86-64' ;;
aarch64) machine='AArch64' ;;
riscv64) machine='RISC-V' ;;
*) echo "FAIL consumer $arch: unknown architecture"; exit 1 ;;
esac
if [ "$arch" = "$(uname -m)" ]; then
	cross=() wrap=() cc=${CC:-cc}
else
	cross=(--cross-file "$repo/cross/$arch-linux.txt") wrap=("qemu-$arch") cc=${CC:-$arch-linux-gnu-gcc}
fi

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
check_hello() { # check_hello NAME FILE
	local name=$1 f=$2 log=$tmp/log.$RANDOM st
	if [ ! -f "$f" ]; then
		result 1 "$name: static ELF (not built)"
		result 1 "$name: runs and prints the hello text (not built)"
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
	result $? "$name: runs and prints the hello text" "$log"
}

# subproject: a copy of this project with subprojects/bedrock -> the tree.
mkdir -p "$tmp/src/subprojects"
cp "$here/meson.build" "$here/hello.c" "$tmp/src/"
ln -s "$repo" "$tmp/src/subprojects/bedrock"
step "subproject: meson setup + compile" \
	bash -c 'meson setup "$1" "$2" --force-fallback-for=bedrock "${@:3}" && meson compile -C "$1"' \
	bash "$tmp/b-sub" "$tmp/src" "${cross[@]}"
check_hello subproject "$tmp/b-sub/hello"

# Install bedrock itself (library only, no tests) into a temporary prefix,
# and once more into a destdir.
step "install: meson setup + install --prefix, install --destdir" \
	bash -c 'meson setup "$1" "$2" -Dtests=false --prefix="$3" "${@:5}" && meson install -C "$1" && meson install -C "$1" --destdir "$4"' \
	bash "$tmp/b-lib" "$repo" "$tmp/prefix" "$tmp/dest" "${cross[@]}"
pc=$(find "$tmp/prefix" -name bedrock.pc 2>/dev/null | head -n 1)
pcdir=${pc%/*}

# meson-pc: the consumer project again, bedrock found through pkg-config.
rm -rf "$tmp/src/subprojects"
step "meson-pc: meson setup + compile with -Dpkg_config_path" \
	bash -c 'meson setup "$1" "$2" --wrap-mode=nofallback -Dpkg_config_path="$3" "${@:4}" && meson compile -C "$1"' \
	bash "$tmp/b-pc" "$tmp/src" "$pcdir" "${cross[@]}"
check_hello meson-pc "$tmp/b-pc/hello"

# cc-prefix: plain cc with pkg-config's flags.
step "cc-prefix: $cc \$(pkg-config --cflags bedrock) hello.c -o hello \$(pkg-config --libs bedrock)" \
	env PKG_CONFIG_LIBDIR="$pcdir" bash -c 'cflags=$(pkg-config --cflags bedrock) && libs=$(pkg-config --libs bedrock) && echo "$cflags | $libs" &&
		$1 $cflags "$2" -o "$3" $libs' \
	bash "$cc" "$here/hello.c" "$tmp/hello-cc-prefix"
check_hello cc-prefix "$tmp/hello-cc-prefix"

# cc-destdir: the same against the destdir copy, through the sysroot.
step "cc-destdir: the same with PKG_CONFIG_SYSROOT_DIR=<destdir>" \
	env PKG_CONFIG_LIBDIR="$tmp/dest$pcdir" PKG_CONFIG_SYSROOT_DIR="$tmp/dest" bash -c 'cflags=$(pkg-config --cflags bedrock) && libs=$(pkg-config --libs bedrock) && echo "$cflags | $libs" &&
		case "$cflags" in *"$4"*) ;; *) echo "cflags do not point into the destdir"; exit 1;; esac &&
		$1 $cflags "$2" -o "$3" $libs' \
	bash "$cc" "$here/hello.c" "$tmp/hello-cc-destdir" "$tmp/dest"
check_hello cc-destdir "$tmp/hello-cc-destdir"

[ $failed -eq 0 ]
