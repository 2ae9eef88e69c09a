#!/bin/sh
# SPDX-License-Identifier: MIT
# The command of keel (not PID 1) in the subreaper check: usage: subreaper.sh FILE
# Makes an orphan (a sleep whose parent subshell exits at once) and prints
# "KEEL orphan_ppid=P zombies=Z reaped=yes|no": keel's pid (this script's
# parent), the orphan's parent after the reparenting, how many zombie
# children keel has once the orphan has exited (given 2 s to reap), and
# whether the orphan is gone. With -s, P is keel's pid, Z is 0 and the
# orphan is reaped; without, the orphan goes to another reaper.
(sleep 0.5 & echo $! >"$1")
o=$(cat "$1")
p=$(sed -n 's/^PPid:[[:space:]]*//p' /proc/"$o"/status)
# Until the orphan no longer runs (at most 5 s), then until it is reaped (2 s).
t=0
while [ $t -lt 50 ] && grep -q '^State:[[:space:]]*[^Z]' /proc/"$o"/status 2>/dev/null; do
	sleep 0.1
	t=$((t + 1))
done
t=0
while [ $t -lt 20 ] && [ -d /proc/"$o" ]; do
	sleep 0.1
	t=$((t + 1))
done
z=$(sed -n "s/^[0-9]* (.*) Z $PPID .*/Z/p" /proc/[0-9]*/stat 2>/dev/null | wc -l)
r=no
[ -d /proc/"$o" ] || r=yes
echo "$PPID orphan_ppid=$p zombies=$z reaped=$r"
