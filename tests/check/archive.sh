#!/bin/sh
# SPDX-License-Identifier: MIT
# TAP: the symbols of libbedrock.a.
# usage: archive.sh READELF LIBBEDROCK.A
# - every object exports only br_* names, the mem functions (bcmp too),
#   _start and the stack protector's __stack_chk_fail and __stack_chk_guard
#   (names the compilers choose) ("nothing else is exported");
# - memcpy, memset, memmove, memcmp and bcmp are each defined once, and the object
#   that defines them has none of them undefined and no function in it calls
#   itself (gcc turns a copy or zeroing loop back into a call to memcpy or
#   memset unless told not to);
# - nothing in the archive needs a symbol from outside it other than main
#   and the ones the linker defines (no libc, no libgcc).
readelf=$1 lib=$2
name=${lib##*/}

syms=$("$readelf" -sW "$lib" 2>&1) || { echo "1..1"; echo "not ok 1 - readelf -s $name"; printf '%s\n' "$syms" | sed 's/^/# /'; exit 1; }
relocs=$("$readelf" -rW "$lib" 2>&1)

# One line per symbol: OBJECT BIND NDX NAME (local symbols dropped).
table=$(printf '%s\n' "$syms" | awk '
	/^File: / { obj = $2; sub(/^.*\(/, "", obj); sub(/\)$/, "", obj); next }
	$1 ~ /^[0-9]+:$/ && NF >= 8 && ($5 == "GLOBAL" || $5 == "WEAK" || $5 == "GNU_UNIQUE") {
		print obj, $5, $7, $8
	}')

. "$(dirname "$0")/../tap.sh"

objs=$(printf '%s\n' "$table" | awk '{ print $1 }' | sort -u)
[ -n "$objs" ]
check "$name has objects with global symbols"

for o in $objs; do
	bad=$(printf '%s\n' "$table" | awk -v o="$o" '
		$1 == o && $3 != "UND" && $4 !~ /^br_/ &&
		$4 !~ /^(memcpy|memset|memmove|memcmp|bcmp|_start|__stack_chk_fail|__stack_chk_guard)$/ { print $4 }')
	[ -z "$bad" ]
	check "$name($o) exports only br_* names (and mem*, _start, __stack_chk_*)" "also exports: $(echo $bad)"
done

memobjs=
for m in memcpy memset memmove memcmp bcmp; do
	defs=$(printf '%s\n' "$table" | awk -v m="$m" '$4 == m && $3 != "UND" { print $1 }')
	[ "$(printf '%s\n' "$defs" | grep -c .)" -eq 1 ]
	check "$m is defined exactly once" "defined in: $(echo $defs)"
	memobjs="$memobjs $defs"
done
for o in $(printf '%s\n' $memobjs | sort -u); do
	und=$(printf '%s\n' "$table" | awk -v o="$o" '
		$1 == o && $3 == "UND" && $4 ~ /^(memcpy|memset|memmove|memcmp|bcmp)$/ { print $4 }')
	[ -z "$und" ]
	check "$name($o) defines the mem functions and calls none it does not define" "undefined in it: $(echo $und)"

	# Relocation sections are per function (-ffunction-sections):
	# .rela.text.memcpy must not refer to memcpy, and so on.
	self=$(printf '%s\n' "$relocs" | awk -v o="$o" '
		/^File: / { obj = $2; sub(/^.*\(/, "", obj); sub(/\)$/, "", obj); next }
		/^Relocation section / { sec = $3; gsub(/\047/, "", sec); sub(/^\.rela?\.text\./, "", sec); next }
		obj == o && sec ~ /^(memcpy|memset|memmove|memcmp|bcmp)$/ {
			for (i = 1; i <= NF; i++) if ($i == sec) { print sec " calls itself: " $0; break }
		}')
	[ -z "$self" ]
	check "$name($o): no mem function refers to itself" "$self"
done

defined=$(printf '%s\n' "$table" | awk '$3 != "UND" { print $4 }' | sort -u)
missing=$(printf '%s\n' "$table" | awk '$3 == "UND" && $2 != "WEAK" { print $4 }' | sort -u |
	grep -vxF "$defined" |
	grep -vxE 'main|__(preinit|init|fini)_array_(start|end)|__global_pointer\$|_GLOBAL_OFFSET_TABLE_|_DYNAMIC|__rela_iplt_(start|end)|__ehdr_start|__executable_start|__bss_start|_edata|_end|_etext|__dso_handle' |
	grep -v '^$')
[ -z "$missing" ]
check "$name needs nothing from outside but main and linker-defined symbols" "undefined: $(echo $missing)"

# Every name the archive exports is declared in a public header (a user can
# see and call what the library defines): the word in a declaration of
# include/ or arch/*/include/, followed by '(' (a function) or ';' (a
# variable). br__ names are
# internal by convention: shared between the library's objects only.
top=$(cd "$(dirname "$0")/../.." && pwd)
undeclared=
for s in $(printf '%s\n' $defined | grep -v '^br__'); do
	grep -rqsE "(^|[^[:alnum:]_])$s[[:space:]]*[(;[]" "$top/include" "$top"/arch/*/include || undeclared="$undeclared $s"
done
[ -z "$undeclared" ]
check "every symbol $name exports is declared in a public header" "undeclared:$undeclared"

echo "1..$n"
[ $failed -eq 0 ]
