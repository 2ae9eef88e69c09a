# SPDX-License-Identifier: MIT
# What every keel test script sets up, sourced right after it took keel=$1
# (and any arguments of its own) off the command line and set here= to its
# directory; what remains of "$@" is the wrapper (qemu-<arch> for a cross
# build). Sets keel absolute (the checks run in a directory of their own;
# meson passes paths relative to the build directory), wrap (the wrapper by
# its full path, so that it runs with PATH unset too), a temporary working
# directory removed at exit, the TAP helpers, and dfl: default
# dispositions for keel. A signal ignored when keel starts stays ignored in
# its child across execve (POSIX; keel passes it on, as tini does), and a
# shell ignores SIGINT and SIGQUIT in its background jobs; timeout resets
# only those it catches (INT QUIT HUP TERM ALRM), env --default-signal
# (coreutils 8.31+) all of them. Full paths: some checks run keel with
# another PATH.
case $keel in /*) ;; *) keel=$PWD/$keel ;; esac
wrap=
if [ $# -gt 0 ]; then
	w=$(command -v "$1") || w=$1
	shift
	wrap="$w $*"
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
. "$here/../tap.sh"
dfl=
env --default-signal true 2>/dev/null && dfl="$(command -v env) --default-signal"
