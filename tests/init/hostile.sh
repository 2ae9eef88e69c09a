#!/bin/sh
# SPDX-License-Identifier: MIT
# TAP: keel (examples/keel.c) where its own writes fail or would stop it,
# and where it may not signal its child; each check failed before keel
# blocked its signals first and dropped the ones its own writes raise:
# - a set-uid-to-root command under an unprivileged keel whose stderr is a
#   pipe nobody reads: one SIGTERM (kill gives EPERM, the complaint EPIPE
#   and a SIGPIPE on keel) made keel spin forever, its child a zombie;
# - the start-up warning written to a dead pipe (SIGPIPE), to a file under
#   RLIMIT_FSIZE=0 (SIGXFSZ), to a TOSTOP terminal from the background
#   (SIGTTOU): keel died or stopped before running the command;
# - keel handed the terminal to its child and never took it back.
# usage: hostile.sh KEEL [WRAPPER...]   (WRAPPER: qemu-<arch> for a cross build)
keel=$1
shift
here=$(cd "$(dirname "$0")" && pwd) || exit 1
. "$here/common.sh"

to="$(command -v timeout) -s KILL ${KEEL_TEST_TIMEOUT:-60}"
python=$(command -v python3)
# Runs its arguments with stderr a pipe whose reader is gone (and SIGPIPE
# at its default: python itself ignores it).
printf '%s\n' 'import os, signal, sys' 'signal.signal(signal.SIGPIPE, signal.SIG_DFL)' \
	'r, w = os.pipe()' 'os.close(r)' 'os.dup2(w, 2)' 'os.execvp(sys.argv[1], sys.argv[1:])' >deadpipe.py
deadpipe="$python $tmp/deadpipe.py"
# CPU time (ticks) process $1 has used.
ticks() {
	sed 's/^.*) //' /proc/"$1"/stat 2>/dev/null | awk '{ print $12 + $13 }'
}
# Waits up to 30 s for command "$@" to succeed.
until_ok() {
	t=0
	until "$@"; do
		[ $t -ge 300 ] && return 1
		sleep 0.1
		t=$((t + 1))
	done
}
uid0() {
	grep -q '^Uid:[[:space:]]*0[[:space:]]*0' /proc/"$1"/status 2>/dev/null
}

# --- a set-uid command keel may not signal ---------------------------------
# The set-uid-to-root command: a copy of setpriv, which then makes every
# id root (as su and sudo do), so that keel, running as nobody, gets EPERM.
# keel is copied too, for nobody to be able to run it from here.
why=
if [ "$(id -u)" != 0 ]; then
	why="not root: a set-uid-to-root command needs root to make"
elif [ -z "$python" ]; then
	why="no python3"
elif ! command -v setpriv >/dev/null 2>&1; then
	why="no setpriv (util-linux)"
else
	chmod 755 "$tmp"
	cp "$(command -v setpriv)" suid && chmod 4755 suid && cp "$keel" keel && chmod 755 keel ||
		why="cannot make a set-uid copy of setpriv"
	[ -z "$why" ] && [ "$(setpriv --reuid=65534 --regid=65534 --clear-groups ./suid --reuid=0 --regid=0 --clear-groups id -u 2>&1)" != 0 ] &&
		why="the set-uid copy of setpriv does not become root here (nosuid mount?)"
fi
# keel as nobody with -s; its command: the set-uid helper running sleep as
# root, which the check ends itself (as root) once it has seen what it wants.
# The command writes its pid (as root) to cmd.pid; keel is its parent.
printf '%s\n' 'echo $$ >cmd.pid' 'exec sleep 50' >cmd.sh
unpriv="setpriv --reuid=65534 --regid=65534 --clear-groups $wrap ./keel -s ./suid --reuid=0 --regid=0 --clear-groups sh ./cmd.sh"
# After a start of $unpriv: the command's pid in c, keel's in kp, once the
# command runs as root.
started() {
	c= kp=
	until_ok test -s cmd.pid && c=$(cat cmd.pid) && until_ok uid0 "$c" &&
		kp=$(sed -n 's/^PPid:[[:space:]]*//p' /proc/"$c"/status) && [ -n "$kp" ]
}
if [ -z "$why" ]; then
	rm -f cmd.pid
	$to $dfl $deadpipe $unpriv &
	job=$!
	t0= t1=
	if started; then
		t0=$(ticks "$kp")
		kill -TERM "$kp"
		sleep 1
		t1=$(ticks "$kp")
		kill -TERM "$c"
	fi
	wait $job
	st=$?
	[ $st -eq 143 ] && [ -n "$t1" ] && [ $((t1 - t0)) -lt 30 ]
	check "set-uid child, unprivileged keel, dead stderr: SIGTERM (EPERM) neither spins keel nor stops it reaping" \
		"keel $kp, child $c, exit $st (143 wanted; 137: killed by the timeout), CPU ticks in the second after SIGTERM: $t0 -> $t1"

	rm -f cmd.pid
	$to $dfl $unpriv >out 2>err &
	job=$!
	root=
	started && root=1
	seen="keel $kp ($(cat /proc/"$kp"/comm 2>/dev/null)), child $c ($(cat /proc/"$c"/comm 2>/dev/null), $(grep '^Uid' /proc/"$c"/status 2>/dev/null))"
	for s in TERM USR1 TERM HUP; do
		[ -n "$root" ] && kill -$s "$kp"
		sleep 0.3
	done
	[ -n "$c" ] && kill -TERM "$c"
	wait $job
	st=$?
	[ -n "$root" ] && [ $st -eq 143 ] &&
		[ "$(grep -c "^keel: warning: cannot forward signals: kill $c: EPERM\$" err)" -eq 1 ] &&
		! grep -v -e '^keel: warning: cannot forward signals' -e '^keel: warning: not PID 1' err >/dev/null
	check "a forwarding error (EPERM) is reported once, the command's exit still ends keel" \
		"$seen; exit $st (143 wanted), stderr: $(head -c 400 err)"
else
	skip "set-uid child, unprivileged keel, dead stderr: SIGTERM (EPERM) neither spins keel nor stops it reaping" "$why"
	skip "a forwarding error (EPERM) is reported once" "$why"
fi

# --- the start-up warning where writing it hurts ---------------------------
# Without -s and not PID 1, keel warns before it starts the command.
if [ -n "$python" ]; then
	r=$($deadpipe $to $dfl $wrap "$keel" sh -c 'echo ran')
	st=$?
	[ $st -eq 0 ] && [ "$r" = ran ]
	check "warning to a dead stderr pipe: no SIGPIPE death, the command runs" "exit $st (141: SIGPIPE), output '$r'"
else
	skip "warning to a dead stderr pipe" "no python3"
fi

: >err
r=$(ulimit -f 0 && $to $dfl $wrap "$keel" sh -c 'echo ran' 2>err)
st=$?
[ $st -eq 0 ] && [ "$r" = ran ] && [ ! -s err ]
check "warning to a file under RLIMIT_FSIZE=0: no SIGXFSZ death, the command runs" "exit $st (153: SIGXFSZ), output '$r'"

# What keel's own writes raise is not forwarded: with -vv keel writes about
# every signal it forwards and the first it drops (to a dead pipe: SIGPIPE;
# to a file under RLIMIT_FSIZE=0: SIGXFSZ); the command traps both and must
# see neither, only the SIGUSR1 and SIGTERM sent (and keel must not write
# about each drop: that write raises the next, for ever).
if [ -n "$python" ]; then
	: >rec
	$deadpipe $to $dfl $wrap "$keel" -vv sh "$here/traps.sh" "$tmp/rec" 10 13 25 >out &
	job=$!
	kp=
	until_ok grep -q ready rec && kp=$(sed -n 's/^parent //p' rec)
	[ -n "$kp" ] && kill -USR1 "$kp" && until_ok grep -qx 10 rec && sleep 0.5 && kill -TERM "$kp"
	wait $job
	st1=$?
	cp rec rec1
	: >rec
	# (A soft limit only, which the command lifts again: it writes rec.)
	(ulimit -S -f 0 && exec $to $dfl $wrap "$keel" -vv sh -c \
		'ulimit -S -f unlimited && exec sh "$0" "$@"' "$here/traps.sh" "$tmp/rec" 10 13 25 >out 2>err) &
	job=$!
	kp=
	until_ok grep -q ready rec && kp=$(sed -n 's/^parent //p' rec)
	[ -n "$kp" ] && kill -USR1 "$kp" && until_ok grep -qx 10 rec && sleep 0.5 && kill -TERM "$kp"
	wait $job
	st2=$?
	[ $st1 -eq 0 ] && grep -qx 15 rec1 && ! grep -qx -e 13 -e 25 rec1 &&
		[ $st2 -eq 0 ] && grep -qx 15 rec && ! grep -qx -e 13 -e 25 rec
	check "SIGPIPE and SIGXFSZ that keel's own writes raise are not forwarded" \
		"dead pipe: exit $st1, recorded: $(tr '\n' ' ' <rec1 | head -c 300); RLIMIT_FSIZE=0: exit $st2, recorded: $(tr '\n' ' ' <rec | head -c 300)"
fi

# Outside it: SIGPIPE and SIGXFSZ that others send keel are forwarded.
if [ -n "$python" ]; then
	: >rec
	$to $dfl $wrap "$keel" -s sh "$here/traps.sh" "$tmp/rec" 13 25 >out 2>err &
	job=$!
	kp=
	until_ok grep -q ready rec && kp=$(sed -n 's/^parent //p' rec)
	for s in 13 25 15; do
		[ -n "$kp" ] && kill -$s "$kp" && until_ok grep -qx $s rec
	done
	wait $job
	st=$?
	[ $st -eq 0 ] && grep -qx 13 rec && grep -qx 25 rec
	check "SIGPIPE and SIGXFSZ sent to keel by others still reach the child" "exit $st, recorded: $(tr '\n' ' ' <rec)"
fi

# --- the terminal ----------------------------------------------------------
if [ -z "$python" ]; then
	skip "a background keel on a TOSTOP terminal writes its warning and is not stopped" "no python3"
	skip "the terminal: the command's while it runs, back to the script after" "no python3"
else
	: >res
	# (The command writes to a file: on the terminal its write would stop
	# it, as it should a background job's.)
	$to $python "$here/tty.py" tostop "$tmp/res" $dfl $wrap "$keel" sh -c "echo ran >$tmp/ran" 2>tty
	[ "$(cat res)" = "exit 0" ] && [ "$(cat ran)" = ran ] && grep -q '^tty: keel: warning: not PID 1' tty
	check "a background keel on a TOSTOP terminal writes its warning and is not stopped (SIGTTOU)" \
		"result: $(cat res) (stopped 22: by SIGTTOU), terminal: $(cat tty)"

	: >res
	$to $python "$here/tty.py" giveback "$tmp/res" \
		"$dfl $wrap '$keel' -s sh -c 'set -- \$(cat /proc/\$\$/stat); echo \"\$5 \$8\" >$tmp/fg'
		read line; echo \"read:\$?:\$line\" >$tmp/res" 2>tty
	set -- $(cat fg 2>/dev/null)
	[ "$(cat res)" = "read:0:hello" ] && [ $# -eq 2 ] && [ "$1" = "$2" ]
	check "the terminal: the command's while it runs, back to the script that ran keel after" \
		"command's group and the terminal's: $*; the script's read: $(cat res); terminal: $(cat tty)"
fi

echo "1..$n"
[ $failed -eq 0 ]
