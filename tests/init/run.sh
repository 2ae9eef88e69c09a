#!/bin/sh
# SPDX-License-Identifier: MIT
# TAP: keel (examples/keel.c), the container init, as PID 1 of a real PID
# namespace (unshare --fork --pid --mount-proc) and as a subreaper outside
# one: zombie reaping, signal forwarding (to the child, to its group with
# -g), exit codes, exec failures, options.
# usage: run.sh KEEL NOREAP [WRAPPER...]
# WRAPPER (qemu-<arch> for a cross build) runs keel and noreap; then qemu is
# the process that is PID 1, and the commands keel runs (sh, sleep) are the
# build machine's own. Namespace checks need root and unshare; without them
# they are skipped with the reason, the others still run.
keel=$1 noreap=$2
shift 2
case $noreap in /*) ;; *) noreap=$PWD/$noreap ;; esac
here=$(cd "$(dirname "$0")" && pwd) || exit 1
. "$here/common.sh"
# Whether stderr file $1 holds nothing but keel's not-a-reaper warning
# (under qemu-user, whose prctl lacks PR_SET_CHILD_SUBREAPER, -s warns).
quiet() {
	! grep -v '^keel: warning: not PID 1, orphans will not be reaped: ' "$1" >/dev/null
}

# Whatever hangs is killed after 60 s.
to="$(command -v timeout) -s KILL 60"
# keel as the build machine can run it.
k() { $to $dfl $wrap "$keel" "$@"; }
# keel as PID 1 of a new PID namespace with its own /proc (ended, with the
# whole namespace, if unshare is killed).
ns() { $to $dfl unshare --fork --pid --mount-proc --kill-child $wrap "$keel" "$@"; }
# The first child of process $1 (by /proc/*/stat, which every kernel has).
child_of() {
	sed -n "s/^\([0-9]*\) (.*) [A-Za-z] $1 .*/\1/p" /proc/[0-9]*/stat 2>/dev/null | head -n 1
}
# Waits up to 30 s for a line matching $2 in file $1 (generous: under qemu
# on a loaded 2-core machine a step can take seconds).
wait_for() {
	t=0
	until grep -q "$2" "$1" 2>/dev/null; do
		[ $t -ge 300 ] && return 1
		sleep 0.1
		t=$((t + 1))
	done
}
# The host pid of PID 1 of the namespace that background job $1 started:
# the child of the unshare below $1 (a subshell runs timeout, which runs
# unshare, which forks PID 1): keel, or the qemu running it.
ns_init() {
	t=0 p=$1
	while [ $t -lt 100 ]; do
		c=$(child_of "$p")
		if [ -z "$c" ]; then
			sleep 0.1
			t=$((t + 1))
		elif [ "$(cat /proc/"$p"/comm 2>/dev/null)" = unshare ]; then
			echo "$c"
			return 0
		else
			p=$c
		fi
	done
	return 1
}

nsok=
if [ "$(id -u)" != 0 ]; then
	why="not root: unshare --pid needs it"
elif ! command -v unshare >/dev/null 2>&1; then
	why="no unshare (util-linux)"
elif ! nserr=$(unshare --fork --pid --mount-proc true 2>&1); then
	# Its own words, and the usual cause: in a chroot whose / is no mount
	# point the mount namespace's propagation cannot be changed.
	why="unshare --fork --pid --mount-proc fails: $(printf '%s' "$nserr" | head -n 1)"
	case $nserr in
	*propagation*) why="$why (in a chroot whose / is no mount point; fix: mount --rbind the chroot onto itself before entering it)" ;;
	esac
else
	nsok=1
fi

# --- options ---------------------------------------------------------------
k -h >out 2>err
st=$?
[ $st -eq 0 ] && grep -q '^usage: keel' out && [ ! -s err ]
check "-h: usage on stdout, exit 0" "exit $st, stdout: $(head -c 200 out), stderr: $(head -c 200 err)"

k -x true >out 2>err
st=$?
[ $st -eq 1 ] && grep -q '^usage: keel' err && [ ! -s out ]
check "unknown flag: usage on stderr, exit 1" "exit $st, stdout: $(head -c 200 out), stderr: $(head -c 200 err)"

k >out 2>err
st1=$?
k -s -g -- >out2 2>err2
st2=$?
[ $st1 -eq 1 ] && grep -q '^usage: keel' err && [ ! -s out ] && [ $st2 -eq 1 ] && grep -q '^usage: keel' err2
check "no command (none at all, or only flags and --): usage on stderr, exit 1" "exit $st1 and $st2"

# A PATH of known directories: one the user cannot search would make the
# search end in EACCES (126), as execvp's does.
PATH=/usr/bin:/bin k -sg -- -x >out 2>err
st=$?
[ $st -eq 127 ] && grep -q -- '-x: cannot execute: ENOENT' err
check "-- ends the options (-sg -- -x runs a command named -x)" "exit $st, stderr: $(head -c 200 err)"

# --- exit codes ------------------------------------------------------------
: >err
bad=
i=0
while [ $i -le 255 ]; do
	k -s sh -c "exit $i" 2>>err
	st=$?
	[ $st -eq $i ] || bad="$bad $i:$st"
	i=$((i + 1))
done
[ -z "$bad" ] && quiet err
check "exit codes 0..255 pass through (-s, outside a namespace)" "code:got$bad $(head -c 200 err)"

if [ -n "$nsok" ]; then
	: >err
	bad=
	i=0
	while [ $i -le 255 ]; do
		ns sh -c "exit $i" 2>>err
		st=$?
		[ $st -eq $i ] || bad="$bad $i:$st"
		i=$((i + 1))
	done
	[ -z "$bad" ] && [ ! -s err ]
	check "exit codes 0..255 pass through (PID 1 of a namespace)" "code:got$bad $(head -c 200 err)"
else
	skip "exit codes 0..255 pass through (PID 1 of a namespace)" "$why"
fi

# --- death by signal -------------------------------------------------------
bad=
for s in 1 2 3 6 9 10 11 12 14 15; do
	k -s sh -c "kill -$s \$\$" 2>/dev/null
	st=$?
	[ $st -eq $((128 + s)) ] || bad="$bad $s:$st"
done
[ -z "$bad" ]
check "death by signal N gives 128+N (HUP INT QUIT ABRT KILL USR1 SEGV USR2 ALRM TERM)" "signal:exit$bad"

# A core dump sets bit 7 of the wait status; the code must still be 128+N.
k -s sh -c 'ulimit -c unlimited 2>/dev/null; kill -ABRT $$' 2>/dev/null
st=$?
[ $st -eq 134 ]
check "death by SIGABRT with a core dump gives 134" "exit $st"
[ -e core ] || ls core.* >/dev/null 2>&1 || echo "# (no core file appeared: the core bit was not exercised)"

if [ -n "$nsok" ]; then
	bad=
	for s in 9 11 15; do
		ns sh -c "kill -$s \$\$"
		st=$?
		[ $st -eq $((128 + s)) ] || bad="$bad $s:$st"
	done
	[ -z "$bad" ]
	check "death by SIGKILL, SIGSEGV, SIGTERM as PID 1: 137, 139, 143" "signal:exit$bad"
else
	skip "death by SIGKILL, SIGSEGV, SIGTERM as PID 1" "$why"
fi

# --- exec failures ---------------------------------------------------------
PATH=/usr/bin:/bin k -s keel-test-no-such-command >out 2>err
st=$?
[ $st -eq 127 ] && grep -q 'keel: keel-test-no-such-command: cannot execute: ENOENT' err
check "a command not in PATH: 127, named on stderr with ENOENT" "exit $st, stderr: $(head -c 200 err)"

k -s "$tmp/no/such/file" >out 2>err
st=$?
[ $st -eq 127 ] && grep -q "no/such/file: cannot execute: ENOENT" err
check "a missing path: 127 and ENOENT" "exit $st, stderr: $(head -c 200 err)"

echo 'echo hi' >plain
chmod 644 plain
k -s ./plain >out 2>err
st=$?
[ $st -eq 126 ] && grep -q './plain: cannot execute: EACCES' err && [ ! -s out ]
check "a file without execute permission: 126 and EACCES" "exit $st, stderr: $(head -c 200 err)"

printf 'not a program\n' >garbage
chmod 755 garbage
k -s ./garbage >out 2>err
st=$?
[ $st -eq 126 ] && grep -q './garbage: cannot execute: ENOEXEC' err
check "an executable that is no program: 126 and ENOEXEC" "exit $st, stderr: $(head -c 200 err)"

k -s / >out 2>err
st=$?
[ $st -eq 126 ] && grep -q '/: cannot execute: EACCES' err
check "a directory: 126 and EACCES" "exit $st, stderr: $(head -c 200 err)"

k -s sh -c 'exit 127' >out 2>err
st1=$?
k -s sh -c 'exit 126' >out 2>>err
st2=$?
[ $st1 -eq 127 ] && [ $st2 -eq 126 ] && quiet err
check "a program that itself exits 127 or 126: same code, no exec-failure message" "exit $st1 $st2, stderr: $(head -c 200 err)"

# PATH search as execvp: a non-executable match is passed over (EACCES is
# remembered), an empty entry is the current directory.
mkdir a b
cp plain a/keel-test-prog
printf '#!/bin/sh\necho from-b "$@"\n' >b/keel-test-prog
chmod 755 b/keel-test-prog
PATH="$tmp/a:$tmp/b" k -s keel-test-prog 1 2 >out 2>err
st1=$?
PATH="$tmp/a" k -s keel-test-prog >/dev/null 2>err2
st2=$?
(cd b && PATH=/nonexistent: k -s keel-test-prog >../out3 2>/dev/null)
st3=$?
[ $st1 -eq 0 ] && [ "$(cat out)" = "from-b 1 2" ] && [ $st2 -eq 126 ] && grep -q 'keel-test-prog: cannot execute: EACCES' err2 &&
	[ $st3 -eq 0 ] && [ "$(cat out3)" = "from-b" ]
check "PATH search: skips a non-executable match, 126/EACCES if only that, empty entry is ." \
	"exit $st1 ($(cat out)), $st2 ($(cat err2)), $st3 ($(cat out3))"

$to env -u PATH $wrap "$keel" -s sh -c 'echo "$0"' >out 2>err
st=$?
[ $st -eq 0 ] && [ "$(cat out)" = sh ]
check "no PATH in the environment: the default PATH finds sh" "exit $st, $(head -c 200 out) $(head -c 200 err)"

KEEL_TEST_VAR='a b=c' k -s sh -c 'printf %s "$KEEL_TEST_VAR"' >out 2>err
st=$?
[ $st -eq 0 ] && [ "$(cat out)" = 'a b=c' ]
check "the child gets keel's environment" "exit $st, $(head -c 200 out)"

if [ -n "$nsok" ]; then
	PATH=/usr/bin:/bin ns keel-test-no-such-command 2>err
	st=$?
	[ $st -eq 127 ] && grep -q 'cannot execute: ENOENT' err
	check "a missing command as PID 1: 127 and the message" "exit $st, stderr: $(head -c 200 err)"
else
	skip "a missing command as PID 1" "$why"
fi

# --- zombies ---------------------------------------------------------------
if [ -n "$nsok" ]; then
	r=$(ns sh "$here/orphans.sh" 100 2>err)
	st=$?
	[ $st -eq 0 ] && [ "$r" = "adopted=100 zombies=0" ]
	check "100 orphaned grandchildren are adopted by PID 1 keel and leave no zombie" "exit $st, $r, $(head -c 200 err)"

	# The control: the same check under a PID 1 that waits only for its
	# own child must see the zombies, or it could not catch a keel that
	# does not reap.
	r=$($to $dfl unshare --fork --pid --mount-proc --kill-child $wrap "$noreap" /bin/sh "$here/orphans.sh" 100)
	st=$?
	[ $st -eq 0 ] && [ "$r" = "adopted=100 zombies=100" ]
	check "control: under a PID 1 that does not reap, the same check sees 100 zombies" "exit $st, $r"

	# keel leaves when its child does, even with other processes left:
	# the kernel ends them with the namespace.
	start=$(date +%s)
	ns sh -c '(sleep 30 &); sleep 30 & exit 3'
	st=$?
	el=$(($(date +%s) - start))
	[ $st -eq 3 ] && [ $el -lt 10 ]
	check "keel exits with its child's code at once, while grandchildren still run" "exit $st after $el s"
else
	skip "100 orphaned grandchildren leave no zombie" "$why"
	skip "control: a PID 1 that does not reap leaves zombies" "$why"
	skip "keel exits with its child's code while grandchildren still run" "$why"
fi

# -s outside a namespace: the orphan of keel's child is reparented to keel
# (not to the machine's init) and reaped. qemu-user 7.2 has no
# PR_SET_CHILD_SUBREAPER: there keel must warn, naming the errno, and go on.
k -s sh "$here/subreaper.sh" orphan >out 2>err
st=$?
set -- $(cat out)
if [ -n "$wrap" ] && grep -q 'PR_SET_CHILD_SUBREAPER: EINVAL' err; then
	skip "-s (not PID 1): an orphan is reparented to keel and reaped" \
		"qemu-user 7.2 does not implement PR_SET_CHILD_SUBREAPER (EINVAL)"
	[ $st -eq 0 ] && [ $# -eq 4 ]
	check "-s refused (qemu-user): a warning naming PR_SET_CHILD_SUBREAPER and EINVAL, the command still runs" \
		"exit $st, $(cat out), stderr: $(head -c 200 err)"
else
	[ $st -eq 0 ] && [ $# -eq 4 ] && [ "$1" = "${2#orphan_ppid=}" ] && [ "$3" = zombies=0 ] && [ "$4" = reaped=yes ] && [ ! -s err ]
	check "-s (not PID 1): an orphan is reparented to keel and reaped" \
		"exit $st, keel pid $(cat out), stderr: $(head -c 200 err)"
	skip "-s refused: a warning, the command still runs" "the kernel grants PR_SET_CHILD_SUBREAPER here"
fi

k sh "$here/subreaper.sh" orphan >out 2>err
st=$?
set -- $(cat out)
[ $st -eq 0 ] && [ $# -eq 4 ] && [ "$1" != "${2#orphan_ppid=}" ] &&
	grep -qx 'keel: warning: not PID 1, orphans will not be reaped: use -s' err
check "without -s (not PID 1): a warning on stderr, and the orphan is not keel's" \
	"exit $st, keel pid $(cat out), stderr: $(head -c 200 err)"

# --- signal forwarding -----------------------------------------------------
if [ -n "$nsok" ]; then
	# Every catchable signal but SIGCHLD (keel's own), SIGTERM last.
	sigs="1 2 3 4 5 6 7 8 10 11 12 13 14 16 18 20 21 22 23 24 25 26 27 28 29 30 31 34 50 64"
	# Under qemu-user the process receiving them is qemu itself, whose host
	# handlers for the fault signals (ILL TRAP BUS FPE SEGV) take an
	# external one for a fault of its own now and then and crash (seen:
	# a segfault after SIGBUS on riscv64). Those five are checked natively.
	[ -n "$wrap" ] && sigs="1 2 3 6 10 12 13 14 16 18 20 21 22 23 24 25 26 27 28 29 30 31 34 50 64"
	: >rec
	ns sh "$here/traps.sh" "$tmp/rec" $sigs >out 2>err &
	job=$!
	pid1=
	wait_for rec ready && pid1=$(ns_init $job)
	missing=
	for s in $sigs 15; do
		[ -n "$pid1" ] && kill -$s "$pid1" && wait_for rec "^$s\$" || missing="$missing $s"
	done
	wait $job
	st=$?
	[ -n "$pid1" ] && [ $st -eq 0 ] && grep -qx 10 rec && grep -qx 12 rec && grep -qx 15 rec
	check "SIGUSR1, SIGUSR2, SIGTERM sent to PID 1 keel from outside reach the child" \
		"keel pid '$pid1', exit $st, not recorded:$missing, stderr: $(head -c 200 err)"
	[ -n "$pid1" ] && [ $st -eq 0 ] && [ -z "$missing" ]
	check "every other catchable signal (1-31 but KILL STOP CHLD, and 34 50 64; under qemu-user not the fault signals) reaches the child" \
		"not recorded:$missing"

	for g in -g ""; do
		: >rec
		ns $g sh "$here/group.sh" "$tmp/rec" >out 2>err &
		job=$!
		pid1=
		wait_for rec '^ready$' && pid1=$(ns_init $job)
		[ -n "$pid1" ] && kill -USR1 "$pid1"
		if [ -n "$g" ]; then
			wait_for rec '^grandchild$'
			wait $job
			st=$?
			[ -n "$pid1" ] && [ $st -eq 0 ] && grep -qx grandchild rec && grep -qx child rec
			check "-g: SIGUSR1 to keel reaches a grandchild in the child's process group" \
				"keel pid '$pid1', exit $st, recorded: $(tr '\n' ' ' <rec)"
		else
			wait_for rec '^child$'
			sleep 0.5
			[ -n "$pid1" ] && kill -TERM "$pid1"
			wait $job
			st=$?
			[ -n "$pid1" ] && [ $st -eq 143 ] && grep -qx child rec && ! grep -qx grandchild rec
			check "without -g: SIGUSR1 reaches the child only; SIGTERM then ends it (143)" \
				"keel pid '$pid1', exit $st, recorded: $(tr '\n' ' ' <rec)"
		fi
	done
else
	skip "SIGUSR1, SIGUSR2, SIGTERM sent to PID 1 keel from outside reach the child" "$why"
	skip "every other catchable signal reaches the child" "$why"
	skip "-g: SIGUSR1 to keel reaches a grandchild in the child's process group" "$why"
	skip "without -g: SIGUSR1 reaches the child only" "$why"
fi

echo "1..$n"
[ $failed -eq 0 ]
