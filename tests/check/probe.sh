#!/bin/sh
# SPDX-License-Identifier: MIT
# TAP: the hardening at run time, with tests/check/probe.c of one profile.
# usage: probe.sh PROFILE PROBE [WRAPPER...]
# - the canary: `probe smash` dies by SIGABRT saying so on stderr;
# - ASLR: two runs of `probe addr` see different addresses of main, of a
#   global and of a TLS variable (hardened), the same ones (default);
# - set-uid: a set-uid copy started with fds 0, 1 and 2 closed finds them
#   open on /dev/null and still reads its environment; without set-uid
#   they stay closed (the crt acts only under AT_SECURE).
profile=$1 probe=$2
shift 2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../tap.sh"

"$@" "$probe" smash >"$tmp/out" 2>"$tmp/err"
st=$?
[ $st -eq 134 ] && grep -qx 'bedrock: stack smashing detected' "$tmp/err"
check "$profile: a smashed canary ends the program by SIGABRT with the message" "exit $st, stderr: $(head -c 300 "$tmp/err")"

a=$("$@" "$probe" addr) && b=$("$@" "$probe" addr)
st=$?
[ $st -eq 0 ] && [ -n "$a" ]
check "$profile: probe addr runs" "exit $st: $a"
if [ "$profile" = hardened ]; then
	set -- "$@" # (keep the wrapper)
	if [ $# -gt 0 ] && [ "$a" = "$b" ]; then
		skip "$profile: ASLR moves main, a global and a TLS variable" "qemu-user loads the static-pie at the same base each run ($a)"
	else
		[ "${a%% *}" != "${b%% *}" ] && [ "$(echo "$a" | cut -d' ' -f2)" != "$(echo "$b" | cut -d' ' -f2)" ] &&
			[ "${a##* }" != "${b##* }" ]
		check "$profile: ASLR moves main, a global and a TLS variable" "run 1: $a; run 2: $b"
	fi
else
	[ "${a% *}" = "${b% *}" ]
	check "$profile: main and the global are at fixed addresses (no ASLR for EXEC)" "run 1: $a; run 2: $b"
fi

if [ $# -gt 0 ]; then
	skip "$profile: closed standard fds stay closed without AT_SECURE" "under qemu-user, qemu's own files take the closed descriptors"
	skip "$profile: a set-uid run gets /dev/null on closed fds 0, 1, 2 and its environment" "qemu-user ignores the set-uid bit (no AT_SECURE)"
else
	BR_PROBE=yes "$probe" fds <&- >&- 2>&-
	st=$?
	[ $st -eq 7 ]
	check "$profile: closed standard fds stay closed without AT_SECURE" "exit $st, want 7 (fds 0, 1, 2 closed)"
	if [ "$(id -u)" != 0 ]; then
		skip "$profile: a set-uid run gets /dev/null on closed fds 0, 1, 2 and its environment" "not root: cannot make a set-uid copy for another user"
	else
		chmod 755 "$tmp"
		cp "$probe" "$tmp/probe" && chown 65534:65534 "$tmp/probe" && chmod 4755 "$tmp/probe"
		BR_PROBE=yes "$tmp/probe" fds <&- >&- 2>&-
		st=$?
		[ $st -eq 0 ]
		check "$profile: a set-uid run gets /dev/null on closed fds 0, 1, 2 and its environment" "exit $st (bits: 1,2,4 = fd 0,1,2 not /dev/null, 8 = getenv failed)"
	fi
fi
echo "1..$n"
[ $failed -eq 0 ]
