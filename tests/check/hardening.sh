#!/bin/sh
# SPDX-License-Identifier: MIT
# TAP: what each profile protects, read from the linked programs
# (docs/hardening.md has the table this checks).
# usage: hardening.sh READELF LINKER PROFILE FILE...
#   LINKER: meson's linker id (ld.bfd, ld.lld); PROFILE: default or hardened
# Every profile: no PT_INTERP, PT_GNU_STACK without X, no segment both
# writable and executable. default: a fixed-address EXEC with no dynamic
# section; hello links no TLS/canary set-up (it pays nothing); with lld
# .rodata and the ELF header in no executable segment, with ld.bfd the
# init and fini arrays in no writable one. hardened: a
# static-pie (DYN, DF_1_PIE, no DT_NEEDED), BIND_NOW, a PT_GNU_RELRO that
# covers .init_array, .fini_array, .preinit_array, .dynamic, .got and
# .data.rel.ro (those present), .rodata and the ELF header in no executable
# segment, the canary set-up linked (br__tls_setup) and, in every program
# but hello, stack-protected code (__stack_chk_fail).
readelf=$1 linker=$2 profile=$3
shift 3
. "$(dirname "$0")/../tap.sh"

for f in "$@"; do
	name="${f##*/} ($profile)"
	hdr=$("$readelf" -hW "$f" 2>&1) || { false; check "$name: readable ELF" "$hdr"; continue; }
	dyn=$("$readelf" -dW "$f" 2>&1)
	syms=$("$readelf" -sW "$f" 2>&1)
	# One line per program header: INDEX TYPE OFFSET VADDR MEMSZ FLAGS
	# SECTIONS... (flags squeezed: "RE", "RW", "R").
	segs=$("$readelf" -lW "$f" | awk '
		/^ *[A-Z_]+ +0x/ { t[n] = $1; off[n] = $2; va[n] = $3; ms[n] = $6
			fl = ""; for (i = 7; i < NF; i++) fl = fl $i; f[n] = fl; n++; next }
		/^ *[0-9][0-9] / { i = $1 + 0; $1 = ""; s[i] = $0 }
		END { for (i = 0; i < n; i++) print i, t[i], off[i], va[i], ms[i], f[i], s[i] }')
	# name -> address and size of each section.
	secs=$("$readelf" -SW "$f" | sed -n 's/^ *\[ *[0-9]*\] //p' | awk '$2 != "NULL" { print $1, $3, $5 }')
	seg() { printf '%s\n' "$segs" | awk -v t="$1" '$2 == t'; }

	! seg INTERP | grep -q .
	check "$name: no PT_INTERP"

	stack=$(seg GNU_STACK)
	[ -n "$stack" ] && ! printf '%s\n' "$stack" | awk '{ print $6 }' | grep -q E
	check "$name: PT_GNU_STACK present, stack not executable" "${stack:-no PT_GNU_STACK}"

	wx=$(seg LOAD | awk '$6 ~ /W/ && $6 ~ /E/')
	[ -z "$wx" ]
	check "$name: no segment both writable and executable" "$wx"

	# .rodata* and the ELF header (the LOAD at file offset 0) outside
	# executable segments.
	nx_rodata() {
		bad=$(seg LOAD | awk '$6 ~ /E/ { for (i = 7; i <= NF; i++) if ($i ~ /^\.rodata/) print }')
		[ -z "$bad" ]
		check "$name: no executable segment holds .rodata" "$bad"
		hdrseg=$(seg LOAD | awk '$3 ~ /^0x0+$/')
		! printf '%s\n' "$hdrseg" | awk '{ print $6 }' | grep -q E
		check "$name: the ELF header is in no executable segment" "$hdrseg"
	}

	if [ "$profile" = default ]; then
		printf '%s\n' "$hdr" | grep -qE 'Type: +EXEC '
		check "$name: type EXEC (fixed address)" "$(printf '%s\n' "$hdr" | grep Type:)"
		! seg DYNAMIC | grep -q .
		check "$name: no PT_DYNAMIC"
		case $linker in
		*lld*) nx_rodata ;;
		*) echo "# $name: with $linker the default profile maps .rodata with the text (docs/hardening.md)" ;;
		esac
		case $linker in
		*bfd*)
			arr=$(seg LOAD | awk '$6 ~ /W/ { for (i = 7; i <= NF; i++) if ($i ~ /^\.(preinit|init|fini)_array$/) print }')
			[ -z "$arr" ]
			check "$name: the init and fini arrays are in no writable segment" "$arr" ;;
		*) echo "# $name: with $linker the default profile leaves the init and fini arrays writable (docs/hardening.md)" ;;
		esac
		case ${f##*/} in hello | hello-*) is_hello=1 ;; *) is_hello= ;; esac
		if [ -n "$is_hello" ]; then
			! printf '%s\n' "$syms" | grep -qE ' (br__tls_setup|__stack_chk_fail|br__secure_fds)$'
			check "$name: links no TLS, canary or set-uid start-up (pays nothing)"
		fi
		continue
	fi

	printf '%s\n' "$hdr" | grep -qE 'Type: +DYN ' && printf '%s\n' "$dyn" | grep -qE 'FLAGS_1.*PIE'
	check "$name: static-pie (DYN, DF_1_PIE)" "$(printf '%s\n' "$hdr" | grep Type:) $(printf '%s\n' "$dyn" | grep FLAGS_1)"
	! printf '%s\n' "$dyn" | grep -q NEEDED
	check "$name: no DT_NEEDED" "$(printf '%s\n' "$dyn" | grep NEEDED)"
	printf '%s\n' "$dyn" | grep -qE '\(FLAGS\).*BIND_NOW|FLAGS_1.*NOW'
	check "$name: BIND_NOW (full RELRO)" "$(printf '%s\n' "$dyn" | grep FLAGS)"

	relro=$(seg GNU_RELRO)
	[ -n "$relro" ]
	check "$name: PT_GNU_RELRO present"
	lo=$(printf '%s\n' "$relro" | awk '{ print $4 }') sz=$(printf '%s\n' "$relro" | awk '{ print $5 }')
	out=$(printf '%s\n' "$secs" | awk -v lo=$((lo)) -v hi=$((lo + sz)) '
		function h(s,  i, v, c) { v = 0; s = tolower(s); sub(/^0x/, "", s)
			for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)) - 1; v = v * 16 + c }
			return v }
		$1 ~ /^\.(init_array|fini_array|preinit_array|dynamic|got|data\.rel\.ro)$/ {
			a = h($2); e = a + h($3)
			if (a < lo || e > hi) print $1 " at " $2 " size " $3 " is outside RELRO" }')
	[ -n "$relro" ] && [ -z "$out" ]
	check "$name: RELRO covers the arrays, .dynamic, .got, .data.rel.ro" "$out"

	nx_rodata

	printf '%s\n' "$syms" | grep -qE ' br__tls_setup$'
	check "$name: the canary set-up is linked (br__tls_setup)"
	case ${f##*/} in hello | hello-*) is_hello=1 ;; *) is_hello= ;; esac
	if [ -z "$is_hello" ]; then
		printf '%s\n' "$syms" | grep -qE ' __stack_chk_fail$'
		check "$name: stack-protected code (__stack_chk_fail referenced)"
	fi
done
echo "1..$n"
[ $failed -eq 0 ]
