#!/bin/sh
# SPDX-License-Identifier: MIT
# TAP: gdb unwinds through bedrock's signal return trampoline. A backtrace
# taken in a function a signal handler called must go on past the handler
# to "<signal handler called>" and the interrupted frames (raiser, main);
# a trampoline gdb does not recognise ends the backtrace early or jumps to
# a wrong frame.
# usage: gdb.sh ARCH SIGFRAME [GDB]
arch=$1 prog=$2 gdb=$3
. "$(dirname "$0")/../tap.sh"

if [ "$arch" != x86_64 ]; then
	skip "gdb backtrace through the signal trampoline" \
		"checked on x86_64 only (a $arch binary would need qemu-user's gdb stub and gdb-multiarch)"
	echo "1..$n"
	exit 0
fi
if [ -z "$gdb" ] || ! "$gdb" --version >/dev/null 2>&1; then
	skip "gdb backtrace through the signal trampoline" "gdb is not installed (apt-get install gdb)"
	skip "gdb sees the trampoline's bytes as a sigtramp with no symbols" "gdb is not installed"
	echo "1..$n"
	exit 0
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# $1: the program. Prints the frames of the backtrace, one function a line.
frames() {
	"$gdb" -nx -batch -ex 'set debuginfod enabled off' -ex 'set pagination off' \
		-ex 'handle SIGUSR1 nostop noprint pass' \
		-ex 'break in_handler' -ex run -ex bt "$1" >"$tmp/out" 2>&1
	sed -n 's/^#[0-9]*  *\(0x[0-9a-f]* in \)\{0,1\}\([^ ]*\).*/\2/p' "$tmp/out"
}

# The frames wanted; between the signal frame and raiser come only the
# inline wrappers the tgkill was made through (br_tgkill, ...).
want() {
	case "$1" in
	"in_handler handler <signal "*"raiser main ") ;;
	*) return 1 ;;
	esac
	mid=${1#in_handler handler <signal }
	mid=${mid%raiser main }
	for f in $mid; do
		case $f in br_*) ;; *) return 1 ;; esac
	done
}
got=$(frames "$prog" | tr '\n' ' ')
want "$got"
check "gdb backtrace from a handler: in_handler, handler, <signal handler called>, raiser, main" \
	"frames: $got
$(cat "$tmp/out")"

# Stripped of its symbols the trampoline has no name; gdb then matches
# its bytes (mov \$15,%rax; syscall). Only the debug information of the
# test's own functions is kept (strip --strip-symbol would not leave the
# trampoline nameless on its own: it is a local symbol).
if objcopy --strip-symbol=__restore_rt --strip-symbol=br__restore_rt "$prog" "$tmp/nosym" 2>"$tmp/err"; then
	got=$(frames "$tmp/nosym" | tr '\n' ' ')
	want "$got"
	check "the same with the trampoline's symbols removed (gdb matches its bytes)" \
		"frames: $got
$(cat "$tmp/out")"
else
	skip "the same with the trampoline's symbols removed" "objcopy failed: $(cat "$tmp/err")"
fi

echo "1..$n"
[ $failed -eq 0 ]
