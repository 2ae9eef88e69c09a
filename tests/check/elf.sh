#!/bin/sh
# SPDX-License-Identifier: MIT
# TAP: the shape of linked bedrock programs.
# usage: elf.sh READELF ARCH PROFILE FILE...
# For each FILE: a 64-bit little-endian ELF for ARCH (meson's cpu_family),
# of type EXEC (PROFILE default) or a static-pie, DYN, whose dynamic
# section only serves its own relocator (PROFILE hardened: no DT_NEEDED),
# no PT_INTERP, no PT_DYNAMIC and no .dynamic section (default), a
# PT_GNU_STACK without X, no segment both writable and executable, and the
# entry point at _start.
readelf=$1 arch=$2 profile=$3
shift 3
case $arch in
x86_64) machine='Advanced Micro Devices X86-64' ;;
aarch64) machine='AArch64' ;;
riscv64) machine='RISC-V' ;;
*) echo "1..0 # SKIP unknown architecture $arch"; exit 0 ;;
esac

. "$(dirname "$0")/../tap.sh"

for f in "$@"; do
	name=${f##*/}
	if ! hdr=$("$readelf" -hW "$f" 2>&1); then
		false; check "$name: readable ELF" "$hdr"
		continue
	fi
	phdrs=$("$readelf" -lW "$f" 2>&1)
	shdrs=$("$readelf" -SW "$f" 2>&1)
	val() { printf '%s\n' "$hdr" | sed -n "s/^ *$1: *//p"; }

	[ "$(val Class)" = ELF64 ] && val Data | grep -q 'little endian'
	check "$name: ELF64 little-endian" "$(val Class), $(val Data)"

	[ "$(val Machine)" = "$machine" ]
	check "$name: machine is $arch" "Machine: $(val Machine), want $machine"

	if [ "$profile" = hardened ]; then
		val Type | grep -q '^DYN '
		check "$name: type DYN (static-pie)" "Type: $(val Type)"
	else
		val Type | grep -q '^EXEC '
		check "$name: type EXEC (static, not PIE)" "Type: $(val Type)"
	fi

	! printf '%s\n' "$phdrs" | grep -qE '^ *INTERP |Requesting program interpreter'
	check "$name: no PT_INTERP" "$(printf '%s\n' "$phdrs" | grep -E 'INTERP|interpreter')"

	if [ "$profile" = hardened ]; then
		needed=$("$readelf" -dW "$f" | grep NEEDED)
		[ -z "$needed" ]
		check "$name: no DT_NEEDED: the dynamic section is the relocator's" "$needed"
	else
		! printf '%s\n' "$phdrs" | grep -qE '^ *DYNAMIC ' &&
			! printf '%s\n' "$shdrs" | grep -qE '\] \.dynamic '
		check "$name: no PT_DYNAMIC, no .dynamic section" "$(printf '%s\n%s\n' "$phdrs" "$shdrs" | grep -i dynamic)"
	fi

	# Flags are the words between MemSiz (field 6) and Align (the last field).
	flags=$(printf '%s\n' "$phdrs" | awk '
		function flg(  s, i) { s = ""; for (i = 7; i < NF; i++) s = s $i; return s }
		$1 == "GNU_STACK" { print "GNU_STACK " flg() }
		$1 == "LOAD" { print "LOAD " flg() }')
	stack=$(printf '%s\n' "$flags" | sed -n 's/^GNU_STACK //p')
	[ -n "$stack" ] && [ "${stack#*E}" = "$stack" ]
	check "$name: PT_GNU_STACK present, not executable" "GNU_STACK flags: '${stack:-(no PT_GNU_STACK)}'"

	! printf '%s\n' "$flags" | grep -qE '^LOAD .*W.*E'
	check "$name: no writable and executable segment" "$(printf '%s\n' "$flags" | grep '^LOAD')"

	entry=$(val 'Entry point address' | sed 's/^0x0*//')
	start=$("$readelf" -sW "$f" | awk '$8 == "_start" && $7 != "UND" { sub(/^0+/, "", $2); print $2; exit }')
	[ -n "$start" ] && [ "$entry" = "$start" ]
	check "$name: entry point is _start" "entry 0x$entry, _start 0x${start:-(no symbol)}"
done
echo "1..$n"
[ $failed -eq 0 ]
