#!/bin/sh
# SPDX-License-Identifier: MIT
# TAP: the default profile rejects at link time, with the message of
# crt/bedrock-default.ld, a program with _Thread_local variables or an
# ifunc that lacks BR_USE_TLS (it would crash at its first use); with
# BR_USE_TLS both link.
# usage: reject.sh CC... -- CFLAGS... -- LDFLAGS...
#   (LDFLAGS: the default dependency's, with libbedrock.a and the script)
cc= cflags= ldflags= part=1
for a in "$@"; do
	if [ "$a" = -- ]; then part=$((part + 1)); continue; fi
	case $part in
	1) cc="$cc '$a'" ;;
	2) cflags="$cflags '$a'" ;;
	*) ldflags="$ldflags '$a'" ;;
	esac
done
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../tap.sh"

cat >"$tmp/tls.c" <<'C'
#include <bedrock/crt.h>
USE
static _Thread_local int counter = 1;
int main(int argc, char **argv, char **envp)
{
	(void)argv, (void)envp;
	return counter += argc;
}
C
cat >"$tmp/ifunc.c" <<'C'
#include <bedrock/crt.h>
USE
static int impl(void) { return 0; }
__attribute__((__used__)) static int (*resolve(void))(void) { return impl; }
int answer(void) __attribute__((__ifunc__("resolve")));
int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	return answer();
}
C
link() { # link SOURCE OUT [-DUSE=...]
	eval "$cc $cflags '$3' \"$1\" -o \"$2\" $ldflags" >"$tmp/log" 2>&1
}
for t in tls ifunc; do
	case $t in tls) what="_Thread_local variables" ;; *) what=ifuncs ;; esac
	link "$tmp/$t.c" "$tmp/$t" -DUSE=
	st=$?
	[ $st -ne 0 ] && grep -q "bedrock: this program has $what: write BR_USE_TLS" "$tmp/log"
	check "a program with $what and no BR_USE_TLS does not link, and says why" "exit $st: $(head -c 600 "$tmp/log")"
	link "$tmp/$t.c" "$tmp/$t" '-DUSE=BR_USE_TLS;'
	st=$?
	[ $st -eq 0 ] && [ -s "$tmp/$t" ]
	check "with BR_USE_TLS it links" "exit $st: $(head -c 600 "$tmp/log")"
done
echo "1..$n"
[ $failed -eq 0 ]
