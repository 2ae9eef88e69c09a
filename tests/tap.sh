# SPDX-License-Identifier: MIT
# TAP for the shell-script tests (tests/check/*.sh, tests/init/run.sh), the
# sibling of tests/tap.h. Source it: . "$(dirname "$0")/../tap.sh"
n=0 failed=0

# One test point from the status of the previous command; $2, if given,
# explains a failure (printed as TAP diagnostics).
check() {
	st=$?
	n=$((n + 1))
	if [ $st -eq 0 ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		[ -n "$2" ] && printf '%s\n' "$2" | sed 's/^/# /'
		failed=$((failed + 1))
	fi
}

# A test point that did not run: $1 what, $2 why.
skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}
