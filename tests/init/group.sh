#!/bin/sh
# SPDX-License-Identifier: MIT
# The command of keel in the -g check: usage: group.sh RECORD
# Starts a grandchild in this process group (a non-interactive shell does
# not make new groups). Both trap SIGUSR1 and append who they are to RECORD
# ("child", "grandchild"); the grandchild then exits, and this script once
# the grandchild has. Writes "parent P" (P: keel, its parent) and "ready"
# when both traps are set.
rec=$1
trap 'echo child >>"$rec"' USR1
sh -c 'trap "echo grandchild >>\"\$0\"; exit 0" USR1
	echo grandchild-ready >>"$0"
	while :; do sleep 1 & wait $!; done' "$rec" &
g=$!
until grep -q grandchild-ready "$rec"; do sleep 0.05; done
echo "parent $PPID" >>"$rec"
echo ready >>"$rec"
# wait returns early when the trap runs; kill -0 fails once g is reaped.
while kill -0 $g 2>/dev/null; do
	wait $g
done
# Not wait's status: when the trap interrupted the last wait (138) and the
# grandchild was reaped meanwhile, that would be this script's exit code,
# and keel (rightly) passes it on.
exit 0
