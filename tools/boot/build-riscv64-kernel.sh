#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds what the riscv64 boot tests need, since Debian 12 ships neither a
# riscv64 kernel nor a riscv64 busybox-static (riscv64 is no bookworm port):
#   <cache>/riscv64/Image     Linux from Debian's linux-source-6.1
#                             (/usr/src/linux-source-6.1.tar.xz), `make
#                             allnoconfig` plus tools/boot/riscv64.config,
#                             cross-compiled with riscv64-linux-gnu-gcc
#   <cache>/riscv64/modules/  its modules (virtio_blk, ext4 and what they
#                             need) as `make modules_install` lays them out:
#                             lib/modules/<release>/..., with modules.dep
#   <cache>/riscv64/busybox   a static busybox from Debian's busybox source
#                             package (apt-get source), only the applets the
#                             tests exec, linked against the cross glibc
# plus config (the kernel's .config), package and busybox.package (what
# they were made from). Each is a link into kernel-KEY/ or busybox-KEY/,
# KEY a hash of the inputs: nothing is rebuilt while a build of the key is
# there; a change to riscv64.config, to the linux-source package or to the
# compiler builds again (old builds stay until the folder is removed).
#
#   tools/boot/build-riscv64-kernel.sh [-j N]
# The cache is $BEDROCK_KERNELS, default /var/cache/bedrock-kernels (where
# tools/boot/run.py looks). Needs: linux-source-6.1, gcc-riscv64-linux-gnu,
# libc6-dev-riscv64-cross, make, gcc, bc, flex, bison, kmod (depmod),
# dpkg-dev (apt-get source unpacks with dpkg-source); root only for the
# package lists of the busybox source (a private sources list and lists
# directory: the system's apt configuration is left as it is).
set -eu
cache=${BEDROCK_KERNELS:-/var/cache/bedrock-kernels}
here=$(cd "$(dirname "$0")" && pwd)
fragment=$here/riscv64.config
jobs=$(nproc 2>/dev/null || echo 2)
[ "${1:-}" = -j ] && jobs=$2
cross=riscv64-linux-gnu-
tarball=/usr/src/linux-source-6.1.tar.xz
dir=$cache/riscv64

for tool in ${cross}gcc make bc flex bison depmod; do
	command -v "$tool" >/dev/null ||
		{ echo "build-riscv64-kernel: $tool missing" >&2; exit 1; }
done
[ -f "$tarball" ] || { echo "build-riscv64-kernel: no $tarball (package linux-source-6.1)" >&2; exit 1; }

src_version=$(dpkg-query -W -f='${Version}' linux-source-6.1)
key=$( (cat "$fragment"; echo "$src_version"; ${cross}gcc -dumpfullversion) | sha256sum | cut -c1-16)
mkdir -p "$dir"
# One build at a time: a second caller waits, then finds it cached.
if command -v flock >/dev/null; then
	exec 9>"$dir/.lock"
	flock 9
fi

# Each build lives in a folder of its key (kernel-KEY/, busybox-KEY/); the
# names run.py uses (Image, modules, config, package, busybox) are links to
# the current one, so that trees of different versions sharing the cache
# switch between their builds instead of redoing them.
link() { # folder names...
	from=$1
	shift
	for f in "$@"; do
		rm -rf "${dir:?}/$f"
		ln -s "$from/$f" "$dir/$f"
	done
}

kernel() {
	# A build of this key from before the folders: moved into its folder.
	if [ ! -e "$dir/kernel-$key" ] && [ -f "$dir/Image" ] && [ ! -L "$dir/Image" ] &&
		[ "$(cat "$dir/key" 2>/dev/null)" = "$key" ]; then
		mkdir "$dir/kernel-$key"
		mv "$dir/Image" "$dir/modules" "$dir/config" "$dir/package" "$dir/kernel-$key/"
	fi
	if [ -s "$dir/kernel-$key/Image" ]; then
		link "kernel-$key" Image modules config package
		echo "$key" >"$dir/key"
		echo "build-riscv64-kernel: Image $key already in $dir"
		return
	fi
	tmp=$(mktemp -d "$cache/.build-riscv64.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	t0=$(date +%s)
	tar -xJf "$tarball" -C "$tmp"
	src=$tmp/linux-source-6.1
	k="make -s -C $src ARCH=riscv CROSS_COMPILE=$cross O=$tmp/out"
	$k KCONFIG_ALLCONFIG="$fragment" allnoconfig
	# Every option asked for must be in the result.
	missing=$(grep -E '^CONFIG_' "$fragment" | while read -r line; do
		grep -qx "$line" "$tmp/out/.config" || echo "$line"
	done)
	if [ -n "$missing" ]; then
		echo "build-riscv64-kernel: not in the .config (dependencies missing?):" $missing >&2
		exit 1
	fi
	t1=$(date +%s)
	$k -j"$jobs" Image modules
	$k INSTALL_MOD_PATH="$tmp/modules" INSTALL_MOD_STRIP=1 modules_install
	t2=$(date +%s)
	release=$(cat "$tmp/out/include/config/kernel.release")
	rm -f "$tmp/modules/lib/modules/$release/build" "$tmp/modules/lib/modules/$release/source"
	kd=$tmp/kernel-$key
	mkdir "$kd"
	mv "$tmp/modules" "$kd/modules"
	cp "$tmp/out/.config" "$kd/config"
	echo "linux-source-6.1_${src_version} $release" >"$kd/package"
	mv "$tmp/out/arch/riscv/boot/Image" "$kd/Image"
	rm -rf "${dir:?}/kernel-$key"
	mv "$kd" "$dir/"
	link "kernel-$key" Image modules config package
	echo "$key" >"$dir/key"
	rm -rf "$tmp"
	trap - EXIT
	echo "build-riscv64-kernel: $release -> $dir/Image ($(grep -c '=[ym]$' "$dir/config") options set; unpack+config $((t1 - t0)) s, build $((t2 - t1)) s with -j$jobs)"
}

# busybox: sh (ash) and the applets tools/boot/run.py links, static; and
# those of the busybox initramfs of tools/boot/ignite.py (bench/boot.py).
busybox_options='STATIC ASH SH_IS_ASH ASH_BASH_COMPAT ASH_JOB_CONTROL ASH_ECHO ASH_TEST
ASH_PRINTF ASH_GETOPTS ASH_CMDCMD ASH_OPTIMIZE_FOR_SIZE TRUE FALSE SLEEP KILL TEST TEST1 TEST2
ECHO FEATURE_FANCY_ECHO CAT ENV PRINTF LS MKDIR RM
MOUNT FEATURE_MOUNT_FLAGS SWITCH_ROOT INSMOD FINDFS VOLUMEID FEATURE_VOLUMEID_EXT USLEEP POWEROFF'
busybox() {
	bkey=$(echo "$busybox_options $(${cross}gcc -dumpfullversion)" | sha256sum | cut -c1-16)
	if [ -s "$dir/busybox-$bkey/busybox" ]; then
		link "busybox-$bkey" busybox busybox.package
		echo "build-riscv64-kernel: busybox $bkey already in $dir"
		return
	fi
	tmp=$(mktemp -d "$cache/.busybox-riscv64.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	# A private deb-src list: the source package, nothing else changed.
	mkdir -p "$tmp/apt/lists/partial"
	sed -n 's/^Types: deb$/Types: deb-src/p; /^URIs:/p; /^Suites:/p; /^Components:/p; /^Signed-By:/p; /^$/p' \
		/etc/apt/sources.list.d/debian.sources >"$tmp/apt/src.sources" 2>/dev/null || true
	if ! grep -q '^Types: deb-src' "$tmp/apt/src.sources"; then
		printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
			>"$tmp/apt/src.sources"
	fi
	o="-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$tmp/apt/parts -o Dir::State::Lists=$tmp/apt/lists -o Dir::Cache=$tmp/apt/cache"
	mkdir -p "$tmp/apt/parts" "$tmp/apt/cache"
	mv "$tmp/apt/src.sources" "$tmp/apt/parts/src.sources"
	# shellcheck disable=SC2086
	apt-get $o update -q >"$tmp/apt.log" 2>&1 || { cat "$tmp/apt.log" >&2; exit 1; }
	# shellcheck disable=SC2086
	(cd "$tmp" && apt-get $o source -q busybox >>"$tmp/apt.log" 2>&1) || { cat "$tmp/apt.log" >&2; exit 1; }
	bsrc=$(find "$tmp" -maxdepth 1 -type d -name 'busybox-*' | head -n 1)
	b="make -s -C $bsrc CROSS_COMPILE=$cross"
	$b allnoconfig >/dev/null
	for opt in $busybox_options; do
		sed -i "s/^# CONFIG_$opt is not set\$/CONFIG_$opt=y/" "$bsrc/.config"
	done
	yes '' | $b oldconfig >/dev/null
	for opt in $busybox_options; do
		grep -qx "CONFIG_$opt=y" "$bsrc/.config" || { echo "build-riscv64-kernel: busybox lacks $opt" >&2; exit 1; }
	done
	$b -j"$jobs" busybox >/dev/null
	bd=$tmp/busybox-$bkey
	mkdir "$bd"
	${cross}strip -o "$bd/busybox" "$bsrc/busybox"
	basename "$(find "$tmp" -maxdepth 1 -name 'busybox_*.dsc' | head -n 1)" .dsc >"$bd/busybox.package"
	rm -rf "${dir:?}/busybox-$bkey"
	mv "$bd" "$dir/"
	link "busybox-$bkey" busybox busybox.package
	rm -rf "$tmp"
	trap - EXIT
	echo "build-riscv64-kernel: busybox ($(cat "$dir/busybox.package"), static riscv64) -> $dir/busybox"
}

kernel
busybox
