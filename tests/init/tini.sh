#!/bin/sh
# SPDX-License-Identifier: MIT
# TAP: the options and environment variables keel shares with tini, so that
# it drops in for it: --version, -l, -e CODE (repeatable), -p SIG, -v
# (repeatable), -w, KEEL_/TINI_ SUBREAPER, KILL_PROCESS_GROUP, VERBOSITY,
# and no not-a-subreaper warning when keel already is one (inherited
# across execve).
# usage: tini.sh KEEL [WRAPPER...]   (WRAPPER: qemu-<arch> for a cross build)
keel=$1
shift
here=$(cd "$(dirname "$0")" && pwd) || exit 1
. "$here/common.sh"

to="$(command -v timeout) -s KILL 60"
k() { $to $dfl $wrap "$keel" "$@"; }
python=$(command -v python3)
until_ok() {
	t=0
	until "$@"; do
		[ $t -ge 300 ] && return 1
		sleep 0.1
		t=$((t + 1))
	done
}
warning='^keel: warning: not PID 1, orphans will not be reaped: '
# Whether stderr file $1 holds nothing but the not-a-reaper warning (which
# under qemu-user, whose prctl refuses the subreaper calls, -s gives).
quiet() {
	! grep -v "$warning" "$1" >/dev/null
}
# Whether keel can be a subreaper here (qemu-user 7.2: EINVAL).
k -s true 2>err
subok=
grep -q 'PR_SET_CHILD_SUBREAPER: EINVAL' err || subok=1
noreaper="qemu-user 7.2 refuses PR_SET_CHILD_SUBREAPER and PR_GET_CHILD_SUBREAPER (EINVAL)"

# --- --version, -l, -h -----------------------------------------------------
k --version >out 2>err
st=$?
[ $st -eq 0 ] && grep -qx 'keel [0-9][0-9.]*' out && [ ! -s err ]
check "--version: 'keel VERSION' on stdout, exit 0" "exit $st, $(cat out) $(cat err)"

k --version true >out 2>err
st=$?
[ $st -eq 1 ] && grep -q '^usage: keel' err
check "--version with more arguments is an unknown option (as tini): usage, exit 1" "exit $st"

k -l >out 2>err
st=$?
[ $st -eq 0 ] && grep -q 'MIT license' out && [ ! -s err ]
check "-l: the license on stdout, exit 0" "exit $st, $(cat out)"

k -h >out
grep -q -- '-p SIG' out && grep -q -- '-e CODE' out && grep -q -- '-w ' out && grep -q -- '-v ' out && grep -q -- '--version' out
check "-h names every option" "$(cat out)"

# --- -e CODE ---------------------------------------------------------------
bad=
for c in "-e 3:3:0" "-e3:3:0" "-e 3 -e 4:4:0" "-e 3 -e 4:3:0" "-e 3 -e 4:5:5" "-e 0:0:0" "-e 255:255:0" "-gse 7:7:0"; do
	opts=${c%%:*} rest=${c#*:} code=${rest%%:*} want=${rest#*:}
	k -s $opts sh -c "exit $code" 2>err
	st=$?
	[ $st -eq "$want" ] && quiet err || bad="$bad [$opts, exit $code: $st]"
done
[ -z "$bad" ]
check "-e CODE: the command's CODE counts as 0, others unchanged; repeatable; -eN and in a cluster" "$bad"

k -s -e 143 sh -c 'kill -TERM $$' 2>err
st1=$?
k -s -e 142 sh -c 'kill -TERM $$' 2>err
st2=$?
[ $st1 -eq 0 ] && [ $st2 -eq 143 ]
check "-e 143: death by SIGTERM (128+15) counts as 0 too, as with tini" "exit $st1 and $st2"

bad=
for a in "-e 256" "-e -1" "-e x" "-e 3x" "-e" "-e 99999999999"; do
	k -s $a true >out 2>err
	st=$?
	[ $st -eq 1 ] && [ -s err ] || bad="$bad [$a: $st]"
done
[ -z "$bad" ]
check "-e with no code or not one of 0-255: message, exit 1" "$bad"

# --- -p SIG ----------------------------------------------------------------
bad=
for a in "-p SIGUSR1" "-p USR1" "-p 10" "-pSIGKILL" "-p SIGRTMIN" "-p 0" "-p 65" "-p"; do
	k -s $a true >out 2>err
	st=$?
	case $a in
	*RTMIN | *" 0" | *65 | -p) [ $st -eq 1 ] && [ -s err ] ;;
	*) [ $st -eq 0 ] && quiet err ;;
	esac || bad="$bad [$a: $st $(cat err)]"
done
[ -z "$bad" ]
check "-p SIG takes SIGNAME, NAME or a number 1-64; anything else: message, exit 1" "$bad"

# keel's parent dies: keel gets SIGUSR1 and, as with any signal, passes it on.
: >rec
# (No timeout here: it would be keel's parent, and stay.)
sh -c "$dfl $wrap '$keel' -s -p SIGUSR1 sh '$here/traps.sh' '$tmp/rec' 10 >/dev/null 2>&1 & echo \$! >pid
	until grep -q ready '$tmp/rec'; do sleep 0.05; done"
until_ok grep -qx 10 rec
r=$?
# What is left (keel and its command, the traps end at SIGTERM) is ended here.
kill -TERM "$(cat pid)" 2>/dev/null
[ $r -eq 0 ]
check "-p SIGUSR1: keel's parent dies, keel gets SIGUSR1 and forwards it" "recorded: $(tr '\n' ' ' <rec)"

# --- -v, -w, verbosity -----------------------------------------------------
: >rec
$to $dfl $wrap "$keel" -s -v sh "$here/traps.sh" "$tmp/rec" 10 >out 2>err &
job=$!
kp=
until_ok grep -q ready rec && kp=$(sed -n 's/^parent //p' rec)
[ -n "$kp" ] && kill -USR1 "$kp" && until_ok grep -qx 10 rec && kill -TERM "$kp"
wait $job
st=$?
c=$(sed -n 's/^keel: spawned sh as \([0-9]*\)$/\1/p' err)
[ $st -eq 0 ] && [ -n "$c" ] && grep -qx "keel: forwarded signal 10 to $c" err &&
	grep -qx "keel: forwarded signal 15 to $c" err && grep -qx "keel: child $c exited with 0" err && [ ! -s out ]
check "-v: what was spawned, each signal forwarded and how the command ended, on stderr" "exit $st, stderr: $(cat err)"

k -s -v -g sh -c 'exit 4' 2>err
c=$(sed -n 's/^keel: spawned sh as \([0-9]*\)$/\1/p' err)
k -s -v sh -c 'kill -TERM $$' 2>err2
c2=$(sed -n 's/^keel: spawned sh as \([0-9]*\)$/\1/p' err2)
[ -n "$c" ] && grep -qx "keel: child $c exited with 4" err && grep -qx "keel: child $c2 killed by signal 15" err2
check "-v: an exit code, a death by signal" "$(cat err err2)"

# An orphan (a background sleep whose subshell is gone) reaped by keel.
orphan='(sleep 0.3 &); sleep 1.5'
if [ -n "$subok" ]; then
	k -s sh -c "$orphan" 2>err
	st1=$?
	cp err err1
	k -s -w sh -c "$orphan" 2>err
	st2=$?
	cp err err2
	k -s -vv sh -c "$orphan" 2>err
	st3=$?
	[ $st1 -eq 0 ] && [ ! -s err1 ] && [ $st2 -eq 0 ] && [ "$(grep -c '^keel: warning: reaped zombie [0-9]*$' err2)" -eq 1 ] &&
		[ $st3 -eq 0 ] && [ "$(grep -c '^keel: reaped [0-9]*$' err)" -eq 1 ]
	check "-w: a warning for each zombie reaped that is not the command (-vv: a note); none without" \
		"exits $st1 $st2 $st3; stderr: '$(cat err1)' / '$(cat err2)' / '$(cat err)'"
else
	skip "-w: a warning for each zombie reaped" "$noreaper"
fi

bad=
for e in KEEL_VERBOSITY TINI_VERBOSITY; do
	env $e=0 $to $dfl $wrap "$keel" true 2>err
	[ $? -eq 0 ] && [ ! -s err ] || bad="$bad [$e=0: $(cat err)]"
	env $e=2 $to $dfl $wrap "$keel" true 2>err
	grep -q "$warning" err && grep -q '^keel: spawned true as ' err || bad="$bad [$e=2: $(cat err)]"
done
KEEL_VERBOSITY=0 TINI_VERBOSITY=2 k true 2>err
[ ! -s err ] || bad="$bad [KEEL_VERBOSITY wins: $(cat err)]"
KEEL_VERBOSITY=0 k -vv true 2>err
grep -q '^keel: spawned' err || bad="$bad [KEEL_VERBOSITY=0 -vv: $(cat err)]"
[ -z "$bad" ]
check "KEEL_VERBOSITY / TINI_VERBOSITY: 0 silences the warning, 2 adds what -v does; KEEL_ wins; -v adds to it" "$bad"

# --- the environment's -s and -g -------------------------------------------
if [ -n "$subok" ]; then
	bad=
	for e in KEEL_SUBREAPER TINI_SUBREAPER; do
		env $e=1 $to $dfl $wrap "$keel" sh "$here/subreaper.sh" orphan >out 2>err
		st=$?
		set -- $(cat out)
		[ $st -eq 0 ] && [ $# -eq 4 ] && [ "$1" = "${2#orphan_ppid=}" ] && [ "$4" = reaped=yes ] && [ ! -s err ] ||
			bad="$bad [$e: exit $st, $(cat out) $(cat err)]"
	done
	[ -z "$bad" ]
	check "KEEL_SUBREAPER / TINI_SUBREAPER set: keel is a subreaper as with -s" "$bad"
else
	skip "KEEL_SUBREAPER / TINI_SUBREAPER set: keel is a subreaper as with -s" "$noreaper"
fi

bad=
for e in KEEL_KILL_PROCESS_GROUP TINI_KILL_PROCESS_GROUP; do
	: >rec
	env $e=1 $to $dfl $wrap "$keel" -s sh "$here/group.sh" "$tmp/rec" >out 2>err &
	job=$!
	kp=
	until_ok grep -q '^ready$' rec && kp=$(sed -n 's/^parent //p' rec)
	[ -n "$kp" ] && kill -USR1 "$kp" && until_ok grep -q '^grandchild$' rec
	wait $job
	st=$?
	[ $st -eq 0 ] && grep -qx grandchild rec && grep -qx child rec || bad="$bad [$e: exit $st, $(tr '\n' ' ' <rec)]"
done
[ -z "$bad" ]
check "KEEL_KILL_PROCESS_GROUP / TINI_KILL_PROCESS_GROUP set: signals go to the child's group as with -g" "$bad"

# --- already a subreaper ---------------------------------------------------
if [ -z "$subok" ]; then
	skip "already a subreaper (inherited across execve): no warning, and orphans are keel's" "$noreaper"
elif [ -z "$python" ]; then
	skip "already a subreaper (inherited across execve): no warning" "no python3 (to set the flag before execve)"
else
	$to $dfl $python -c 'import ctypes, os, sys
if ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) != 0:
	sys.exit(99)
os.execv(sys.argv[1], sys.argv[1:])' "$keel" sh "$here/subreaper.sh" orphan >out 2>err
	st=$?
	set -- $(cat out)
	[ $st -eq 0 ] && [ $# -eq 4 ] && [ "$1" = "${2#orphan_ppid=}" ] && [ "$4" = reaped=yes ] && [ ! -s err ]
	check "already a subreaper (inherited across execve, no -s): no warning, and orphans are keel's" \
		"exit $st, $(cat out), stderr: $(cat err)"
fi

echo "1..$n"
[ $failed -eq 0 ]
