#!/bin/sh
# SPDX-License-Identifier: MIT
# The command of the PID 1 under test (keel, or the noreap control) in a
# fresh PID namespace. Makes N orphans (default 100): each (sleep &) subshell
# exits at once, so its sleep is reparented to PID 1 and exits a second
# later. Prints "adopted=A zombies=Z": A is how many processes PID 1 had
# besides this script just after they were made (the orphans really went to
# PID 1), Z how many of them are zombies once none is still running, after
# giving PID 1 up to 2 s to reap them. A reaping init gives Z=0; one that
# does not reap gives Z=A (noreap), which is what makes the check meaningful.
n=${1:-100}

# "pid state" of every child of PID 1 but this script. The greedy ".*)"
# copes with any command name; a process gone between the glob and the
# read is simply not listed.
kids() {
	sed -n 's/^\([0-9]*\) (.*) \([A-Za-z]\) 1 .*/\1 \2/p' /proc/[0-9]*/stat 2>/dev/null | grep -v "^$$ "
}

i=0
while [ $i -lt "$n" ]; do
	(sleep 1 &)
	i=$((i + 1))
done
adopted=$(kids | wc -l)

# Until none runs any more (at most 10 s)...
t=0
while [ $t -lt 100 ] && kids | grep -qv ' Z$'; do
	sleep 0.1
	t=$((t + 1))
done
# ...then until none is left a zombie (at most 2 s).
t=0
while [ $t -lt 20 ] && kids | grep -q ' Z$'; do
	sleep 0.1
	t=$((t + 1))
done
echo "adopted=$adopted zombies=$(kids | grep -c ' Z$')"
