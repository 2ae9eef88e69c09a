#!/bin/bash
# SPDX-License-Identifier: MIT
# The formatter's and the writer's figures on x86_64, as ratios against
# glibc and musl static in the same run: br_fmt against snprintf (integers
# and strings; floating point), 1,000,000 lines through br_writer against
# stdio's printf to a file and to a pipe, and the stripped size of a %d
# hello (examples/hello_fmt.c) beside glibc's, musl's and the kernel's
# nolibc's printf hello. Prints a markdown table (also written to
# $OUT/text.md). nolibc comes from the kernel source: $NOLIBC (a
# tools/include/nolibc directory), else Debian's linux-source-6.1 package
# (apt-get download, cached in $OUT). bench/run calls this at its end.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SRC=$ROOT/bench/src
OUT=${OUT:-/tmp/bedrock-bench-text}
N=${N:-1000000}
mkdir -p "$OUT/bin"
bin=$OUT/bin
log() { echo "text.sh: $*" >&2; }

OPT=(-Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables
	-fno-unwind-tables -fno-ident -fno-pie)
LDSIZE=(-static -no-pie -Wl,--gc-sections -Wl,--build-id=none -Wl,-z,norelro
	-Wl,-z,noseparate-code -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack)
LIBC=("${OPT[@]}" "${LDSIZE[@]}")

if [ ! -f "$OUT/build/build.ninja" ]; then
	meson setup --prefix="$OUT/inst" -Dtests=false "$OUT/build" "$ROOT" >&2
fi
meson install -C "$OUT/build" --quiet >&2
pcdir=$(dirname "$(find "$OUT/inst" -name bedrock.pc | head -1)")
read -ra pcc <<<"$(PKG_CONFIG_LIBDIR=$pcdir pkg-config --cflags bedrock)"
read -ra pcl <<<"$(PKG_CONFIG_LIBDIR=$pcdir pkg-config --libs bedrock)"
for p in fmt_loop lines; do
	gcc "${pcc[@]}" -O2 -DBEDROCK "$SRC/$p.c" -o "$bin/$p-bedrock" "${pcl[@]}"
	gcc -O2 "${LIBC[@]}" "$SRC/$p.c" -o "$bin/$p-glibc"
	musl-gcc -O2 "${LIBC[@]}" "$SRC/$p.c" -o "$bin/$p-musl"
done
cp "$OUT/build/examples/hello_fmt" "$bin/hello-bedrock"
gcc "${LIBC[@]}" "$SRC/hello_printf.c" -o "$bin/hello-glibc"
musl-gcc "${LIBC[@]}" "$SRC/hello_printf.c" -o "$bin/hello-musl"

# nolibc: the kernel's single-header libc, from its source tree.
nolibc=${NOLIBC:-}
if [ -z "$nolibc" ]; then
	nolibc=$OUT/nolibc/tools/include/nolibc
	if [ ! -f "$nolibc/nolibc.h" ]; then
		tarball=$(ls /usr/src/linux-source-6.1.tar.xz 2>/dev/null || true)
		if [ -z "$tarball" ]; then
			(cd "$OUT" && apt-get download linux-source-6.1 >&2) || true
			deb=$(ls "$OUT"/linux-source-6.1_*.deb 2>/dev/null | head -1 || true)
			if [ -n "$deb" ]; then
				dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$OUT" --wildcards '*/linux-source-6.1.tar.xz'
				tarball=$(find "$OUT/usr" -name linux-source-6.1.tar.xz | head -1)
			fi
		fi
		if [ -n "$tarball" ]; then
			mkdir -p "$OUT/nolibc"
			tar -xJf "$tarball" -C "$OUT/nolibc" --strip-components=1 --wildcards '*/tools/include/nolibc/*'
		fi
	fi
fi
if [ -f "$nolibc/nolibc.h" ]; then
	gcc "${OPT[@]}" -ffreestanding -fno-stack-protector -nostdlib "${LDSIZE[@]}" -include "$nolibc/nolibc.h" \
		-I"$nolibc" "$SRC/hello_printf.c" -o "$bin/hello-nolibc" -lgcc
else
	log "nolibc: not found (no linux-source-6.1 package); its column stays empty"
fi
for f in "$bin"/hello-*; do
	case $f in *.stripped) continue ;; esac
	strip -o "$f.stripped" "$f"
done
size_of() { if [ -f "$bin/hello-$1.stripped" ]; then stat -c %s "$bin/hello-$1.stripped"; else echo "—"; fi; }
[ "$("$bin/hello-bedrock" x)" = "$("$bin/hello-glibc" x)" ] || { log "hello outputs differ"; exit 1; }

# farm-bench's median ratio A/B of CPU time (user + system; pairs run in turn): on this shared machine wall time mostly measures the other tenants.
ratio() {
	local a=$1 b=$2
	farm-bench -n 7 --timeout 300 ${PIN:+--pin "$PIN"} --vs "$b" -- sh -c "$a" 2>&1 |
		awk '$1 == "A/B" && $2 == "cpu" {printf "%.2f", $4; exit}'
}
row() { # name, A command template with @ for the libc
	local name=$1 t=$2
	local g m
	g=$(ratio "${t//@/bedrock}" "sh -c '${t//@/glibc}'")
	m=$(ratio "${t//@/bedrock}" "sh -c '${t//@/musl}'")
	echo "| $name | ${g:-?}× | ${m:-?}× |"
}
{
	echo "| x86_64 (CPU time, median of paired runs) | bedrock / glibc | bedrock / musl |"
	echo "|---|---:|---:|"
	row "br_fmt vs snprintf: $N lines of %ld %s %08lx %-5d" "exec $bin/fmt_loop-@ int $N"
	row "br_fmt vs snprintf: $N lines of %.3f %g %e" "exec $bin/fmt_loop-@ float $N"
	row "br_writer vs printf: $N lines to a file" "exec $bin/lines-@ $N > $OUT/lines.out"
	# Writer and reader on one CPU: on two, the figure measures the scheduler (DESIGN.md).
	PIN=0 row "br_writer vs printf: $N lines to a pipe (both ends on CPU 0)" "$bin/lines-@ $N | cat > /dev/null"
	echo
	echo "| %d hello, stripped size (B) | bedrock | glibc | musl | nolibc |"
	echo "|---|---:|---:|---:|---:|"
	echo "| x86_64 | $(size_of bedrock) | $(size_of glibc) | $(size_of musl) | $(size_of nolibc) |"
} | tee "$OUT/text.md"
