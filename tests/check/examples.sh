#!/bin/sh
# SPDX-License-Identifier: MIT
# TAP: the examples run and do their job.
# usage: examples.sh HELLO CAT [WRAPPER...]
# WRAPPER (qemu-<arch> for a cross build) runs the foreign binaries.
hello=$1 cat=$2
shift 2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

. "$(dirname "$0")/../tap.sh"

"$@" "$hello" >"$tmp/out" 2>"$tmp/err"
st=$?
[ $st -eq 0 ] && [ "$(wc -l <"$tmp/out")" -eq 1 ] && [ -n "$(cat "$tmp/out")" ] && [ ! -s "$tmp/err" ]
check "hello exits 0 and prints one line" "exit $st, stdout: $(head -c 200 "$tmp/out"), stderr: $(head -c 200 "$tmp/err")"

# 300 KB of varied bytes: more than cat's 64 KiB buffer, from a file...
i=0
while [ $i -lt 100 ]; do cat "$hello" "$cat"; i=$((i + 1)); done | head -c 300000 >"$tmp/in"
printf '\0\377 end' >>"$tmp/in"
"$@" "$cat" <"$tmp/in" >"$tmp/out" 2>"$tmp/err"
st=$?
[ $st -eq 0 ] && cmp -s "$tmp/in" "$tmp/out" && [ ! -s "$tmp/err" ]
check "cat copies a 300 KB file unchanged" "exit $st, $(cmp "$tmp/in" "$tmp/out" 2>&1) $(head -c 200 "$tmp/err")"

# ...and from a pipe, where reads come back short.
(head -c 100000 "$tmp/in"; sleep 0.2; tail -c 1000 "$tmp/in") | "$@" "$cat" >"$tmp/out" 2>"$tmp/err"
st=$?
{ head -c 100000 "$tmp/in"; tail -c 1000 "$tmp/in"; } >"$tmp/want"
[ $st -eq 0 ] && cmp -s "$tmp/want" "$tmp/out"
check "cat copies a pipe with short reads unchanged" "exit $st, $(cmp "$tmp/want" "$tmp/out" 2>&1) $(head -c 200 "$tmp/err")"

"$@" "$cat" </dev/null >"$tmp/out" 2>"$tmp/err"
st=$?
[ $st -eq 0 ] && [ ! -s "$tmp/out" ]
check "cat of empty input exits 0, writes nothing" "exit $st"

if [ $# -eq 0 ]; then
	# The error path: stdout closed. (Not under qemu-user, whose own
	# files would take descriptor 1.)
	"$cat" <"$tmp/in" >&- 2>"$tmp/err"
	st=$?
	[ $st -eq 1 ] && grep -q EBADF "$tmp/err"
	check "cat with stdout closed exits 1 and names EBADF" "exit $st, stderr: $(head -c 200 "$tmp/err")"
fi

echo "1..$n"
[ $failed -eq 0 ]
