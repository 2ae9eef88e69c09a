#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Networking figures: bash bench/net.sh [ROUNDS] [RUNS]
#
# 1. TCP ping-pong over 127.0.0.1 (bench/src/pingpong_*.c: 64-byte
#    messages, TCP_NODELAY, a forked echo server): bedrock against glibc
#    static and musl static, the same program call for call. Each run
#    prints its own round trips per second (the timed loop only); the
#    variants run in turn (A B C A B C ...), pinned to one CPU with taskset
#    so that the two processes take turns on it as a ping-pong wants, and
#    the medians and their ratios are printed.
# 2. The stripped size of examples/probe for x86_64, aarch64 and riscv64
#    beside busybox-static (which has wget; the one binary holds every
#    applet) and curl (Debian has no static curl: the dynamic binary and
#    the shared libraries ldd lists for it, which it needs to start).
# Built things live in bench/out/ (gitignored), as bench/run's do.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD OUT=$ROOT/bench/out/net SRC=$ROOT/bench/src
ROUNDS=${1:-50000} RUNS=${2:-11}
mkdir -p "$OUT"
log() { echo "net: $*" >&2; }

OPT=(-Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-ident -fno-pie)
LDSIZE=(-static -no-pie -Wl,--gc-sections -Wl,--build-id=none -Wl,-z,norelro -Wl,-z,noseparate-code
	-Wl,-z,max-page-size=4096 -Wl,-z,noexecstack)

declare -A probe_size
for arch in x86_64 aarch64 riscv64; do
	build=$OUT/build-$arch inst=$OUT/inst-$arch
	if [ "$arch" = x86_64 ]; then cross=() strip=strip; else
		cross=(--cross-file "$ROOT/cross/$arch-linux.txt") strip=$arch-linux-gnu-strip; fi
	[ -f "$build/build.ninja" ] || meson setup "${cross[@]}" --prefix="$inst" -Dtests=false "$build" >&2
	meson install -C "$build" --quiet >&2
	"$strip" -o "$OUT/probe-$arch" "$build/examples/probe"
	probe_size[$arch]=$(stat -c %s "$OUT/probe-$arch")
done

log "ping-pong: building"
PKG_CONFIG_PATH=$OUT/inst-x86_64/lib/x86_64-linux-gnu/pkgconfig:$OUT/inst-x86_64/lib/pkgconfig
export PKG_CONFIG_PATH
# shellcheck disable=SC2046
gcc $(pkg-config --cflags bedrock) "$SRC/pingpong_bedrock.c" -o "$OUT/pp-bedrock" $(pkg-config --libs bedrock)
gcc "${OPT[@]}" "${LDSIZE[@]}" "$SRC/pingpong_libc.c" -o "$OUT/pp-glibc"
variants=(bedrock glibc)
if command -v musl-gcc >/dev/null; then
	musl-gcc "${OPT[@]}" "${LDSIZE[@]}" "$SRC/pingpong_libc.c" -o "$OUT/pp-musl"
	variants+=(musl)
fi

log "ping-pong: $RUNS runs of $ROUNDS round trips each, pinned to CPU 0"
declare -A rates
for ((i = 0; i < RUNS; i++)); do
	for v in "${variants[@]}"; do
		rates[$v]+="$(taskset -c 0 "$OUT/pp-$v" "$ROUNDS") "
	done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "## TCP ping-pong over 127.0.0.1, 64-byte messages, $ROUNDS round trips, median of $RUNS runs, one CPU"
echo
echo "| | round trips/s (median) | min | max | bedrock / this |"
echo "|---|---:|---:|---:|---:|"
b=$(echo "${rates[bedrock]}" | median)
for v in "${variants[@]}"; do
	m=$(echo "${rates[$v]}" | median)
	lo=$(echo "${rates[$v]}" | tr ' ' '\n' | grep . | sort -n | head -1)
	hi=$(echo "${rates[$v]}" | tr ' ' '\n' | grep . | sort -n | tail -1)
	echo "| $v static | $m | $lo | $hi | $(awk -v a="$b" -v c="$m" 'BEGIN {printf "%.3f", a / c}') |"
done
echo
echo "Stripped sizes of the ping-pong programs: bedrock $(strip -o "$OUT/s" "$OUT/pp-bedrock" && stat -c %s "$OUT/s") B," \
	"glibc $(strip -o "$OUT/s" "$OUT/pp-glibc" && stat -c %s "$OUT/s") B$( [ -f "$OUT/pp-musl" ] && echo ", musl $(strip -o "$OUT/s" "$OUT/pp-musl" && stat -c %s "$OUT/s") B")."
echo

echo "## examples/probe beside wget and curl (bytes)"
echo
echo "| | x86_64 | aarch64 | riscv64 |"
echo "|---|---:|---:|---:|"
echo "| probe (bedrock, stripped, static) | ${probe_size[x86_64]} | ${probe_size[aarch64]} | ${probe_size[riscv64]} |"
if [ -x /bin/busybox ]; then
	echo "| busybox-static (Debian; wget is one applet of the one binary) | $(stat -c %s /bin/busybox) | | |"
fi
if command -v curl >/dev/null; then
	curl_bin=$(readlink -f "$(command -v curl)")
	libs=$(ldd "$curl_bin" | awk '/=>/ {print $3} !/=>/ && $1 ~ /^\// {print $1}' | sort -u)
	total=0 n=0
	for l in $libs; do total=$((total + $(stat -c %s "$(readlink -f "$l")"))); n=$((n + 1)); done
	echo "| curl (Debian, dynamic; no static curl is packaged) | $(stat -c %s "$curl_bin") | | |"
	echo "| curl + the $n shared libraries it loads | $(($(stat -c %s "$curl_bin") + total)) | | |"
fi
