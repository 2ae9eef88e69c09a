#!/bin/sh
# SPDX-License-Identifier: MIT
# The command of keel in the forwarding check: usage: traps.sh RECORD SIG...
# Traps every signal number given and appends the number to RECORD when it
# arrives; SIGTERM (15) is recorded too and ends the script with 0. Writes
# "parent P" (P: keel, its parent) and "ready" to RECORD once the traps are set.
rec=$1
shift
for s in "$@"; do
	trap "echo $s >>'$rec'" "$s"
done
trap "echo 15 >>'$rec'; exit 0" 15
echo "parent $PPID" >>"$rec"
echo ready >>"$rec"
# wait, unlike a foreground sleep, returns as soon as a trapped signal comes.
while :; do
	sleep 1 &
	wait $!
done
